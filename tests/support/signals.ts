import { ADMIN } from './test-server.js';

/** A CAP 1.2 alert written for a test (times relative to now, so it is live when posted). */
export interface CapOptions {
  identifier: string;
  sender?: string;
  msgType?: string;
  status?: string;
  scope?: string;
  references?: string;
  /** ISO instant; null for none; default an hour from now. */
  expires?: string | null;
  urgency?: string;
  event?: string;
  polygon?: string;
  circle?: string;
  /** Required elements to leave out, e.g. ['identifier']. */
  omit?: string[];
}

export function capXml(o: CapOptions): string {
  const sent = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, '+00:00');
  const expires = o.expires === undefined ? new Date(Date.now() + 3_600_000).toISOString() : o.expires;
  const el = (name: string, value: string | undefined) => (value === undefined || o.omit?.includes(name) ? '' : `<${name}>${value}</${name}>`);
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  ${el('identifier', o.identifier)}${el('sender', o.sender ?? 'test@sitroom.example')}${el('sent', sent)}
  ${el('status', o.status ?? 'Actual')}${el('msgType', o.msgType ?? 'Alert')}${el('scope', o.scope ?? 'Public')}${el('references', o.references)}
  <info>
    <category>Met</category>${el('event', o.event ?? 'Flood Warning')}${el('urgency', o.urgency ?? 'Immediate')}<severity>Severe</severity><certainty>Observed</certainty>
    ${expires ? `<expires>${expires.replace(/\.\d+Z$/, '+00:00')}</expires>` : ''}
    <headline>Test ${o.identifier}</headline>
    <area><areaDesc>Test area</areaDesc>${el('polygon', o.polygon ?? '51.4,-0.2 51.6,-0.2 51.6,0.1 51.4,0.1 51.4,-0.2')}${el('circle', o.circle)}</area>
  </info>
</alert>`;
}

export function postSignal(url: string, token: string | null, body: string | Buffer | object, type = 'application/cap+xml'): Promise<Response> {
  const json = typeof body === 'object' && !Buffer.isBuffer(body);
  return fetch(`${url}/api/signals`, {
    method: 'POST',
    headers: { 'content-type': json ? 'application/json' : type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: json ? JSON.stringify(body) : (body as string | Buffer),
  });
}

export async function getJson(url: string, path: string, token: string | null = ADMIN): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: await res.json().catch(() => null) };
}

export async function acceptedIds(res: Response): Promise<string[]> {
  const body = (await res.json()) as { accepted?: { id: string }[]; error?: unknown };
  if (res.status !== 202) throw new Error(`expected 202, got ${res.status}: ${JSON.stringify(body)}`);
  return body.accepted!.map((a) => a.id);
}
