import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Change } from '@sitroom/shared';
import { socketClient } from '../support/live-clients.js';
import { aReport, dropPrefix, eventually, issueToken, postReport, startServer, testPrefix, type TestServer } from '../support/test-server.js';

describe('presence: who has a report open', () => {
  let a: TestServer;
  let b: TestServer;
  let fire: { id: string; token: string };
  let police: { id: string; token: string };
  let viewer: string;
  beforeAll(async () => {
    const prefix = testPrefix();
    a = await startServer({}, prefix);
    b = await startServer({}, prefix);
    fire = await issueToken(a.url, 'operator', 'County Fire');
    police = await issueToken(a.url, 'operator', 'City Police');
    viewer = (await issueToken(a.url, 'viewer')).token;
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await dropPrefix(a.prefix);
  });

  const presence = (changes: Change[]) => changes.filter((c) => c.entity === 'presence');

  it('shows other operators, on any instance, who has a report open, and clears it when they leave', async () => {
    const id = (await (await postReport(a.url, aReport())).json()).id;
    const opA = socketClient(a.url, { token: fire.token });
    const opB = socketClient(b.url, { token: police.token });
    const wall = socketClient(b.url, { token: viewer });
    await Promise.all([opA.connected, opB.connected, wall.connected]);

    expect(await opA.socket.emitWithAck('presence', { entity: 'report', id })).toEqual({ ok: true });
    await eventually(() =>
      expect(presence(opB.received).at(-1)).toMatchObject({ op: 'upsert', data: { id: `report:${id}`, entityId: id, viewers: [{ tokenId: fire.id, org: 'County Fire' }] } }),
    );
    const listed = await (await fetch(`${b.url}/api/presence`, { headers: { authorization: `Bearer ${police.token}` } })).json();
    expect(listed.items).toContainEqual(expect.objectContaining({ entityId: id }));

    opA.close(); // closing the console (or the tab) frees the seat
    await eventually(() => expect(presence(opB.received).at(-1)).toMatchObject({ op: 'remove', data: { id: `report:${id}` } }));
    expect(presence(wall.received)).toEqual([]); // walls never see who is working on what
    opB.close();
    wall.close();
  });

  it('refuses presence from non-operators and malformed targets', async () => {
    const wall = socketClient(a.url, { token: viewer });
    const op = socketClient(a.url, { token: fire.token });
    await Promise.all([wall.connected, op.connected]);
    expect(await wall.socket.emitWithAck('presence', { entity: 'report', id: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await op.socket.emitWithAck('presence', { entity: 'spaceship', id: 'x' } as never)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await fetch(`${a.url}/api/presence`, { headers: { authorization: `Bearer ${viewer}` } })).status).toBe(403);
    wall.close();
    op.close();
  });
});
