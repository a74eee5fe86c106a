import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { NewOffer, RESOURCE_TYPES, type LatLon } from '@sitroom/shared';
import { AppError, type FieldError } from '../errors/app-error.js';

/**
 * Reads an OASIS EDXL-RM 1.0 OfferUnsolicitedResource message (namespace
 * urn:oasis:names:tc:emergency:EDXL:RM:1.0:msg) into SitRoom offers, one per ResourceInformation:
 *   resource type   Resource/TypeStructure/Value (or Resource/Name): a SitRoom id or label
 *   quantity, unit  AssignmentInformation/Quantity/MeasuredQuantity/Amount and UnitOfMeasure/Value
 *   window          ScheduleInformation with ScheduleType BeginAvailable / EndAvailable, DateTime
 *   location        ScheduleInformation/Location/TargetArea: a GML pos "lat lon" (Point, circle
 *                   centre) or the mean of a polygon's posList
 *   description     Resource/Description, else Resource/Name, else MessageDescription
 *   contact         the message's first ContactInformation (ContactDescription and the text of
 *                   AdditionalContactInformation), kept private like a JSON offer's contact
 * Namespace prefixes are ignored (senders vary in them); element names are the schema's.
 *
 * Safety: DOCTYPE and ENTITY declarations are refused before parsing (no external entities, no
 * entity expansion bombs); the body limit (1 MiB) and a nesting limit bound the work.
 */
export interface EdxlOffers {
  messageId: string;
  offers: NewOffer[];
}

const ROOT = 'OfferUnsolicitedResource';
const MAX_RESOURCES = 100;
const REPEATED = new Set(['ResourceInformation', 'ScheduleInformation', 'ContactInformation', 'Value', 'IncidentInformation', 'Keyword', 'Funding', 'QuantityText']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false, // every value stays text; numbers and times are read explicitly below
  trimValues: true,
  processEntities: true, // only XML's own entities can occur: declarations are refused above
  // An object here means "these named entities, and numeric character references" (&#169;), which
  // XML requires; fast-xml-parser types the option as boolean, hence the cast.
  htmlEntities: { amp: '&', apos: "'", gt: '>', lt: '<', quot: '"' } as unknown as boolean,
  maxNestedTags: 64,
  isArray: (name) => REPEATED.has(name),
});

type Node = Record<string, unknown>;

export function parseOfferUnsolicitedResource(xml: string): EdxlOffers {
  if (/<!\s*(DOCTYPE|ENTITY)/i.test(xml)) {
    throw invalid('', 'DOCTYPE and ENTITY declarations are not accepted in EDXL-RM messages');
  }
  const wellFormed = XMLValidator.validate(xml);
  if (wellFormed !== true) throw invalid('', `not well-formed XML: ${wellFormed.err.msg} (line ${wellFormed.err.line})`);
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw invalid('', `unreadable XML: ${(err as Error).message}`);
  }
  const rootName = Object.keys(doc).find((k) => !k.startsWith('?'));
  if (rootName !== ROOT) throw invalid('', `expected an EDXL-RM 1.0 ${ROOT} message, got <${rootName ?? 'nothing'}>`);
  const root = asNode(doc[ROOT]);

  const messageId = text(root.MessageID);
  const errors: FieldError[] = [];
  if (!messageId) errors.push({ path: 'MessageID', message: 'MessageID is required' });
  else if (messageId.length > 200) errors.push({ path: 'MessageID', message: 'MessageID must be at most 200 characters' });
  const contentType = text(root.MessageContentType);
  if (contentType !== ROOT) errors.push({ path: 'MessageContentType', message: `MessageContentType must be ${ROOT}` });
  const resources = list(root.ResourceInformation);
  if (!resources.length) errors.push({ path: 'ResourceInformation', message: 'at least one ResourceInformation is required' });
  if (resources.length > MAX_RESOURCES) errors.push({ path: 'ResourceInformation', message: `at most ${MAX_RESOURCES} ResourceInformation per message` });
  if (errors.length) throw AppError.invalid(errors);

  const contact = contactOf(list(root.ContactInformation)[0]);
  const offers: NewOffer[] = [];
  resources.forEach((info, i) => {
    const at = `ResourceInformation[${i}]`;
    const candidate = offerFrom(info, text(root.MessageDescription), contact);
    const res = NewOffer.safeParse(candidate);
    if (res.success) offers.push(res.data);
    else for (const issue of res.error.issues) errors.push({ path: edxlPath(i, issue.path.map(String)), message: issue.message });
  });
  if (errors.length) throw AppError.invalid(errors);
  return { messageId: messageId!, offers };
}

/** Where each offer field comes from, to name the element in errors. */
const EDXL_PATHS: Record<string, string> = {
  resourceType: 'Resource.TypeStructure.Value',
  quantity: 'AssignmentInformation.Quantity.MeasuredQuantity.Amount',
  unit: 'AssignmentInformation.Quantity.MeasuredQuantity.UnitOfMeasure.Value',
  location: 'ScheduleInformation.Location.TargetArea',
  availableFrom: 'ScheduleInformation(BeginAvailable).DateTime',
  availableUntil: 'ScheduleInformation(EndAvailable).DateTime',
  description: 'Resource.Description',
  contact: 'ContactInformation',
};

