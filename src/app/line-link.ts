/**
 * Linking customers to LINE in the workbook (contract section 2, LINE友だち and LINE連携): reading LINE友だち for the
 * planner, the 連携コード in LINE連携, and the sidebar's 「LINEの友だちとお客様をつなぐ」 section. The matching itself is
 * pure (core/line-links.ts).
 */
import { lineBasicId } from './line-token';
import { lineConfig } from '../channels/line-api';
import {
  newLinkCodes,
  sameCustomerId,
  suggestionKey,
  suggestLinks,
  type LineFriend,
} from '../core/line-links';
import { LINE_USER_ID as USER_ID } from '../core/parse';
import type { Customer } from '../core/types';
import {
  FRIEND_COLUMNS,
  FRIEND_STATES,
  LINK_CODE_COLUMNS,
  SHEET,
  type FriendField,
  type LinkCodeField,
} from '../labels';
import type { ActionResult, LineLinkView } from '../shared/sidebar-types';
import { sheetLookup, type SheetLookup } from '../sheets/find-sheets';
import { tagSheet } from '../sheets/tags';
import { appendRows, ensureColumns, firstDataRow, readTable, rowRecords, writeCells } from '../sheets/table';
import {
  LAST_DELIVERY_PROPERTY,
  LAST_EVENT_PROPERTY,
  shareWithWebhook,
  webhookQueueState,
  webhookSecret,
} from './webhook';
import { PUBLISHED_AS_ADDON } from './build-flags';
import { OWNER_LINE_PROPERTY } from './notice';
import { documentProperties } from './document-properties';

/** 違う: the pairs the owner dismissed, in the document properties (a value holds at most 9 KB). */
const DISMISSED_PROPERTY = 'tsunagu.lineLinkDismissed';
const DISMISSED_KEPT = 150;

/**
 * LINE友だち as the planner and the sidebar read it; empty when there is no such sheet. With `addColumns` (a run's
 * read), its missing columns — the 顧客ID column among them — are added first, tagged (header cells only).
 */
export function readLineFriends(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  lookup: SheetLookup = sheetLookup(ss),
  addColumns = false,
): LineFriend[] {
  const sheet = lookup(SHEET.lineFriends);
  if (!sheet) return [];
  const text = (v: unknown) => String(v ?? '').trim();
  const table = readTable(sheet, FRIEND_COLUMNS);
  // Not a sheet Tsunagu can read (no ユーザーID): left as it is, 診断 says so.
  if (addColumns && table.columns.userId !== undefined)
    ensureColumns(table, FRIEND_COLUMNS, Object.keys(FRIEND_COLUMNS) as FriendField[]);
  return rowRecords(table).map((r) => ({
    userId: text(r.userId),
    displayName: text(r.displayName),
    blocked: text(r.state) === FRIEND_STATES.blocked,
    customerId: text(r.customerId),
    phone: text(r.phone).replace(/\D/g, ''),
    code: text(r.code).toUpperCase(),
  }));
}

/** LINE user ids whose latest state in LINE友だち is ブロック. */
export function blockedIdsOf(friends: readonly LineFriend[]): Set<string> {
  return new Set(friends.filter((f) => f.blocked).map((f) => f.userId));
}

/**
 * Whether customers can be invited to LINE: a token to send with, and a webhook that is known to hear their 連携コード
 * — LINE has delivered a real event (a follow, a message) to its current URL, so the web app is deployed and
 * 「Webhookの利用」 is on. LINE's 検証 button alone proves neither (it posts no event, and does so with the switch off);
 * before a real event a code on a letter might reach nothing. The add-on build has no webhook, so never there.
 */
export function lineLinkingReady(): boolean {
  if (PUBLISHED_AS_ADDON) return false;
  return lineConfig() !== null && webhookSecret() !== null && webhookQueueState().lastEvent !== null;
}

/**
 * A copy that ran the webhook before Tsunagu told a real event from LINE's 検証 has LINE友だち rows (only the
 * webhook's follow and unfollow events ever wrote them) and a last delivery, but no last-event mark: those rows are
 * the real events, so the last delivery becomes the last event once (the daily run). A new webhook URL clears both
 * marks, so a URL that has heard nothing yet is never taken for one that has.
 */
export function adoptEarlierEvents(friends: readonly LineFriend[]): void {
  if (PUBLISHED_AS_ADDON || !friends.some((f) => USER_ID.test(f.userId))) return;
  const props = PropertiesService.getScriptProperties();
  const delivered = props.getProperty(LAST_DELIVERY_PROPERTY);
  if (delivered && !props.getProperty(LAST_EVENT_PROPERTY)) props.setProperty(LAST_EVENT_PROPERTY, delivered);
}

/** Every 連携コード ever made (code → 顧客ID) and each customer's own (the first made). */
export interface LinkCodes {
  byCode: Map<string, string>;
  byCustomer: Map<string, string>;
}

