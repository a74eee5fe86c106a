import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Roles } from '../auth/roles.decorator.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { AuditService } from './audit.service.js';

const AuditQuery = z.object({
  entity: z.string().max(40).optional(),
  id: z.string().max(200).optional(),
  actor: z.string().max(200).optional(),
  from: z.iso.datetime({ offset: true, error: 'from must be an ISO 8601 date-time with a zone' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'to must be an ISO 8601 date-time with a zone' }).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).default(1000),
  format: z.enum(['json', 'csv']).default('json'),
});

@Controller('api/audit')
@Roles('operator', 'admin')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @Doc({ summary: 'The audit log: who did what, when, before → after (format=csv for a spreadsheet)', query: AuditQuery, responses: { 200: '{ items }, or text/csv' } })
  async find(@Query(parse(AuditQuery)) q: z.output<typeof AuditQuery>, @Res({ passthrough: true }) reply: FastifyReply) {
    const result = await this.audit.find(q);
    if (q.format === 'json') return result;
    void reply.type('text/csv; charset=utf-8').header('Content-Disposition', 'attachment; filename="sitroom-audit.csv"');
    return AuditService.toCsv(result.items);
  }
}
