import { Module } from '@nestjs/common';
import { AlertsModule } from '../alerts/alerts.module.js';
import { FeedPollService } from './feed-poll.service.js';
import { FeedPoller } from './feed-poller.service.js';
import { FeedsController } from './feeds.controller.js';
import { FeedsRepository } from './feeds.repository.js';
import { FeedsService } from './feeds.service.js';

/** Feeds SitRoom polls (CAP Atom/RSS, USGS, GDACS, EONET, NWS, MeteoAlarm) and their health. */
@Module({
  imports: [AlertsModule],
  controllers: [FeedsController],
  providers: [FeedsRepository, FeedsService, FeedPollService, FeedPoller],
})
export class FeedsModule {}
