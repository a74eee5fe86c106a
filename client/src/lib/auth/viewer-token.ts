const STORAGE_KEY = 'sitroom.token';

/** Where the token lives when storage is unavailable (private mode, policy): until the page closes. */
let inMemory: string | null = null;

/**
 * Moves a `?token=` from the address into storage and off the address bar, so it lingers in neither
 * history nor over-the-shoulder photos. Runs first thing at startup, before any page code loads.
 * `?token=` with no value forgets the stored token.
 */
export function takeTokenFromAddress(): void {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl === null) return;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  const token = fromUrl.trim();
  inMemory = token || null;
  try {
    if (token) localStorage.setItem(STORAGE_KEY, token);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Kept in memory only.
  }
}

/** The token this display was given, if any. */
export function storedToken(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY) ?? inMemory;
  } catch {
    return inMemory;
  }
}
