/** A second connection reserved for the blocking XREAD of the change tail. */
export const REDIS_BLOCKING = Symbol('REDIS_BLOCKING');
