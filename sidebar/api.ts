import type {
  ActionReply,
  ActionResult,
  FollowUpAction,
  FollowUpDetail,
  FollowUpPage,
  LineSettingsInput,
  SettingsView,
  TodayView,
  WebhookReply,
  DiagnosisLine,
} from '../src/shared/sidebar-types';

/** The server functions the sidebar calls, with their JSON-safe types (see src/index.ts). */
interface ServerApi {
  getTodayFollowUps(): TodayView;
  getFollowUpPage(channel: string, shownKeys: string[]): FollowUpPage;
  getFollowUpDetail(key: string): FollowUpDetail | null;
  startPreparing(): unknown;
  applyFollowUpAction(request: FollowUpAction): ActionReply;
  getSettingsView(): SettingsView;
  saveSettings(values: Record<string, string>): ActionResult;
  saveLineSettings(input: LineSettingsInput): ActionResult;
  sendTestNotice(): ActionResult;
  createWebhookUrl(pastedUrl: string): WebhookReply;
  setAutoRun(on: boolean): { on: boolean; message: string };
  getDiagnosis(): DiagnosisLine[];
}

interface ScriptRun {
  withSuccessHandler(fn: (value: unknown) => void): ScriptRun;
  withFailureHandler(fn: (error: Error) => void): ScriptRun;
  [name: string]: unknown;
}

declare const google: { script: { run: ScriptRun } };

/** google.script.run as promises: `await call('applyFollowUpAction', { keys, action: 'skip' })`. */
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