export function readLinkCodes(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  lookup: SheetLookup = sheetLookup(ss),
): LinkCodes {
  const byCode = new Map<string, string>();
  const byCustomer = new Map<string, string>();
  const sheet = lookup(SHEET.lineLinks);
  if (!sheet) return { byCode, byCustomer };
  for (const r of rowRecords(readTable(sheet, LINK_CODE_COLUMNS))) {
    const code = String(r.code ?? '')
      .trim()
      .toUpperCase();
    const id = sameCustomerId(String(r.customerId ?? ''));
    if (!code || !id) continue;
    byCode.set(code, id);
    if (!byCustomer.has(id)) byCustomer.set(id, code);
  }
  return { byCode, byCustomer };
}

/**
 * The 連携コード of the customers to invite (not on LINE yet, no LINE 配信停止), made for those that have none:
 * appended to LINE連携 (created and tagged when missing) when `make` (the daily run, under the lock), never changed or
 * reused once made, with the shop's LINE ID they send it to. None while LINE is not set up or its LINE ID is unknown
 * (an invitation must say where to send the code).
 */
export function lineInvites(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  customers: readonly Customer[],
  day: Date,
  lookup: SheetLookup = sheetLookup(ss),
  make = false,
): { basicId: string; codes: Map<string, string> } {
  const invites = new Map<string, string>();
  if (!lineLinkingReady()) {
    // The webhook answers no code while customers are not invited (and keeps no token once LINE is turned off, nor
    // without a webhook secret).
    if (make) shareWithWebhook(lineConfig()?.token ?? null, []);
    return { basicId: '', codes: invites };
  }
  const basicId = lineBasicId(make);
  const codes = readLinkCodes(ss, lookup);
  const invited = customers.filter(
    (c) => c.id && !c.blocked && !c.lineUserId && !c.lineConflict && !c.optOut.has('LINE'),
  );
  // The webhook answers only the codes of customers still invited: one who has since put LINE in 配信停止 (or been
  // linked) gets no reply.
  const invitedIds = new Set(invited.map((c) => sameCustomerId(c.id)));
  const share = () => {
    if (!make) return;
    const codesOfInvited = [...codes.byCode].filter(([, id]) => invitedIds.has(id)).map(([code]) => code);
    shareWithWebhook(lineConfig()?.token ?? null, codesOfInvited);
  };
  if (!basicId || invited.length === 0) {
    share();
    return { basicId, codes: invites };
  }
  const missing = invited.map((c) => sameCustomerId(c.id)).filter((id) => !codes.byCustomer.has(id));
  if (make && missing.length > 0) {
    const made = newLinkCodes(missing, new Set(codes.byCode.keys()), Math.random);
    const sheet = lookup(SHEET.lineLinks) ?? createSheet(ss, SHEET.lineLinks, LINK_CODE_COLUMNS);
    const table = readTable(sheet, LINK_CODE_COLUMNS);
    const fields = Object.keys(LINK_CODE_COLUMNS) as LinkCodeField[];
    ensureColumns(table, LINK_CODE_COLUMNS, fields);
    const rows = [...made].map(([id, code]) => {
      const row = new Array<unknown>(table.width).fill('');
      row[table.columns.customerId as number] = id;
      row[table.columns.code as number] = code;
      row[table.columns.made as number] = day;
      return row;
    });
    appendRows(sheet, rows, table.width);
    for (const [id, code] of made) {
      codes.byCustomer.set(id, code);
      codes.byCode.set(code, id);
    }
  }
  share();
  for (const c of invited) {
    const code = codes.byCustomer.get(sameCustomerId(c.id));
    if (code) invites.set(c.id, code);
  }
  return { basicId, codes: invites };
}

/** LINE友だち's columns added when missing (初期設定 and each run): the 顧客ID column among them, tagged. */
export function ensureFriendColumns(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  lookup?: SheetLookup,
): void {
  const sheet = (lookup ?? sheetLookup(ss))(SHEET.lineFriends);
  if (!sheet) return;
  const table = readTable(sheet, FRIEND_COLUMNS);
  if (table.columns.userId === undefined) return; // not a sheet Tsunagu can read: 診断 says so
  ensureColumns(table, FRIEND_COLUMNS, Object.keys(FRIEND_COLUMNS) as FriendField[]);
}

function createSheet<F extends string>(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  name: string,
  spec: Readonly<Record<F, { header: string }>>,
): GoogleAppsScript.Spreadsheet.Sheet {
  const sheet = ss.insertSheet(name);
  tagSheet(sheet, name);
  const headers = (Object.keys(spec) as F[]).map((f) => spec[f].header);
  sheet.getRange(1, 1, 1, headers.length).setValues([headers]);
  sheet.setFrozenRows(1);
  return sheet;
}

