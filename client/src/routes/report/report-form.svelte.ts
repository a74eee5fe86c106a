import { NewReport, DESCRIPTION_MAX } from '@sitroom/shared';
import { ApiError, NetworkError } from '../../lib/api/http';
import { submitReport, type ReportReceipt } from '../../lib/api/reports';
import { coordinate, instant, round6, sentence, validLocation } from '../../lib/forms/form-values';
import { missingPlaceMessage, type PlaceForm } from '../../lib/forms/place-form';

/** Where an error is shown: each input, plus `location` for "no place chosen at all". */
export type FieldKey = 'category' | 'description' | 'location' | 'lat' | 'lon' | 'occurredAt' | 'contact';
export const FIELD_ORDER: readonly FieldKey[] = ['category', 'location', 'lat', 'lon', 'description', 'occurredAt', 'contact'];

/** What a person has typed, as typed: kept across reloads and failed sends. */
export interface Draft {
  category: string;
  description: string;
  lat: string;
  lon: string;
  occurredAt: string;
  contact: string;
}

export type Failure =
  | { kind: 'network' }
  | { kind: 'rate_limited'; retryAt: number }
  | { kind: 'unavailable' }
  | { kind: 'rejected'; message: string };

type Errors = Partial<Record<FieldKey, string>>;

const EMPTY_DRAFT: Draft = { category: '', description: '', lat: '', lon: '', occurredAt: '', contact: '' };

/**
 * The public report form's state. Validation is the shared `NewReport` schema, the same one the
 * server applies; only the wording for an empty field is the form's own, since the schema speaks to
 * API integrators.
 */
export class ReportForm implements PlaceForm {
  #category = $state('');
  #description = $state('');
  #lat = $state('');
  #lon = $state('');
  #occurredAt = $state('');
  #contact = $state('');

  #touched = $state.raw<ReadonlySet<FieldKey>>(new Set());
  #attempted = $state(false);
  #serverErrors = $state.raw<Errors>({});
  #sending = $state(false);
  #failure = $state.raw<Failure | null>(null);
  #receipt = $state.raw<ReportReceipt | null>(null);

  #validation = $derived(validate(this.draft));

  constructor(draft: Partial<Draft> = {}) {
    const d = { ...EMPTY_DRAFT, ...draft };
    this.#category = d.category;
    this.#description = d.description;
    this.#lat = d.lat;
    this.#lon = d.lon;
    this.#occurredAt = d.occurredAt;
    this.#contact = d.contact;
  }

