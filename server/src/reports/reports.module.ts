import { Module } from '@nestjs/common';
import { IntakeController } from './intake.controller.js';
import { IntakeRepository } from './intake.repository.js';
import { IntakeService } from './intake.service.js';
import { ReviewController } from './review.controller.js';
import { ReviewService } from './review.service.js';
import { ReportsController } from './reports.controller.js';
import { ReportsRepository } from './reports.repository.js';
import { ReportsResolver } from './reports.resolver.js';
import { ReportsService } from './reports.service.js';

@Module({
  controllers: [ReportsController, ReviewController, IntakeController],
  providers: [ReportsRepository, IntakeRepository, IntakeService, ReportsService, ReviewService, ReportsResolver],
  exports: [ReportsService, ReportsRepository],
})
export class ReportsModule {}
