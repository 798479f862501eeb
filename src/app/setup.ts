import { createVisitSheet } from './import';
import { menuPath } from './menu-path';
import {
  CATEGORY_HEADERS,
  DEFAULT_CATEGORY_ROWS,
  defaultKeywords,
  defaultProposal,
} from '../core/categories';
import { spreadsheetZone, zonedNow } from './zone';
import { SETTING_SPECS } from '../core/settings';
import { DEFAULT_TEMPLATES } from '../core/registry';
import {
  CHANNELS,
  CONTACT_STATES,
  CUSTOMER_COLUMNS,
  LOG_COLUMNS,
  MENU,
  OUTCOMES,
  SETTINGS_HEADERS,
  SHEET,
  SLOT_HEADERS,
  SLOT_STATES,
  TEMPLATE_HEADERS,
  type CustomerField,
} from '../labels';
import { ContactLog } from '../sheets/log';
import { ensureColumns, ensureRows, ensureWidth, readTable } from '../sheets/table';
import {
  ambiguousMessage,
  checkSystemColumns,
  findCustomerSheet,
  rememberTags,
  sheetNameKey,
  systemFields,
  WorkbookError,
} from '../sheets/find-sheets';
import { tagColumn, tagSheet } from '../sheets/tags';
import { ensureFriendColumns } from './line-link';
import {
  chosenCustomerSheet,
  foundCustomerSheet,
  introDay,
  setChosenCustomerSheet,
  setColumnsTagged,
  tagMemo,
  untaggedInstall,
} from './properties';
import { CHOOSE_CUSTOMER_SHEET } from './workbook';
import { currentAccount, ownerAccount } from './owner';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export interface SetupResult {
  created: string[];
  message: string;
}

const BOOLEAN_CHOICES = ['TRUE', 'FALSE'];
/** Dropdowns reach this many rows below the header, so the owner's new rows get them too. */
const VALIDATED_ROWS = 999;

/**
 * Creates the sheets Tsunagu needs that the workbook lacks, each with headers, dropdowns and default rows.
 * Existing sheets are left exactly as they are, except that 顧客 gains Tsunagu's own columns at the end.
 */
