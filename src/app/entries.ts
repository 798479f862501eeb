import { menuPath } from './menu-path';
import { OwnerError } from '../core/errors';
import { IMPORT_TITLE, MENU, SETTINGS_TITLE, SIDEBAR_TITLE, WIZARD_TITLE } from '../labels';
import type {
  ActionReply,
  ActionResult,
  FollowUpDetail,
  FollowUpPage,
  SettingsView,
  TodayView,
  WebhookReply,
  WizardFinish,
  WizardView,
} from '../shared/sidebar-types';
import type { SettingsReply } from '../shared/sidebar-types';
import { Budget } from './budget';
import * as dailyRun from './daily-run';
import type { DailyRunSummary } from './daily-run';
import * as followUpActions from './follow-up-actions';
import * as sendDrafts from './send-drafts';
import * as settingsPanel from './settings-panel';
import * as lineSend from './line-send';
import type { LineSendSummary } from './line-send';
import * as printLetters from './print-letters';
import { ownerMessage } from './owner-message';
import { BusyError, withScriptLock } from './lock';
import * as menu from './menu';
import { planStaleMark, setPreparing } from './properties';
import * as scheduled from './scheduled';
import * as setup from './setup';
import { requireFeature } from './scopes';
import * as sidebarApi from './sidebar-api';
import * as autoRun from './auto-run';
import type { AutoRunState } from './auto-run';
import * as webhook from './webhook';
import { currentAccount, ownerAccount, ownerOnlyMessage, recordOwner } from './owner';
import { summaryText } from './summary';
import * as diagnosis from './diagnose';
import type { DiagnosisLine } from './diagnose';
import { missingScopes } from './scopes';
import {
  CONTINUE_WITHOUT_ROWS_WARNING,
  lostLog,
  lostLogText,
  LostLogError,
  START_AGAIN_WARNING,
  type LostLog,
} from './log-guard';
import * as logGuard from './log-guard';
import { loadWorkbook, type LoadedWorkbook } from './workbook';
import type { Plan } from '../core/plan';
import { dataGeneration } from './generation';
import { rememberList } from './list-said';
import * as wizard from './wizard';
import { neverSetUp } from './wizard';
import * as versionCheck from './version-check';
import * as lineLink from './line-link';
import type { LineLinkView } from '../shared/sidebar-types';
import * as importer from './import';
import type {
  ImportAddReply,
  ImportCheckReply,
  ImportFinishReply,
  ImportSheet,
  ImportSheetRows,
  ImportStartReply,
  ImportWriteReply,
} from '../shared/import-types';
import * as season from './season';

/**
 * The use cases behind the global entry points: each one wires Apps Script's services in, runs under the
 * document lock when it writes, and turns failures into a Japanese message that says what to do next.
 */

function spreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  return SpreadsheetApp.getActiveSpreadsheet();
}

/** Shows a message to the owner when there is someone to show it to (not in a trigger). */
function tell(message: string): void {
  try {
    SpreadsheetApp.getUi().alert(message);
  } catch {
    console.log(message);
  }
}

export function buildMenu(): void {
  menu.buildMenu(SpreadsheetApp.getUi());
}

export function showSidebar(tab: 'today' | 'settings' | 'wizard' | 'import' = 'today'): void {
  const file = HtmlService.createHtmlOutputFromFile('Sidebar');
  // The first open on a workbook never set up offers 初期設定 (the wizard) rather than an empty day.
  const shown = tab === 'today' && neverSetUp() ? 'wizard' : tab;
  // The same page opens on its 設定 tab when the menu asks for settings, on 初期設定 for the wizard.
  const html =
    shown !== 'today'
      ? HtmlService.createHtmlOutput(file.getContent().replace('<body>', `<body data-tab="${shown}">`))
      : file;
  const title =
    shown === 'settings'
      ? SETTINGS_TITLE
      : shown === 'wizard'
        ? WIZARD_TITLE
        : shown === 'import'
          ? IMPORT_TITLE
          : SIDEBAR_TITLE;
  SpreadsheetApp.getUi().showSidebar(html.setTitle(title));
}

export function setupWorkbook(): ActionResult {
  const result = locked((ss) => setup.setupWorkbook(ss, new Date()));
  tell(result.message);
  return { ok: true, message: result.message };
}

