import { LOG_COLUMNS, PENDING_STATES, SHEET, type LogField } from '../labels';
import { tagSheet } from './tags';
import { sheetLookup, type SheetLookup } from './find-sheets';
import { instantOfDay, type Day } from '../core/day';
import { describeCell } from '../core/parse';
import { dayReadNote, readRecords, UNREADABLE_MARK, unreadableNote } from '../core/records';
import type { Channel, ContactRecord, ContactState, Outcome } from '../core/types';
import {
  appendRows,
  ensureColumns,
  readTable,
  readRowRecords,
  sameCell,
  trimColumns,
  writeCells,
  firstDataRow,
  type CellChange,
  type Table,
} from './table';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** A 連絡履歴 row as Tsunagu writes it. */
export interface LogEntry {
  at: Date;
  customerId: string;
  name: string;
  scenario: string;
  step: string;
  channel: Channel;
  state: ContactState;
  plannedDay?: Day;
  result?: Outcome;
  content: string;
  key: string;
  note: string;
  draftId?: string;
  threadId?: string;
  /** 宛先 (addressFor): where the contact goes. */
  address?: string;
  /** お店の作業 (flagsText): what the owner must do besides sending. */
  flags?: string;
}

const FIELDS = Object.keys(LOG_COLUMNS) as LogField[];
const DATE_TIME_FORMAT = 'yyyy/mm/dd hh:mm';
const DATE_FORMAT = 'yyyy/mm/dd';

/**
 * 連絡履歴, the memory behind every cap and sequence. Read once per run; new rows are appended in one block and
 * changes to existing rows are written back in one block.
 */
export class ContactLog {
  private readonly staged = new Map<number, Partial<Record<LogField, unknown>>>();
  /**
   * Each data row as records() last read it (null: a blank row), until the row changes: a morning run reads its
   * rows for the plan, the plan after preparing, 電話リスト, 手紙, the dashboard and the notice (seven times 1.2 s
   * at 400,000 rows). Rows this log appends or writes (flush) are read again; sheetTable() forgets them all.
   */
  private read: (ContactRecord | null | undefined)[] = [];

  private constructor(
    private readonly table: Table<LogField>,
    private readonly timeZone: string,
    private readonly found: Day | undefined,
    /** 顧客ID as the owner sees it (「0012」 for 12 formatted 0000), row by row as read. */
    private readonly shownIds: readonly string[],
  ) {}

  /**
   * Opens 連絡履歴, creating it with its headers when the workbook has none yet. `found` is the day this run reads
   * it: a hand-typed row's blank 日時 is that day. `lookup` finds it by name when the caller already listed the
   * sheets (see sheetLookup).
   */
  static open(
    ss: Spreadsheet,
    timeZone: string,
    found?: Day,
    lookup: SheetLookup = sheetLookup(ss),
  ): ContactLog {
    const sheet = lookup(SHEET.log) ?? createLogSheet(ss);
    const table = readTable(sheet, LOG_COLUMNS);
    ensureColumns(table, LOG_COLUMNS, FIELDS);
    return new ContactLog(table, timeZone, found, shownIdsOf(table));
  }

  /**
   * 連絡履歴 over a table the caller read (the sidebar's targeted actions: only one customer's rows, each at its own
   * data index, see sparseTable in find-row.ts), with 顧客ID as displayed for the rows that were found by it.
   */
  static ofRows(
    table: Table<LogField>,
    timeZone: string,
    found: Day,
    shownIds: readonly string[],
  ): ContactLog {
    return new ContactLog(table, timeZone, found, shownIds);
  }

  /**
   * How many rows 連絡履歴 holds, how many Tsunagu wrote (with a キー) and how many of those are pending, from the
   * rows as read and appended — without reading every row again (the log guard's memory, once per run); `skip`
   * leaves rows out by index.
   */
  counts(skip?: (row: number) => boolean): { rows: number; keyed: number; pending: number } {
    const { key, state } = this.table.columns;
    let rows = 0;
    let keyed = 0;
    let pending = 0;
    for (let i = 0; i < this.table.rows.length; i++) {
      const row = this.table.rows[i];
      if (skip?.(i)) continue;
      const keyText = key === undefined ? '' : String(row[key] ?? '').trim();
      if (keyText === '' && row.every((cell) => cell === '' || cell === null)) continue;
      rows++;
      if (keyText === '') continue;
      keyed++;
      if (state !== undefined && PENDING_STATES.has(String(row[state] ?? '').trim() as ContactState))
        pending++;
    }
    return { rows, keyed, pending };
  }

