import { Module } from '@nestjs/common';
import { ChangeSubscriptionService } from './change-subscription.service.js';
import { ChangesResolver } from './changes.resolver.js';
import { LiveFanout } from './live-fanout.service.js';
import { LiveGateway } from './live.gateway.js';
import { PresenceModule } from '../presence/presence.module.js';

/** Pushing the change tail to clients: Socket.IO and GraphQL subscriptions. */
@Module({ imports: [PresenceModule], providers: [LiveFanout, LiveGateway, ChangeSubscriptionService, ChangesResolver] })
export class LiveModule {}
