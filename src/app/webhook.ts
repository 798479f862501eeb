import { lineConfig, lineConfigWith, profile } from '../channels/line-api';
import { codesIn, phoneIn } from '../core/line-links';
import { LINE_USER_ID as USER_ID } from '../core/parse';
import { readLinkCodes } from './line-link';
import type { Budget } from './budget';
import { PUBLISHED_AS_ADDON } from './build-flags';
import { FRIEND_COLUMNS, FRIEND_STATES, SHEET, type FriendField } from '../labels';
import { tagSheet } from '../sheets/tags';
import {
  appendRows,
  ensureColumns,
  readTable,
  writeCells,
  firstDataRow,
  type CellChange,
  type Table,
} from '../sheets/table';
import { documentProperties } from './document-properties';

/**
 * The LINE webhook (deployed as a web app). A web app request has no open document: LockService.getDocumentLock()
 * is null there and the document's properties and sheets are not its to touch. So doPost only checks the secret and
 * stores each follow / unfollow event in the script properties, under its webhookEventId, and answers at once; the
 * next run or sidebar action applies the queue to LINE友だち under the script lock (applyWebhookQueue).
 *
 * Apps Script cannot read request headers, so x-line-signature cannot be checked: the URL carries a long random
 * secret instead, and anything without it is rejected. Replies never echo the request.
 *
 * A text message from a friend (a 1:1 chat) is queued only for a phone number or 連携コード found in it — never its
 * text — so the sidebar can suggest linking that friend to a customer (contract section 2, LINE友だち).
 */

/** In the script properties: the script is bound to one spreadsheet, and a web app request can read them. */
export const WEBHOOK_SECRET_PROPERTY = 'tsunagu.webhookSecret';
/** One script property per queued event: concurrent deliveries write different keys, so none needs a lock. */
const QUEUE_PREFIX = 'tsunagu.webhookEvent.';
/** When the newest delivery arrived (ms), LINE's 検証 included, for 診断. */
export const LAST_DELIVERY_PROPERTY = 'tsunagu.webhookLastDelivery';
/**
 * When the newest delivery carrying an event arrived (ms): LINE sends events (a follow, a message) only while
 * 「Webhookの利用」 is on, whereas its 検証 button posts an empty list whether or not it is — so only this mark shows
 * that a customer's 連携コード would reach the webhook.
 */
export const LAST_EVENT_PROPERTY = 'tsunagu.webhookLastEvent';
/** At most this many events wait; past it only blocks are queued (a follow is a convenience, a block is consent). */
export const QUEUE_LIMIT = 1000;
/** Set when followers were recorded without their display name; the hourly run then asks LINE for names. */
const NAMES_WANTED_PROPERTY = 'tsunagu.webhookNamesWanted';
/** Display names fetched per hourly run (one LINE API call each). */
const NAMES_PER_RUN = 20;

/**
 * What the webhook answers a customer's 連携コード with, in a web app request where the document's properties (the
 * token) cannot be read: a copy of the channel access token (only while a webhook secret exists; never in the add-on
 * build), and the 連携コード of the customers still invited (six characters each, no hyphen, in chunks well under the
 * 9 KB a property value holds). The daily run keeps both up to date (shareWithWebhook), and saving the token in 設定
 * keeps the copy (syncWebhookToken).
 */
const REPLY_TOKEN_PROPERTY = 'tsunagu.webhookLineToken';
const CODES_PREFIX = 'tsunagu.webhookCodes.';
const CODES_PER_PROPERTY = 1200;
/**
 * The one reply to a customer who sent their 連携コード (message-style.md: natural, promising only what happens —
 * the owner confirms the link in the sidebar). The shop speaks as itself, so it does not call itself お店.
 */
export const CODE_RECEIVED_REPLY = 'ありがとうございます。連携コードを受け付けました。当店で確認いたします。';

export interface WebhookReply {
  status: 'ok' | 'rejected';
  events: number;
}

/** A queued follow / unfollow: who, which, when LINE says it happened, and where it stood among what arrived. */
interface FriendEvent {
  id: string;
  userId: string;
  followed: boolean;
  at: number;
  /** Arrival order (receipt ms, then position in the request): breaks ties between equal timestamps. */
  order: number;
  /** A text message's phone number (digits) and 連携コード candidates; a message changes no 状態. */
  message?: { phone: string; codes: string[] };
}

