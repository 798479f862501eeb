import { checkSetting, readSettings, settingItemName, SETTING_SPECS } from '../core/settings';
import { checkWebAppUrl } from '../core/webapp-url';
import { PUBLISHED_AS_ADDON } from './build-flags';
import { spreadsheetZone } from './zone';
import { LINE_USER_ID, normalizeText } from '../core/parse';
import { SETTINGS_HEADERS, SHEET, VISIT_COLUMNS } from '../labels';
import { LINE_TOKEN_PROPERTY, lineConfig } from '../channels/line-api';
import { checkLineToken, notSavedText, rememberLineBasicId } from './line-token';
import { appendRows, firstDataRow, readTable, writeCells } from '../sheets/table';
import type { ActionResult, SettingsReply, SettingsView, WebhookReply } from '../shared/sidebar-types';
import type { ImportOverview } from '../shared/sidebar-types';
import { HEADER_SEARCH_ROWS, headerRowIndex, matchHeaders } from '../sheets/table';
import { forgetLayout, rememberedLayouts } from './import';
import { OWNER_LINE_PROPERTY, toOwnerByLine } from './notice';
import { forgetDeliveries, syncWebhookToken, WEBHOOK_SECRET_PROPERTY, webhookSecret } from './webhook';
import { currentAccount, ownerOnlyMessage, runsAsOwner } from './owner';
import { getAutoRunState } from './auto-run';
import { settingsOf } from './workbook';
import { storedSeasonLimit } from './season-limit';
import { seasonLimitText } from '../core/season-forecast';
import { dayOfInstant } from '../core/day';
import { missingFor, permissionMessage } from './scopes';
import { documentProperties } from './document-properties';

/** Secrets live in document properties only: the sidebar learns whether each is set, never its value. */
const SECRET_PROPERTIES = {
  token: LINE_TOKEN_PROPERTY,
  secret: 'tsunagu.line.channelSecret',
} as const;

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The 設定 sheet as the sidebar's form shows it, with the LINE settings and 自動実行. */
export function getSettingsView(ss: Spreadsheet): SettingsView {
  const rows = settingsTable(ss);
  // The row the run reads for each item: the first whose name, notes and spaces aside, is the item's.
  const shown = new Map<string, string>();
  const cells = new Map<string, unknown>();
  for (const r of rows?.rows ?? [])
    if (!shown.has(r.key)) {
      shown.set(r.key, r.display);
      cells.set(r.key, r.value);
    }
  const timeZone = spreadsheetZone(ss);
  const { problems } = readSettings(rows?.rows.map((r) => [r.item, r.value] as const) ?? [], timeZone);
  const props = documentProperties();
  const isSet = (key: string) => (props.getProperty(key) ?? '').trim() !== '';
  return {
    hasSheet: rows !== null,
    items: SETTING_SPECS.map((spec) => {
      // The value the run reads, checked as a save would be: its problem is shown beside it, never replaced.
      const check = checkSetting(spec.item, cells.get(spec.item), timeZone);
      return {
        item: spec.item,
        value: shown.get(spec.item) ?? '',
        defaultText: spec.defaultText,
        help: spec.help,
        control: spec.control,
        ...(check.ok ? (check.note ? { note: check.note } : {}) : { problem: check.reason }),
      };
    }),
    problems,
    line: {
      tokenSet: isSet(SECRET_PROPERTIES.token),
      secretSet: isSet(SECRET_PROPERTIES.secret),
      ownerUserId: props.getProperty(OWNER_LINE_PROPERTY) ?? '',
      webhookSet: Boolean(webhookSecret()),
    },
    autoRun: getAutoRunState(),
    timeZone,
    imports: importOverview(ss),
    seasonLimit: seasonLimitLine(timeZone),
  };
}

/** The temporary 1日の手紙上限 of a season's window the owner accepted, in words ('' when none). */
function seasonLimitLine(timeZone: string): string {
  const limit = storedSeasonLimit(dayOfInstant(new Date(), timeZone));
  return limit ? `${seasonLimitText(limit)}（年賀状・暑中見舞いの期間だけ）` : '';
}

/**
 * 「取り込み」: how many rows 来店履歴 has and the newest 出典, read from its header row and its 出典 column only
 * (a 20,000-row sheet is not read whole to open the tab), and the layouts 「CSVを取り込む」 remembers.
 */
