/**
 * Consent at the moment of sending (contract 4.8, issue 13): an approved LINE goes out only if the customer's row,
 * as it is when the batch starts, still allows it. The owner changes 顧客 or LINE送信 after approving — in their
 * own words — and the send step reads 顧客 and LINE友だち again.
 */
import type { CellValue } from '../fakes';
import {
  customerSheet,
  dateCell,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
  lineCustomer,
} from '../bundle/harness';
import { tally } from './tally';

const HANAKO = `U${'0123456789abcdef'.repeat(2)}`;
const KEN = `U${'fedcba9876543210'.repeat(2)}`;

const customer = lineCustomer;

/** Two customers whose お伺い goes by LINE on 11-22, prepared and approved at 9:00; sending at 10:00. */
function approvedDay() {
  const api = lineStandIn();
  const t = loadTsunagu({
    sheets: [
      customerSheet([customer('C3', '高橋 花子', HANAKO), customer('C4', '田中 健', KEN)]),
      settingsSheet(SHOP_SETTINGS),
    ],
    today: '2026-11-22',
    hour: 9,
    fetch: api.handler,
    documentProperties: { 'tsunagu.line.token': 'token' },
  });
  t.call('runDailyFollowUps');
  const outbox = t.services.spreadsheet.sheet('LINE送信');
  const header = (outbox?.getRange(1, 1, 1, outbox.getLastColumn()).getValues()[0] ?? []).map(String);
  outbox?.getRange(2, header.indexOf('承認') + 1, 2, 1).setValues([[true], [true]]);
  t.at('2026-11-22', 10);
  return { t, api };
}

/** The owner edits 顧客: `header` of customer `id` becomes `value`, as typed. */
function ownerTypes(t: Tsunagu, id: string, header: string, value: CellValue): void {
  const sheet = t.services.spreadsheet.sheet('顧客');
  const values = sheet?.getDataRange().getValues() ?? [];
  const row = values.findIndex((r) => r[0] === id);
  const col = values[0].indexOf(header);
  sheet?.getRange(row + 1, col + 1).setValue(value);
}

const outboxOf = (t: Tsunagu, id: string) => t.records('LINE送信').find((r) => r['顧客ID'] === id) ?? {};
const logOf = (t: Tsunagu, id: string) => t.records('連絡履歴').find((r) => r['顧客ID'] === id) ?? {};

/** 高橋 花子's approved LINE went back to the owner (承認待ち, 承認 cleared, why in 備考); 田中 健's went out. */
function expectWithdrawn(t: Tsunagu, api: ReturnType<typeof lineStandIn>, why: string): void {
  expect(api.to()).toEqual([KEN]);
  expect(outboxOf(t, 'C3')).toMatchObject({
    状態: '承認待ち',
    承認: false,
    備考: expect.stringContaining(why),
  });
  expect(logOf(t, 'C3')['状態']).toBe('承認待ち');
}

function send(t: Tsunagu) {
  const reply = t.call<{ sent: number; message: string }>('sendApprovedLine');
  tally.consentRechecked++;
  return reply;
}

