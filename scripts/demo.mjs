#!/usr/bin/env node
// `npm run demo`: starts SitRoom and feeds it a moving scenario through the public API, so a newcomer
// sees a live wall at once. Runs for --minutes (default 60) or until Ctrl-C.
//
// The scenario: a storm line crossing the Dresden area from the south-west. Flood reports follow the
// Elbe as the water rises, a wildfire grows on the heath to the north, power fails where the storm
// passes, plus the usual unrelated noise.
import { randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { ensureBuilt, ROOT } from './lib.mjs';

const minutes = Number(process.argv.find((a, i, all) => all[i - 1] === '--minutes') ?? 60);
const port = Number(process.env.PORT ?? 3000);
const base = `http://localhost:${port}`;
const admin = process.env.ADMIN_TOKEN ?? `demo-${randomBytes(18).toString('base64url')}`;

await ensureBuilt();
const server = spawn('node', ['server/dist/main.js'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, ADMIN_TOKEN: admin } });
const stop = () => {
  server.kill('SIGTERM');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
server.on('exit', (code) => process.exit(code ?? 1));

await waitForHealth();
const issue = async (role, label) => {
  const res = await fetch(`${base}/api/admin/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ role, org: 'SitRoom demo', label }),
  });
  return (await res.json()).token;
};
const viewer = await issue('viewer', 'demo wall');
// Reports arrive through a relay token: the public's per-address limit would otherwise cap the demo at 10 a minute.
const relay = await issue('agency', 'demo relay');
console.log(`\nDemo running for ${minutes} min. Open the wall: ${base}/wall?token=${viewer}\nPublic form: ${base}/report\n`);

const rand = (a, b) => a + Math.random() * (b - a);
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const jitter = (p, km) => ({ lat: p.lat + rand(-km, km) / 111, lon: p.lon + rand(-km, km) / 70 });

// Points along the Elbe through Dresden, south-east to north-west.
const elbe = [
  { lat: 50.985, lon: 13.95 }, { lat: 51.01, lon: 13.86 }, { lat: 51.045, lon: 13.8 }, { lat: 51.056, lon: 13.745 },
  { lat: 51.065, lon: 13.7 }, { lat: 51.1, lon: 13.64 }, { lat: 51.13, lon: 13.58 }, { lat: 51.165, lon: 13.48 },
];
const texts = {
  flooding: ['Water over the riverside path, rising fast', 'Cellar flooded, water coming in under the door', 'Road closed by police, water knee deep', 'Car park by the river is under water', 'Sandbags needed, water at the top of the wall'],
  wildfire: ['Smoke column visible from the motorway', 'Flames at the edge of the forest, wind pushing east', 'Ash falling in the garden, strong smell of smoke', 'Fire brigade on scene, more vehicles needed'],
  'power-outage': ['Whole street without power since the storm', 'Traffic lights out at the junction', 'No electricity, elderly neighbour on oxygen'],
  'storm-damage': ['Tree fell across the road, blocking both lanes', 'Roof tiles torn off, debris on the pavement', 'Power line down on the cycle path'],
  'road-blocked': ['Lorry stuck under the flooded underpass', 'Accident on the bridge, traffic backed up'],
  other: ['Lost dog near the park', 'Loud bang heard, no idea what it was'],
};

const started = Date.now();
let sent = 0;
async function send(category, location) {
  const res = await fetch(`${base}/api/reports`, {
    method: 'POST',
    headers: { authorization: `Bearer ${relay}`, 'content-type': 'application/json' },
    body: JSON.stringify({ category, description: pick(texts[category]), location, occurredAt: new Date().toISOString() }),
  }).catch(() => null);
  if (res?.ok) sent++;
}

while (Date.now() - started < minutes * 60_000) {
  const t = (Date.now() - started) / 60_000; // minutes into the scenario
  const front = Math.min(elbe.length - 1, Math.floor(t * 1.5)); // the flood moves downstream
  const r = Math.random();
  if (r < 0.45) await send('flooding', jitter(elbe[Math.floor(rand(0, front + 1))], 0.6));
  else if (r < 0.65) await send('wildfire', jitter({ lat: 51.16 + t * 0.002, lon: 13.82 + t * 0.004 }, 0.8 + t * 0.05));
  else if (r < 0.8) await send('storm-damage', jitter({ lat: 50.98 + t * 0.01, lon: 13.6 + t * 0.015 }, 3));
  else if (r < 0.92) await send('power-outage', jitter({ lat: 51.0 + t * 0.01, lon: 13.65 + t * 0.015 }, 2));
  else if (r < 0.97) await send('road-blocked', jitter(elbe[3], 4));
  else await send('other', jitter(elbe[4], 8));
  if (sent % 25 === 0) console.log(`demo: ${sent} reports sent`);
  await new Promise((r) => setTimeout(r, rand(700, 2500)));
}
stop();

async function waitForHealth() {
  for (let i = 0; i < 300; i++) {
    const ok = await fetch(`${base}/health`).then((r) => r.ok, () => false);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('SitRoom did not become healthy');
}
