/**
 * Granular consent through dist/Code.js: the owner granted only some of appsscript.json's scopes. Each feature
 * checks its own, keeps working where it can, and names the permission to grant as Google's consent screen does.
 */
import { SCOPE } from '../fakes';
import { installGlobals } from '../fakes/globals';
import { FakeClock } from '../fakes/clock';
import { missingScopes, forgetGrantedScopes } from '../../src/app/scopes';
import {
  SHOP_SETTINGS,
  customerSheet,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  type Options,
  type Tsunagu,
  ONE_PER_CHANNEL,
} from './harness';

const GMAIL_LABEL = 'Gmail のすべてのメールの閲覧、作成、送信、完全な削除';

function shop(withheldScopes: string[], more: Partial<Options> = {}): Tsunagu {
  return loadTsunagu({
    sheets: [customerSheet(ONE_PER_CHANNEL), settingsSheet(SHOP_SETTINGS)],
    today: '2026-11-22',
    withheldScopes,
    ...more,
  });
}

const states = (t: Tsunagu) =>
  t.records('連絡履歴').map((r) => `${String(r['顧客ID'])} ${String(r['状態'])}`);

describe('without Gmail (https://mail.google.com/)', () => {
  test('the day is still planned and LINE, letters and calls prepared; emails wait with what to grant', () => {
    const t = shop([SCOPE.gmail]);
    const summary = t.call<{ setupProblems: string[]; mailFailed: number }>('runDailyFollowUps');
    expect(states(t).sort()).toEqual(['L1 承認待ち', 'M1 失敗', 'P1 印刷待ち']);
    const mail = t.records('連絡履歴').find((r) => r['顧客ID'] === 'M1');
    expect(String(mail?.['備考'])).toContain(`「${GMAIL_LABEL}」`);
    expect(summary.mailFailed).toBe(1);
    expect(summary.setupProblems.join('\n')).toContain(`「${GMAIL_LABEL}」の許可が必要です`);
    expect(t.services.calls.total('GmailApp')).toBe(0);
    // Asking Gmail every hour would not change anything: no resume checkpoint.
    expect(t.services.properties.document.getProperty('tsunagu.resume')).toBeNull();

    // Once granted, the next run makes the draft, once.
    const granted = shop([], {
      sheets: t.services.spreadsheet.toData().sheets,
      state: t.services.exportState(),
    });
    granted.at('2026-11-23', 8);
    granted.call('runDailyFollowUps');
    expect(granted.services.exportState().gmail.drafts).toHaveLength(1);
    expect(states(granted).sort()).toEqual(['L1 承認待ち', 'M1 下書き', 'P1 印刷待ち']);
  });

  test('テスト送信 by email says which permissions to grant instead of failing', () => {
    const t = shop([SCOPE.gmail, SCOPE.email]);
    const reply = t.call<{ ok: boolean; message: string }>('sendTestNotice');
    expect(reply.ok).toBe(false);
    expect(reply.message).toContain(
      '「Google アカウントのメインのメールアドレスの参照」と「Gmail のすべてのメールの閲覧',
    );
  });
});

describe('without script.scriptapp', () => {
  const LABEL = '「自分がいないときにこのアプリケーションを実行できるようにする」';

  test('自動実行をオン from the menu says which permission is missing, then Google asks for it', () => {
    const t = shop([SCOPE.scriptApp]);
    expect(() => t.call('installAutoRunTrigger')).toThrow(
      'Authorization is required to perform that action.',
    );
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain(`${LABEL}の許可が必要です`);
    expect(t.services.scriptApp.consentPrompts).toEqual([[SCOPE.scriptApp]]);
    expect(t.services.scriptApp.records()).toEqual([]);
  });

  test('the sidebar switch answers with the same message and nothing changes', () => {
    const t = shop([SCOPE.scriptApp]);
    const state = t.call<{ on: boolean; message: string }>('setAutoRun', true);
    expect(state).toEqual({ on: false, message: expect.stringContaining(LABEL) });
    expect(t.services.scriptApp.records()).toEqual([]);
    expect(t.services.scriptApp.consentPrompts).toEqual([]);
  });

  test('with the permission, the same switch turns it on', () => {
    const t = shop([]);
    expect(t.call<{ on: boolean }>('setAutoRun', true).on).toBe(true);
    expect(t.services.scriptApp.records()).toHaveLength(1);
  });
});

describe('without script.external_request', () => {
  test('approved LINE waits, with the permission to grant named', () => {
    const { handler, pushes } = lineStandIn();
    const t = shop([SCOPE.fetch], {
      fetch: handler,
      documentProperties: { 'tsunagu.line.token': 'token' },
    });
    t.call('runDailyFollowUps');
    const header = (t.values('LINE送信') ?? [])[0];
    t.services.spreadsheet
      .getSheetByName('LINE送信')
      ?.getRange(2, header.indexOf('承認') + 1)
      .setValue(true);
    t.at('2026-11-22', 10);
    const reply = t.call<{ sent: number; waiting: number; message: string }>('sendApprovedLine');
    expect(reply).toEqual({
      sent: 0,
      waiting: 1,
      message: expect.stringContaining('「外部サービスへの接続」'),
    });
    expect(pushes).toHaveLength(0);
    expect(t.services.urlFetch.requests).toHaveLength(0);
  });
});

describe('missingScopes, for 診断', () => {
  test('lists each permission not granted with the feature that needs it and its consent-screen name', () => {
    const { restore } = installGlobals({
      spreadsheet: { id: 'ss', name: 'つなぐ', timeZone: 'Asia/Tokyo', sheets: [] },
      clock: new FakeClock('2026-11-22T00:00:00Z'),
      withheldScopes: [SCOPE.gmail, SCOPE.scriptApp],
    });
    try {
      expect(missingScopes()).toEqual([
        {
          scope: SCOPE.scriptApp,
          feature: '自動実行（1時間ごとの実行）',
          label: '自分がいないときにこのアプリケーションを実行できるようにする',
        },
        { scope: SCOPE.gmail, feature: 'メールの下書き作成', label: GMAIL_LABEL },
        { scope: SCOPE.gmail, feature: '毎朝のお知らせ（設定「オーナー通知」）のメール', label: GMAIL_LABEL },
      ]);
    } finally {
      restore();
    }
    forgetGrantedScopes(); // a new execution asks again (each entry point does this)
    const all = installGlobals({
      spreadsheet: { id: 'ss', name: 'つなぐ', timeZone: 'Asia/Tokyo', sheets: [] },
      clock: new FakeClock('2026-11-22T00:00:00Z'),
    });
    try {
      expect(missingScopes()).toEqual([]);
    } finally {
      all.restore();
    }
  });
});
