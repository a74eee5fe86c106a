import { CAP_NAMESPACES } from './cap-values.js';
import { readCapAlert } from './cap.reader.js';
import { emptyReading, readItem, type FeedReading } from './feed-reading.js';
import { refuse } from './issues.js';
import type { XmlElement } from './xml-tree.js';

const CAP12 = Object.keys(CAP_NAMESPACES).find((ns) => CAP_NAMESPACES[ns] === '1.2')!;

/**
 * CAP written as JSON (MeteoAlarm's API, and api.weather.gov's properties once mapped) turned into
 * the element tree the CAP reader walks: arrays are repeated elements, objects nest, values are text.
 * One reader then applies CAP's rules to every encoding.
 */
export function capJsonElement(value: unknown, name = 'alert'): XmlElement {
  const el: XmlElement = { name, ns: CAP12, attrs: {}, children: [], text: '' };
  if (value === null || value === undefined) return el;
  if (typeof value !== 'object') {
    el.text = String(value);
    return el;
  }
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    for (const item of Array.isArray(v) ? v : [v]) if (item !== undefined && item !== null) el.children.push(capJsonElement(item, key));
  }
  return el;
}

/**
 * MeteoAlarm's JSON warnings API: `{ warnings: [{ alert: <CAP as JSON>, uuid }] }`. Each warning is
 * a CAP alert (with its Update references and languages); the awareness level and type stay in its
 * parameters and areas keep their EMMA_ID geocodes (MeteoAlarm sends no polygons).
 */
export function readMeteoalarmJson(doc: unknown): FeedReading {
  const warnings = (doc as { warnings?: unknown[] })?.warnings;
  if (!Array.isArray(warnings)) throw refuse('', 'not a MeteoAlarm warnings document ({ "warnings": [...] })');
  const reading = emptyReading();
  warnings.forEach((w, i) => {
    const path = `warnings[${i}]`;
    readItem(reading, path, (issues) => {
      const alert = readCapAlert(capJsonElement((w as { alert?: unknown })?.alert ?? {}), `${path}.alert`, issues);
      if (alert) reading.alerts.push(alert);
    });
  });
  return reading;
}
