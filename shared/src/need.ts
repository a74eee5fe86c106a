import { z } from 'zod';
import { LatLon } from './geo.js';
import { Description } from './offer.js';
import { Instant } from './report.js';
import { checkUnit, Quantity, ResourceType, statusFilter } from './resource.js';

/** open → partly-met → met as commitments arrive, or cancelled (which releases undelivered commitments). */
export const NEED_STATUSES = ['open', 'partly-met', 'met', 'cancelled'] as const;
export const NeedStatus = z.enum(NEED_STATUSES);
export type NeedStatus = z.infer<typeof NeedStatus>;

/** What an operator sends. */
export const NewNeed = z
  .strictObject({
    resourceType: ResourceType,
    quantity: Quantity,
    unit: z.string({ error: 'unit must be text' }).trim().optional(),
    location: LatLon,
    neededBy: Instant.optional(),
    incidentId: z.string({ error: 'incidentId must be text' }).trim().min(1, 'incidentId must not be blank').max(100, 'incidentId must be at most 100 characters').optional(),
    description: Description.optional(),
  })
  .superRefine((n, ctx) => checkUnit(n.resourceType, n.unit, ctx));
export type NewNeed = z.infer<typeof NewNeed>;

export const Need = z.object({
  id: z.string(),
  kind: z.literal('need'),
  /** The requesting agency (the operator's token org), when it has one. */
  org: z.string().optional(),
  incidentId: z.string().optional(),
  resourceType: ResourceType,
  quantity: z.number(),
  /** How much is covered by commitments so far. */
  met: z.number(),
  unit: z.string(),
  location: LatLon,
  neededBy: z.string().optional(),
  description: z.string().optional(),
  status: NeedStatus,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Need = z.infer<typeof Need>;

export const NeedQuery = z.object({ status: statusFilter(NEED_STATUSES) });
