import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { NewOffer, OfferPatch, OfferQuery } from '@sitroom/shared';
import { ListQuery } from '../changes/paging.js';
import { validate } from '../errors/parse.pipe.js';
import type { GqlContext } from '../graphql/graphql-caller.js';
import { callerOf } from '../graphql/require-caller.js';
import { NewOfferInput, OfferBatchType, OfferPageType, OfferPatchInput, OfferType } from './offer.type.js';
import { OffersService } from './offers.service.js';

const READERS = ['admin', 'operator', 'business', 'viewer'] as const;
const BUSINESS = ['business'] as const;
const OfferListArgs = ListQuery.extend(OfferQuery.shape);

@Resolver(() => OfferType)
export class OffersResolver {
  constructor(private readonly service: OffersService) {}

  @Query(() => OfferPageType, { description: 'Offers visible to the caller, newest first; bbox is "minLon,minLat,maxLon,maxLat".' })
  offers(
    @Context() ctx: GqlContext,
    @Args('bbox', { type: () => String, nullable: true }) bbox?: string,
    @Args('status', { type: () => String, nullable: true }) status?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    return this.service.list(callerOf(ctx, READERS), validate(OfferListArgs, dropNulls({ bbox, status, limit, offset })));
  }

  @Query(() => OfferType)
  offer(@Context() ctx: GqlContext, @Args('id') id: string) { return this.service.get(callerOf(ctx, READERS), id); }

  @Mutation(() => OfferType, { description: 'Businesses: post an offer.' })
  createOffer(@Context() ctx: GqlContext, @Args('input', { type: () => NewOfferInput }) input: NewOfferInput) {
    const caller = callerOf(ctx, BUSINESS);
    return this.service.create(caller, validate(NewOffer, dropNulls({ ...input, location: { ...input.location } }), 'input'));
  }

  @Mutation(() => OfferBatchType, { description: 'Businesses: post an EDXL-RM 1.0 OfferUnsolicitedResource message (XML text).' })
  postOfferMessage(@Context() ctx: GqlContext, @Args('xml') xml: string) {
    return this.service.createFromEdxl(callerOf(ctx, BUSINESS), xml);
  }

  @Mutation(() => OfferType, { description: 'Businesses: change one of their offers; null clears a field.' })
  updateOffer(@Context() ctx: GqlContext, @Args('id') id: string, @Args('input', { type: () => OfferPatchInput }) input: OfferPatchInput) {
    const caller = callerOf(ctx, BUSINESS);
    const patch = { ...input, ...(input.location ? { location: { ...input.location } } : {}) };
    return this.service.patch(caller, id, validate(OfferPatch, Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)), 'input'));
  }

  @Mutation(() => OfferType, { description: 'Businesses: withdraw what remains of one of their offers.' })
  withdrawOffer(@Context() ctx: GqlContext, @Args('id') id: string) { return this.service.withdraw(callerOf(ctx, BUSINESS), id); }
}

/** GraphQL sends null for absent optionals; the shared schemas mean "absent" by undefined. */
export function dropNulls<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as T;
}
