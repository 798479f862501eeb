/**
 * The global entry points Apps Script calls: menus, triggers, the sidebar and the web app. Each delegates to
 * src/app; tools/build.ts turns every export here into a top-level function declaration in dist/Code.js.
 */
import { forgetDocumentProperties } from './app/document-properties';
import { forgetGrantedScopes } from './app/scopes';
import * as app from './app/entries';
import { useAppsScriptZones } from './app/zone';

/**
 * Each entry point starts an execution: the time-zone offsets, the granted scopes and the document's properties are
 * asked of Apps Script afresh (as a new execution would), never carried over from an earlier call in the same global
 * scope.
 */
function entry<A extends unknown[], R>(run: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    useAppsScriptZones(true);
    forgetGrantedScopes();
    forgetDocumentProperties();
    return run(...args);
  };
}

/** A simple trigger (AuthMode.NONE or LIMITED): builds the menu and touches nothing else. */
export const onOpen = entry((_e?: GoogleAppsScript.Events.SheetsOnOpen) => app.buildMenu());
/** An add-on's onInstall runs in FULL mode; it only does what onOpen does, so the menu appears at once. */
export const onInstall = entry((e?: GoogleAppsScript.Events.AddonOnInstall) =>
  onOpen(e as GoogleAppsScript.Events.SheetsOnOpen),
);
export const showTodaySidebar = entry(() => app.showSidebar('today'));
export const showSettingsSidebar = entry(() => app.showSidebar('settings'));
export const setupWorkbook = entry(() => app.setupWorkbook());
export const useSheetAsCustomers = entry(() => app.useSheetAsCustomers());
export const runDailyFollowUps = entry(() => app.runDailyFollowUps());
export const startPreparing = entry(() => app.startPreparing());
export const sendApprovedLine = entry(() => app.sendApprovedLine());
export const createLetterSheet = entry(() => app.createLetterSheet());
export const markLettersPrinted = entry(() => app.markLettersPrinted());
export const runScheduled = entry((_e?: GoogleAppsScript.Events.TimeDriven) => app.runScheduled());
export const installAutoRunTrigger = entry(() => app.installAutoRunTrigger());
export const removeAutoRunTrigger = entry(() => app.removeAutoRunTrigger());
export const doPost = entry((e: GoogleAppsScript.Events.DoPost) => app.handleWebhook(e));
export const runDiagnosis = entry(() => app.runDiagnosis());
export const startWithoutContactLog = entry(() => app.startWithoutContactLog());
/** Called by the sidebar through google.script.run. */
export const getTodayFollowUps = entry(() => app.getTodayFollowUps());
export const getFollowUpPage = entry((channel: unknown, shownKeys: unknown) =>
  app.getFollowUpPage(channel, shownKeys),
);
export const getFollowUpDetail = entry((key: unknown) => app.getFollowUpDetail(key));
export const getAutoRunState = entry(() => app.getAutoRunState());
export const applyFollowUpAction = entry((request: unknown) => app.applyFollowUpAction(request));
export const getSettingsView = entry(() => app.getSettingsView());
export const saveSettings = entry((values: unknown) => app.saveSettings(values));
export const saveLineSettings = entry((input: unknown) => app.saveLineSettings(input));
export const sendTestNotice = entry(() => app.sendTestNotice());
export const createWebhookUrl = entry((pastedUrl: unknown) => app.createWebhookUrl(pastedUrl));
export const setAutoRun = entry((on: unknown) => app.setAutoRun(on));
export const getDiagnosis = entry(() => app.getDiagnosis());
export const sendChosenDrafts = entry((request: unknown) => app.sendChosenDrafts(request));
/** 初期設定 from the menu: the sidebar on its wizard. */
export const showSetupWizard = entry(() => app.showSidebar('wizard'));
export const getSetupWizard = entry(() => app.getSetupWizard());
export const chooseCustomerSheet = entry((sheetId: unknown) => app.chooseCustomerSheet(sheetId));
export const deleteExampleCustomers = entry((request: unknown) => app.deleteExampleCustomers(request));
export const finishSetupWizard = entry((input: unknown) => app.finishSetupWizard(input));
/** Run by the maintainer in the template's Apps Script editor (README): the version its copies compare with. */
export const publishTemplateVersion = entry(() => app.publishTemplateVersion());
export const getLineLinks = entry(() => app.getLineLinks());
export const linkLineFriend = entry((request: unknown) => app.linkLineFriend(request));
export const dismissLineLink = entry((request: unknown) => app.dismissLineLink(request));
/** 「CSVを取り込む」: the sidebar on its import tab, and what it calls (issue 17). */
export const showImportSidebar = entry(() => app.showSidebar('import'));
export const startImport = entry((request: unknown) => app.startImport(request));
export const checkImportPart = entry((request: unknown) => app.checkImportPart(request));
export const addImportCustomers = entry((request: unknown) => app.addImportCustomers(request));
export const writeImportPart = entry((request: unknown) => app.writeImportPart(request));
export const finishImport = entry((request: unknown) => app.finishImport(request));
export const getImportSheets = entry(() => app.getImportSheets());
export const readImportSheet = entry((name: unknown, from: unknown, count: unknown) =>
  app.readImportSheet(name, from, count),
);
/** The 設定 tab's 取り込み: a remembered layout forgotten (the tab's 「CSVを取り込む」 calls showImportSidebar). */
export const forgetImportLayout = entry((signature: unknown) => app.forgetImportLayout(signature));
/** はがきの用紙を切り替える (issue 18: the はがき sheet for 官製・年賀はがき or 私製はがき). */
export const switchPostcardStock = entry(() => app.switchPostcardStock());
/** The today tab's season card: the November 年賀状 question and the season's temporary letter limit (issue 18). */
export const answerNewYearCards = entry((send: unknown) => app.answerNewYearCards(send));
export const acceptSeasonLimit = entry(() => app.acceptSeasonLimit());
export const removeSeasonLimit = entry(() => app.removeSeasonLimit());
