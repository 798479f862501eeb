/**
 * Years of messy data pasted from other systems: each kind of bad input gets a clear 要確認 (or is read as the
 * owner meant it), nothing crashes, and the other rows are planned exactly as without it.
 */
import type { CellValue, SheetData } from '../fakes';
import {
  C1_MAIL,
  CUSTOMER_HEADER,
  customerSheet,
  dateCell,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
} from '../bundle/harness';
import { tally } from './tally';

const GOOD = { ...C1_MAIL, 顧客ID: 'G1' };
/** The bad row's fields apart from the one under test: a customer every rule could reach. */
const BASE = {
  顧客ID: 'B1',
  氏名: '鈴木 一郎',
  メール: 'ichiro@example.jp',
  電話: '090-1234-5678',
  郵便番号: '154-0004',
  住所: '東京都世田谷区太子堂1-2-3',
  最終来店日: dateCell('2026-11-10'),
  来店回数: 4,
  カテゴリ: '整体',
  購入商品: 'ヘッドスパ',
};

type Expect =
  /** 要確認 on the bad row says this (a substring). */
  | { attention: string }
  /** Read as the owner meant it: no 要確認, and planned. */
  | 'fine'
  /** Read as the owner meant it (no 要確認), with nothing to plan: e.g. a visit beyond 休眠フォローの対象 (3年以内). */
  | 'read';

/** [what, the row's cells (merged over BASE), what should happen]. */
const CORPUS: [string, Record<string, CellValue>, Expect][] = [
  // Dates
  ['an impossible date', { 最終来店日: '2026/02/30' }, { attention: '最終来店日「2026/02/30」' }],
  ['month 13', { 最終来店日: '2026-13-01' }, { attention: '最終来店日' }],
  ['a date with no year', { 最終来店日: '11/20' }, { attention: '最終来店日' }],
  ['day/month/year order', { 最終来店日: '20/11/2026' }, { attention: '最終来店日' }],
  ['a date in words', { 最終来店日: 'きのう' }, { attention: '最終来店日' }],
  ['a visit in the future', { 最終来店日: dateCell('2027-01-05') }, { attention: '未来' }],
  ['a visit before the shop could exist', { 最終来店日: '1800/01/01' }, { attention: '最終来店日' }],
  // Read, not a problem; seen more than 3 years ago, so beyond 休眠フォローの対象 (3年以内): nothing is planned.
  ['令和元年 (a visit long ago: read, not a problem)', { 最終来店日: '令和元年11月10日' }, 'read'],
  ['平成31年4月30日, the last day of 平成', { 最終来店日: '平成31年4月30日' }, 'read'],
  ['平成31年5月1日, a day 平成 never had', { 最終来店日: '平成31年5月1日' }, { attention: '最終来店日' }],
  ['昭和64年1月8日, a day 昭和 never had', { 最終来店日: '昭和64年1月8日' }, { attention: '最終来店日' }],
  ['R8.11.10 abbreviated 和暦', { 最終来店日: 'R8.11.10' }, 'fine'],
  ['a date with a time', { 最終来店日: '2026/11/10 14:30' }, 'fine'],
  ['full-width digits in a date', { 最終来店日: '２０２６／１１／１０' }, 'fine'],
  ['a date typed with 年月日', { 最終来店日: '2026年11月10日' }, 'fine'],
  ['#N/A where a date should be', { 最終来店日: '#N/A' }, { attention: '最終来店日' }],
  [
    '初回来店日 after 最終来店日',
    { 初回来店日: dateCell('2026-11-15') },
    { attention: '初回来店日が最終来店日より後' },
  ],
  ['a whitespace-only name', { 氏名: ' 　 ' }, { attention: '氏名が空です' }],
  // Numbers
  ['visits in full-width digits', { 来店回数: '４' }, 'fine'],
  ['visits with a unit', { 来店回数: '4回' }, 'fine'],
  ['visits as text with spaces', { 来店回数: ' 4 ' }, 'fine'],
  ['negative visits', { 来店回数: -1 }, { attention: '来店回数' }],
  ['fractional visits', { 来店回数: 2.5 }, { attention: '来店回数' }],
  ['visits in words', { 来店回数: 'たくさん' }, { attention: '来店回数' }],
  ['an amount with ¥ and commas', { 購入金額: '¥30,000' }, 'fine'],
  ['an amount in kanji', { 購入金額: '三万円' }, { attention: '購入金額' }],
  ['a negative amount', { 購入金額: -500 }, { attention: '購入金額' }],
  // Names and text
  ['emoji in the name', { 氏名: '😊 さくら' }, 'fine'],
  ['combining characters in the name', { 氏名: 'か\u3099んこ' }, 'fine'],
  ['markup in the name', { 氏名: '<b>太郎</b>' }, 'fine'],
  ['a name that looks like a formula', { 氏名: '=HYPERLINK("http://x","y")' }, 'fine'],
  ['a 10,000-character memo', { メモ: 'あ'.repeat(10_000) }, 'fine'],
  ['no name', { 氏名: '' }, { attention: '氏名が空です' }],
  ['no 顧客ID', { 顧客ID: '' }, { attention: '顧客IDが空です' }],
  ['a numeric 顧客ID', { 顧客ID: 1001 }, 'fine'],
  ['#REF! as the name', { 氏名: '#REF!' }, { attention: '氏名が数式のエラー（#REF!）' }],
  ['#DIV/0! as the visits', { 来店回数: '#DIV/0!' }, { attention: '来店回数が数式のエラー（#DIV/0!）' }],
  // Addresses
  ['an email without a domain', { メール: 'ichiro@' }, { attention: 'メール' }],
  ['an email without a dot in the domain', { メール: 'ichiro@example' }, { attention: 'メール' }],
  ['two emails in one cell', { メール: 'a@example.jp, b@example.jp' }, { attention: 'メール' }],
  ['a full-width ＠ in an email', { メール: 'ichiro＠example.jp' }, 'fine'],
  ['an email with spaces around it', { メール: '  ichiro@example.jp ' }, 'fine'],
  ['a LINE id too short', { LINEユーザーID: 'U1234' }, { attention: 'LINEユーザーID' }],
  ['a LINE @id instead of a user id', { LINEユーザーID: '@kokochido' }, { attention: 'LINEユーザーID' }],
  ['a phone number in words', { 電話: 'でんわ' }, { attention: '電話' }],
  ['a phone number in full-width digits', { 電話: '０９０－１２３４－５６７８' }, 'fine'],
  ['a postal code cut short', { 郵便番号: '154-00' }, { attention: '郵便番号' }],
  ['a postal code without a hyphen', { 郵便番号: '1540004' }, 'fine'],
  // Flags and choices
  ['電話許可 as はい', { 電話許可: 'はい' }, 'fine'],
  ['電話許可 as 多分', { 電話許可: '多分' }, { attention: '電話許可' }],
  ['配信停止 with an unknown word', { 配信停止: 'ときどき' }, { attention: '配信停止「ときどき」' }],
  ['an unknown category', { カテゴリ: 'ヨガ' }, { attention: 'ヨガ' }],
  ['満足度 as a word it does not know', { 満足度: 'まあまあ' }, { attention: '満足度「まあまあ」' }],
];

