import type { Map as MapLibreMap } from 'maplibre-gl';
import { RESOURCE_TYPES } from '@sitroom/shared';
import { SEVERITIES, SEVERITY_STYLE, type SeverityShape } from './severity-style';

/**
 * Icons and fill patterns drawn on a canvas and handed to the map with `addImage`: the offline style
 * has no sprite, and this works without one. The legend draws the same pictures (`imageDataUrl`), so
 * what the key shows is exactly what the map shows.
 */
const RATIO = 2;
const DARK = '#05080d';

type Painter = (ctx: CanvasRenderingContext2D, size: number) => void;

interface ImageSpec {
  size: number;
  paint: Painter;
}

const SPECS = new Map<string, ImageSpec>();

function shapePath(ctx: CanvasRenderingContext2D, shape: SeverityShape, s: number): void {
  const c = s / 2;
  const r = s * 0.4;
  ctx.beginPath();
  switch (shape) {
    case 'triangle':
      ctx.moveTo(c, c - r * 1.1);
      ctx.lineTo(c + r * 1.1, c + r * 0.85);
      ctx.lineTo(c - r * 1.1, c + r * 0.85);
      ctx.closePath();
      break;
    case 'diamond':
      ctx.moveTo(c, c - r * 1.15);
      ctx.lineTo(c + r * 1.15, c);
      ctx.lineTo(c, c + r * 1.15);
      ctx.lineTo(c - r * 1.15, c);
      ctx.closePath();
      break;
    case 'square':
      ctx.rect(c - r * 0.85, c - r * 0.85, r * 1.7, r * 1.7);
      break;
    case 'circle':
    case 'ring':
      ctx.arc(c, c, r * 0.95, 0, Math.PI * 2);
      break;
  }
}

for (const severity of SEVERITIES) {
  const { color, shape } = SEVERITY_STYLE[severity];
  SPECS.set(`severity-${severity}`, {
    size: 36,
    paint: (ctx, s) => {
      shapePath(ctx, shape, s);
      ctx.lineJoin = 'round';
      ctx.lineWidth = s * 0.1;
      ctx.strokeStyle = DARK;
      if (shape === 'ring') {
        ctx.fillStyle = 'rgba(5,8,13,0.6)';
        ctx.fill();
        ctx.strokeStyle = color;
        ctx.lineWidth = s * 0.12;
        ctx.stroke();
      } else {
        ctx.fillStyle = color;
        ctx.fill();
        ctx.stroke();
      }
      if (severity === 'Extreme') {
        // An exclamation mark, so the worst is unmistakable even in grey.
        ctx.fillStyle = DARK;
        ctx.fillRect(s / 2 - s * 0.045, s * 0.36, s * 0.09, s * 0.24);
        ctx.fillRect(s / 2 - s * 0.045, s * 0.64, s * 0.09, s * 0.09);
      }
    },
  });
}