/** このシートを顧客の一覧にする: remembers the open sheet as the customer list (by its id). */
export function useSheetAsCustomers(): string {
  try {
    const message = locked((ss) => setup.useSheetAsCustomers(ss));
    tell(message);
    return message;
  } catch (error) {
    const message = ownerMessage(error);
    tell(message);
    return message;
  }
}

/** 今すぐ計画を更新: plan (and prepare, unless previewing) now. Returns the summary for callers that want it. */
export function runDailyFollowUps(): DailyRunSummary | null {
  try {
    const ss = spreadsheet();
    const budget = new Budget(Date.now());
    const summary = locked(() => dailyRun.runDailyFollowUps(ss, new Date(), undefined, budget));
    // A summary that asks something of the owner stays until dismissed ("if negative, the toast remains until
    // dismissed", https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#toast(String,String,Number)).
    const asks = summary.setupProblems.length > 0 || summary.needsAttention > 0;
    ss.toast(summaryText(summary), 'つなぐ', asks ? -1 : 10);
    return summary;
  } catch (error) {
    tell(ownerMessage(error));
    return null;
  }
}

/** 準備する: leave preview mode and prepare today's follow-ups now. */
export function startPreparing(): DailyRunSummary | null {
  setPreparing(true);
  return runDailyFollowUps();
}

/**
 * The hourly trigger. It runs as the account that created it; a trigger left by an account that is not the
 * recorded owner does nothing (the owner's own trigger does the work). Errors are rethrown so Apps Script's failure
 * notice reaches the owner.
 */
export function runScheduled(): DailyRunSummary | null {
  try {
    // The time budget counts from the start of the execution: waiting for the lock spends it too.
    const budget = new Budget(Date.now());
    const owner = ownerAccount();
    const me = currentAccount();
    // Without the address Tsunagu cannot tell whose Gmail it would use: stop, and let Apps Script's failure mail
    // say what to grant.
    if (!me) throw new OwnerError(ownerOnlyMessage('自動実行'));
    if (!owner) recordOwner(me);
    else if (me.toLowerCase() !== owner.toLowerCase()) {
      console.warn(`runScheduled: this trigger runs as ${me}, not the owner ${owner}`);
      return null;
    }
    return withScriptLock(() => {
      const ss = spreadsheet();
      applyQueueSafely(ss, budget);
      return scheduled.runScheduled(ss, new Date(), budget);
    });
  } catch (error) {
    // Apps Script mails the owner this message when a trigger fails: make it one they can act on.
    // The message is what the owner reads; the original goes to the execution log.
    console.error(error);
    // eslint-disable-next-line preserve-caught-error -- Error's cause option is newer than the tsconfig target.
    throw new Error(ownerMessage(error));
  }
}

/** 承認したLINEを送信: sends the approved LINE送信 rows now (inside 9:00–20:00). */
export function sendApprovedLine(): LineSendSummary | null {
  try {
    const budget = new Budget(Date.now());
    const summary = locked((ss) => lineSend.sendApprovedLine(ss, new Date(), undefined, budget));
    tell(summary.message);
    return summary;
  } catch (error) {
    tell(ownerMessage(error));
    return null;
  }
}

/** 手紙を印刷済みにする */
export function markLettersPrinted(): string {
  try {
    const message = locked((ss) => printLetters.markLettersPrinted(ss, new Date()));
    tell(message);
    return message;
  } catch (error) {
    tell(ownerMessage(error));
    return '';
  }
}

export function installAutoRunTrigger(): AutoRunState {
  // From the menu the owner is there: say which permission is missing, then Google shows its consent prompt.
  requireFeature('autoRun', tell);
  let state: AutoRunState;
  try {
    state = autoRun.installAutoRunTrigger();
  } catch (error) {
    state = { on: autoRun.getAutoRunState().on, message: ownerMessage(error) };
  }
  tell(state.message);
  return state;
}

export function removeAutoRunTrigger(): AutoRunState {
  const state = autoRun.removeAutoRunTrigger();
  tell(state.message);
  return state;
}

export function getAutoRunState(): AutoRunState {
  return autoRun.getAutoRunState();
}

