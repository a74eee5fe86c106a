export interface BackoffOptions {
  minMs: number;
  maxMs: number;
  /** 0.5 spreads each delay over ±50 %, so a room of walls does not reconnect in step after an outage. */
  jitter: number;
}

/** Exponential backoff with jitter, the same shape socket.io-client uses for its own reconnects. */
export class Backoff {
  #attempt = 0;
  readonly #opts: BackoffOptions;

  constructor(opts: BackoffOptions) {
    this.#opts = opts;
  }

  next(): number {
    const { minMs, maxMs, jitter } = this.#opts;
    const base = Math.min(maxMs, minMs * 2 ** Math.min(this.#attempt++, 30));
    const spread = base * jitter * (Math.random() * 2 - 1);
    return Math.round(Math.min(maxMs, Math.max(minMs / 2, base + spread)));
  }

  reset(): void {
    this.#attempt = 0;
  }
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
