import type { NameValue } from '@sitroom/shared';
import type { Issues } from './issues.js';
import { childNamed, childrenNamed, type XmlElement } from './xml-tree.js';

export const CAP_NAMESPACES: Record<string, '1.1' | '1.2'> = {
  'urn:oasis:names:tc:emergency:cap:1.1': '1.1',
  'urn:oasis:names:tc:emergency:cap:1.2': '1.2',
};

/** An xsd:dateTime with a time zone, as CAP requires (`Z` and fractions tolerated), resolved to a UTC instant. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function instant(text: string | undefined, path: string, issues: Issues, required = false): string | undefined {
  if (text === undefined) {
    if (required) issues.add(path, 'is required');
    return undefined;
  }
  const ms = DATE_TIME.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(ms)) {
    issues.add(path, `"${text.slice(0, 40)}" is not a date-time with a time zone, e.g. 2003-06-17T14:57:00-07:00`);
    return undefined;
  }
  return new Date(ms).toISOString();
}

/** A required or optional value from a closed list (CAP enumerations are case-sensitive). */
export function oneOf<T extends string>(values: readonly T[], text: string | undefined, path: string, issues: Issues, required: boolean): T | undefined {
  if (text === undefined) {
    if (required) issues.add(path, `is required (one of ${values.join(', ')})`);
    return undefined;
  }
  if ((values as readonly string[]).includes(text)) return text as T;
  issues.add(path, `"${text.slice(0, 40)}" is not one of ${values.join(', ')}`);
  return undefined;
}

/**
 * `<geocode>`, `<parameter>`, `<eventCode>`: valueName + value pairs. (Like most CAP consumers, the
 * readers ignore elements they do not know, in the CAP namespace too: real senders add their own, as
 * krisinformation.se's `<Type>` in an area, and refusing them would lose real warnings.)
 */
export function nameValues(el: XmlElement, tag: string, path: string, issues: Issues): NameValue[] {
  return childrenNamed(el, tag).flatMap((pair, i) => {
    const name = childNamed(pair, 'valueName')?.text.trim();
    if (!name) {
      issues.add(`${path}.${tag}[${i}].valueName`, 'is required');
      return [];
    }
    return [{ name, value: childNamed(pair, 'value')?.text.trim() ?? '' }];
  });
}
