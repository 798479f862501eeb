/**
 * 連絡履歴アーカイブ and 来店履歴 folding, from the daily run (README: 連絡履歴アーカイブ). Once a month — the first run
 * of the month that prepares — or sooner when 連絡履歴 passes SIZE_THRESHOLD rows: the rows no rule needs any more
 * (core/archive.ts) move to 連絡履歴アーカイブ, and 来店履歴's old visits fold into one row per customer and year
 * (core/import/fold.ts).
 *
 * Order, so that nothing is lost if the run stops between two writes: the archive rows are written first, then the
 * log guard's memory is set to what 連絡履歴 will hold, then the archived rows are deleted, one deleteRows per run of
 * adjacent rows (whole rows: nothing of the owner's is rewritten). A row both archived and still in 連絡履歴 is
 * recognised by its キー (or, typed by the owner, its line) and not archived twice.
 */
import { OwnerError } from '../core/errors';
import { archivableRecords, archivedLeftovers, planArchiveWrite, type ArchiveRow } from '../core/archive';
import { isoDay, parseIsoDay, type Day } from '../core/day';
import { matchCustomerIds } from '../core/records';
import type { ContactRecord } from '../core/types';
import { ARCHIVE_COLUMNS, LOG_COLUMNS, SHEET, type ArchiveField } from '../labels';
import { readHeader, type Header } from '../sheets/find-row';
import { ContactLog } from '../sheets/log';
import { sheetLookup } from '../sheets/find-sheets';
import {
  appendRows,
  firstDataRow,
  readTable,
  rowRecords,
  trimColumns,
  writeCells,
  type CellChange,
  type Table,
} from '../sheets/table';
import { rememberLog } from './log-guard';
import { columnText, deleteRunsChecked } from '../sheets/delete-rows';
import { createTable } from './setup';
import { foldVisitLog, type FoldResult } from './fold-visits';
import type { LoadedWorkbook } from './workbook';
import { documentProperties as props } from './document-properties';
import type { Budget } from './budget';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Document property: 'off' turns archiving off (the comparison of plans with and without it: tests, bench). */
export const ARCHIVE_SWITCH = 'tsunagu.archive';
/** Document property: the day archiving last ran (YYYY-MM-DD). */
export const LAST_ARCHIVED = 'tsunagu.archivedOn';
/**
 * Document property: the last pass moved MOST_ROWS_SPANNED's worth and more rows may move; the next day's run
 * archives again.
 */
const MORE_TO_ARCHIVE = 'tsunagu.archiveMore';
/**
 * Document property: the last pass wrote rows to 連絡履歴アーカイブ that are still in 連絡履歴 (the run's time budget
 * stopped its deletes): the hourly runs take them out (sweepArchivedRows).
 */
export const ARCHIVED_LEFT = 'tsunagu.archivedLeft';
/**
 * The most rows of 連絡履歴 one pass spans, from its first archived row: they are read again just before the deletes
 * (16 columns: 80,000 cells, under a second in Apps Script, test/fakes/cost.ts), so a pass costs the same at 1,000
 * customers as at 100,000. A log with more to move is archived again the next day.
 */
export const MOST_ROWS_SPANNED = 5000;
/** 連絡履歴 rows past which archiving runs again before the month is out (at most once a week). */
export const SIZE_THRESHOLD = 50_000;
const SIZE_RUN_GAP_DAYS = 7;

export interface ArchiveResult {
  /** 連絡履歴 rows moved to 連絡履歴アーカイブ. */
  moved: number;
  /** 連絡履歴 rows after archiving. */
  left: number;
  /** Archive rows added and grown. */
  added: number;
  grown: number;
  folded?: FoldResult;
  /** 連絡履歴 rows written to the archive by this pass (moved, or still to be taken out). */
  written?: number;
  /**
   * Rows that may move are left for the next day's pass: beyond MOST_ROWS_SPANNED, or written to the archive but
   * not yet taken out of 連絡履歴 when the run's time budget ran out; or visits still to fold.
   */
  more?: true;
  /** 連絡履歴 itself has rows left to move or to take out (not only 来店履歴 to fold). */
  leftInLog?: true;
}

