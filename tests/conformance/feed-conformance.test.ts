import { describe, expect, it } from 'vitest';
import type { FeedKind } from '@sitroom/shared';
import { readFeedDocument } from '../../server/src/ingest/feed-document.js';
import type { FeedReading } from '../../server/src/ingest/feed-reading.js';
import { decodeXml } from '../../server/src/ingest/xml-decode.js';
import { fixture, MANIFEST, refusal } from '../support/fixtures.js';

/**
 * Every Atom, RSS, USGS, NWS, GDACS, MeteoAlarm and EONET sample in tests/fixtures, read as the feed
 * poller reads it, against what its MANIFEST.json `expect` says.
 */
const read = (kind: FeedKind, name: string): FeedReading => readFeedDocument(kind, fixture(name), 'https://feeds.example.test/feed');
const skippedPaths = (r: FeedReading) => r.skipped.flatMap((s) => s.fields.map((f) => f.path));

const CASES: Record<string, [FeedKind, (r: FeedReading) => void]> = {
  'atom-google-amber-fat-cap11.xml': ['cap-atom', (r) => expect(r.alerts).toMatchObject([{ sender: 'KARO@CLETS.DOJ.DC.GOV', sent: '2010-06-04T00:15:00.000Z' }])],
  'atom-google-earthquake-index-thin.xml': ['cap-atom', (r) => expect([r.alerts, r.links]).toEqual([[], ['http://earthquake.usgs.gov/earthquakes/catalogs/cap/us2010apcd']])],
  'atom-google-earthquake-fat.xml': ['cap-atom', (r) => expect(r.alerts).toMatchObject([{ sender: 'trinet@caltech.edu', identifier: 'TRI13970876.1', msgType: 'Alert' }])],
  'atom-nws-weather-fat.xml': ['cap-atom', (r) => expect(r.alerts).toMatchObject([{ sender: 'w-nws.webmaster@noaa.gov', languages: ['en-US'] }])],
  'atom-nws-weather-index.xml': ['cap-atom', (r) => expect([r.alerts.length, r.links.length]).toEqual([0, 2])],
  'atom-nws-empty-index.xml': ['cap-atom', (r) => expect(r).toEqual({ alerts: [], links: [], skipped: [] })],
  'atom-nws-weather-invalid-identifier.xml': ['cap-atom', (r) => {
    expect(r.alerts).toEqual([]);
    expect(skippedPaths(r)).toEqual(['feed.entry[0].content.alert.identifier']);
  }],
  'atom-google-no-title-invalid.xml': ['cap-atom', (r) => expect(skippedPaths(r)).toContain('feed.entry[0].title')],
  'atom-google-no-link-invalid.xml': ['cap-atom', (r) => expect(skippedPaths(r)).toEqual(['feed.entry[0].link'])],
  'atom-cfs-misplaced-alert-no-entries.xml': ['cap-atom', (r) => expect(r).toEqual({ alerts: [], links: [], skipped: [] })], // foreign markup outside entries
  'atom-envcanada-signed-fat.xml': ['cap-atom', (r) => expect(r.alerts).toMatchObject([{ msgType: 'Update', sender: 'cap-pac@ec.gc.ca' }])],
  'rss-google-ny-index.xml': ['cap-rss', (r) => expect(r.links).toEqual(['http://www.nyalert.gov/Public/News/GetCapAlert.aspx?capID=NYAlert-ALLHAZALERT-3167113', 'http://www.nyalert.gov/Public/News/GetCapAlert.aspx?capID=NYAlert-ALLHAZALERT-3162202'])],
  'rss-google-amber.xml': ['cap-rss', (r) => expect(r.links).toEqual(['http://cap-validator.appspot.com/examples/KAR0-0306112239-SW.cap'])],
  'atom-nws-cap11-index-large-ibm.xml': ['cap-atom', (r) => expect([r.alerts.length, r.links.length, r.skipped.length]).toEqual([0, 163, 0])],
  'atom-sweden-krisinformation.xml': ['cap-atom', (r) => expect([r.alerts.length, r.links.length]).toEqual([0, 4])],
  // Its entry embeds a CAP <alert> whose identifier and sender are "!" and whose info fields sit at alert level: not CAP.
  'atom-nws-oregon-index.xml': ['cap-atom', (r) => expect([r.alerts.length, skippedPaths(r)]).toEqual([0, ['feed.entry[0].content.alert.scope']])],
  'atom-usgs-alerthub-index.xml': ['cap-atom', (r) => expect(r.links).toEqual(['http://earthquake.usgs.gov/earthquakes/eventpage/usb000qfgs.cap'])],
  'atom-us-nws-weather-2-entries.xml': ['cap-atom', (r) => expect(r.links).toHaveLength(2)],
  'atom-pelmorex-naads-bad-encoding.xml': ['cap-atom', (r) => expect(r.links.length).toBeGreaterThan(0)],
  'atom-meteoalarm-poland.xml': ['meteoalarm', (r) => {
    expect(r.alerts).toEqual([]);
    expect(r.links).toEqual(['https://feeds.meteoalarm.org/api/v1/warnings/feeds-poland/3adfb5e8-78f3-4240-bc8e-4b6a4da41c3b', 'https://feeds.meteoalarm.org/api/v1/warnings/feeds-poland/3a815d72-c066-4fbd-a114-0d325682a12b']);
  }],
  'atom-meteoalarm-germany-large.xml': ['meteoalarm', (r) => {
    // One entry per (alert, area): 381 entries point at far fewer CAP documents, each fetched once.
    expect(r.links.length).toBeGreaterThan(0);
    expect(r.links.length).toBeLessThan(381);
    expect(new Set(r.links).size).toBe(r.links.length);
  }],
  'json-meteoalarm-croatia-warnings.json': ['meteoalarm', (r) => {
    expect([r.alerts.length, r.skipped.length]).toEqual([63, 0]);
    const updates = r.alerts.filter((a) => a.msgType === 'Update');
    expect(updates).toHaveLength(20);
    for (const u of updates) expect(u.references.length).toBeGreaterThan(0);
    expect(r.alerts[0]!.parameters.map((p) => p.name)).toEqual(['awareness_level', 'awareness_type']);
    expect(r.alerts[0]!.areas[0]).toMatchObject({ geometry: null, geocodes: [{ name: 'EMMA_ID', value: 'HR004' }] });
    expect(r.alerts[0]!.languages).toEqual(['hr-HR', 'en-GB']);
  }],
  'json-meteoalarm-bosnia-warnings.json': ['meteoalarm', (r) => expect([r.alerts.length, r.skipped.length]).toEqual([22, 0])],
  'geojson-nws-api-alerts-active-zone.json': ['nws-alerts', (r) => {
    const [a] = r.alerts;
    expect(r.alerts).toHaveLength(1);
    expect(a).toMatchObject({ identifier: 'NWS-IDP-PROD-3965873-3369046', event: 'Flood Watch', msgType: 'Update', expires: '2019-12-21T13:30:00.000Z' });
    expect(a!.references).toHaveLength(4);
    expect(a!.areas[0]!.geometry).toBeNull(); // zone-based: UGC and SAME codes kept
    expect(a!.areas[0]!.geocodes.filter((g) => g.name === 'UGC')).toHaveLength(11);
    expect(a!.parameters).toContainEqual({ name: 'ends', value: '2019-12-22T10:00:00-08:00' }); // ends ≠ expires
  }],
  'geojson-nws-api-alerts-active-zone-second.json': ['nws-alerts', (r) => expect(r.alerts.map((a) => a.identifier)).toEqual(['NWS-IDP-PROD-3965873-3369046', 'NWS-IDP-PROD-3965873-001'])],
  'geojson-usgs-significant-month-2023.geojson': ['usgs-geojson', (r) => {
    expect(r.alerts).toHaveLength(18);
    expect(r.alerts[0]).toMatchObject({ sender: 'earthquake.usgs.gov', identifier: 'us6000len8', severity: 'Extreme', areas: [{ geometry: { type: 'Point', coordinates: [62.0449, 34.5565] } }] });
    const multi = r.alerts.find((a) => a.aliases?.includes('at00s28p79'))!;
    expect(multi.identifier).toBe('uw61965081');
    expect(multi.aliases).toEqual(['ew1696818070', 'at00s28p79', 'us6000le56']);
    expect(r.alerts.map((a) => a.severity)).toEqual(expect.arrayContaining(['Extreme', 'Severe', 'Moderate', 'Minor']));
  }],
  'geojson-usgs-significant-month-2013-legacy.geojson': ['usgs-geojson', (r) => {
    expect(r.alerts).toHaveLength(6);
    expect(r.alerts[0]!.headline).toBe('M 5.9 - 13km E of Chabu, China'); // no "title" in api 1.0.8
    expect(r.alerts[0]!.parameters).toContainEqual({ name: 'reviewStatus', value: 'reviewed' });
  }],
  'rss-gdacs-2019-12-tc-eq-dr.xml': ['gdacs-rss', (r) => {
    expect(r.alerts.map((a) => a.event)).toEqual(['Tropical cyclone', 'Earthquake', 'Drought', 'Drought']);
    expect(r.alerts[0]).toMatchObject({ identifier: 'TC1000643', severity: 'Minor', areas: [{ desc: 'Mauritius', geometry: { type: 'Point', coordinates: [59.8, -19.4] } }] });
  }],
  'json-eonet-v3-events-subset.json': ['eonet', (r) => {
    expect(r.alerts).toHaveLength(8);
    const narda = r.alerts.find((a) => a.identifier === 'EONET_15547')!;
    expect(narda).toMatchObject({ categories: ['Met'], onset: '2025-09-21T18:00:00.000Z' });
    expect(narda.areas[0]!.geometry).toEqual({ type: 'Point', coordinates: [-105.6, 15.7] }); // the latest fix, not the first
    expect(r.alerts.find((a) => a.categories[0] === 'Fire')!.parameters).toContainEqual({ name: 'magnitudeUnit', value: 'acres' });
    expect(r.alerts.find((a) => a.identifier === 'EONET_15327')!.parameters.map((p) => p.name)).not.toContain('magnitude'); // volcano: null magnitude
  }],
};

