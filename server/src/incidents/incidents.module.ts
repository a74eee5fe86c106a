import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { FUSION_READER, FusionRepository } from '../fusion/fusion.repository.js';
import { createBlockingRedis } from '../redis/redis.factory.js';
import { FusionService } from '../fusion/fusion.service.js';
import { SignalLinks } from '../fusion/signal-links.js';
import { ReportsModule } from '../reports/reports.module.js';
import { IncidentsController } from './incidents.controller.js';
import { IncidentsResolver } from './incidents.resolver.js';
import { IncidentsService } from './incidents.service.js';

/** Incidents: fusion (which writes them) and the read side and operator actions. */
@Module({
  imports: [ReportsModule, AlertsModule],
  controllers: [IncidentsController],
  providers: [
    FusionRepository,
    FusionService,
    SignalLinks,
    IncidentsService,
    IncidentsResolver,
    { provide: FUSION_READER, inject: ['REDIS_URL'], useFactory: (url: string) => createBlockingRedis(url) },
  ],
})
export class IncidentsModule {}