// ——— The sidebar's section ———

function dismissed(): string[] {
  try {
    const list = JSON.parse(documentProperties().getProperty(DISMISSED_PROPERTY) ?? '[]');
    return Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** The suggestions to link, certain ones first, from 顧客 (as loaded), LINE友だち and LINE連携 as they are now. */
export function getLineLinks(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  customers: readonly Customer[],
  lookup?: SheetLookup,
): LineLinkView {
  const find = lookup ?? sheetLookup(ss);
  // The owner's own LINE (設定's オーナーのLINEユーザーID, added as a friend to finish the setup) is no customer.
  const owner = documentProperties().getProperty(OWNER_LINE_PROPERTY);
  const friends = readLineFriends(ss, find).filter((f) => f.userId !== owner);
  if (friends.length === 0) return { suggestions: [], unlinked: 0 };
  const suggestions = suggestLinks({
    customers,
    friends,
    codes: readLinkCodes(ss, find).byCode,
    dismissed: new Set(dismissed()),
  });
  const linked = new Set(customers.map((c) => c.lineUserId).filter(Boolean));
  const unlinked = friends.filter(
    (f) => USER_ID.test(f.userId) && !f.blocked && !f.customerId && !linked.has(f.userId),
  ).length;
  return { suggestions, unlinked };
}

/** What つなぐ and 違う are given: the friend (by user id, never a row number) and the customer. */
function pairOf(request: unknown): { userId: string; customerId: string } | null {
  const r = request as { userId?: unknown; customerId?: unknown } | null;
  const userId = typeof r?.userId === 'string' ? r.userId.trim() : '';
  const customerId = typeof r?.customerId === 'string' ? r.customerId.trim() : '';
  return USER_ID.test(userId) && customerId ? { userId, customerId } : null;
}

/**
 * つなぐ: writes the customer's 顧客ID into that friend's LINE友だち row — the row found again by user id just before
 * writing, and only while its 顧客ID is still blank (the owner may have filled it meanwhile). Nothing else is written.
 */
export function linkLineFriend(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  request: unknown,
  customers: readonly Customer[],
): ActionResult {
  const pair = pairOf(request);
  if (!pair)
    return { ok: false, message: 'つなぐ相手がわかりませんでした。「再読み込み」を押してください。' };
  const customer = customers.find((c) => c.id === pair.customerId);
  if (!customer)
    return {
      ok: false,
      message: `顧客シートに顧客ID「${pair.customerId}」のお客様が見つかりません。「再読み込み」を押してください。`,
    };
  const sheet = ss.getSheetByName(SHEET.lineFriends);
  if (!sheet)
    return { ok: false, message: '「LINE友だち」シートが見つかりません。「再読み込み」を押してください。' };
  const table = readTable(sheet, FRIEND_COLUMNS);
  ensureColumns(table, FRIEND_COLUMNS, Object.keys(FRIEND_COLUMNS) as FriendField[]);
  const idColumn = table.columns.userId;
  const customerColumn = table.columns.customerId as number;
  const index =
    idColumn === undefined
      ? -1
      : table.rows.findIndex((row) => String(row[idColumn] ?? '').trim() === pair.userId);
  if (index < 0)
    return {
      ok: false,
      message: 'この友だちの行が「LINE友だち」にありません。「再読み込み」を押してください。',
    };
  const current = String(table.rows[index][customerColumn] ?? '').trim();
  if (current && current !== pair.customerId)
    return {
      ok: false,
      message: `この友だちには、すでに顧客ID「${current}」が入っています。「LINE友だち」シートで確かめてください。`,
    };
  if (!current)
    writeCells(sheet, [{ row: index, column: customerColumn, value: pair.customerId }], firstDataRow(table));
  // Linked all the same (it is who they are), but LINE is not promised to a customer who declined it.
  if (customer.optOut.has('LINE'))
    return {
      ok: true,
      message: `${customer.name}様をLINEの友だちとつなぎました。配信停止にLINEが入っているため、LINEではご連絡しません。`,
    };
  return {
    ok: true,
    message: `${customer.name}様をLINEの友だちとつなぎました。次の計画からLINEでご連絡できます。`,
  };
}

/** 違う: the suggestion is not shown again (remembered in the document properties, the newest kept). */
export function dismissLineLink(request: unknown): ActionResult {
  const pair = pairOf(request);
  if (!pair) return { ok: false, message: '対象がわかりませんでした。「再読み込み」を押してください。' };
  const key = suggestionKey(pair.userId, pair.customerId);
  const list = [...dismissed().filter((k) => k !== key), key].slice(-DISMISSED_KEPT);
  documentProperties().setProperty(DISMISSED_PROPERTY, JSON.stringify(list));
  return { ok: true, message: 'この組み合わせは、もう表示しません。' };
}
