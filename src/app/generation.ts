/**
 * The data generation: a new value each time an execution holding the script lock ends (lock.ts), so anything
 * Tsunagu changes — a run, an action, a saved 設定 — changes it. What the sidebar's list remembers for the next click
 * (list-said.ts) is used only while the generation is still the one the list read started under.
 */
import { documentProperties, freshProperty } from './document-properties';

const GENERATION = 'tsunagu.generation';
/** The cache entry that says what the list remembers (list-said.ts); dropped when the generation cannot change. */
export const LIST_SAID = 'tsunagu.listSaid';

/**
 * The generation now: from the store (`fresh`, a round trip) or from this execution's copy of the properties,
 * which is the store's own right after the lock is taken. null where there are no document properties (a web app
 * request: the webhook, whose LINE events the next locked execution applies).
 */
export function dataGeneration(fresh: boolean): string | null {
  if (fresh) return freshProperty(GENERATION);
  const store = documentProperties() as GoogleAppsScript.Properties.Properties | null;
  return store ? store.getProperty(GENERATION) : null;
}

/**
 * A new generation. Never throws (it runs as the lock is released, after the work): when the property cannot be
 * written, what the list remembers is dropped instead, so no click goes by a list older than this execution.
 */
export function changeDataGeneration(): void {
  const store = documentProperties() as GoogleAppsScript.Properties.Properties | null;
  if (!store) return;
  try {
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
