/**
 * Every key SitRoom writes starts with `{prefix}:`. The braces are a Redis Cluster hash tag: all keys
 * land in one slot, so MULTI and Lua steps that touch an entity and the change stream together stay
 * legal on a cluster. Repositories build their key names with this and nothing else.
 */
export class Keyspace {
  constructor(readonly prefix: string) {}

  key(...parts: string[]): string {
    return `{${this.prefix}}:${parts.join(':')}`;
  }
}
