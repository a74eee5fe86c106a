/**
 * `/ops?token=…` signs in once: the token is taken off the address bar at startup and held in this
 * module until the console exchanges it for a session cookie. Unlike the wall's token it never goes
 * to localStorage, where any script on the origin could read it: that is the point of the cookie.
 */
let pending: string | null = null;

export function takeSignInTokenFromAddress(): void {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl === null) return;
  url.searchParams.delete('token');
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  pending = fromUrl.trim() || null;
}

/** The token from the address, once: a second call returns null. */
export function consumeSignInToken(): string | null {
  const token = pending;
  pending = null;
  return token;
}
