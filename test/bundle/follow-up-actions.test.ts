import type { SheetData } from '../fakes';
import {
  lineStandIn,
  C4_INQUIRY_SENT,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  THREE_DUE,
  type Tsunagu,
} from './harness';

const { mail: INQUIRY, line: LINE_INQUIRY, call: CALL } = THREE_DUE;

/** On 2026-11-22: C1's お伺い by email, C3's by LINE, and C4's 電話確認 by phone are due (THREE_DUE), with メモ. */
function shop(): SheetData[] {
  const [c1, c3, c4] = THREE_DUE.customers();
  return [
    customerSheet([{ ...c1, メモ: '腰痛' }, c3, { ...c4, メモ: '=HYPERLINK("x")' }]),
    settingsSheet(SHOP_SETTINGS),
    logSheet([C4_INQUIRY_SENT]),
  ];
}

interface Item {
  key: string;
  state: string;
  channel: string;
  lastDate: string | null;
}
interface Reply {
  ok: boolean;
  message: string;
  view?: { groups: { channel: string; items: Item[] }[] };
}

/** A LINE stand-in that accepts every push (and has no monthly limit). */
const lineApi = lineStandIn();
beforeEach(() => lineApi.pushes.splice(0));

const act = (t: Tsunagu, request: unknown) => t.call<Reply>('applyFollowUpAction', request);
const keysIn = (reply: Reply) => (reply.view?.groups ?? []).flatMap((g) => g.items.map((i) => i.key));
const logRows = (t: Tsunagu, key: string) => t.records('連絡履歴').filter((r) => r['キー'] === key);
const customer = (t: Tsunagu, id: string) => t.records('顧客').find((r) => r['顧客ID'] === id);
const ownerColumns = (t: Tsunagu) =>
  (t.values('顧客') ?? []).map((row) => row.slice(0, 16).map((v) => (v instanceof Date ? v.getTime() : v)));

function prepared(): Tsunagu {
  const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
  t.call('runDailyFollowUps');
  return t;
}