export function setupWorkbook(ss: Spreadsheet, now: Date): SetupResult {
  const created: string[] = [];
  const make = (name: string, headers: readonly string[], rows: readonly (readonly unknown[])[] = []) => {
    if (ss.getSheetByName(name)) return null;
    created.push(name);
    return createTable(ss, name, headers, rows);
  };

  // The owner's list is found as a run finds it (by their choice, its name or its headers); a 顧客 sheet is made
  // only when there is none, never beside it. While two sheets could be it, nothing is made and the owner picks.
  const search = findCustomerSheet(ss, chosenCustomerSheet(), foundCustomerSheet);
  if (search.kind === 'ambiguous')
    return { created, message: ambiguousMessage(search.candidates, CHOOSE_CUSTOMER_SHEET) };
  let customerSheet: Sheet;
  if (search.kind === 'found') customerSheet = search.sheet;
  else {
    const customerHeaders = (Object.keys(CUSTOMER_COLUMNS) as CustomerField[]).map(
      (f) => CUSTOMER_COLUMNS[f].header,
    );
    customerSheet = make(SHEET.customers, customerHeaders) as Sheet;
  }
  const table = readTable(customerSheet, CUSTOMER_COLUMNS);
  if (table.missingRequired.length > 0)
    return {
      created,
      message: `「${customerSheet.getName()}」シートの見出しの行に「${table.missingRequired.join('」「')}」がありません。見出しを追加してから、もう一度「初期設定」を押してください。`,
    };
  // Before anything is written: an owner's own column under a system column's name stops setup too.
  try {
    checkSystemColumns(table, CUSTOMER_COLUMNS, untaggedInstall(), tagMemo);
  } catch (error) {
    if (error instanceof WorkbookError) return { created, message: error.message };
    throw error;
  }
  setColumnsTagged();
  ensureColumns(table, CUSTOMER_COLUMNS, systemFields(CUSTOMER_COLUMNS));
  rememberTags(table, CUSTOMER_COLUMNS, tagMemo);
  ensureFriendColumns(ss);

  const settings = make(
    SHEET.settings,
    SETTINGS_HEADERS,
    SETTING_SPECS.map((s) => [s.item, s.defaultText, s.help]),
  );
  if (settings) {
    const row = (item: string) => SETTING_SPECS.findIndex((s) => s.item === item) + 2;
    dropdown(settings.getRange(row('祝日休業'), 2), BOOLEAN_CHOICES);
    dropdown(settings.getRange(row('LINE自動送信'), 2), BOOLEAN_CHOICES);
    dropdown(settings.getRange(row('オーナー通知'), 2), ['メール', 'LINE', 'なし']);
    settings.setColumnWidth(1, 180);
    settings.setColumnWidth(2, 260);
    settings.setColumnWidth(3, 360);
  }
  const categories = make(SHEET.categories, CATEGORY_HEADERS, DEFAULT_CATEGORY_ROWS);
  if (categories) dropdown(categories.getRange(2, 5, VALIDATED_ROWS, 1), ['可', '不可']);
  else {
    addCategoryColumn(ss, '提案文', defaultProposal);
    addCategoryColumn(ss, 'キーワード', defaultKeywords);
  }

  const templates = make(
    SHEET.templates,
    TEMPLATE_HEADERS,
    DEFAULT_TEMPLATES.map((t) => [t.scenario, t.step, t.channel, t.subject, t.body]),
  );
  if (templates) {
    dropdown(templates.getRange(2, 3, VALIDATED_ROWS, 1), [...CHANNELS]);
    templates.setColumnWidth(5, 480);
    templates.getRange(2, 5, VALIDATED_ROWS, 1).setWrap(true);
  }

  const slots = make(SHEET.slots, SLOT_HEADERS);
  if (slots) {
    slots.getRange(2, 1, VALIDATED_ROWS, 1).setNumberFormat('yyyy/mm/dd hh:mm');
    dropdown(slots.getRange(2, 4, VALIDATED_ROWS, 1), BOOLEAN_CHOICES);
    dropdown(slots.getRange(2, 5, VALIDATED_ROWS, 1), [...SLOT_STATES]);
  }

  if (!ss.getSheetByName(SHEET.log)) {
    created.push(SHEET.log);
    ContactLog.open(ss, spreadsheetZone(ss));
    const sheet = ss.getSheetByName(SHEET.log) as Sheet;
    const col = (field: keyof typeof LOG_COLUMNS) => Object.keys(LOG_COLUMNS).indexOf(field) + 1;
    dropdown(sheet.getRange(2, col('channel'), VALIDATED_ROWS, 1), [...CHANNELS]);
    dropdown(sheet.getRange(2, col('state'), VALIDATED_ROWS, 1), [...CONTACT_STATES]);
    dropdown(sheet.getRange(2, col('result'), VALIDATED_ROWS, 1), [...OUTCOMES]);
  }

  // 来店履歴: made here so the owner sees where imported visits go (「CSVを取り込む」 makes it too, for older copies).
  if (!ss.getSheetByName(SHEET.visits)) {
    created.push(SHEET.visits);
    createVisitSheet(ss);
  }

  introDay(zonedNow(ss, now).today);
  const sheets =
    created.length > 0
      ? `「${created.join('」「')}」シートを作成しました。まずは「設定」シートに店名・住所などを入力してください。今はプレビュー中です（次回連絡日を入れるだけで、下書きなどは作りません）。`
      : '必要なシートはすべてそろっています。';
  const customers =
    search.kind === 'found'
      ? `顧客の一覧は「${customerSheet.getName()}」シート（${table.rows.filter((r) => r.some((v) => String(v ?? '').trim() !== '')).length}行）を使います。`
      : '';
  return { created, message: `${customers}${sheets}\n\n${whoseAccount()}` };
}

/**
 * Whose Gmail and trigger Tsunagu will use: the owner's. Run by anyone else, 初期設定 says so and asks the owner to
 * confirm from their own account (only that account can see its trigger and drafts).
 */
