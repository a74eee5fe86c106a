import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { NewFeed } from '@sitroom/shared';
import type { z } from 'zod';
import { Caller, Roles } from '../auth/roles.decorator.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { FeedsService } from './feeds.service.js';

@Controller('api')
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @Post('admin/feeds') @Roles('admin') @HttpCode(201)
  @Doc({ summary: 'Register a feed to poll (cap-atom, cap-rss, usgs-geojson, gdacs-rss, eonet, nws-alerts, meteoalarm)', body: NewFeed, responses: { 201: 'The feed and its state', 409: 'This kind and URL are registered already' } })
  register(@Body(parse(NewFeed)) body: z.output<typeof NewFeed>) { return this.feeds.register(body); }

  @Get('admin/feeds') @Roles('admin') @Doc({ summary: 'Every feed with its state: status, lastSuccessAt, lastError, items, nextPollAt', responses: { 200: '{ items, cursor }' } })
  listForAdmin(@Caller() who: Caller) { return this.feeds.list(who); }

  @Delete('admin/feeds/:id') @Roles('admin') @HttpCode(204) @Doc({ summary: 'Stop polling a feed (its alerts stay)', responses: { 204: 'Deleted' } })
  remove(@Param('id') id: string) { return this.feeds.remove(id); }

  /** The same states for walls and operators (snapshot + cursor; URLs without their query). */
  @Get('feeds') @Roles('viewer', 'agency', 'operator', 'admin') @Doc({ summary: 'Feed health for walls and operators (URLs without their query)', responses: { 200: '{ items, cursor }' } })
  list(@Caller() who: Caller) { return this.feeds.list(who); }
}