export function importOverview(ss: Spreadsheet): ImportOverview {
  const layouts = rememberedLayouts();
  const sheet = ss.getSheetByName(SHEET.visits);
  if (!sheet) return { hasSheet: false, rows: 0, latest: '', layouts };
  const lastRow = sheet.getLastRow();
  const width = Math.max(1, sheet.getLastColumn());
  if (lastRow < 1) return { hasSheet: true, rows: 0, latest: '', layouts };
  const top = sheet.getRange(1, 1, Math.min(lastRow, HEADER_SEARCH_ROWS), width).getValues();
  const at = headerRowIndex(top, VISIT_COLUMNS);
  const rows = Math.max(0, lastRow - at - 1);
  const column = matchHeaders(top[at], VISIT_COLUMNS).columns.source;
  const sources =
    rows > 0 && column !== undefined
      ? sheet
          .getRange(at + 2, column + 1, rows, 1)
          .getValues()
          .map((r) => String(r[0] ?? ''))
      : [];
  return { hasSheet: true, rows, latest: newestSource(sources), layouts };
}

/** The newest of 出典's parts (「Airレジ 2026/11/20取込・STORES予約 2026/11/21取込」): those of the latest day. */
export function newestSource(sources: readonly string[]): string {
  let best = 0;
  const found = new Set<string>();
  for (const source of sources)
    for (const part of source.split('・')) {
      const m = /(\d{4})\/(\d{1,2})\/(\d{1,2})取込/.exec(part);
      if (!m) continue;
      const day = Number(m[1]) * 10_000 + Number(m[2]) * 100 + Number(m[3]);
      if (day < best) continue;
      if (day > best) found.clear();
      best = day;
      found.add(part.trim());
    }
  return [...found].join('・');
}

/** 「忘れる」 in 取り込み: the next file with that header row is recognised afresh. */
export function forgetImportLayout(signature: unknown): ActionResult {
  if (typeof signature !== 'string')
    return { ok: false, message: '忘れる列の対応を読み取れませんでした。設定タブを開き直してください。' };
  const label = rememberedLayouts().find((l) => l.signature === signature)?.label ?? '';
  if (!forgetLayout(signature)) return { ok: true, message: 'その列の対応は、もう覚えていません。' };
  return {
    ok: true,
    message: `${label ? `「${label}」の` : ''}列の対応を忘れました。次にそのファイルを取り込むときは、列の対応をもう一度確かめてください。`,
  };
}

/**
 * Writes the values the owner changed in the form into 設定's 値 column (one setValues over the rows that
 * changed, appended rows for items the sheet lacks). Returns what could not be read, as the daily run would say it.
 */
export function saveSettings(ss: Spreadsheet, request: unknown): SettingsReply {
  const table = settingsTable(ss);
  if (!table)
    return {
      ok: false,
      message: '「設定」シートがありません。メニューの「初期設定」を先に実行してください。',
    };
  if (typeof request !== 'object' || request === null)
    return { ok: false, message: '入力を読み取れませんでした。' };
  const known = new Set(SETTING_SPECS.map((s) => s.item));
  const changes = new Map<string, string>();
  for (const [item, value] of Object.entries(request as Record<string, unknown>)) {
    if (!known.has(item) || typeof value !== 'string') continue;
    const current = table.rows.find((r) => r.key === item);
    // A row the sheet lacks changes only when the owner typed something for it.
    if (current ? current.display !== value : value.trim() !== '') changes.set(item, value);
  }
  if (changes.size === 0) return { ok: true, message: '変更はありません。' };
  // A value the run could not read is never saved: each is refused with its reader's reason, and then nothing is
  // written (the owner fixes it and saves once more, rather than finding half of the form saved).
  const timeZone = spreadsheetZone(ss);
  const refused: Record<string, string> = {};
  for (const [item, value] of changes) {
    const check = checkSetting(item, value, timeZone);
    if (!check.ok) refused[item] = check.reason;
  }
  const refusedItems = Object.keys(refused);
  if (refusedItems.length > 0)
    return {
      ok: false,
      message: `${refusedItems.map((item) => `「${item}」`).join('')}を読めないため、保存していません（直してから、もう一度保存してください）。${refusedItems.map((item) => refused[item]).join('')}`,
      refused,
    };

  // Only the 値 cells that changed, each in the row the run reads for its item (the first whose name, notes and
  // spaces aside, is the item's: the owner's 「1日の手紙上限（通）」): one setValues per run of adjacent changed
  // rows, so every other row (a formula, a value typed meanwhile, a later row of the same item) is left as it is.
  const target = new Map<string, number>();
  table.rows.forEach((r, i) => {
    if (changes.has(r.key) && !target.has(r.key)) target.set(r.key, i);
  });
  writeCells(
    table.sheet,
    [...target].map(([item, i]) => ({ row: i, column: table.valueColumn, value: changes.get(item) })),
    table.firstRow,
  );
  const missing = [...changes].filter(([item]) => !target.has(item));
  appendRows(
    table.sheet,
    missing.map(([item, value]) => {
      const row: unknown[] = new Array(table.width).fill('');
      row[table.itemColumn] = item;
      row[table.valueColumn] = value;
      return row;
    }),
    table.width,
  );
  const written = new Map([...target].map(([item, i]) => [i, changes.get(item)]));
  const after = [
    ...table.rows.map((r, i) => [r.item, written.has(i) ? written.get(i) : r.value] as const),
    ...missing,
  ];
  const { problems } = readSettings(after, timeZone);
  const saved = `${changes.size}項目を保存しました。`;
  return problems.length > 0
    ? { ok: false, message: `${saved}ただし: ${problems.join('／')}` }
    : { ok: true, message: saved };
}