/**
 * Whether archiving is due today: the first run of a month after the one it last ran in (the first month counts
 * from the first run that prepares), or 連絡履歴 is past the threshold (weekly at most).
 */
export function archiveDue(today: Day, logRows: number): boolean {
  const store = props();
  if (store.getProperty(ARCHIVE_SWITCH) === 'off') return false;
  const last = parseIsoDay(store.getProperty(LAST_ARCHIVED) ?? '');
  // A pass that moved its most rows left more to move: the next day's run goes on.
  if (last !== null && today > last && store.getProperty(MORE_TO_ARCHIVE) !== null) return true;
  if (last === null) {
    // The first run that prepares (the day Tsunagu starts, or this version's first): the month counts from here, so
    // an ordinary day's run never pays for it and the first archiving comes with the next month.
    store.setProperty(LAST_ARCHIVED, isoDay(today));
    return logRows >= SIZE_THRESHOLD;
  }
  if (isoDay(last).slice(0, 7) !== isoDay(today).slice(0, 7)) return true;
  return logRows >= SIZE_THRESHOLD && today - last >= SIZE_RUN_GAP_DAYS;
}

/**
 * Archives 連絡履歴 and folds 来店履歴 when due (see archiveDue). Call last in the run, under the script lock:
 * 連絡履歴 is read again here, and `wb.log` is stale afterwards. No deleteRows starts once the run's time budget is
 * spent: Apps Script's 6-minute stop cannot be caught, and nothing says what a structural change costs (README:
 * 「A year at 100,000, in stages」). What is left — rows archived but still in 連絡履歴, visits folded but still
 * rows of their own — is recognised as such, and the next day's run takes it out.
 */
export function archiveIfDue(wb: LoadedWorkbook, budget?: Budget): ArchiveResult | null {
  if (!archiveDue(wb.today, wb.log.rowCount())) return null;
  const result = archiveContactLog(wb, budget);
  if (budget?.over()) result.more = true;
  else {
    result.folded = foldVisitLog(wb, budget);
    if (result.folded.stopped) result.more = true;
  }
  if (result.more) props().setProperty(MORE_TO_ARCHIVE, '1');
  else props().deleteProperty(MORE_TO_ARCHIVE);
  props().setProperty(LAST_ARCHIVED, isoDay(wb.today));
  return result;
}

/**
 * Moves the rows no rule needs any more (core/archive.ts) from 連絡履歴 to 連絡履歴アーカイブ; `more` when some are
 * left for the next pass.
 */
export function archiveContactLog(wb: LoadedWorkbook, budget?: Budget): ArchiveResult {
  const lookup = sheetLookup(wb.ss);
  // 連絡履歴 as it is now, this run's rows included: what moves is decided on what is there.
  const log = ContactLog.open(wb.ss, wb.timeZone, wb.today, lookup);
  const records = log.records();
  matchCustomerIds(records, wb.customers);
  const all = archivableRecords(records, wb.customers, wb.today).moving;
  // The oldest rows first, as many as lie within MOST_ROWS_SPANNED of the first: the rest wait for the next pass.
  const top = all.reduce((least, r) => Math.min(least, r.index), Infinity);
  const moving = all.filter((r) => r.index < top + MOST_ROWS_SPANNED);
  const spanned = moving.length < all.length;
  const counts = log.counts();
  if (moving.length === 0) return { moved: 0, left: counts.rows, added: 0, grown: 0 };
  const archive = openArchive(wb.ss, lookup(SHEET.archive));
  const existing = readArchive(archive);
  const write = planArchiveWrite(existing, moving);
  writeArchive(archive, write.updates, write.appends);
  // The guard's memory first, without the rows this pass archived and those an earlier pass left (the hourly runs
  // take those out): a run stopped before the rows are removed leaves more rows than remembered (never mistaken for
  // rows the owner deleted), one stopped after leaves exactly as many.
  const archivedNow = new Set<string>(existing.flatMap((r) => r.keys));
  for (const r of write.archived) if (r.key) archivedNow.add(r.key);
  const { keys, states } = log.keysAndStates();
  const earlier = archivedLeftovers(keys, states, archivedNow);
  const moves = new Set(write.archived.map((r) => r.index));
  rememberLog(log.counts((row) => moves.has(row) || earlier[row]));
  // Until every archived row is out of 連絡履歴, those still there are not in the guard's memory: the runs that
  // remember what 連絡履歴 holds leave them out (countsForMemory), and the hourly runs take them out (sweepArchivedRows).
  props().setProperty(ARCHIVED_LEFT, '1');
  const { removed, stopped } = removeRows(log.sheetTable(), write.archived, budget);
  if (!stopped) props().deleteProperty(ARCHIVED_LEFT);
  return {
    moved: removed,
    left: counts.rows - removed,
    added: write.appends.length,
    grown: write.updates.length,
    written: write.archived.length - write.already,
    ...(spanned || stopped ? { more: true as const, leftInLog: true as const } : {}),
  };
}

