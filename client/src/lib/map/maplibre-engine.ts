import type { MapEngine } from './engine';
import { maplibregl } from './maplibre';

export const maplibreEngine: MapEngine = {
  name: 'maplibre',
  createMap: (options) => new maplibregl.Map(options),
  createPopup: (options) => new maplibregl.Popup(options),
};
