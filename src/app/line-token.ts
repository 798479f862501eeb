import { botInfo, lineConfig, lineConfigWith } from '../channels/line-api';
import type { ActionResult } from '../shared/sidebar-types';
import { missingFor, permissionMessage } from './scopes';
import { documentProperties } from './document-properties';

/** The shop's LINE ID (basicId, 「@216ru…」), kept when its token is checked: letters name it in the LINE invitation. */
const LINE_BASIC_ID_PROPERTY = 'tsunagu.line.basicId';

export function rememberLineBasicId(id: string): void {
  const props = documentProperties();
  if (id) props.setProperty(LINE_BASIC_ID_PROPERTY, id);
  else props.deleteProperty(LINE_BASIC_ID_PROPERTY);
}

/**
 * The shop's LINE ID as kept when the token was checked, or '' when unknown. A shop whose token was saved before
 * Tsunagu kept it is asked of LINE once, when `ask` (the daily run): customers cannot be invited to an account
 * they cannot find.
 */
export function lineBasicId(ask: boolean): string {
  const props = documentProperties();
  const kept = props.getProperty(LINE_BASIC_ID_PROPERTY);
  if (kept || !ask) return kept ?? '';
  const config = lineConfig();
  if (!config || missingFor('line').length > 0) return '';
  const info = botInfo(config);
  if ('status' in info || !info.basicId) return '';
  rememberLineBasicId(info.basicId);
  return info.basicId;
}

const NOT_SAVED = 'トークンは保存していません（前のトークンがあれば、そのまま使います）。';

/**
 * What a refused token kept from being saved, named one by one (the form saves as one: a secret typed beside a token
 * LINE refuses was most likely copied from the same wrong channel), e.g. 「チャネルアクセストークン・チャネルシークレット
 * は、どちらも保存していません…」 (three: いずれも). The form is drawn again after a save, so what was typed must be typed
 * again.
 */
export function notSavedText(fields: readonly string[]): string {
  if (fields.length <= 1) return NOT_SAVED;
  const all = fields.length === 2 ? 'どちらも' : 'いずれも';
  return `${fields.join('・')}は、${all}保存していません（前の値があれば、そのまま使います）。保存するときは、もう一度入力してください。`;
}

/**
 * A channel access token the owner is about to save, asked of LINE first (GET /v2/bot/info,
 * https://developers.line.biz/en/reference/messaging-api/#get-bot-info): on 200 the message names the official
 * account it reaches; otherwise it says in Japanese what LINE answered and that nothing was saved. A token LINE
 * refuses is not stored, because the stored token is the one every run and every send uses: saving it would
 * replace a working token with one that fails later, far from where it was typed. The token is never in a message.
 */
export function checkLineToken(
  token: string,
  notSaved: string = NOT_SAVED,
): ActionResult & { basicId?: string } {
  const missing = missingFor('line');
  if (missing.length > 0) return { ok: false, message: `${permissionMessage('line', missing)}${notSaved}` };
  const info = botInfo(lineConfigWith(token));
  if (!('status' in info))
    return {
      ok: true,
      basicId: info.basicId,
      message: info.displayName
        ? `LINE公式アカウント『${info.displayName}』とつながりました。`
        : 'LINE公式アカウントとつながりました。',
    };
  const why =
    info.status === 401
      ? 'LINEがこのチャネルアクセストークンを受け付けませんでした（正しくないか、失効しています）。LINE Developersのチャネルの「Messaging API設定」にある「チャネルアクセストークン（長期）」を、最後までコピーして貼り付け直してください。'
      : info.status === 403
        ? 'LINEが、このトークンでの利用を許可しませんでした（権限がありません）。LINE Developersでチャネルの状態を確かめてください。'
        : info.status === 429
          ? 'LINEへの問い合わせが一時的に集中しています。数分おいてから、もう一度保存してください。'
          : info.status === 0 || info.status >= 500
            ? 'LINEのサーバーにつながらず、トークンを確かめられませんでした。時間をおいて、もう一度保存してください。'
            : `LINEから想定外の返事がありました（番号 ${info.status}）。時間をおいてもう一度保存し、続くときはこの番号をつなぐを導入した人（開発者）に伝えてください。`;
  return { ok: false, message: `${why}${notSaved}` };
}
