import { Budget } from './budget';
import { spreadsheetZone, zonedNow } from './zone';
import { isPendingState } from '../core/history';
import { parseBool } from '../core/parse';
import { OUTBOX_COLUMNS, SHEET, type OutboxField } from '../labels';
import { lineConfig, pushText, quota, retryKeyFor } from '../channels/line-api';
import { ContactLog } from '../sheets/log';
import { cellValue, readTable, type Table } from '../sheets/table';

/** LINE goes out only between 9:00 and 20:00 (contract 4.8); approved messages wait for the window. */
const FIRST_HOUR = 9;
const LAST_HOUR = 20;
/** LINE keeps an X-Line-Retry-Key for 24 hours: an unconfirmed send older than that is never resent blindly. */
const RETRY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
const SENDING = '送信中';
const OUT_OF_TIME = '時間内に送り切れなかったため、残りは次の1時間ごとの自動実行で送ります。';

export interface LineSendSummary {
  sent: number;
  waiting: number;
  message: string;
}

/**
 * Sends the LINE送信 rows the owner approved (承認 TRUE, or 承認済 with LINE自動送信). Each row is marked 送信中 and
 * flushed before its push; a row left 送信中 by an interrupted run is pushed again with the same retry key while
 * LINE still remembers it (a 409 then confirms it), and after 24 hours asks the owner to check instead.
 */
export function sendApprovedLine(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  /** Only these contacts (the sidebar's 承認して送信); every approved row when absent. */
  onlyKeys?: ReadonlySet<string>,
  /** The run's time budget: no push starts once it is spent, and the rest go out the next hour. */
  budget: Budget = new Budget(now.getTime()),
): LineSendSummary {
  if (budget.over())
    return { sent: 0, waiting: 0, message: `${OUT_OF_TIME}（LINE送信シートはそのままです）` };
  const sheet = ss.getSheetByName(SHEET.lineOutbox);
  if (!sheet) return { sent: 0, waiting: 0, message: '送信するLINEはありません。' };
  const table = readTable(sheet, OUTBOX_COLUMNS);
  const timeZone = spreadsheetZone(ss);
  // 連絡履歴 is read at most once per call, and only when there is something to write to it.
  let opened: ContactLog | null = null;
  const openLog = () => (opened ??= ContactLog.open(ss, timeZone));
  confirmInLog(table, now, openLog);
  const rows = table.rows
    .map((_, i) => i)
    .filter((i) => isApproved(table, i) && (!onlyKeys || onlyKeys.has(cell(table, i, 'key'))));
  if (rows.length === 0) return { sent: 0, waiting: 0, message: '承認済みのLINEはありません。' };
  // Quiet hours never fail open: an hour that is not a number is not inside the window either.
  const { hour } = zonedNow(ss, now);
  if (!(hour >= FIRST_HOUR && hour < LAST_HOUR)) {
    return {
      sent: 0,
      waiting: rows.length,
      message: `LINEは${FIRST_HOUR}時から${LAST_HOUR}時の間にだけ送ります。承認済みの${rows.length}件は、次の${FIRST_HOUR}時以降に送ります。`,
    };
  }
  const config = lineConfig();
  if (!config) {
    return {
      sent: 0,
      waiting: rows.length,
      message:
        'LINEのチャネルアクセストークンが設定されていません。設定画面で入力してから、もう一度お試しください。',
    };
  }
  const left = quota(config);
  if ('error' in left) return { sent: 0, waiting: rows.length, message: left.error };
  if (left.remaining !== null && left.remaining < rows.length) {
    return {
      sent: 0,
      waiting: rows.length,
      message: `今月のLINEの残りは${left.remaining}通で、承認済みの${rows.length}件を送ると上限を超えます。件数を減らすか、LINEのプランをご確認ください。`,
    };
  }

  const write = (i: number, changes: Partial<Record<OutboxField, unknown>>) => {
    for (const [field, value] of Object.entries(changes))
      table.rows[i][table.columns[field as OutboxField] as number] = value;
  };
  const log = openLog();
  const logRows = new Map(log.records().map((r) => [r.key, r]));
  const stale = rows.filter((i) => cell(table, i, 'state') === SENDING && isOlderThanRetryKey(table, i, now));
  for (const i of stale)
    write(i, {
      state: '要確認',
      note: '送信できたか確認できません。LINEの管理画面で確認し、状態を直してください。',
    });
  const toSend = rows.filter((i) => !stale.includes(i));
  for (const i of toSend) write(i, { state: SENDING, sentAt: now });
  saveRows(table);
  SpreadsheetApp.flush();

  /** The outbox row and its 連絡履歴 row move together: 連絡履歴 shows the owner's approval even when a send failed. */
  const settle = (i: number, changes: { state: '送信済' | '承認済'; sentAt: Date | ''; note?: string }) => {
    write(i, changes);
    const record = logRows.get(cell(table, i, 'key'));
    if (!record || record.state === changes.state) return;
    log.update(record.index, changes.state === '送信済' ? { state: '送信済', at: now } : { state: '承認済' });
  };
  let sent = 0;
  let stopped = '';
  for (const i of toSend) {
    if (!stopped && budget.over()) stopped = OUT_OF_TIME;
    if (stopped) {
      // Never pushed: back to approved, with no send time that could later look like an unconfirmed send.
      settle(i, { state: '承認済', sentAt: '' });
      continue;
    }
    const key = cell(table, i, 'key');
    const result = pushText(config, {
      to: cell(table, i, 'lineUserId'),
      text: cell(table, i, 'message'),
      retryKey: retryKeyFor(key),
    });
    if (result.kind === 'sent' || result.kind === 'alreadyAccepted') {
      settle(i, { state: '送信済', sentAt: now, note: '' });
      sent++;
      continue;
    }
    // The row stays approved and is tried again; only a refused message lets the rest of the batch go on.
    settle(i, { state: '承認済', sentAt: '', note: result.message });
    if (result.kind !== 'badRequest') stopped = result.message;
  }
  saveRows(table);
  log.flush();
  const waiting = rows.length - sent;
  return {
    sent,
    waiting,
    message: stopped
      ? `${sent > 0 ? `LINEを${sent}件送ったところで止めました。` : ''}${stopped}（承認済みの${waiting}件はそのまま残っています）`
      : `LINEを${sent}件送りました。${waiting > 0 ? `送れなかった${waiting}件は「LINE送信」シートの備考をご覧ください。` : ''}` +
        (left.remaining === null ? '' : `今月の残りは約${left.remaining - sent}通です。`),
  };
}

