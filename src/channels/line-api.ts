import { freshProperty } from '../app/document-properties';
/**
 * The LINE Messaging API over UrlFetchApp (LINE Notify ended in March 2025). Results say what happened and, for
 * the owner, what to do next in Japanese; the caller decides whether a row stays retryable. The channel access
 * token never appears in a result, an error or a log.
 */

export interface LineConfig {
  baseUrl: string;
  token: string;
}

export const LINE_TOKEN_PROPERTY = 'tsunagu.line.token';
const BASE_URL_PROPERTY = 'tsunagu.line.baseUrl';
const DEFAULT_BASE_URL = 'https://api.line.me';

/** Null until the owner has entered a channel access token in 設定. */
export function lineConfig(): LineConfig | null {
  // Fresh: the owner may save a new token in the 設定 tab while a run is sending (document-properties.ts).
  const token = (freshProperty(LINE_TOKEN_PROPERTY) ?? '').trim();
  if (!token) return null;
  return lineConfigWith(token);
}

/** LINE's address with a given token: the stored one, or one the owner is about to save (checked first). */
export function lineConfigWith(token: string): LineConfig {
  const baseUrl = (PropertiesService.getScriptProperties().getProperty(BASE_URL_PROPERTY) ?? '').trim();
  return { baseUrl: (baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, ''), token };
}

// Fixed forever: changing it would give a contact retried after a deploy a new key, and LINE would send twice.
const RETRY_KEY_NAMESPACE = '6f1d0c2e-2b7a-4d55-9a63-0c5e1f3b8a47:';

/**
 * A UUID (v5 layout, SHA-1 of namespace + contact key + recipient) for X-Line-Retry-Key: the same contact to the
 * same LINE user always gets the same one, and a row the owner copied for another person gets its own, so LINE's
 * 409 (「The retry key is already accepted」) can only ever confirm a push to that row's recipient. The key is a
 * hexadecimal UUID, as LINE requires: https://developers.line.biz/en/docs/messaging-api/retrying-api-request/
 * Without a recipient it is the key earlier versions used (contact key only), kept for pushes they attempted.
 */
export function retryKeyFor(contactKey: string, recipient?: string): string {
  const digest = Utilities.computeDigest(
    Utilities.DigestAlgorithm.SHA_1,
    RETRY_KEY_NAMESPACE + contactKey + (recipient === undefined ? '' : `\n${recipient}`),
    Utilities.Charset.UTF_8,
  );
  const bytes = digest.slice(0, 16).map((b) => b & 0xff); // Apps Script bytes are signed
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join('-');
}

export interface PushRequest {
  to: string;
  text: string;
  /** From retryKeyFor(contact key, recipient): LINE accepts a key once, so a retried push can never be sent twice. */
  retryKey: string;
}

export type PushProblem =
  'retryLater' | 'rateLimited' | 'monthlyLimit' | 'badRequest' | 'unauthorized' | 'forbidden';

export type PushResult =
  | { kind: 'sent' }
  /** 409: this retry key was accepted before, so the message went out then. */
  | { kind: 'alreadyAccepted' }
  /** status is LINE's HTTP status, 0 when LINE could not be reached; message is for the owner. */
  | { kind: PushProblem; status: number; message: string };

const MONTHLY_LIMIT = 'You have reached your monthly limit.';
const BACKOFF_MS = [1000, 2000];
const MAX_ATTEMPTS = 3;

const MESSAGE = {
  retryLater:
    'LINEのサーバーに一時的につながりませんでした（3回試しました）。しばらくしてから、もう一度送信してください。',
  rateLimited: 'LINEへの送信が一時的に集中しています。数分おいてから、もう一度送信してください。',
  monthlyLimit:
    '今月のLINEの送信数が上限に達しました。来月1日になると送れます。急ぎの連絡はメールや電話でお願いします（LINE Official Account Managerでプランを変えると上限を増やせます）。',
  badRequest:
    'LINEが送信内容を受け付けませんでした。LINEユーザーIDとメッセージ本文（空でなく、5000文字以内）を確かめて、直してからもう一度送信してください。',
  unauthorized:
    'LINEのチャネルアクセストークンが使えません（期限切れ・再発行・入力ミスなど）。「設定」でチャネルアクセストークンを入力し直してから、もう一度送信してください。',
  forbidden:
    'このLINE公式アカウントにはこの送信が許可されていません。LINE Developersコンソールでチャネルの状態と権限を確かめてから、もう一度送信してください。',
} as const;

