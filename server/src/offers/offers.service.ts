import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { NewOffer, unitOf, type Bbox, type Offer, type OfferPatch, type OfferStatus } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { paginate, type ListOptions } from '../changes/paging.js';
import { CLOCK, type Clock } from '../clock.js';
import { AppError } from '../errors/app-error.js';
import { validate } from '../errors/parse.pipe.js';
import { edxlPath, parseOfferUnsolicitedResource } from './edxl-rm.js';
import { OffersRepository } from './offers.repository.js';
import { offerAsSeenBy } from './offers.visibility.js';
import { mediaType, XML_TYPES } from './xml-body.js';

@Injectable()
export class OffersService {
  constructor(
    private readonly offers: OffersRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** JSON (one offer, answered with it) or an EDXL-RM message (answered with `{ items }`, one offer per resource). */
  async submit(caller: Caller, contentType: string | undefined, body: unknown): Promise<Offer | { items: Offer[]; resent?: true }> {
    if ((XML_TYPES as readonly string[]).includes(mediaType(contentType))) {
      if (typeof body !== 'string' || !body.trim()) throw AppError.invalid([{ path: '', message: 'an EDXL-RM XML body is required' }]);
      return this.createFromEdxl(caller, body);
    }
    return this.create(caller, validate(NewOffer, body));
  }

  async create(caller: Caller, input: NewOffer): Promise<Offer> {
    const now = this.clock.now();
    const offer = this.build(this.orgOf(caller), input, now);
    await this.offers.create([offer], caller, now);
    return offer;
  }

  /** All offers of a message or none; a message resent (same org and MessageID) creates nothing new. */
  async createFromEdxl(caller: Caller, xml: string): Promise<{ items: Offer[]; resent?: true }> {
    const org = this.orgOf(caller);
    const { messageId, offers: inputs } = parseOfferUnsolicitedResource(xml);
    const now = this.clock.now();
    const offers = inputs.map((input, i) => this.build(org, input, now, (field) => edxlPath(i, [field])));
    const res = await this.offers.create(offers, caller, now, `${org}|${messageId}`);
    if (res.created) return { items: offers };
    const earlier = await this.offers.getMany(res.ids);
    return { items: earlier.filter((o) => o.org === org), resent: true };
  }

  async patch(caller: Caller, id: string, patch: OfferPatch): Promise<Offer> {
    const now = this.clock.now();
    if (patch.availableUntil) this.assertFuture(patch.availableUntil, now, 'availableUntil');
    const normalised = {
      ...patch,
      ...(patch.availableFrom ? { availableFrom: iso(patch.availableFrom) } : {}),
      ...(patch.availableUntil ? { availableUntil: iso(patch.availableUntil) } : {}),
    };
    const untilMs = patch.availableUntil === undefined ? '' : patch.availableUntil === null ? 0 : Date.parse(patch.availableUntil);
    return this.offers.patch(id, { ...caller, org: this.orgOf(caller) }, { ...normalised, untilMs }, now);
  }

  withdraw(caller: Caller, id: string): Promise<Offer> {
    return this.offers.withdraw(id, { ...caller, org: this.orgOf(caller) }, this.clock.now());
  }

  async list(caller: Caller, opts: ListOptions & { bbox?: Bbox; status?: OfferStatus[] }) {
    const { items, cursor } = await this.offers.snapshot(opts.bbox);
    const visible = items
      .map((o) => offerAsSeenBy(o, caller))
      .filter((o): o is Offer => o !== null && (!opts.status || opts.status.includes(o.status)))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
    return { ...paginate(visible, opts), cursor };
  }

  async get(caller: Caller, id: string): Promise<Offer> {
    const offer = await this.offers.get(id);
    const seen = offer && offerAsSeenBy(offer, caller);
    if (!seen) throw new AppError('not_found', `No offer with id ${id}.`);
    return seen;
  }

  /** `pathOf` names a field in errors: the JSON name, or the EDXL element it was read from. */
  private build(org: string, input: NewOffer, now: Date, pathOf = (field: string) => field): Offer {
    if (input.availableUntil) this.assertFuture(input.availableUntil, now, pathOf('availableUntil'));
    const stamp = now.toISOString();
    return {
      id: randomUUID(),
      kind: 'offer',
      org,
      resourceType: input.resourceType,
      quantity: input.quantity,
      remaining: input.quantity,
      delivered: 0,
      unit: unitOf(input.resourceType),
      location: input.location,
      ...(input.availableFrom ? { availableFrom: iso(input.availableFrom) } : {}),
      ...(input.availableUntil ? { availableUntil: iso(input.availableUntil) } : {}),
      status: 'available',
      ...(input.description ? { description: input.description } : {}),
      ...(input.contact ? { contact: input.contact } : {}),
      createdAt: stamp,
      confirmedAt: stamp,
      updatedAt: stamp,
    };
  }

  /** An offer belongs to an organisation: a business token without one cannot own offers. */
  private orgOf(caller: Caller): string {
    if (!caller.org) throw new AppError('forbidden', 'This business token has no organisation; ask an admin for one issued with an org.');
    return caller.org;
  }

  private assertFuture(instant: string, now: Date, path: string): void {
    if (Date.parse(instant) <= now.getTime()) throw AppError.invalid([{ path, message: 'the end of the availability window must be in the future' }]);
  }
}

/**
 * Every stored instant is UTC with milliseconds (toISOString): such strings sort as their instants,
 * which the Lua scripts rely on to compare times.
 */
function iso(instant: string): string {
  return new Date(instant).toISOString();
}
