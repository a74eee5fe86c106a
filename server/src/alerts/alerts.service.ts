import { Inject, Injectable } from '@nestjs/common';
import type { Actor, Alert, AlertContent, AlertState, Bbox, CapStatus } from '@sitroom/shared';
import type { Caller } from '../auth/caller.js';
import { paginate, type ListOptions } from '../changes/paging.js';
import { CLOCK, type Clock } from '../clock.js';
import { AppError, type FieldError } from '../errors/app-error.js';
import { alertIdFor, endedBy, expiredVersion, identityKey, identityKeys, nextVersion, owns, sameVersion, type AlertSource } from './alert-lifecycle.js';
import { AlertsRepository } from './alerts.repository.js';
import { alertAsSeenBy } from './alerts.visibility.js';

/** Compare-and-set rounds before giving up on one alert (each loss means another writer moved it on). */
const MAX_ROUNDS = 8;

@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * An agency's document, all or nothing: an alert another organisation delivered first is refused
   * before anything is written. Alerts are then applied in document order, so an envelope holding an
   * alert and its Update ends with the Update in force.
   */
  async push(caller: Caller, contents: AlertContent[]): Promise<{ accepted: { id: string; kind: 'alert' }[] }> {
    const source: AlertSource = { org: caller.org };
    const found = await Promise.all(contents.map((c) => this.alerts.lookup(identityKeys(c))));
    const conflicts: FieldError[] = [];
    found.forEach((f, i) => {
      if (f.raw && !owns(JSON.parse(f.raw) as Alert, source)) {
        const c = contents[i]!;
        conflicts.push({ path: contents.length > 1 ? `[${i}].identifier` : 'identifier', message: `${c.sender} ${c.identifier} was delivered by another organisation` });
      }
    });
    if (conflicts.length) throw new AppError('conflict', 'An alert with this sender and identifier belongs to another organisation; nothing was stored.', conflicts);
    const actor: Actor = { tokenId: caller.tokenId, role: caller.role, org: caller.org };
    const accepted: { id: string; kind: 'alert' }[] = [];
    for (const content of contents) accepted.push({ id: await this.apply(content, source, actor), kind: 'alert' });
    return { accepted };
  }

  /** A feed's alerts, each on its own: one that cannot be stored is reported, the rest still count. */
  async fromFeed(contents: AlertContent[], source: AlertSource): Promise<{ stored: number; failed: FieldError[] }> {
    const failed: FieldError[] = [];
    for (const content of contents) {
      try {
        await this.apply(content, source);
      } catch (err) {
        failed.push({ path: `${content.sender} ${content.identifier}`, message: (err as Error).message });
      }
    }
    return { stored: contents.length - failed.length, failed };
  }

  /** Stores one message (idempotently) and ends the alerts it updates or cancels; returns its id. */
  private async apply(content: AlertContent, source: AlertSource, actor?: Actor): Promise<string> {
    const keys = identityKeys(content);
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const found = await this.alerts.lookup(keys);
      const old = found.raw ? (JSON.parse(found.raw) as Alert) : null;
      if (old && !owns(old, source)) throw new AppError('conflict', `${content.sender} ${content.identifier} belongs to another organisation.`);
      const id = found.id ?? alertIdFor(keys[0]!);
      const next = nextVersion(old, content, source, this.clock.now(), id, found.referencedBy);
      if (!old || !sameVersion(old, next)) {
        const ending = content.msgType === 'Update' || content.msgType === 'Cancel';
        const referencedBy = ending ? content.references.map((r): [string, string] => [identityKey(r.sender, r.identifier), `${content.msgType}:${id}`]) : [];
        const stored = await this.alerts.store(next, found.raw, { identityKeys: keys, referencedBy, audit: actor && { actor, action: 'alert.push' } });
        if (!stored) continue;
      }
      if (content.msgType === 'Update' || content.msgType === 'Cancel') await this.endReferenced(content, { id, msgType: content.msgType }, source, actor);
      return id;
    }
    throw new AppError('conflict', `${content.sender} ${content.identifier} kept changing while being stored; send it again.`);
  }

  /**
   * Ends the active alerts a message references. A reference to an alert SitRoom never received is
   * remembered (that alert is born ended if it arrives later); one to another organisation's alert is ignored.
   */
  private async endReferenced(content: AlertContent, by: { id: string; msgType: 'Update' | 'Cancel' }, source: AlertSource, actor?: Actor): Promise<void> {
    for (const ref of content.references) {
      for (let round = 0; round < MAX_ROUNDS; round++) {
        const found = await this.alerts.lookup([identityKey(ref.sender, ref.identifier)]);
        const old = found.raw ? (JSON.parse(found.raw) as Alert) : null;
        const next = old && owns(old, source) ? endedBy(old, by, this.clock.now()) : null;
        if (!next) break;
        const action = by.msgType === 'Cancel' ? 'alert.cancel' : 'alert.supersede';
        if (await this.alerts.store(next, found.raw, { identityKeys: [], referencedBy: [], audit: actor && { actor, action } })) break;
      }
    }
  }

  /**
   * Moves every active alert past its `expires` to `expired`. Safe on every instance at once: each
   * transition is a compare-and-set, so an alert another instance already expired is left alone.
   */
  async expireDue(limit = 500): Promise<number> {
    const now = this.clock.now();
    let expired = 0;
    for (const id of await this.alerts.dueForExpiry(now.getTime(), limit)) {
      const raw = await this.alerts.getRaw(id);
      const old = raw ? (JSON.parse(raw) as Alert) : null;
      if (!old || old.state !== 'active') {
        await this.alerts.forgetExpiry(id);
        continue;
      }
      const next = expiredVersion(old, now);
      if (next && (await this.alerts.store(next, raw, { identityKeys: [], referencedBy: [] }))) expired++;
    }
    return expired;
  }

  async list(caller: Caller, opts: ListOptions & { bbox?: Bbox; state?: AlertState[]; status?: CapStatus[] }) {
    const operator = caller.role === 'operator' || caller.role === 'admin';
    const activeOnly = !operator || (opts.state !== undefined && opts.state.every((s) => s === 'active'));
    const { items, cursor } = await this.alerts.snapshot({ bbox: opts.bbox, activeOnly });
    const visible = items
      .map((a) => alertAsSeenBy(a, caller))
      .filter((a): a is Alert => a !== null && (!opts.state || opts.state.includes(a.state)) && (!opts.status || opts.status.includes(a.status)))
      .sort((a, b) => b.sent.localeCompare(a.sent) || b.id.localeCompare(a.id));
    return { ...paginate(visible, opts), cursor };
  }

  async get(caller: Caller, id: string): Promise<Alert> {
    const raw = await this.alerts.getRaw(id);
    const seen = raw && alertAsSeenBy(JSON.parse(raw) as Alert, caller);
    if (!seen) throw new AppError('not_found', `No alert with id ${id}.`);
    return seen;
  }
}
