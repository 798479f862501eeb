/**
 * How much of Sheets' cell limit the workbook takes. Every sheet's grid counts, empty cells too: "the limit of 10
 * million cells" (https://developers.google.com/apps-script/guides/support/best-practices); past it a write fails with
 * "This action would increase the number of cells in the workbook above the limit of 10000000 cells"
 * (owner-message.ts). No row can be added then: 連絡履歴 cannot grow, and nothing more is prepared.
 */
import type { LoadedWorkbook } from './workbook';
import { LOG_COLUMNS } from '../labels';

export const CELL_LIMIT = 10_000_000;
/** Past this share of the limit the owner is warned (診断 ！, the morning notice); past CELLS_CLOSE it is close. */
export const CELLS_WARN = 0.8;
export const CELLS_CLOSE = 0.95;
/**
 * Below this many cells of 顧客 and 連絡履歴 as the run read them, the morning run does not count the grids (two
 * round trips a sheet): the other sheets would have to hold 3 million cells more to reach CELLS_WARN.
 */
const COUNT_FROM = 5_000_000;

export interface CellUsage {
  cells: number;
  share: number;
  /** Each sheet's grid, for cellAdvice to name the largest. */
  sheets: { sheet: GoogleAppsScript.Spreadsheet.Sheet; cells: number }[];
}

/** The workbook's grids: one getSheets and two calls a sheet. No name is read here (a round trip each). */
export function cellUsage(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): CellUsage {
  const sheets = ss
    .getSheets()
    .map((sheet) => ({ sheet, cells: sheet.getMaxRows() * sheet.getMaxColumns() }));
  const cells = sheets.reduce((sum, s) => sum + s.cells, 0);
  return { cells, share: cells / CELL_LIMIT, sheets };
}

/** The cells used, and the share of the limit. */
export function cellsUsedText(usage: Pick<CellUsage, 'cells' | 'share'>): string {
  return `${usage.cells.toLocaleString('ja-JP')}セル（上限の1,000万セルの${Math.round(usage.share * 100)}%）を使っています。`;
}

/** What reaching the limit stops, the three largest sheets (their names read only now) and what to do. */
export function cellAdvice(usage: CellUsage): string {
  const largest = [...usage.sheets]
    .sort((a, b) => b.cells - a.cells)
    .slice(0, 3)
    .map(
      ({ sheet, cells }) =>
        `「${sheet.getName()}」${Math.round(cells / 10_000).toLocaleString('ja-JP')}万セル`,
    )
    .join('、');
  return `上限に達すると行を増やせず、連絡履歴に書けないため連絡を準備できなくなります。大きいシートは${largest}です。使っていない行・列・シートを削除してください。`;
}

/**
 * A line for the morning notice when the workbook takes CELLS_WARN of the limit or more; none otherwise. The grids
 * are counted only when 顧客 and 連絡履歴 as read are large enough to matter (COUNT_FROM).
 */
export function cellLimitLines(wb: Pick<LoadedWorkbook, 'ss' | 'customerTable' | 'log'>): string[] {
  const read =
    wb.customerTable.rows.length * wb.customerTable.header.length +
    wb.log.rowCount() * Object.keys(LOG_COLUMNS).length;
  if (read < COUNT_FROM) return [];
  const usage = cellUsage(wb.ss);
  if (usage.share < CELLS_WARN) return [];
  return [`スプレッドシートのセル数: ${cellsUsedText(usage)}${cellAdvice(usage)}`];
}
