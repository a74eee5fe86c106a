import { createApp, log } from './app.factory.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { findRedis, startEmbeddedRedis } from './redis/redis-location.js';
import { TokensService } from './auth/tokens.service.js';
import { CLUSTER_SCHEME } from './redis/redis.factory.js';
import { LiveFanout } from './live/live-fanout.service.js';

async function main(): Promise<void> {
  const config = loadConfig();
  let redisUrl = config.REDIS_CLUSTER_NODES ? CLUSTER_SCHEME + config.REDIS_CLUSTER_NODES : await findRedis(config.REDIS_URL);
  if (!redisUrl) redisUrl = (await startEmbeddedRedis((m) => log.log(m))).url;

  const app = await createApp(config, redisUrl);
  // Live connections go first (Apollo's drain would otherwise wait on them), then the rest closes in
  // order; a close that still hangs gets 10 s before the process ends anyway.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      setTimeout(() => process.exit(0), 10_000).unref();
      app.get(LiveFanout).beforeApplicationShutdown();
      app.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
  await app.listen({ port: config.PORT, host: config.HOST });
  const base = `http://localhost:${config.PORT}`;
  log.log(`SitRoom is up at ${base} (wall ${base}/wall, public form ${base}/report, GraphQL ${base}/graphql)`);
  await printFirstStartTokens(app.get(TokensService), base, Boolean(config.ADMIN_TOKEN));
}

/** Like Jupyter's URL: on the very first start, issue an admin and a viewer token and print them once. */
async function printFirstStartTokens(tokens: TokensService, base: string, hasAdminToken: boolean): Promise<void> {
  if (hasAdminToken || !(await tokens.claimBootstrap())) return;
  const system = { tokenId: null, role: 'system', org: 'first start' } as const;
  const admin = await tokens.issue({ role: 'admin', label: 'first start' }, system);
  const viewer = await tokens.issue({ role: 'viewer', label: 'first start wall' }, system);
  const line = '─'.repeat(78);
  console.log(
    [
      line,
      'First start: two tokens were created. They are shown ONCE; only their hashes are kept.',
      `  admin token : ${admin.token}`,
      `  viewer token: ${viewer.token}`,
      '',
      `  Open the wall:   ${base}/wall?token=${viewer.token}`,
      `  Operators:       ${base}/ops?token=${admin.token}`,
      `  Public form:     ${base}/report`,
      '',
      '  More tokens any time:  npm run tokens -- create viewer   (roles: admin operator agency business viewer)',
      line,
    ].join('\n'),
  );
}

main().catch((err) => {
  if (err instanceof ConfigError) console.error(err.message);
  else console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
