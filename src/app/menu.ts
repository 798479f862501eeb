import { MENU } from '../labels';

import { PUBLISHED_AS_ADDON } from './build-flags';

/**
 * The フォローアップ menu. onOpen runs as a simple trigger, in AuthMode.NONE for an add-on not yet used in this
 * document and LIMITED otherwise (https://developers.google.com/apps-script/reference/script/auth-mode), so this
 * touches nothing but the Ui: no properties, no sheets, no Session — every item works in every mode.
 */
export function buildMenu(ui: GoogleAppsScript.Base.Ui): void {
  const menu = PUBLISHED_AS_ADDON ? ui.createAddonMenu() : ui.createMenu(MENU.title);
  menu
    .addItem(MENU.today, 'showTodaySidebar')
    .addItem(MENU.runNow, 'runDailyFollowUps')
    .addItem(MENU.prepare, 'startPreparing')
    .addItem(MENU.sendLine, 'sendApprovedLine')
    .addItem(MENU.letters, 'createLetterSheet')
    .addItem(MENU.lettersPrinted, 'markLettersPrinted')
    .addItem(MENU.postcardStock, 'switchPostcardStock')
    .addItem(MENU.importCsv, 'showImportSidebar')
    .addSeparator()
    .addItem(MENU.settings, 'showSettingsSidebar')
    .addItem(MENU.setup, 'showSetupWizard')
    .addItem(MENU.chooseCustomers, 'useSheetAsCustomers')
    .addItem(MENU.diagnose, 'runDiagnosis')
    .addItem(MENU.autoOn, 'installAutoRunTrigger')
    .addItem(MENU.autoOff, 'removeAutoRunTrigger')
    .addItem(MENU.startWithoutLog, 'startWithoutContactLog')
    .addToUi();
}
