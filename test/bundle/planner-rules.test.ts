import type { CellValue } from '../fakes';
import {
  customerSheet,
  dateCell,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  wall,
  type Tsunagu,
} from './harness';

/**
 * Issue 14 (items 5, 6, 12) through dist/Code.js: S5 to recently active regulars only and never to a booked one,
 * S4's coming date in 次回連絡日, S2 not for a re-booked customer, S1's お伺い carried by S6's お礼, and LINE's monthly
 * allowance spent in rule priority.
 */

const HEADER = [
  '顧客ID',
  '氏名',
  'メール',
  'LINEユーザーID',
  '初回来店日',
  '最終来店日',
  '来店回数',
  'カテゴリ',
  '購入商品',
  '常連',
  'メール同意',
  'キャンセル日',
  '次回予約日',
  '配信停止',
];

const TODAY = '2026-11-24';
const lineId = (i: number) => `U${String(i).padStart(32, 'a')}`;

/** A regular: `visits` visits since 2026-01-10, the last on `last`, with a consented email. */
function regular(id: string, visits: number, last: string, extra: Record<string, CellValue> = {}) {
  return {
    顧客ID: id,
    氏名: `常連 ${id}`,
    メール: `${id.toLowerCase()}@example.jp`,
    初回来店日: dateCell('2025-01-10'),
    最終来店日: dateCell(last),
    来店回数: visits,
    常連: true,
    メール同意: true,
    ...extra,
  };
}

const SLOT_SHEET = {
  name: '空き枠',
  values: [
    ['日時', '所要(分)', '特別価格', '案内', '状態'],
    [new Date(wall('2026-11-26', 10)), 60, '通常6,000円→4,500円', true, '空き'],
  ],
};

const run = <T = Record<string, unknown>>(t: Tsunagu) => t.call<T>('runDailyFollowUps');
const rows = (t: Tsunagu) => new Map(t.records('顧客').map((r) => [String(r['顧客ID']), r]));
const logRows = (t: Tsunagu) => t.records('連絡履歴');

describe('S5 空き枠案内 through the bundle', () => {
  function shop() {
    return loadTsunagu({
      sheets: [
        customerSheet(
          [
            // Active regulars, most visits first: R5, R4, R3 are offered (空き枠案内の最大人数 3 by default).
            regular('R1', 4, '2026-11-01'),
            regular('R2', 5, '2026-11-01'),
            regular('R3', 6, '2026-11-01'),
            regular('R4', 7, '2026-11-01'),
            regular('R5', 8, '2026-11-01'),
            // The customers: loyal once, last seen 14–24 months ago.
            regular('L1', 30, '2025-09-10', { 初回来店日: dateCell('2020-01-10') }),
            regular('L2', 40, '2024-11-20', { 初回来店日: dateCell('2018-01-10') }),
            // The most loyal of all, but already booked.
            regular('B1', 50, '2026-11-10', { 次回予約日: '12/2 15:00' }),
          ],
          HEADER,
        ),
        settingsSheet([...SHOP_SETTINGS, ['休眠フォローの対象', '全員']]),
        SLOT_SHEET,
      ],
      today: TODAY,
    });
  }

  test('goes to at most 3 active regulars, never to one last seen long ago or already booked', () => {
    const t = shop();
    run(t);
    const offered = logRows(t)
      .filter((r) => r['シナリオ'] === '空き枠案内')
      .map((r) => r['顧客ID'])
      .sort();
    expect(offered).toEqual(['R3', 'R4', 'R5']);
    // Nobody gets a 「ご無沙汰」 letter and an offer together.
    const lapsed = logRows(t).filter((r) => ['L1', 'L2'].includes(String(r['顧客ID'])));
    expect(lapsed.map((r) => r['シナリオ'])).toEqual(['休眠客フォロー', '休眠客フォロー']);
  });

  test('the sidebar shows who was offered which slot', () => {
    const t = shop();
    run(t);
    const view = t.call<{ vacancyOffers: { slot: string; to: string[] }[] }>('getTodayFollowUps');
    expect(view.vacancyOffers).toEqual([
      {
        slot: '11月26日（木）10:00〜11:00',
        to: expect.arrayContaining([
          '常連 R3 様（メール・下書き）',
          '常連 R4 様（メール・下書き）',
          '常連 R5 様（メール・下書き）',
        ]),
      },
    ]);
    expect(view.vacancyOffers[0].to).toHaveLength(3);
  });
});