/**
 * A run stopped between marking a row 送信済 and writing 連絡履歴 leaves the two apart: 連絡履歴 follows the outbox.
 * Only sends of the last two days are looked at, so the log is read only on days something went out.
 */
function confirmInLog(table: Table<OutboxField>, now: Date, openLog: () => ContactLog): void {
  const recent = new Map<string, Date>();
  table.rows.forEach((row, i) => {
    const at = row[table.columns.sentAt as number];
    if (cell(table, i, 'state') !== '送信済' || Object.prototype.toString.call(at) !== '[object Date]')
      return;
    if (now.getTime() - (at as Date).getTime() <= 2 * RETRY_KEY_LIFETIME_MS)
      recent.set(cell(table, i, 'key'), at as Date);
  });
  if (recent.size === 0) return;
  const log = openLog();
  for (const record of log.records()) {
    const at = recent.get(record.key);
    if (at && record.channel === 'LINE' && isPendingState(record.state))
      log.update(record.index, { state: '送信済', at });
  }
  log.flush();
}

function isApproved(table: Table<OutboxField>, i: number): boolean {
  const state = cell(table, i, 'state');
  if (state === '承認済' || state === SENDING) return true;
  const approved = parseBool(table.rows[i][table.columns.approved as number]);
  return state === '承認待ち' && approved !== null && approved.ok && approved.value;
}

function isOlderThanRetryKey(table: Table<OutboxField>, i: number, now: Date): boolean {
  const at = table.rows[i][table.columns.sentAt as number];
  const ms = Object.prototype.toString.call(at) === '[object Date]' ? (at as Date).getTime() : NaN;
  return Number.isFinite(ms) && now.getTime() - ms > RETRY_KEY_LIFETIME_MS;
}

function cell(table: Table<OutboxField>, i: number, field: OutboxField): string {
  const col = table.columns[field];
  return col === undefined ? '' : String(table.rows[i][col] ?? '').trim();
}

/** The outbox is Tsunagu's own sheet: its data block is written back in one setValues. */
function saveRows(table: Table<OutboxField>): void {
  if (table.rows.length === 0) return;
  table.sheet
    .getRange(2, 1, table.rows.length, table.width)
    .setValues(table.rows.map((row) => Array.from({ length: table.width }, (_, c) => cellValue(row[c]))));
}
