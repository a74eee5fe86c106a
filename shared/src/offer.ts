import { z } from 'zod';
import { LatLon } from './geo.js';
import { CONTACT_MAX, DESCRIPTION_MAX, Instant } from './report.js';
import { checkUnit, Quantity, ResourceType, statusFilter } from './resource.js';

/**
 * available → partly-committed → committed → delivered, or withdrawn (by its business) / expired
 * (at `availableUntil`). Withdrawn, expired and delivered are final.
 */
export const OFFER_STATUSES = ['available', 'partly-committed', 'committed', 'delivered', 'withdrawn', 'expired'] as const;
export const OfferStatus = z.enum(OFFER_STATUSES);
export type OfferStatus = z.infer<typeof OfferStatus>;

/** The statuses in which an offer can still be committed (and shows on the wall). */
export const ACTIVE_OFFER_STATUSES: readonly OfferStatus[] = ['available', 'partly-committed'];

export const Description = z
  .string({ error: 'description must be text' })
  .trim()
  .min(1, 'description must not be blank')
  .max(DESCRIPTION_MAX, `description must be at most ${DESCRIPTION_MAX} characters`);

export const Contact = z
  .string({ error: 'contact must be text' })
  .trim()
  .min(1, 'contact must not be blank')
  .max(CONTACT_MAX, `contact must be at most ${CONTACT_MAX} characters`);

/** Both ends present: the window must not be empty. */
export function checkWindow(from: string | null | undefined, until: string | null | undefined, ctx: z.RefinementCtx): void {
  if (from && until && Date.parse(from) >= Date.parse(until)) {
    ctx.addIssue({ code: 'custom', path: ['availableUntil'], message: 'availableUntil must be after availableFrom' });
  }
}

/** What a business sends (JSON, or read from an EDXL-RM OfferUnsolicitedResource). */
export const NewOffer = z
  .strictObject({
    resourceType: ResourceType,
    quantity: Quantity,
    unit: z.string({ error: 'unit must be text' }).trim().optional(),
    location: LatLon,
    availableFrom: Instant.optional(),
    availableUntil: Instant.optional(),
    description: Description.optional(),
    /** Private: only the business itself and operators ever see it. */
    contact: Contact.optional(),
  })
  .superRefine((o, ctx) => {
    checkUnit(o.resourceType, o.unit, ctx);
    checkWindow(o.availableFrom, o.availableUntil, ctx);
  });
export type NewOffer = z.infer<typeof NewOffer>;

/**
 * What the owning business may change. `null` clears an optional field. Type and unit are fixed
 * (commitments refer to them); quantity may not go below what is already committed (the server
 * answers 409 naming `quantity`).
 */
export const OfferPatch = z
  .strictObject({
    quantity: Quantity.optional(),
    location: LatLon.optional(),
    availableFrom: Instant.nullable().optional(),
    availableUntil: Instant.nullable().optional(),
    description: Description.nullable().optional(),
    contact: Contact.nullable().optional(),
  })
  .superRefine((p, ctx) => {
    if (Object.values(p).every((v) => v === undefined)) ctx.addIssue({ code: 'custom', path: [], message: 'nothing to change: send at least one field' });
    checkWindow(p.availableFrom, p.availableUntil, ctx);
  });
export type OfferPatch = z.infer<typeof OfferPatch>;

/** A stored offer, as its business and operators see it; viewers see it without `contact`. */
export const Offer = z.object({
  id: z.string(),
  kind: z.literal('offer'),
  /** The business organisation that posted it (from its token). */
  org: z.string(),
  resourceType: ResourceType,
  quantity: z.number(),
  /** What is still uncommitted. */
  remaining: z.number(),
  /** How much of the committed quantity operators have marked delivered. */
  delivered: z.number(),
  unit: z.string(),
  location: LatLon,
  availableFrom: z.string().optional(),
  availableUntil: z.string().optional(),
  status: OfferStatus,
  description: z.string().optional(),
  contact: z.string().optional(),
  createdAt: z.string(),
  /** When the business last posted or edited it: the freshness the matcher scores. */
  confirmedAt: z.string(),
  updatedAt: z.string(),
});
export type Offer = z.infer<typeof Offer>;

export const OfferQuery = z.object({ status: statusFilter(OFFER_STATUSES) });
