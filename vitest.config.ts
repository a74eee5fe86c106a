import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Tests run the TypeScript sources directly; the built dist is for `npm start`.
    alias: [
      { find: '@sitroom/shared', replacement: fileURLToPath(new URL('./shared/src/index.ts', import.meta.url)) },
      // graphql ships CJS (main) and ESM (module) builds; Node gives Nest the CJS one, and our code must
      // share that very instance, or schema types fail their instanceof checks.
      { find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') },
    ],
  },
  test: {
    include: ['shared/src/**/*.spec.ts', 'server/src/**/*.spec.ts', 'tests/**/*.test.ts'],
    exclude: ['tests/bench/**', '**/node_modules/**'],
    testTimeout: 60_000, // browser tests on software WebGL, on two cores shared with the rest of the suite
    hookTimeout: 60_000,
    // Two cores: browser and multi-process tests compete for CPU; a small pool keeps timing honest.
    maxWorkers: 2,
  },
});