export function whoseAccount(): string {
  const owner = ownerAccount();
  const me = currentAccount();
  if (!owner)
    return `Gmailの下書き・自動実行・毎朝のお知らせは、「自動実行をオン」を押したGoogleアカウントで行います（いま開いているのは ${me || '不明なアカウント'} です）。お店のGmailのアカウントで、メニュー「自動実行をオン」を押してください。`;
  if (me.toLowerCase() === owner.toLowerCase())
    return `Gmailの下書き・自動実行・毎朝のお知らせは、このアカウント（${owner}）で行います。`;
  return `Gmailの下書き・自動実行・毎朝のお知らせは、オーナー（${owner}）のアカウントで行います。いま開いているアカウント（${me || '不明'}）とは別です。${owner} でログインしてこのスプレッドシートを開き、メニュー「診断」で確かめてください。`;
}

export function createTable(
  ss: Spreadsheet,
  name: string,
  headers: readonly string[],
  rows: readonly (readonly unknown[])[],
): Sheet {
  const sheet = ss.insertSheet(name);
  tagSheet(sheet, name);
  const values = [headers as readonly unknown[], ...rows].map((r) => headers.map((_, i) => r[i] ?? ''));
  ensureRows(sheet, values.length);
  ensureWidth(sheet, headers.length);
  sheet.getRange(1, 1, values.length, headers.length).setValues(values);
  sheet.getRange(1, 1, 1, headers.length).setFontWeight('bold');
  sheet.setFrozenRows(1);
  return sheet;
}

/**
 * An older カテゴリ sheet without 提案文 or キーワード gets the column at its end (followup-rules.md 2: on 初期設定
 * only, a missing column with its default values, never overwriting a cell the owner filled): the default of each
 * default category, blank for the owner's own ones (their 提案 waits with a 要確認 until it is written; an imported
 * メニュー matches no キーワード of theirs until they write some). Tagged as Tsunagu's.
 */
function addCategoryColumn(ss: Spreadsheet, header: string, defaultOf: (category: string) => string): void {
  const sheet = ss.getSheetByName(SHEET.categories);
  if (!sheet) return;
  const spec = { カテゴリ: { header: 'カテゴリ' }, added: { header } } as const;
  const table = readTable(sheet, spec);
  if (table.columns.カテゴリ === undefined || table.columns.added !== undefined) return;
  const column = table.width + 1;
  const values = [
    [header],
    ...table.rows.map((row) => [defaultOf(String(row[table.columns.カテゴリ as number] ?? ''))]),
  ];
  ensureWidth(sheet, column);
  sheet.getRange(table.headerRow, column, values.length, 1).setValues(values);
  tagColumn(sheet, column, header);
}

function dropdown(range: GoogleAppsScript.Spreadsheet.Range, choices: string[]): void {
  range.setDataValidation(
    SpreadsheetApp.newDataValidation().requireValueInList(choices, true).setAllowInvalid(false).build(),
  );
}

/**
 * このシートを顧客の一覧にする: the sheet open in front of the owner becomes the customer list when it has 顧客ID
 * and 氏名 in its header row; the choice is kept by the sheet's id, so renaming the sheet keeps it.
 */
export function useSheetAsCustomers(ss: Spreadsheet): string {
  const sheet = ss.getActiveSheet();
  const name = sheet.getName();
  const own = (Object.values(SHEET) as string[]).filter((n) => n !== SHEET.customers).map(sheetNameKey);
  if (own.includes(sheetNameKey(name)))
    return `「${name}」はつなぐが使うシートです。顧客の一覧のシートを開いてから、もう一度${menuPath(MENU.chooseCustomers)}を押してください。`;
  const table = readTable(sheet, CUSTOMER_COLUMNS);
  if (table.missingRequired.length > 0)
    return `「${name}」シートの見出しに「${table.missingRequired.join('」「')}」が見つかりません。顧客の一覧のシートを開いてから、もう一度${menuPath(MENU.chooseCustomers)}を押してください。`;
  setChosenCustomerSheet(sheet.getSheetId());
  return `「${name}」シートを顧客の一覧として使います（シート名を変えても、このシートを使い続けます）。${menuPath(MENU.runNow)}で計画を作れます。`;
}
