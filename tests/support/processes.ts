import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function tempDir(name: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `sitroom-${name}-`));
}

/** Starts redis-server on a port with extra arguments and waits until it answers PING. */
export async function startRedisProcess(port: number, dir: string, extra: string[] = []): Promise<ChildProcess> {
  const proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...extra], { stdio: 'ignore' });
  await waitFor(async () => (await ping(port)) || Promise.reject(new Error('redis not up')), 5000);
  return proc;
}

/** A redis-server of the test's own (AOF on, appendfsync always), for durability and outage tests. */
export async function startRedis(dir = tempDir('redis'), port?: number): Promise<{ url: string; port: number; dir: string; proc: ChildProcess; stop: () => Promise<void> }> {
  const p = port ?? (await freePort());
  const proc = await startRedisProcess(p, dir, ['--appendonly', 'yes', '--appendfsync', 'always']);
  const url = `redis://127.0.0.1:${p}`;
  return {
    url,
    port: p,
    dir,
    proc,
    stop: () =>
      new Promise((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGKILL');
      }),
  };
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ port, host: '127.0.0.1' });
    s.once('error', () => resolve(false));
    s.once('connect', () => s.write('PING\r\n'));
    s.once('data', (b) => {
      s.destroy();
      resolve(b.toString().startsWith('+PONG'));
    });
  });
}

export async function waitFor<T>(check: () => Promise<T>, timeoutMs: number): Promise<T> {
  const start = Date.now();
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Runs the built server (server/dist/main.js) as its own process and collects its output. */
export function spawnServer(env: Record<string, string>, cwd = ROOT) {
  let output = '';
  const proc = spawn(process.execPath, [path.join(ROOT, 'server/dist/main.js')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d) => (output += d));
  proc.stderr!.on('data', (d) => (output += d));
  return {
    proc,
    get output() {
      return output;
    },
    exited: new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code))),
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null || proc.signalCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
