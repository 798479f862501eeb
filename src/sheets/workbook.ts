import {
  CUSTOMER_COLUMNS,
  LOG_COLUMNS,
  SHEET,
  type ColumnLabel,
  type CustomerField,
  type LogField,
} from '../labels';
import { readTable, rowRecords, type Table } from './table';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Thrown when the workbook cannot be processed at all; the message is for the owner. */
export class WorkbookError extends Error {}

export function customersTable(ss: Spreadsheet): Table<CustomerField> {
  const sheet = ss.getSheetByName(SHEET.customers);
  if (!sheet)
    throw new WorkbookError(
      `「${SHEET.customers}」シートが見つかりません。メニュー「フォローアップ」→「初期設定」で作成してください。`,
    );
  const table = readTable(sheet, CUSTOMER_COLUMNS);
  if (table.missingRequired.length > 0) {
    throw new WorkbookError(
      `「${SHEET.customers}」シートの1行目に見出し「${table.missingRequired.join('」「')}」がありません。見出しを追加してから、もう一度実行してください。`,
    );
  }
  return table;
}

export function logTable(ss: Spreadsheet): Table<LogField> | null {
  const sheet = ss.getSheetByName(SHEET.log);
  return sheet ? readTable(sheet, LOG_COLUMNS) : null;
}

/** The rows of a simple owner-edited sheet (設定, カテゴリ, テンプレート, 空き枠) by position after the header. */
export function plainRows(ss: Spreadsheet, name: string, headers: readonly string[]): unknown[][] | null {
  const sheet = ss.getSheetByName(name);
  if (!sheet) return null;
  const spec = Object.fromEntries(headers.map((h) => [h, { header: h } satisfies ColumnLabel])) as Record<
    string,
    ColumnLabel
  >;
  const table = readTable(sheet, spec);
  return rowRecords(table).map((record) => headers.map((h) => record[h] ?? ''));
}