export function getTodayFollowUps(): TodayView {
  // After a sidebar action that left 次回連絡日 to the whole plan: written now, while the owner reads the reply, under
  // the lock for the writing only. A lock held by a run is no error here: that run writes the whole plan itself.
  const mark = planStaleMark();
  // Before the workbook is read: what the list remembers for the next click holds only while no execution has taken
  // or let go the lock since (list-said.ts).
  const generation = dataGeneration();
  const remember = (wb: LoadedWorkbook, plan: Plan) => rememberList(wb, plan, generation);
  // Not locked(): LINE's queued events applied now would change what the plan was made from. The next action or
  // run applies them. The list changes nothing a click takes from it: the data generation stays.
  const whileLocked = (work: () => void, waitMs?: number) => {
    try {
      withScriptLock(work, { changes: false, waitMs });
    } catch (error) {
      if (!(error instanceof BusyError)) throw error;
    }
  };
  if (mark === null)
    // Only to remember the list: not worth waiting for a run to end.
    return sidebarApi.getTodayFollowUps(spreadsheet(), new Date(), (wb, plan) =>
      whileLocked(() => remember(wb, plan), 0),
    );
  return sidebarApi.refreshedToday(spreadsheet(), new Date(), mark, (write) => whileLocked(write), remember);
}

export function getFollowUpPage(channel: unknown, shownKeys: unknown): FollowUpPage {
  return sidebarApi.getFollowUpPage(spreadsheet(), new Date(), channel, shownKeys);
}

export function getFollowUpDetail(key: unknown): FollowUpDetail | null {
  return sidebarApi.getFollowUpDetail(spreadsheet(), new Date(), key);
}

/** 手紙を作成: today's due letters onto 手紙 and 宛名ラベル, ready to print. */
export function createLetterSheet(): string {
  try {
    const lost = lostLog(spreadsheet());
    if (lost) {
      tell(lostLogText(lost));
      return '';
    }
    const message = locked((ss) => followUpActions.createLetterSheet(ss, new Date()));
    tell(message);
    return message;
  } catch (error) {
    tell(ownerMessage(error));
    return '';
  }
}

export function getSettingsView(): SettingsView {
  return settingsPanel.getSettingsView(spreadsheet());
}

export function saveSettings(request: unknown): SettingsReply {
  return answer(() => locked((ss) => settingsPanel.saveSettings(ss, request)));
}

export function saveLineSettings(request: unknown): ActionResult {
  return answer(() => settingsPanel.saveLineSettings(request));
}

export function createWebhookUrl(pastedUrl: unknown): WebhookReply {
  // Under the lock: a run moving an earlier secret must not write it over the new one.
  return answer(() => withScriptLock(() => settingsPanel.createWebhookUrl(pastedUrl)));
}

export function sendTestNotice(): ActionResult {
  return answer(() => settingsPanel.sendTestNotice(spreadsheet(), new Date()));
}

export function setAutoRun(on: unknown): AutoRunState {
  return on === true ? autoRun.installAutoRunTrigger() : autoRun.removeAutoRunTrigger();
}

/** For google.script.run: a failure becomes a message the sidebar shows, never a stack trace. */
function answer(work: () => ActionResult): ActionResult {
  try {
    return work();
  } catch (error) {
    return { ok: false, message: ownerMessage(error) };
  }
}

/**
 * A sidebar action on one follow-up; errors come back as a message, never as a stack trace. A lost 連絡履歴 is
 * found under the lock: the action then reads the whole workbook, whose guard refuses with lostLogText.
 */
export function applyFollowUpAction(request: unknown): ActionReply {
  return answer(() => locked((ss) => followUpActions.applyFollowUpAction(ss, new Date(), request)));
}

/** 「選んだ下書きを送信」: the chosen Gmail drafts sent from the owner's account, under the lock. */
export function sendChosenDrafts(request: unknown): ActionReply {
  const lost = lostLog(spreadsheet());
  if (lost) return { ok: false, message: lostLogText(lost) };
  return answer(() => locked((ss) => sendDrafts.sendChosenDrafts(ss, new Date(), request)));
}

/**
 * The web app: never waits for the lock and touches no sheet (handleWebhook only queues), so LINE is answered at
 * once whatever a run is doing.
 */
export function handleWebhook(e: GoogleAppsScript.Events.DoPost): GoogleAppsScript.Content.TextOutput {
  const reply = webhook.handleWebhook(e);
  return ContentService.createTextOutput(JSON.stringify(reply)).setMimeType(ContentService.MimeType.JSON);
}

/**
 * LINE's follow / unfollow events queued by the web app reach LINE友だち from every run and sidebar action (under
 * the lock). A failure here leaves the queue for the next time and never stops the work it precedes.
 */
