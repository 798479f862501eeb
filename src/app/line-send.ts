import { Budget } from './budget';
import { documentProperties, keepProperty } from './document-properties';
import { lostLog, lostLogText } from './log-guard';
import { markPlanStale } from './properties';
import { spreadsheetZone, zonedNow } from './zone';
import { isPendingState } from '../core/history';
import { copyKey, keyOwner, keyRule } from '../core/keys';
import { findRule } from '../core/registry';
import { parseBool } from '../core/parse';
import { OUTBOX_COLUMNS, SHEET, type OutboxField } from '../labels';
import { lineConfig, pushText, quota, retryKeyFor } from '../channels/line-api';
import { ContactLog, type LogEntry } from '../sheets/log';
import type { ContactRecord } from '../core/types';
import type { SendScope } from './scope';
import { keyedTable } from '../sheets/find-row';
import {
  ensureColumns,
  firstDataRow,
  readTable,
  sameCell,
  writeCells,
  type CellChange,
  type Table,
} from '../sheets/table';
import { missingFor, permissionMessage } from './scopes';
import { customersById, lineVerdict, type SendVerdict } from '../core/consent';
import { lineReachNow, lineReachWithVisitsNow, settingsOf, slotsNow } from './workbook';
import type { Slot } from '../core/slots';
import { lineContactDays, lineCountAround } from '../core/policy';

