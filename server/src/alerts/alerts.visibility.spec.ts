import { describe, expect, it } from 'vitest';
import type { Alert, FeedState } from '@sitroom/shared';
import { changeAsSeenBy } from '../live/visibility.js';
import { alertAsSeenBy } from './alerts.visibility.js';
import { feedAsSeenBy } from '../feeds/feeds.visibility.js';

const alert = (over: Partial<Alert> = {}): Alert => ({
  id: 'a1', kind: 'alert', source: { org: 'NWS' }, sender: 's', identifier: 'i', sent: '2026-11-30T00:00:00.000Z', status: 'Actual', msgType: 'Alert',
  scope: 'Public', references: [], codes: [], categories: ['Met'], event: 'Flood', responseTypes: [], urgency: 'Immediate', severity: 'Severe',
  certainty: 'Observed', areas: [], parameters: [], eventCodes: [], languages: ['en-US'], translations: [], state: 'active',
  receivedAt: '2026-11-30T00:00:00.000Z', updatedAt: '2026-11-30T00:00:00.000Z', ...over,
});
const as = (role: string) => ({ role: role as never, org: null });

describe(alertAsSeenBy.name, () => {
  it('shows live public alerts to everyone', () => {
    for (const role of ['public', 'business', 'viewer', 'agency', 'operator', 'admin']) expect(alertAsSeenBy(alert(), as(role))).not.toBeNull();
  });

  it('shows tests, exercises and ended alerts to operators and admins only', () => {
    for (const over of [{ status: 'Test' }, { status: 'Exercise' }, { state: 'expired' }, { state: 'cancelled' }] as Partial<Alert>[]) {
      expect(alertAsSeenBy(alert(over), as('viewer'))).toBeNull();
      expect(alertAsSeenBy(alert(over), as('operator'))).not.toBeNull();
    }
  });

  it('narrows by scope: Restricted to viewers and agencies, Private to operators', () => {
    expect(alertAsSeenBy(alert({ scope: 'Restricted' }), as('public'))).toBeNull();
    expect(alertAsSeenBy(alert({ scope: 'Restricted' }), as('viewer'))).not.toBeNull();
    expect(alertAsSeenBy(alert({ scope: 'Private' }), as('agency'))).toBeNull();
  });

  it('turns a cancellation into a remove for a wall that showed the alert', () => {
    const change = { id: '1-0', entity: 'alert' as const, op: 'upsert' as const, data: alert({ state: 'cancelled' }) as never, prev: alert() as never };
    expect(changeAsSeenBy(change, as('viewer'))).toEqual({ id: '1-0', entity: 'alert', op: 'remove', data: { id: 'a1' } });
  });
});

describe(feedAsSeenBy.name, () => {
  const feed = { id: 'f', kind: 'feed', url: 'https://user:pw@api.example.org/alerts?key=SECRET#x' } as FeedState;
  it('shows feed health from viewers up, the full URL to admins only', () => {
    expect(feedAsSeenBy(feed, as('admin'))!.url).toContain('SECRET');
    expect(feedAsSeenBy(feed, as('viewer'))!.url).toBe('https://api.example.org/alerts');
    expect(feedAsSeenBy(feed, as('public'))).toBeNull();
    expect(feedAsSeenBy(feed, as('business'))).toBeNull();
  });
});
