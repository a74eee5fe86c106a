import { Module } from '@nestjs/common';
import { AlertExpiry } from './alert-expiry.service.js';
import { AlertsController } from './alerts.controller.js';
import { AlertsRepository } from './alerts.repository.js';
import { AlertsResolver } from './alerts.resolver.js';
import { AlertsService } from './alerts.service.js';
import { SignalBodyParser } from './signal-body.parser.js';
import { SignalsService } from './signals.service.js';

/** Official signals: CAP and EDXL-DE pushed by agencies, the alerts they become, and their expiry. */
@Module({
  controllers: [AlertsController],
  providers: [AlertsRepository, AlertsService, SignalsService, AlertsResolver, AlertExpiry, SignalBodyParser],
  exports: [AlertsService, AlertsRepository],
})
export class AlertsModule {}
