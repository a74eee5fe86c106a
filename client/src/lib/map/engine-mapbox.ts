import mapboxgl from 'mapbox-gl';
import 'mapbox-gl/dist/mapbox-gl.css';
import type { Map as MapLibreMap, MapOptions, Popup, PopupOptions } from 'maplibre-gl';
import type { MapEngine } from './engine';

/**
 * mapbox-gl, for installations with a Mapbox account (MAPBOX_ACCESS_TOKEN on the server). Its own
 * chunk: fetched only when the server configures it, never on an offline or MapLibre install. The
 * casts are the seam's contract: SitRoom uses only what both libraries share (see engine.ts).
 */
export function mapboxEngine(accessToken: string): MapEngine {
  mapboxgl.accessToken = accessToken;
  return {
    name: 'mapbox',
    createMap: (options: MapOptions) => new mapboxgl.Map(options as unknown as mapboxgl.MapOptions) as unknown as MapLibreMap,
    createPopup: (options?: PopupOptions) => new mapboxgl.Popup(options as unknown as mapboxgl.PopupOptions) as unknown as Popup,
  };
}
