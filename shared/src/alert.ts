import { z } from 'zod';
import { Instant } from './report.js';

/** CAP 1.2 enumerations (OASIS CAP 1.2 §3.2), in the spelling the standard uses. */
export const CAP_STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'] as const;
export const CAP_MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'] as const;
export const CAP_SCOPES = ['Public', 'Restricted', 'Private'] as const;
export const CAP_CATEGORIES = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
export const CAP_RESPONSE_TYPES = ['Shelter', 'Evacuate', 'Prepare', 'Execute', 'Avoid', 'Monitor', 'Assess', 'AllClear', 'None'] as const;
export const CAP_URGENCIES = ['Immediate', 'Expected', 'Future', 'Past', 'Unknown'] as const;
export const CAP_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor', 'Unknown'] as const;
export const CAP_CERTAINTIES = ['Observed', 'Likely', 'Possible', 'Unlikely', 'Unknown'] as const;
/** Where an alert stands in SitRoom: only `active` alerts of status Actual are on the live picture. */
export const ALERT_STATES = ['active', 'cancelled', 'expired', 'superseded'] as const;

export type CapStatus = (typeof CAP_STATUSES)[number];
export type CapMsgType = (typeof CAP_MSG_TYPES)[number];
export type CapSeverity = (typeof CAP_SEVERITIES)[number];
export type AlertState = (typeof ALERT_STATES)[number];

/** A CAP name/value pair (geocode, parameter, eventCode). */
export const NameValue = z.object({ name: z.string(), value: z.string() });
export type NameValue = z.infer<typeof NameValue>;

/**
 * A GeoJSON geometry in [lon, lat] order: Polygon or MultiPolygon for CAP polygons and circles,
 * Point for a zero-radius circle or a point event (earthquake epicentre, wildfire).
 */
const Position = z.tuple([
  z.number().finite().min(-180, 'longitude must be between -180 and 180').max(180, 'longitude must be between -180 and 180'),
  z.number().finite().min(-90, 'latitude must be between -90 and 90').max(90, 'latitude must be between -90 and 90'),
]);
const Ring = z
  .array(Position)
  .min(4, 'a ring needs at least 4 positions')
  .max(100_000)
  .refine((r) => r[0]![0] === r[r.length - 1]![0] && r[0]![1] === r[r.length - 1]![1], 'a ring must end where it starts');
const PolygonCoordinates = z.array(Ring).min(1).max(1000);
export const AlertGeometry = z.union([
  z.object({ type: z.literal('Point'), coordinates: Position }),
  z.object({ type: z.literal('Polygon'), coordinates: PolygonCoordinates }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(PolygonCoordinates).min(1).max(1000) }),
]);
export type AlertGeometry = z.infer<typeof AlertGeometry>;

/** One CAP area: drawn when it has a geometry; geocode-only areas are listed, not drawn. */
export const AlertArea = z.object({ desc: z.string(), geometry: AlertGeometry.nullable(), geocodes: z.array(NameValue) });
export type AlertArea = z.infer<typeof AlertArea>;

/** A message this one updates or cancels (CAP `references`: sender,identifier,sent). */
export const AlertReference = z.object({ sender: z.string(), identifier: z.string(), sent: z.string().optional() });
export type AlertReference = z.infer<typeof AlertReference>;

/** The text of an info block in a language other than the alert's first one. */
export const AlertTranslation = z.object({
  language: z.string(),
  event: z.string(),
  headline: z.string().optional(),
  description: z.string().optional(),
  instruction: z.string().optional(),
});

/** What a parsed document says about one alert: everything but SitRoom's own bookkeeping. */
export const AlertContent = z.object({
  sender: z.string(),
  identifier: z.string(),
  /** Instants are stored in UTC (ISO 8601); the offset the sender wrote is not needed once resolved. */
  sent: z.string(),
  status: z.enum(CAP_STATUSES),
  msgType: z.enum(CAP_MSG_TYPES),
  scope: z.enum(CAP_SCOPES),
  references: z.array(AlertReference),
  codes: z.array(z.string()),
  note: z.string().optional(),
  categories: z.array(z.enum(CAP_CATEGORIES)),
  /** Empty only for a CAP message without any info block (a bare Cancel, say). */
  event: z.string(),
  responseTypes: z.array(z.enum(CAP_RESPONSE_TYPES)),
  urgency: z.enum(CAP_URGENCIES),
  severity: z.enum(CAP_SEVERITIES),
  certainty: z.enum(CAP_CERTAINTIES),
  senderName: z.string().optional(),
  headline: z.string().optional(),
  description: z.string().optional(),
  instruction: z.string().optional(),
  web: z.string().optional(),
  effective: z.string().optional(),
  onset: z.string().optional(),
  expires: z.string().optional(),
  areas: z.array(AlertArea),
  parameters: z.array(NameValue),
  eventCodes: z.array(NameValue),
  languages: z.array(z.string()),
  translations: z.array(AlertTranslation),
  /** Other identifiers the same event has carried (USGS lists every network's id): matched like `identifier`. */
  aliases: z.array(z.string()).optional(),
});
export type AlertContent = z.infer<typeof AlertContent>;

