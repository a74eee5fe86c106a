import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { NeedQuery, NewCommitment, NewNeed } from '@sitroom/shared';
import { ListQuery } from '../changes/paging.js';
import { validate } from '../errors/parse.pipe.js';
import type { GqlContext } from '../graphql/graphql-caller.js';
import { callerOf } from '../graphql/require-caller.js';
import { dropNulls } from '../offers/offers.resolver.js';
import { CommitmentsService } from './commitments.service.js';
import { MatchQuery } from './needs.controller.js';
import { CommitmentPageType, CommitmentType, MatchType, NeedPageType, NeedType, NewCommitmentInput, NewNeedInput } from './need.type.js';
import { NeedsService } from './needs.service.js';

const OPERATORS = ['operator', 'admin'] as const;
const NEED_READERS = ['operator', 'admin', 'viewer'] as const;
const COMMITMENT_READERS = ['operator', 'admin', 'business', 'viewer'] as const;
const NeedListArgs = ListQuery.extend(NeedQuery.shape);
const CommitmentListArgs = ListQuery.omit({ bbox: true });

@Resolver(() => NeedType)
export class NeedsResolver {
  constructor(
    private readonly service: NeedsService,
    private readonly commitmentsService: CommitmentsService,
  ) {}

  @Query(() => NeedPageType, { description: 'Needs visible to the caller, newest first; bbox is "minLon,minLat,maxLon,maxLat".' })
  needs(
    @Context() ctx: GqlContext,
    @Args('bbox', { type: () => String, nullable: true }) bbox?: string,
    @Args('status', { type: () => String, nullable: true }) status?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    return this.service.list(callerOf(ctx, NEED_READERS), validate(NeedListArgs, dropNulls({ bbox, status, limit, offset })));
  }

  @Query(() => NeedType)
  need(@Context() ctx: GqlContext, @Args('id') id: string) { return this.service.get(callerOf(ctx, NEED_READERS), id); }

  @Query(() => [MatchType], { description: 'Operators: offers that could meet a need, best first, with score, distanceKm and reasons.' })
  matches(@Context() ctx: GqlContext, @Args('needId') needId: string, @Args('limit', { type: () => Int, nullable: true }) limit?: number) {
    return this.service.matches(callerOf(ctx, OPERATORS), needId, validate(MatchQuery, dropNulls({ limit })).limit);
  }

  @Query(() => CommitmentPageType, { description: "Commitments visible to the caller (a business: its own offers'), newest first." })
  commitments(
    @Context() ctx: GqlContext,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    return this.commitmentsService.list(callerOf(ctx, COMMITMENT_READERS), validate(CommitmentListArgs, dropNulls({ limit, offset })));
  }

  @Mutation(() => NeedType, { description: 'Operators: record a need.' })
  createNeed(@Context() ctx: GqlContext, @Args('input', { type: () => NewNeedInput }) input: NewNeedInput) {
    const caller = callerOf(ctx, OPERATORS);
    return this.service.create(caller, validate(NewNeed, dropNulls({ ...input, location: { ...input.location } }), 'input'));
  }

  @Mutation(() => NeedType, { description: 'Operators: cancel a need, releasing its undelivered commitments.' })
  cancelNeed(@Context() ctx: GqlContext, @Args('id') id: string) { return this.service.cancel(callerOf(ctx, OPERATORS), id); }

  @Mutation(() => CommitmentType, { description: 'Operators: commit part of an offer to a need (conflict when it no longer fits).' })
  commitToNeed(@Context() ctx: GqlContext, @Args('needId') needId: string, @Args('input', { type: () => NewCommitmentInput }) input: NewCommitmentInput) {
    const caller = callerOf(ctx, OPERATORS);
    return this.commitmentsService.commit(caller, needId, validate(NewCommitment, { ...input }, 'input'));
  }

  @Mutation(() => CommitmentType, { description: 'Operators: mark a commitment delivered.' })
  deliverCommitment(@Context() ctx: GqlContext, @Args('id') id: string) { return this.commitmentsService.deliver(callerOf(ctx, OPERATORS), id); }
}
