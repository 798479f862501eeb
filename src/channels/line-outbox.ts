import { OUTBOX_COLUMNS, SHEET, type OutboxField } from '../labels';
import { tagSheet } from '../sheets/tags';
import {
  appendRows,
  ensureColumns,
  readTable,
  sameCell,
  trimColumns,
  writeCells,
  firstDataRow,
  type CellChange,
  type Table,
} from '../sheets/table';

import { keyedTable } from '../sheets/find-row';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface OutboxRow {
  key: string;
  customerId: string;
  name: string;
  lineUserId: string;
  message: string;
  /** Pre-approved when 設定 LINE自動送信 is TRUE. */
  approved: boolean;
  state: '承認待ち' | '承認済';
  /** Put back for a LINE still waiting whose row is gone (the sheet was deleted): never over one the owner withdrew. */
  restored?: boolean;
}

const FIELDS = Object.keys(OUTBOX_COLUMNS) as OutboxField[];

/** Adds LINE drafts to the LINE送信 outbox, where the owner edits and approves them (one setValues). */
export function appendToOutbox(ss: Spreadsheet, rows: readonly OutboxRow[]): void {
  if (rows.length === 0) return;
  const sheet = ss.getSheetByName(SHEET.lineOutbox) ?? createOutbox(ss);
  const table = readTable(sheet, OUTBOX_COLUMNS);
  ensureColumns(table, OUTBOX_COLUMNS, FIELDS);
  // A row withdrawn earlier (スキップ, e.g. snoozed) does not stand in for the contact prepared again; it does
  // keep a restored row from coming back over the owner's own スキップ.
  const stateCol = table.columns.state as number;
  const keyOf = (r: unknown[]) => String(r[table.columns.key as number] ?? '');
  const any = new Set(table.rows.map(keyOf));
  const live = new Set(table.rows.filter((r) => String(r[stateCol] ?? '') !== 'スキップ').map(keyOf));
  const fresh = rows.filter((r) => !(r.restored ? any : live).has(r.key));
  const values = fresh.map((r) => {
    const row: unknown[] = new Array(table.width).fill('');
    const put = (field: OutboxField, value: unknown) => (row[table.columns[field] as number] = value);
    put('key', r.key);
    put('customerId', r.customerId);
    put('name', r.name);
    put('lineUserId', r.lineUserId);
    put('message', r.message);
    put('approved', r.approved);
    put('state', r.state);
    return row;
  });
  appendRows(sheet, values, table.width);
}

function createOutbox(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = ss.insertSheet(SHEET.lineOutbox);
  tagSheet(sheet, SHEET.lineOutbox);
  trimColumns(sheet, FIELDS.length);
  sheet.getRange(1, 1, 1, FIELDS.length).setValues([FIELDS.map((f) => OUTBOX_COLUMNS[f].header)]);
  sheet.setFrozenRows(1);
  sheet.setColumnWidth(FIELDS.indexOf('message') + 1, 360);
  return sheet;
}

/** Rows a withdrawal leaves alone: finished, or possibly accepted by LINE already (送信中). */
const FINAL_OR_SENDING = ['送信済', 'スキップ', '送信中'];
/** Rows still waiting for the owner or the sending hours: the only ones that can be approved. */
const WAITING = ['承認待ち', '承認済'];

export interface OutboxStates {
  /** The message of each LINE draft still waiting, by key: the text the owner may have edited on the sheet. */
  waiting: Map<string, string>;
  /** Keys whose send may be under way or done (送信中 or 送信済): never withdrawn, skipped or snoozed. */
  busy: Set<string>;
  /**
   * The rows read, when they were `only` some contacts' (keyedTable): a withdrawal of those contacts that follows at
   * once under the same lock (follow-up-actions.ts decide) writes over them instead of reading them again.
   */
  read?: Table<OutboxField>;
}

/**
 * What LINE送信 says of each contact, in one read — of `only` these contacts' rows when given (a few: found by
 * キー, see keyedTable), else of the whole sheet.
 */
