import type { LngLatBoundsLike, Map as MapLibreMap, Marker } from 'maplibre-gl';
import { maplibregl } from '../../lib/map/maplibre';
import type { Notice } from './significance';
import type { Overview, Region } from './wall-settings';

const PADDING = 60;
const MAX_QUEUE = 5;

const reducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * Where the wall looks: the overview (a fixed area, or a rotation through regions), interrupted by a
 * new Extreme or Severe item, which is highlighted and flown to for a few seconds before the camera
 * returns. Several at once queue up (the latest few); a screen set to `attention=0` only highlights.
 */
export class CameraDirector {
  #focus = $state.raw<Notice | null>(null);
  #regionIndex = $state(0);
  readonly #map: MapLibreMap;
  readonly #regions: Region[];
  readonly #opts: { attention: boolean; focusSeconds: number; rotateSeconds: number };
  #overview: Overview | null;
  #queue: Notice[] = [];
  #focusTimer: ReturnType<typeof setTimeout> | undefined;
  #rotateTimer: ReturnType<typeof setInterval> | undefined;
  #marker: Marker | null = null;

  constructor(map: MapLibreMap, regions: Region[], overview: Overview | null, opts: { attention: boolean; focusSeconds: number; rotateSeconds: number }) {
    this.#map = map;
    this.#regions = regions;
    this.#overview = overview;
    this.#opts = opts;
    if (regions.length > 1 && opts.rotateSeconds > 0) {
      this.#rotateTimer = setInterval(() => this.#rotate(), opts.rotateSeconds * 1000);
    }
  }

  get focus(): Notice | null { return this.#focus; }
  get region(): Region | null { return this.#regions[this.#regionIndex] ?? null; }

  /** The overview once the data is known (a wall without a pinned area frames its data once). */
  setOverview(overview: Overview | null, go = true): void {
    this.#overview = overview;
    if (go && !this.#focus) this.showOverview(false);
  }

  attend(notice: Notice): void {
    if (!notice.point && !notice.bbox) return;
    if (this.#focus) {
      this.#queue.push(notice);
      if (this.#queue.length > MAX_QUEUE) this.#queue.shift();
      return;
    }
    this.#show(notice);
  }

  showOverview(animate = true): void {
    const region = this.region;
    const target: Overview | null = region ? { bbox: region.bbox } : this.#overview;
    if (!target) return;
    const duration = animate && !reducedMotion() ? 2500 : 0;
    if ('bbox' in target) {
      const [w, s, e, n] = target.bbox;
      this.#map.fitBounds([[w, s], [e, n]], { padding: PADDING, duration, maxZoom: 12 });
    } else this.#map.flyTo({ center: target.center, zoom: target.zoom, duration });
  }

  stop(): void {
    clearTimeout(this.#focusTimer);
    clearInterval(this.#rotateTimer);
    this.#marker?.remove();
    this.#marker = null;
  }

  #show(notice: Notice): void {
    this.#focus = notice;
    const at = notice.point ?? (notice.bbox ? [(notice.bbox[0] + notice.bbox[2]) / 2, (notice.bbox[1] + notice.bbox[3]) / 2] as [number, number] : null);
    if (at) this.#highlight(at, notice);
    if (this.#opts.attention) {
      const duration = reducedMotion() ? 0 : 2500;
      const b = notice.bbox;
      if (b && (b[2] - b[0] > 0.05 || b[3] - b[1] > 0.05)) {
        this.#map.fitBounds([[b[0], b[1]], [b[2], b[3]]] as LngLatBoundsLike, { padding: PADDING * 2, duration, maxZoom: 10 });
      } else if (at) this.#map.flyTo({ center: at, zoom: Math.max(this.#map.getZoom(), 9), duration });
    }
    clearTimeout(this.#focusTimer);
    this.#focusTimer = setTimeout(() => this.#next(), this.#opts.focusSeconds * 1000);
  }

  #next(): void {
    this.#marker?.remove();
    this.#marker = null;
    const next = this.#queue.shift();
    if (next) return this.#show(next);
    this.#focus = null;
    if (this.#opts.attention) this.showOverview();
  }

  #highlight(at: [number, number], notice: Notice): void {
    this.#marker?.remove();
    const el = document.createElement('div');
    el.className = 'attention-marker';
    el.dataset.severity = notice.severity ?? 'Unknown';
    el.setAttribute('aria-hidden', 'true');
    // The ring pulses inside: the marker element's own transform is MapLibre's, for its position.
    el.append(Object.assign(document.createElement('div'), { className: 'attention-ring' }));
    this.#marker = new maplibregl.Marker({ element: el }).setLngLat(at).addTo(this.#map);
  }

  #rotate(): void {
    if (this.#focus) return;
    this.#regionIndex = (this.#regionIndex + 1) % this.#regions.length;
    this.showOverview();
  }
}
