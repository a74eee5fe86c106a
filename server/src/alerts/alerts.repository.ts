import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { distanceKm, entityInBbox, geometryBbox, type Alert, type Bbox } from '@sitroom/shared';
import type { Actor } from '@sitroom/shared';
import { AuditRepository } from '../audit/audit.repository.js';
import { ChangesRepository } from '../changes/changes.repository.js';
import { coveringBox, geoIndexLat, useGeoIndex } from '../changes/entity-snapshot.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { Keyspace } from '../redis/keyspace.js';
import { LuaScript } from '../redis/lua-script.js';
import { REDIS } from '../redis/redis.tokens.js';
import { ALERT_KEY_NAMES, LOOKUP_ALERT_LUA, SNAPSHOT_ALERTS_LUA, STORE_ALERT_LUA } from './alerts.lua.js';

const storeAlert = new LuaScript(STORE_ALERT_LUA);
const lookupAlert = new LuaScript(LOOKUP_ALERT_LUA);
const snapshotAlerts = new LuaScript(SNAPSHOT_ALERTS_LUA);

/** What the store step writes besides the alert itself. */
export interface StoreExtras {
  /** "sender identifier" keys (identity and aliases) that must lead to this alert. */
  identityKeys: string[];
  /** [referenced "sender identifier", "<msgType>:<this id>"]: lets an original that arrives after its Update be born superseded. */
  referencedBy: [string, string][];
  /** Who caused the write and why, for the audit log (feeds and the expiry sweep are not audited). */
  audit?: { actor: Actor; action: string };
}

export interface Lookup {
  id: string | null;
  raw: string | null;
  /** "<Update|Cancel>:<alert id>" of a message that named this identity, if one arrived. */
  referencedBy: string | null;
}

/**
 * Keys: `alerts` (hash id → JSON, the operator view), `alerts:by-time` (zset by sent ms),
 * `alerts:geo` (GEO set: the centre of the areas' bounds), `alerts:extent` (zset: km from that centre
 * to the bounds' farthest corner), `alerts:placeless` (set: alerts without geometry), `alerts:active`
 * (set), `alerts:expiry` (zset of active alerts by expires ms, for the sweep), `alerts:identity`
 * (hash "sender identifier" → id, aliases included), `alerts:referenced-by` (hash "sender identifier"
 * → "<msgType>:<id>" of the Update or Cancel that named it). Every write is STORE_ALERT_LUA.
 */
@Injectable()
export class AlertsRepository {
  private readonly keys: string[];

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keyspace: Keyspace,
    private readonly changes: ChangesRepository,
    audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.keys = ALERT_KEY_NAMES.map((name) =>
      name === 'changes' ? changes.streamKey : name === 'audit' ? audit.streamKey : name === 'alerts' ? keyspace.key('alerts') : keyspace.key('alerts', name),
    );
  }

  private key(name: (typeof ALERT_KEY_NAMES)[number]): string {
    return this.keys[ALERT_KEY_NAMES.indexOf(name)]!;
  }

  async lookup(identityKeys: string[]): Promise<Lookup> {
    const [id, raw, referencedBy] = (await lookupAlert.run(this.redis, this.keys, identityKeys)) as [string, string, string];
    return { id: id || null, raw: raw || null, referencedBy: referencedBy || null };
  }

  async getRaw(id: string): Promise<string | null> {
    return this.redis.hget(this.key('alerts'), id);
  }

  /**
   * Writes `next` if the stored JSON is still `expectedRaw` (null: the alert must not exist yet).
   * Returns the change id, or null when it lost a race and must be decided again.
   */
  async store(next: Alert, expectedRaw: string | null, extras: StoreExtras): Promise<string | null> {
    const place = geoPlace(next);
    const expiryMs = next.state === 'active' && next.expires ? String(Date.parse(next.expires)) : '';
    const res = await storeAlert.run(this.redis, this.keys, [
      this.config.CHANGES_RETAIN,
      next.id,
      expectedRaw ?? '',
      JSON.stringify(next),
      Date.parse(next.sent),
      place ? place.lon : '',
      place ? place.lat : '',
      place ? place.reachKm : 0,
      next.state === 'active' ? '1' : '0',
      expiryMs,
      JSON.stringify(extras.identityKeys),
      JSON.stringify(extras.referencedBy),
      extras.audit ? JSON.stringify(extras.audit.actor) : '',
      extras.audit?.action ?? '',
    ]);
    return (res as string | null) || null;
  }

  /** Ids of active alerts whose expiry is at or before `nowMs`, oldest first. */
  async dueForExpiry(nowMs: number, limit: number): Promise<string[]> {
    return this.redis.zrangebyscore(this.key('expiry'), '-inf', nowMs, 'LIMIT', 0, limit);
  }

  /** Drops an id from the expiry index when the alert is no longer active (a repair, never needed in normal flow). */
  async forgetExpiry(id: string): Promise<void> {
    await this.redis.zrem(this.key('expiry'), id);
  }

  async snapshot(opts: { bbox?: Bbox; activeOnly: boolean }): Promise<{ items: Alert[]; cursor: string }> {
    const scope = opts.activeOnly ? 'active' : 'all';
    const args = opts.bbox && useGeoIndex(opts.bbox) ? ['box', scope, ...coveringBox(opts.bbox).map(String)] : ['all', scope];
    const [cursor, ...values] = (await snapshotAlerts.run(this.redis, this.keys, args)) as string[];
    let items = values.map((v) => JSON.parse(v) as Alert);
    if (opts.bbox) items = items.filter((a) => entityInBbox(a, opts.bbox!));
    return { items, cursor: cursor ?? '0-0' };
  }

  /** Records which incident each alert belongs to (fusion's write-back), one step per batch; indexes are untouched. */
  attachIncidents(pairs: [string, string | null][]): Promise<void> {
    return this.changes.setIncidentIds(this.key('alerts'), 'alert', pairs);
  }
}

/** Where the geo index keeps an alert: the centre of its areas' bounds, and how far from there the areas reach. */
function geoPlace(alert: Alert): { lon: number; lat: number; reachKm: number } | null {
  const boxes = alert.areas.map((a) => geometryBbox(a.geometry)).filter((b) => b !== null);
  if (!boxes.length) return null;
  const [minLon, minLat, maxLon, maxLat] = [Math.min(...boxes.map((b) => b[0])), Math.min(...boxes.map((b) => b[1])), Math.max(...boxes.map((b) => b[2])), Math.max(...boxes.map((b) => b[3]))];
  const centre = { lon: (minLon + maxLon) / 2, lat: (minLat + maxLat) / 2 };
  const corners = [[minLon, minLat], [minLon, maxLat], [maxLon, minLat], [maxLon, maxLat]].map(([lon, lat]) => distanceKm(centre, { lon: lon!, lat: lat! }));
  // Centre-to-corner is the farthest a lat/lon box reaches from its centre; the margin covers the
  // curvature between corners and the geo index's own rounding; a centre beyond GEOADD's ±85.05°
  // latitude is stored clamped, and reaches that much further.
  const lat = geoIndexLat(centre.lat);
  const clampKm = distanceKm(centre, { lon: centre.lon, lat });
  return { lon: centre.lon, lat, reachKm: Math.ceil(Math.max(...corners) * 1.05 + clampKm + 1) };
}
