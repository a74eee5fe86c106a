import type { AlertContent } from '@sitroom/shared';
import { readCapAlert } from './cap.reader.js';
import { emptyReading, readItem, type FeedReading } from './feed-reading.js';
import { refuse } from './issues.js';
import { feedGeometry } from './json-feed.js';
import { capJsonElement } from './meteoalarm.reader.js';

/**
 * api.weather.gov alerts (GeoJSON; CAP fields as feature properties). The properties are mapped to a
 * CAP alert and read by the CAP reader itself, so the same rules (enumerations, references, times)
 * apply; the feature's polygon, when there is one, becomes the area's geometry. Zone-only alerts keep
 * their UGC and SAME codes (drawing zones needs the zone shapes, which SitRoom does not fetch).
 */
export function readNwsAlerts(doc: unknown): FeedReading {
  const fc = doc as { type?: string; features?: unknown[] };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw refuse('', 'not a GeoJSON FeatureCollection of alerts');
  const reading = emptyReading();
  fc.features.forEach((f, i) => {
    const path = `features[${i}]`;
    readItem(reading, path, (issues) => {
      const feature = f as { properties?: Record<string, unknown>; geometry?: unknown };
      const p = feature.properties ?? {};
      const geocode = (p.geocode ?? {}) as Record<string, unknown>;
      const cap = {
        identifier: p.id,
        sender: p.sender,
        sent: p.sent,
        status: p.status,
        msgType: p.messageType,
        scope: 'Public',
        references: Array.isArray(p.references) ? p.references.map((r: Record<string, unknown>) => `${r.sender},${r.identifier},${r.sent}`).join(' ') : undefined,
        info: {
          category: p.category,
          event: p.event,
          responseType: p.response,
          urgency: p.urgency,
          severity: p.severity,
          certainty: p.certainty,
          effective: p.effective,
          onset: p.onset,
          expires: p.expires,
          senderName: p.senderName,
          headline: p.headline,
          description: p.description,
          instruction: p.instruction,
          parameter: [
            ...Object.entries((p.parameters ?? {}) as Record<string, unknown[]>).flatMap(([valueName, values]) => (Array.isArray(values) ? values : [values]).map((value) => ({ valueName, value }))),
            ...(p.ends ? [{ valueName: 'ends', value: p.ends }] : []),
          ],
          area: {
            areaDesc: p.areaDesc,
            geocode: Object.entries(geocode).flatMap(([valueName, values]) => (Array.isArray(values) ? values : [values]).map((value) => ({ valueName, value }))),
          },
        },
      };
      const alert: AlertContent | null = readCapAlert(capJsonElement(cap), path, issues);
      if (!alert) return;
      const geometry = feedGeometry(feature.geometry);
      if (geometry && alert.areas[0]) alert.areas[0] = { ...alert.areas[0], geometry };
      reading.alerts.push(alert);
    });
  });
  return reading;
}
