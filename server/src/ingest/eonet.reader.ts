import type { AlertContent } from '@sitroom/shared';
import { emptyReading, readItem, type FeedReading } from './feed-reading.js';
import { refuse } from './issues.js';
import { addHours, checked, feedAlert, feedGeometry, pair, str, toInstant } from './json-feed.js';

/** An open EONET event without news for this long leaves the live picture (EONET sets no expiry). */
export const EONET_LIVE_HOURS = 24 * 14;

const CATEGORY: Record<string, AlertContent['categories'][number]> = {
  severeStorms: 'Met', wildfires: 'Fire', volcanoes: 'Geo', earthquakes: 'Geo', floods: 'Met', landslides: 'Geo',
  seaLakeIce: 'Env', dustHaze: 'Env', snow: 'Met', tempExtremes: 'Met', drought: 'Env', waterColor: 'Env', manmade: 'Other',
};

/**
 * NASA EONET v3 events. An event is an alert (sender `eonet.gsfc.nasa.gov`) placed at its latest
 * geometry (a storm's current position, not its whole track); a closed event expires when it closed.
 */
export function readEonet(doc: unknown): FeedReading {
  const events = (doc as { events?: unknown[] })?.events;
  if (!Array.isArray(events)) throw refuse('', 'not an EONET events document ({ "events": [...] })');
  const reading = emptyReading();
  events.forEach((e, i) => {
    const path = `events[${i}]`;
    readItem(reading, path, (issues) => {
      const ev = e as Record<string, unknown> & { categories?: { id?: string; title?: string }[]; geometry?: Record<string, unknown>[]; sources?: { id?: string }[] };
      const track = (Array.isArray(ev.geometry) ? ev.geometry : []).filter((g) => toInstant(g.date)).sort((a, b) => String(a.date).localeCompare(String(b.date)));
      const latest = track.at(-1);
      const id = str(ev.id);
      if (!id) issues.add(`${path}.id`, 'is required');
      if (!latest) issues.add(`${path}.geometry`, 'an event needs at least one dated geometry');
      if (!id || !latest) return;
      const category = ev.categories?.[0];
      const sent = toInstant(latest.date)!;
      const alert = checked(
        feedAlert({
          sender: 'eonet.gsfc.nasa.gov',
          identifier: id,
          sent,
          categories: [CATEGORY[category?.id ?? ''] ?? 'Other'],
          event: str(category?.title) ?? 'Natural event',
          certainty: 'Observed',
          senderName: 'NASA EONET',
          headline: str(ev.title),
          description: str(ev.description),
          web: str(ev.link),
          onset: toInstant(track[0]!.date),
          expires: toInstant(ev.closed) ?? addHours(sent, EONET_LIVE_HOURS),
          areas: [{ desc: str(ev.title) ?? id, geometry: feedGeometry(latest), geocodes: [] }],
          parameters: [
            ...pair('magnitude', latest.magnitudeValue),
            ...pair('magnitudeUnit', latest.magnitudeUnit),
            ...pair('sources', (ev.sources ?? []).map((s) => s.id).filter(Boolean).join(' ')),
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
