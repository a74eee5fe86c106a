import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Runs a command to its end; a SIGTERM or SIGINT to this script is passed on (a supervisor stopping `npm start`). */
export function run(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
    const forward = (signal) => child.kill(signal);
    process.on('SIGTERM', forward);
    process.on('SIGINT', forward);
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      process.off('SIGINT', forward);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Newest modification time of any file under `dir` (skipping node_modules and dist). */
function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return max;
}

function stale(output, ...sources) {
  const out = path.join(ROOT, output);
  if (!existsSync(out)) return true;
  const built = statSync(out).mtimeMs;
  return sources.some((s) => newest(path.join(ROOT, s)) > built);
}

/** "Builds what is missing": only the parts whose sources are newer than their output. */
export async function ensureBuilt({ client = true } = {}) {
  if (stale('server/dist/main.js', 'server/src', 'shared/src')) {
    console.log('Building the server…');
    if ((await run('npx', ['tsc', '-b'])) !== 0) process.exit(1);
  }
  if (client && stale('client/dist/index.html', 'client/src', 'shared/src')) {
    console.log('Building the client…');
    if ((await run('npm', ['run', 'build', '-w', 'client'])) !== 0) process.exit(1);
  }
}
