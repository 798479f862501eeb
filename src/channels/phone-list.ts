import { PHONE_LIST_COLUMNS, SHEET, type Outcome, type PhoneListField } from '../labels';
import { tagSheet } from '../sheets/tags';
import { readCallResult } from '../core/vocabulary';
import { ensureRows, readTable, setTextValues, textFormats } from '../sheets/table';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface PlannedCall {
  plannedDay: Date;
  customerId: string;
  name: string;
  phone: string;
  title: string;
  reason: string;
  talkingPoints: string;
  key: string;
}

export interface CallOutcome {
  key: string;
  /** The outcome, or '' when the owner wrote only that the call was made (○, 済, 完了 …). */
  result: Outcome | '';
}

/** A 結果 the owner wrote that Tsunagu cannot read: kept on the rebuilt list and reported. */
export interface UnreadResult {
  key: string;
  name: string;
  word: string;
}

const FIELDS = Object.keys(PHONE_LIST_COLUMNS) as PhoneListField[];

/**
 * 電話リスト: today's and overdue calls with the number, the reason and the talking points. The owner writes the
 * outcome (満足 / 不満 / 不在) in 結果 and the next run records it in 連絡履歴 — the list itself is rebuilt each run.
 */
export function rebuildPhoneList(
  ss: Spreadsheet,
  calls: readonly PlannedCall[],
  /** The words readCallOutcomes could not read, when this run already read them (else the list is read here). */
  unread?: readonly UnreadResult[],
): void {
  const existing = ss.getSheetByName(SHEET.phoneList);
  // A word the owner wrote in 結果 that Tsunagu could not read stays with its call: never erased by a rebuild.
  const words = unread ?? (existing ? readCallResults(existing).unread : []);
  const kept = new Map(words.map((u) => [u.key, u.word]));
  const sheet = existing ?? createPhoneList(ss);
  const rows: unknown[][] = [FIELDS.map((f) => PHONE_LIST_COLUMNS[f].header)];
  for (const call of calls) {
    const row: Record<PhoneListField, unknown> = { ...call, result: kept.get(call.key) ?? '' };
    rows.push(FIELDS.map((f) => row[f]));
  }
  ensureRows(sheet, rows.length + 1);
  replaceContents(sheet, sheet.getRange(1, 1, rows.length, FIELDS.length), rows);
}

/**
 * Clears the list and writes `rows` in its place. clearContents keeps the formats and the 結果 dropdown set up when
 * the sheet was made; text is made safe by each cell's format (電話 is plain text in the rows prepared, automatic
 * past them), read before the clear so that reading them does not send the clear on its own.
 */
function replaceContents(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  range: GoogleAppsScript.Spreadsheet.Range,
  rows: unknown[][],
): void {
  const formats = textFormats(range, rows);
  sheet.clearContents();
  setTextValues(range, rows, formats);
}

/** Rows prepared with formats and the 結果 dropdown; a longer list extends past them with the sheet's defaults. */
const FORMATTED_ROWS = 500;

function createPhoneList(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = ss.insertSheet(SHEET.phoneList);
  tagSheet(sheet, SHEET.phoneList);
  const column = (f: PhoneListField) => FIELDS.indexOf(f) + 1;
  ensureRows(sheet, FORMATTED_ROWS + 1);
  sheet.getRange(1, 1, 1, FIELDS.length).setFontWeight('bold');
  sheet.setFrozenRows(1);
  sheet.getRange(2, column('plannedDay'), FORMATTED_ROWS, 1).setNumberFormat('yyyy/mm/dd');
  sheet.getRange(2, column('phone'), FORMATTED_ROWS, 1).setNumberFormat('@');
  sheet
    .getRange(2, column('result'), FORMATTED_ROWS, 1)
    .setDataValidation(
      SpreadsheetApp.newDataValidation().requireValueInList(['満足', '不満', '不在'], true).build(),
    );
  sheet.getRange(2, column('talkingPoints'), FORMATTED_ROWS, 1).setWrap(true);
  sheet.setColumnWidth(column('talkingPoints'), 420);
  return sheet;
}

/**
 * The outcomes the owner wrote in 電話リスト since the last run, in the owner's words (留守電 → 不在, 満足です → 満足,
 * ○ / 済 → made, outcome not given), and the words Tsunagu cannot read.
 */
export function readCallOutcomes(ss: Spreadsheet): { outcomes: CallOutcome[]; unread: UnreadResult[] } {
  const sheet = ss.getSheetByName(SHEET.phoneList);
  return sheet ? readCallResults(sheet) : { outcomes: [], unread: [] };
}

function readCallResults(sheet: GoogleAppsScript.Spreadsheet.Sheet): {
  outcomes: CallOutcome[];
  unread: UnreadResult[];
} {
  const table = readTable(sheet, PHONE_LIST_COLUMNS);
  const { key, result, name } = table.columns;
  const outcomes: CallOutcome[] = [];
  const unread: UnreadResult[] = [];
  if (key === undefined || result === undefined) return { outcomes, unread };
  for (const row of table.rows) {
    const id = String(row[key] ?? '').trim();
    const written = String(row[result] ?? '').trim();
    if (!id || written === '') continue;
    const reading = readCallResult(written);
    if (reading.value === null) {
      unread.push({ key: id, name: name === undefined ? '' : String(row[name] ?? ''), word: written });
      continue;
    }
    outcomes.push({ key: id, result: reading.value === '完了' ? '' : reading.value });
  }
  return { outcomes, unread };
}

/**
 * Takes the calls the owner just acted on in the sidebar off 電話リスト (by キー), the rest as they are — the owner's
 * 結果 words included: the sidebar's targeted actions, which do not rebuild the list from the whole of 連絡履歴. The
 * list is today's calls only, so reading it costs no more as the shop grows.
 */
export function dropCalls(ss: Spreadsheet, keys: readonly string[]): void {
  const sheet = ss.getSheetByName(SHEET.phoneList);
  if (!sheet || keys.length === 0) return;
  const table = readTable(sheet, PHONE_LIST_COLUMNS);
  const column = table.columns.key;
  if (column === undefined) return;
  const gone = new Set(keys);
  const kept = table.rows.filter((row) => !gone.has(String(row[column] ?? '').trim()));
  if (kept.length === table.rows.length) return;
  const rows = [table.header, ...kept];
  replaceContents(sheet, sheet.getRange(table.headerRow, 1, rows.length, table.width), rows);
}