/** The customer sheet: the good row, the bad one, and an empty row between them (owners leave gaps). */
function sheet(bad: Record<string, CellValue>): SheetData {
  return customerSheet([GOOD, {}, { ...BASE, ...bad }], [...CUSTOMER_HEADER, '購入金額', '初回来店日']);
}

const SYSTEM = ['次回連絡日', '次回連絡内容', '次回チャネル', '理由', '要確認'];
const planOf = (row: Record<string, CellValue> | undefined) =>
  Object.fromEntries(
    SYSTEM.map((h) => [h, row?.[h] instanceof Date ? (row[h] as Date).getTime() : row?.[h]]),
  );

function run(sheets: SheetData[]) {
  const t = loadTsunagu({ sheets, today: '2026-11-22', preparing: false });
  const summary = t.call('runDailyFollowUps');
  const rows = t.records('顧客');
  return { summary, good: rows.find((r) => r['顧客ID'] === 'G1'), bad: rows[2] };
}

const baseline = planOf(run([customerSheet([GOOD]), settingsSheet(SHOP_SETTINGS)]).good);

describe(`bad input (${CORPUS.length} kinds)`, () => {
  test('the corpus has at least 50 kinds', () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(50);
  });

  test.each(CORPUS)('%s', (_what, bad, expected) => {
    tally.badInputsTried++;
    const { summary, good, bad: row } = run([sheet(bad), settingsSheet(SHOP_SETTINGS)]);
    expect(summary).not.toBeNull();
    // The other rows are unaffected.
    expect(planOf(good)).toEqual(baseline);
    if (expected === 'fine' || expected === 'read') {
      expect(row?.['要確認']).toBe('');
      if (expected === 'fine') expect(row?.['次回連絡日']).toBeInstanceOf(Date);
    } else {
      expect(String(row?.['要確認'])).toContain(expected.attention);
    }
  });

  test('a duplicated 顧客ID is reported on both rows and neither is contacted', () => {
    tally.badInputsTried++;
    const t = loadTsunagu({
      sheets: [customerSheet([GOOD, { ...BASE, 顧客ID: 'G1' }]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
    });
    t.call('runDailyFollowUps');
    const rows = t.records('顧客');
    for (const r of rows) {
      expect(String(r['要確認'])).toContain('顧客ID「G1」が2行あります');
      expect(r['次回連絡日']).toBe('');
    }
    expect(t.records('連絡履歴')).toEqual([]);
    expect(t.services.exportState().gmail.drafts).toEqual([]);
  });

  test('a huge sheet with few rows costs no more Spreadsheet calls than a small one', () => {
    tally.badInputsTried++;
    const calls = (maxRows: number) => {
      const customers = { ...customerSheet([GOOD]), maxRows, maxColumns: 100 };
      const t = loadTsunagu({
        sheets: [customers, settingsSheet(SHOP_SETTINGS)],
        today: '2026-11-22',
        preparing: false,
      });
      t.call('runDailyFollowUps');
      return t.services.calls.total('SpreadsheetApp');
    };
    expect(calls(50_000)).toBe(calls(1000));
  });

  test('a workbook at the 10-million-cell limit stops with what to delete, in Japanese', () => {
    tally.badInputsTried++;
    const customers = { ...customerSheet([GOOD]), maxRows: 100_000, maxColumns: 100 };
    const t = loadTsunagu({ sheets: [customers, settingsSheet(SHOP_SETTINGS)], today: '2026-11-22' });
    expect(t.call('runDailyFollowUps')).toBeNull();
    expect(t.services.ui.alerts.at(-1)?.prompt).toBe(
      'スプレッドシートのセル数が上限（1,000万セル）に近いため、つなぐのシートを作れません。使っていない行・列・シートを削除してから、もう一度お試しください。',
    );
  });
});
