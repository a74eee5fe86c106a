import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { CLOCK, systemClock } from '../clock.js';
import { Keyspace } from './keyspace.js';
import { createRedis } from './redis.factory.js';
import { REDIS } from './redis.tokens.js';

class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}
  /** QUIT lets replies in flight finish; with Redis away it would wait for a reconnect that may never come. */
  async onApplicationShutdown() {
    if (this.redis.status !== 'ready') return this.redis.disconnect();
    await Promise.race([this.redis.quit().catch(() => undefined), new Promise((r) => setTimeout(r, 1000).unref())]);
    this.redis.disconnect();
  }
}

/** The process-wide pieces every domain needs: validated config, the clock, Redis and its keyspace. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, redisUrl: string): DynamicModule {
    return {
      module: CoreModule,
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: CLOCK, useValue: systemClock },
        { provide: Keyspace, useValue: new Keyspace(config.REDIS_PREFIX) },
        { provide: REDIS, useFactory: () => createRedis(redisUrl) },
        { provide: 'REDIS_URL', useValue: redisUrl },
        RedisCloser,
      ],
      exports: [APP_CONFIG, CLOCK, Keyspace, REDIS, 'REDIS_URL'],
    };
  }
}
