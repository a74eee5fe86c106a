import { Redis, type RedisOptions } from 'ioredis';

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
  return url.startsWith('/') ? new Redis({ ...options, path: url }) : new Redis(url, options);
}

/** For XREAD BLOCK: no command timeout (the block itself is the wait), still reconnects forever. */
export function createBlockingRedis(url: string): Redis {
  return createRedis(url, { commandTimeout: undefined, maxRetriesPerRequest: null });
}
