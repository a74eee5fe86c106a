import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../server/src/errors/app-error.js';

/** The project's own copies of the shared sample documents (tests/fixtures, with MANIFEST.json). */
export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
/** The shared collection beside the repository, when present (CI and developer machines have it; a bare clone may not). */
export const SHARED_FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

export interface ManifestEntry {
  file: string;
  repo: string;
  license: string;
  expect: string;
}

export const MANIFEST = JSON.parse(readFileSync(`${FIXTURES}MANIFEST.json`, 'utf8')) as ManifestEntry[];

export function fixture(name: string): Buffer {
  return readFileSync(`${FIXTURES}${name}`);
}

/** A shared fixture not copied into the project (the large WMO samples), or null when ../shared is absent. */
export function sharedFixture(name: string): Buffer | null {
  return existsSync(`${SHARED_FIXTURES}${name}`) ? readFileSync(`${SHARED_FIXTURES}${name}`) : null;
}

/** Runs a reader expected to refuse its input; returns the field paths it named. */
export function refusal(read: () => unknown): { paths: string[]; message: string } {
  try {
    read();
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    if (err.code !== 'invalid_input') throw err;
    return { paths: (err.fields ?? []).map((f) => f.path), message: err.message };
  }
  throw new Error('expected the document to be refused, but it was read');
}
