import { describe, expect, it } from 'vitest';
import { awaitsLink, coalesceLinks } from './incident-links.js';
import type { StreamChange } from './stream-change.js';

const report = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({ id, kind: 'report', status: 'unverified', ...extra });
const up = (id: string, data: Record<string, unknown>, more: Partial<StreamChange> = {}): StreamChange => ({ id, entity: 'report', op: 'upsert', data, ...more });

describe(coalesceLinks.name, () => {
  it('sends a new report once, in its linked form, when its link is in the same batch', () => {
    const batch = [up('1-0', report('r1')), up('2-0', report('r2')), up('3-0', report('r1', { incidentId: 'i1' }), { link: true })];
    expect(coalesceLinks(batch).map((c) => c.id)).toEqual(['2-0', '3-0']);
  });

  it('keeps changes that carry a prev (for some receivers they are removes) and removes', () => {
    const batch = [
      up('1-0', report('r1', { status: 'rejected' }), { prev: report('r1', { status: 'verified' }) }),
      { id: '2-0', entity: 'report', op: 'remove', data: { id: 'r2' } } as StreamChange,
      up('3-0', report('r1', { status: 'rejected' }), { link: true }),
    ];
    expect(coalesceLinks(batch).map((c) => c.id)).toEqual(['1-0', '2-0', '3-0']);
  });

  it('keeps an upsert that came after the link, and leaves other entities and kinds alone', () => {
    const batch = [
      up('1-0', report('r1', { incidentId: 'i1' }), { link: true }),
      up('2-0', report('r1', { incidentId: 'i1', status: 'verified' })),
      { id: '3-0', entity: 'alert', op: 'upsert', data: { id: 'r1', state: 'active' } } as StreamChange,
    ];
    expect(coalesceLinks(batch)).toEqual(batch);
  });

  it('returns the batch itself when it holds no link', () => {
    const batch = [up('1-0', report('r1'))];
    expect(coalesceLinks(batch)).toBe(batch);
  });
});

describe(awaitsLink.name, () => {
  it('waits for new live reports and alerts only', () => {
    expect(awaitsLink(up('1-0', report('r1')))).toBe(true);
    expect(awaitsLink(up('1-0', report('r1', { incidentId: 'i1' })))).toBe(false);
    expect(awaitsLink(up('1-0', report('r1', { status: 'rejected' })))).toBe(false);
    expect(awaitsLink(up('1-0', report('r1'), { prev: report('r1') }))).toBe(false);
    expect(awaitsLink({ id: '1-0', entity: 'alert', op: 'upsert', data: { id: 'a1', state: 'active' } })).toBe(true);
    expect(awaitsLink({ id: '1-0', entity: 'alert', op: 'upsert', data: { id: 'a1', state: 'expired' } })).toBe(false);
    expect(awaitsLink({ id: '1-0', entity: 'offer', op: 'upsert', data: { id: 'o1' } })).toBe(false);
  });
});
