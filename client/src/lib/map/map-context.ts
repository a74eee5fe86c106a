import { createContext } from 'svelte';
import type { Map as MapLibreMap } from 'maplibre-gl';

/** Given to a MapView's children, which render only once the map's style has loaded. */
export interface MapContext {
  readonly map: MapLibreMap;
}

export const [getMapContext, setMapContext] = createContext<MapContext>();
