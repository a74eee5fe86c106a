import type { Map as MapLibreMap, MapOptions, Popup, PopupOptions } from 'maplibre-gl';

/**
 * The seam between SitRoom's map code and the library that draws it. Every layer kit, source sync and
 * overlay talks to the map through the MapLibre `Map` API; mapbox-gl v3 has the same shape for what
 * SitRoom uses (addSource/addLayer with GeoJSON sources, `updateData`, `addImage`, events, camera), so
 * an engine only has to make maps and popups.
 *
 * MapLibre is the default and the only engine bundled today. Running the same layers on mapbox-gl when
 * `MAPBOX_ACCESS_TOKEN` is configured needs, and only needs:
 *  1. `mapbox-gl` as a client dependency, and `mapbox: () => import('./engine-mapbox')` below, where
 *     engine-mapbox.ts sets `accessToken` and wraps `new mapboxgl.Map(...)` / `mapboxgl.Popup`. The
 *     dynamic import makes it its own chunk, fetched only when that engine is chosen.
 *  2. The server to say so: `MAPBOX_ACCESS_TOKEN` in the config schema, and a small public route
 *     (e.g. `GET /api/client-config` → `{ map: { engine: 'mapbox', accessToken, styleUrl } }`), since
 *     a browser cannot read the server's environment. The wall reads it before it creates the map.
 * Until then `loadMapEngine({ engine: 'mapbox' })` warns and falls back to MapLibre.
 */
export interface MapEngine {
  readonly name: 'maplibre' | 'mapbox';
  createMap(options: MapOptions): MapLibreMap;
  createPopup(options?: PopupOptions): Popup;
}

export interface MapEngineConfig {
  engine?: 'maplibre' | 'mapbox';
  accessToken?: string;
}

const ENGINES: Record<string, (config: MapEngineConfig) => Promise<MapEngine>> = {
  maplibre: async () => (await import('./maplibre-engine')).maplibreEngine,
};

export async function loadMapEngine(config: MapEngineConfig = {}): Promise<MapEngine> {
  const name = config.engine ?? 'maplibre';
  const load = ENGINES[name];
  if (!load) {
    console.warn(`SitRoom: the ${name} map engine is not part of this build; using MapLibre.`);
    return ENGINES.maplibre!(config);
  }
  return load(config);
}
