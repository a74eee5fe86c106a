import { z } from 'zod';
import { LatLon } from './geo.js';
import { Quantity, ResourceType } from './resource.js';

/** committed → delivered, or released (its need was cancelled before delivery: the offer gets it back). */
export const COMMITMENT_STATUSES = ['committed', 'delivered', 'released'] as const;
export const CommitmentStatus = z.enum(COMMITMENT_STATUSES);
export type CommitmentStatus = z.infer<typeof CommitmentStatus>;

/** `POST /api/needs/:id/commitments`. */
export const NewCommitment = z.strictObject({
  offerId: z.string({ error: 'offerId is required' }).trim().min(1, 'offerId is required').max(100, 'offerId is too long'),
  quantity: Quantity,
});
export type NewCommitment = z.infer<typeof NewCommitment>;

/**
 * Part of an offer promised to a need. The business whose offer it is sees it, with the committing
 * agency's org; who the operator was (`committedByToken`) is for operators and admins only.
 */
export const Commitment = z.object({
  id: z.string(),
  kind: z.literal('commitment'),
  needId: z.string(),
  offerId: z.string(),
  offerOrg: z.string(),
  incidentId: z.string().optional(),
  resourceType: ResourceType,
  unit: z.string(),
  quantity: z.number(),
  /** Where the need is: where the business delivers. */
  deliverTo: LatLon,
  committedByOrg: z.string().optional(),
  committedByToken: z.string().optional(),
  status: CommitmentStatus,
  createdAt: z.string(),
  deliveredAt: z.string().optional(),
  updatedAt: z.string(),
});
export type Commitment = z.infer<typeof Commitment>;