describe('S4: the coming dormant date is shown like any upcoming step', () => {
  test('a regular with nothing else planned shows the day they will become dormant, with 理由', () => {
    // Five visits 2026-01-10 … 2026-09-01: about 58 days apart, dormant after 117 days (2026-12-28).
    const t = loadTsunagu({
      sheets: [
        customerSheet([regular('R1', 5, '2026-09-01', { 初回来店日: dateCell('2026-01-10') })], HEADER),
        settingsSheet(SHOP_SETTINGS),
      ],
      today: TODAY,
    });
    run(t);
    const row = rows(t).get('R1');
    expect(row?.['次回連絡日']).toEqual(new Date(wall('2026-12-28', 0)));
    expect(row?.['次回連絡内容']).toBe('休眠客フォロー（お役立ち情報）');
    expect(String(row?.['理由'])).toContain('12月28日に、前回のご来店（2026/09/01）から');
  });

  test('a customer last seen longer ago than 休眠フォローの対象 (3年以内) is not followed', () => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([regular('OLD', 3, '2023-06-01', { 初回来店日: dateCell('2022-01-10') })], HEADER),
        settingsSheet(SHOP_SETTINGS),
      ],
      today: TODAY,
    });
    run(t);
    expect(logRows(t).filter((r) => r['顧客ID'] === 'OLD')).toEqual([]);
    expect(rows(t).get('OLD')?.['次回連絡日']).toBe('');
  });
});

describe('S2: not for a customer who re-booked', () => {
  test('a 次回予約日 later than キャンセル日 means they re-booked: no キャンセルフォロー', () => {
    const cancelled = (id: string, booking: CellValue) => ({
      顧客ID: id,
      氏名: `客 ${id}`,
      メール: `${id.toLowerCase()}@example.jp`,
      最終来店日: dateCell('2026-10-01'),
      来店回数: 2,
      キャンセル日: dateCell('2026-11-22'),
      次回予約日: booking,
    });
    const t = loadTsunagu({
      sheets: [
        customerSheet([cancelled('K1', new Date(wall('2026-12-01', 14))), cancelled('K2', '')], HEADER),
        settingsSheet(SHOP_SETTINGS),
        {
          name: '空き枠',
          values: [
            ['日時', '所要(分)', '特別価格', '案内', '状態'],
            ...['2026-11-26', '2026-11-27', '2026-11-28'].map((day) => [
              new Date(wall(day, 10)),
              60,
              '',
              false,
              '空き',
            ]),
          ],
        },
      ],
      today: TODAY,
    });
    run(t);
    const cancellations = logRows(t)
      .filter((r) => r['シナリオ'] === 'キャンセルフォロー')
      .map((r) => r['顧客ID']);
    expect(cancellations).toEqual(['K2']);
  });
});

describe("S6's お礼 carries S1's お伺い for a first visit", () => {
  test('one LINE, from the 「お礼（お伺い）」 template; no separate お伺い is prepared the next day', () => {
    const first = {
      顧客ID: 'N1',
      氏名: '阿部 大翔',
      LINEユーザーID: lineId(1),
      最終来店日: dateCell('2026-11-23'),
      来店回数: 1,
      カテゴリ: '整体',
    };
    const t = loadTsunagu({
      sheets: [customerSheet([first], HEADER), settingsSheet(SHOP_SETTINGS)],
      today: TODAY,
    });
    run(t);
    expect(logRows(t).map((r) => [r['シナリオ'], r['ステップ'], r['チャネル']])).toEqual([
      ['サンキューレター', 'お礼', 'LINE'],
    ]);
    const [outbox] = t.records('LINE送信');
    expect(String(outbox['本文'] ?? outbox['メッセージ'])).toMatch(
      /について、その後いかが(ですか|でしょうか)/,
    );
    t.at('2026-11-25');
    run(t);
    t.at('2026-11-26');
    run(t);
    expect(logRows(t).filter((r) => r['ステップ'] === 'お伺い')).toEqual([]);
  });
});

