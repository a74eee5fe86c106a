import { Module } from '@nestjs/common';
import { PresenceController } from './presence.controller.js';
import { PresenceRepository } from './presence.repository.js';
import { PresenceService } from './presence.service.js';

@Module({ controllers: [PresenceController], providers: [PresenceRepository, PresenceService], exports: [PresenceService] })
export class PresenceModule {}
