import type { ActionReply, ActionResult, FollowUpAction, TodayView } from '../src/shared/sidebar-types';

/** The server functions the sidebar calls, with their JSON-safe types (see src/index.ts). */
interface ServerApi {
  getTodayFollowUps(): TodayView;
  startPreparing(): unknown;
  setupWorkbook(): ActionResult;
  applyFollowUpAction(request: FollowUpAction): ActionReply;
}

interface ScriptRun {
  withSuccessHandler(fn: (value: unknown) => void): ScriptRun;
  withFailureHandler(fn: (error: Error) => void): ScriptRun;
  [name: string]: unknown;
}

declare const google: { script: { run: ScriptRun } };

/** google.script.run as promises: `await call('applyFollowUpAction', { key, action: 'skip' })`. */
export function call<K extends keyof ServerApi>(
  name: K,
  ...args: Parameters<ServerApi[K]>
): Promise<ReturnType<ServerApi[K]>> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<ServerApi[K]>))
      .withFailureHandler(reject);
    (runner[name] as (...a: unknown[]) => void)(...args);
  });
}
