import { Args, Context, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { IncidentStatusChange, MergeIncidents, SplitSource } from '@sitroom/shared';
import { z } from 'zod';
import { ListQuery } from '../changes/paging.js';
import { validate } from '../errors/parse.pipe.js';
import type { GqlContext } from '../graphql/graphql-caller.js';
import { callerOf } from '../graphql/require-caller.js';
import { IncidentPageType, IncidentType } from './incident.type.js';
import { IncidentsService } from './incidents.service.js';

const OPERATORS = ['operator', 'admin'] as const;

@Resolver(() => IncidentType)
export class IncidentsResolver {
  constructor(private readonly service: IncidentsService) {}

  @Query(() => IncidentPageType, { description: 'Incidents visible to the caller; bbox is "minLon,minLat,maxLon,maxLat".' })
  incidents(
    @Context() ctx: GqlContext,
    @Args('bbox', { type: () => String, nullable: true }) bbox?: string,
    @Args('limit', { type: () => Int, nullable: true }) limit?: number,
    @Args('offset', { type: () => Int, nullable: true }) offset?: number,
  ) {
    const q = validate(ListQuery, Object.fromEntries(Object.entries({ bbox, limit, offset }).filter(([, v]) => v != null)));
    return this.service.list(callerOf(ctx), q);
  }

  @Query(() => IncidentType)
  incident(@Context() ctx: GqlContext, @Args('id') id: string) { return this.service.get(callerOf(ctx), id); }

  @Mutation(() => IncidentType, { description: 'Operators: fold incident `from` into `id`.' })
  mergeIncidents(@Context() ctx: GqlContext, @Args('id') id: string, @Args('from') from: string) {
    return this.service.act(callerOf(ctx, OPERATORS), { cmd: 'merge', into: id, from: validate(MergeIncidents, { from }).from });
  }

  @Mutation(() => IncidentType, { description: 'Operators: take one source out into its own incident.' })
  splitIncidentSource(@Context() ctx: GqlContext, @Args('id') id: string, @Args('kind') kind: string, @Args('sourceId') sourceId: string) {
    const s = validate(SplitSource, { kind, id: sourceId }) as z.output<typeof SplitSource>;
    return this.service.act(callerOf(ctx, OPERATORS), { cmd: 'split', incident: id, kind: s.kind, id: s.id });
  }

  @Mutation(() => IncidentType, { description: 'Operators: set the status (fusion will not change it afterwards).' })
  setIncidentStatus(@Context() ctx: GqlContext, @Args('id') id: string, @Args('status') status: string) {
    return this.service.act(callerOf(ctx, OPERATORS), { cmd: 'status', incident: id, status: validate(IncidentStatusChange, { status }).status });
  }
}
