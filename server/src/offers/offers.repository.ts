import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { Actor, Bbox, Offer, OfferPatch, ResourceTypeId } from '@sitroom/shared';
import { AuditRepository } from '../audit/audit.repository.js';
import { ChangesRepository } from '../changes/changes.repository.js';
import { readSnapshot } from '../changes/entity-snapshot.js';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { AppError, type ErrorCode } from '../errors/app-error.js';
import { Keyspace } from '../redis/keyspace.js';
import { LuaScript } from '../redis/lua-script.js';
import { REDIS } from '../redis/redis.tokens.js';
import { CREATE_OFFERS_LUA, EXPIRE_OFFERS_LUA, PATCH_OFFER_LUA, WITHDRAW_OFFER_LUA } from './offers.lua.js';

const createOffers = new LuaScript(CREATE_OFFERS_LUA);
const patchOffer = new LuaScript(PATCH_OFFER_LUA);
const withdrawOffer = new LuaScript(WITHDRAW_OFFER_LUA);
const expireOffers = new LuaScript(EXPIRE_OFFERS_LUA);

/** A patch as the Lua script takes it: what to change, plus the window end in ms ('' keep, 0 clear). */
export type StoredPatch = OfferPatch & { untilMs: number | '' };

/**
 * Keys: `offers` (hash id → JSON), `offers:by-time` (zset by creation ms), `offers:geo` (GEO),
 * `offers:active` (zset of "<type>:<id>" for committable offers, read by type with ZRANGEBYLEX),
 * `offers:until` (zset of window ends in ms, for the expiry sweep), `offers:messages` (hash
 * "<org>|<EDXL MessageID>" → offer ids, so a resent EDXL-RM message creates nothing twice).
 * Every write is a Lua script from offers.lua.ts that also appends the change.
 */
@Injectable()
export class OffersRepository {
  private readonly hash: string;
  private readonly byTime: string;
  private readonly geo: string;
  private readonly active: string;
  private readonly until: string;
  private readonly messages: string;

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    keys: Keyspace,
    private readonly changes: ChangesRepository,
    private readonly audit: AuditRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.hash = keys.key('offers');
    this.byTime = keys.key('offers', 'by-time');
    this.geo = keys.key('offers', 'geo');
    this.active = keys.key('offers', 'active');
    this.until = keys.key('offers', 'until');
    this.messages = keys.key('offers', 'messages');
  }

  /** KEYS[1..8] of every offer script (and of the commitment scripts, which add their own after). */
  scriptKeys(): string[] {
    return [this.changes.streamKey, this.audit.streamKey, this.hash, this.byTime, this.geo, this.active, this.until, this.messages];
  }

  /** ARGV[1..5] of every such script: who acts, and the audit log's name for what they do. */
  scriptArgs(now: Date, actor: Actor, action: string): (string | number)[] {
    const who: Actor = { tokenId: actor.tokenId, role: actor.role, org: actor.org };
    return [this.config.CHANGES_RETAIN, now.toISOString(), now.getTime(), JSON.stringify(who), action];
  }

  /**
   * Stores new offers (all or none). With `message` ("<org>|<MessageID>"), a message seen before
   * stores nothing and returns the ids it created then.
   */
  async create(offers: Offer[], actor: Actor, now: Date, message = ''): Promise<{ created: true } | { created: false; ids: string[] }> {
    const untils = offers.map((o) => (o.availableUntil ? Date.parse(o.availableUntil) : 0));
    const args = [...this.scriptArgs(now, actor, 'offer.create'), JSON.stringify(offers), JSON.stringify(untils), message];
    const res = (await createOffers.run(this.redis, this.scriptKeys(), args)) as string[];
    if (res[0] === 'duplicate') return { created: false, ids: JSON.parse(res[1]!) as string[] };
    unwrap(res);
    return { created: true };
  }

  async patch(id: string, actor: Actor & { org: string }, patch: StoredPatch, now: Date): Promise<Offer> {
    const { untilMs, ...fields } = patch;
    const args = [...this.scriptArgs(now, actor, 'offer.update'), id, actor.org, JSON.stringify(fields), String(untilMs)];
    const res = await patchOffer.run(this.redis, this.scriptKeys(), args);
    return JSON.parse(unwrap(res)[0]!) as Offer;
  }

  async withdraw(id: string, actor: Actor & { org: string }, now: Date): Promise<Offer> {
    const res = await withdrawOffer.run(this.redis, this.scriptKeys(), [...this.scriptArgs(now, actor, 'offer.withdraw'), id, actor.org]);
    return JSON.parse(unwrap(res)[0]!) as Offer;
  }

  /** Expires every committable offer whose window closed by `now`; returns how many. */
  async expireDue(now: Date): Promise<number> {
    const system: Actor = { tokenId: null, role: 'system', org: null };
    return (await expireOffers.run(this.redis, this.scriptKeys(), this.scriptArgs(now, system, 'offer.expire'))) as number;
  }

  async get(id: string): Promise<Offer | null> {
    const raw = await this.redis.hget(this.hash, id);
    return raw ? (JSON.parse(raw) as Offer) : null;
  }

  async getMany(ids: string[]): Promise<Offer[]> {
    // Chunks keep each reply modest; sent together, ioredis pipelines them in one round trip.
    const chunks: Promise<(string | null)[]>[] = [];
    for (let i = 0; i < ids.length; i += 1000) chunks.push(this.redis.hmget(this.hash, ...ids.slice(i, i + 1000)));
    const out: Offer[] = [];
    for (const values of await Promise.all(chunks)) for (const v of values) if (v) out.push(JSON.parse(v) as Offer);
    return out;
  }

  /** The committable offers of one resource type: the matcher's candidates. */
  async activeOfType(type: ResourceTypeId): Promise<Offer[]> {
    // Members are "<type>:<id>"; ';' sorts right after ':', so the range holds exactly this type.
    const members = await this.redis.zrangebylex(this.active, `[${type}:`, `(${type};`);
    return members.length ? this.getMany(members.map((m) => m.slice(type.length + 1))) : [];
  }

  snapshot(bbox?: Bbox): Promise<{ items: Offer[]; cursor: string }> {
    return readSnapshot<Offer>(this.redis, { hash: this.hash, byTime: this.byTime, geo: this.geo, stream: this.changes.streamKey }, bbox);
  }
}

/** Turns a script's `{ 'err', code, field, message }` into the AppError it stands for; returns the rest of an 'ok'. */
export function unwrap(res: unknown): string[] {
  const [status, ...rest] = res as string[];
  if (status === 'ok') return rest;
  const [code, field, message] = rest as [ErrorCode, string, string];
  throw new AppError(code, message, field ? [{ path: field, message }] : undefined);
}
