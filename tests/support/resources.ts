/** Helpers for the offers, needs and commitments tests. */

export const anOffer = (over: Record<string, unknown> = {}) => ({
  resourceType: 'shelter-beds',
  quantity: 40,
  location: { lat: 51.5, lon: -0.12 },
  description: 'Hotel rooms, ground floor',
  contact: 'Duty manager +44 20 7946 0000',
  ...over,
});

export const aNeed = (over: Record<string, unknown> = {}) => ({
  resourceType: 'shelter-beds',
  quantity: 100,
  location: { lat: 51.51, lon: -0.1 },
  ...over,
});

export const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();

/** A tiny JSON client bound to one server and token: `await api.post('/api/offers', body)`. */
export function client(url: string, token?: string) {
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body?: unknown, headers?: Record<string, string>) => call('POST', path, body ?? {}, headers),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    xml: (path: string, xml: string, type = 'application/xml') => call('POST', path, xml, { 'content-type': type }),
  };
}