describe('consent re-checked at the moment of sending', () => {
  test('with nothing changed, both go out', () => {
    const { t, api } = approvedDay();
    expect(send(t).sent).toBe(2);
    expect(api.to().sort()).toEqual([HANAKO, KEN].sort());
  });

  test.each([['LINE'], ['すべて'], ['LINE, メール'], ['ＬＩＮＥ']])(
    '配信停止 %s typed after approval: not sent, closed スキップ with 配信停止, 連絡履歴 too',
    (word) => {
      const { t, api } = approvedDay();
      ownerTypes(t, 'C3', '配信停止', word);
      const reply = send(t);
      expect(api.to()).toEqual([KEN]);
      expect(outboxOf(t, 'C3')).toMatchObject({
        状態: 'スキップ',
        承認: false,
        備考: expect.stringContaining('配信停止'),
      });
      expect(logOf(t, 'C3')).toMatchObject({ 状態: 'スキップ', 備考: '配信停止' });
      // Closed, not given back: the message says so.
      expect(reply.message).toContain('1件は配信停止や予約・空き枠の変更のため、送るのをやめました');
    },
  );

  test.each([['LINEはやめて'], ['LINE希望しない'], ['SMS'], ['メールのみ']])(
    '配信停止 in words Tsunagu cannot read (「%s」) stops it all the same — withdrawn, not closed, until it is fixed',
    (words) => {
      const { t, api } = approvedDay();
      ownerTypes(t, 'C3', '配信停止', words);
      const reply = send(t);
      tally.pendingKept++;
      expectWithdrawn(t, api, '「配信停止」');
      expect(reply.message).toContain(
        '1件は配信停止・ブロック・顧客シートの変更などのため、送らずに承認待ちに戻しました',
      );
    },
  );

  test('配信停止 メール only: the LINE still goes', () => {
    const { t, api } = approvedDay();
    ownerTypes(t, 'C3', '配信停止', 'メール');
    send(t);
    expect(api.to().sort()).toEqual([HANAKO, KEN].sort());
  });

  test('a block recorded in LINE友だち after approval: withdrawn to 承認待ち, 承認 cleared, and why', () => {
    const { t, api } = approvedDay();
    t.services.spreadsheet.insertSheet('LINE友だち');
    t.services.spreadsheet
      .sheet('LINE友だち')
      ?.getRange(1, 1, 2, 4)
      .setValues([
        ['ユーザーID', '表示名', '状態', '日付'],
        [HANAKO, 'はなこ', 'ブロック', dateCell('2026-11-22')],
      ]);
    send(t);
    expect(api.to()).toEqual([KEN]);
    expect(outboxOf(t, 'C3')).toMatchObject({
      状態: '承認待ち',
      承認: false,
      備考: expect.stringContaining('ブロック'),
    });
  });

  test.each([
    ['見出し「カテゴリ」 renamed for a day', 'header'],
    ['最終来店日 cleared on the row', 'cell'],
  ])(
    '%s after approval: held — withdrawn, not sent and not closed; back and approved again, it goes',
    (_what, how) => {
      const { t, api } = approvedDay();
      const sheet = t.services.spreadsheet.sheet('顧客');
      const header = (sheet?.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] ?? []).map(String);
      if (how === 'header') sheet?.getRange(1, header.indexOf('カテゴリ') + 1).setValue('分類メモ');
      else ownerTypes(t, 'C3', '最終来店日', '');
      send(t);
      tally.pendingKept++;
      expect(api.to()).toEqual(how === 'header' ? [] : [KEN]);
      expect(outboxOf(t, 'C3')).toMatchObject({
        状態: '承認待ち',
        承認: false,
        備考: expect.stringContaining(how === 'header' ? '「カテゴリ」' : '「最終来店日」'),
      });
      expect(logOf(t, 'C3')['状態']).toBe('承認待ち');
      if (how === 'header') sheet?.getRange(1, header.indexOf('カテゴリ') + 1).setValue('カテゴリ');
      else ownerTypes(t, 'C3', '最終来店日', dateCell('2026-11-20'));
      const outbox = t.services.spreadsheet.sheet('LINE送信');
      const outHeader = (outbox?.getRange(1, 1, 1, outbox.getLastColumn()).getValues()[0] ?? []).map(String);
      const row = (outbox?.getDataRange().getValues() ?? []).findIndex(
        (r) => r[outHeader.indexOf('顧客ID')] === 'C3',
      );
      outbox?.getRange(row + 1, outHeader.indexOf('承認') + 1).setValue(true);
      send(t);
      expect(api.to()).toContain(HANAKO);
    },
  );

  test('approved, then held by the planner (カテゴリ typed 「整体院」, not in the table): the run takes the approval back', () => {
    const { t, api } = approvedDay();
    ownerTypes(t, 'C3', 'カテゴリ', '整体院');
    t.call('runDailyFollowUps');
    send(t);
    tally.pendingKept++;
    expectWithdrawn(t, api, '保留');
  });

  test('a held LINE cannot be approved from the sidebar: the card says what to fix', () => {
    const { t, api } = approvedDay();
    t.at('2026-11-22', 9);
    // Not yet approved: the owner takes 承認 back, then renames a header.
    const sheet = t.services.spreadsheet.sheet('顧客');
    const header = (sheet?.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] ?? []).map(String);
    sheet?.getRange(1, header.indexOf('カテゴリ') + 1).setValue('分類メモ');
    const reply = t.call<{ ok: boolean; message: string }>('applyFollowUpAction', {
      keys: ['C3|S1|お伺い|2026-11-20'],
      action: 'approveLine',
      send: true,
    });
    tally.pendingKept++;
    expect(reply).toMatchObject({
      ok: false,
      message: expect.stringContaining('保留中のため承認できません'),
    });
    expect(api.to()).toEqual([]);
  });

  test('a LINE held by a カテゴリ not in the table: the approval refused, the reason said once', () => {
    const { t, api } = approvedDay();
    ownerTypes(t, 'C3', 'カテゴリ', '整体院');
    const reply = t.call<{ ok: boolean; message: string }>('applyFollowUpAction', {
      keys: ['C3|S1|お伺い|2026-11-20'],
      action: 'approveLine',
      send: true,
    });
    tally.pendingKept++;
    expect(reply).toEqual({
      ok: false,
      message:
        'このLINEは保留中のため承認できません（カテゴリ「整体院」がカテゴリシートにありません）。直してから、もう一度承認してください。',
    });
    expect(api.to()).toEqual([]);
  });

  test('its 連絡履歴 row deleted by hand after approval: withdrawn — no LINE goes out with no row to record it', () => {
    const { t, api } = approvedDay();
    const log = t.services.spreadsheet.getSheetByName('連絡履歴');
    const values = log?.getDataRange().getValues() ?? [];
    const at = values.findIndex((r) => r.includes('C3'));
    values.splice(at, 1);
    log?.getRange(1, 1, values.length, values[0].length).setValues(values);
    log?.getRange(values.length + 1, 1, 1, values[0].length).clearContent();
    send(t);
    tally.faultsInjected++;
    expect(api.to()).toEqual([KEN]);
    expect(outboxOf(t, 'C3')).toMatchObject({
      状態: '承認待ち',
      承認: false,
      備考: expect.stringContaining('連絡履歴にこの連絡の行が見つからない'),
    });
  });

  test('the customer deleted from 顧客 after approval: withdrawn', () => {
    const { t, api } = approvedDay();
    // The owner clears 高橋 花子's row (Sheets' 「行を削除」 leaves the same: no row for C3).
    const sheet = t.services.spreadsheet.sheet('顧客');
    sheet?.getRange(2, 1, 1, sheet.getLastColumn()).clearContent();
    send(t);
    expect(api.to()).toEqual([KEN]);
    expect(outboxOf(t, 'C3')).toMatchObject({
      状態: '承認待ち',
      備考: expect.stringContaining('見つからない'),
    });
  });

  test('the customer duplicated in 顧客 (a row copied for someone else): withdrawn for both ids’ sake', () => {
    const { t, api } = approvedDay();
    const sheet = t.services.spreadsheet.sheet('顧客');
    const row = sheet?.getRange(2, 1, 1, sheet.getLastColumn()).getValues()[0] ?? [];
    sheet?.getRange(4, 1, 1, row.length).setValues([row.map((v, i) => (i === 1 ? '高橋 花子（妹）' : v))]);
    send(t);
    expect(api.to()).toEqual([KEN]);
    expect(outboxOf(t, 'C3')).toMatchObject({ 状態: '承認待ち', 備考: expect.stringContaining('2行') });
  });

  test('the LINEユーザーID changed in 顧客 after the message was prepared: withdrawn, never sent to the old id', () => {
    const { t, api } = approvedDay();
    ownerTypes(t, 'C3', 'LINEユーザーID', `U${'9'.repeat(32)}`);
    send(t);
    expect(api.to()).toEqual([KEN]);
    expect(outboxOf(t, 'C3')).toMatchObject({
      状態: '承認待ち',
      備考: expect.stringContaining('LINEユーザーID'),
    });
  });

  test('approved again once the cause is gone, it goes out', () => {
    const { t, api } = approvedDay();
    ownerTypes(t, 'C3', 'LINEユーザーID', `U${'9'.repeat(32)}`);
    send(t);
    ownerTypes(t, 'C3', 'LINEユーザーID', HANAKO);
    const outbox = t.services.spreadsheet.sheet('LINE送信');
    const header = (outbox?.getRange(1, 1, 1, outbox.getLastColumn()).getValues()[0] ?? []).map(String);
    const row = t.records('LINE送信').findIndex((r) => r['顧客ID'] === 'C3');
    outbox?.getRange(row + 2, header.indexOf('承認') + 1).setValue(true);
    send(t);
    expect(api.to().filter((to) => to === HANAKO)).toHaveLength(1);
  });

  test('a 顧客 sheet that cannot be read stops the batch: nothing goes out unchecked', () => {
    const { t, api } = approvedDay();
    t.services.spreadsheet.sheet('顧客')?.getRange('A1').setValue('番号');
    send(t);
    expect(api.to()).toEqual([]);
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain('「顧客ID」');
    expect(t.records('LINE送信').map((r) => r['状態'])).toEqual(['承認待ち', '承認待ち']);
  });
});