// ——— 連絡履歴アーカイブ ———

interface ArchiveSheet {
  sheet: Sheet;
  table: Table<ArchiveField>;
}

const FIELDS = Object.keys(ARCHIVE_COLUMNS) as ArchiveField[];

function openArchive(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, found: Sheet | null): ArchiveSheet {
  const sheet =
    found ??
    createTable(
      ss,
      SHEET.archive,
      FIELDS.map((f) => ARCHIVE_COLUMNS[f].header),
      [],
    );
  if (!found) trimColumns(sheet, FIELDS.length);
  const table = readTable(sheet, ARCHIVE_COLUMNS);
  const missing = FIELDS.filter((f) => table.columns[f] === undefined);
  if (missing.length > 0)
    throw new OwnerError(
      `「${SHEET.archive}」シートの見出しに「${missing.map((f) => ARCHIVE_COLUMNS[f].header).join('」「')}」がありません。見出しを元に戻してください（それまで連絡履歴はそのまま残します）。`,
    );
  return { sheet, table };
}

function readArchive({ table }: ArchiveSheet): ArchiveRow[] {
  const rows: ArchiveRow[] = [];
  rowRecords(table).forEach((r, index) => {
    const text = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    const customerId = text(r.customerId).trim();
    const year = Number(r.year);
    if (!customerId || !Number.isFinite(year)) return;
    rows.push({
      index,
      customerId,
      name: text(r.name),
      year,
      count: Number(r.count) || 0,
      lines: text(r.lines).split('\n').filter(Boolean),
      // One キー a line: an S5 key's anchor holds a space (「2026-01-05 10:00」).
      keys: text(r.keys)
        .split('\n')
        .map((k) => k.trim())
        .filter(Boolean),
    });
  });
  return rows;
}

function cellsOf(row: ArchiveRow): Record<ArchiveField, unknown> {
  return {
    customerId: row.customerId,
    name: row.name,
    year: row.year,
    count: row.count,
    lines: row.lines.join('\n'),
    keys: row.keys.join('\n'),
  };
}

/** Grown rows cell by changed cell (writeCells), new rows in one block at the end (appendRows). */
function writeArchive({ sheet, table }: ArchiveSheet, updates: ArchiveRow[], appends: ArchiveRow[]): void {
  const changes: CellChange[] = [];
  for (const row of updates) {
    const cells = cellsOf(row);
    for (const f of ['count', 'lines', 'keys'] as const)
      changes.push({ row: row.index, column: table.columns[f] as number, value: cells[f] });
  }
  writeCells(sheet, changes, firstDataRow(table));
  if (appends.length === 0) return;
  const width = Math.max(table.width, FIELDS.length);
  const rows = appends.map((row) => {
    const cells = cellsOf(row);
    const out: unknown[] = new Array(width).fill('');
    for (const f of FIELDS) out[table.columns[f] as number] = cells[f];
    return out;
  });
  const formats = new Array<string>(width).fill('@');
  formats[table.columns.year as number] = '0';
  formats[table.columns.count as number] = '0';
  appendRows(sheet, rows, width, () => formats);
}

