import { Args, Context, Resolver, Subscription } from '@nestjs/graphql';
import type { GqlContext } from '../graphql/graphql-caller.js';
import { callerOf } from '../graphql/require-caller.js';
import { ChangeType } from './change.type.js';
import { ChangeSubscriptionService } from './change-subscription.service.js';

@Resolver(() => ChangeType)
export class ChangesResolver {
  constructor(private readonly subscriptions: ChangeSubscriptionService) {}

  @Subscription(() => ChangeType, { resolve: (change: ChangeType) => change })
  changes(
    @Context() ctx: GqlContext,
    @Args('since', { type: () => String, nullable: true }) since?: string | null,
    @Args('entities', { type: () => [String], nullable: 'itemsAndList' }) entities?: string[] | null,
  ) {
    return this.subscriptions.open(callerOf(ctx), since, entities);
  }
}
