/**
 * Notices a new client deployment and reloads the page, so a wall left on for weeks runs the code
 * that is deployed. No server support needed: the server sends index.html fresh (no-cache), and its
 * module script's name carries the build's content hash (`/assets/index-<hash>.js`). When the page's
 * own script differs from the one index.html names now, a new version is out.
 *
 * Reloads only when the new script actually answers (a half-finished deploy must not leave a blank
 * wall), after a random delay so a hundred walls do not reload in the same second, and at most once
 * per target: a proxy still serving the old page would otherwise reload the wall in a loop.
 */
const SCRIPT = /<script[^>]*type="module"[^>]*src="([^"]+)"/i;
const RELOADED_FOR = 'sitroom.reloadedFor';

/** The module script this page runs, or null in development (Vite serves /src/main.ts). */
export function loadedBundle(doc: Document = document): string | null {
  const src = doc.querySelector<HTMLScriptElement>('script[type="module"][src]')?.getAttribute('src') ?? null;
  return src && src.includes('/assets/') ? new URL(src, window.location.href).pathname : null;
}

/** The module script the page at `path` names now. */
export async function deployedBundle(path: string, signal?: AbortSignal): Promise<string | null> {
  const res = await fetch(path, { cache: 'no-store', headers: { accept: 'text/html' }, signal });
  if (!res.ok) return null;
  const src = SCRIPT.exec(await res.text())?.[1];
  return src ? new URL(src, window.location.href).pathname : null;
}

export interface VersionWatchOptions {
  /** The page to compare with (the wall's own address). */
  path?: string;
  /** The longest random wait before reloading. */
  maxDelayMs?: number;
  reload?: () => void;
}

export class VersionWatch {
  readonly #loaded = loadedBundle();
  readonly #opts: Required<VersionWatchOptions>;
  #checking = false;
  #pending: ReturnType<typeof setTimeout> | undefined;

  constructor(opts: VersionWatchOptions = {}) {
    this.#opts = { path: window.location.pathname, maxDelayMs: 30_000, reload: () => window.location.reload(), ...opts };
  }

  /** The new bundle's path when one is waiting to be loaded (the reload is scheduled). */
  newVersion: string | null = null;

  /** Compares with what is deployed; call on every reconnect and every few minutes. */
  async check(opts: { delayMs?: number } = {}): Promise<boolean> {
    if (!this.#loaded || this.#checking || this.newVersion) return false;
    this.#checking = true;
    try {
      const deployed = await deployedBundle(this.#opts.path);
      if (!deployed || deployed === this.#loaded) return false;
      if (sessionStorage.getItem(RELOADED_FOR) === deployed) return false;
      const probe = await fetch(deployed, { method: 'HEAD', cache: 'no-store' });
      if (!probe.ok) return false;
      this.newVersion = deployed;
      const delay = opts.delayMs ?? Math.random() * this.#opts.maxDelayMs;
      this.#pending = setTimeout(() => {
        try {
          sessionStorage.setItem(RELOADED_FOR, deployed);
        } catch {
          // Without session storage the worst case is one extra reload.
        }
        this.#opts.reload();
      }, delay);
      return true;
    } catch {
      return false; // offline or mid-restart: the next check will tell
    } finally {
      this.#checking = false;
    }
  }

  stop(): void {
    clearTimeout(this.#pending);
  }
}
