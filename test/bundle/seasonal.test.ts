import {
  CUSTOMER_HEADER,
  customerSheet,
  dateCell,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

/**
 * S10 季節のご挨拶 through dist/Code.js (issue 18 items 2 and 5): one はがき per household from the owner's 顧客 sheet
 * as written (喪中 in 和暦, a family at one address), 設定 年賀状 / 暑中見舞い / 挨拶状の対象, then 連絡履歴, 顧客's
 * 次回連絡日 and 理由, the sidebar's 今日のフォロー, 手紙を印刷済みにする and 集計's postage.
 */
const HEADER = [...CUSTOMER_HEADER, '喪中', '次回連絡日', '次回連絡内容', '理由', '要確認'];
const SEEN = { 最終来店日: dateCell('2026-06-01'), 来店回数: 3 };

/** 佐藤 (two at one address), 鈴木 (喪中 令和8年), 高橋 (no 郵送), 田中 (last seen three years ago), 伊藤 (2025). */
const FAMILIES: Record<string, unknown>[] = [
  { 顧客ID: 'C1', 氏名: '佐藤 美咲', 郵便番号: '154-0004', 住所: '東京都世田谷区太子堂1-2-3', ...SEEN },
  { 顧客ID: 'C2', 氏名: '佐藤 健', 郵便番号: '154-0004', 住所: '東京都世田谷区太子堂1-2-3', ...SEEN },
  { 顧客ID: 'C3', 氏名: '鈴木 一郎', 郵便番号: '154-0001', 住所: '東京都世田谷区池尻2-3-4', ...SEEN },
  {
    顧客ID: 'C4',
    氏名: '鈴木 花子',
    郵便番号: '154-0001',
    住所: '東京都世田谷区池尻2-3-4',
    最終来店日: dateCell('2023-01-10'),
    喪中: '令和８年',
  },
  {
    顧客ID: 'C5',
    氏名: '高橋 直人',
    郵便番号: '154-0002',
    住所: '東京都世田谷区下馬5-6-7',
    配信停止: '郵送',
    ...SEEN,
  },
  {
    顧客ID: 'C6',
    氏名: '田中 陽子',
    郵便番号: '154-0003',
    住所: '東京都世田谷区野沢8-9-10',
    最終来店日: dateCell('2023-11-01'),
  },
  {
    顧客ID: 'C7',
    氏名: '伊藤 恵',
    郵便番号: '154-0005',
    住所: '東京都世田谷区三宿1-1-1',
    喪中: 2025,
    ...SEEN,
  },
];

function shop(settings: [string, string][], today = '2026-12-10'): Tsunagu {
  const t = loadTsunagu({
    sheets: [customerSheet(FAMILIES as never[], HEADER), settingsSheet([...SHOP_SETTINGS, ...settings])],
    today,
    hour: 9,
  });
  t.call('runDailyFollowUps');
  return t;
}

const cards = (t: Tsunagu) => t.records('連絡履歴').filter((r) => r['シナリオ'] === '季節のご挨拶');
const customer = (t: Tsunagu, id: string) => t.records('顧客').find((r) => r['顧客ID'] === id) ?? {};

describe('S10 年賀状 on 2026-12-10 with 年賀状 TRUE', () => {
  let t: Tsunagu;
  beforeAll(() => {
    t = shop([['年賀状', 'TRUE']]);
  });

  test('one card per household that gets a 年賀状: 佐藤 (one for two), 伊藤 (mourning was last year)', () => {
    const rows = cards(t);
    expect(rows.map((r) => [r['顧客ID'], r['ステップ'], r['チャネル'], r['状態']])).toEqual([
      ['C1', '年賀状', '手紙', '印刷待ち'],
      ['C7', '年賀状', '手紙', '印刷待ち'],
    ]);
    expect(rows[0]['キー']).toBe('世帯:1540004東京都世田谷区太子堂1-2-3|S10|年賀状|2026-12-10');
  });

  test('the card is a greeting card addressed to both, each with 様, dated 令和9年 元旦', () => {
    const text = String(cards(t)[0]['内容']);
    expect(text).toContain('佐藤 美咲 様');
    expect(text).toContain('健 様');
    expect(text).toContain('謹賀新年');
    expect(text).toContain('令和9年 元旦');
    expect(text).not.toMatch(/拝啓|敬具|様様/);
  });

  test("the owner's notice says when to post them once, with the count, not once per household", () => {
    const notice = t.services.exportState().gmail.sent.find((m) => m.subject.startsWith('【つなぐ】'));
    const body = notice?.plainBody ?? '';
    expect(body).toContain('年賀状 2枚：12月15日〜25日に投函してください');
    expect(body.match(/投函してください/g)).toHaveLength(1);
    // Cards print from the はがき sheet: said apart from the letters on 手紙.
    expect(body).toMatch(/・手紙 \d+件（「手紙」シートを印刷）/);
    expect(body).toContain('・はがき 2枚（「はがき」シートを印刷）');
  });

  test('顧客 says why and when, with the posting days', () => {
    expect(customer(t, 'C1')).toMatchObject({
      次回連絡内容: '季節のご挨拶（年賀状）',
      次回チャネル: '手紙',
    });
    expect(String(customer(t, 'C1')['理由'])).toContain('12月15日〜25日に投函');
  });

  test('no 年賀状 to the 喪中 household (令和８年 written by one member), nor to 郵送 opt-out or the long-unseen', () => {
    const ids = cards(t).map((r) => r['顧客ID']);
    for (const id of ['C3', 'C4', 'C5', 'C6']) expect(ids).not.toContain(id);
  });

  test('the sidebar lists the cards with the posting days; printed, 集計 counts them at the postcard rate', () => {
    const view = t.call<{
      groups: { channel: string; items: { title: string; reason: string; printOn?: string }[] }[];
    }>('getTodayFollowUps');
    const letters = view.groups.find((g) => g.channel === '手紙')?.items ?? [];
    const cardsListed = letters.filter((i) => i.title.includes('年賀状'));
    expect(cardsListed).toHaveLength(2);
    // They print from the はがき sheet, and the card says so.
    expect(cardsListed.map((i) => i.printOn)).toEqual(['はがき', 'はがき']);
    t.call('markLettersPrinted');
    t.at('2026-12-11', 9);
    t.call('runDailyFollowUps');
    const postcards = (t.values('集計') ?? []).find((r) => r[0] === 'はがき');
    expect(postcards?.slice(0, 4)).toEqual(['はがき', 2, 85, 170]);
  });

  test('the 喪中 household gets its 寒中見舞い from 1-08, to the one who wrote 喪中, dated 令和9年 一月', () => {
    t.at('2027-01-08', 9);
    t.call('runDailyFollowUps');
    const midwinter = cards(t).filter((r) => r['ステップ'] === '寒中見舞い');
    expect(midwinter.map((r) => r['顧客ID'])).toEqual(['C3']);
    const text = String(midwinter[0]['内容']);
    expect(text).toContain('寒中お見舞い申し上げます');
    expect(text).toContain('令和9年 一月');
    // Addressed to the member who wrote 喪中 (she sent the 喪中はがき), not to the whole household.
    expect(text).toContain('鈴木 花子 様');
    expect(text).not.toContain('一郎');
    expect(cards(t).filter((r) => String(r['顧客ID']) === 'C1')).toHaveLength(1);
  });
});

describe('S10 when the shop has not said yes', () => {
  test('年賀状 FALSE (the default): nothing on 12-10', () => {
    expect(cards(shop([]))).toEqual([]);
  });

  test('挨拶状の対象 全員: the household last seen three years ago gets one too', () => {
    const ids = cards(
      shop([
        ['年賀状', 'TRUE'],
        ['挨拶状の対象', '全員'],
      ]),
    ).map((r) => r['顧客ID']);
    expect(ids).toContain('C6');
  });
});

describe('S10 暑中見舞い', () => {
  test('from 7-07 when the shop turns it on, dated 盛夏; installed in August, 残暑見舞い', () => {
    const july = cards(shop([['暑中見舞い', 'TRUE']], '2027-07-07'));
    expect(july.map((r) => r['ステップ'])).toEqual(['暑中見舞い', '暑中見舞い', '暑中見舞い']);
    expect(String(july[0]['内容'])).toContain('暑中お見舞い申し上げます');
    expect(String(july[0]['内容'])).toContain('令和9年 盛夏');
    // A shop installed on 8-02 still has the season open (until 8-31): its cards are 残暑見舞い, dated 晩夏.
    const august = cards(shop([['暑中見舞い', 'TRUE']], '2027-08-02'));
    expect(august).toHaveLength(3);
    expect(String(august[0]['内容'])).toContain('残暑お見舞い申し上げます');
    expect(String(august[0]['内容'])).toContain('令和9年 晩夏');
  });

  test('a card waiting since July and one queued until August are both printed as 残暑見舞い, 晩夏', () => {
    const t = shop(
      [
        ['暑中見舞い', 'TRUE'],
        ['1日の手紙上限', '1'],
      ],
      '2027-07-07',
    );
    expect(cards(t)).toHaveLength(1);
    t.at('2027-08-02', 9);
    t.call('runDailyFollowUps');
    const queued = cards(t).filter((r) => String(r['内容']).includes('残暑お見舞い申し上げます'));
    expect(queued).toHaveLength(1);
    t.call('createLetterSheet');
    // Greeting cards print on the はがき sheet (its message sides), not on 手紙.
    const printed = (t.values('はがき') ?? []).flat().map(String);
    expect(printed).not.toContain('暑中お見舞い申し上げます');
    expect(printed.filter((v) => v === '残暑お見舞い申し上げます')).toHaveLength(2);
    expect(printed.filter((v) => v === '令和9年 晩夏')).toHaveLength(2);
  });
});

describe('S10 when the 喪中 column is renamed or deleted after a run', () => {
  test('no 年賀状 while it is missing, and the summary says why; back, the cards come', () => {
    const t = shop([['年賀状', 'TRUE']], '2026-12-01');
    // The owner renames the column 「喪中」 to 「喪中の年」 before 12-10.
    const sheet = t.services.spreadsheetApp.getActiveSpreadsheet().getSheetByName('顧客');
    const header = sheet?.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] ?? [];
    const column = header.indexOf('喪中') + 1;
    sheet?.getRange(1, column).setValue('喪中の年');
    t.at('2026-12-10', 9);
    const summary = t.call<{ setupProblems: string[]; forecast: string[] } | null>('runDailyFollowUps');
    expect(cards(t)).toEqual([]);
    expect(JSON.stringify(summary)).toContain('「喪中」の列が見つからないため、年賀状');
    sheet?.getRange(1, column).setValue('喪中');
    t.at('2026-12-11', 9);
    t.call('runDailyFollowUps');
    expect(cards(t).map((r) => r['顧客ID'])).toEqual(['C1', 'C7']);
  });
});
