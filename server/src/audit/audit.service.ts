import { Injectable } from '@nestjs/common';
import type { AuditEntry } from '@sitroom/shared';
import { AuditRepository } from './audit.repository.js';

export interface AuditQuery {
  entity?: string;
  id?: string;
  actor?: string;
  from?: string;
  to?: string;
  limit: number;
}

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /** Filters by entity, entity id, actor (token id or org) and time; oldest first, at most `limit`. */
  async find(q: AuditQuery): Promise<{ items: AuditEntry[] }> {
    const items: AuditEntry[] = [];
    let after: string | undefined;
    const from = q.from ? Date.parse(q.from) : null;
    const to = q.to ? Date.parse(q.to) : null;
    // Scan in pages: the time bounds narrow the read, the other filters run here.
    for (;;) {
      const page = await this.audit.range(from, to, 2000, after);
      for (const e of page) if (matches(e, q)) items.push(e);
      if (items.length >= q.limit || page.length < 2000) break;
      after = page[page.length - 1]!.seq;
    }
    return { items: items.slice(0, q.limit) };
  }

  static toCsv(items: AuditEntry[]): string {
    const cell = (v: unknown) => {
      const s = v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
      // Quote everything, and defuse spreadsheet formulas: user text must never run in Excel either.
      return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
    };
    const header = ['at', 'actor_token_id', 'actor_role', 'actor_org', 'action', 'entity', 'id', 'before', 'after'];
    const rows = items.map((e) => [e.at, e.actor.tokenId, e.actor.role, e.actor.org, e.action, e.entity, e.id, e.before, e.after].map(cell).join(','));
    return [header.join(','), ...rows].join('\r\n') + '\r\n';
  }
}

function matches(e: AuditEntry, q: AuditQuery): boolean {
  if (q.entity && e.entity !== q.entity) return false;
  if (q.id && e.id !== q.id) return false;
  if (q.actor && e.actor.tokenId !== q.actor && e.actor.org !== q.actor) return false;
  return true;
}
