import { Module } from '@nestjs/common';
import { ActiveOffers } from './active-offers.js';
import { OfferExpiry } from './offer-expiry.service.js';
import { OffersController } from './offers.controller.js';
import { OffersRepository } from './offers.repository.js';
import { OffersResolver } from './offers.resolver.js';
import { OffersService } from './offers.service.js';
import { XmlBodyParser } from './xml-body.js';

/** Business resource offers: JSON and EDXL-RM intake, edits and withdrawal by their business, expiry. */
@Module({
  controllers: [OffersController],
  providers: [OffersRepository, OffersService, OffersResolver, OfferExpiry, XmlBodyParser, ActiveOffers],
  exports: [OffersRepository, ActiveOffers],
})
export class OffersModule {}
