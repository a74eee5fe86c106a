/** The shared command connection. Blocking reads use their own connection (see ChangeTail). */
export const REDIS = Symbol('REDIS');