/** The path of an offer field of the i-th resource, named by the EDXL element it came from. */
export function edxlPath(i: number, path: string[]): string {
  return `ResourceInformation[${i}].${EDXL_PATHS[path[0] ?? ''] ?? path.join('.')}`;
}

function offerFrom(info: Node, messageDescription: string | undefined, contact: string | undefined): Record<string, unknown> {
  const resource = asNode(info.Resource);
  const measured = asNode(asNode(asNode(info.AssignmentInformation).Quantity).MeasuredQuantity);
  const amount = text(measured.Amount);
  const schedules = list(info.ScheduleInformation);
  const timeOf = (type: string) => text(schedules.find((s) => text(s.ScheduleType) === type)?.DateTime);
  const located = [...schedules].sort((a, b) => Number(text(b.ScheduleType) === 'BeginAvailable') - Number(text(a.ScheduleType) === 'BeginAvailable'));
  const location = located.map((s) => pointOf(asNode(asNode(s.Location).TargetArea))).find(Boolean);
  const offer: Record<string, unknown> = {
    resourceType: resourceTypeOf(resource),
    // A number only when it reads as one; otherwise the text goes through, and the schema names the field.
    quantity: amount !== undefined && /^\s*[-+]?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(amount) ? Number(amount) : amount,
    unit: text(values(asNode(measured.UnitOfMeasure).Value)[0]),
    location,
    availableFrom: timeOf('BeginAvailable'),
    availableUntil: timeOf('EndAvailable'),
    description: text(resource.Description) ?? text(resource.Name) ?? messageDescription,
    contact,
  };
  return Object.fromEntries(Object.entries(offer).filter(([, v]) => v !== undefined));
}

/** The first TypeStructure value (or the Name) that is a SitRoom resource type id or label. */
function resourceTypeOf(resource: Node): string | undefined {
  const candidates = [...values(asNode(resource.TypeStructure).Value).map(text), text(resource.Name)].filter((v): v is string => Boolean(v));
  for (const c of candidates) {
    const hit = RESOURCE_TYPES.find((r) => r.id === c.toLowerCase() || r.label.toLowerCase() === c.toLowerCase());
    if (hit) return hit.id;
  }
  return candidates[0] ?? undefined;
}

/** A GML position "lat lon" (EPSG:4326 axis order, as GeoOASIS uses), or the mean of a posList. */
function pointOf(area: Node): LatLon | undefined {
  const found = findKey(area, 'pos') ?? findKey(area, 'posList') ?? findKey(area, 'coordinates');
  const raw = text(Array.isArray(found) ? found[0] : found);
  if (!raw) return undefined;
  const numbers = raw.split(/[\s,]+/).filter(Boolean).map(Number);
  if (numbers.length < 2 || numbers.length % 2 || numbers.some((n) => !Number.isFinite(n))) return undefined;
  const pairs = numbers.length / 2;
  // A closed ring repeats its first point; leave the repeat out of the mean.
  const closed = pairs > 1 && numbers[0] === numbers[numbers.length - 2] && numbers[1] === numbers[numbers.length - 1];
  const n = closed ? pairs - 1 : pairs;
  let lat = 0;
  let lon = 0;
  for (let i = 0; i < n; i++) {
    lat += numbers[2 * i]!;
    lon += numbers[2 * i + 1]!;
  }
  return { lat: Math.round((lat / n) * 1e6) / 1e6, lon: Math.round((lon / n) * 1e6) / 1e6 };
}

function contactOf(info: Node | undefined): string | undefined {
  if (!info) return undefined;
  const parts = [text(info.ContactDescription), ...allText(info.AdditionalContactInformation)].filter(Boolean);
  const joined = parts.join(', ').replace(/\s+/g, ' ').trim();
  return joined ? joined.slice(0, 200) : undefined;
}

function findKey(node: unknown, key: string, depth = 0): unknown {
  if (!node || typeof node !== 'object' || depth > 16) return undefined;
  if (Array.isArray(node)) {
    for (const n of node) {
      const f = findKey(n, key, depth + 1);
      if (f !== undefined) return f;
    }
    return undefined;
  }
  if (key in node) return (node as Node)[key];
  for (const v of Object.values(node)) {
    const f = findKey(v, key, depth + 1);
    if (f !== undefined) return f;
  }
  return undefined;
}

function allText(node: unknown, depth = 0): string[] {
  if (typeof node === 'string') return [node];
  if (!node || typeof node !== 'object' || depth > 16) return [];
  return Object.values(node).flatMap((v) => allText(v, depth + 1));
}

function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (v && typeof v === 'object' && '#text' in v) return text((v as Node)['#text']);
  return undefined;
}

function asNode(v: unknown): Node {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : {};
}

function list(v: unknown): Node[] {
  return values(v).map(asNode);
}

/** A repeated element's values as they are (text or nodes). */
function values(v: unknown): unknown[] {
  return Array.isArray(v) ? v : v === undefined ? [] : [v];
}

function invalid(path: string, message: string): AppError {
  return AppError.invalid([{ path, message }], `Invalid EDXL-RM message: ${message}.`);
}
