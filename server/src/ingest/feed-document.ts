import type { FeedKind } from '@sitroom/shared';
import { ATOM_NS, readAtom } from './atom.reader.js';
import { readEonet } from './eonet.reader.js';
import { emptyReading, type FeedReading } from './feed-reading.js';
import { readGdacs } from './gdacs.reader.js';
import { refuse } from './issues.js';
import { parseJson } from './json-feed.js';
import { readMeteoalarmJson } from './meteoalarm.reader.js';
import { readNwsAlerts } from './nws.reader.js';
import { readRss } from './rss.reader.js';
import { readSignalElement } from './signal-document.js';
import { readUsgs } from './usgs.reader.js';
import { decodeXml } from './xml-decode.js';
import { parseXml, type XmlElement } from './xml-tree.js';

/**
 * Reads one fetched feed document of a given kind. CAP feeds accept Atom, RSS, or a bare CAP alert or
 * EDXL-DE envelope at the feed's address; MeteoAlarm serves both its JSON API and Atom index feeds.
 * `base` resolves relative links. Throws the contract's invalid-input error for an unreadable document.
 */
export function readFeedDocument(kind: FeedKind, bytes: Uint8Array, base?: string): FeedReading {
  switch (kind) {
    case 'usgs-geojson':
      return readUsgs(json(bytes));
    case 'nws-alerts':
      return readNwsAlerts(json(bytes));
    case 'eonet':
      return readEonet(json(bytes));
    case 'gdacs-rss':
      return readGdacs(xml(bytes));
    case 'meteoalarm':
      return looksLikeJson(bytes) ? readMeteoalarmJson(json(bytes)) : readCapFeed(xml(bytes), base);
    case 'cap-atom':
    case 'cap-rss':
      return readCapFeed(xml(bytes), base);
  }
}

function readCapFeed(root: XmlElement, base?: string): FeedReading {
  if (root.name === 'feed' && root.ns === ATOM_NS) return readAtom(root, base);
  if (root.name === 'rss' && root.ns === null) return readRss(root, base);
  if (root.name === 'alert' || root.name === 'alerts' || root.name === 'EDXLDistribution') return { ...emptyReading(), alerts: readSignalElement(root) };
  throw refuse('', `expected an Atom <feed> or RSS <rss> of CAP alerts, not <${root.name}>`);
}

function xml(bytes: Uint8Array): XmlElement {
  return parseXml(decodeXml(bytes).text);
}

function json(bytes: Uint8Array): unknown {
  return parseJson(new TextDecoder('utf-8').decode(bytes));
}

function looksLikeJson(bytes: Uint8Array): boolean {
  const first = new TextDecoder('utf-8').decode(bytes.subarray(0, 64)).trimStart()[0];
  return first === '{' || first === '[';
}
