import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { Caller, Roles } from '../auth/roles.decorator.js';
import { ListQuery } from '../changes/paging.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { CommitmentsService } from './commitments.service.js';

const CommitmentListQuery = ListQuery.omit({ bbox: true });

@Controller()
export class CommitmentsController {
  constructor(private readonly commitments: CommitmentsService) {}

  @Get('api/commitments') @Roles('operator', 'admin', 'business', 'viewer')
  @Doc({ summary: "Commitments visible to the caller (a business: its own offers'), newest first, with the change cursor", query: CommitmentListQuery, responses: { 200: '{ items, total, cursor }' } })
  list(@Caller() who: Caller, @Query(parse(CommitmentListQuery)) q: typeof CommitmentListQuery._output) { return this.commitments.list(who, q); }

  @Get('api/offers/:id/commitments') @Roles('operator', 'admin', 'business')
  @Doc({ summary: 'Who committed what of an offer (its business, operators)' })
  forOffer(@Caller() who: Caller, @Param('id') id: string) { return this.commitments.forOffer(who, id); }

  @Post('api/commitments/:id/deliver') @HttpCode(200) @Roles('operator', 'admin')
  @Doc({ summary: 'Mark a commitment delivered; an offer whose commitments are all delivered becomes delivered', responses: { 200: 'The commitment' } })
  deliver(@Caller() who: Caller, @Param('id') id: string) { return this.commitments.deliver(who, id); }
}
