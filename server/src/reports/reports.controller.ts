import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NewReport, ReportQuery } from '@sitroom/shared';
import { Caller, IgnoreSession } from '../auth/roles.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { ListQuery } from '../changes/paging.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { ReportsService } from './reports.service.js';

const ReportListQuery = ListQuery.extend(ReportQuery.shape);

@Controller('api/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Anyone may report; junk meets the pause switch and the intake limit like a valid body and stores nothing. */
  @Post() @IgnoreSession()
  @Doc({ summary: 'Submit a public report (anyone; per-address limit without a token)', body: NewReport, responses: { 201: '{ id, status }', 200: '{ id, status, merged: true }: the same text from the same address within 10 minutes' } })
  async submit(@Caller() who: Caller, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    const result = await this.reports.submit(who, req.ip, body);
    void reply.status(result.merged ? 200 : 201); // 200: the same report was already received
    return result;
  }

  @Get()
  @Doc({ summary: 'Reports visible to the caller, newest first, with the change cursor of the snapshot', query: ReportListQuery, responses: { 200: '{ items, total, cursor }' } })
  list(@Caller() who: Caller, @Query(parse(ReportListQuery)) q: typeof ReportListQuery._output) {
    return this.reports.list(who, q);
  }

  @Get(':id') @Doc({ summary: 'One report, as the caller may see it' })
  get(@Caller() who: Caller, @Param('id') id: string) { return this.reports.get(who, id); }
}
