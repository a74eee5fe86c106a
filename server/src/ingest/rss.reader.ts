import { Issues } from './issues.js';
import { absoluteLink, embeddedAlert, emptyReading, readItem, type FeedReading } from './feed-reading.js';
import { childNamed, childrenNamed, childText, type XmlElement } from './xml-tree.js';

/**
 * A CAP RSS 2.0 feed: each item embeds a CAP alert or links to one (`<link>`, or an enclosure typed
 * application/cap+xml). A channel without its required title and description is refused as a whole.
 */
export function readRss(rss: XmlElement, base?: string): FeedReading {
  const channel = childNamed(rss, 'channel');
  const feedIssues = new Issues();
  if (!channel) {
    feedIssues.add('rss.channel', 'is required');
    feedIssues.throwIfAny('The feed was refused');
    return emptyReading();
  }
  for (const name of ['title', 'description']) if (!childText(channel, name)) feedIssues.add(`rss.channel.${name}`, 'is required');

  const reading = emptyReading();
  childrenNamed(channel, 'item').forEach((item, i) => {
    const path = `rss.channel.item[${i}]`;
    readItem(reading, path, (issues) => {
      if (!childText(item, 'title') && !childText(item, 'description')) issues.add(`${path}.title`, 'an item needs a title or a description');
      const alert = embeddedAlert([item, childNamed(item, 'encoded', 'http://purl.org/rss/1.0/modules/content/')], path, issues);
      if (alert) reading.alerts.push(alert);
      if (alert !== undefined) return;
      const enclosure = childrenNamed(item, 'enclosure').find((e) => (e.attrs.type ?? '').includes('cap+xml'));
      const link = absoluteLink(enclosure?.attrs.url ?? childText(item, 'link'), base);
      if (link) reading.links.push(link);
      else issues.add(`${path}.link`, 'the item neither embeds a CAP alert nor links to one');
    });
  });
  if (feedIssues.count) {
    for (const s of reading.skipped) feedIssues.list.push(...s.fields);
    feedIssues.throwIfAny('The feed was refused');
  }
  reading.links = [...new Set(reading.links)];
  return reading;
}
