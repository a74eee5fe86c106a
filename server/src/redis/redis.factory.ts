import { Logger } from '@nestjs/common';
import { Cluster, Redis, type RedisOptions } from 'ioredis';

const logger = new Logger('Redis');

/**
 * Command connections fail fast while Redis is away (the API answers 503 within seconds instead of
 * hanging) but keep reconnecting forever, so a Redis restart heals without restarting SitRoom.
 */
export function createRedis(url: string, extra: RedisOptions = {}): Redis {
  const options: RedisOptions = {
    maxRetriesPerRequest: 1,
    commandTimeout: 4000,
    connectTimeout: 3000,
    retryStrategy: (times) => Math.min(100 * times, 1000),
    ...extra,
  };
  const client = url.startsWith(CLUSTER_SCHEME)
    ? // A Cluster client speaks the same commands; every key SitRoom uses shares one hash tag, so each
      // MULTI and Lua call lands on one node. Typed as Redis because the code uses only what both have.
      (new Cluster(clusterNodes(url), { redisOptions: options, clusterRetryStrategy: options.retryStrategy }) as unknown as Redis)
    : url.startsWith('/')
      ? new Redis({ ...options, path: url })
      : new Redis(url, options);
  // Without a listener ioredis prints every failed reconnect; one line per outage is enough.
  let lastWarned = 0;
  client.on('error', (err: Error) => {
    if (Date.now() - lastWarned < 10_000) return;
    lastWarned = Date.now();
    logger.warn(`Redis connection problem: ${err.message} (retrying)`);
  });
  client.on('ready', () => {
    if (lastWarned) logger.log('Redis connection is back');
    lastWarned = 0;
  });
  return client;
}

/** For XREAD BLOCK: no command timeout (the block itself is the wait), still reconnects forever. */
export function createBlockingRedis(url: string, extra: RedisOptions = {}): Redis {
  return createRedis(url, { commandTimeout: undefined, maxRetriesPerRequest: null, ...extra });
}

/** REDIS_CLUSTER_NODES becomes `cluster://host:port,host:port`, one string like any other Redis location. */
export const CLUSTER_SCHEME = 'cluster://';

function clusterNodes(url: string): { host: string; port: number }[] {
  return url
    .slice(CLUSTER_SCHEME.length)
    .split(',')
    .map((hp) => {
      const i = hp.lastIndexOf(':');
      return { host: hp.slice(0, i), port: Number(hp.slice(i + 1)) };
    });
}