  /** Each row's キー and 状態 as text, as read and appended ('' without the column). */
  keysAndStates(): { keys: string[]; states: string[] } {
    const { key, state } = this.table.columns;
    const text = (row: readonly unknown[], column: number | undefined) =>
      column === undefined ? '' : String(row[column] ?? '').trim();
    return {
      keys: this.table.rows.map((row) => text(row, key)),
      states: this.table.rows.map((row) => text(row, state)),
    };
  }

  /** The sheet as read (archiving rewrites it: core/archive.ts, app/archive.ts). */
  sheetTable(): Table<LogField> {
    this.read = [];
    return this.table;
  }

  /**
   * The header row and every data row as read (and as this log wrote them since), for a caller that compares a
   * later read of a row with them (app/list-said.ts). Not to be changed.
   */
  asRead(): { header: readonly unknown[]; headerRow: number; rows: readonly (readonly unknown[])[] } {
    return { header: this.table.header, headerRow: this.table.headerRow, rows: this.table.rows };
  }

  /** Data rows as read (blank ones included), before anything this run appends. */
  rowCount(): number {
    return this.table.rows.length;
  }

  /**
   * Every row's record, in sheet order. Each is a new object: callers complete them (matchCustomerIds) or mark
   * them as they act, and the next caller reads the row as it is on the sheet.
   */
  records(): ContactRecord[] {
    const count = this.table.rows.length;
    const unread = (i: number) => this.read[i] === undefined;
    let stale = 0;
    for (let i = 0; i < count; i++) if (unread(i)) stale++;
    if (stale > 0) {
      const rows = readRowRecords(this.table, stale === count ? undefined : unread);
      const first = firstDataRow(this.table);
      rows.forEach((row, i) => {
        const shown = this.shownIds[i];
        if (row && shown !== undefined && shown !== '') row.customerId = shown;
      });
      // A row that gives no record (blank) stays null; a row not read (a sparse table's) stays undefined.
      for (let i = 0; i < count; i++) if (rows[i] !== undefined) this.read[i] = null;
      for (const record of readRecords(rows, this.timeZone, this.found, first))
        this.read[record.index] = record;
    }
    const records: ContactRecord[] = [];
    for (let i = 0; i < count; i++) {
      const record = this.read[i];
      if (record) records.push({ ...record });
    }
    return records;
  }

  /**
   * Completes the rows the owner typed as this run read them (a blank 日時 becomes the day it was found, a date
   * without a year gets its year, said in 備考) and notes in 備考 each row it cannot read, after what the owner
   * wrote there; a note whose row now reads is taken away. Staged: written by flush(). Returns how many rows
   * cannot be read.
   */
  noteTypedRows(records: readonly ContactRecord[]): number {
    const noteColumn = this.table.columns.note as number;
    let unreadable = 0;
    for (const record of records) {
      const row = this.table.rows[record.index];
      if (!row || record.index < 0) continue;
      const cell = row[noteColumn] ?? '';
      const before = typeof cell === 'string' ? cell : describeCell(cell, this.timeZone, Infinity);
      // Only Tsunagu's own note is taken away: the owner's words stay exactly as typed.
      let note = before.includes(UNREADABLE_MARK) ? before.replace(UNREADABLE_NOTE, '').trimEnd() : before;
      if (record.filledAt) {
        this.update(record.index, { at: instantOfDay(record.filledAt.day, this.timeZone) });
        const read = dayReadNote(record.filledAt);
        if (read && !note.includes(read)) note = [note, read].filter(Boolean).join(' ');
      }
      if (record.unreadable !== undefined) {
        unreadable++;
        note = [note, unreadableNote(record)].filter(Boolean).join(' ');
      }
      if (note !== before) this.update(record.index, { note });
    }
    return unreadable;
  }