// ——— 連絡履歴: the archived rows taken out ———

/**
 * Takes the archived rows out of 連絡履歴: the rows from the first archived one to the last, read again now, and each
 * run of adjacent archived rows deleted with one deleteRows, in batches checked just before (deleteRunsChecked),
 * until the run's time budget is spent or a batch is not as read (`stopped`: the rest stay, archived, for the
 * hourly runs and the next pass). A row is recognised by its キー, or — typed by the owner — by every cell
 * as read, so rows the owner added or sorted meanwhile are kept wherever they now are. Returns how many rows were
 * taken out.
 */
function removeRows(
  table: Table<string>,
  archived: readonly ContactRecord[],
  budget?: Budget,
): { removed: number; stopped: boolean } {
  const { sheet } = table;
  const first = firstDataRow(table);
  const keyColumn = table.columns.key as number;
  const wanted = new Map<string, number>();
  const identity = (row: readonly unknown[]) => {
    const key = String(row[keyColumn] ?? '').trim();
    return key ? `k:${key}` : `r:${JSON.stringify(row.map(plain))}`;
  };
  let top = Infinity;
  let bottom = 0;
  for (const r of archived) {
    const row = table.rows[r.index];
    if (!row) continue;
    const id = identity(row);
    wanted.set(id, (wanted.get(id) ?? 0) + 1);
    top = Math.min(top, first + r.index);
    bottom = Math.max(bottom, first + r.index);
  }
  if (wanted.size === 0) return { removed: 0, stopped: false };
  // Read again just before deleting, down to the last archived row (and the rows the owner inserted above it since
  // the read): the owner may have typed, sorted or inserted since the run read the sheet.
  const lastRead = first + table.rows.length - 1;
  const last = Math.min(sheet.getLastRow(), bottom + Math.max(0, sheet.getLastRow() - lastRead));
  if (last < top) return { removed: 0, stopped: false };
  const values = sheet.getRange(top, 1, last - top + 1, table.width).getValues();
  const gone = values.map((row) => {
    const id = identity(row);
    const left = wanted.get(id) ?? 0;
    if (left > 0) wanted.set(id, left - 1);
    return left > 0;
  });
  // Sheets keeps at least one row under the frozen header: a log whose every row moves keeps an empty one.
  if (gone.every(Boolean) && top === first && last >= sheet.getMaxRows()) sheet.insertRowsAfter(last, 1);
  // Each run of adjacent archived rows goes with one deleteRows, from the bottom up so the rows above keep their
  // numbers. Sheets deletes whole rows: the owner's formulas elsewhere follow the rows that move up, and a row's
  // notes, colours and links go with it (no value is rewritten).
  const ids = values.map(identity);
  // An archived row not found where it was looked for (the owner inserted rows meanwhile) is left for the sweep.
  const notFound = [...wanted.values()].some((left) => left > 0);
  const done = deleteRunsChecked(
    sheet,
    top,
    gone,
    budget,
    (from, count) => sheet.getRange(from, 1, count, table.width).getValues().map(identity),
    ids,
  );
  return { removed: done.removed, stopped: done.stopped || notFound };
}

/** A cell as compared: a date by its time, everything else as read. */
function plain(v: unknown): unknown {
  return v instanceof Date ? v.getTime() : v;
}

// ——— The hourly runs: archived rows still in 連絡履歴 ———

/** Whether a pass left archived rows in 連絡履歴 for the hourly runs to take out. */
export function archivedRowsLeft(): boolean {
  return props().getProperty(ARCHIVED_LEFT) !== null;
}

