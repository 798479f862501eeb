import type * as server from '../src/index';
import type { IsJsonSafe, SidebarRequests } from '../src/shared/sidebar-types';

/** A server function the sidebar calls, and what it returns: typed from the entry module, not a second list. */
type Name = keyof SidebarRequests;
type Reply<K extends Name> = ReturnType<(typeof server)[K]>;

/**
 * Compile-time check of what crosses google.script.run: every request and every reply is JSON-safe. A function
 * that breaks it is named in the error (its name is not assignable to true).
 */
type Unsafe = {
  [K in Name]: IsJsonSafe<Reply<K>> extends true
    ? IsJsonSafe<SidebarRequests[K]> extends true
      ? never
      : K
    : K;
}[Name];
const CROSSES_INTACT: [Unsafe] extends [never] ? true : Unsafe = true;
void CROSSES_INTACT;

interface ScriptRun {
  withSuccessHandler(fn: (value: unknown) => void): ScriptRun;
  withFailureHandler(fn: (error: Error) => void): ScriptRun;
  [name: string]: unknown;
}

declare const google: { script: { run: ScriptRun } };

/** google.script.run as promises: `await call('applyFollowUpAction', { keys, action: 'skip' })`. */
export function call<K extends Name>(name: K, ...args: SidebarRequests[K]): Promise<Reply<K>> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as Reply<K>))
      .withFailureHandler(reject);
    (runner[name] as (...a: unknown[]) => void)(...args);
  });
}