  get category() { return this.#category; }
  set category(v: string) { this.#category = v; this.#edited('category'); }
  get description() { return this.#description; }
  set description(v: string) { this.#description = v; this.#edited('description'); }
  get lat() { return this.#lat; }
  set lat(v: string) { this.#lat = v; this.#edited('lat'); }
  get lon() { return this.#lon; }
  set lon(v: string) { this.#lon = v; this.#edited('lon'); }
  get occurredAt() { return this.#occurredAt; }
  set occurredAt(v: string) { this.#occurredAt = v; this.#edited('occurredAt'); }
  get contact() { return this.#contact; }
  set contact(v: string) { this.#contact = v; this.#edited('contact'); }

  get draft(): Draft {
    return { category: this.#category, description: this.#description, lat: this.#lat, lon: this.#lon, occurredAt: this.#occurredAt, contact: this.#contact };
  }
  get isEmpty(): boolean {
    return Object.values(this.draft).every((v) => v.trim() === '');
  }
  get descriptionRemaining(): number { return DESCRIPTION_MAX - this.#description.length; }
  /** The chosen place when both coordinates are valid, for the map's marker. */
  get location(): { lat: number; lon: number } | null { return this.#validation.location; }
  get sending(): boolean { return this.#sending; }
  get failure(): Failure | null { return this.#failure; }
  get receipt(): ReportReceipt | null { return this.#receipt; }

  /** A field's error, once the person has left the field or tried to send; the server's word wins. */
  errorFor(field: FieldKey): string | undefined {
    const server = this.#serverErrors[field];
    if (server) return server;
    const shown = this.#attempted || this.#touched.has(field) || (field === 'location' && (this.#touched.has('lat') || this.#touched.has('lon')));
    return shown ? this.#validation.errors[field] : undefined;
  }

  /** The ids an input's `aria-describedby` lists: its hints, and its error while there is one. */
  describedBy(field: FieldKey, ...hints: string[]): string {
    return this.errorFor(field) ? [...hints, `error-${field}`].join(' ') : hints.join(' ');
  }

  touch(field: FieldKey): void {
    if (!this.#touched.has(field)) this.#touched = new Set([...this.#touched, field]);
  }

  /** From a tap on the map or the device's position: both coordinates at once, rounded to about 10 cm. */
  setLocation(lat: number, lon: number): void {
    this.lat = String(round6(lat));
    this.lon = String(round6(lon));
    this.touch('lat');
    this.touch('lon');
  }

  /** Sends the report; returns the first field with an error (to move focus there), or null. */
  async submit(): Promise<FieldKey | null> {
    if (this.#sending) return null;
    this.#attempted = true;
    this.#serverErrors = {};
    const result = this.#validation;
    if (!result.report) return firstField(result.errors);

    this.#sending = true;
    this.#failure = null;
    try {
      this.#receipt = await submitReport(result.report);
      return null;
    } catch (err) {
      return this.#failed(err);
    } finally {
      this.#sending = false;
    }
  }

  /** After a confirmation: a fresh form at the same place, since people often report several things nearby. */
  startAnother(): void {
    const { lat, lon } = this.draft;
    this.#category = this.#description = this.#occurredAt = this.#contact = '';
    this.#lat = lat;
    this.#lon = lon;
    this.#touched = new Set();
    this.#attempted = false;
    this.#serverErrors = {};
    this.#failure = null;
    this.#receipt = null;
  }

  #failed(err: unknown): FieldKey | null {
    if (err instanceof NetworkError) {
      this.#failure = { kind: 'network' };
    } else if (err instanceof ApiError && err.status === 429) {
      this.#failure = { kind: 'rate_limited', retryAt: Date.now() + (err.retryAfterSeconds ?? 60) * 1000 };
    } else if (err instanceof ApiError && err.status >= 500) {
      this.#failure = { kind: 'unavailable' };
    } else if (err instanceof ApiError && err.fields.length) {
      const errors: Errors = {};
      const unplaced: string[] = [];
      for (const f of err.fields) {
        const field = fieldOf(f.path.split('.'));
        if (field) errors[field] ??= sentence(f.message);
        else unplaced.push(sentence(f.message));
      }
      this.#serverErrors = errors;
      this.#failure = { kind: 'rejected', message: unplaced.length ? unplaced.join(' ') : 'Please correct the marked fields.' };
      return firstField(errors);
    } else if (err instanceof ApiError) {
      this.#failure = { kind: 'rejected', message: sentence(err.message) };
    } else {
      this.#failure = { kind: 'network' };
    }
    return null;
  }

  #edited(field: FieldKey): void {
    const related: FieldKey[] = field === 'lat' || field === 'lon' ? [field, 'location'] : [field];
    if (related.some((f) => this.#serverErrors[f])) {
      const next = { ...this.#serverErrors };
      for (const f of related) delete next[f];
      this.#serverErrors = next;
    }
    if (this.#failure?.kind === 'rejected') this.#failure = null;
  }
}

interface Validation {
  report: NewReport | null;
  errors: Errors;
  location: { lat: number; lon: number } | null;
}

/** Runs the shared schema over the draft and files each issue under the input that shows it. */
function validate(draft: Draft): Validation {
  const lat = coordinate(draft.lat);
  const lon = coordinate(draft.lon);
  const candidate = {
    category: draft.category || undefined,
    description: draft.description,
    location: lat === undefined && lon === undefined ? undefined : { lat, lon },
    occurredAt: draft.occurredAt ? instant(draft.occurredAt) : undefined,
    contact: draft.contact.trim() ? draft.contact : undefined,
  };
  const result = NewReport.safeParse(candidate);
  const location = result.success ? result.data.location : validLocation(lat, lon);
  if (result.success) return { report: result.data, errors: {}, location };

  const errors: Errors = {};
  for (const issue of result.error.issues) {
    const field = fieldOf(issue.path.map(String));
    if (field) errors[field] ??= emptyFieldMessage(field, draft, lat, lon) ?? sentence(issue.message);
  }
  return { report: null, errors, location };
}

function fieldOf(path: string[]): FieldKey | null {
  const [head, sub] = path;
  if (head === 'location') return sub === 'lat' || sub === 'lon' ? sub : 'location';
  return head === 'category' || head === 'description' || head === 'occurredAt' || head === 'contact' ? head : null;
}

function emptyFieldMessage(field: FieldKey, draft: Draft, lat?: number, lon?: number): string | null {
  switch (field) {
    case 'category':
      return draft.category ? null : 'Choose what you are reporting.';
    case 'description':
      return draft.description.trim() ? null : 'Describe what you see.';
    case 'location':
    case 'lat':
    case 'lon':
      return missingPlaceMessage(field, lat, lon);
    default:
      return null;
  }
}

function firstField(errors: Errors): FieldKey | null {
  return FIELD_ORDER.find((f) => errors[f]) ?? null;
}
