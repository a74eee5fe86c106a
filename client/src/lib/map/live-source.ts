import type { Feature, FeatureCollection } from 'geojson';
import type { GeoJSONSource, Map as MapLibreMap } from 'maplibre-gl';
import type { CollectionDiff } from '../live/live-collection.svelte';

/** What a layer set needs to draw one entity kind from one GeoJSON source. */
export interface LayerKit<T> {
  source: string;
  /** Every layer it adds, bottom to top: toggled together, removed before the source. */
  layers: readonly string[];
  /** Zero or more features per item; each feature's `properties.id` must be unique in the source. */
  features(item: T): Feature[];
  /** Adds the source (with `promoteId: 'id'`) and layers, below `before` when that layer exists. */
  add(map: MapLibreMap, data: FeatureCollection, before?: string): void;
}

/** Timings of applied map updates, for the benchmark and the debug overlay. */
export interface SourceUpdateStats {
  updates: number;
  /** From the first change of a batch arriving to the map having applied it (worker done). */
  lagsMs: number[];
}

/**
 * Keeps one GeoJSON source in step with a live collection by diffs: changes are gathered as they
 * arrive and sent with `updateData` at most once per animation frame, so 100 changes a second over
 * 50,000 features cost the map a few features' work, not a full `setData`. MapLibre merges diffs
 * sent while its worker is still busy with the previous one.
 */
export class LiveSourceSync<T extends { id: string }> {
  readonly #map: MapLibreMap;
  readonly #kit: LayerKit<T>;
  /** Feature ids per item id, for items that draw as several features (alerts with several areas). */
  readonly #featureIds = new Map<string, string[]>();
  #add = new Map<string, Feature>();
  #remove = new Set<string>();
  /** A whole new picture waiting to be sent (setData), changed in place by diffs until then. */
  #reset: Map<string, Feature> | null = null;
  #frame = 0;
  #firstPendingAt = 0;
  /** An update the map's worker is still applying: the next waits for it, gathering changes meanwhile. */
  #inFlight = false;
  readonly stats: SourceUpdateStats = { updates: 0, lagsMs: [] };

  constructor(map: MapLibreMap, kit: LayerKit<T>) {
    this.#map = map;
    this.#kit = kit;
  }

  push(diff: CollectionDiff<T>): void {
    this.#firstPendingAt ||= performance.now();
    if (diff.reset) {
      this.#featureIds.clear();
      this.#add.clear();
      this.#remove.clear();
      this.#reset = new Map();
      for (const item of diff.upserted) for (const f of this.#featuresOf(item)) this.#reset.set(String(f.properties!.id), f);
    } else {
      for (const id of diff.removed) this.#drop(id);
      for (const item of diff.upserted) {
        this.#drop(item.id);
        for (const f of this.#featuresOf(item)) {
          const fid = String(f.properties!.id);
          if (this.#reset) this.#reset.set(fid, f);
          else {
            this.#remove.delete(fid);
            this.#add.set(fid, f);
          }
        }
      }
    }
    this.#frame ||= requestAnimationFrame(() => this.flush());
  }

  flush(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    // With 100,000 clustered features the worker needs longer than a frame per update; sending more
    // would only queue work. Changes keep gathering and go in one diff when it is free again.
    if (this.#inFlight) return;
    const source = this.#map.getSource<GeoJSONSource>(this.#kit.source);
    if (!source) return;
    const arrived = this.#firstPendingAt;
    this.#firstPendingAt = 0;
    let done: Promise<void>;
    if (this.#reset) {
      done = source.setData({ type: 'FeatureCollection', features: [...this.#reset.values()] });
      this.#reset = null;
    } else if (this.#add.size || this.#remove.size) {
      done = source.updateData({ remove: [...this.#remove], add: [...this.#add.values()] });
    } else return;
    this.#add = new Map();
    this.#remove = new Set();
    this.stats.updates++;
    this.#inFlight = true;
    const settled = () => {
      this.#inFlight = false;
      if (this.#reset || this.#add.size || this.#remove.size) this.#frame ||= requestAnimationFrame(() => this.flush());
    };
    void done.then(
      () => {
        settled();
        if (!arrived) return;
        this.stats.lagsMs.push(performance.now() - arrived);
        if (this.stats.lagsMs.length > 2000) this.stats.lagsMs.splice(0, 1000);
      },
      settled, // the source went away with the style: the next reset redraws it
    );
  }

  cancel(): void {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    this.#inFlight = false;
  }

  #featuresOf(item: T): Feature[] {
    const features = this.#kit.features(item);
    if (features.length !== 1 || features[0]!.properties!.id !== item.id) this.#featureIds.set(item.id, features.map((f) => String(f.properties!.id)));
    else this.#featureIds.delete(item.id);
    return features;
  }

  #drop(itemId: string): void {
    const ids = this.#featureIds.get(itemId) ?? [itemId];
    this.#featureIds.delete(itemId);
    for (const fid of ids) {
      if (this.#reset) this.#reset.delete(fid);
      else {
        this.#add.delete(fid);
        this.#remove.add(fid);
      }
    }
  }
}
