import { execFileSync, type ChildProcess } from 'node:child_process';
import { Cluster } from 'ioredis';
import { freePort, startRedisProcess, tempDir, waitFor } from './processes.js';

/** A local three-master Redis Cluster on free ports, made the way an operator would, with redis-cli. */
export async function startCluster(): Promise<{ nodes: string; stop: () => Promise<void>; client: () => Cluster }> {
  const procs: ChildProcess[] = [];
  const ports: number[] = [];
  for (let i = 0; i < 3; i++) {
    const port = await freePort();
    const dir = tempDir(`cluster-${port}`);
    procs.push(await startRedisProcess(port, dir, ['--cluster-enabled', 'yes', '--cluster-config-file', `${dir}/nodes.conf`, '--appendonly', 'no']));
    ports.push(port);
  }
  execFileSync('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'], { stdio: 'ignore' });
  await waitFor(async () => {
    for (const p of ports) {
      const info = execFileSync('redis-cli', ['-p', String(p), 'cluster', 'info'], { encoding: 'utf8' });
      if (!info.includes('cluster_state:ok')) throw new Error('cluster not ready');
    }
  }, 15_000);
  const nodes = ports.map((p) => `127.0.0.1:${p}`).join(',');
  return {
    nodes,
    client: () => new Cluster(ports.map((port) => ({ host: '127.0.0.1', port }))),
    stop: async () => {
      await Promise.all(procs.map((p) => new Promise<void>((r) => (p.exitCode !== null || p.signalCode !== null ? r() : (p.once('exit', () => r()), p.kill('SIGKILL'))))));
    },
  };
}
