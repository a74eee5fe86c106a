import type { AlertContent, CapSeverity } from '@sitroom/shared';
import { emptyReading, readItem, type FeedReading } from './feed-reading.js';
import { refuse } from './issues.js';
import { addHours, checked, feedAlert, feedGeometry, pair, toInstant } from './json-feed.js';
import { childNamed, childrenNamed, childText, type XmlElement } from './xml-tree.js';

const GDACS_NS = 'http://www.gdacs.org';
const GEO_NS = 'http://www.w3.org/2003/01/geo/wgs84_pos#';
/** A current GDACS event stays live this long past its latest date; GDACS says when it is over (iscurrent). */
export const GDACS_LIVE_HOURS = 72;

const EVENT: Record<string, [string, AlertContent['categories'][number]]> = {
  TC: ['Tropical cyclone', 'Met'], EQ: ['Earthquake', 'Geo'], FL: ['Flood', 'Met'], VO: ['Volcanic eruption', 'Geo'],
  DR: ['Drought', 'Env'], WF: ['Forest fire', 'Fire'], TS: ['Tsunami', 'Geo'],
};
const LEVEL: Record<string, CapSeverity> = { red: 'Extreme', orange: 'Severe', green: 'Minor' };

/**
 * The GDACS RSS feed: each item is one disaster event (sender `gdacs.org`, identifier its guid such as
 * `TC1000643`), a new episode replacing the last. The point is the event's location; its alert level
 * gives the severity.
 */
export function readGdacs(rss: XmlElement): FeedReading {
  const channel = rss.name === 'rss' ? childNamed(rss, 'channel') : undefined;
  if (!channel) throw refuse('', 'not a GDACS RSS feed (<rss><channel>)');
  const reading = emptyReading();
  childrenNamed(channel, 'item').forEach((item, i) => {
    const path = `rss.channel.item[${i}]`;
    readItem(reading, path, (issues) => {
      const g = (name: string) => childText(item, name, GDACS_NS);
      const type = g('eventtype') ?? '';
      const identifier = childText(item, 'guid') ?? (g('eventid') ? `${type}${g('eventid')}` : undefined);
      const sent = toInstant(childText(item, 'pubDate'));
      if (!identifier) issues.add(`${path}.guid`, 'is required');
      if (!sent) issues.add(`${path}.pubDate`, 'is required');
      if (!identifier || !sent) return;
      const point = childNamed(item, 'Point', GEO_NS);
      const lat = Number(point && childText(point, 'lat'));
      const lon = Number(point && childText(point, 'long'));
      const to = toInstant(g('todate'));
      const [event, category] = EVENT[type] ?? [type || 'Disaster', 'Other' as const];
      const alert = checked(
        feedAlert({
          sender: 'gdacs.org',
          identifier,
          sent,
          categories: [category],
          event,
          severity: LEVEL[(g('alertlevel') ?? '').toLowerCase()] ?? 'Unknown',
          certainty: 'Observed',
          senderName: 'GDACS',
          headline: childText(item, 'title'),
          description: childText(item, 'description'),
          web: childText(item, 'link'),
          onset: toInstant(g('fromdate')),
          expires: g('iscurrent') === 'false' ? (to ?? sent) : addHours([to, sent].sort().at(-1), GDACS_LIVE_HOURS),
          areas: [{ desc: g('country') ?? g('eventname') ?? event, geometry: feedGeometry({ type: 'Point', coordinates: [lon, lat] }), geocodes: g('iso3') ? [{ name: 'ISO3', value: g('iso3')! }] : [] }],
          parameters: [
            ...pair('alertLevel', g('alertlevel')),
            ...pair('alertScore', g('alertscore')),
            ...pair('eventId', g('eventid')),
            ...pair('episodeId', g('episodeid')),
            ...pair('severity', g('severity')),
            ...pair('population', g('population')),
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