/** The LINE channel access token and channel secret (blank = keep), and the owner's own LINE user id for notices. */
export function saveLineSettings(request: unknown): ActionResult {
  if (typeof request !== 'object' || request === null)
    return { ok: false, message: '入力を読み取れませんでした。' };
  const { token, secret, ownerUserId } = request as Record<string, unknown>;
  const props = documentProperties();
  const owner = typeof ownerUserId === 'string' ? ownerUserId.trim() : undefined;
  if (owner && !LINE_USER_ID.test(owner))
    return {
      ok: false,
      message: 'LINEユーザーIDは「U」と32文字の英数字です（LINE Developersの「あなたのユーザーID」）。',
    };
  const saved: string[] = [];
  const typed = { token, secret };
  for (const field of ['token', 'secret'] as const) {
    const value = typed[field];
    // Tokens are one line of ASCII; anything else is a paste that went wrong, and is not stored.
    if (typeof value === 'string' && value.trim() !== '' && !/^[\x21-\x7e]+$/.test(value.trim()))
      return { ok: false, message: '貼り付けた値に空白や全角文字が入っています。コピーし直してください。' };
  }
  // A new token is asked of LINE before it replaces the one every run uses; one LINE refuses saves nothing of the
  // form, and says so field by field: the secret typed beside it is most likely from the same (wrong) channel, and a
  // wrong secret would make every webhook fail its signature check far from here. The owner's ID waits with them, so
  // one save is one outcome.
  let connected = '';
  if (typeof token === 'string' && token.trim() !== '') {
    const typedFields = [
      'チャネルアクセストークン',
      ...(typeof secret === 'string' && secret.trim() !== '' ? ['チャネルシークレット'] : []),
      ...(owner !== undefined && owner !== (props.getProperty(OWNER_LINE_PROPERTY) ?? '')
        ? ['オーナーのLINEユーザーID']
        : []),
    ];
    const checked = checkLineToken(token.trim(), notSavedText(typedFields));
    if (!checked.ok) return checked;
    connected = checked.message;
    rememberLineBasicId(checked.basicId ?? '');
  }
  for (const [field, value] of [
    ['token', token],
    ['secret', secret],
  ] as const) {
    if (typeof value !== 'string' || value.trim() === '') continue;
    props.setProperty(SECRET_PROPERTIES[field], value.trim());
    saved.push(field === 'token' ? 'チャネルアクセストークン' : 'チャネルシークレット');
  }
  if (owner !== undefined && owner !== (props.getProperty(OWNER_LINE_PROPERTY) ?? '')) {
    if (owner) props.setProperty(OWNER_LINE_PROPERTY, owner);
    else props.deleteProperty(OWNER_LINE_PROPERTY);
    saved.push('オーナーのLINEユーザーID');
  }
  // The webhook's copy of the token follows the stored one at once (written, or deleted when there is none).
  syncWebhookToken(lineConfig()?.token ?? null);
  return saved.length > 0
    ? { ok: true, message: `${connected}${saved.join('・')}を保存しました。` }
    : { ok: true, message: '変更はありません。' };
}

/**
 * A new webhook URL: the web app's /exec address the owner pasted (checked, see checkWebAppUrl) with a new long
 * random secret (the old URL stops working). It is the one secret the owner must see, once, to paste into LINE
 * Developers; it is not shown again. The secret lives in the script properties, which the web app request can
 * read (it has no open document).
 */
