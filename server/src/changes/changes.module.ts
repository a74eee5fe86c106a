import { Global, Module } from '@nestjs/common';
import { createBlockingRedis } from '../redis/redis.factory.js';
import { ChangeFeedService } from './change-feed.service.js';
import { ChangeTail } from './change-tail.service.js';
import { ChangesController } from './changes.controller.js';
import { ChangesRepository } from './changes.repository.js';
import { REDIS_BLOCKING } from './changes.tokens.js';

/** The change stream: writing to it (with each entity), tailing it, and replaying it. */
@Global()
@Module({
  controllers: [ChangesController],
  providers: [
    ChangesRepository,
    ChangeTail,
    ChangeFeedService,
    { provide: REDIS_BLOCKING, inject: ['REDIS_URL'], useFactory: (url: string) => createBlockingRedis(url) },
  ],
  exports: [ChangesRepository, ChangeTail, ChangeFeedService],
})
export class ChangesModule {}
