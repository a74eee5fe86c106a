import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { INCIDENT_STATUSES, IncidentStatusChange, MergeIncidents, SplitSource } from '@sitroom/shared';
import { Caller, Roles } from '../auth/roles.decorator.js';
import { ListQuery } from '../changes/paging.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { IncidentsService } from './incidents.service.js';

const SourcesQuery = ListQuery.omit({ bbox: true });
const IncidentListQuery = ListQuery.extend({
  status: z.string().transform((s) => s.split(',')).pipe(z.array(z.enum(INCIDENT_STATUSES))).optional(),
});

@Controller('api/incidents')
export class IncidentsController {
  constructor(private readonly incidents: IncidentsService) {}

  @Get() @Doc({ summary: 'Incidents visible to the caller, most recently active first, with the change cursor', query: IncidentListQuery, responses: { 200: '{ items, total, cursor }' } })
  list(@Caller() who: Caller, @Query(parse(IncidentListQuery)) q: z.output<typeof IncidentListQuery>) { return this.incidents.list(who, q); }

  @Get(':id') @Doc({ summary: 'One incident with its sources' })
  get(@Caller() who: Caller, @Param('id') id: string) { return this.incidents.get(who, id); }

  @Get(':id/sources') @Doc({ summary: 'Every source of the incident, newest first (the incident itself carries its official sources and latest reports)', query: SourcesQuery, responses: { 200: '{ items: [{ kind, id, org, addedAt, by }], total }' } })
  sources(@Caller() who: Caller, @Param('id') id: string, @Query(parse(SourcesQuery)) q: z.output<typeof SourcesQuery>) { return this.incidents.sources(who, id, q); }

  @Post(':id/merge') @HttpCode(200) @Roles('operator', 'admin')
  @Doc({ summary: 'Fold another incident (`from`) into this one; fusion never splits them again', body: MergeIncidents, responses: { 200: 'The merged incident' } })
  merge(@Caller() who: Caller, @Param('id') id: string, @Body(parse(MergeIncidents)) body: z.output<typeof MergeIncidents>) {
    return this.incidents.act(who, { cmd: 'merge', into: id, from: body.from });
  }

  @Post(':id/split') @HttpCode(200) @Roles('operator', 'admin')
  @Doc({ summary: 'Take one source out into an incident of its own, where fusion leaves it', body: SplitSource, responses: { 200: 'The new incident' } })
  split(@Caller() who: Caller, @Param('id') id: string, @Body(parse(SplitSource)) body: z.output<typeof SplitSource>) {
    return this.incidents.act(who, { cmd: 'split', incident: id, kind: body.kind, id: body.id });
  }

  @Post(':id/status') @HttpCode(200) @Roles('operator', 'admin')
  @Doc({ summary: 'Set the status; fusion will not change it afterwards', body: IncidentStatusChange, responses: { 200: 'The incident' } })
  status(@Caller() who: Caller, @Param('id') id: string, @Body(parse(IncidentStatusChange)) body: z.output<typeof IncidentStatusChange>) {
    return this.incidents.act(who, { cmd: 'status', incident: id, status: body.status });
  }
}
