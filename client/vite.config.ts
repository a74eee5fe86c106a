import { svelte } from '@sveltejs/vite-plugin-svelte';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The API server the dev server forwards to (`npm run dev -w client` beside a running server). */
const apiOrigin = process.env.SITROOM_API ?? 'http://localhost:3000';

export default defineConfig({
  plugins: [svelte()],
  resolve: {
    // Compile shared/ from source so the client builds without building shared first.
    alias: { '@sitroom/shared': fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    assetsDir: 'assets',
    emptyOutDir: true,
    target: 'es2022',
    // maplibre-gl is one ~1 MB chunk, loaded only by the pages that show a map.
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/api': apiOrigin,
      '/socket.io': { target: apiOrigin, ws: true },
    },
  },
});
