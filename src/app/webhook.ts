import { lineConfig, profile } from '../channels/line-api';
import { FRIEND_COLUMNS, FRIEND_STATES, SHEET, type FriendField } from '../labels';
import { appendRows, cellValue, ensureColumns, readTable } from '../sheets/table';

/**
 * The LINE webhook (deployed as a web app). Apps Script cannot read request headers, so x-line-signature cannot be
 * checked: the URL carries a long random secret instead, and anything without it is rejected. Replies never echo
 * the request.
 */
export const WEBHOOK_SECRET_PROPERTY = 'tsunagu.webhookSecret';
const USER_ID = /^U[0-9a-f]{32}$/;

export interface WebhookReply {
  status: 'ok' | 'rejected';
  events: number;
}

interface FriendEvent {
  userId: string;
  followed: boolean;
  at: Date;
}

export function handleWebhook(e: GoogleAppsScript.Events.DoPost | undefined): WebhookReply {
  const expected = PropertiesService.getDocumentProperties().getProperty(WEBHOOK_SECRET_PROPERTY);
  const given = e?.parameter?.secret;
  if (!expected || !given || !constantTimeEqual(given, expected)) return { status: 'rejected', events: 0 };
  let body: unknown;
  try {
    body = JSON.parse(e?.postData?.contents ?? '');
  } catch {
    return { status: 'rejected', events: 0 };
  }
  const events = (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(events)) return { status: 'rejected', events: 0 };
  // LINE's verification request has no events: answering 200 is all it needs.
  const friends = events.flatMap(friendEvent);
  if (friends.length > 0) recordFriends(SpreadsheetApp.getActiveSpreadsheet(), friends);
  return { status: 'ok', events: events.length };
}

/** follow / unfollow events with a well-formed user id; everything else is ignored. */
function friendEvent(event: unknown): FriendEvent[] {
  const e = event as { type?: unknown; timestamp?: unknown; source?: { userId?: unknown } } | null;
  const userId = e?.source?.userId;
  if (
    !e ||
    (e.type !== 'follow' && e.type !== 'unfollow') ||
    typeof userId !== 'string' ||
    !USER_ID.test(userId)
  ) {
    return [];
  }
  const at =
    typeof e.timestamp === 'number' && Number.isFinite(e.timestamp) ? new Date(e.timestamp) : new Date();
  return [{ userId, followed: e.type === 'follow', at }];
}

/**
 * LINE友だち keeps one row per user id: the latest state (フォロー中 / ブロック), its date and the display name, so
 * the owner can link a customer's LINEユーザーID. An unfollow blocks LINE for that customer in the next plan.
 */
function recordFriends(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, events: readonly FriendEvent[]): void {
  const fields = Object.keys(FRIEND_COLUMNS) as FriendField[];
  const sheet = ss.getSheetByName(SHEET.lineFriends) ?? createFriendsSheet(ss, fields);
  const table = readTable(sheet, FRIEND_COLUMNS);
  ensureColumns(table, FRIEND_COLUMNS, fields);
  const col = (f: FriendField) => table.columns[f] as number;
  const rowOf = new Map(table.rows.map((row, i) => [String(row[col('userId')] ?? '').trim(), i]));
  const config = lineConfig();
  const added: unknown[][] = [];
  let changed = false;
  for (const event of events) {
    const name = event.followed && config ? (profile(config, event.userId)?.displayName ?? '') : '';
    const state = event.followed ? FRIEND_STATES.following : FRIEND_STATES.blocked;
    const existing = rowOf.get(event.userId);
    const row = existing === undefined ? new Array<unknown>(table.width).fill('') : table.rows[existing];
    row[col('userId')] = event.userId;
    if (name) row[col('displayName')] = name;
    row[col('state')] = state;
    row[col('date')] = event.at;
    if (existing === undefined) {
      rowOf.set(event.userId, table.rows.length + added.length);
      added.push(row);
    } else changed = true;
  }
  if (changed) {
    sheet
      .getRange(2, 1, table.rows.length, table.width)
      .setValues(table.rows.map((row) => Array.from({ length: table.width }, (_, c) => cellValue(row[c]))));
  }
  appendRows(sheet, added, table.width);
}

function createFriendsSheet(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  fields: readonly FriendField[],
): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = ss.insertSheet(SHEET.lineFriends);
  sheet.getRange(1, 1, 1, fields.length).setValues([fields.map((f) => FRIEND_COLUMNS[f].header)]);
  sheet.setFrozenRows(1);
  return sheet;
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
