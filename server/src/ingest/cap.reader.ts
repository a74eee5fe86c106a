import { CAP_MSG_TYPES, CAP_SCOPES, CAP_STATUSES, CapIdentifier, type AlertContent, type AlertReference } from '@sitroom/shared';
import { readInfo, summariseInfos, defined } from './cap-info.js';
import { CAP_NAMESPACES, instant, oneOf } from './cap-values.js';
import type { Issues } from './issues.js';
import { childrenNamed, childText, type XmlElement } from './xml-tree.js';

export function isCapAlert(el: XmlElement): boolean {
  return el.name === 'alert' && el.ns !== null && el.ns in CAP_NAMESPACES;
}

/**
 * Reads one CAP 1.1 or 1.2 `<alert>` (OASIS CAP 1.2 §3), adding an issue for every missing required
 * element, value outside an enumeration, malformed time or area. Returns null when anything was wrong.
 * Elements in other namespaces (an XML-DSig `<Signature>`, extensions) are ignored, not verified.
 */
export function readCapAlert(el: XmlElement, path: string, issues: Issues): AlertContent | null {
  const mark = issues.count;
  const text = (name: string) => childText(el, name);
  const identifier = capWord(text('identifier'), `${path}.identifier`, issues);
  const sender = capWord(text('sender'), `${path}.sender`, issues);
  const sent = instant(text('sent'), `${path}.sent`, issues, true);
  const status = oneOf(CAP_STATUSES, text('status'), `${path}.status`, issues, true);
  const msgType = oneOf(CAP_MSG_TYPES, text('msgType'), `${path}.msgType`, issues, true);
  const scope = oneOf(CAP_SCOPES, text('scope'), `${path}.scope`, issues, true);
  const references = readReferences(text('references'), `${path}.references`, issues);
  if ((msgType === 'Update' || msgType === 'Cancel') && references.length === 0) {
    issues.add(`${path}.references`, msgType === 'Update' ? 'an Update must name the earlier alert(s) it updates' : 'a Cancel must name the earlier alert(s) it cancels');
  }
  const infos = childrenNamed(el, 'info').map((info, i) => readInfo(info, `${path}.info[${i}]`, issues));
  if (issues.count !== mark) return null;
  return {
    sender: sender!,
    identifier: identifier!,
    sent: sent!,
    status: status!,
    msgType: msgType!,
    scope: scope!,
    references,
    codes: childrenNamed(el, 'code').map((c) => c.text.trim()).filter(Boolean),
    ...defined({ note: text('note') }),
    ...summariseInfos(infos.filter((i) => i !== null)),
  };
}

function capWord(value: string | undefined, path: string, issues: Issues): string | undefined {
  if (value === undefined) {
    issues.add(path, 'is required');
    return undefined;
  }
  const res = CapIdentifier.safeParse(value);
  if (!res.success) issues.add(path, `"${value.slice(0, 60)}" ${res.error.issues[0]!.message}`);
  return res.success ? res.data : undefined;
}

/** `references`: whitespace-separated `sender,identifier,sent` triples (CAP 1.2 §3.2.1). */
function readReferences(value: string | undefined, path: string, issues: Issues): AlertReference[] {
  if (!value) return [];
  return value.split(/\s+/).flatMap((triple, i) => {
    const parts = triple.split(',');
    if (parts.length !== 3 || !parts[0] || !parts[1]) {
      issues.add(path, `reference ${i + 1} "${triple.slice(0, 80)}" is not sender,identifier,sent`);
      return [];
    }
    const sent = instant(parts[2], `${path}[${i}].sent`, issues, true);
    return [{ sender: parts[0], identifier: parts[1], ...(sent ? { sent } : {}) }];
  });
}
