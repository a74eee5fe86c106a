import { Controller, Get } from '@nestjs/common';
import { Roles } from '../auth/roles.decorator.js';
import { ChangesRepository } from '../changes/changes.repository.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { PresenceService } from './presence.service.js';

@Controller('api/presence')
@Roles('operator', 'admin')
export class PresenceController {
  constructor(
    private readonly presence: PresenceService,
    private readonly changes: ChangesRepository,
  ) {}

  /** The cursor is read first: a change racing the read is then replayed, never missed (presence upserts are idempotent). */
  @Get() @Doc({ summary: 'Who has which entity open in the console, with the change cursor to follow it live' })
  async list() {
    const cursor = await this.changes.lastId();
    return { items: await this.presence.list(), cursor };
  }
}
