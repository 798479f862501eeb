import { LOG_COLUMNS, SHEET, type LogField } from '../labels';
import { instantOfDay, type Day } from '../core/day';
import { readRecords } from '../core/records';
import type { Channel, ContactRecord, ContactState, Outcome } from '../core/types';
import {
  appendRows,
  ensureColumns,
  readTable,
  rowRecords,
  sameCell,
  trimColumns,
  writeCells,
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

  private constructor(
    private readonly table: Table<LogField>,
    private readonly timeZone: string,
  ) {}

  /** Opens 連絡履歴, creating it with its headers when the workbook has none yet. */
  static open(ss: Spreadsheet, timeZone: string): ContactLog {
    const sheet = ss.getSheetByName(SHEET.log) ?? createLogSheet(ss);
    const table = readTable(sheet, LOG_COLUMNS);
    ensureColumns(table, LOG_COLUMNS, FIELDS);
    return new ContactLog(table, timeZone);
  }

  records(): ContactRecord[] {
    return readRecords(rowRecords(this.table), this.timeZone);
  }

  /** Appends rows now (an intent must be on the sheet before its side effect); returns their data-row indexes. */
  append(entries: readonly LogEntry[]): number[] {
    if (entries.length === 0) return [];
    const rows = entries.map((e) => this.toRow(e));
    // Formats first: ids and keys must land as text, not be read as numbers or dates the way typed input is.
    const firstSheetRow = appendRows(this.table.sheet, rows, this.table.width, () => this.formats());
    const firstIndex = firstSheetRow - 2;
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
      }
    }
    writeCells(this.table.sheet, changes);
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

function createLogSheet(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = ss.insertSheet(SHEET.log);
  trimColumns(sheet, FIELDS.length);
  sheet.getRange(1, 1, 1, FIELDS.length).setValues([FIELDS.map((f) => LOG_COLUMNS[f].header)]);
  sheet.setFrozenRows(1);
  return sheet;
}