export function createWebhookUrl(input: unknown): WebhookReply {
  if (PUBLISHED_AS_ADDON)
    return {
      ok: false,
      message:
        'アドオン版では、LINEの友だち追加・ブロックの自動記録は使えません。「LINE友だち」シートに、ユーザーIDと状態を手で入れてください。',
    };
  const pasted =
    typeof input === 'string'
      ? input
      : typeof input === 'object' && input !== null
        ? (input as { url?: unknown }).url
        : '';
  const checked = checkWebAppUrl(typeof pasted === 'string' ? pasted : '');
  if (!checked.ok) return { ok: false, message: checked.message };
  const hadSecret = Boolean(webhookSecret());
  const secret = `${Utilities.getUuid()}${Utilities.getUuid()}`.replace(/-/g, '');
  PropertiesService.getScriptProperties().setProperty(WEBHOOK_SECRET_PROPERTY, secret);
  documentProperties().deleteProperty(WEBHOOK_SECRET_PROPERTY);
  // What reached the old URL says nothing of the new one: invitations wait for LINE's first event at this one.
  forgetDeliveries();
  const note = checked.rewritten
    ? '会社用（Google Workspace）の形のURLだったので、LINEが使える形（/macros/s/…/exec）に直しました。'
    : '';
  const retired = hadSecret ? '前のURLは使えなくなりました。' : '';
  return {
    ok: true,
    message:
      `${note}Webhook URLを作りました。この画面を閉じると二度と表示されないので、今すぐコピーしてください。${retired}` +
      'LINE Developers の「Messaging API設定」→「Webhook URL」の「編集」に貼り付けて「更新」し、「Webhookの利用」をオンにしてください。' +
      '「検証」では 302 のエラーと出ますが、つなぐには届いています（メニュー「診断」の Webhook の行に「今日」と出れば、「検証」は届いています）。' +
      '最後に、ご自分のスマートフォンのLINEでお店の公式アカウントを友だちに追加してください（すでに友だちのときは、お店のトークに「テスト」など何か一言送ってください）。その知らせが届くと設定が終わり、手紙に連携コードが載るようになります。設定タブの「オーナーのLINEユーザーID」も入れておくと、ご自分のLINEがお客様の候補に出ません。',
    url: `${checked.url}?secret=${secret}`,
  };
}

/** テスト送信: one message to the owner by the channel of 設定 オーナー通知, to check the set-up end to end. */
export function sendTestNotice(ss: Spreadsheet, now: Date): ActionResult {
  const { settings } = settingsOf(ss, spreadsheetZone(ss));
  const text = `つなぐのテスト送信です。このお知らせが届けば、毎朝のお知らせも届きます。\n${ss.getUrl()}`;
  if (settings.ownerNotice === 'LINE') {
    const sent = toOwnerByLine(text, `owner-test|${now.getTime()}`);
    return sent.ok ? { ok: true, message: 'LINEでテスト送信しました。届いたか確かめてください。' } : sent;
  }
  const missing = missingFor('notice');
  if (missing.length > 0) return { ok: false, message: permissionMessage('notice', missing) };
  // The morning notice is mailed from and to the owner's account: a test from another editor would prove nothing.
  if (!runsAsOwner()) return { ok: false, message: ownerOnlyMessage('メールのテスト送信') };
  const to = currentAccount();
  if (!to) return { ok: false, message: 'オーナーのメールアドレスを取得できませんでした。' };
  GmailApp.sendEmail(to, '【つなぐ】テスト送信', text, { name: 'つなぐ' });
  const note = settings.ownerNotice === 'なし' ? '（今は毎朝のお知らせを「なし」にしています）' : '';
  return { ok: true, message: `${to} にテストメールを送りました。${note}` };
}

interface SettingRow {
  item: string;
  /** The item it is read as (settingItemName): notes and spaces aside. */
  key: string;
  value: unknown;
  /** As Sheets shows it (a date as the owner sees it), for the form. */
  display: string;
}

function settingsTable(ss: Spreadsheet) {
  const sheet = ss.getSheetByName(SHEET.settings);
  if (!sheet) return null;
  const spec = { item: { header: SETTINGS_HEADERS[0] }, value: { header: SETTINGS_HEADERS[1] } };
  const table = readTable(sheet, spec);
  const itemColumn = table.columns.item;
  const valueColumn = table.columns.value;
  if (itemColumn === undefined || valueColumn === undefined) return null;
  const shown =
    table.rows.length > 0
      ? sheet.getRange(firstDataRow(table), valueColumn + 1, table.rows.length, 1).getDisplayValues()
      : [];
  const rows: SettingRow[] = table.rows.map((row, i) => ({
    item: normalizeText(row[itemColumn]),
    key: settingItemName(row[itemColumn]),
    value: row[valueColumn],
    display: shown[i][0],
  }));
  return { sheet, rows, itemColumn, valueColumn, width: table.width, firstRow: firstDataRow(table) };
}