/** LINE goes out only between 9:00 and 20:00 (contract 4.8); approved messages wait for the window. */
const FIRST_HOUR = 9;
const LAST_HOUR = 20;
/** LINE keeps an X-Line-Retry-Key for 24 hours: an unconfirmed send older than that is never resent blindly. */
const RETRY_KEY_LIFETIME_MS = 24 * 60 * 60 * 1000;
const SENDING = '送信中';
const OUT_OF_TIME =
  '時間内に送り切れなかったため、残りは1時間後の自動実行で送ります（自動実行がオフのときは、もう一度「承認したLINEを送信」を押してください）。';

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
  /** The sidebar's targeted action: its customers' rows only (see SendScope in scope.ts). */
  scope?: () => SendScope | undefined,
): LineSendSummary {
  if (budget.over())
    return { sent: 0, waiting: 0, message: `${OUT_OF_TIME}（LINE送信シートはそのままです）` };
  const sheet = ss.getSheetByName(SHEET.lineOutbox);
  if (!sheet) return { sent: 0, waiting: 0, message: '送信するLINEはありません。' };
  // The sidebar's targeted send reads only its contacts' rows of LINE送信 (found by キー); every other send reads it whole.
  const readOutbox = () =>
    scope
      ? keyedTable<OutboxField>(sheet, OUTBOX_COLUMNS, 'key', onlyKeys)
      : readTable(sheet, OUTBOX_COLUMNS);
  const table = readOutbox();
  const timeZone = spreadsheetZone(ss);
  // 連絡履歴 is read at most once per call, and only when there is something to write to it.
  let opened: ContactLog | null = null;
  // 連絡履歴 looked up once: whether it exists decides what confirming and sending may do.
  let logSheet: GoogleAppsScript.Spreadsheet.Sheet | null | undefined;
  const findLog = () => (logSheet === undefined ? (logSheet = ss.getSheetByName(SHEET.log)) : logSheet);
  const openLog = () =>
    (opened ??= ContactLog.open(ss, timeZone, undefined, (name) =>
      name === SHEET.log ? findLog() : ss.getSheetByName(name),
    ));
  const rows = table.rows
    .map((_, i) => i)
    .filter((i) => isApproved(table, i) && (!onlyKeys || onlyKeys.has(cell(table, i, 'key'))));
  // Recent sends are confirmed in 連絡履歴 only where it exists (opening it would make an empty one).
  // (A targeted send leaves that to the hourly run: it reads only its customers' rows.)
  if (!scope && recentlySent(table, now) && findLog()) confirmInLog(table, now, openLog);
  if (rows.length === 0) return { sent: 0, waiting: 0, message: '承認済みのLINEはありません。' };
  // Not while 連絡履歴 is lost: a LINE would go out with no row to record it (see log-guard).
  const lost = lostLog(ss);
  if (lost) return { sent: 0, waiting: rows.length, message: lostLogText(lost) };
  // Quiet hours never fail open: an hour that is not a number is not inside the window either.
  const { hour } = zonedNow(ss, now);
  if (!(hour >= FIRST_HOUR && hour < LAST_HOUR)) {
    return {
      sent: 0,
      waiting: rows.length,
      message: `LINEは${FIRST_HOUR}時から${LAST_HOUR}時の間にだけ送ります。承認済みの${rows.length}件は、次の${FIRST_HOUR}時以降に送ります。`,
    };
  }
  // LINE goes out over UrlFetchApp: 「外部サービスへの接続」 (script.external_request).
  const missing = missingFor('line');
  if (missing.length > 0)
    return { sent: 0, waiting: rows.length, message: permissionMessage('line', missing) };
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

  // The owner may have changed LINE送信 since it was read (unticked 承認, edited a message, withdrawn a row): it
  // is read again right before the rows are marked 送信中, and only what is still approved goes out, as it reads
  // now. This read is also what the first write is compared with.
  const planned = new Set(rows.map((i) => cell(table, i, 'key')));
  const fresh = readOutbox();
  const current = fresh.rows
    .map((_, i) => i)
    .filter((i) => isApproved(fresh, i) && planned.has(cell(fresh, i, 'key')));
  if (current.length === 0) return { sent: 0, waiting: 0, message: '承認済みのLINEはありません。' };
  // What the sheet holds as of that read, for the first write to compare with.
  const asRead = {
    columns: fresh.columns,
    headerRow: fresh.headerRow,
    rows: fresh.rows.map((row) => [...row]),
  };
  const pending = new Map<number, Pending>();
  const write = (i: number, changes: Partial<Record<OutboxField, unknown>>) => {
    const entry = pending.get(i) ?? { key: cell(fresh, i, 'key'), fields: {}, base: {} };
    for (const [field, value] of Object.entries(changes) as [OutboxField, unknown][]) {
      const col = fresh.columns[field];
      if (!(field in entry.base)) entry.base[field] = col === undefined ? '' : fresh.rows[i][col];
      entry.fields[field] = value;
      if (col !== undefined) fresh.rows[i][col] = value;
    }
    pending.set(i, entry);
  };
  // A row copied for another customer is checked against that customer's 連絡履歴: read whole.
  // The sidebar's targeted action: consent from the rows of its customers, found by 顧客ID and read just now.
  const scoped = current.some((i) => keyOwner(cell(fresh, i, 'key')) !== cell(fresh, i, 'customerId'))
    ? undefined
    : scope?.();
  // 連絡履歴 already read whole (confirming recent sends) is used as read.
  const log = opened ?? scoped?.log ?? openLog();
  const logRecords = log.records();
  const logRows = new Map(logRecords.map((r) => [r.key, r]));
  const stale = current.filter(
    (i) => cell(fresh, i, 'state') === SENDING && isOlderThanRetryKey(fresh, i, now),
  );
  for (const i of stale)
    write(i, {
      state: '要確認',
      note: '送信できたか確認できません。LINEの管理画面で確認し、状態を直してください。',
    });
  // Consent at the moment of sending (contract 4.8): 顧客 and LINE友だち as they are now.
  const { today, minutes } = zonedNow(ss, now);
  // A contact its rule checks again now (S11: the booking) reads 顧客 as the run does, 来店履歴's bookings merged in.
  const checksAgain = current.some((i) => findRule(keyRule(cell(fresh, i, 'key')))?.atSending !== undefined);
  const merged = checksAgain ? (scoped?.reach ?? lineReachWithVisitsNow(ss, timeZone, today)) : undefined;
  const reach = merged ?? scoped?.reach ?? lineReachNow(ss, timeZone, today);
  let slots: readonly Slot[] | undefined;
  const sending = merged
    ? {
        now: { day: today, minutes },
        lostHeader: merged.lostHeader,
        // Read on the first offer asked about, once for the batch.
        slots: () => (slots ??= slotsNow(ss, timeZone)),
      }
    : undefined;
  const byId = customersById(reach.customers);
  const blocked = reach.unfollowed;
  const refused: number[] = [];
  // What became of the refused rows, for the owner's message: back to 承認待ち, closed (スキップ), or 要確認.
  const withheld = { returned: 0, closed: 0, unsure: 0 };
  // LINE contacts of each customer in 連絡履歴, for the caps of rows copied for them.
  let limit: number | undefined;
  const capReached = (customerId: string): string => {
    // 設定 is read only when a copied row is about to go (no call otherwise).
    limit ??= settingsOf(ss, timeZone).settings.lineMonthlyLimit;
    const history = logRecords.filter((r) => r.customerId === customerId);
    const count = lineCountAround(lineContactDays(history), today);
    return count + 1 > limit
      ? `このお客様には30日のうちにLINEを${count}回送っていて、もう1回送ると設定「LINE上限月回数」（${limit}回）を超えるため、送信を止めました。日を改めて、もう一度承認してください。`
      : '';
  };
  for (const i of current.filter((j) => !stale.includes(j))) {
    const key = cell(fresh, i, 'key');
    const copied = keyOwner(key) !== cell(fresh, i, 'customerId');
    // No LINE goes out with no 連絡履歴 row to record it: a row the owner deleted there holds the message.
    const verdict: SendVerdict =
      copied || logRows.has(key)
        ? lineVerdict(
            {
              customerId: cell(fresh, i, 'customerId'),
              lineUserId: cell(fresh, i, 'lineUserId'),
              key,
              ...(sending ? { sending } : {}),
            },
            byId,
            blocked,
          )
        : {
            kind: 'withdraw',
            note: '連絡履歴にこの連絡の行が見つからないため、送信を止めました。連絡履歴の行を元に戻してから、もう一度承認してください。',
          };
    // A row copied for another customer was planned for no one: its recipient's LINE cap is checked here (4.2).
    const overCap =
      verdict.kind === 'send' && copied && !logRows.has(copyKey(cell(fresh, i, 'customerId'), key))
        ? capReached(cell(fresh, i, 'customerId'))
        : '';
    if (overCap) {
      refused.push(i);
      withheld.returned++;
      write(i, { state: '承認待ち', approved: false, note: overCap });
      continue;
    }
    if (verdict.kind === 'send') continue;
    refused.push(i);
    const record = logRows.get(cell(fresh, i, 'key'));
    if (cell(fresh, i, 'state') === SENDING) {
      // An earlier push may have reached LINE: not sent again, and the owner asked to check.
      withheld.unsure++;
      write(i, {
        state: '要確認',
        approved: false,
        note: `送信できたか確認できません。LINEの管理画面で確認してください。${verdict.note}`,
      });
      continue;
    }
    const closed = verdict.kind === 'close';
    withheld[closed ? 'closed' : 'returned']++;
    write(i, { state: closed ? 'スキップ' : '承認待ち', approved: false, note: verdict.note });
    if (record && closed)
      log.update(record.index, {
        state: 'スキップ',
        at: now,
        note: (verdict.kind === 'close' && verdict.logNote) || '配信停止',
      });
    else if (record && record.state === '承認済') log.update(record.index, { state: '承認待ち' });
  }
  const toSend = current.filter((i) => !stale.includes(i) && !refused.includes(i));
  // The retry key goes on the row with 送信中, before the push: a push retried after a timeout uses it again.
  if (toSend.length > 0) ensureColumns(fresh, OUTBOX_COLUMNS, ['retryKey']);
  const retryKeys = new Map(toSend.map((i) => [i, retryKeyOf(fresh, i)]));
  for (const i of toSend) write(i, { state: SENDING, sentAt: now, retryKey: retryKeys.get(i) });
  saveChanges(sheet, pending, readOutbox, asRead);
  // A row the owner copied for another customer is a contact of its own: its intent goes into 連絡履歴 before the
  // push, so it counts for that customer's LINE caps and is never sent twice.
  const copies = logCopies(fresh, toSend, log, logRows, now);
  SpreadsheetApp.flush();

  /** The outbox row and its 連絡履歴 row move together: 連絡履歴 shows the owner's approval even when a send failed. */
  const settle = (i: number, changes: { state: '送信済' | '承認済'; sentAt: Date | ''; note?: string }) => {
    write(i, changes);
    const record = copies.get(i) ?? logRows.get(cell(fresh, i, 'key'));
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
    const result = pushText(config, {
      to: cell(fresh, i, 'lineUserId'),
      text: cell(fresh, i, 'message'),
      retryKey: retryKeys.get(i) as string,
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
  // Read once more: pushes take time, and the owner may have typed in LINE送信 meanwhile.
  saveChanges(sheet, pending, readOutbox);
  log.flush();
  // A contact sent, or closed at sending (配信停止, a booking moved, a slot taken), changes that customer's 次回連絡日
  // and 理由: the sidebar's next read of the list writes them (properties.ts markPlanStale). The mark also tells a
  // list read that planned while this send was under way (it reads without the lock) not to write what it saw.
  if (withheld.closed > 0 || sent > 0) markPlanStale();
  const waiting = current.length - sent - refused.length;
  const told = [
    withheld.closed > 0 && `${withheld.closed}件は配信停止や予約・空き枠の変更のため、送るのをやめました`,
    withheld.returned > 0 &&
      `${withheld.returned}件は配信停止・ブロック・顧客シートの変更などのため、送らずに承認待ちに戻しました`,
    withheld.unsure > 0 && `${withheld.unsure}件は送信できたか確かめられないため、要確認にしました`,
  ].filter(Boolean);
  const withheldText =
    told.length > 0 ? `${told.join('。')}（「LINE送信」シートの備考をご覧ください）。` : '';
  return {
    sent,
    waiting,
    message:
      withheldText +
      (stopped
        ? `${sent > 0 ? `LINEを${sent}件送ったところで止めました。` : ''}${stopped}（承認済みの${waiting}件はそのまま残っています）`
        : // Never 「0件送りました」: every one withheld is said above.
          (sent > 0 ? `LINEを${sent}件送りました。` : waiting > 0 ? 'LINEは送信していません。' : '') +
          (waiting > 0
            ? `${sent > 0 ? '送れなかった' : ''}${waiting}件は「LINE送信」シートの備考をご覧ください。`
            : '') +
          (left.remaining === null ? '' : `今月の残りは約${left.remaining - sent}通です。`)),
  };
}

/**
 * 連絡履歴 rows for the LINE送信 rows the owner copied and addressed to another customer (its 顧客ID is not the
 * contact key's): one per copy and recipient, keyed by copyKey, appended 準備中 (the
 * intent) unless an earlier batch already wrote it. Returns them by outbox row, for the send to confirm.
 */
function logCopies(
  fresh: Table<OutboxField>,
  rows: readonly number[],
  log: ContactLog,
  logRows: Map<string, ContactRecord>,
  now: Date,
): Map<number, ContactRecord> {
  const copies = new Map<number, ContactRecord>();
  const entries: LogEntry[] = [];
  const waiting: number[] = [];
  for (const i of rows) {
    const key = cell(fresh, i, 'key');
    const customerId = cell(fresh, i, 'customerId');
    if (!customerId || keyOwner(key) === customerId) continue;
    const ownKey = copyKey(customerId, key);
    const logged = logRows.get(ownKey);
    if (logged) {
      copies.set(i, logged);
      continue;
    }
    const original = logRows.get(key);
    entries.push({
      at: now,
      customerId,
      name: cell(fresh, i, 'name'),
      scenario: original?.scenario ?? '',
      step: original?.step ?? '',
      channel: 'LINE',
      state: '準備中',
      content: cell(fresh, i, 'message'),
      key: ownKey,
      note: `「LINE送信」シートで${original ? `${original.name || original.customerId}様（顧客ID ${original.customerId}）あての行` : 'ほかの行'}をコピーして送ったものです`,
      address: cell(fresh, i, 'lineUserId'),
    });
    waiting.push(i);
  }
  if (entries.length === 0) return copies;
  const indexes = log.append(entries);
  // append gives data-row indexes; records skip blank rows, so each is found by its index.
  const byIndex = new Map(log.records().map((r) => [r.index, r]));
  waiting.forEach((i, n) => {
    const record = byIndex.get(indexes[n]) as ContactRecord;
    copies.set(i, record);
    logRows.set(record.key, record);
  });
  return copies;
}

/**
 * A run stopped between marking a row 送信済 and writing 連絡履歴 leaves the two apart: 連絡履歴 follows the outbox.
 * Only sends of the last two days are looked at, so the log is read only on days something went out.
 */
function confirmInLog(table: Table<OutboxField>, now: Date, openLog: () => ContactLog): void {
  const recent = recentSends(table, now);
  if (recent.size === 0) return;
  // The same recent sends an earlier run found 連絡履歴 following: the hours after a send day read nothing.
  const digest = sendsDigest(recent);
  if (documentProperties().getProperty(CONFIRMED_SENDS) === digest) return;
  const log = openLog();
  const found = new Set<string>();
  for (const record of log.records()) {
    const at = recent.get(record.key);
    if (!at || record.channel !== 'LINE') continue;
    found.add(record.key);
    if (isPendingState(record.state)) log.update(record.index, { state: '送信済', at });
  }
  log.flush();
  // Remembered once every one of them has its row (a deleted row may be restored) and the rows are in the sheet.
  if (found.size < recent.size) return;
  SpreadsheetApp.flush();
  keepProperty(CONFIRMED_SENDS, digest);
}

/**
 * The recent sends (キー and 送信日時 of LINE送信's 送信済 rows of the last two days) that confirmInLog last found
 * 連絡履歴 following, as a digest. Any change to them reads 連絡履歴 again: a new send, a run stopped before 連絡履歴, a
 * 要確認 row the owner settles as 送信済, a 送信日時 edited. Before, 連絡履歴 was read whole every hour for two days
 * after each send (7 s an hour at 10,000 customers, about a minute at 100,000).
 */
const CONFIRMED_SENDS = 'tsunagu.lineConfirmedSends';

function sendsDigest(recent: ReadonlyMap<string, Date>): string {
  const text = [...recent]
    .map(([key, at]) => `${key}@${at.getTime()}`)
    .sort()
    .join('\n');
  return Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8)
    .map((b) => ((b & 0xff) + 0x100).toString(16).slice(1))
    .join('');
}

/** Rows marked 送信済 in the last two days, by the キー of their 連絡履歴 row, with their send time. */
function recentSends(table: Table<OutboxField>, now: Date): Map<string, Date> {
  const recent = new Map<string, Date>();
  table.rows.forEach((row, i) => {
    const at = row[table.columns.sentAt as number];
    if (cell(table, i, 'state') !== '送信済' || Object.prototype.toString.call(at) !== '[object Date]')
      return;
    if (now.getTime() - (at as Date).getTime() > 2 * RETRY_KEY_LIFETIME_MS) return;
    // A row the owner copied for another customer went out on that customer's 連絡履歴 row (logCopies), never
    // on the original's: confirming the original would record a send its customer never had.
    const key = cell(table, i, 'key');
    const customerId = cell(table, i, 'customerId');
    recent.set(customerId && keyOwner(key) !== customerId ? copyKey(customerId, key) : key, at as Date);
  });
  return recent;
}

function recentlySent(table: Table<OutboxField>, now: Date): boolean {
  return recentSends(table, now).size > 0;
}

/**
 * The X-Line-Retry-Key of a row: its contact key and its recipient (retryKeyFor), so a row the owner copied and
 * addressed to someone else has a key LINE has never seen, and a 409 can only confirm this recipient's push. A row
 * left 送信中 (a push that may have reached LINE) keeps the key it was pushed with, so LINE still deduplicates it.
 * A key on the row says this version pushed it, with the contact and recipient's key. No key on the row means an
 * earlier version pushed it, with the contact key's own: used again only while the row is still for the contact's
 * own customer (its 顧客ID is the key's, and consent has just checked its LINEユーザーID is theirs).
 */
function retryKeyOf(table: Table<OutboxField>, i: number): string {
  const key = cell(table, i, 'key');
  const own = retryKeyFor(key, cell(table, i, 'lineUserId'));
  if (cell(table, i, 'state') !== SENDING) return own;
  // Pushed by this version: with `own`, unless the owner has since readdressed the row, which then needs its own.
  if (cell(table, i, 'retryKey')) return own;
  const legacy = cell(table, i, 'sentAt') !== '' && keyOwner(key) === cell(table, i, 'customerId');
  return legacy ? retryKeyFor(key) : own;
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

interface Pending {
  /** The row's キー when it was read, to find the row again if the owner sorted the sheet. */
  key: string;
  fields: Partial<Record<OutboxField, unknown>>;
  /** Each changed field as Tsunagu last knew it: a 備考 the owner changed since then is theirs to keep. */
  base: Partial<Record<OutboxField, unknown>>;
}

/** What a send records: written even over an edit, so the sheet never hides a message that went out. */
const RECORD_FIELDS: readonly OutboxField[] = ['state', 'sentAt', 'retryKey'];

/**
 * Writes the changes made to outbox rows (by data-row index, as read), and only the cells that differ from what
 * the sheet holds: one setValues per block of adjacent changed cells, so whatever the owner typed in any other
 * cell — another row's message, a 承認 tick, a 備考 — stays. `sheetNow` is a read made just now; without one the
 * sheet is read again first. A row the owner moved is found again by its キー. A 備考 the owner changed since
 * Tsunagu read it is left as the owner wrote it; 状態, 送信日時 and 送信キー are always written. The changes are then
 * cleared (each row's last-known values kept for the next write).
 */
function saveChanges(
  sheet: GoogleAppsScript.Spreadsheet.Sheet,
  pending: Map<number, Pending>,
  readOutbox: () => Table<OutboxField>,
  sheetNow?: Pick<Table<OutboxField>, 'columns' | 'rows' | 'headerRow'>,
): void {
  if (![...pending.values()].some((p) => Object.keys(p.fields).length > 0)) return;
  const now = sheetNow ?? readOutbox();
  const changes: CellChange[] = [];
  for (const [i, { key, fields, base }] of pending) {
    const at = rowOf(now, i, key);
    if (at === null) continue;
    for (const [field, value] of Object.entries(fields) as [OutboxField, unknown][]) {
      const col = now.columns[field];
      if (col === undefined) continue;
      const held = now.rows[at][col];
      const write = !sameCell(held, value) && (RECORD_FIELDS.includes(field) || sameCell(held, base[field]));
      if (write) changes.push({ row: at, column: col, value });
      // The next write starts from what the sheet holds after this one.
      base[field] = write ? value : held;
    }
  }
  writeCells(sheet, changes, firstDataRow(now));
  for (const entry of pending.values()) entry.fields = {};
}

/** Where the row read at index i with this キー is now: the same place, or the live row with that キー. */
function rowOf(table: Pick<Table<OutboxField>, 'columns' | 'rows'>, i: number, key: string): number | null {
  const col = table.columns.key;
  if (col === undefined) return null;
  const keyAt = (j: number) => String(table.rows[j]?.[col] ?? '').trim();
  if (keyAt(i) === key) return i;
  const state = table.columns.state;
  const matches = table.rows.map((_, j) => j).filter((j) => keyAt(j) === key);
  const live = matches.filter(
    (j) => state === undefined || String(table.rows[j][state] ?? '') !== 'スキップ',
  );
  return live[0] ?? matches[0] ?? null;
}
