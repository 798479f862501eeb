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
import type { Budget } from './budget';
import { columnText, deleteRunsChecked } from '../sheets/delete-rows';

export interface FoldResult {
  /** Visit rows before and after. */
  before: number;
  after: number;
  /** Folded rows written. */
  folds: number;
  /** The rows they stand for (visits, and folded rows grown). */
  rows?: number;
  /** The run's time budget ran out among the deletes: the rows left are the folded rows' (core/import/fold.ts foldLeftovers). */
  stopped?: true;
}

export function foldVisitLog(wb: LoadedWorkbook, budget?: Budget): FoldResult {
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
  // Each customer-year's first row becomes the folded row, from its first changed cell to its last in one piece:
  // a run stopped between two writes of one row would leave a row that is neither the visit nor the fold (a visit
  // of the year's 金額, say). Once the row is written, the rows it replaces are visits it counts, whether or not they
  // are gone yet (core/import/fold.ts foldLeftovers).
  const changes: CellChange[] = [];
  const written = new Map<number, Record<string, unknown>>();
  for (const [index, fold] of headOf) {
    const cells = visitCells(fold.row, wb.timeZone) as Record<string, unknown>;
    written.set(index, cells);
    const columns = Object.entries(table.columns).filter((e): e is [string, number] => e[1] !== undefined);
    const changed = columns.filter(([field, column]) => !sameCell(table.rows[index][column], cells[field]));
    if (changed.length === 0) continue;
    const left = Math.min(...changed.map(([, column]) => column));
    const right = Math.max(...changed.map(([, column]) => column));
    const fieldAt = new Map(columns.map(([field, column]) => [column, field]));
    for (let column = left; column <= right; column++) {
      const field = fieldAt.get(column);
      // A column the owner added in between is theirs: never written (the row then goes in two pieces).
      if (field !== undefined) changes.push({ row: index, column, value: cells[field] });
    }
  }
  writeCells(sheet, changes, first);
  // … and the rows folded into it go, each run of adjacent rows with one deleteRows, from the bottom up: whole
  // rows, so whatever else is on them goes with them and nothing below is rewritten. Once the run's time budget is
  // spent the rest stay: they are visits their folded row counts already, and the next pass takes them out.
  const rows = folds.reduce((n, f) => n + f.from.length, 0);
  // Each batch of rows checked by its 取込キー just before (the folded rows' as just written): a row number read
  // earlier names another row once the owner sorts or inserts rows.
  const keyText = (v: unknown) => String(v ?? '').trim();
  const expected = values.map((row) => keyText(row[keyColumn]));
  for (const [index, cells] of written) expected[index - top] = keyText(cells.key);
  const gone = expected.map((_, i) => dropped.has(top + i));
  const { removed, stopped } = deleteRunsChecked(
    sheet,
    first + top,
    gone,
    budget,
    columnText(sheet, keyColumn),
    expected,
  );
  if (stopped) return { before, after: before - removed, folds: folds.length, rows, stopped: true };
  return { before, after: before - dropped.size, folds: folds.length, rows };
}
