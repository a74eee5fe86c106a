import type { Draft } from './report-form.svelte';

/**
 * The unsent report survives a reload or a browser that drops the tab on a bad network. It stays on
 * this device only and is cleared once the report is received.
 */
const STORAGE_KEY = 'sitroom.report-draft';

export function loadDraft(): Partial<Draft> {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (!parsed || typeof parsed !== 'object') return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, v]) => typeof v === 'string')) as Partial<Draft>;
  } catch {
    return {};
  }
}

export function saveDraft(draft: Draft): void {
  try {
    if (Object.values(draft).every((v) => v.trim() === '')) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify(draft));
  } catch {
    // Storage full or disabled: the draft still lives in the page.
  }
}

export function clearDraft(): void {
  try {
    localStorage.removeItem(STORAGE_KEY);
  } catch {
    // Nothing was stored.
  }
}
