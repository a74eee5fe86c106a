import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { DuplicateReport, RejectReport, ReportQuery } from '@sitroom/shared';
import { ListQuery } from '../changes/paging.js';
import { validate } from '../errors/parse.pipe.js';
import type { GqlContext } from '../graphql/graphql-caller.js';
import { callerOf } from '../graphql/require-caller.js';
import { NewReportInput, ReportPageType, ReportType, SubmittedReportType } from './report.type.js';
import { ReportsService } from './reports.service.js';
import { ReviewService } from './review.service.js';

const REVIEWERS = ['operator', 'admin'] as const;

const ReportListArgs = ListQuery.extend(ReportQuery.shape);

@Resolver(() => ReportType)
export class ReportsResolver {
  constructor(
    private readonly service: ReportsService,
    private readonly review: ReviewService,
  ) {}

  @Query(() => ReportPageType, { description: 'Reports visible to the caller, newest first; bbox is "minLon,minLat,maxLon,maxLat".' })
  reports(
    @Context() ctx: GqlContext,
    @Args('bbox', { type: () => String, nullable: true }) bbox?: string,
    @Args('status', { type: () => String, nullable: true }) status?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    const q = validate(ReportListArgs, dropNulls({ bbox, status, limit, offset }));
    return this.service.list(callerOf(ctx), q);
  }

  @Query(() => ReportType)
  report(@Context() ctx: GqlContext, @Args('id') id: string) { return this.service.get(callerOf(ctx), id); }

  @Mutation(() => SubmittedReportType, { description: 'A public report; open to everyone, rate limited per address like POST /api/reports.' })
  async submitReport(@Context() ctx: GqlContext, @Args('input', { type: () => NewReportInput }) input: NewReportInput) {
    const caller = callerOf(ctx);
    const address = ctx.ip ?? 'graphql-ws';
    return this.service.submit(caller, address, dropNulls({ ...input, location: { ...input.location } }), 'input');
  }

  @Mutation(() => ReportType, { description: 'Operators: verify an unverified report.' })
  verifyReport(@Context() ctx: GqlContext, @Args('id') id: string) {
    return this.review.decide(callerOf(ctx, REVIEWERS), id, { kind: 'verify' });
  }

  @Mutation(() => ReportType, { description: 'Operators: reject an unverified report.' })
  rejectReport(@Context() ctx: GqlContext, @Args('id') id: string, @Args('reason') reason: string) {
    const caller = callerOf(ctx, REVIEWERS);
    return this.review.decide(caller, id, { kind: 'reject', reason: validate(RejectReport, { reason }).reason });
  }

  @Mutation(() => ReportType, { description: 'Operators: mark an unverified report as a duplicate of another report or incident.' })
  markReportDuplicate(@Context() ctx: GqlContext, @Args('id') id: string, @Args('of') of: string) {
    const caller = callerOf(ctx, REVIEWERS);
    return this.review.decide(caller, id, { kind: 'duplicate', of: validate(DuplicateReport, { of }).of });
  }
}

/** GraphQL sends null for absent optionals; the shared schemas mean "absent" by undefined. */
function dropNulls<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}