  /** Appends rows now (an intent must be on the sheet before its side effect); returns their data-row indexes. */
  append(entries: readonly LogEntry[]): number[] {
    if (entries.length === 0) return [];
    const rows = entries.map((e) => this.toRow(e));
    // Formats first: ids and keys must land as text, not be read as numbers or dates the way typed input is.
    const firstSheetRow = appendRows(this.table.sheet, rows, this.table.width, () => this.formats());
    const firstIndex = firstSheetRow - firstDataRow(this.table);
    rows.forEach((row) => this.table.rows.push(row));
    return entries.map((_, i) => firstIndex + i);
  }

  /** Stages a change to an existing row; written by flush(). */
  update(index: number, changes: Partial<LogEntry>): void {
    const staged = this.staged.get(index) ?? {};
    for (const [field, value] of Object.entries(changes) as [LogField, unknown][]) {
      staged[field] = this.cell(field, value);
    }
    this.staged.set(index, staged);
  }

  /**
   * Writes the staged changes, and only the cells that change: one setValues per block of adjacent changed
   * cells. Every other cell of 連絡履歴 — a 結果 or a formula the owner typed during the run — is not sent, so
   * it stays as the owner left it.
   */
  flush(): void {
    if (this.staged.size === 0) return;
    const changes: CellChange[] = [];
    for (const [index, staged] of this.staged) {
      const row = this.table.rows[index];
      for (const [field, value] of Object.entries(staged) as [LogField, unknown][]) {
        const column = this.table.columns[field] as number;
        if (row && sameCell(row[column], value)) continue;
        changes.push({ row: index, column, value });
        if (row) row[column] = value;
        this.read[index] = undefined;
      }
    }
    writeCells(this.table.sheet, changes, firstDataRow(this.table));
    this.staged.clear();
  }

  private toRow(entry: LogEntry): unknown[] {
    const row: unknown[] = new Array(this.table.width).fill('');
    for (const field of FIELDS) row[this.table.columns[field] as number] = this.cell(field, entry[field]);
    return row;
  }

  private cell(field: LogField, value: unknown): unknown {
    if (value === undefined || value === null) return '';
    if (field === 'plannedDay') return instantOfDay(value as Day, this.timeZone);
    return value;
  }

  private formats(): string[] {
    const formats = new Array<string>(this.table.width).fill('@');
    formats[this.table.columns.at as number] = DATE_TIME_FORMAT;
    formats[this.table.columns.plannedDay as number] = DATE_FORMAT;
    return formats;
  }
}

/** Tsunagu's own note on a row it cannot read: taken away once the row reads. */
const UNREADABLE_NOTE = new RegExp(`\\s*${UNREADABLE_MARK}[^【]*`, 'gu');

/**
 * The 顧客ID column as displayed (one getDisplayValues for the block) when a 顧客ID in it is a number — the owner's
 * 0012 may be 12 formatted 0000 or "C"000 — else nothing: text is already what the owner sees, and Tsunagu writes
 * its ids as text.
 */
function shownIdsOf(table: Table<LogField>): string[] {
  const column = table.columns.customerId;
  if (column === undefined || !table.rows.some((row) => typeof row[column] === 'number')) return [];
  // "Returns the rectangular grid of displayed values for this range … takes into account date, currency and
  // number formatting" (https://developers.google.com/apps-script/reference/spreadsheet/range#getdisplayvalues).
  return table.sheet
    .getRange(firstDataRow(table), column + 1, table.rows.length, 1)
    .getDisplayValues()
    .map((r) => r[0]);
}

function createLogSheet(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = ss.insertSheet(SHEET.log);
  tagSheet(sheet, SHEET.log);
  trimColumns(sheet, FIELDS.length);
  sheet.getRange(1, 1, 1, FIELDS.length).setValues([FIELDS.map((f) => LOG_COLUMNS[f].header)]);
  sheet.setFrozenRows(1);
  return sheet;
}
