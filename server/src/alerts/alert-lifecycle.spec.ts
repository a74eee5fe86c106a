import { describe, expect, it } from 'vitest';
import type { AlertContent } from '@sitroom/shared';
import { alertIdFor, endedBy, expiredVersion, identityKeys, isLive, nextVersion, sameVersion } from './alert-lifecycle.js';

const NOW = new Date('2026-11-30T12:00:00Z');
const content = (over: Partial<AlertContent> = {}): AlertContent => ({
  sender: 'nws@example.gov', identifier: 'A1', sent: '2026-11-30T11:00:00.000Z', status: 'Actual', msgType: 'Alert', scope: 'Public',
  references: [], codes: [], categories: ['Met'], event: 'Flood Warning', responseTypes: [], urgency: 'Immediate', severity: 'Severe',
  certainty: 'Observed', areas: [], parameters: [], eventCodes: [], languages: ['en-US'], translations: [], expires: '2026-11-30T18:00:00.000Z', ...over,
});
const source = { org: 'NWS' };

describe('alert lifecycle', () => {
  it('gives the same identity the same id on every instance, aliases included', () => {
    expect(alertIdFor(identityKeys(content())[0]!)).toBe(alertIdFor('nws@example.gov A1'));
    expect(identityKeys(content({ aliases: ['B2', 'A1'] }))).toEqual(['nws@example.gov A1', 'nws@example.gov B2']);
  });

  it('starts an alert active, or expired when it arrives past its expiry', () => {
    expect(nextVersion(null, content(), source, NOW, 'x', null).state).toBe('active');
    expect(nextVersion(null, content({ expires: '2026-11-30T11:59:59.000Z' }), source, NOW, 'x', null).state).toBe('expired');
  });

  it('stores a Cancel message as cancelled: it is a notice, never a warning to draw', () => {
    expect(nextVersion(null, content({ msgType: 'Cancel' }), source, NOW, 'x', null).state).toBe('cancelled');
  });

  it('gives birth ended to an original whose Update or Cancel came first', () => {
    expect(nextVersion(null, content(), source, NOW, 'x', 'Update:u1')).toMatchObject({ state: 'superseded', endedBy: 'u1' });
    expect(nextVersion(null, content(), source, NOW, 'x', 'Cancel:c1')).toMatchObject({ state: 'cancelled', endedBy: 'c1' });
  });

  it('does not revive an ended alert on re-send, and keeps first receipt and source', () => {
    const first = nextVersion(null, content(), source, NOW, 'x', null);
    const ended = endedBy(first, { id: 'u1', msgType: 'Update' }, NOW)!;
    const again = nextVersion(ended, content(), { org: 'NWS', feed: 'f' }, new Date(NOW.getTime() + 60_000), 'x', null);
    expect(again).toMatchObject({ state: 'superseded', endedBy: 'u1', receivedAt: first.receivedAt, source: { org: 'NWS' } });
  });

  it('calls a re-send that changes nothing the same version, whatever the time', () => {
    const first = nextVersion(null, content(), source, NOW, 'x', null);
    expect(sameVersion(first, nextVersion(first, content(), source, new Date(NOW.getTime() + 5000), 'x', null))).toBe(true);
    expect(sameVersion(first, nextVersion(first, content({ severity: 'Extreme' }), source, NOW, 'x', null))).toBe(false);
  });

  it('ends only active alerts, and expires only those past due', () => {
    const active = nextVersion(null, content(), source, NOW, 'x', null);
    expect(endedBy(active, { id: 'c', msgType: 'Cancel' }, NOW)!.state).toBe('cancelled');
    expect(endedBy({ ...active, state: 'expired' }, { id: 'c', msgType: 'Cancel' }, NOW)).toBeNull();
    expect(expiredVersion(active, NOW)).toBeNull();
    expect(expiredVersion(active, new Date('2026-11-30T18:00:00Z'))!.state).toBe('expired');
  });

  it('counts only actual, active alerts and updates as live', () => {
    const a = nextVersion(null, content(), source, NOW, 'x', null);
    expect(isLive(a)).toBe(true);
    for (const status of ['Exercise', 'Test', 'System', 'Draft'] as const) expect(isLive({ ...a, status })).toBe(false);
    expect(isLive({ ...a, msgType: 'Ack' })).toBe(false);
    expect(isLive({ ...a, state: 'expired' })).toBe(false);
  });
});
