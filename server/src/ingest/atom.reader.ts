import { Issues } from './issues.js';
import { absoluteLink, embeddedAlert, emptyReading, readItem, type FeedReading } from './feed-reading.js';
import { childNamed, childrenNamed, childText, type XmlElement } from './xml-tree.js';

export const ATOM_NS = 'http://www.w3.org/2005/Atom';
const FEED_ELEMENTS = new Set(['author', 'category', 'contributor', 'generator', 'icon', 'id', 'link', 'logo', 'rights', 'subtitle', 'title', 'updated', 'entry']);
const ENTRY_ELEMENTS = new Set(['author', 'category', 'content', 'contributor', 'id', 'link', 'published', 'rights', 'source', 'summary', 'title', 'updated']);

/**
 * A CAP Atom feed (RFC 4287). An entry that embeds a CAP alert ("fat" feed) gives that alert, or is
 * skipped when the alert is invalid; any other entry must link to its CAP document ("index" feed).
 * A feed-level violation (no id, an unknown Atom element) refuses the whole document, naming every
 * problem found, entries included; an entry-level one skips that entry only.
 */
export function readAtom(feed: XmlElement, base?: string): FeedReading {
  const feedIssues = new Issues();
  for (const name of ['id', 'title', 'updated']) if (!childText(feed, name)) feedIssues.add(`feed.${name}`, 'is required');
  for (const c of feed.children) if (c.ns === ATOM_NS && !FEED_ELEMENTS.has(c.name)) feedIssues.add(`feed.${c.name}`, `<${c.name}> is not an Atom element`);

  const reading = emptyReading();
  childrenNamed(feed, 'entry').forEach((entry, i) => {
    const path = `feed.entry[${i}]`;
    readItem(reading, path, (issues) => {
      for (const name of ['id', 'title', 'updated']) if (!childText(entry, name)) issues.add(`${path}.${name}`, 'is required');
      for (const c of entry.children) if (c.ns === ATOM_NS && !ENTRY_ELEMENTS.has(c.name)) issues.add(`${path}.${c.name}`, `<${c.name}> is not an Atom element`);
      const alert = embeddedAlert([childNamed(entry, 'content'), entry], `${path}.content`, issues);
      if (alert) reading.alerts.push(alert);
      if (alert !== undefined) return;
      const link = capLink(entry, base);
      if (link) reading.links.push(link);
      else issues.add(`${path}.link`, 'the entry neither embeds a CAP alert nor links to one');
    });
  });
  if (feedIssues.count) {
    for (const s of reading.skipped) feedIssues.list.push(...s.fields);
    feedIssues.throwIfAny('The feed was refused');
  }
  reading.links = [...new Set(reading.links)];
  return reading;
}

/**
 * The entry's link to its CAP document: one typed application/cap+xml (USGS, MeteoAlarm); else an
 * untyped or XML-typed alternate link (NWS, krisinformation.se), never an HTML page.
 */
function capLink(entry: XmlElement, base?: string): string | null {
  const links = childrenNamed(entry, 'link').map((l) => ({ href: l.attrs.href, rel: l.attrs.rel ?? 'alternate', type: (l.attrs.type ?? '').toLowerCase() }));
  const cap = links.find((l) => l.type.includes('cap+xml')) ?? links.find((l) => l.rel === 'alternate' && (l.type === '' || l.type.includes('xml')));
  return absoluteLink(cap?.href, base);
}