export function pushText(config: LineConfig, request: PushRequest): PushResult {
  const options: GoogleAppsScript.URL_Fetch.URLFetchRequestOptions = {
    method: 'post',
    contentType: 'application/json; charset=UTF-8',
    headers: {
      Authorization: `Bearer ${config.token}`,
      'Content-Type': 'application/json; charset=UTF-8',
      'X-Line-Retry-Key': request.retryKey,
    },
    payload: JSON.stringify({ to: request.to, messages: [{ type: 'text', text: request.text }] }),
    muteHttpExceptions: true,
  };
  let status = 0;
  let body = '';
  // 5xx and network errors are retried with the same retry key, so LINE delivers at most once.
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    try {
      const response = UrlFetchApp.fetch(`${config.baseUrl}/v2/bot/message/push`, options);
      status = response.getResponseCode();
      body = response.getContentText();
    } catch {
      status = 0; // timeout or DNS: the error text is not shown, it may carry the URL
    }
    if (status !== 0 && status < 500) break;
    if (attempt < MAX_ATTEMPTS) Utilities.sleep(BACKOFF_MS[attempt - 1]);
  }
  if (status >= 200 && status < 300) return { kind: 'sent' };
  if (status === 409) return { kind: 'alreadyAccepted' };
  if (status === 0 || status >= 500) return problem('retryLater', status);
  if (status === 429)
    return problem(lineError(body).message === MONTHLY_LIMIT ? 'monthlyLimit' : 'rateLimited', status);
  if (status === 401) return problem('unauthorized', status);
  if (status === 403) return problem('forbidden', status);
  const said = summarize(lineError(body), [request.to, request.text, config.token]);
  return {
    kind: 'badRequest',
    status,
    message: said ? `${MESSAGE.badRequest}（LINEの説明: ${said}）` : MESSAGE.badRequest,
  };
}

function problem(kind: PushProblem, status: number): PushResult {
  return { kind, status, message: MESSAGE[kind] };
}

interface LineError {
  message?: string;
  details?: { message?: string; property?: string }[];
}

function lineError(body: string): LineError {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as LineError) : {};
  } catch {
    return {};
  }
}

/** LINE's own words, short, with the recipient, the text and the token cut out in case LINE quoted them. */
function summarize(error: LineError, unsaid: string[]): string {
  const details = Array.isArray(error.details) ? error.details : [];
  const parts = [
    typeof error.message === 'string' ? error.message : '',
    ...details.map((d) => [d?.property, d?.message].filter((s) => typeof s === 'string').join(': ')),
  ].filter(Boolean);
  let text = parts.join(' / ');
  for (const secret of unsaid.filter((s) => s.length >= 3)) text = text.split(secret).join('…');
  text = text.replace(/U[0-9a-f]{32}/g, '…');
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export type QuotaResult =
  { limit: number | null; used: number; remaining: number | null } | { error: string };

const QUOTA_UNKNOWN = 'LINEの送信数を確かめられませんでした。しばらくしてから、もう一度お試しください。';
const QUOTA_UNAUTHORIZED =
  'LINEのチャネルアクセストークンが使えません。「設定」でチャネルアクセストークンを入力し直してください。';

/** This month's target limit (null: none set), the messages used so far, and what is left. */
export function quota(config: LineConfig): QuotaResult {
  const target = getJson(config, '/v2/bot/message/quota');
  if (!target.ok) return { error: target.status === 401 ? QUOTA_UNAUTHORIZED : QUOTA_UNKNOWN };
  const usage = getJson(config, '/v2/bot/message/quota/consumption');
  if (!usage.ok) return { error: usage.status === 401 ? QUOTA_UNAUTHORIZED : QUOTA_UNKNOWN };
  const used = usage.json.totalUsage;
  const { type, value } = target.json;
  if (typeof used !== 'number') return { error: QUOTA_UNKNOWN };
  if (type === 'none') return { limit: null, used, remaining: null };
  if (type !== 'limited' || typeof value !== 'number') return { error: QUOTA_UNKNOWN };
  return { limit: value, used, remaining: Math.max(0, value - used) };
}

/** This month's quota when LINE is set up and answers; null otherwise (the caller shows nothing rather than fail). */
export function knownQuota(): { limit: number | null; remaining: number | null } | null {
  const config = lineConfig();
  if (!config) return null;
  const left = quota(config);
  return 'error' in left ? null : left;
}

/** The user's LINE display name, or null when LINE won't say (not a friend, blocked, or unreachable). */
export function profile(config: LineConfig, userId: string): { displayName: string } | null {
  const result = getJson(config, `/v2/bot/profile/${encodeURIComponent(userId)}`);
  const displayName = result.ok ? result.json.displayName : undefined;
  return typeof displayName === 'string' ? { displayName } : null;
}

/** GET /v2/bot/info: the official account's name, or the HTTP status LINE refused with (401: a wrong token). */
export function botInfo(config: LineConfig): { displayName: string; basicId: string } | { status: number } {
  const result = getJson(config, '/v2/bot/info');
  if (!result.ok) return { status: result.status };
  const { displayName: name, basicId: id } = result.json;
  // basicId: the account's LINE ID (「@216ru…」), which customers search for to add the shop as a friend.
  return { displayName: typeof name === 'string' ? name : '', basicId: typeof id === 'string' ? id : '' };
}

type JsonAnswer = { ok: true; json: Record<string, unknown> } | { ok: false; status: number };

/** A GET answered 200 with a JSON object, or the status it failed with (0: unreachable or not JSON). */
function getJson(config: LineConfig, path: string): JsonAnswer {
  try {
    const response = UrlFetchApp.fetch(`${config.baseUrl}${path}`, {
      method: 'get',
      headers: { Authorization: `Bearer ${config.token}` },
      muteHttpExceptions: true,
    });
    const status = response.getResponseCode();
    if (status !== 200) return { ok: false, status };
    const json: unknown = JSON.parse(response.getContentText());
    return typeof json === 'object' && json !== null && !Array.isArray(json)
      ? { ok: true, json: json as Record<string, unknown> }
      : { ok: false, status: 0 };
  } catch {
    return { ok: false, status: 0 };
  }
}