/** The queued form's second item: 1 follow, 0 unfollow, 2 a message (then phone and codes follow). */
const MESSAGE = 2;

export function handleWebhook(e: GoogleAppsScript.Events.DoPost | undefined): WebhookReply {
  // A published add-on is one script for every shop: its script properties are no shop's to queue LINE users in.
  if (PUBLISHED_AS_ADDON) return { status: 'rejected', events: 0 };
  const props = PropertiesService.getScriptProperties();
  const expected = webhookSecret(props);
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
  // LINE's verification request has no events: answering is all it needs (its arrival is noted for 診断).
  if (events.length === 0) {
    props.setProperty(LAST_DELIVERY_PROPERTY, String(Date.now()));
    return { status: 'ok', events: 0 };
  }
  const received = Date.now();
  const queued: Record<string, string> = {
    [LAST_DELIVERY_PROPERTY]: String(received),
    [LAST_EVENT_PROPERTY]: String(received),
  };
  const blocks: Record<string, string> = {};
  const coded: { event: unknown; userId: string; codes: string[] }[] = [];
  events.forEach((event, position) => {
    const friend = friendEvent(event);
    if (!friend) return;
    if (friend.message?.codes.length)
      coded.push({ event, userId: friend.userId, codes: friend.message.codes });
    const order = received * 1000 + Math.min(position, 999);
    const entry = JSON.stringify(
      friend.message
        ? [friend.userId, MESSAGE, friend.at, order, friend.message.phone, friend.message.codes]
        : [friend.userId, friend.followed ? 1 : 0, friend.at, order],
    );
    queued[QUEUE_PREFIX + friend.id] = entry;
    if (!friend.followed && !friend.message) blocks[QUEUE_PREFIX + friend.id] = entry;
  });
  if (Object.keys(queued).length > 2 && props.getKeys().length > QUEUE_LIMIT) {
    // The queue is full (no run has applied it for a long time; 診断 says so): a block still goes in — it stops
    // LINE to that customer — while a follow waits for LINE's redelivery or the next follow. A message is dropped,
    // so its 連携コード is not answered: the customer is told nothing the shop will not see.
    props.setProperties({
      ...blocks,
      [LAST_DELIVERY_PROPERTY]: queued[LAST_DELIVERY_PROPERTY],
      [LAST_EVENT_PROPERTY]: queued[LAST_EVENT_PROPERTY],
    });
    return { status: 'ok', events: events.length };
  }
  // Stored first (a write that throws ends the request here, with no reply); only then is a 連携コード answered.
  props.setProperties(queued);
  const replied = new Set<string>();
  for (const { event, userId, codes } of coded)
    if (!replied.has(userId) && replyToCode(props, event, codes)) replied.add(userId);
  return { status: 'ok', events: events.length };
}

/**
 * follow / unfollow events with a well-formed user id, and text messages from a 1:1 chat that carry a phone number
 * or a 連携コード; everything else (other messages, joins, groups and rooms) is ignored. The id is LINE's
 * webhookEventId, so a redelivered event overwrites its own queue entry.
 */
function friendEvent(event: unknown): Omit<FriendEvent, 'order'> | null {
  const e = event as {
    type?: unknown;
    timestamp?: unknown;
    webhookEventId?: unknown;
    source?: { type?: unknown; userId?: unknown };
    message?: { type?: unknown; text?: unknown };
  } | null;
  const userId = e?.source?.userId;
  let message: FriendEvent['message'];
  if (e?.type === 'message') {
    // Only what identifies the customer is kept: the text itself goes no further than this function.
    const text = e.source?.type === 'user' && e.message?.type === 'text' ? e.message.text : undefined;
    if (typeof text !== 'string') return null;
    message = { phone: phoneIn(text), codes: codesIn(text).slice(0, 3) };
    if (!message.phone && message.codes.length === 0) return null;
  }
  if (
    !e ||
    (e.type !== 'follow' && e.type !== 'unfollow' && !message) ||
    typeof userId !== 'string' ||
    !USER_ID.test(userId) ||
    typeof e.timestamp !== 'number' ||
    !Number.isFinite(e.timestamp)
  ) {
    return null;
  }
  // A redelivery repeats webhookEventId, so it lands on its own entry; the type is part of the key because LINE's
  // own SDK test payloads give a follow and an unfollow the same id.
  const id =
    typeof e.webhookEventId === 'string' && /^[0-9A-Za-z_-]{1,64}$/.test(e.webhookEventId)
      ? `${e.webhookEventId}.${e.type}`
      : `${userId}.${e.type}.${e.timestamp}`;
  return { id, userId, followed: e.type === 'follow', at: e.timestamp, ...(message ? { message } : {}) };
}

