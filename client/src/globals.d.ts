import type { Map as MapLibreMap } from 'maplibre-gl';

declare global {
  interface Window {
    /** The wall's map and live feed, for end-to-end tests, benchmarks and debugging in the console. */
    __sitroomWall?: {
      map: MapLibreMap;
      /** The live feed (`receive(batch)` drives the page as the socket would). */
      store: import('./lib/live/live-feed.svelte').LiveFeed;
      data: unknown;
      syncs: Record<string, import('./lib/map/live-source').LiveSourceSync<{ id: string }>>;
      settings: unknown;
      checkVersion: (delayMs?: number) => Promise<boolean>;
      director: unknown;
    };
  }
}
