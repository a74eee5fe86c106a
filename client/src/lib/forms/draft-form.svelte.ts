import { ApiError, NetworkError } from '../api/http';
import { coordinate, round6, sentence, validLocation } from './form-values';
import type { PlaceField, PlaceForm } from './place-form';

/** What a schema made of a draft: the value to send when it passed, else a message per field. */
export interface Checked<T, F extends string> {
  data: T | null;
  errors: Partial<Record<F, string>>;
}

/** A draft is what a person typed, as typed (strings); every draft here has a place. */
export type PlaceDraft = { lat: string; lon: string };

export interface DraftFormOptions<D extends PlaceDraft, F extends string, T> {
  /** Runs the shared schema over the draft (see `checkWith`). */
  check: (draft: D) => Checked<T, F>;
  /** Fields in page order: the first with an error takes the focus. */
  order: readonly F[];
  /** Which draft entries a field's error is about, when not the entry of its own name. */
  sources?: Partial<Record<F, readonly (keyof D & string)[]>>;
  /** Where an API error's `path` ("location.lat") is shown; null: above the send button. */
  fieldOf: (path: string[]) => F | null;
}

type Outcome<R, F> = { sent: R } | { focus: F | null };

/**
 * A form's state between the person and a shared zod schema: the schema's errors show once a field
 * was left or a send attempted; the server's `fields` errors show on their fields until the person
 * changes what they were about. The schema is the same one the server applies, so the two agree.
 */
export class DraftForm<D extends PlaceDraft, F extends string, T> implements PlaceForm {
  #values = $state() as D;
  #touched = $state.raw<ReadonlySet<string>>(new Set());
  #attempted = $state(false);
  #server = $state.raw<{ errors: Partial<Record<F, string>>; at: D } | null>(null);
  #failure = $state<string | null>(null);
  #sending = $state(false);
  readonly #opts: DraftFormOptions<D, F, T>;
  #checked = $derived.by(() => this.#opts.check(this.#values));
  #location = $derived(validLocation(coordinate(this.#values.lat), coordinate(this.#values.lon)));

  constructor(initial: D, opts: DraftFormOptions<D, F, T>) {
    this.#opts = opts;
    this.#values = initial;
  }

  /** Bind inputs to these (`bind:value={form.values.quantity}`). */
  get values(): D { return this.#values; }
  get lat(): string { return this.#values.lat; }
  set lat(v: string) { this.#values.lat = v; }
  get lon(): string { return this.#values.lon; }
  set lon(v: string) { this.#values.lon = v; }
  get location(): { lat: number; lon: number } | null { return this.#location; }
  get sending(): boolean { return this.#sending; }
  /** Why the last send failed, when it is not one field's fault. */
  get failure(): string | null { return this.#failure; }
  /** The draft as the schema reads it, when it passes. */
  get data(): T | null { return this.#checked.data; }

  errorFor(field: F | PlaceField): string | undefined {
    const f = field as F;
    const sources = this.#sourcesOf(f);
    const server = this.#server;
    if (server?.errors[f] && sources.every((k) => entry(this.#values, k) === entry(server.at, k))) return server.errors[f];
    const shown = this.#attempted || this.#touched.has(f) || sources.some((k) => this.#touched.has(k));
    return shown ? this.#checked.errors[f] : undefined;
  }

  /** The ids an input's `aria-describedby` lists: its hints, and its error while there is one. */
  describedBy(field: F | PlaceField, ...hints: string[]): string {
    return (this.errorFor(field) ? [...hints, `error-${field}`] : hints).join(' ');
  }

  touch(field: F | PlaceField): void {
    if (!this.#touched.has(field)) this.#touched = new Set([...this.#touched, field]);
  }

  setLocation(lat: number, lon: number): void {
    this.#values.lat = String(round6(lat));
    this.#values.lon = String(round6(lon));
    this.touch('lat');
    this.touch('lon');
  }

  /** A message for the form as a whole (such as "nothing changed"), shown until the next send. */
  fail(message: string): void {
    this.#failure = message;
  }

  /** Back to a fresh draft, with nothing shown as wrong. */
  reset(values: D): void {
    this.#values = values;
    this.#touched = new Set();
    this.#attempted = false;
    this.#server = null;
    this.#failure = null;
  }

  /**
   * Checks the draft and, when it passes, hands the schema's value to `deliver`. Answers what
   * `deliver` returned, or the field to move the focus to (null when the problem is not one field's).
   */
  async send<R>(deliver: (data: T) => Promise<R>): Promise<Outcome<R, F>> {
    if (this.#sending) return { focus: null };
    this.#attempted = true;
    this.#server = null;
    this.#failure = null;
    const { data, errors } = this.#checked;
    if (data === null) return { focus: this.#first(errors) };
    this.#sending = true;
    try {
      return { sent: await deliver(data) };
    } catch (err) {
      return { focus: this.#failed(err) };
    } finally {
      this.#sending = false;
    }
  }

  #failed(err: unknown): F | null {
    if (err instanceof ApiError && err.fields.length) {
      const errors: Partial<Record<F, string>> = {};
      const unplaced: string[] = [];
      for (const f of err.fields) {
        const field = this.#opts.fieldOf(f.path.split('.').filter(Boolean));
        if (field) errors[field] ??= sentence(f.message);
        else unplaced.push(sentence(f.message));
      }
      this.#server = { errors, at: $state.snapshot(this.#values) as D };
      this.#failure = unplaced.length ? `Not saved. ${unplaced.join(' ')}` : 'Not saved: please correct the marked fields.';
      return this.#first(errors);
    }
    if (err instanceof ApiError) this.#failure = `Not saved. ${sentence(err.message)}`;
    else if (err instanceof NetworkError) this.#failure = 'Not saved: SitRoom is not answering. Check the connection and try again.';
    else this.#failure = 'Not saved.';
    return null;
  }

  #sourcesOf(field: F): readonly string[] {
    return this.#opts.sources?.[field] ?? [field];
  }

  #first(errors: Partial<Record<F, string>>): F | null {
    return this.#opts.order.find((f) => errors[f]) ?? null;
  }
}

function entry(draft: PlaceDraft, key: string): unknown {
  return (draft as Record<string, unknown>)[key];
}

/** A schema issue, as zod reports it (structurally: the client does not depend on zod itself). */
export interface Issue {
  path: readonly PropertyKey[];
  message: string;
}

/**
 * Files a schema's issues under the fields that show them: the first message per field, in the
 * form's own words where it has some (an empty required field, say), else the schema's.
 */
export function errorsByField<F extends string>(issues: readonly Issue[], fieldOf: (path: string[]) => F | null, ownWords: (field: F) => string | null = () => null): Partial<Record<F, string>> {
  const errors: Partial<Record<F, string>> = {};
  for (const issue of issues) {
    const field = fieldOf(issue.path.map(String));
    if (field) errors[field] ??= ownWords(field) ?? sentence(issue.message);
  }
  return errors;
}
