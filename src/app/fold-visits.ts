/**
 * 来店履歴 folding from the daily run (with 連絡履歴アーカイブ, app/archive.ts): the visits core/import/fold.ts folds
 * are written as one row per customer and year. 来店履歴 is Tsunagu's sheet: it is read again here, rewritten from
 * the first row that changes down (one setValues, number formats kept row by row), and its surplus rows deleted
 * (one deleteRows).
 */
import { readCustomers } from '../core/customers';
import type { Day } from '../core/day';
import { foldHorizonDays, planFolds } from '../core/import/fold';
import { sameCustomerId } from '../core/line-links';
import { sheetLookup } from '../sheets/find-sheets';
import { cellValue, firstDataRow, rowRecords } from '../sheets/table';
import { readVisitLog, visitCells } from './import';
import type { LoadedWorkbook } from './workbook';

export interface FoldResult {
  /** Visit rows before and after. */
  before: number;
  after: number;
  /** Folded rows written. */
  folds: number;
}

export function foldVisitLog(wb: LoadedWorkbook): FoldResult {
  const log = readVisitLog(wb.ss, wb.timeZone, sheetLookup(wb.ss));
  const before = log.table?.rows.length ?? 0;
  if (!log.sheet || !log.table) return { before, after: before, folds: 0 };
  // The owner's own 最終来店日, before 来店履歴 is merged in: the count is cut where facts.ts cuts it.
  const owners = new Map<string, Day | undefined>();
  const raw = readCustomers(rowRecords(wb.customerTable), {
    timeZone: wb.timeZone,
    regularVisits: wb.settings.regularVisits,
    today: wb.today,
  });
  for (const c of raw) owners.set(sameCustomerId(c.id), c.lastVisit);
  const folds = planFolds(log.rows, owners, wb.today, foldHorizonDays(wb.settings));
  if (folds.length === 0) return { before, after: before, folds: 0 };
  const { sheet, table } = log;
  const first = firstDataRow(table);
  const headOf = new Map<number, (typeof folds)[number]>();
  const dropped = new Set<number>();
  for (const fold of folds) {
    headOf.set(fold.from[0].index, fold);
    for (const r of fold.from.slice(1)) dropped.add(r.index);
  }
  const top = Math.min(...headOf.keys());
  const last = sheet.getLastRow();
  const width = table.width;
  // Read again just before writing; a row that is not as read (an import in between cannot run: the lock) stops it.
  const range = sheet.getRange(first + top, 1, last - first - top + 1, width);
  const values = range.getValues();
  const formulas = range.getFormulas();
  const formats = range.getNumberFormats();
  const keyColumn = table.columns.key as number;
  for (let i = 0; i < values.length && top + i < table.rows.length; i++)
    if (String(values[i][keyColumn] ?? '') !== String(table.rows[top + i][keyColumn] ?? ''))
      return { before, after: before, folds: 0 };
  const rows: unknown[][] = [];
  const rowFormats: string[][] = [];
  for (let i = 0; i < values.length; i++) {
    const index = top + i;
    if (dropped.has(index)) continue;
    const fold = headOf.get(index);
    if (fold) {
      const cells = visitCells(fold.row, wb.timeZone) as Record<string, unknown>;
      const row = [...values[i]];
      for (const [field, column] of Object.entries(table.columns))
        if (column !== undefined) row[column as number] = cells[field];
      rows.push(row.map((v, j) => cellValue(v, formats[i][j])));
    } else
      rows.push(values[i].map((v, j) => (formulas[i][j] ? formulas[i][j] : cellValue(v, formats[i][j]))));
    rowFormats.push(formats[i]);
  }
  const block = sheet.getRange(first + top, 1, rows.length, width);
  block.setNumberFormats(rowFormats);
  block.setValues(rows);
  const surplus = values.length - rows.length;
  if (surplus > 0) sheet.deleteRows(first + top + rows.length, surplus);
  return { before, after: before - surplus, folds: folds.length };
}
