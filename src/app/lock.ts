import { PUBLISHED_AS_ADDON } from './build-flags';
import { OwnerError } from '../core/errors';
import { forgetDocumentProperties } from './document-properties';
import { changeDataGeneration } from './generation';

/** Thrown when another run (the trigger, or a second click) holds the script lock. */
export class BusyError extends OwnerError {
  constructor() {
    super('別の処理（自動実行など）が実行中です。1〜2分待ってから、もう一度お試しください。');
  }
}

const WAIT_MS = 10_000;

/**
 * The lock runs and sidebar actions take: the script lock of the bound script; in a published add-on, whose script
 * lock every shop using it would share, the document's lock.
 */
export function runLock(): GoogleAppsScript.Lock.Lock {
  return (PUBLISHED_AS_ADDON && LockService.getDocumentLock()) || LockService.getScriptLock();
}

/**
 * Runs work under the script lock, so the hourly trigger, menu items and sidebar actions — whoever runs them —
 * never prepare the same contact twice. The script is bound to one spreadsheet, so the script lock is that
 * spreadsheet's; unlike the document lock it exists in every context
 * (https://developers.google.com/apps-script/reference/lock/lock-service#getScriptLock()).
 */
export function withScriptLock<T>(
  work: () => T,
  {
    changes = true,
    waitMs = WAIT_MS,
  }: {
    /** false only for the list, which changes nothing a click takes from it (list-said.ts). */
    changes?: boolean;
    waitMs?: number;
  } = {},
): T {
  const lock = runLock();
  if (!lock.tryLock(waitMs)) throw new BusyError();
  // What another execution wrote while this one waited is read again (document-properties.ts).
  forgetDocumentProperties();
  // Now as well as at the end: an execution Apps Script stops (6 minutes) never reaches its finally, and what it
  // wrote must still end what the sidebar's list remembers.
  if (changes) changeDataGeneration(true);
  try {
    return work();
  } finally {
    try {
      // "If you're using a spreadsheet, you should call SpreadsheetApp.flush() to commit all pending changes before
      // releasing the lock" (https://developers.google.com/apps-script/reference/lock/lock#releaseLock()): the next
      // holder, or a list read without the lock, reads what this one wrote.
      SpreadsheetApp.flush();
    } finally {
      // Whatever the work changed, the list a sidebar shows is no longer one a click may go by (list-said.ts).
      if (changes) changeDataGeneration(false);
      lock.releaseLock();
    }
  }
}
