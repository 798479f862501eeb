/**
 * 来店履歴 folding from the daily run (with 連絡履歴アーカイブ, app/archive.ts): the visits core/import/fold.ts folds
 * are written as one row per customer and year. 来店履歴 is Tsunagu's sheet: it is read again here, each folded
 * row's changed cells written (writeCells), and the rows folded into it deleted (one deleteRows per run of
 * adjacent rows).
 */
import { readCustomers } from '../core/customers';
import type { Day } from '../core/day';
import { foldHorizonDays, planFolds } from '../core/import/fold';
import { sameCustomerId } from '../core/line-links';
import { sheetLookup } from '../sheets/find-sheets';
import { firstDataRow, rowRecords, sameCell, writeCells, type CellChange } from '../sheets/table';
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
  const top = Math.min(...headOf.keys(), ...dropped);
  const bottom = Math.max(...headOf.keys(), ...dropped);
  const width = table.width;
  // Read again just before writing; a row that is not as read (an import in between cannot run: the lock) stops it.
  const values = sheet.getRange(first + top, 1, bottom - top + 1, width).getValues();
  const keyColumn = table.columns.key as number;
  for (let i = 0; i < values.length; i++)
    if (String(values[i][keyColumn] ?? '') !== String(table.rows[top + i]?.[keyColumn] ?? ''))
      return { before, after: before, folds: 0 };
  // Each customer-year's first row becomes the folded row (Tsunagu's columns only, the cells that change) …
  const changes: CellChange[] = [];
  for (const [index, fold] of headOf) {
    const cells = visitCells(fold.row, wb.timeZone) as Record<string, unknown>;
    for (const [field, column] of Object.entries(table.columns))
      if (column !== undefined && !sameCell(table.rows[index][column as number], cells[field]))
        changes.push({ row: index, column: column as number, value: cells[field] });
  }
  writeCells(sheet, changes, first);
  // … and the rows folded into it go, each run of adjacent rows with one deleteRows, from the bottom up: whole
  // rows, so whatever else is on them goes with them and nothing below is rewritten.
  const gone = [...dropped].sort((a, b) => b - a);
  for (let i = 0; i < gone.length;) {
    let j = i;
    while (j + 1 < gone.length && gone[j + 1] === gone[j] - 1) j++;
    sheet.deleteRows(first + gone[j], j - i + 1);
    i = j + 1;
  }
  return { before, after: before - dropped.size, folds: folds.length };
}
