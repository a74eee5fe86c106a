import { Module, type DynamicModule } from '@nestjs/common';
import { AlertsRepository } from '../alerts/alerts.repository.js';
import { AuditRepository } from '../audit/audit.repository.js';
import { ChangesRepository } from '../changes/changes.repository.js';
import type { AppConfig } from '../config/app-config.js';
import { CoreModule } from '../redis/core.module.js';
import { createBlockingRedis } from '../redis/redis.factory.js';
import { ReportsRepository } from '../reports/reports.repository.js';
import { FusionRunner } from './fusion-runner.js';
import { FUSION_READER, FusionRepository } from './fusion.repository.js';
import { SignalLinks } from './signal-links.js';

/**
 * What the fusion worker thread runs: the runner and the repositories it writes through — and
 * nothing else (no HTTP, no pollers, no live tail), so that the thread spends itself on fusion.
 */
@Module({})
export class FusionWorkerModule {
  static forRoot(config: AppConfig, redisUrl: string): DynamicModule {
    return {
      module: FusionWorkerModule,
      imports: [CoreModule.forRoot(config, redisUrl)],
      providers: [
        AuditRepository,
        ChangesRepository,
        ReportsRepository,
        AlertsRepository,
        FusionRepository,
        SignalLinks,
        FusionRunner,
        { provide: FUSION_READER, inject: ['REDIS_URL'], useFactory: (url: string) => createBlockingRedis(url) },
      ],
    };
  }
}
