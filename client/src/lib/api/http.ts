import type { ErrorBody } from '@sitroom/shared';

export type FieldError = { path: string; message: string };

/** The server answered with an error body (`{ error: { code, message, fields? } }`). */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldError[] = [],
    /** From `Retry-After`, in seconds, when the server sent one. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** The request never got an answer: offline, DNS, a dropped connection or a timeout. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  token?: string | null;
  /** Extra headers, such as the session's CSRF value on cookie-authenticated writes. */
  headers?: Record<string, string>;
  /** `omit` for requests that must go as the public even from a browser signed in to the console. */
  credentials?: RequestCredentials;
  signal?: AbortSignal;
  /** Give up (as a NetworkError) after this long: bad networks hang rather than fail. */
  timeoutMs?: number;
}

/** Fetches JSON from the API; throws ApiError, NetworkError, or the caller's AbortError. */
export async function requestJson<T>(path: string, { method = 'GET', body, token, headers: extra, credentials, signal, timeoutMs = 20_000 }: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extra };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;

  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  const onAbort = () => timeout.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials, body: body === undefined ? undefined : JSON.stringify(body), signal: timeout.signal });
    // 204 (sign-out, say) has no body to parse.
    if (response.status === 204) return undefined as T;
    if (response.ok) return (await response.json()) as T;
  } catch (err) {
    if (signal?.aborted) throw signal.reason ?? err;
    throw new NetworkError(timeout.signal.aborted ? 'The request timed out.' : 'The network is unreachable.', { cause: err });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
  throw await errorFrom(response);
}

async function errorFrom(response: Response): Promise<ApiError> {
  let error: Partial<ErrorBody['error']> = {};
  try {
    error = ((await response.json()) as Partial<ErrorBody>).error ?? {};
  } catch {
    // Not our JSON (a proxy's HTML page, say): the status alone has to do.
  }
  return new ApiError(
    response.status,
    error.code ?? (response.status >= 500 ? 'unavailable' : 'error'),
    error.message ?? `The server answered ${response.status}.`,
    Array.isArray(error.fields) ? error.fields : [],
    retryAfterSeconds(response.headers.get('retry-after')),
  );
}

/** `Retry-After` is either a number of seconds or an HTTP date. */
function retryAfterSeconds(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
