/**
 * The data generation: a new value each time an execution takes the script lock and again as it lets it go
 * (lock.ts), so anything Tsunagu changes — a run, an action, a saved 設定, even an execution Apps Script stops —
 * changes it. What the sidebar's list remembers for the next click (list-said.ts) is used only while the generation
 * is still the one the list read started under.
 */
import { documentProperties, freshProperty } from './document-properties';

const GENERATION = 'tsunagu.generation';
/** The cache entry that says what the list remembers (list-said.ts); dropped when the generation cannot change. */
export const LIST_SAID = 'tsunagu.listSaid';

/**
 * The generation as the store holds it now (a round trip). null where there are no document properties (a web app
 * request: the webhook, whose LINE events the next locked execution applies).
 */
export function dataGeneration(): string | null {
  return freshProperty(GENERATION);
}

/** The generation this execution found as it took the lock, before it changed it (undefined without the lock). */
let found: string | null | undefined;

export function generationAtLock(): string | null | undefined {
  return found;
}

/**
 * A new generation, as the lock is taken (`taking`: what was there is kept, generationAtLock) or let go. Never
 * throws (it runs around the work): when the property cannot be written, what the list remembers is dropped instead,
 * so no click goes by a list older than this execution.
 */
export function changeDataGeneration(taking: boolean): void {
  const store = documentProperties() as GoogleAppsScript.Properties.Properties | null;
  found = undefined;
  if (!store) return;
  try {
    if (taking) found = store.getProperty(GENERATION);
    store.setProperty(GENERATION, Utilities.getUuid());
  } catch (error) {
    console.warn(
      `the data generation was not changed: ${error instanceof Error ? error.message : String(error)}`,
    );
    try {
      CacheService.getDocumentCache()?.remove(LIST_SAID);
    } catch {
      // Nothing more to do: a click that finds the list's memory checks its rows again anyway.
    }
  }
}