/** The contract's `alert` entity, as operators see it. */
export const Alert = AlertContent.omit({ aliases: true }).extend({
  id: z.string(),
  kind: z.literal('alert'),
  /** Who handed it to SitRoom: the submitting token's org, or the feed that polled it. */
  source: z.object({ org: z.string().nullable(), feed: z.string().optional() }),
  state: z.enum(ALERT_STATES),
  /** The alert whose Update or Cancel ended this one. */
  endedBy: z.string().optional(),
  incidentId: z.string().optional(),
  receivedAt: z.string(),
  updatedAt: z.string(),
});
export type Alert = z.infer<typeof Alert>;

const NameValueInput = z.strictObject({ name: z.string().trim().min(1).max(200), value: z.string().max(2000) });

/**
 * CAP's identifier and sender: no spaces, commas or markup characters (CAP 1.2 §3.2.1), so they can
 * be written into `references` triples.
 */
export const CapIdentifier = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(500)
  .regex(/^[^\s,<&]+$/, 'must not contain spaces, commas, < or &');

/**
 * SitRoom's own JSON alert form, for agencies without CAP: one CAP info block, areas as GeoJSON.
 * `sender` defaults to the submitting token's org.
 */
export const NewAlert = z.strictObject({
  identifier: CapIdentifier,
  sender: CapIdentifier.optional(),
  sent: Instant,
  status: z.enum(CAP_STATUSES),
  msgType: z.enum(CAP_MSG_TYPES).default('Alert'),
  scope: z.enum(CAP_SCOPES).default('Public'),
  references: z.array(z.strictObject({ sender: CapIdentifier.optional(), identifier: CapIdentifier, sent: Instant.optional() })).max(100).default([]),
  categories: z.array(z.enum(CAP_CATEGORIES)).min(1, 'at least one category is required'),
  event: z.string().trim().min(1, 'event is required').max(500),
  responseTypes: z.array(z.enum(CAP_RESPONSE_TYPES)).default([]),
  urgency: z.enum(CAP_URGENCIES),
  severity: z.enum(CAP_SEVERITIES),
  certainty: z.enum(CAP_CERTAINTIES),
  language: z.string().trim().min(2).max(35).default('en-US'),
  senderName: z.string().trim().max(500).optional(),
  headline: z.string().trim().max(500).optional(),
  description: z.string().trim().max(20_000).optional(),
  instruction: z.string().trim().max(20_000).optional(),
  web: z.url().max(2000).optional(),
  effective: Instant.optional(),
  onset: Instant.optional(),
  expires: Instant.optional(),
  areas: z
    .array(z.strictObject({ desc: z.string().trim().min(1, 'desc is required').max(2000), geometry: AlertGeometry.nullable().default(null), geocodes: z.array(NameValueInput).max(1000).default([]) }))
    .max(100)
    .default([]),
  parameters: z.array(NameValueInput).max(200).default([]),
});
export type NewAlert = z.input<typeof NewAlert>;
export const NewAlerts = z.union([NewAlert, z.array(NewAlert).min(1, 'send at least one alert').max(500, 'at most 500 alerts per request')]);

/** Feed kinds the poller reads (contract: POST /api/admin/feeds). */
export const FEED_KINDS = ['cap-atom', 'cap-rss', 'usgs-geojson', 'gdacs-rss', 'eonet', 'nws-alerts', 'meteoalarm'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

export const NewFeed = z.strictObject({
  kind: z.enum(FEED_KINDS, { error: `kind must be one of ${FEED_KINDS.join(', ')}` }),
  url: z.url({ protocol: /^https?$/, error: 'url must be an http(s) URL' }).max(2000),
  everySeconds: z.number({ error: 'everySeconds must be a number' }).int().min(1, 'everySeconds must be at least 1').max(86_400, 'everySeconds must be at most 86400'),
  org: z.string().trim().min(1, 'org is required').max(120),
  /** How long one fetch may take before it counts as a failure (default 20 s). */
  timeoutSeconds: z.number().int().min(1).max(120).default(20),
});
export type NewFeed = z.input<typeof NewFeed>;

/** A registered feed and how its polling goes: the `feed` entity of the change feed. */
export const FeedState = z.object({
  id: z.string(),
  kind: z.literal('feed'),
  feedKind: z.enum(FEED_KINDS),
  url: z.string(),
  org: z.string(),
  everySeconds: z.number(),
  timeoutSeconds: z.number(),
  /** `pending` until the first poll; `failing` from the first failure until a success. */
  status: z.enum(['pending', 'ok', 'failing']),
  lastPollAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
  failingSince: z.string().nullable(),
  consecutiveFailures: z.number(),
  /** Alerts the last successful poll read (unchanged on a 304). */
  items: z.number(),
  /** Items of the last poll that could not be read (a linked CAP that failed, an invalid entry). */
  skipped: z.number(),
  nextPollAt: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FeedState = z.infer<typeof FeedState>;
