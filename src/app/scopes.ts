import { menuPath } from './menu-path';
/**
 * Granular consent: the owner may grant only some of appsscript.json's scopes
 * (https://developers.google.com/apps-script/concepts/scopes). Each feature checks its own scopes here before it
 * touches a service that needs them, and says in Japanese which permission to grant — by the name Google's consent
 * screen shows — and what to do next. ScriptApp.getAuthorizationInfo(authMode, oAuthScopes)
 * (https://developers.google.com/apps-script/reference/script/script-app#getAuthorizationInfo(AuthMode,String))
 * answers without ending the run; requireScopes ends it and shows Google's prompt, so it is used only where the
 * owner is there to see it.
 */
import { MENU } from '../labels';

export const SCOPE = {
  spreadsheets: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  ui: 'https://www.googleapis.com/auth/script.container.ui',
  scriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  fetch: 'https://www.googleapis.com/auth/script.external_request',
  email: 'https://www.googleapis.com/auth/userinfo.email',
  gmail: 'https://mail.google.com/',
} as const;

export type Scope = (typeof SCOPE)[keyof typeof SCOPE];

/** How Google's consent screen names each scope (in Japanese). */
const LABEL: Record<Scope, string> = {
  [SCOPE.spreadsheets]: 'このアプリケーションがインストールされているスプレッドシートの表示と管理',
  [SCOPE.ui]:
    'Google アプリケーション内のプロンプトとサイドバーでのサードパーティ ウェブ コンテンツの表示と実行',
  [SCOPE.scriptApp]: '自分がいないときにこのアプリケーションを実行できるようにする',
  [SCOPE.fetch]: '外部サービスへの接続',
  [SCOPE.email]: 'Google アカウントのメインのメールアドレスの参照',
  [SCOPE.gmail]: 'Gmail のすべてのメールの閲覧、作成、送信、完全な削除',
};

export type Feature = 'workbook' | 'sidebar' | 'autoRun' | 'line' | 'email' | 'notice';

/** Each feature and the scopes it needs, in the order 診断 lists them. */
const FEATURES: Record<Feature, { name: string; scopes: readonly Scope[] }> = {
  workbook: { name: '顧客台帳の読み書き（つなぐのすべての機能）', scopes: [SCOPE.spreadsheets] },
  sidebar: { name: 'サイドバーと確認メッセージの表示', scopes: [SCOPE.ui] },
  autoRun: { name: '自動実行（1時間ごとの実行）', scopes: [SCOPE.scriptApp, SCOPE.email] },
  line: { name: 'LINEの送信', scopes: [SCOPE.fetch] },
  email: { name: 'メールの下書き作成', scopes: [SCOPE.gmail, SCOPE.email] },
  notice: { name: '毎朝のお知らせ（設定「オーナー通知」）のメール', scopes: [SCOPE.email, SCOPE.gmail] },
};

export interface MissingScope {
  scope: Scope;
  /** The feature that cannot work without it. */
  feature: string;
  /** The permission's name on Google's consent screen. */
  label: string;
}

/** ScriptApp.getAuthorizationInfo with the list of scopes (newer than @types/google-apps-script's signature). */
type AuthorizationInfoFor = (
  authMode: GoogleAppsScript.Script.AuthMode,
  oAuthScopes: string[],
) => GoogleAppsScript.Script.AuthorizationInfo;

/** What this execution was told, per scope: grants change only through a consent prompt, which ends it. */
const grantedCache = new Map<Scope, boolean>();

/** Forgets the answers (each entry point starts a new execution). */
export function forgetGrantedScopes(): void {
  grantedCache.clear();
}

function granted(scope: Scope): boolean {
  const known = grantedCache.get(scope);
  if (known !== undefined) return known;
  const info = (ScriptApp.getAuthorizationInfo as AuthorizationInfoFor)(ScriptApp.AuthMode.FULL, [scope]);
  const answer = info.getAuthorizationStatus() !== ScriptApp.AuthorizationStatus.REQUIRED;
  grantedCache.set(scope, answer);
  return answer;
}

/** The scopes a feature needs that the owner has not granted ([] when it may run). */
export function missingFor(feature: Feature): Scope[] {
  return FEATURES[feature].scopes.filter((scope) => !granted(scope));
}

/** Every permission not granted, with the feature that needs it (one row per feature and scope), for 診断. */
export function missingScopes(): MissingScope[] {
  const answers = new Map<Scope, boolean>();
  const out: MissingScope[] = [];
  for (const { name, scopes } of Object.values(FEATURES)) {
    for (const scope of scopes) {
      if (!answers.has(scope)) answers.set(scope, granted(scope));
      if (!answers.get(scope)) out.push({ scope, feature: name, label: LABEL[scope] });
    }
  }
  return out;
}

/** What the owner reads when a feature lacks a permission: which one to grant, and how. */
export function permissionMessage(feature: Feature, missing: readonly Scope[]): string {
  const labels = missing.map((scope) => `「${LABEL[scope]}」`).join('と');
  return (
    `${FEATURES[feature].name}には、Google の許可画面で${labels}の許可が必要です。` +
    `${menuPath(MENU.diagnose)}を押すと許可画面が開くので、この項目にチェックを入れて「続行」を押してください。`
  );
}

/** The consent screen's name of a scope, for messages built elsewhere (e.g. a 連絡履歴 note). */
export function scopeLabel(scope: Scope): string {
  return LABEL[scope];
}

/**
 * For an action the owner started from the menu: when a permission is missing, says which, then asks Google to
 * show its consent prompt (requireScopes ends this run; the owner runs the action again after granting).
 */
export function requireFeature(feature: Feature, tell: (message: string) => void): void {
  const missing = missingFor(feature);
  if (missing.length === 0) return;
  tell(permissionMessage(feature, missing));
  ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, missing);
}
