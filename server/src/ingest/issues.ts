import { AppError, type FieldError } from '../errors/app-error.js';

/**
 * Collects everything wrong with a document before refusing it, so the sender learns every bad field
 * at once (`fields` of the contract's error body) rather than one per attempt.
 */
export class Issues {
  readonly list: FieldError[] = [];

  add(path: string, message: string): void {
    // A hostile document could name thousands of bad fields; the first hundred say enough.
    if (this.list.length < 100) this.list.push({ path, message });
  }

  get count(): number {
    return this.list.length;
  }

  /** Issues added since `mark` (a count taken earlier): lets a caller tell whether one part was clean. */
  since(mark: number): FieldError[] {
    return this.list.slice(mark);
  }

  throwIfAny(summary: string): void {
    if (this.list.length) throw AppError.invalid(this.list, `${summary}: ${this.list.slice(0, 5).map((f) => `${f.path}: ${f.message}`).join('; ')}${this.list.length > 5 ? '; …' : ''}`);
  }
}

/** One refusal, for input that is unreadable as a whole (not XML, wrong root, a DOCTYPE). */
export function refuse(path: string, message: string): AppError {
  return AppError.invalid([{ path, message }], message.charAt(0).toUpperCase() + message.slice(1) + '.');
}
