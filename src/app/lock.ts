/** Thrown when another run (the trigger, or a second click) holds the document lock. */
export class BusyError extends Error {
  constructor() {
    super('別の処理（自動実行など）が実行中です。1〜2分待ってから、もう一度お試しください。');
  }
}

const WAIT_MS = 10_000;

/** Runs work under the document lock so the menu and the trigger never prepare the same contact twice. */
export function withDocumentLock<T>(work: () => T): T {
  const lock = LockService.getDocumentLock();
  if (!lock.tryLock(WAIT_MS)) throw new BusyError();
  try {
    return work();
  } finally {
    lock.releaseLock();
  }
}
