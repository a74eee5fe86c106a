import { Controller, Get, Query } from '@nestjs/common';
import { z } from 'zod';
import { ChangeId, ENTITY_KINDS } from '@sitroom/shared';
import { Caller } from '../auth/roles.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { ChangeFeedService } from './change-feed.service.js';

const ChangesQuery = z.object({
  since: ChangeId,
  entities: z.string().transform((s) => s.split(',')).pipe(z.array(z.enum(ENTITY_KINDS))).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
});

@Controller('api/changes')
export class ChangesController {
  constructor(private readonly feed: ChangeFeedService) {}

  @Get()
  @Doc({ summary: 'Changes after a cursor, as the caller may see them (410 when the cursor is past the retained history)', query: ChangesQuery, responses: { 200: '{ items: Change[], cursor }', 410: 'Take a new snapshot' } })
  since(@Caller() who: Caller, @Query(parse(ChangesQuery)) q: z.output<typeof ChangesQuery>) {
    return this.feed.page(who, q.since, q.limit, q.entities);
  }
}
