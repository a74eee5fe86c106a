#!/usr/bin/env node
// `npm run dev`: the server with TypeScript recompiling on change, and Vite's dev server for the
// client (proxying /api, /socket.io and /graphql to the server). Open http://localhost:5173/wall.
import { spawn } from 'node:child_process';
import { ensureBuilt, ROOT } from './lib.mjs';

await ensureBuilt({ client: false });
const children = [
  spawn('npx', ['tsc', '-b', '--watch', '--preserveWatchOutput'], { cwd: ROOT, stdio: 'inherit' }),
  spawn('node', ['--watch-path=server/dist', '--watch-path=shared/dist', 'server/dist/main.js'], { cwd: ROOT, stdio: 'inherit' }),
  spawn('npm', ['run', 'dev', '-w', 'client'], { cwd: ROOT, stdio: 'inherit' }),
];
const stop = () => children.forEach((c) => c.kill('SIGTERM'));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