const REFUSED: Record<string, [FeedKind, string[]]> = {
  'atom-google-no-id-invalid.xml': ['cap-atom', ['feed.id', 'feed.entry[0].id']],
  'atom-google-invalid-element.xml': ['cap-atom', ['feed.foo']],
  'atom-google-xxe-attack.xml': ['cap-atom', ['']],
  'rss-google-invalid.xml': ['cap-rss', ['rss.channel.item[0].link', 'rss.channel.item[0].title']],
};

describe('feed conformance (tests/fixtures/MANIFEST.json)', () => {
  it.each(Object.entries(CASES))('reads %s as the manifest expects', (name, [kind, check]) => check(read(kind, name)));

  it.each(Object.entries(REFUSED))('refuses %s, naming the fields', (name, [kind, fields]) => {
    expect(refusal(() => read(kind, name)).paths).toEqual(expect.arrayContaining(fields));
  });

  it('reads the Pelmorex feed that declares UTF-8 but is Latin-1 as Windows-1252, accents intact', () => {
    const { text, repaired } = decodeXml(fixture('atom-pelmorex-naads-bad-encoding.xml'));
    expect(repaired).toBe(true);
    expect(text).toContain('bulletin météorologique spécial annulé');
  });

  it('covers every feed sample the project carries', () => {
    const covered = new Set([...Object.keys(CASES), ...Object.keys(REFUSED)]);
    const carried = MANIFEST.map((m) => m.file).filter((f) => /^(atom|rss|geojson|json)-/.test(f));
    expect(carried.filter((f) => !covered.has(f))).toEqual([]);
  });
});
