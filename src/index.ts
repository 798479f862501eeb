/**
 * The global entry points Apps Script calls: menus, triggers, the sidebar and the web app. Each delegates to
 * src/app; tools/build.ts turns every export here into a top-level function declaration in dist/Code.js.
 */
import * as app from './app/entries';

/** A simple trigger (AuthMode.NONE or LIMITED): builds the menu and touches nothing else. */
export const onOpen = (_e?: GoogleAppsScript.Events.SheetsOnOpen) => app.openMenu();
/** An add-on's onInstall runs in FULL mode; it only does what onOpen does, so the menu appears at once. */
export const onInstall = (e?: GoogleAppsScript.Events.AddonOnInstall) =>
  onOpen(e as GoogleAppsScript.Events.SheetsOnOpen);
export const showTodaySidebar = () => app.showSidebar('today');
export const showSettingsSidebar = () => app.showSidebar('settings');
export const setupWorkbook = () => app.setup();
export const runDailyFollowUps = () => app.runNow();
export const startPreparing = () => app.startPreparing();
export const sendApprovedLine = () => app.sendLineNow();
export const createLetterSheet = () => app.lettersNow();
export const markLettersPrinted = () => app.lettersPrinted();
export const runScheduled = (_e?: GoogleAppsScript.Events.TimeDriven) => app.scheduled();
export const installAutoRunTrigger = () => app.autoRunOn();
export const removeAutoRunTrigger = () => app.autoRunOff();
export const doPost = (e: GoogleAppsScript.Events.DoPost) => app.webhook(e);
export const runDiagnosis = () => app.diagnosisNow();
/** Called by the sidebar through google.script.run. */
export const getTodayFollowUps = () => app.today();
export const getFollowUpPage = (channel: unknown, shownKeys: unknown) => app.todayPage(channel, shownKeys);
export const getFollowUpDetail = (key: unknown) => app.detail(key);
export const getAutoRunState = () => app.currentAutoRun();
export const applyFollowUpAction = (request: unknown) => app.followUpAction(request);
export const getSettingsView = () => app.settingsForSidebar();
export const saveSettings = (values: unknown) => app.saveSettingsFromSidebar(values);
export const saveLineSettings = (input: unknown) => app.saveLineFromSidebar(input);
export const sendTestNotice = () => app.testNotice();
export const createWebhookUrl = (pastedUrl: unknown) => app.webhookUrl(pastedUrl);
export const setAutoRun = (on: unknown) => app.setAutoRun(on);
export const getDiagnosis = () => app.diagnosisForSidebar();
