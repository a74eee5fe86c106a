import { describe, expect, it } from 'vitest';
import type { Audience } from '@sitroom/shared';
import { changeAsSeenBy } from './visibility.js';
import type { StreamChange } from '../changes/stream-change.js';

/**
 * Every event × every role: the one function Socket.IO, GraphQL subscriptions and GET /api/changes
 * all go through. Fails on any unexpected allow, and on any private field reaching a role that must
 * not see it. (The HTTP side of the matrix is tests/integration/role-matrix.test.ts.)
 */
const ROLES: Audience[] = ['public', 'viewer', 'business', 'agency', 'operator', 'admin'];
const ORG = 'Acme Water';

const samples: Record<string, { change: StreamChange; sees: Audience[]; private?: { field: string; only: Audience[] } }> = {
  'unverified report': {
    change: { id: '1-0', entity: 'report', op: 'upsert', data: { id: 'r1', kind: 'report', category: 'flooding', hazard: 'flood', description: 'x', location: { lat: 1, lon: 1 }, receivedAt: 't', status: 'unverified', contact: '+1 555', updatedAt: 't' } },
    sees: ['viewer', 'agency', 'operator', 'admin'],
    private: { field: 'contact', only: ['operator', 'admin'] },
  },
  'verified report': {
    change: { id: '1-1', entity: 'report', op: 'upsert', data: { id: 'r2', kind: 'report', category: 'flooding', hazard: 'flood', description: 'x', location: { lat: 1, lon: 1 }, receivedAt: 't', status: 'verified', contact: '+1 555', updatedAt: 't' } },
    sees: ROLES,
    private: { field: 'contact', only: ['operator', 'admin'] },
  },
  'rejected report': {
    change: { id: '1-2', entity: 'report', op: 'upsert', data: { id: 'r3', kind: 'report', category: 'flooding', hazard: 'flood', description: 'x', location: { lat: 1, lon: 1 }, receivedAt: 't', status: 'rejected', updatedAt: 't' } },
    sees: ['operator', 'admin'],
  },
  'live Actual alert': {
    change: { id: '2-0', entity: 'alert', op: 'upsert', data: { id: 'a1', kind: 'alert', status: 'Actual', msgType: 'Alert', scope: 'Public', state: 'active', areas: [], source: { org: 'NWS' } } },
    sees: ROLES,
  },
  'Restricted alert': {
    change: { id: '2-2', entity: 'alert', op: 'upsert', data: { id: 'a3', kind: 'alert', status: 'Actual', msgType: 'Alert', scope: 'Restricted', state: 'active', areas: [], source: { org: 'NWS' } } },
    sees: ['viewer', 'agency', 'operator', 'admin'],
  },
  'Exercise alert': {
    change: { id: '2-1', entity: 'alert', op: 'upsert', data: { id: 'a2', kind: 'alert', status: 'Exercise', msgType: 'Alert', scope: 'Public', state: 'active', areas: [], source: { org: 'NWS' } } },
    sees: ['operator', 'admin'],
  },
  'available offer of this business': {
    change: { id: '3-0', entity: 'offer', op: 'upsert', data: { id: 'o1', kind: 'offer', org: ORG, status: 'available', remaining: 5, contact: 'depot@acme' } },
    sees: ['viewer', 'business', 'operator', 'admin'],
    private: { field: 'contact', only: ['business', 'operator', 'admin'] },
  },
  'open need': {
    change: { id: '4-0', entity: 'need', op: 'upsert', data: { id: 'n1', kind: 'need', status: 'open', quantity: 5, met: 0 } },
    sees: ['viewer', 'operator', 'admin'],
  },
  'commitment of this business offer': {
    change: { id: '5-0', entity: 'commitment', op: 'upsert', data: { id: 'c1', kind: 'commitment', offerOrg: ORG, committedByOrg: 'County EOC', committedByToken: 'tok-1' } },
    sees: ['viewer', 'business', 'operator', 'admin'],
    private: { field: 'committedByToken', only: ['operator', 'admin'] },
  },
  'unconfirmed incident': {
    change: { id: '6-0', entity: 'incident', op: 'upsert', data: { id: 'i1', kind: 'incident', status: 'unconfirmed', sources: [{ kind: 'report', id: 'r1' }], counts: { alerts: 0 } } },
    sees: ['viewer', 'agency', 'operator', 'admin'],
  },
  'active incident': {
    change: { id: '6-1', entity: 'incident', op: 'upsert', data: { id: 'i2', kind: 'incident', status: 'active', location: { lat: 1, lon: 1 }, sources: [{ kind: 'report', id: 'r1' }, { kind: 'alert', id: 'a1' }], counts: { alerts: 1 } } },
    sees: ROLES,
  },
  'feed health': {
    change: { id: '7-0', entity: 'feed', op: 'upsert', data: { id: 'f1', kind: 'feed', url: 'https://x.example/feed?key=secret', status: 'ok' } },
    sees: ['viewer', 'agency', 'operator', 'admin'],
  },
  presence: {
    change: { id: '8-0', entity: 'presence', op: 'upsert', data: { id: 'report:r1', viewers: [{ tokenId: 't', org: 'Fire' }] } },
    sees: ['operator', 'admin'],
  },
  'token revocation': {
    change: { id: '9-0', entity: 'token', op: 'remove', data: { id: 't' } },
    sees: [],
  },
};

describe('the event × role matrix', () => {
  for (const [name, { change, sees, private: secret }] of Object.entries(samples)) {
    it(`${name}: seen by ${sees.join(', ') || 'nobody'}`, () => {
      for (const role of ROLES) {
        const seen = changeAsSeenBy(change, { role, org: role === 'business' ? ORG : null });
        expect({ role, sees: seen !== null }).toEqual({ role, sees: sees.includes(role) });
        if (seen && secret && !secret.only.includes(role)) expect(seen.data).not.toHaveProperty(secret.field);
      }
    });
  }

  it('shows another business nothing of an offer or commitment that is not its own', () => {
    for (const key of ['available offer of this business', 'commitment of this business offer']) {
      expect(changeAsSeenBy(samples[key]!.change, { role: 'business', org: 'Other Co' })).toBeNull();
    }
  });
});
