import { z } from 'zod';

/**
 * The whole environment the server reads, validated once at boot. Nothing else touches
 * `process.env`: a bad value fails the start with a message naming the variable.
 */
const intFrom = (name: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().int().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

const EnvSchema = z.object({
  PORT: intFrom('PORT', 0, 65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: z
    .string()
    .refine((s) => /^rediss?:\/\//.test(s) || s.startsWith('/'), 'REDIS_URL must be redis://host:port[/db], rediss://… or a unix socket path')
    .optional(),
  REDIS_PREFIX: z.string().regex(/^[a-z0-9_-]{1,40}$/i, 'REDIS_PREFIX must be 1-40 letters, digits, _ or -').default('sitroom'),
  ADMIN_TOKEN: z.string().min(16, 'ADMIN_TOKEN must be at least 16 characters').optional(),
  PUBLIC_REPORTS_PER_MINUTE: intFrom('PUBLIC_REPORTS_PER_MINUTE', 0, 1_000_000).default(10),
  /** Entries the change stream keeps; older cursors get `410 gone` and must take a new snapshot. */
  CHANGES_RETAIN: intFrom('CHANGES_RETAIN', 100, 100_000_000).default(1_000_000),
  /** Bytes a live client may leave unread before it is dropped with `resync: too_slow`. */
  LIVE_MAX_QUEUED_BYTES: intFrom('LIVE_MAX_QUEUED_BYTES', 65_536, 1_073_741_824).default(8 * 1024 * 1024),
  /** Redis Cluster seed nodes, `host:port,host:port`; when set, REDIS_URL is not used. */
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[^,:\s]+:\d+(,[^,:\s]+:\d+)*$/, 'REDIS_CLUSTER_NODES must be host:port[,host:port…]')
    .optional(),
  /** Run fusion on this instance (it still runs on only one instance at a time); `off` for a read-only replica. */
  FUSION: z.enum(['on', 'off'], { error: 'FUSION must be on or off' }).default('on'),
  /**
   * Fusion writes an incident's updates at most this often (ms): a hot spot of 100 reports a second
   * then sends walls 4 changes of its incident a second instead of 100. New incidents and each
   * signal's `incidentId` are written at once. `0` writes every update at once.
   */
  FUSION_INTERVAL_MS: intFrom('FUSION_INTERVAL_MS', 0, 10_000).default(250),
  /**
   * How long (ms) the live feed holds a new report or alert for fusion to link it to its incident,
   * so that walls receive it once, linked, instead of twice. `0` sends at once.
   */
  LIVE_LINK_WAIT_MS: intFrom('LIVE_LINK_WAIT_MS', 0, 1000).default(5),
  /** A Mapbox public token (pk.…): the wall then draws with mapbox-gl instead of MapLibre. */
  MAPBOX_ACCESS_TOKEN: z.string().regex(/^pk\.[\w.-]+$/, 'MAPBOX_ACCESS_TOKEN must be a public token (pk.…)').optional(),
  /** A map style URL (a tile server of your own); without it the wall draws its offline basemap. */
  MAP_STYLE_URL: z.url({ protocol: /^https?$/, error: 'MAP_STYLE_URL must be an http(s) URL' }).optional(),
  /** Take the client address from X-Forwarded-For (only behind a reverse proxy you run). */
  TRUST_PROXY: z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1').default(false),
  CLIENT_DIST: z.string().optional(),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug']).default('log'),
});

export type AppConfig = z.infer<typeof EnvSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Injection token for the validated config. */
export const APP_CONFIG = Symbol('APP_CONFIG');