export function outboxStates(ss: Spreadsheet, only?: ReadonlySet<string>): OutboxStates {
  const states: OutboxStates = { waiting: new Map(), busy: new Set() };
  const sheet = ss.getSheetByName(SHEET.lineOutbox);
  if (!sheet) return states;
  const table = keyedTable<OutboxField>(sheet, OUTBOX_COLUMNS, 'key', only);
  const { key, state, message } = table.columns;
  if (key === undefined || state === undefined || message === undefined) return states;
  if (only) states.read = table;
  for (const row of table.rows) {
    const k = String(row[key] ?? '');
    const s = String(row[state] ?? '');
    if (WAITING.includes(s)) states.waiting.set(k, String(row[message] ?? ''));
    else if (s === '送信中' || s === '送信済') states.busy.add(k);
  }
  return states;
}

/**
 * The owner approves LINE drafts from the sidebar (one of them with edited text, perhaps): 承認 TRUE, 状態 承認済,
 * in one read and one write over the rows they span. Returns each approved key's message as it now stands.
 */
export function approveInOutbox(
  ss: Spreadsheet,
  keys: ReadonlySet<string>,
  editedText?: string,
): Map<string, string> {
  const approved = new Map<string, string>();
  const sheet = keys.size > 0 ? ss.getSheetByName(SHEET.lineOutbox) : null;
  if (!sheet) return approved;
  // Only these contacts' rows are looked at: a few are found by キー (owners sort and insert rows), many read whole.
  const table = keyedTable<OutboxField>(sheet, OUTBOX_COLUMNS, 'key', keys);
  // Without its キー, 状態 or メッセージ no row can be told waiting, nor its text sent: nothing is approved.
  const { key, state, message } = table.columns;
  if (key === undefined || state === undefined || message === undefined) return approved;
  const hits = table.rows.flatMap((row, i) =>
    keys.has(String(row[key] ?? '')) && WAITING.includes(String(row[state] ?? '')) ? [i] : [],
  );
  if (hits.length === 0) return approved;
  // A column the owner deleted (承認) comes back for the rows approved.
  ensureColumns(table, OUTBOX_COLUMNS, FIELDS);
  const col = (f: OutboxField) => table.columns[f] as number;
  const changes: CellChange[] = [];
  const put = (i: number, field: OutboxField, value: unknown) => {
    if (!sameCell(table.rows[i][col(field)], value)) changes.push({ row: i, column: col(field), value });
  };
  for (const i of hits) {
    const message = editedText ?? String(table.rows[i][col('message')] ?? '');
    if (editedText !== undefined) put(i, 'message', editedText);
    put(i, 'approved', true);
    put(i, 'state', '承認済');
    approved.set(String(table.rows[i][col('key')]), message);
  }
  // Only the cells that change: the owner may be editing another row's message or 備考 meanwhile.
  writeCells(sheet, changes, firstDataRow(table));
  return approved;
}

/**
 * Withdraws outbox rows whose contact was closed, skipped or snoozed: unapproved and marked スキップ so they can
 * never be sent. One read, one write over the rows they span.
 */
export function withdrawFromOutbox(
  ss: Spreadsheet,
  keys: ReadonlySet<string>,
  note: string,
  /** スキップ (closed) or 承認待ち (held: back to the owner, sent only when approved again). */
  to: 'スキップ' | '承認待ち' = 'スキップ',
  /** These keys' rows as outboxStates just read them, under the same lock (OutboxStates.read). */
  read?: Table<OutboxField>,
): void {
  const sheet = keys.size === 0 ? null : (read?.sheet ?? ss.getSheetByName(SHEET.lineOutbox));
  if (!sheet) return;
  const table = read ?? keyedTable<OutboxField>(sheet, OUTBOX_COLUMNS, 'key', keys);
  const { key, approved, state, note: noteCol } = table.columns;
  if (key === undefined || approved === undefined || state === undefined || noteCol === undefined) return;
  const hits = table.rows.flatMap((row, i) =>
    keys.has(String(row[key] ?? '')) && !FINAL_OR_SENDING.includes(String(row[state] ?? '')) ? [i] : [],
  );
  if (hits.length === 0) return;
  const changes: CellChange[] = [];
  for (const i of hits) {
    for (const [column, value] of [
      [approved, false],
      [state, to],
      [noteCol, note],
    ] as const) {
      if (!sameCell(table.rows[i][column], value)) changes.push({ row: i, column, value });
    }
  }
  writeCells(sheet, changes, firstDataRow(table));
}
