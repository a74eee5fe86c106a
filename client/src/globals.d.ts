import type { Map as MapLibreMap } from 'maplibre-gl';
import type { LiveReports } from './lib/live/live-reports.svelte';

declare global {
  interface Window {
    /** The wall's map and live store, for end-to-end tests and debugging in the console. */
    __sitroomWall?: { map: MapLibreMap; store: LiveReports };
  }
}