describe('a waiting Gmail draft after the customer opts out of email', () => {
  function draftWaiting() {
    const t = loadTsunagu({
      sheets: [
        customerSheet([
          { ...customer('C1', '佐藤 美咲', ''), メール: 'misaki@example.jp' },
          { ...customer('C2', '鈴木 花', ''), メール: 'hana@example.jp' },
        ]),
        settingsSheet(SHOP_SETTINGS),
      ],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    t.at('2026-11-23', 9);
    return t;
  }

  test.each([['メール'], ['すべて'], ['メール・LINE'], ['Ｅメール']])(
    '配信停止 %s: the next run deletes the draft, closes the row スキップ with why, and the summary says so',
    (word) => {
      const t = draftWaiting();
      ownerTypes(t, 'C1', '配信停止', word);
      t.call('runDailyFollowUps');
      tally.consentRechecked++;
      expect(t.services.gmail.draftRecords().map((d) => d.message.to)).toEqual(['hana@example.jp']);
      expect(logOf(t, 'C1')).toMatchObject({
        状態: 'スキップ',
        備考: expect.stringContaining('配信停止（メール）'),
      });
      expect(logOf(t, 'C2')['状態']).toBe('下書き');
      expect(t.services.spreadsheet.toasts.at(-1)?.message).toContain('Gmailの下書き1件を削除しました');
    },
  );

  test.each([['メールしないで'], ['ﾒｰﾙ不可？'], ['DMのみ可']])(
    '配信停止 Tsunagu cannot read (「%s」): the draft is kept (not deleted, not closed) and 要確認 says so',
    (words) => {
      const t = draftWaiting();
      ownerTypes(t, 'C1', '配信停止', words);
      t.call('runDailyFollowUps');
      tally.pendingKept++;
      expect(t.services.gmail.draftRecords()).toHaveLength(2);
      expect(logOf(t, 'C1')['状態']).toBe('下書き');
      expect(String(t.records('顧客')[0]['要確認'])).toContain('配信停止');
    },
  );

  test('配信停止 LINE only: the email draft stays', () => {
    const t = draftWaiting();
    ownerTypes(t, 'C1', '配信停止', 'LINE');
    t.call('runDailyFollowUps');
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    expect(logOf(t, 'C1')['状態']).toBe('下書き');
  });

  test('a draft the customer was already sent is recorded 送信済, not deleted', () => {
    const t = draftWaiting();
    const draft = t.services.gmail.draftRecords().find((d) => d.message.to === 'misaki@example.jp');
    t.services.gmail.ownerSendsDraft(draft?.id ?? '');
    ownerTypes(t, 'C1', '配信停止', 'メール');
    t.call('runDailyFollowUps');
    expect(logOf(t, 'C1')['状態']).toBe('送信済');
  });
});
