import { MENU } from '../labels';

/** Flip when publishing as an editor add-on: add-ons must put their items under Extensions. */
const PUBLISHED_AS_ADDON = false;

/** The フォローアップ menu. onOpen may run without authorisation, so this touches nothing but the Ui. */
export function buildMenu(ui: GoogleAppsScript.Base.Ui): void {
  const menu = PUBLISHED_AS_ADDON ? ui.createAddonMenu() : ui.createMenu(MENU.title);
  menu
    .addItem(MENU.today, 'showTodaySidebar')
    .addItem(MENU.runNow, 'runDailyFollowUps')
    .addItem(MENU.prepare, 'startPreparing')
    .addItem(MENU.sendLine, 'sendApprovedLine')
    .addItem(MENU.letters, 'createLetterSheet')
    .addItem(MENU.lettersPrinted, 'markLettersPrinted')
    .addSeparator()
    .addItem(MENU.settings, 'showSettingsSidebar')
    .addItem(MENU.setup, 'setupWorkbook')
    .addItem(MENU.autoOn, 'installAutoRunTrigger')
    .addItem(MENU.autoOff, 'removeAutoRunTrigger')
    .addToUi();
}
