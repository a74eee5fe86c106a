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
 * Both are done: the wall asks `GET /api/client-config`; without a token `mapbox` falls back to MapLibre.
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
  mapbox: async (config) => {
    if (!config.accessToken) {
      console.warn('SitRoom: mapbox-gl needs MAPBOX_ACCESS_TOKEN on the server; using MapLibre.');
      return ENGINES.maplibre!(config);
    }
    return (await import('./engine-mapbox')).mapboxEngine(config.accessToken);
  },
};

export interface ClientMapConfig {
  engine: 'maplibre' | 'mapbox';
  accessToken?: string;
  styleUrl?: string;
}

/** What the server says about maps (GET /api/client-config); MapLibre offline when it cannot be asked. */
export async function fetchMapConfig(): Promise<ClientMapConfig> {
  try {
    const res = await fetch('/api/client-config', { signal: AbortSignal.timeout(5000) });
    if (res.ok) return ((await res.json()) as { map: ClientMapConfig }).map;
  } catch {
    // offline, or an older server: the built-in default below
  }
  return { engine: 'maplibre' };
}

export async function loadMapEngine(config: MapEngineConfig = {}): Promise<MapEngine> {
  const name = config.engine ?? 'maplibre';
  const load = ENGINES[name];
  if (!load) {
    console.warn(`SitRoom: the ${name} map engine is not part of this build; using MapLibre.`);
    return ENGINES.maplibre!(config);
  }
  return load(config);
}
