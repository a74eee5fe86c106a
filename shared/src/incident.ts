import { z } from 'zod';
import { CAP_SEVERITIES } from './alert.js';

export const INCIDENT_STATUSES = ['unconfirmed', 'confirmed', 'active', 'resolved', 'cancelled'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const IncidentSource = z.object({
  kind: z.enum(['report', 'alert']),
  id: z.string(),
  org: z.string().nullable().optional(),
  /** When it joined, and whether fusion or a person put it there (a person's choice is never undone by fusion). */
  addedAt: z.string(),
  by: z.enum(['fusion', 'operator']),
});
export type IncidentSource = z.infer<typeof IncidentSource>;

/** The fused picture: one real-world event and every signal about it. */
export const Incident = z.object({
  id: z.string(),
  kind: z.literal('incident'),
  hazard: z.string(),
  title: z.string(),
  /** The official area when there is one, else the cluster of reports (Point, MultiPoint or hull Polygon). */
  geometry: z.object({ type: z.string(), coordinates: z.unknown() }).nullable(),
  /** A representative point, for lists and distance. */
  location: z.object({ lat: z.number(), lon: z.number() }).nullable(),
  severity: z.enum(CAP_SEVERITIES),
  confidence: z.number().min(0).max(1),
  status: z.enum(INCIDENT_STATUSES),
  sources: z.array(IncidentSource),
  /**
   * Counts by kind of source: `reports` and `verifiedReports` count live reports, `alerts` every
   * alert, `sources` every source (what `GET /api/incidents/:id/sources` lists; `sources` above
   * carries only the official ones and the latest reports).
   */
  counts: z.object({ reports: z.number(), verifiedReports: z.number(), alerts: z.number(), sources: z.number() }),
  firstSeenAt: z.string(),
  lastSignalAt: z.string(),
  /** What people fixed: fusion leaves these alone. */
  pinned: z.object({ status: z.boolean() }),
  mergedInto: z.string().optional(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type Incident = z.infer<typeof Incident>;

export const IncidentStatusChange = z.strictObject({
  status: z.enum(INCIDENT_STATUSES, { error: `status must be one of ${INCIDENT_STATUSES.join(', ')}` }),
});
export const MergeIncidents = z.strictObject({
  from: z.string({ error: 'from is required: the incident to fold into this one' }).min(1).max(200),
});
export const SplitSource = z.strictObject({
  kind: z.enum(['report', 'alert'], { error: 'kind must be report or alert' }),
  id: z.string({ error: 'id is required' }).min(1).max(200),
});
