import { Module } from '@nestjs/common';
import { IntakeLimitRepository } from './intake-limit.repository.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsResolver } from './reports.resolver.js';
import { ReportsService } from './reports.service.js';

@Module({
  controllers: [ReportsController],
  providers: [ReportsRepository, IntakeLimitRepository, ReportsService, ReportsResolver],
  exports: [ReportsService],
})
export class ReportsModule {}