/** The queued events, oldest first by LINE's timestamp, and the property keys they came from. */
function queuedEvents(props: GoogleAppsScript.Properties.Properties): {
  events: FriendEvent[];
  keys: string[];
  all: Record<string, string>;
} {
  const all = props.getProperties();
  const events: FriendEvent[] = [];
  const keys: string[] = [];
  for (const key of Object.keys(all)) {
    if (!key.startsWith(QUEUE_PREFIX)) continue;
    keys.push(key);
    try {
      const [userId, followed, at, order, phone, codes] = JSON.parse(all[key]) as unknown[];
      if (typeof userId === 'string' && USER_ID.test(userId) && typeof at === 'number' && Number.isFinite(at))
        events.push({
          id: key.slice(QUEUE_PREFIX.length),
          userId,
          followed: followed === 1,
          at,
          order: typeof order === 'number' ? order : 0,
          ...(followed === MESSAGE
            ? {
                message: {
                  phone: typeof phone === 'string' && /^\d{10,11}$/.test(phone) ? phone : '',
                  codes: Array.isArray(codes) ? codes.filter((c): c is string => typeof c === 'string') : [],
                },
              }
            : {}),
        });
    } catch {
      // A value that is not ours: dropped with the rest of the applied keys.
    }
  }
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  return { events, keys, all };
}

/**
 * How many events wait, when the newest delivery arrived (for 診断), and when the newest one carrying an event
 * did (LINE's 検証 aside: see LAST_EVENT_PROPERTY).
 */
export function webhookQueueState(): { waiting: number; lastDelivery: Date | null; lastEvent: Date | null } {
  const props = PropertiesService.getScriptProperties();
  const keys = props.getKeys();
  const when = (key: string) => {
    const ms = Number(props.getProperty(key) ?? NaN);
    return Number.isFinite(ms) ? new Date(ms) : null;
  };
  return {
    waiting: keys.filter((k) => k.startsWith(QUEUE_PREFIX)).length,
    lastDelivery: when(LAST_DELIVERY_PROPERTY),
    lastEvent: when(LAST_EVENT_PROPERTY),
  };
}

/** A new webhook URL was made: what reached the old one says nothing of the new one (nor of LINE's setting). */
export function forgetDeliveries(): void {
  const props = PropertiesService.getScriptProperties();
  props.deleteProperty(LAST_DELIVERY_PROPERTY);
  props.deleteProperty(LAST_EVENT_PROPERTY);
}

/**
 * Applies the queued follow / unfollow events to LINE友だち (under the script lock, from a run or a sidebar
 * action). LINE友だち keeps one row per user id: the latest state (フォロー中 / ブロック), its date and the display
 * name, so the owner can link a customer's LINEユーザーID; a ブロック blocks LINE for that customer in the next plan.
 * Per user the newest event by LINE's timestamp wins, and an event no newer than the row's 日付 (a redelivery)
 * never overrides it — nor what the owner typed in that row since. Only the cells that change are written, found
 * again by user id just before writing, so the owner's own columns, formulas and sorting stay as they are. The
 * applied events leave the queue before any call to LINE; then, from the hourly run only (`budget` given), missing
 * display names are asked of the LINE profile API, newest followers first, while the run's time budget lasts.
 */
