import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { DuplicateReport, RejectReport } from '@sitroom/shared';
import type { z } from 'zod';
import { Caller, Roles } from '../auth/roles.decorator.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { ReviewService } from './review.service.js';

@Controller('api/reports/:id')
@Roles('operator', 'admin')
export class ReviewController {
  constructor(private readonly review: ReviewService) {}

  @Post('verify') @HttpCode(200) @Doc({ summary: 'Verify an unverified report (409 when another operator decided first)', responses: { 200: 'The report' } })
  verify(@Caller() who: Caller, @Param('id') id: string) { return this.review.decide(who, id, { kind: 'verify' }); }

  @Post('reject') @HttpCode(200) @Doc({ summary: 'Reject an unverified report, with a reason', body: RejectReport, responses: { 200: 'The report' } })
  reject(@Caller() who: Caller, @Param('id') id: string, @Body(parse(RejectReport)) body: z.output<typeof RejectReport>) {
    return this.review.decide(who, id, { kind: 'reject', reason: body.reason });
  }

  @Post('duplicate') @HttpCode(200) @Doc({ summary: 'Mark an unverified report as a duplicate of another report or incident', body: DuplicateReport, responses: { 200: 'The report' } })
  duplicate(@Caller() who: Caller, @Param('id') id: string, @Body(parse(DuplicateReport)) body: z.output<typeof DuplicateReport>) {
    return this.review.decide(who, id, { kind: 'duplicate', of: body.of });
  }
}
