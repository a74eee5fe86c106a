export const CLIENT_DIST = Symbol('CLIENT_DIST');