export function applyWebhookQueue(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  options: { budget?: Budget } = {},
): number {
  const props = PropertiesService.getScriptProperties();
  const { events, keys, all } = queuedEvents(props);
  if (!all[WEBHOOK_SECRET_PROPERTY]) moveSecretToScriptProperties(props);
  // Entries that are not events (unreadable values) are dropped; events are deleted once applied.
  const applied = new Set(events.map((e) => QUEUE_PREFIX + e.id));
  keys.filter((k) => !applied.has(k)).forEach((k) => props.deleteProperty(k));
  // A follow recorded without its name leaves a note in the same store, so an idle hour needs no call to find out.
  const namesWanted = all[NAMES_WANTED_PROPERTY] === 'yes';
  const budget = options.budget;
  if (events.length === 0 && !(namesWanted && budget)) return 0;
  const fields = Object.keys(FRIEND_COLUMNS) as FriendField[];
  const sheet = ss.getSheetByName(SHEET.lineFriends) ?? createFriendsSheet(ss, fields);
  const table = readTable(sheet, FRIEND_COLUMNS);
  ensureColumns(table, FRIEND_COLUMNS, fields);
  const col = (f: FriendField) => table.columns[f] as number;
  const changes = new Map<string, Map<FriendField, unknown>>();
  const change = (userId: string, field: FriendField, value: unknown) => {
    const fieldsOf = changes.get(userId) ?? new Map<FriendField, unknown>();
    fieldsOf.set(field, value);
    changes.set(userId, fieldsOf);
  };
  const rowOf = new Map(table.rows.map((row, i) => [String(row[col('userId')] ?? '').trim(), i]));
  const added: unknown[][] = [];
  const newest = new Map<string, FriendEvent>();
  const messages = new Map<string, { phone: string; code: string }>();
  // A 連携コード counts only when LINE連携 has it: a word that merely looks like one records nothing.
  const known = events.some((e) => e.message?.codes.length)
    ? readLinkCodes(ss).byCode
    : new Map<string, string>();
  for (const event of events) {
    // Oldest first: the last one is the newest. A message adds what it carries to what came before it.
    if (!event.message) {
      newest.set(event.userId, event);
      continue;
    }
    const code = event.message.codes.find((c) => known.has(c)) ?? '';
    if (!event.message.phone && !code) continue;
    const before = messages.get(event.userId);
    messages.set(event.userId, {
      phone: event.message.phone || before?.phone || '',
      code: code || before?.code || '',
    });
  }
  for (const [userId, found] of messages) {
    const index = rowOf.get(userId);
    if (index === undefined) {
      const row = new Array<unknown>(table.width).fill('');
      row[col('userId')] = userId;
      if (found.phone) row[col('phone')] = found.phone;
      if (found.code) row[col('code')] = found.code;
      // A friend met first by a message: a row, kept up to date by the follow that may come with it.
      rowOf.set(userId, -1 - added.length);
      added.push(row);
      continue;
    }
    if (index < 0) continue;
    if (found.phone) change(userId, 'phone', found.phone);
    if (found.code) change(userId, 'code', found.code);
  }
  for (const event of newest.values()) {
    const state = event.followed ? FRIEND_STATES.following : FRIEND_STATES.blocked;
    const at = new Date(event.at);
    const index = rowOf.get(event.userId);
    if (index !== undefined && index < 0) {
      // Added just above for a message: the follow or unfollow goes on the same new row.
      const row = added[-1 - index];
      row[col('state')] = state;
      row[col('date')] = at;
      continue;
    }
    if (index === undefined) {
      const row = new Array<unknown>(table.width).fill('');
      row[col('userId')] = event.userId;
      row[col('state')] = state;
      row[col('date')] = at;
      added.push(row);
      continue;
    }
    const row = table.rows[index];
    const recorded = row[col('date')];
    if (recorded instanceof Date && recorded.getTime() >= event.at) continue; // a redelivery, or older
    if (String(row[col('state')] ?? '').trim() !== state) change(event.userId, 'state', state);
    change(event.userId, 'date', at);
  }
  writeByUserId(table, changes, col);
  appendRows(sheet, added, table.width);
  applied.forEach((k) => props.deleteProperty(k));
  const followed = events.some((e) => e.followed && !e.message);
  if (!budget) {
    if (followed && !namesWanted) props.setProperty(NAMES_WANTED_PROPERTY, 'yes');
    return events.length;
  }
  const config = lineConfig();
  const unnamed = config ? askNames(readTable(sheet, FRIEND_COLUMNS), config, budget) : 0;
  if (unnamed === 0 && namesWanted) props.deleteProperty(NAMES_WANTED_PROPERTY);
  if (unnamed > 0 && !namesWanted) props.setProperty(NAMES_WANTED_PROPERTY, 'yes');
  return events.length;
}