describe('電話した: the call outcome from the sidebar', () => {
  test('満足 completes the planned call in 連絡履歴, empties it from 電話リスト and the list', () => {
    const t = prepared();
    expect(t.records('電話リスト').map((r) => r['キー'])).toEqual([CALL]);
    const before = ownerColumns(t);
    const reply = act(t, { keys: [CALL], action: 'called', outcome: '満足' });
    expect(reply).toMatchObject({ ok: true, message: '田中 健 様への電話を「満足」で記録しました。' });
    expect(logRows(t, CALL)).toEqual([expect.objectContaining({ 状態: '完了', 結果: '満足' })]);
    expect(t.records('電話リスト')).toEqual([]);
    expect(keysIn(reply)).not.toContain(CALL);
    // The owner's columns, 満足度 included, are exactly as they were.
    expect(ownerColumns(t)).toEqual(before);
    expect(customer(t, 'C4')?.['満足度']).toBe('');
  });

  test('不在 plans the second call for the next business day, on 次回連絡日 at once', () => {
    const t = prepared();
    const reply = act(t, { keys: [CALL], action: 'called', outcome: '不在' });
    expect(reply.message).toContain('次の営業日にもう一度');
    expect(logRows(t, CALL)).toEqual([expect.objectContaining({ 状態: '完了', 結果: '不在' })]);
    expect(customer(t, 'C4')).toMatchObject({
      次回連絡内容: '購入後フォロー（電話確認）',
      次回チャネル: '電話',
    });
    expect(customer(t, 'C4')?.['理由']).toContain('2回目');
    // 2026-11-23 is 勤労感謝の日, and the shop closes on public holidays.
    expect((customer(t, 'C4')?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-24').getTime());
  });

  test('a call made while Tsunagu previews is logged as a new row, once', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', preparing: false });
    t.call('runDailyFollowUps');
    expect(logRows(t, CALL)).toEqual([]);
    const reply = act(t, { keys: [CALL], action: 'called', outcome: '満足' });
    expect(reply.ok).toBe(true);
    expect(logRows(t, CALL)).toEqual([
      expect.objectContaining({ 状態: '完了', 結果: '満足', チャネル: '電話', シナリオ: '購入後フォロー' }),
    ]);
    // The list and C4's row as planned after it, from 連絡履歴 as the action wrote it (not read again).
    expect(keysIn(reply)).not.toContain(CALL);
    expect(keysIn(reply).length).toBeGreaterThan(0);
    expect(customer(t, 'C4')?.['次回連絡内容']).not.toBe('購入後フォロー（電話確認）');
    expect(act(t, { keys: [CALL], action: 'called', outcome: '満足' })).toMatchObject({ ok: false });
    expect(logRows(t, CALL)).toHaveLength(1);
  });

  test('only a call takes a call outcome', () => {
    const t = prepared();
    expect(act(t, { keys: [INQUIRY], action: 'called', outcome: '満足' })).toMatchObject({ ok: false });
    expect(logRows(t, INQUIRY)).toEqual([expect.objectContaining({ 状態: '下書き' })]);
  });
});

describe('スキップ and 延期', () => {
  test('skipping a drafted email deletes the Gmail draft and closes the step for good', () => {
    const t = prepared();
    expect(t.services.exportState().gmail.drafts.map((d) => d.message.to)).toContain('misaki@example.jp');
    expect(act(t, { keys: [INQUIRY], action: 'skip' })).toMatchObject({ ok: true });
    expect(t.services.exportState().gmail.drafts.map((d) => d.message.to)).not.toContain('misaki@example.jp');
    expect(logRows(t, INQUIRY)).toEqual([
      expect.objectContaining({ 状態: 'スキップ', 備考: expect.stringContaining('オーナーがスキップ') }),
    ]);
    t.at('2026-11-23');
    t.call('runDailyFollowUps');
    expect(logRows(t, INQUIRY)).toHaveLength(1);
  });

  test('a snoozed LINE leaves the outbox, waits for its day, then is prepared again on the same 連絡履歴 row', () => {
    const t = prepared();
    const reply = act(t, { keys: [LINE_INQUIRY], action: 'snooze', date: '2026-11-25' });
    expect(reply).toMatchObject({ ok: true, message: '高橋 花子 様への連絡を2026/11/25に延期しました。' });
    expect(keysIn(reply)).not.toContain(LINE_INQUIRY);
    expect(t.records('LINE送信')).toEqual([
      expect.objectContaining({ キー: LINE_INQUIRY, 状態: 'スキップ' }),
    ]);
    expect(logRows(t, LINE_INQUIRY)).toEqual([expect.objectContaining({ 状態: '延期' })]);
    expect((customer(t, 'C3')?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-25').getTime());

    t.at('2026-11-24');
    t.call('runDailyFollowUps');
    expect(logRows(t, LINE_INQUIRY)).toEqual([expect.objectContaining({ 状態: '延期' })]);
    t.at('2026-11-25');
    t.call('runDailyFollowUps');
    expect(logRows(t, LINE_INQUIRY)).toEqual([expect.objectContaining({ 状態: '承認待ち' })]);
    expect(t.records('LINE送信').map((r) => [r['キー'], r['状態']])).toEqual([
      [LINE_INQUIRY, 'スキップ'],
      [LINE_INQUIRY, '承認待ち'],
    ]);
  });

  test('snoozing a draft deletes it; on the day a new draft is made, once', () => {
    const t = prepared();
    expect(act(t, { keys: [INQUIRY], action: 'snooze', date: '2026-11-24' }).ok).toBe(true);
    expect(t.services.exportState().gmail.drafts).toHaveLength(0);
    t.at('2026-11-24');
    t.call('runDailyFollowUps');
    t.call('runDailyFollowUps');
    expect(t.services.exportState().gmail.drafts.map((d) => d.message.to)).toEqual(['misaki@example.jp']);
    expect(logRows(t, INQUIRY)).toEqual([expect.objectContaining({ 状態: '下書き' })]);
  });

  test('the date must be after today and inside the step window, which the list gives as lastDate', () => {
    const t = prepared();
    const view = t.call<{ groups: { items: Item[] }[] }>('getTodayFollowUps');
    const item = view.groups.flatMap((g) => g.items).find((i) => i.key === INQUIRY);
    expect(item?.lastDate).toBe('2026-12-13');
    expect(act(t, { keys: [INQUIRY], action: 'snooze', date: '2026-11-22' }).message).toContain('明日以降');
    expect(act(t, { keys: [INQUIRY], action: 'snooze', date: '2026-12-14' }).message).toContain(
      '2026/12/13まで',
    );
    expect(logRows(t, INQUIRY)).toEqual([expect.objectContaining({ 状態: '下書き' })]);
  });

  test('a LINE that is being sent is neither skipped nor snoozed', () => {
    const t = prepared();
    const header = (t.values('LINE送信') ?? [])[0];
    t.services.spreadsheet
      .getSheetByName('LINE送信')
      ?.getRange(2, header.indexOf('状態') + 1)
      .setValue('送信中');
    expect(act(t, { keys: [LINE_INQUIRY], action: 'skip' }).message).toContain('送信中');
    expect(logRows(t, LINE_INQUIRY)).toEqual([expect.objectContaining({ 状態: '承認待ち' })]);
  });
});

describe('準備 from the sidebar while Tsunagu previews', () => {
  const previewing = () => {
    const t = loadTsunagu({
      sheets: shop(),
      today: '2026-11-22',
      preparing: false,
      fetch: lineApi.handler,
      documentProperties: { 'tsunagu.line.token': 'channel-token' },
    });
    t.call('runDailyFollowUps');
    return t;
  };
  const item = (t: Tsunagu, key: string) =>
    t
      .call<{ groups: { items: (Item & Record<string, unknown>)[] }[] }>('getTodayFollowUps')
      .groups.flatMap((g) => g.items)
      .find((i) => i.key === key);

  test('Gmail下書きを作成 makes the one draft, intent first, and the list then links to it in Gmail', () => {
    const t = previewing();
    expect(item(t, INQUIRY)).toMatchObject({ state: '', draftUrl: null, problem: '' });
    const reply = act(t, { keys: [INQUIRY], action: 'prepare' });
    expect(reply).toMatchObject({ ok: true, message: 'Gmailの下書き1件を準備しました。' });
    const drafts = t.services.exportState().gmail.drafts;
    expect(drafts.map((d) => d.message.to)).toEqual(['misaki@example.jp']);
    expect(logRows(t, INQUIRY)).toEqual([expect.objectContaining({ 状態: '下書き' })]);
    const listed = (reply.view?.groups ?? []).flatMap((g) => g.items).find((i) => i.key === INQUIRY) as
      (Item & { draftUrl: string }) | undefined;
    // The owner's account by address (authuser), not whichever account happens to be /u/0/ in the browser.
    expect(listed?.draftUrl).toBe(
      `https://mail.google.com/mail/?authuser=owner%40example.com#drafts?compose=${drafts[0].message.threadId}`,
    );
    // Again: nothing more is made.
    expect(act(t, { keys: [INQUIRY], action: 'prepare' }).message).toBe('すでに準備してあります。');
    expect(t.services.exportState().gmail.drafts).toHaveLength(1);
  });

  test('a group bulk action prepares every item of the group in one go', () => {
    const t = previewing();
    const reply = act(t, { keys: [INQUIRY, LINE_INQUIRY, CALL], action: 'prepare' });
    expect(reply.message).toBe('Gmailの下書き1件、LINEの下書き1件、電話リストの予定1件を準備しました。');
    expect(t.records('電話リスト').map((r) => r['キー'])).toEqual([CALL]);
    expect(t.records('LINE送信').map((r) => r['キー'])).toEqual([LINE_INQUIRY]);
  });

  test('LINEを編集・承認: the edited text goes to LINE送信 and 連絡履歴, approved, waiting for 9:00', () => {
    const t = previewing();
    const detail = t.call<{ lineText: string; preview: string }>('getFollowUpDetail', LINE_INQUIRY);
    expect(detail.lineText).toContain('高橋様、');
    expect(item(t, LINE_INQUIRY)).not.toHaveProperty('lineText');
    const text = '高橋様、先日はありがとうございました😊 その後いかがですか？';
    const reply = act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: false, text });
    expect(reply).toMatchObject({ ok: true, message: expect.stringContaining('承認しました') });
    expect(t.records('LINE送信')).toEqual([
      expect.objectContaining({ キー: LINE_INQUIRY, メッセージ: text, 承認: true, 状態: '承認済' }),
    ]);
    expect(logRows(t, LINE_INQUIRY)).toEqual([expect.objectContaining({ 状態: '承認済', 内容: text })]);
    expect(lineApi.pushes).toHaveLength(0);
  });

  test('承認して送信 pushes that one message now, with its retry key', () => {
    const t = previewing();
    t.at('2026-11-22', 10);
    const reply = act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: true });
    expect(reply).toMatchObject({ ok: true, message: expect.stringContaining('LINEを1件送りました') });
    expect(lineApi.pushes).toHaveLength(1);
    expect(lineApi.pushes[0].headers['X-Line-Retry-Key']).toBeTruthy();
    expect(logRows(t, LINE_INQUIRY)).toEqual([expect.objectContaining({ 状態: '送信済' })]);
    expect(act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: true })).toMatchObject({ ok: false });
    expect(lineApi.pushes).toHaveLength(1);
  });

  test('an empty or over-long edit is refused before anything changes', () => {
    const t = previewing();
    for (const text of ['  ', 'あ'.repeat(5001)])
      expect(act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: false, text }).message).toContain(
        '1〜5000文字',
      );
  });

  test('a message with a problem is not prepared, and the list says what to fix', () => {
    const sheets = shop();
    sheets[1] = settingsSheet(SHOP_SETTINGS.filter(([k]) => k !== '店舗住所'));
    const t = loadTsunagu({ sheets, today: '2026-11-22', preparing: false });
    expect(item(t, INQUIRY)?.problem).toContain('法定表示');
    expect(act(t, { keys: [INQUIRY], action: 'prepare' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('法定表示'),
    });
    expect(t.services.exportState().gmail.drafts).toHaveLength(0);
  });
});