describe("LINE's monthly allowance", () => {
  test('spent in rule priority: once spoken for, the next channel carries it and the summary says what remains', () => {
    const first = (id: string, i: number) => ({
      顧客ID: id,
      氏名: `初回 ${id}`,
      メール: `${id.toLowerCase()}@example.jp`,
      LINEユーザーID: lineId(i),
      最終来店日: dateCell('2026-11-23'),
      来店回数: 1,
      // The default お礼 email still names it (until templates have fallbacks).
      購入商品: 'ハンドケア',
    });
    const line = lineStandIn({ limit: 200, used: 199 });
    const t = loadTsunagu({
      sheets: [customerSheet([first('N1', 1), first('N2', 2)], HEADER), settingsSheet(SHOP_SETTINGS)],
      today: TODAY,
      documentProperties: { 'tsunagu.line.token': 'secret-channel-token-abc' },
      fetch: line.handler,
    });
    const summary = run<{ lineAllowance: string; prepared: Record<string, number> }>(t);
    expect(summary.prepared).toMatchObject({ LINE: 1, メール: 1 });
    expect(summary.lineAllowance).toContain('今月のLINE配信数: 残り1通');
    expect(summary.lineAllowance).toContain('1件はほかの方法か来月に回しました');
    // Once made, 理由 says where the contact is; why it went by email stays on its 連絡履歴 row.
    expect(String(rows(t).get('N2')?.['理由'])).toContain('下書き（連絡履歴）');
    const byMail = logRows(t).find((r) => r['顧客ID'] === 'N2');
    expect(byMail).toMatchObject({ チャネル: 'メール', 状態: '下書き' });
    expect(String(byMail?.['備考'])).toContain('今月のLINE配信数の上限のためメールで');
  });
});

describe('配信停止 in the owner’s words (contract 4.1)', () => {
  test('DM / ダイレクトメール read as 郵送, すべて stops everything, and an unknown word stops every channel and is reported', () => {
    // Dormant customers (last seen 2026-06-01) with a letter address and an email: S4 goes 手紙 > メール > LINE.
    const dormant = (id: string, optOut: string) => ({
      顧客ID: id,
      氏名: `客 ${id}`,
      メール: `${id.toLowerCase()}@example.jp`,
      メール同意: true,
      郵便番号: '154-0004',
      住所: `東京都世田谷区太子堂2-1-${id.slice(1)}`,
      最終来店日: dateCell('2026-06-01'),
      来店回数: 2,
      配信停止: optOut,
    });
    const t = loadTsunagu({
      sheets: [
        customerSheet(
          [
            dormant('P1', 'DM'),
            dormant('P2', 'ダイレクトメール'),
            dormant('P3', 'すべて'),
            dormant('P4', 'FAX'),
          ],
          [...HEADER, '郵便番号', '住所'],
        ),
        settingsSheet(SHOP_SETTINGS),
      ],
      today: TODAY,
    });
    run(t);
    const channelOf = (id: string) =>
      logRows(t)
        .filter((r) => r['顧客ID'] === id)
        .map((r) => r['チャネル']);
    expect(channelOf('P1')).toEqual(['メール']);
    expect(channelOf('P2')).toEqual(['メール']);
    expect(channelOf('P3')).toEqual([]);
    expect(channelOf('P4')).toEqual([]);
    expect(String(rows(t).get('P4')?.['要確認'])).toContain('配信停止「FAX」が分かりません');
  });
});