/**
 * Display names for followers without one, newest rows first, a few per run and only while the budget lasts;
 * LINE not answering stops the asking. Returns how many followers are still without a name and not asked.
 */
function askNames(
  table: Table<FriendField>,
  config: NonNullable<ReturnType<typeof lineConfig>>,
  budget: Budget,
): number {
  const col = (f: FriendField) => table.columns[f] as number;
  const unnamed = table.rows
    .map((row) => String(row[col('userId')] ?? '').trim())
    .filter((userId, i) => {
      const row = table.rows[i];
      return (
        USER_ID.test(userId) &&
        String(row[col('displayName')] ?? '').trim() === '' &&
        String(row[col('state')] ?? '').trim() === FRIEND_STATES.following
      );
    })
    .reverse();
  const names = new Map<string, Map<FriendField, unknown>>();
  let asked = 0;
  for (const userId of unnamed) {
    if (asked >= NAMES_PER_RUN || budget.over()) break;
    asked++;
    const found = profile(config, userId);
    if (found?.displayName) names.set(userId, new Map([['displayName', found.displayName]]));
  }
  writeByUserId(table, names, col);
  return unnamed.length - asked;
}

/**
 * The changed cells, found again by user id just before writing (the owner may have sorted LINE友だち meanwhile),
 * written by writeCells: unchanged cells are never sent again while the changes are few.
 */
function writeByUserId(
  table: Table<FriendField>,
  changes: Map<string, Map<FriendField, unknown>>,
  col: (f: FriendField) => number,
): void {
  if (changes.size === 0 || table.rows.length === 0) return;
  const ids = table.sheet.getRange(firstDataRow(table), col('userId') + 1, table.rows.length, 1).getValues();
  const rowOf = new Map(ids.map(([id], i) => [String(id ?? '').trim(), i]));
  const cells: CellChange[] = [];
  for (const [userId, fields] of changes) {
    const row = rowOf.get(userId);
    if (row === undefined) continue; // the owner deleted the row meanwhile: nothing to write to
    for (const [field, value] of fields) cells.push({ row, column: col(field), value });
  }
  writeCells(table.sheet, cells, firstDataRow(table));
}

function createFriendsSheet(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  fields: readonly FriendField[],
): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = ss.insertSheet(SHEET.lineFriends);
  tagSheet(sheet, SHEET.lineFriends);
  sheet.getRange(1, 1, 1, fields.length).setValues([fields.map((f) => FRIEND_COLUMNS[f].header)]);
  sheet.setFrozenRows(1);
  return sheet;
}

/**
 * Earlier versions kept the webhook secret in the document properties, which a web app request cannot read: move
 * it (same secret, so the URL pasted into LINE Developers keeps working).
 */
function moveSecretToScriptProperties(script: GoogleAppsScript.Properties.Properties): void {
  const document = documentProperties();
  const old = document.getProperty(WEBHOOK_SECRET_PROPERTY);
  if (!old) return;
  script.setProperty(WEBHOOK_SECRET_PROPERTY, old);
  document.deleteProperty(WEBHOOK_SECRET_PROPERTY);
}

/**
 * Answers a customer's message that carries a 連携コード the shop made, once, with LINE's reply API (POST
 * /v2/bot/message/reply with the event's replyToken: https://developers.line.biz/en/reference/messaging-api/#send-reply-message;
 * replies answer a user's message and, unlike push messages, are not counted against the monthly message limit:
 * https://developers.line.biz/en/docs/messaging-api/pricing/). Any other text gets no answer; a reply LINE refuses
 * changes nothing (the code is queued all the same). True when LINE took the reply.
 */
