import { BboxParam, type Bbox } from '@sitroom/shared';

/**
 * Per-screen settings, all in the address, so each screen of a video wall is one bookmark:
 *
 *   /wall?layers=incidents,alerts,reports,offers,needs   which layers are on (default: all)
 *        &bbox=minLon,minLat,maxLon,maxLat                the overview (or &center=lon,lat&zoom=z)
 *        &regions=Lisbon:-9.5,38.6,-9,38.9|Porto:-8.8,41,-8.4,41.3&rotate=60
 *                                                         rotate the overview through regions every 60 s
 *        &stale=30                                        seconds without data before "LIVE DATA LOST"
 *        &attention=0                                     do not fly to new Extreme/Severe items
 *        &focus=15                                        seconds to stay on one (default 15)
 *        &panels=0                                        map only: no side panel or ticker
 *        &style=https://tiles.example/style.json          a tile server's style instead of the offline map
 *        &engine=mapbox                                   a map engine other than MapLibre (see lib/map/engine.ts)
 */
export const LAYER_NAMES = ['incidents', 'alerts', 'reports', 'offers', 'needs'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

export interface Region {
  name: string;
  bbox: Bbox;
}

export type Overview = { bbox: Bbox } | { center: [number, number]; zoom: number };

export interface WallSettings {
  layers: ReadonlySet<LayerName>;
  /** Null: fit the data once it has loaded. */
  overview: Overview | null;
  regions: Region[];
  rotateSeconds: number;
  staleSeconds: number;
  attention: boolean;
  focusSeconds: number;
  panels: boolean;
  styleUrl: string | null;
  /** null: as the server configures it. */
  engine: 'maplibre' | 'mapbox' | null;
}

const DEFAULT_STALE_SECONDS = 30;

function number(value: string | null, min: number, max: number, fallback: number): number {
  if (value === null || value.trim() === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

function parseBbox(value: string | null | undefined): Bbox | null {
  const parsed = BboxParam.safeParse(value ?? undefined);
  return parsed.success && parsed.data ? (parsed.data as Bbox) : null;
}

export function parseWallSettings(search: string): WallSettings {
  const q = new URLSearchParams(search);
  const layersParam = q.get('layers');
  const layers = new Set<LayerName>(
    layersParam === null ? LAYER_NAMES : layersParam.split(',').map((s) => s.trim()).filter((s): s is LayerName => (LAYER_NAMES as readonly string[]).includes(s)),
  );

  let overview: Overview | null = null;
  const bbox = parseBbox(q.get('bbox'));
  const center = q.get('center')?.split(',').map(Number);
  if (bbox) overview = { bbox };
  else if (center?.length === 2 && center.every(Number.isFinite) && Math.abs(center[1]!) <= 90) {
    overview = { center: [center[0]!, center[1]!], zoom: number(q.get('zoom'), 0, 20, 6) };
  }

  const regions: Region[] = [];
  for (const part of (q.get('regions') ?? '').split('|')) {
    const at = part.lastIndexOf(':');
    const box = parseBbox(at >= 0 ? part.slice(at + 1) : part);
    if (box) regions.push({ name: (at >= 0 ? part.slice(0, at) : '').trim() || `Region ${regions.length + 1}`, bbox: box });
  }

  const style = q.get('style');
  let styleUrl: string | null = null;
  if (style) {
    try {
      const url = new URL(style, window.location.href);
      if (url.protocol === 'https:' || url.protocol === 'http:') styleUrl = url.href;
    } catch {
      // Not a URL: keep the offline basemap.
    }
  }

  return {
    layers,
    overview,
    regions,
    rotateSeconds: regions.length > 1 ? number(q.get('rotate'), 0, 86_400, 60) : 0,
    staleSeconds: number(q.get('stale'), 5, 86_400, DEFAULT_STALE_SECONDS),
    attention: q.get('attention') !== '0',
    focusSeconds: number(q.get('focus'), 3, 600, 15),
    panels: q.get('panels') !== '0',
    styleUrl,
    engine: q.get('engine') === 'mapbox' ? 'mapbox' : q.get('engine') === 'maplibre' ? 'maplibre' : null,
  };
}

/** Writes the layer choice back to the address (without a reload), so a reload or bookmark keeps it. */
export function rememberLayers(layers: ReadonlySet<LayerName>): void {
  const url = new URL(window.location.href);
  if (layers.size === LAYER_NAMES.length) url.searchParams.delete('layers');
  else url.searchParams.set('layers', LAYER_NAMES.filter((l) => layers.has(l)).join(','));
  window.history.replaceState(window.history.state, '', `${url.pathname}${url.search}${url.hash}`);
}
