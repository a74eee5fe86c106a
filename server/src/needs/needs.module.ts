import { Module } from '@nestjs/common';
import { OffersModule } from '../offers/offers.module.js';
import { CommitmentsController } from './commitments.controller.js';
import { CommitmentsRepository } from './commitments.repository.js';
import { CommitmentsService } from './commitments.service.js';
import { NeedsController } from './needs.controller.js';
import { NeedsRepository } from './needs.repository.js';
import { NeedsResolver } from './needs.resolver.js';
import { NeedsService } from './needs.service.js';

/** Agency needs, ranked matching against offers, and commitments (atomic, never beyond what fits). */
@Module({
  imports: [OffersModule],
  controllers: [NeedsController, CommitmentsController],
  providers: [NeedsRepository, CommitmentsRepository, NeedsService, CommitmentsService, NeedsResolver],
})
export class NeedsModule {}
