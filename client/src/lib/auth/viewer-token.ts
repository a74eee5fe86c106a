const STORAGE_KEY = 'sitroom.token';

/**
 * The wall's token: taken once from `?token=`, kept in localStorage so the display survives reloads,
 * and removed from the address bar so it does not linger in history or over-the-shoulder photos.
 * `?token=` with no value forgets the stored token.
 */
export function takeViewerToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl === null) return readStored();
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  const token = fromUrl.trim();
  try {
    if (token) localStorage.setItem(STORAGE_KEY, token);
    else localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Storage disabled (private mode, policy): the token still works until the page is closed.
  }
  return token || null;
}

function readStored(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}
