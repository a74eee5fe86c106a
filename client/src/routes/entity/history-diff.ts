export interface FieldChange {
  field: string;
  before: string | null;
  after: string | null;
}

/**
 * The fields an audit entry changed, each value as display text. `updatedAt` and
 * `version` change on every write and would only bury what actually changed.
 */
export function changedFields(before: unknown, after: unknown): FieldChange[] {
  // Nested objects are compared leaf by leaf ("decision.by.org"): a whole object as JSON buries the one value that changed.
  const b = flatten(asRecord(before));
  const a = flatten(asRecord(after));
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => k !== 'updatedAt' && k !== 'version');
  return keys
    .filter((k) => JSON.stringify(b[k]) !== JSON.stringify(a[k]))
    .map((k) => ({ field: k, before: display(b[k]), after: display(a[k]) }));
}

function flatten(record: Record<string, unknown>, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  for (const [k, v] of Object.entries(record)) {
    const path = prefix + k;
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length) flatten(v as Record<string, unknown>, `${path}.`, out);
    else out[path] = v;
  }
  return out;
}

function asRecord(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : v === undefined ? {} : { value: v };
}

function display(v: unknown): string | null {
  if (v === undefined) return null;
  if (typeof v === 'string') return v;
  // Lists of references (an incident's sources): one "kind id" a line, not a wall of JSON.
  if (Array.isArray(v) && v.length && v.every((x) => x !== null && typeof x === 'object' && typeof (x as { id?: unknown }).id === 'string')) {
    return v.map((x: { id: string; kind?: unknown }) => (typeof x.kind === 'string' ? `${x.kind} ${x.id}` : x.id)).join('\n');
  }
  return JSON.stringify(v);
}
