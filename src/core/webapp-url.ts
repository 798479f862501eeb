/**
 * The web app URL the owner pastes from Apps Script's 「デプロイを管理」. LINE must be given the deployment's /exec
 * URL: the /dev URL (what ScriptApp.getService().getUrl() answers in the editor and the sidebar) serves only the
 * script's editors, and a Google Workspace account's `/a/macros/<domain>/…` form asks for a sign-in that LINE
 * cannot give. Pure: the 設定 tab and 診断 use it.
 */
export type WebAppUrlCheck = { ok: true; url: string; rewritten: boolean } | { ok: false; message: string };

const HOW =
  'スプレッドシートの「拡張機能」→「Apps Script」を開き、右上の「デプロイ」→「デプロイを管理」で、ウェブアプリのURL（https://script.google.com/macros/s/…/exec）をコピーして貼り付けてください（まだなければ「新しいデプロイ」で作ります）。';

export function checkWebAppUrl(pasted: string): WebAppUrlCheck {
  const text = pasted.trim().replace(/[?#].*$/, '');
  if (!text) return { ok: false, message: `ウェブアプリのURLを貼り付けてください。${HOW}` };
  const plain = /^https:\/\/script\.google\.com\/macros\/s\/([A-Za-z0-9_-]{20,})\/(exec|dev)\/?$/.exec(text);
  const domain =
    /^https:\/\/script\.google\.com\/a\/macros\/([^/\s]+)\/s\/([A-Za-z0-9_-]{20,})\/(exec|dev)\/?$/.exec(
      text,
    );
  const id = plain?.[1] ?? domain?.[2];
  const kind = plain?.[2] ?? domain?.[3];
  if (!id) return { ok: false, message: `ウェブアプリのURLではないようです。${HOW}` };
  if (kind === 'dev')
    return {
      ok: false,
      message: `末尾が /dev のURLは試し用で、LINEからの知らせが届きません。${HOW}`,
    };
  return { ok: true, url: `https://script.google.com/macros/s/${id}/exec`, rewritten: Boolean(domain) };
}