function replyToCode(
  props: GoogleAppsScript.Properties.Properties,
  event: unknown,
  codes: readonly string[],
): boolean {
  if (PUBLISHED_AS_ADDON) return false; // no copy of any shop's token is read there
  const replyToken = (event as { replyToken?: unknown }).replyToken;
  if (typeof replyToken !== 'string' || replyToken === '') return false;
  const token = props.getProperty(REPLY_TOKEN_PROPERTY);
  if (!token) return false;
  const made = madeCodes(props);
  if (!codes.some((c) => made.has(c.replace('-', '')))) return false;
  const { baseUrl } = lineConfigWith(token);
  try {
    const response = UrlFetchApp.fetch(`${baseUrl}/v2/bot/message/reply`, {
      method: 'post',
      contentType: 'application/json; charset=UTF-8',
      headers: { Authorization: `Bearer ${token}` },
      payload: JSON.stringify({ replyToken, messages: [{ type: 'text', text: CODE_RECEIVED_REPLY }] }),
      muteHttpExceptions: true,
    });
    return response.getResponseCode() === 200;
  } catch {
    return false; // LINE unreachable: the code is still queued; the customer hears from the shop later
  }
}

/** The 連携コード the webhook knows (no hyphen), from the script properties. */
function madeCodes(props: GoogleAppsScript.Properties.Properties): Set<string> {
  const made = new Set<string>();
  const all = props.getProperties();
  for (const key of Object.keys(all))
    if (key.startsWith(CODES_PREFIX))
      for (let i = 0; i + 6 <= all[key].length; i += 6) made.add(all[key].slice(i, i + 6));
  return made;
}

/**
 * Gives the webhook what it answers a 連携コード with (the daily run, where the document's properties can be read):
 * the channel access token (see syncWebhookToken) and the codes of the customers still invited. Written only when
 * it changed.
 */
export function shareWithWebhook(token: string | null, codes: Iterable<string>): void {
  // A published add-on is one script for every shop: its script properties are no shop's to keep a token or codes in.
  if (PUBLISHED_AS_ADDON) return forgetAddOnCopy();
  const props = PropertiesService.getScriptProperties();
  syncWebhookToken(token, props);
  const all = props.getProperties();
  const plain = [...new Set([...codes].map((c) => c.replace('-', '')))].sort();
  const chunks: Record<string, string> = {};
  for (let i = 0; i * CODES_PER_PROPERTY < plain.length; i++)
    chunks[CODES_PREFIX + i] = plain.slice(i * CODES_PER_PROPERTY, (i + 1) * CODES_PER_PROPERTY).join('');
  const stale = Object.keys(all).filter((k) => k.startsWith(CODES_PREFIX) && !(k in chunks));
  const changed = Object.keys(chunks).filter((k) => all[k] !== chunks[k]);
  if (changed.length > 0) props.setProperties(Object.fromEntries(changed.map((k) => [k, chunks[k]])));
  stale.forEach((k) => props.deleteProperty(k));
}

/**
 * The webhook's copy of the channel access token, kept equal to the one the runs use (the daily run, and saving the
 * token in 設定): written only while a webhook secret exists — without one no request can reach the webhook, so the
 * copy would only be one more place the token sits — and deleted otherwise, or when there is no token. Never in
 * the add-on build.
 */
export function syncWebhookToken(
  token: string | null,
  props: GoogleAppsScript.Properties.Properties = PropertiesService.getScriptProperties(),
): void {
  if (PUBLISHED_AS_ADDON) return forgetAddOnCopy();
  const copy = token && webhookSecret(props) ? token : null;
  const kept = props.getProperty(REPLY_TOKEN_PROPERTY);
  if (!copy) {
    if (kept !== null) props.deleteProperty(REPLY_TOKEN_PROPERTY);
  } else if (kept !== copy) props.setProperty(REPLY_TOKEN_PROPERTY, copy);
}

/**
 * The add-on build keeps no copy: one an earlier add-on build may have left in the properties every shop shares is
 * deleted, unread.
 */
function forgetAddOnCopy(): void {
  PropertiesService.getScriptProperties().deleteProperty(REPLY_TOKEN_PROPERTY);
}

/**
 * The webhook secret: in the script properties; one made by an earlier version is in the document properties until
 * the next run moves it (a web app request may not be able to read those: null, and that URL waits for the move).
 */
export function webhookSecret(
  script: GoogleAppsScript.Properties.Properties = PropertiesService.getScriptProperties(),
): string | null {
  return (
    script.getProperty(WEBHOOK_SECRET_PROPERTY) ??
    documentProperties()?.getProperty(WEBHOOK_SECRET_PROPERTY) ??
    null
  );
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
