import { Module } from '@nestjs/common';
import { FusionCommands } from '../fusion/fusion-commands.js';
import { FusionHost } from '../fusion/fusion-host.js';
import { FUSION_READER, FusionRepository } from '../fusion/fusion.repository.js';
import { createBlockingRedis } from '../redis/redis.factory.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsResolver } from './incidents.resolver.js';
import { IncidentsService } from './incidents.service.js';

/**
 * Incidents: the read side and operator actions. Fusion itself (which writes them) runs in a worker
 * thread that FusionHost keeps (see fusion-worker.ts).
 */
@Module({
  controllers: [IncidentsController],
  providers: [
    FusionRepository,
    FusionCommands,
    FusionHost,
    IncidentsService,
    IncidentsResolver,
    // The blocking reader is the worker's; here the repository only reads incidents, so it never connects.
    { provide: FUSION_READER, inject: ['REDIS_URL'], useFactory: (url: string) => createBlockingRedis(url, { lazyConnect: true }) },
  ],
})
export class IncidentsModule {}
