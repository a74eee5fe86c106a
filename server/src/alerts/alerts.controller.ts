import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import { NewAlerts } from '@sitroom/shared';
import { Caller, Roles } from '../auth/roles.decorator.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { AlertListQuery } from './alerts.query.js';
import { AlertsService } from './alerts.service.js';
import { SignalsService } from './signals.service.js';

@Controller('api')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly signals: SignalsService,
  ) {}

  /** CAP 1.1/1.2 or EDXL-DE as XML (bytes, decoded by the reader), or SitRoom's JSON alert form. */
  @Post('signals') @Roles('agency') @HttpCode(202)
  @Doc({
    summary: 'Push official alerts: a CAP 1.1/1.2 alert or EDXL-DE 1.0 envelope as XML, or SitRoom\'s JSON alert form (one or an array). All or nothing.',
    body: NewAlerts,
    bodyTypes: ['application/cap+xml', 'application/xml', 'text/xml'],
    responses: { 202: '{ accepted: [{ id, kind: "alert" }] }', 409: 'An alert with this sender and identifier was delivered by another organisation' },
  })
  push(@Caller() who: Caller, @Headers('content-type') type: string | undefined, @Body() body: unknown) {
    return this.signals.push(who, type, body);
  }

  @Get('alerts') @Doc({ summary: 'Alerts the caller may see, newest first, with the change cursor they are consistent with', query: AlertListQuery, responses: { 200: '{ items, cursor, total }' } })
  list(@Caller() who: Caller, @Query(parse(AlertListQuery)) q: AlertListQuery) {
    return this.alerts.list(who, q);
  }

  @Get('alerts/:id') @Doc({ summary: 'One alert, as the caller may see it' })
  get(@Caller() who: Caller, @Param('id') id: string) {
    return this.alerts.get(who, id);
  }
}