/** Public reports: a filled dot when verified, a dashed ring with a question mark while unverified. */
SPECS.set('report-unverified', {
  size: 30,
  paint: (ctx, s) => {
    const c = s / 2;
    ctx.beginPath();
    ctx.arc(c, c, s * 0.38, 0, Math.PI * 2);
    ctx.fillStyle = 'rgba(5,8,13,0.75)';
    ctx.fill();
    ctx.setLineDash([s * 0.16, s * 0.09]);
    ctx.lineWidth = s * 0.11;
    ctx.strokeStyle = '#ffffff';
    ctx.stroke();
    ctx.setLineDash([]);
    ctx.fillStyle = '#ffffff';
    ctx.font = `800 ${Math.round(s * 0.46)}px system-ui, sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText('?', c, c + s * 0.03);
  },
});

/** Resources: offers are green rounded squares, needs red-bordered "wanted" tags; both with a short code. */
export const RESOURCE_CODES: Record<string, string> = {
  'shelter-beds': 'BED',
  'potable-water': 'H₂O',
  meals: 'FD',
  generators: 'GEN',
  fuel: 'FUEL',
  trucks: 'TRK',
  buses: 'BUS',
  boats: 'BT',
  'heavy-equipment': 'EQP',
  'medical-supplies': 'MED',
  volunteers: 'VOL',
  'warehouse-space': 'WH',
};

function resourceIcon(kind: 'offer' | 'need', code: string): ImageSpec {
  return {
    size: 44,
    paint: (ctx, s) => {
      const pad = s * 0.06;
      ctx.beginPath();
      if (kind === 'offer') ctx.roundRect(pad, pad, s - pad * 2, s - pad * 2, s * 0.18);
      else {
        // A downward "wanted" pennant shape: a square with a notch, unlike any severity shape.
        ctx.moveTo(pad, pad);
        ctx.lineTo(s - pad, pad);
        ctx.lineTo(s - pad, s * 0.78);
        ctx.lineTo(s / 2, s - pad);
        ctx.lineTo(pad, s * 0.78);
        ctx.closePath();
      }
      ctx.fillStyle = kind === 'offer' ? '#22c55e' : '#0b0f14';
      ctx.fill();
      ctx.lineWidth = s * 0.08;
      ctx.strokeStyle = kind === 'offer' ? '#052e16' : '#f472b6';
      ctx.stroke();
      ctx.fillStyle = kind === 'offer' ? '#03160a' : '#fbcfe8';
      const fontPx = code.length > 3 ? s * 0.27 : s * 0.33;
      ctx.font = `900 ${Math.round(fontPx)}px system-ui, sans-serif`;
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(code, s / 2, kind === 'offer' ? s / 2 + s * 0.02 : s * 0.44);
    },
  };
}
for (const r of RESOURCE_TYPES) {
  SPECS.set(`offer-${r.id}`, resourceIcon('offer', RESOURCE_CODES[r.id] ?? r.id.slice(0, 3).toUpperCase()));
  SPECS.set(`need-${r.id}`, resourceIcon('need', RESOURCE_CODES[r.id] ?? r.id.slice(0, 3).toUpperCase()));
}
SPECS.set('offer-other', resourceIcon('offer', '+'));
SPECS.set('need-other', resourceIcon('need', '?'));

/** Area fill patterns, tiled by the map. */
function pattern(kind: 'crosshatch' | 'stripes' | 'dots', color: string): ImageSpec {
  return {
    size: 16,
    paint: (ctx, s) => {
      ctx.strokeStyle = color;
      ctx.fillStyle = color;
      ctx.globalAlpha = 0.55;
      ctx.lineWidth = 2;
      if (kind === 'dots') {
        ctx.beginPath();
        ctx.arc(s / 4, s / 4, 1.8, 0, Math.PI * 2);
        ctx.arc((s * 3) / 4, (s * 3) / 4, 1.8, 0, Math.PI * 2);
        ctx.fill();
        return;
      }
      const diagonal = (flip: boolean) => {
        ctx.beginPath();
        for (const off of [-s, 0, s]) {
          if (flip) {
            ctx.moveTo(off, 0);
            ctx.lineTo(off + s, s);
          } else {
            ctx.moveTo(off, s);
            ctx.lineTo(off + s, 0);
          }
        }
        ctx.stroke();
      };
      diagonal(false);
      if (kind === 'crosshatch') diagonal(true);
    },
  };
}
for (const severity of SEVERITIES) {
  const { pattern: p, color } = SEVERITY_STYLE[severity];
  if (p) SPECS.set(`pattern-${severity}`, pattern(p, color));
}

function render(spec: ImageSpec, ratio = RATIO): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = Math.round(spec.size * ratio);
  const ctx = canvas.getContext('2d')!;
  ctx.scale(ratio, ratio);
  spec.paint(ctx, spec.size);
  return canvas;
}

const scales = new WeakMap<MapLibreMap, number>();

/**
 * Adds every image the wall's layers use (idempotent; again after a style swap). `scale` draws them
 * larger on big screens (2 on a 4K wall), as crisp as at 1: they are painted at that size.
 */
export function addMapImages(map: MapLibreMap, scale = 1): void {
  const redraw = scales.get(map) !== scale;
  scales.set(map, scale);
  for (const [name, spec] of SPECS) {
    if (map.hasImage(name)) {
      if (!redraw) continue;
      map.removeImage(name);
    }
    const canvas = render(spec, RATIO * scale);
    const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    map.addImage(name, data, { pixelRatio: RATIO });
  }
}

const urls = new Map<string, string>();
/** The same picture as a data URL, for HTML (the legend). */
export function imageDataUrl(name: string): string {
  let url = urls.get(name);
  if (!url) {
    const spec = SPECS.get(name);
    if (!spec) return '';
    url = render(spec).toDataURL();
    urls.set(name, url);
  }
  return url;
}

export function resourceImage(kind: 'offer' | 'need', type: string): string {
  return SPECS.has(`${kind}-${type}`) ? `${kind}-${type}` : `${kind}-other`;
}
