import {
  CAP_CATEGORIES, CAP_CERTAINTIES, CAP_RESPONSE_TYPES, CAP_SEVERITIES, CAP_URGENCIES,
  type AlertArea, type AlertContent, type NameValue,
} from '@sitroom/shared';
import { areaGeometry, readCircle, readPolygon } from './cap-area.js';
import { instant, nameValues, oneOf } from './cap-values.js';
import type { Issues } from './issues.js';
import { childrenNamed, childText, type XmlElement } from './xml-tree.js';

type Info = Pick<AlertContent, 'categories' | 'event' | 'responseTypes' | 'urgency' | 'severity' | 'certainty' | 'senderName' | 'headline' | 'description' | 'instruction' | 'web' | 'effective' | 'onset' | 'expires' | 'areas' | 'parameters' | 'eventCodes'> & { language: string };

/** What an alert takes from its info blocks. */
export type InfoSummary = Pick<AlertContent, Exclude<keyof Info, 'language'> | 'languages' | 'translations'>;

/** CAP 1.1 allowed "Very Likely"; 1.2 folded it into Likely. */
const LEGACY_CERTAINTY: Record<string, string> = { 'Very Likely': 'Likely' };

export function readInfo(el: XmlElement, path: string, issues: Issues): Info | null {
  const mark = issues.count;
  const text = (name: string) => childText(el, name);
  const categories = childrenNamed(el, 'category').flatMap((c, i) => oneOf(CAP_CATEGORIES, c.text.trim() || undefined, `${path}.category[${i}]`, issues, true) ?? []);
  if (!childrenNamed(el, 'category').length) issues.add(`${path}.category`, `is required (one or more of ${CAP_CATEGORIES.join(', ')})`);
  const event = text('event');
  if (!event) issues.add(`${path}.event`, 'is required');
  const certaintyText = text('certainty');
  const info: Info = {
    language: text('language') ?? 'en-US',
    categories,
    event: event ?? '',
    responseTypes: childrenNamed(el, 'responseType').flatMap((c, i) => oneOf(CAP_RESPONSE_TYPES, c.text.trim() || undefined, `${path}.responseType[${i}]`, issues, true) ?? []),
    urgency: oneOf(CAP_URGENCIES, text('urgency'), `${path}.urgency`, issues, true) ?? 'Unknown',
    severity: oneOf(CAP_SEVERITIES, text('severity'), `${path}.severity`, issues, true) ?? 'Unknown',
    certainty: oneOf(CAP_CERTAINTIES, certaintyText && (LEGACY_CERTAINTY[certaintyText] ?? certaintyText), `${path}.certainty`, issues, true) ?? 'Unknown',
    senderName: text('senderName'),
    headline: text('headline'),
    description: text('description'),
    instruction: text('instruction'),
    web: text('web'),
    effective: instant(text('effective'), `${path}.effective`, issues),
    onset: instant(text('onset'), `${path}.onset`, issues),
    expires: instant(text('expires'), `${path}.expires`, issues),
    areas: childrenNamed(el, 'area').flatMap((a, i) => readArea(a, `${path}.area[${i}]`, issues) ?? []),
    parameters: nameValues(el, 'parameter', path, issues),
    eventCodes: nameValues(el, 'eventCode', path, issues),
  };
  return issues.count === mark ? info : null;
}

function readArea(el: XmlElement, path: string, issues: Issues): AlertArea | null {
  const desc = childText(el, 'areaDesc');
  if (!desc) issues.add(`${path}.areaDesc`, 'is required');
  // An empty <polygon/> or <circle/> says nothing; only a non-empty malformed one is refused.
  const rings: [number, number][][] = [];
  childrenNamed(el, 'polygon').forEach((p, i) => {
    const ring = p.text.trim() ? readPolygon(p.text, `${path}.polygon[${i}]`, issues) : null;
    if (ring) rings.push(ring);
  });
  const circles = childrenNamed(el, 'circle').flatMap((c, i) => (c.text.trim() ? (readCircle(c.text, `${path}.circle[${i}]`, issues) ?? []) : []));
  return { desc: desc ?? '', geometry: areaGeometry(rings, circles), geocodes: nameValues(el, 'geocode', path, issues) };
}

const SEVERITY_RANK: Record<string, number> = { Extreme: 4, Severe: 3, Moderate: 2, Minor: 1, Unknown: 0 };

/**
 * Several info blocks are one alert. Blocks in the alert's first language make up its picture (all
 * their areas, the gravest severity, the latest expiry); blocks in other languages are the same
 * warning translated, kept as `translations` and never drawn twice.
 */
export function summariseInfos(infos: Info[]): InfoSummary {
  const languages = [...new Set(infos.map((i) => i.language))];
  const primary = infos.filter((i) => i.language === languages[0]);
  const first = primary[0];
  if (!first) {
    return { categories: [], event: '', responseTypes: [], urgency: 'Unknown', severity: 'Unknown', certainty: 'Unknown', areas: [], parameters: [], eventCodes: [], languages: [], translations: [] };
  }
  const gravest = primary.reduce((a, b) => (SEVERITY_RANK[b.severity]! > SEVERITY_RANK[a.severity]! ? b : a));
  const times = (pick: (i: Info) => string | undefined) => primary.map(pick).filter((t): t is string => t !== undefined).sort();
  const translations = languages.slice(1).map((language) => {
    const i = infos.find((x) => x.language === language)!;
    return { language, event: i.event, ...defined({ headline: i.headline, description: i.description, instruction: i.instruction }) };
  });
  return {
    categories: unique(primary.flatMap((i) => i.categories)),
    event: first.event,
    responseTypes: unique(primary.flatMap((i) => i.responseTypes)),
    urgency: first.urgency,
    severity: gravest.severity,
    certainty: first.certainty,
    ...defined({
      senderName: first.senderName,
      headline: first.headline,
      description: first.description,
      instruction: first.instruction,
      web: first.web,
      effective: times((i) => i.effective)[0],
      onset: times((i) => i.onset)[0],
      expires: times((i) => i.expires).at(-1),
    }),
    areas: uniqueBy(primary.flatMap((i) => i.areas), (a) => JSON.stringify(a)),
    parameters: uniqueBy(primary.flatMap((i) => i.parameters), pairKey),
    eventCodes: uniqueBy(primary.flatMap((i) => i.eventCodes), pairKey),
    languages,
    translations,
  };
}

const pairKey = (p: NameValue) => `${p.name}\n${p.value}`;

function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

function uniqueBy<T>(xs: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return xs.filter((x) => !seen.has(key(x)) && (seen.add(key(x)), true));
}

/** Drops undefined fields, so stored JSON (and the idempotency comparison) has no `"x": undefined` noise. */
export function defined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
