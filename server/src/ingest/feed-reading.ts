import type { AlertContent } from '@sitroom/shared';
import type { FieldError } from '../errors/app-error.js';
import { isCapAlert, readCapAlert } from './cap.reader.js';
import { Issues } from './issues.js';
import { parseXml, type XmlElement } from './xml-tree.js';

/** What one poll of a feed document yields. */
export interface FeedReading {
  /** Alerts the document carries itself (a "fat" feed, a JSON API). */
  alerts: AlertContent[];
  /** CAP documents the document points to (an "index" feed): fetched one by one. */
  links: string[];
  /** Items that could not be read, each with everything wrong with it; the rest of the feed still counts. */
  skipped: { item: string; fields: FieldError[] }[];
}

export const emptyReading = (): FeedReading => ({ alerts: [], links: [], skipped: [] });

/**
 * The CAP alert an Atom entry or RSS item embeds, as XML children or as escaped XML text. Returns
 * `undefined` when there is none, `null` when there is one that is not valid (its issues added).
 */
export function embeddedAlert(holders: (XmlElement | undefined)[], path: string, issues: Issues): AlertContent | null | undefined {
  for (const holder of holders) {
    if (!holder) continue;
    const el = holder.children.find(isCapAlert);
    if (el) return readCapAlert(el, `${path}.alert`, issues);
    const text = holder.text.trim();
    if (text.startsWith('<') && /<(\w+:)?alert[\s>]/.test(text)) {
      const inner = parseXml(text);
      if (isCapAlert(inner)) return readCapAlert(inner, `${path}.alert`, issues);
    }
  }
  return undefined;
}

/** A link as an absolute http(s) URL, resolved against the feed's own address. */
export function absoluteLink(href: string | undefined, base: string | undefined): string | null {
  if (!href) return null;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Reads one item; an item with any issue is skipped with them, never half-read. */
export function readItem(reading: FeedReading, item: string, read: (issues: Issues) => void): void {
  const issues = new Issues();
  const before = { alerts: reading.alerts.length, links: reading.links.length };
  try {
    read(issues);
  } catch (err) {
    const e = err as { fields?: FieldError[]; message?: string };
    issues.list.push(...(e.fields ?? [{ path: item, message: e.message ?? 'unreadable' }]));
  }
  if (issues.count) {
    reading.alerts.length = before.alerts;
    reading.links.length = before.links;
    reading.skipped.push({ item, fields: issues.list });
  }
}