/** The キー 連絡履歴アーカイブ holds (its キー column, one per line), or null without the sheet or the column. */
function archivedKeys(lookup: (name: string) => Sheet | null): Set<string> | null {
  const sheet = lookup(SHEET.archive);
  if (!sheet) return null;
  const header = readHeader(sheet, ARCHIVE_COLUMNS);
  const column = header.columns.keys;
  if (column === undefined) return null;
  const keys = new Set<string>();
  for (const [cell] of columnBelow(header, column))
    for (const k of String(cell ?? '').split('\n')) if (k.trim()) keys.add(k.trim());
  return keys;
}

/** One column of a sheet below its header, in one read. */
function columnBelow<F extends string>(header: Header<F>, column: number): unknown[][] {
  return header.lastRow > header.headerRow
    ? header.sheet
        .getRange(header.headerRow + 1, column + 1, header.lastRow - header.headerRow, 1)
        .getValues()
    : [];
}

/**
 * What the log guard remembers after a run: 連絡履歴's counts, without the rows archived but still there
 * (archivedLeftovers) while a pass has left some — they are the hourly runs' to delete, and rows Tsunagu deletes
 * are not rows the owner lost. One more read (the archive's キー column) only then.
 */
export function countsForMemory(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  log: ContactLog,
): { rows: number; keyed: number; pending: number } {
  const left = leftoverRows(ss, log);
  return left ? log.counts((row) => left[row]) : log.counts();
}

/**
 * Which rows of 連絡履歴 (as `log` holds them) are archived and still there, while a pass has left some (else null):
 * the guard compares what it remembered with 連絡履歴 without them (workbook.ts), as countsForMemory remembers.
 */
export function leftoverRows(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  log: ContactLog,
): boolean[] | null {
  if (!archivedRowsLeft()) return null;
  const archived = archivedKeys(sheetLookup(ss));
  if (!archived) return null;
  const { keys, states } = log.keysAndStates();
  return archivedLeftovers(keys, states, archived);
}

/**
 * Takes out of 連絡履歴 the rows a pass wrote to the archive but did not delete (its time budget ran out, or the run
 * was stopped), from an hourly run, under the script lock: at 100,000 customers a pass moves thousands of rows in
 * hundreds of deleteRows, and nothing says what one costs — if it is a round trip, the morning's budget deletes a
 * third of them (README: 「A year at 100,000, in stages」). The キー and 状態 columns of 連絡履歴 and the archive's
 * キー column are read just before; the rows that go are archivedLeftovers (never a pending row, nor a キー two rows
 * carry), each run of adjacent rows with one deleteRows from the bottom up, until this run's budget is spent. The
 * guard's memory already leaves them out (countsForMemory), so it is not touched: a sweep stopped anywhere leaves it
 * as it should be. Typed rows (no キー) wait for the next pass, which knows them by their line. Returns how many
 * rows went.
 */
export function sweepArchivedRows(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, budget: Budget): number {
  const lookup = sheetLookup(ss);
  const logSheet = lookup(SHEET.log);
  const archived = archivedKeys(lookup);
  const done = () => props().deleteProperty(ARCHIVED_LEFT);
  if (!logSheet || !archived) return (done(), 0);
  const log = readHeader(logSheet, LOG_COLUMNS);
  const { key, state } = log.columns;
  if (key === undefined || state === undefined) return (done(), 0);
  const text = (cells: unknown[][]) => cells.map(([cell]) => String(cell ?? '').trim());
  const keys = text(columnBelow(log, key));
  const gone = archivedLeftovers(keys, text(columnBelow(log, state)), archived);
  const first = log.headerRow + 1;
  // Sheets keeps one row under the frozen header: a log whose every row goes keeps an empty one.
  if (gone.length > 0 && gone.every(Boolean) && first + gone.length - 1 >= logSheet.getMaxRows())
    logSheet.insertRowsAfter(first + gone.length - 1, 1);
  // Each batch of rows checked by its キー just before: a row number read earlier may name another row by then.
  const { removed, stopped } = deleteRunsChecked(
    logSheet,
    first,
    gone,
    budget,
    columnText(logSheet, key),
    keys,
  );
  if (!stopped) done();
  return removed;
}
