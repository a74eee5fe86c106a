/**
 * The one place maplibre-gl is imported for its code. MapLibre 6 finds its worker next to its own
 * module (`new URL('./maplibre-gl-worker.mjs', import.meta.url)`), which a bundle breaks: the worker
 * is not in the chunk's folder. `?url` makes Vite emit the worker as a hashed asset and gives its URL.
 */
import * as maplibregl from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';

maplibregl.setWorkerUrl(workerUrl);

export { maplibregl };
