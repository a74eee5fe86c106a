import { describe, expect, it } from 'vitest';
import type { Report } from '@sitroom/shared';
import { changeAsSeenBy } from './visibility.js';
import type { StreamChange } from '../changes/stream-change.js';

const report = (over: Partial<Report> = {}): Report => ({
  id: 'r1', kind: 'report', category: 'flooding', hazard: 'flood', description: 'water', location: { lat: 51.501234, lon: -0.123456 },
  receivedAt: '2026-11-30T00:00:00.000Z', status: 'unverified', contact: 'me@example.org', updatedAt: '2026-11-30T00:00:00.000Z', ...over,
});
const upsert = (data: Report, prev?: Report): StreamChange => ({ id: '1-0', entity: 'report', op: 'upsert', data: data as never, ...(prev ? { prev: prev as never } : {}) });
const as = (role: string) => ({ role: role as never, org: null });

describe(changeAsSeenBy.name, () => {
  it('shows operators everything, contact included', () => {
    expect(changeAsSeenBy(upsert(report()), as('operator'))!.data).toMatchObject({ contact: 'me@example.org' });
  });

  it('shows viewers unverified reports without contact', () => {
    const seen = changeAsSeenBy(upsert(report()), as('viewer'))!;
    expect(seen.op).toBe('upsert');
    expect(seen.data).not.toHaveProperty('contact');
  });

  it('shows the public nothing unverified, and verified reports coarsened without contact', () => {
    expect(changeAsSeenBy(upsert(report()), as('public'))).toBeNull();
    const seen = changeAsSeenBy(upsert(report({ status: 'verified' })), as('public'))!;
    expect(seen.data).not.toHaveProperty('contact');
    expect(seen.data.location).not.toEqual(report().location);
  });

  it('turns a report that became hidden into a remove for those who saw it, and nothing for those who did not', () => {
    const rejected = upsert(report({ status: 'rejected' }), report({ status: 'verified' }));
    expect(changeAsSeenBy(rejected, as('viewer'))).toEqual({ id: '1-0', entity: 'report', op: 'remove', data: { id: 'r1' } });
    expect(changeAsSeenBy(rejected, as('public'))).toEqual({ id: '1-0', entity: 'report', op: 'remove', data: { id: 'r1' } });
    const rejectedUnseen = upsert(report({ status: 'rejected' }), report({ status: 'unverified' }));
    expect(changeAsSeenBy(rejectedUnseen, as('public'))).toBeNull();
  });

  it('never forwards internal token changes', () => {
    expect(changeAsSeenBy({ id: '1-0', entity: 'token', op: 'remove', data: { id: 't' } }, as('admin'))).toBeNull();
  });
});
