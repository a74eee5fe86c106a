import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { refuse } from './issues.js';
import { refuseDeclarations } from './xml-decode.js';

/** An element with its namespace resolved: what the readers walk instead of prefixed tag names. */
export interface XmlElement {
  /** Local name, without prefix. */
  name: string;
  /** Namespace URI, or null for none. */
  ns: string | null;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own character data (text and CDATA), entities decoded, untrimmed. */
  text: string;
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded below, by XML's own five names and character references only: the parser's
  // entity handling includes DTD entities, which SitRoom never wants.
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  cdataPropName: '#cdata',
  maxNestedTags: 64,
  // No callbacks read paths; without jPath strings the parser does markedly less work per tag.
  jPath: false,
});

/**
 * Parses a whole document to its root element. Refuses DTDs, text that is not well-formed XML, and
 * more than one root, each with the contract's error body.
 */
export function parseXml(text: string): XmlElement {
  refuseDeclarations(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw refuse('', `the body is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  let nodes: Node[];
  try {
    nodes = parser.parse(text) as Node[];
  } catch (err) {
    throw refuse('', `the body is not well-formed XML (${(err as Error).message})`);
  }
  const roots = nodes.filter((n) => elementName(n) !== null);
  if (roots.length !== 1) throw refuse('', roots.length ? 'an XML document has exactly one root element' : 'the body has no XML element');
  return toElement(roots[0]!, new Map([['xml', 'http://www.w3.org/XML/1998/namespace']]));
}

function elementName(node: Node): string | null {
  for (const key of Object.keys(node)) if (key !== ':@' && key !== '#text' && key !== '#cdata') return key;
  return null;
}

function toElement(node: Node, inherited: Map<string, string>): XmlElement {
  const tag = elementName(node)!;
  const rawAttrs = (node[':@'] ?? {}) as Record<string, string>;
  let scope = inherited;
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawAttrs)) {
    const value = decodeEntities(String(v));
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (scope === inherited) scope = new Map(inherited);
      scope.set(k === 'xmlns' ? '' : k.slice(6), value);
    } else attrs[k] = value;
  }
  const colon = tag.indexOf(':');
  const prefix = colon < 0 ? '' : tag.slice(0, colon);
  const ns = scope.get(prefix) ?? (prefix ? `undeclared-prefix:${prefix}` : null);
  const el: XmlElement = { name: colon < 0 ? tag : tag.slice(colon + 1), ns: ns || null, attrs, children: [], text: '' };
  for (const child of (node[tag] ?? []) as Node[]) {
    if ('#text' in child) el.text += decodeEntities(String(child['#text']));
    else if ('#cdata' in child) el.text += ((child['#cdata'] as Node[]) ?? []).map((c) => String(c['#text'] ?? '')).join('');
    else if (elementName(child) !== null) el.children.push(toElement(child, scope));
  }
  return el;
}

const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** XML's predefined entities and character references, in one pass (so `&amp;lt;` stays `&lt;`). */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref]!;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}

/** Children of `el` with this local name in `el`'s own namespace (how CAP, Atom and RSS nest). */
export function childrenNamed(el: XmlElement, name: string, ns: string | null = el.ns): XmlElement[] {
  return el.children.filter((c) => c.name === name && c.ns === ns);
}

export function childNamed(el: XmlElement, name: string, ns: string | null = el.ns): XmlElement | undefined {
  return el.children.find((c) => c.name === name && c.ns === ns);
}

/** The trimmed text of a child, or undefined when the child is absent or empty. */
export function childText(el: XmlElement, name: string, ns: string | null = el.ns): string | undefined {
  const t = childNamed(el, name, ns)?.text.trim();
  return t ? t : undefined;
}