describe('requests the sidebar should never send', () => {
  test.each([
    ['nothing', undefined],
    ['no key', { action: 'skip' }],
    ['an empty list of keys', { keys: [], action: 'skip' }],
    ['a key that is not text', { keys: [42], action: 'skip' }],
    [
      'edited text for several LINE at once',
      { keys: [LINE_INQUIRY, INQUIRY], action: 'approveLine', send: false, text: 'x' },
    ],
    ['an unknown action', { keys: [INQUIRY], action: 'delete' }],
    ['an unknown outcome', { keys: [CALL], action: 'called', outcome: '<b>満足</b>' }],
    ['an impossible date', { keys: [INQUIRY], action: 'snooze', date: '2026-02-30' }],
    ['a date in another shape', { keys: [INQUIRY], action: 'snooze', date: '11/25' }],
    ['an unknown key', { keys: ['C9|S1|お伺い|2026-11-20'], action: 'skip' }],
  ])('%s: refused with a message, nothing written', (_, request) => {
    const t = prepared();
    const before = JSON.stringify(t.services.spreadsheet.toData());
    const reply = act(t, request);
    expect(reply.ok).toBe(false);
    expect(reply.message).toMatch(/再読み込み/);
    expect(JSON.stringify(t.services.spreadsheet.toData())).toBe(before);
  });
});
