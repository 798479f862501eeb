import type { SheetData } from '../fakes';
import {
  C4_INQUIRY_SENT,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;
const INQUIRY = 'C1|S1|お伺い|2026-11-20';
const LINE_INQUIRY = 'C3|S1|お伺い|2026-11-20';
const CALL = 'C4|S1|電話確認|2026-11-10';

/** On 2026-11-22: C1's お伺い by email, C3's by LINE, and C4's 電話確認 by phone are due. */
function shop(): SheetData[] {
  const visit = {
    最終来店日: dateCell('2026-11-20'),
    来店回数: 2,
    カテゴリ: '整体',
    購入商品: '骨盤調整60分',
  };
  return [
    customerSheet([
      { 顧客ID: 'C1', 氏名: '佐藤 美咲', メール: 'misaki@example.jp', ...visit, メモ: '腰痛' },
      { 顧客ID: 'C3', 氏名: '高橋 花子', LINEユーザーID: LINE_ID, ...visit },
      {
        顧客ID: 'C4',
        氏名: '田中 健',
        メール: 'ken@example.jp',
        電話: '090-1111-2222',
        電話許可: true,
        最終来店日: dateCell('2026-11-10'),
        来店回数: 5,
        カテゴリ: '整体',
        購入商品: '骨盤調整60分',
        メモ: '=HYPERLINK("x")',
      },
    ]),
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
    const reply = act(t, { key: CALL, action: 'called', outcome: '満足' });
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
    const reply = act(t, { key: CALL, action: 'called', outcome: '不在' });
    expect(reply.message).toContain('次の営業日にもう一度');
    expect(logRows(t, CALL)).toEqual([expect.objectContaining({ 状態: '完了', 結果: '不在' })]);
    expect(customer(t, 'C4')).toMatchObject({
      次回連絡内容: '購入後フォロー: 電話確認',
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
    expect(act(t, { key: CALL, action: 'called', outcome: '満足' }).ok).toBe(true);
    expect(logRows(t, CALL)).toEqual([
      expect.objectContaining({ 状態: '完了', 結果: '満足', チャネル: '電話', シナリオ: '購入後フォロー' }),
    ]);
    expect(act(t, { key: CALL, action: 'called', outcome: '満足' })).toMatchObject({ ok: false });
    expect(logRows(t, CALL)).toHaveLength(1);
  });

  test('only a call takes a call outcome', () => {
    const t = prepared();
    expect(act(t, { key: INQUIRY, action: 'called', outcome: '満足' })).toMatchObject({ ok: false });
    expect(logRows(t, INQUIRY)).toEqual([expect.objectContaining({ 状態: '下書き' })]);
  });
});

describe('スキップ and 延期', () => {
  test('skipping a drafted email deletes the Gmail draft and closes the step for good', () => {
    const t = prepared();
    expect(t.services.exportState().gmail.drafts.map((d) => d.message.to)).toContain('misaki@example.jp');
    expect(act(t, { key: INQUIRY, action: 'skip' })).toMatchObject({ ok: true });
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
    const reply = act(t, { key: LINE_INQUIRY, action: 'snooze', date: '2026-11-25' });
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
    expect(act(t, { key: INQUIRY, action: 'snooze', date: '2026-11-24' }).ok).toBe(true);
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
    expect(act(t, { key: INQUIRY, action: 'snooze', date: '2026-11-22' }).message).toContain('明日以降');
    expect(act(t, { key: INQUIRY, action: 'snooze', date: '2026-12-14' }).message).toContain(
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
    expect(act(t, { key: LINE_INQUIRY, action: 'skip' }).message).toContain('送信中');
    expect(logRows(t, LINE_INQUIRY)).toEqual([expect.objectContaining({ 状態: '承認待ち' })]);
  });
});

describe('requests the sidebar should never send', () => {
  test.each([
    ['nothing', undefined],
    ['no key', { action: 'skip' }],
    ['an unknown action', { key: INQUIRY, action: 'delete' }],
    ['an unknown outcome', { key: CALL, action: 'called', outcome: '<b>満足</b>' }],
    ['an impossible date', { key: INQUIRY, action: 'snooze', date: '2026-02-30' }],
    ['a date in another shape', { key: INQUIRY, action: 'snooze', date: '11/25' }],
    ['an unknown key', { key: 'C9|S1|お伺い|2026-11-20', action: 'skip' }],
  ])('%s: refused with a message, nothing written', (_, request) => {
    const t = prepared();
    const before = JSON.stringify(t.services.spreadsheet.toData());
    const reply = act(t, request);
    expect(reply.ok).toBe(false);
    expect(reply.message).toMatch(/再読み込み/);
    expect(JSON.stringify(t.services.spreadsheet.toData())).toBe(before);
  });
});
