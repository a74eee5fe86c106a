import { Args, Context, Int, Query, Resolver } from '@nestjs/graphql';
import { validate } from '../errors/parse.pipe.js';
import type { GqlContext } from '../graphql/graphql-caller.js';
import { callerOf } from '../graphql/require-caller.js';
import { AlertPageType, AlertType } from './alert.type.js';
import { AlertListQuery } from './alerts.query.js';
import { AlertsService } from './alerts.service.js';

@Resolver(() => AlertType)
export class AlertsResolver {
  constructor(private readonly service: AlertsService) {}

  @Query(() => AlertPageType, { description: 'Alerts visible to the caller, newest first; bbox is "minLon,minLat,maxLon,maxLat", state and status comma-separated.' })
  alerts(
    @Context() ctx: GqlContext,
    @Args('bbox', { type: () => String, nullable: true }) bbox?: string,
    @Args('state', { type: () => String, nullable: true }) state?: string,
    @Args('status', { type: () => String, nullable: true }) status?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    const args = Object.fromEntries(Object.entries({ bbox, state, status, limit, offset }).filter(([, v]) => v !== null && v !== undefined));
    return this.service.list(callerOf(ctx), validate(AlertListQuery, args));
  }

  @Query(() => AlertType)
  alert(@Context() ctx: GqlContext, @Args('id') id: string) {
    return this.service.get(callerOf(ctx), id);
  }
}
