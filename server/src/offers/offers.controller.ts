import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NewOffer, OfferPatch, OfferQuery } from '@sitroom/shared';
import { Caller, Roles } from '../auth/roles.decorator.js';
import { ListQuery } from '../changes/paging.js';
import { Doc } from '../docs/api-doc.decorator.js';
import { parse } from '../errors/parse.pipe.js';
import { OffersService } from './offers.service.js';
import { XML_TYPES } from './xml-body.js';

const OfferListQuery = ListQuery.extend(OfferQuery.shape);

@Controller('api/offers')
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post() @Roles('business')
  @Doc({
    summary: 'Post an offer (JSON), or an EDXL-RM 1.0 OfferUnsolicitedResource message (one offer per ResourceInformation)',
    body: NewOffer,
    bodyTypes: [...XML_TYPES],
    responses: { 201: 'JSON: the offer. EDXL-RM: { items: offers }', 200: 'EDXL-RM: { items, resent: true }: that MessageID was received before; nothing new was created' },
  })
  async create(@Caller() who: Caller, @Req() req: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply, @Body() body: unknown) {
    const result = await this.offers.submit(who, req.headers['content-type'], body);
    void reply.status('resent' in result ? 200 : 201);
    return result;
  }

  @Get() @Roles('admin', 'operator', 'business', 'viewer')
  @Doc({ summary: 'Offers visible to the caller, newest first, with the change cursor of the snapshot', query: OfferListQuery, responses: { 200: '{ items, total, cursor }' } })
  list(@Caller() who: Caller, @Query(parse(OfferListQuery)) q: typeof OfferListQuery._output) {
    return this.offers.list(who, q);
  }

  @Get(':id') @Roles('admin', 'operator', 'business', 'viewer') @Doc({ summary: 'One offer, as the caller may see it' })
  get(@Caller() who: Caller, @Param('id') id: string) { return this.offers.get(who, id); }

  @Patch(':id') @Roles('business')
  @Doc({ summary: 'Change an offer (its business only; null clears a field; 409 below the committed quantity)', body: OfferPatch, responses: { 200: 'The offer' } })
  patch(@Caller() who: Caller, @Param('id') id: string, @Body(parse(OfferPatch)) body: OfferPatch) {
    return this.offers.patch(who, id, body);
  }

  @Post(':id/withdraw') @HttpCode(200) @Roles('business')
  @Doc({ summary: 'Withdraw what remains of an offer (its business only); commitments already made stand', responses: { 200: 'The offer' } })
  withdraw(@Caller() who: Caller, @Param('id') id: string) { return this.offers.withdraw(who, id); }
}
