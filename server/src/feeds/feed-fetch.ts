/** A feed document bigger than this is refused (MeteoAlarm's largest national feed is ~0.6 MB). */
export const MAX_FEED_BYTES = 16 * 1024 * 1024;

export interface Validators {
  etag?: string | null;
  lastModified?: string | null;
}

export type Fetched = { notModified: true } | { notModified: false; body: Uint8Array; validators: Validators };

export class FetchError extends Error {}

/**
 * One GET with Node's fetch: conditional when the last answer gave an ETag or Last-Modified (a 304
 * costs the source almost nothing), bounded in time (the whole exchange, body included) and in size.
 */
export async function fetchDocument(url: string, opts: { validators?: Validators; timeoutMs: number; signal?: AbortSignal; accept?: string }): Promise<Fetched> {
  const headers: Record<string, string> = { 'user-agent': 'SitRoom/0.1 (emergency dashboard feed poller)', accept: opts.accept ?? '*/*' };
  if (opts.validators?.etag) headers['if-none-match'] = opts.validators.etag;
  if (opts.validators?.lastModified) headers['if-modified-since'] = opts.validators.lastModified;
  const timeout = AbortSignal.timeout(opts.timeoutMs);
  const signal = opts.signal ? AbortSignal.any([timeout, opts.signal]) : timeout;
  try {
    const res = await fetch(url, { headers, signal, redirect: 'follow' });
    if (res.status === 304) return { notModified: true };
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchError(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`);
    }
    const body = await readCapped(res);
    return { notModified: false, body, validators: { etag: res.headers.get('etag'), lastModified: res.headers.get('last-modified') } };
  } catch (err) {
    if (err instanceof FetchError) throw err;
    if (timeout.aborted) throw new FetchError(`timed out after ${Math.round(opts.timeoutMs / 100) / 10} s`);
    if (opts.signal?.aborted) throw new FetchError('aborted (the server is shutting down)');
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new FetchError(`could not fetch: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
  }
}

async function readCapped(res: Response): Promise<Uint8Array> {
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > MAX_FEED_BYTES) {
    await res.body?.cancel().catch(() => undefined);
    throw new FetchError(`the document is larger than ${MAX_FEED_BYTES / 1024 / 1024} MiB`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FEED_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new FetchError(`the document is larger than ${MAX_FEED_BYTES / 1024 / 1024} MiB`);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
