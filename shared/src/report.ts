import { z } from 'zod';
import { LatLon } from './geo.js';
import { REPORT_CATEGORY_IDS } from './taxonomy.js';

export const REPORT_STATUSES = ['unverified', 'verified', 'rejected', 'duplicate'] as const;
export const ReportStatus = z.enum(REPORT_STATUSES);
export type ReportStatus = z.infer<typeof ReportStatus>;

export const DESCRIPTION_MAX = 2000;
export const CONTACT_MAX = 200;

/** An instant with an explicit offset, as an ISO 8601 string. */
export const Instant = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-30T10:42:00Z' });

/** What a member of the public sends: the same schema validates the form in the browser and the request on the server. */
export const NewReport = z.strictObject({
  category: z.enum(REPORT_CATEGORY_IDS, { error: 'category must be one of the report categories in /api/taxonomy' }),
  description: z
    .string({ error: 'description is required' })
    .trim()
    .min(1, 'description is required')
    .max(DESCRIPTION_MAX, `description must be at most ${DESCRIPTION_MAX} characters`),
  location: LatLon,
  occurredAt: Instant.optional(),
  contact: z.string().trim().max(CONTACT_MAX, `contact must be at most ${CONTACT_MAX} characters`).optional(),
});
export type NewReport = z.infer<typeof NewReport>;

/** A stored report, as operators see it; other audiences see less (see the server's reports.visibility). */
export const Report = z.object({
  id: z.string(),
  kind: z.literal('report'),
  category: NewReport.shape.category,
  hazard: z.string(),
  description: z.string(),
  location: LatLon,
  occurredAt: z.string().optional(),
  receivedAt: z.string(),
  status: ReportStatus,
  incidentId: z.string().optional(),
  /** Private: only operators and admins ever see it. */
  contact: z.string().optional(),
  /** The operator decision that moved it out of `unverified` (who: operators and admins only). */
  decision: z
    .object({
      at: z.string(),
      by: z.object({ tokenId: z.string().nullable(), org: z.string().nullable() }).optional(),
      reason: z.string().optional(),
      duplicateOf: z.string().optional(),
    })
    .optional(),
  updatedAt: z.string(),
});
export type Report = z.infer<typeof Report>;

export const RejectReport = z.strictObject({
  reason: z.string({ error: 'reason is required' }).trim().min(1, 'reason is required').max(500, 'reason must be at most 500 characters'),
});
export const DuplicateReport = z.strictObject({
  of: z.string({ error: 'of is required: the id of the report or incident this one repeats' }).trim().min(1).max(100),
});

export const ReportQuery = z.object({
  status: z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()))
    .pipe(z.array(ReportStatus))
    .optional(),
});
