import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { NeedQuery, NewCommitment, NewNeed } from '@sitroom/shared';
import { z } from 'zod';
import { Caller, Roles } from '../auth/roles.decorator.js';
import { ListQuery } from '../changes/paging.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { CommitmentsService } from './commitments.service.js';
import { NeedsService } from './needs.service.js';

const NeedListQuery = ListQuery.extend(NeedQuery.shape);
export const MatchQuery = z.object({
  limit: z.coerce.number({ error: 'limit must be a number' }).int('limit must be a whole number').min(1, 'limit must be at least 1').max(200, 'limit must be at most 200').default(20),
});

@Controller('api/needs')
export class NeedsController {
  constructor(
    private readonly needs: NeedsService,
    private readonly commitments: CommitmentsService,
  ) {}

  @Post() @HttpCode(201) @Roles('operator', 'admin')
  @Doc({ summary: 'Record what an agency needs: resource type, quantity, place, needed-by', body: NewNeed, responses: { 201: 'The need' } })
  create(@Caller() who: Caller, @Body(parse(NewNeed)) body: NewNeed) { return this.needs.create(who, body); }

  @Get() @Roles('operator', 'admin', 'viewer')
  @Doc({ summary: 'Needs visible to the caller, newest first, with the change cursor of the snapshot', query: NeedListQuery, responses: { 200: '{ items, total, cursor }' } })
  list(@Caller() who: Caller, @Query(parse(NeedListQuery)) q: typeof NeedListQuery._output) { return this.needs.list(who, q); }

  @Get(':id') @Roles('operator', 'admin', 'viewer') @Doc({ summary: 'One need' })
  get(@Caller() who: Caller, @Param('id') id: string) { return this.needs.get(who, id); }

  @Get(':id/matches') @Roles('operator', 'admin')
  @Doc({ summary: 'Offers that could meet the need, ranked by the documented score, each with distanceKm and reasons', query: MatchQuery, responses: { 200: '[{ offer, score, distanceKm, reasons, parts }]' } })
  matches(@Caller() who: Caller, @Param('id') id: string, @Query(parse(MatchQuery)) q: z.output<typeof MatchQuery>) {
    return this.needs.matches(who, id, q.limit);
  }

  @Post(':id/commitments') @HttpCode(201) @Roles('operator', 'admin')
  @Doc({ summary: 'Commit part of an offer to the need, atomically (409 when the offer or need no longer has room)', body: NewCommitment, responses: { 201: 'The commitment' } })
  commit(@Caller() who: Caller, @Param('id') id: string, @Body(parse(NewCommitment)) body: NewCommitment) {
    return this.commitments.commit(who, id, body);
  }

  @Get(':id/commitments') @Roles('operator', 'admin', 'viewer') @Doc({ summary: 'The commitments made to a need, oldest first' })
  commitmentsOf(@Caller() who: Caller, @Param('id') id: string) { return this.commitments.forNeed(who, id); }

  @Post(':id/cancel') @HttpCode(200) @Roles('operator', 'admin')
  @Doc({ summary: 'Cancel a need; its undelivered commitments are released back to their offers', responses: { 200: 'The need' } })
  cancel(@Caller() who: Caller, @Param('id') id: string) { return this.needs.cancel(who, id); }
}
