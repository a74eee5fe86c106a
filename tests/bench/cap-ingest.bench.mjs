/**
 * CAP ingest: how many CAP 1.2 alerts per second the real server reads and stores over HTTP.
 *
 * One server (its own Redis prefix) and an agency token; autocannon POSTs application/cap+xml to
 * /api/signals. Every request is a new alert (a unique identifier set per request in
 * `setupRequest`, which also sizes Content-Length), so each one takes the whole path: decode, refuse
 * DTDs, well-formedness check, parse, CAP validation (enumerations, times, a 5-point polygon),
 * identity lookup, the compare-and-set store with its indexes and change, and the 202. A re-sent
 * alert would cost less (it writes nothing), so this is the rate for fresh alerts. Afterwards the
 * stored alert count is read back from Redis: every 202 must be stored.
 *
 *   node tests/bench/cap-ingest.bench.mjs            (after `npx tsc -b`)
 */
import { cannon, cpuMeter, isMain, issueToken, storedCount, summarizeCannon, withServer } from './support.mjs';

export const defaults = {
  warmupSeconds: 2,
  durationSeconds: 10,
  connections: 20,
  pipelining: 1,
};

/** The OASIS thunderstorm example (CAP 1.2 Appendix A), with a live expiry and a placeholder identifier. */
function capTemplate() {
  const sent = new Date().toISOString().replace(/\.\d+Z$/, '+00:00');
  const expires = new Date(Date.now() + 6 * 3600_000).toISOString().replace(/\.\d+Z$/, '+00:00');
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>__ID__</identifier><sender>bench@sitroom.example</sender><sent>${sent}</sent>
  <status>Actual</status><msgType>Alert</msgType><scope>Public</scope>
  <info>
    <category>Met</category><event>SEVERE THUNDERSTORM</event><responseType>Shelter</responseType>
    <urgency>Immediate</urgency><severity>Severe</severity><certainty>Observed</certainty>
    <eventCode><valueName>SAME</valueName><value>SVR</value></eventCode>
    <expires>${expires}</expires>
    <senderName>NATIONAL WEATHER SERVICE SACRAMENTO CA</senderName>
    <headline>SEVERE THUNDERSTORM WARNING</headline>
    <description>AT 254 PM PDT...NATIONAL WEATHER SERVICE DOPPLER RADAR INDICATED A SEVERE THUNDERSTORM OVER SOUTH CENTRAL ALPINE COUNTY. HAIL...INTENSE RAIN AND STRONG DAMAGING WINDS ARE LIKELY WITH THIS STORM.</description>
    <instruction>TAKE COVER IN A SUBSTANTIAL SHELTER UNTIL THE STORM PASSES.</instruction>
    <area>
      <areaDesc>EXTREME NORTH CENTRAL TUOLUMNE COUNTY IN CALIFORNIA</areaDesc>
      <polygon>38.47,-120.14 38.34,-119.95 38.52,-119.74 38.62,-119.89 38.47,-120.14</polygon>
      <geocode><valueName>SAME</valueName><value>006109</value></geocode>
    </area>
  </info>
</alert>`;
}

export async function runCapIngest(options = {}) {
  const o = { ...defaults, ...options };
  return withServer('cap-ingest', async (server) => {
    const token = await issueToken(server, 'agency');
    const template = capTemplate();
    let n = 0;
    const run = `${process.pid}-${Date.now()}`;
    const request = {
      url: `${server.url}/api/signals`,
      method: 'POST',
      headers: { 'content-type': 'application/cap+xml', authorization: `Bearer ${token}` },
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, body: template.replace('__ID__', `bench-${run}-${n++}`) }) }],
      connections: o.connections,
      pipelining: o.pipelining,
    };

    const warm = await cannon({ ...request, duration: o.warmupSeconds });
    const cpu = cpuMeter(server.child.pid);
    const measured = await cannon({ ...request, duration: o.durationSeconds });
    const cpuUse = cpu.stop();

    const stored = await storedCount(server.prefix, 'alerts');
    const accepted = warm['2xx'] + measured['2xx'];
    const inFlightMax = 2 * o.connections * o.pipelining;
    const summary = summarizeCannon(measured);
    return {
      name: 'cap',
      what: 'CAP 1.2 alerts accepted (202) and stored per second over POST /api/signals (autocannon, real server + Redis)',
      settings: o,
      bodyBytes: Buffer.byteLength(template),
      warmup: { requests: warm.requests.total, status2xx: warm['2xx'], non2xx: warm.non2xx, errors: warm.errors },
      ...summary,
      alertsPerSec: summary.okPerSec,
      cpu: cpuUse,
      storedCheck: {
        accepted2xx: accepted,
        storedInRedis: stored,
        unansweredAtStop: stored - accepted,
        ok: stored >= accepted && stored <= accepted + inFlightMax,
      },
    };
  });
}

if (isMain(import.meta.url)) {
  const r = await runCapIngest();
  console.log(JSON.stringify(r, null, 2));
}
