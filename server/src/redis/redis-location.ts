import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';
/** Where `npm start` keeps its private Redis: ./data/redis of the folder it was started in. */
export const DEFAULT_EMBEDDED_DIR = path.resolve(process.cwd(), 'data/redis');
const socketIn = (dir: string) => path.join(dir, 'redis.sock');

/** Resolves where Redis is without starting anything: the CLI and the server agree this way. */
export async function findRedis(configured: string | undefined, embeddedDir = DEFAULT_EMBEDDED_DIR): Promise<string | null> {
  if (configured) return configured;
  if (await answersPing({ host: '127.0.0.1', port: 6379 })) return DEFAULT_REDIS_URL;
  const socket = socketIn(embeddedDir);
  if (existsSync(socket) && (await answersPing({ path: socket }))) return socket;
  return null;
}

export interface EmbeddedRedis {
  url: string;
  child: ChildProcess;
}

/**
 * Starts a private redis-server with AOF on, its data under ./data/redis, listening only on a unix
 * socket (no port to collide with, nothing exposed on the network). Used by `npm start` when no
 * REDIS_URL is set and nothing answers on 127.0.0.1:6379.
 */
export async function startEmbeddedRedis(log: (msg: string) => void, dir = DEFAULT_EMBEDDED_DIR): Promise<EmbeddedRedis> {
  const socket = socketIn(dir);
  const probe = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      'No Redis answers on 127.0.0.1:6379 and REDIS_URL is not set, and no redis-server binary is installed.\n' +
        'Fix it with one of:\n' +
        '  docker compose up -d redis          (then start again)\n' +
        '  sudo apt-get install redis-server   (or brew install redis), then start again\n' +
        'or point REDIS_URL at a Redis you run.',
    );
  }
  mkdirSync(dir, { recursive: true });
  rmSync(socket, { force: true }); // a stale socket from a crash would make redis-server refuse to start
  const child = spawn(
    'redis-server',
    ['--port', '0', '--unixsocket', socket, '--unixsocketperm', '700', '--dir', dir,
      '--appendonly', 'yes', '--appendfsync', 'everysec', '--save', ''],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
  const stopChild = () => child.kill('SIGTERM');
  process.once('exit', stopChild);
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`embedded redis-server exited with code ${child.exitCode}`);
    if (await answersPing({ path: socket })) {
      log(`No Redis configured: started a private redis-server (AOF on) with its data in ${dir}`);
      return { url: socket, child };
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  stopChild();
  throw new Error('embedded redis-server did not answer within 5 s');
}

/** A raw PING with a short timeout, so that probing never hangs the start. */
function answersPing(target: { host: string; port: number } | { path: string }, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(target as net.NetConnectOpts);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (buf) => done(buf.toString().startsWith('+PONG')));
  });
}
