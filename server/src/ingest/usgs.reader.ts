import type { CapSeverity } from '@sitroom/shared';
import { emptyReading, readItem, type FeedReading } from './feed-reading.js';
import { refuse } from './issues.js';
import { addHours, checked, feedAlert, feedGeometry, pair, str, toInstant } from './json-feed.js';

/** An earthquake stays on the live picture this long after it happened (the feeds give no expiry). */
export const EARTHQUAKE_LIVE_HOURS = 72;

/** USGS PAGER alert levels to CAP severity; without a PAGER level, magnitude decides. */
const PAGER: Record<string, CapSeverity> = { red: 'Extreme', orange: 'Severe', yellow: 'Moderate', green: 'Minor' };

/**
 * A USGS earthquake summary feed (GeoJSON, api 1.0.x to 1.10.x). Each event is an alert from sender
 * `earthquake.usgs.gov` identified by its preferred id; its other network ids (`ids`) are aliases,
 * so an event whose preferred id changes between polls stays one alert.
 */
export function readUsgs(doc: unknown): FeedReading {
  const fc = doc as { type?: string; features?: unknown[] };
  if (fc?.type !== 'FeatureCollection' || !Array.isArray(fc.features)) throw refuse('', 'not a GeoJSON FeatureCollection of earthquakes');
  const reading = emptyReading();
  fc.features.forEach((f, i) => {
    const path = `features[${i}]`;
    readItem(reading, path, (issues) => {
      const feature = f as { id?: unknown; properties?: Record<string, unknown>; geometry?: { coordinates?: unknown[] } };
      const p = feature.properties ?? {};
      const id = str(feature.id);
      const time = toInstant(p.time);
      if (!id) issues.add(`${path}.id`, 'is required');
      if (!time) issues.add(`${path}.properties.time`, 'is required');
      if (!id || !time) return;
      const mag = typeof p.mag === 'number' ? p.mag : null;
      const depth = feature.geometry?.coordinates?.[2];
      const place = str(p.place) ?? 'Unknown location';
      const alert = checked(
        feedAlert({
          sender: 'earthquake.usgs.gov',
          identifier: id,
          aliases: String(p.ids ?? '').split(',').filter((x) => x && x !== id),
          sent: toInstant(p.updated) ?? time,
          categories: ['Geo'],
          event: p.type === 'earthquake' || p.type === undefined ? 'Earthquake' : String(p.type),
          urgency: 'Past',
          severity: PAGER[String(p.alert)] ?? (mag === null ? 'Unknown' : mag >= 7 ? 'Severe' : mag >= 6 ? 'Moderate' : 'Minor'),
          certainty: 'Observed',
          senderName: 'U.S. Geological Survey',
          headline: str(p.title) ?? `M ${mag ?? '?'} - ${place}`,
          web: str(p.url),
          onset: time,
          expires: addHours(time, EARTHQUAKE_LIVE_HOURS),
          areas: [{ desc: place, geometry: feedGeometry({ type: 'Point', coordinates: feature.geometry?.coordinates }), geocodes: [] }],
          parameters: [
            ...pair('magnitude', mag),
            ...pair('magType', p.magType),
            ...pair('depthKm', depth),
            ...pair('tsunami', p.tsunami),
            ...pair('pagerAlert', p.alert),
            ...pair('significance', p.sig),
            ...pair('reviewStatus', typeof p.status === 'string' ? p.status.toLowerCase() : undefined),
          ],
        }),
        path,
        issues,
      );
      if (alert) reading.alerts.push(alert);
    });
  });
  return reading;
}