function applyQueueSafely(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, budget?: Budget): void {
  try {
    webhook.applyWebhookQueue(ss, { budget });
  } catch (error) {
    console.warn(`LINE友だち not updated: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Runs a sidebar or menu action under the script lock, after applying LINE's queued events. */
function locked<T>(work: (ss: GoogleAppsScript.Spreadsheet.Spreadsheet) => T): T {
  return withScriptLock(() => {
    const ss = spreadsheet();
    applyQueueSafely(ss);
    return work(ss);
  });
}

/**
 * 連絡履歴なしで始め直す: for an owner who deleted 連絡履歴 on purpose. Asks first, warning that contacts already sent
 * may be prepared again (contract section 3); on はい, Tsunagu forgets the old log and the next run starts afresh.
 */
/** Rows of 連絡履歴 deleted by hand show only once it is read (loading it says so); any other problem is shown. */
function lostOnLoad(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): LostLog | null {
  try {
    loadWorkbook(ss, new Date());
    return null;
  } catch (error) {
    if (error instanceof LostLogError) return error.lost;
    throw error;
  }
}

export function startWithoutContactLog(): string {
  const ss = spreadsheet();
  const lost = lostLog(ss) ?? lostOnLoad(ss);
  if (!lost) {
    const message = '連絡履歴は見つかっています。始め直す必要はありません。';
    tell(message);
    return message;
  }
  const ui = SpreadsheetApp.getUi();
  const answer = ui.alert(
    MENU.startWithoutLog,
    lost.removed ? CONTINUE_WITHOUT_ROWS_WARNING : START_AGAIN_WARNING,
    ui.ButtonSet.YES_NO,
  );
  if (answer !== ui.Button.YES) {
    const message = `始め直しませんでした。連絡履歴を元に戻してから${menuPath(MENU.runNow)}を押してください。`;
    tell(message);
    return message;
  }
  withScriptLock(() => logGuard.startWithoutContactLog());
  const message = lost.removed
    ? `今の連絡履歴のまま続けます。${menuPath(MENU.runNow)}を押すか、次の自動実行のときに準備を再開します。送る前に、準備したものを必ず確かめてください。`
    : `連絡履歴なしで始め直します。${menuPath(MENU.runNow)}を押すか、次の自動実行のときに、新しい連絡履歴を作って準備を再開します。送る前に、準備したものを必ず確かめてください。`;
  tell(message);
  return message;
}

/**
 * 診断 from the menu: the report in a dialog, one line per check; then, when a permission is missing, Google's
 * consent prompt (ScriptApp.requireScopes ends this execution and shows it), so the owner can tick what is missing.
 */
export function runDiagnosis(): string {
  const text = diagnosis.runDiagnosis(spreadsheet(), new Date());
  tell(`つなぐの診断\n\n${text}`);
  const missing = [...new Set(missingScopes().map((m) => m.scope))];
  if (missing.length > 0) ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, missing);
  return text;
}

/** 診断 from the 設定 tab. */
export function getDiagnosis(): DiagnosisLine[] {
  try {
    return diagnosis.getDiagnosis(spreadsheet(), new Date());
  } catch (error) {
    return [{ mark: '✗', topic: '診断', text: ownerMessage(error) }];
  }
}

/** 初期設定 wizard, steps 1–3: what Tsunagu found, read without writing a cell. */
export function getSetupWizard(): WizardView {
  return wizard.getSetupWizard(spreadsheet());
}

/** 初期設定 wizard: the owner picks the customer list among several candidates (kept by the sheet's id). */
export function chooseCustomerSheet(sheetId: unknown): ActionResult {
  return answer(() => locked((ss) => wizard.chooseCustomerSheet(ss, sheetId)));
}

/** 初期設定 wizard: deletes the example customers the owner confirmed, reading the list again first. */
export function deleteExampleCustomers(request: unknown): ActionResult {
  return answer(() => locked((ss) => wizard.deleteExampleCustomers(ss, request)));
}

/** 初期設定 wizard, last step: the sheets, the shop's details, a preview run and the first week. */
export function finishSetupWizard(input: unknown): WizardFinish {
  try {
    return locked((ss) => wizard.finishSetupWizard(ss, new Date(), input));
  } catch (error) {
    return {
      ok: false,
      message: ownerMessage(error),
      created: [],
      forecast: [],
      summary: '',
      preview: true,
      autoRun: false,
    };
  }
}

/**
 * publishTemplateVersion: run by the maintainer from the template's Apps Script editor after clasp push, it writes
 * this script's version into the template's 「はじめに」 sheet for the copies' 診断 (README, "The template").
 */
export function publishTemplateVersion(): string {
  const message = withScriptLock(() => versionCheck.publishTemplateVersion(spreadsheet()));
  console.log(message);
  return message;
}

/**
 * 「LINEの友だちとお客様をつなぐ」: the suggestions, after LINE's queued events are applied (a 連携コード that just
 * arrived is among them). Nothing to show when the workbook cannot be read (the list says why).
 */
export function getLineLinks(): LineLinkView {
  try {
    return locked((ss) => lineLink.getLineLinks(ss, loadWorkbook(ss, new Date()).customers));
  } catch (error) {
    console.warn(`LINE links not listed: ${error instanceof Error ? error.message : String(error)}`);
    return { suggestions: [], unlinked: 0 };
  }
}

/** つなぐ: the friend's 顧客ID written in LINE友だち (the owner's cell, on the owner's click). */
export function linkLineFriend(request: unknown): ActionResult {
  return answer(() =>
    locked((ss) => lineLink.linkLineFriend(ss, request, loadWorkbook(ss, new Date()).customers)),
  );
}

/** 違う: that suggestion is not shown again. */
export function dismissLineLink(request: unknown): ActionResult {
  return answer(() => lineLink.dismissLineLink(request));
}

/** 「CSVを取り込む」: the layout of the chosen file (nothing is written but a corrected mapping remembered). */
export function startImport(request: unknown): ImportStartReply {
  return locked((ss) => importer.startImport(ss, new Date(), request));
}

/** The preview of one part: each row matched against 顧客 (nothing is written). */
export function checkImportPart(request: unknown): ImportCheckReply {
  return locked((ss) => importer.checkImportPart(ss, new Date(), request));
}

/** The new customers the owner confirmed, appended to 顧客 before any of their visits is written, under the lock. */
export function addImportCustomers(request: unknown): ImportAddReply {
  return locked((ss) => importer.addImportCustomers(ss, new Date(), request));
}

/** One part written to 来店履歴 (and 顧客's new rows the owner confirmed), under the lock. */
export function writeImportPart(request: unknown): ImportWriteReply {
  return locked((ss) => importer.writeImportPart(ss, new Date(), request));
}

/** After the last part: bookings the export no longer lists are withdrawn. */
export function finishImport(request: unknown): ImportFinishReply {
  return locked((ss) => importer.finishImport(ss, new Date(), request));
}

/** Sheets of this spreadsheet that can be imported (a Google Form's responses). */
export function getImportSheets(): ImportSheet[] {
  return importer.getImportSheets(spreadsheet());
}

/** Rows of such a sheet as the owner sees them (display values), from row `from` (1-based). */
export function readImportSheet(name: unknown, from: unknown, count: unknown): ImportSheetRows {
  return importer.readImportSheet(spreadsheet(), name, from, count);
}

/** 「忘れる」 in the 設定 tab's 取り込み: a remembered layout of 「CSVを取り込む」 is forgotten. */
export function forgetImportLayout(signature: unknown): ActionResult {
  return answer(() => settingsPanel.forgetImportLayout(signature));
}

/** はがきの用紙を切り替える: 官製・年賀はがき ↔ 私製はがき, and the はがき sheet laid out again for it. */
export function switchPostcardStock(): string {
  try {
    const message = locked((ss) => printLetters.switchPostcardStock(ss, new Date()));
    tell(message);
    return message;
  } catch (error) {
    tell(ownerMessage(error));
    return '';
  }
}

/** 「送る」 / 「今年は送らない」 in the today tab's 年賀状 card: 設定 年賀状 TRUE, or no question this year. */
export function answerNewYearCards(send: unknown): ActionResult {
  return answer(() => locked((ss) => season.answerNewYearCards(ss, new Date(), send)));
}

/** 「この期間だけ手紙の上限をN通にする」: the forecast's higher letter limit for the window's days. */
export function acceptSeasonLimit(): ActionResult {
  return answer(() => locked((ss) => season.acceptSeasonLimit(ss, new Date())));
}

/** The 設定 tab: the temporary letter limit removed. */
export function removeSeasonLimit(): ActionResult {
  return answer(() => locked(() => season.removeSeasonLimit()));
}
