/**
 * 「診断」 through dist/Code.js: one Japanese line per check, each saying what was found and what to do, for the
 * states a real shop's spreadsheet can be in.
 */
import type { CellValue, FetchRequest, FetchResponse } from '../fakes';
import {
  C1_MAIL,
  customerSheet,
  lineStandIn,
  loadTsunagu,
  OWNER,
  settingsSheet,
  SHOP_SETTINGS,
  wall,
  type Options,
  type Tsunagu,
} from './harness';

interface Line {
  mark: '✓' | '！' | '✗';
  topic: string;
  text: string;
}

const GMAIL_SCOPE = 'https://mail.google.com/';

function shop(options: Partial<Options> = {}): Tsunagu {
  return loadTsunagu({
    sheets: [customerSheet([{ ...C1_MAIL }]), settingsSheet(SHOP_SETTINGS)],
    today: '2026-11-22',
    hour: 10,
    ...options,
  });
}

/** LINE's Messaging API as 診断 asks it: the bot's name, this month's quota. */
function lineApi(status = 200) {
  const quota = lineStandIn({ limit: 200, used: 57 });
  return (request: FetchRequest): FetchResponse => {
    if (request.url.endsWith('/v2/bot/info'))
      return status === 200
        ? { status, body: JSON.stringify({ userId: 'Ubot', basicId: '@123abcde', displayName: 'ここち堂' }) }
        : { status, body: '{"message":"Authentication failed"}' };
    return quota.handler(request);
  };
}

const diagnosis = (t: Tsunagu) => t.call<Line[]>('getDiagnosis');
/** A follow event as LINE's webhook.yml describes it, from the owner's own LINE. */
const OWNER_FOLLOW = {
  type: 'follow',
  mode: 'active',
  timestamp: 1794900000000,
  source: { type: 'user', userId: `U${'0a1b2c3d'.repeat(4)}` },
  webhookEventId: '01HFOLLOWOWNER',
  deliveryContext: { isRedelivery: false },
  replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
  follow: { isUnblocked: false },
};
const line = (lines: Line[], topic: string) => lines.find((l) => l.topic === topic) as Line;

/** Every line is Japanese, says something, and leaks no internal word. */
function expectJapanese(lines: Line[]): void {
  for (const l of lines) {
    expect(l.text).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(l.text).not.toMatch(/\b(undefined|null|NaN|Exception|Error|TypeError)\b/);
    // No English sentence (Apps Script's own error messages): at most a name like 「LINE Developers」.
    expect(l.text).not.toMatch(/[A-Za-z]{2,}[ .]+[A-Za-z]{2,}[ .]+[A-Za-z]{2,}/);
    expect(l.topic).not.toBe('');
  }
}

describe('診断', () => {
  test('a new shop: every check runs, in Japanese, and says what to do where something is missing', () => {
    const t = shop();
    const lines = diagnosis(t);
    expectJapanese(lines);
    expect(lines.map((l) => l.topic)).toEqual([
      'バージョン',
      'タイムゾーン',
      '同時実行',
      'オーナー',
      '自動実行',
      'Gmail',
      'LINE',
      'Webhook',
      '権限',
      '「顧客」',
      '「設定」',
      '「連絡履歴」',
      '「LINE送信」',
      '「LINE友だち」',
      'セル数',
      '営業日',
      '来店履歴',
    ]);
    // Two sheets of 1,000 × 26 (a new sheet's grid): 52,000 cells.
    expect(line(lines, 'セル数')).toEqual({
      mark: '✓',
      topic: 'セル数',
      text: '52,000セル（上限の1,000万セルの1%）を使っています。',
    });
    expect(line(lines, '営業日')).toEqual({
      mark: '✓',
      topic: '営業日',
      text: '定休日はなし、休業日はなし、祝日はお休みとして扱います。',
    });
    expect(line(lines, 'バージョン').text).toMatch(/つなぐのバージョンは \d+\.\d+\.\d+/);
    expect(line(lines, 'タイムゾーン')).toMatchObject({
      mark: '✓',
      text: expect.stringContaining('Asia/Tokyo'),
    });
    expect(line(lines, 'オーナー')).toMatchObject({
      mark: '！',
      text: expect.stringContaining('自動実行をオン'),
    });
    expect(line(lines, 'Gmail').mark).toBe('✓');
    expect(line(lines, '権限')).toMatchObject({ mark: '✓' });
    expect(line(lines, '「顧客」')).toMatchObject({ mark: '✓', text: expect.stringContaining('1行') });
    // Read-only: nothing was written anywhere.
    expect(t.values('連絡履歴')).toBeUndefined();
  });

  test('a shop set up: owner, trigger, LINE (the bot’s name and this month’s quota), webhook, all ✓', () => {
    const t = shop({
      fetch: lineApi(),
      documentProperties: { 'tsunagu.line.token': 'token' },
      scriptProperties: { 'tsunagu.webhookSecret': 'w'.repeat(48) },
    });
    t.call('installAutoRunTrigger');
    // The owner adds the shop as a friend from their own phone (LINE's follow event; 検証 alone would not do).
    t.call('doPost', {
      parameter: { secret: 'w'.repeat(48) },
      postData: { contents: JSON.stringify({ destination: `U${'f'.repeat(32)}`, events: [OWNER_FOLLOW] }) },
    });
    const lines = diagnosis(t);
    expectJapanese(lines);
    expect(lines.filter((l) => l.mark !== '✓')).toEqual([]);
    expect(line(lines, 'オーナー').text).toContain(OWNER);
    expect(line(lines, 'LINE').text).toContain('「ここち堂」');
    expect(line(lines, 'LINE').text).toContain('残りは143通');
    expect(line(lines, 'Webhook').text).toContain('今日');
  });

  test('only LINE’s 検証 so far: ！ asking the owner to check 「Webhookの利用」 and add the shop from their phone', () => {
    const t = shop({ scriptProperties: { 'tsunagu.webhookSecret': 'w'.repeat(48) } });
    t.call('doPost', { parameter: { secret: 'w'.repeat(48) }, postData: { contents: '{"events":[]}' } });
    const webhook = line(diagnosis(t), 'Webhook');
    expect(webhook).toMatchObject({ mark: '！', text: expect.stringContaining('「Webhookの利用」') });
    expect(webhook.text).toContain(
      'ご自分のスマートフォンのLINEでお店の公式アカウントを友だちに追加してください',
    );
  });

  test('LINE says the token is wrong (401): ✗ with what to do', () => {
    const t = shop({ fetch: lineApi(401), documentProperties: { 'tsunagu.line.token': 'old' } });
    expect(line(diagnosis(t), 'LINE')).toMatchObject({
      mark: '✗',
      text: expect.stringContaining('チャネルアクセストークンが正しくないか、失効しています'),
    });
  });

  test('no delivery from LINE for weeks: ！ with what to check on LINE’s side', () => {
    const t = shop({ scriptProperties: { 'tsunagu.webhookSecret': 'w'.repeat(48) } });
    t.call('doPost', { parameter: { secret: 'w'.repeat(48) }, postData: { contents: '{"events":[]}' } });
    t.clock.set(wall('2026-12-20', 10));
    const webhook = line(diagnosis(t), 'Webhook');
    expect(webhook).toMatchObject({ mark: '！', text: expect.stringContaining('28日前') });
    expect(webhook.text).toContain('検証');
  });

  test('LINE’s events piling up unapplied (e.g. LINE友だち protected): ✗ before follows start being refused', () => {
    const piled = Object.fromEntries(
      Array.from({ length: 600 }, (_, i) => [
        `tsunagu.webhookEvent.e${i}.follow`,
        JSON.stringify([`U${'1'.repeat(32)}`, 1, i, i]),
      ]),
    );
    const t = shop({ scriptProperties: { 'tsunagu.webhookSecret': 'w'.repeat(48), ...piled } });
    expect(line(diagnosis(t), 'Webhook')).toMatchObject({
      mark: '✗',
      text: expect.stringContaining('600件たまっています'),
    });
  });

  test('a webhook URL made but never reached by LINE: ！', () => {
    const t = shop({ scriptProperties: { 'tsunagu.webhookSecret': 'w'.repeat(48) } });
    expect(line(diagnosis(t), 'Webhook')).toMatchObject({
      mark: '！',
      text: expect.stringContaining('まだ一度も届いていません'),
    });
  });

  test('another editor: told who the owner is and that the trigger and Gmail are checked from that account', () => {
    const t = shop();
    t.call('installAutoRunTrigger');
    t.user = 'staff@example.com';
    const lines = diagnosis(t);
    expectJapanese(lines);
    expect(line(lines, 'オーナー')).toMatchObject({
      mark: '！',
      text: expect.stringContaining(`オーナーは ${OWNER}`),
    });
    expect(line(lines, 'Gmail').text).toContain(OWNER);
    expect(t.services.mailbox('staff@example.com').draftRecords()).toEqual([]);
  });

  test('a permission unticked on the consent screen: 権限 ✗ names it and the feature, Gmail ✗ says to grant it', () => {
    const t = shop({ withheldScopes: [GMAIL_SCOPE] });
    const lines = diagnosis(t);
    expectJapanese(lines);
    const permissions = lines.filter((l) => l.topic === '権限');
    expect(permissions).toEqual([
      {
        mark: '✗',
        topic: '権限',
        text: expect.stringContaining(
          '「Gmail のすべてのメールの閲覧、作成、送信、完全な削除」が許可されていないため、メールの下書き作成・毎朝のお知らせ（設定「オーナー通知」）のメールができません',
        ),
      },
    ]);
    expect(line(lines, 'Gmail')).toMatchObject({ mark: '✗', text: expect.stringContaining('許可') });
  });

  describe('セル数: Sheets counts every sheet’s grid, empty cells too, up to 10 million', () => {
    /** The owner's own 売上 sheet grown to `rows` rows of 26 columns. */
    const grown = (rows: number) => {
      const t = shop();
      const ss = t.services.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
      const sales = ss.insertSheet('売上');
      sales.insertRowsAfter(sales.getMaxRows(), rows - sales.getMaxRows());
      return t;
    };

    test('at 84%: ！ with the largest sheets and what to do', () => {
      const cellLine = line(diagnosis(grown(320_000)), 'セル数');
      expect(cellLine).toEqual({
        mark: '！',
        topic: 'セル数',
        text: '8,372,000セル（上限の1,000万セルの84%）を使っています。上限に達すると行を増やせず、連絡履歴に書けないため連絡を準備できなくなります。大きいシートは「売上」832万セル、「顧客」3万セル、「設定」3万セルです。使っていない行・列・シートを削除してください。',
      });
    });

    test('at 97%: ✗, the limit close', () => {
      const cellLine = line(diagnosis(grown(372_000)), 'セル数');
      expect(cellLine.mark).toBe('✗');
      expect(cellLine.text).toContain('（上限の1,000万セルの97%）を使っています。上限の目前です。');
    });
  });

  test('a renamed required header on 顧客: ✗ names it', () => {
    const t = loadTsunagu({
      sheets: [
        {
          name: '顧客',
          values: [
            ['お客様コード', '氏名'],
            ['C1', '佐藤 美咲'],
          ],
        },
      ],
      today: '2026-11-22',
    });
    expect(line(diagnosis(t), '「顧客」')).toMatchObject({
      mark: '✗',
      text: expect.stringContaining('「顧客ID」'),
    });
  });

  test('another run holds the lock: ！ says to try again in a few minutes', () => {
    const t = shop();
    t.services.locks.holdByOther('script');
    expect(line(diagnosis(t), '同時実行')).toMatchObject({
      mark: '！',
      text: expect.stringContaining('数分後'),
    });
  });

  test('with an Intl that lacks offset names, the time-zone check still agrees with Utilities.formatDate', () => {
    const t = shop({ intlDateTimeFormat: 'withoutOffsetNames' });
    t.clock.set(wall('2026-11-22', 3));
    expect(line(diagnosis(t), 'タイムゾーン')).toMatchObject({
      mark: '✓',
      text: expect.stringContaining('11月22日3時'),
    });
  });

  test('from the menu with a permission missing: the report, then Google’s consent prompt for just that one', () => {
    const t = shop({ withheldScopes: [GMAIL_SCOPE] });
    expect(() => t.call('runDiagnosis')).toThrow(/Authorization is required/);
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain(
      '✗ 権限: 「Gmail のすべてのメールの閲覧、作成、送信、完全な削除」',
    );
    expect(t.services.scriptApp.consentPrompts).toEqual([[GMAIL_SCOPE]]);
  });

  test('from the menu: one dialog, a line per check', () => {
    const t = shop();
    const text = t.call<string>('runDiagnosis');
    const alert = t.services.ui.alerts.at(-1)?.prompt ?? '';
    expect(alert).toContain('つなぐの診断');
    expect(alert).toContain(text);
    expect(text.split('\n')).toHaveLength(diagnosis(t).length);
  });
});

describe('来店履歴 (issue 17)', () => {
  const VISIT_HEADER = [
    '日時',
    '顧客ID',
    '氏名',
    '電話',
    'メニュー',
    'カテゴリ',
    '金額',
    '次回予約日',
    '出典',
    '外部ID',
    '取込キー',
    '来店回数',
  ];
  /** A row as the import writes it (src/app/import.ts cellsOf): moments as 「2026/11/20 13:05」. */
  const visit = (
    at: string,
    id: string,
    menu: string,
    source: string,
    key: string,
    booking = '',
  ): CellValue[] => [at, id, '佐藤 美咲', '', menu, '', 5500, booking, source, 'A-1', key, ''];
  const visits = (...rows: CellValue[][]) => ({ name: '来店履歴', values: [VISIT_HEADER, ...rows] });
  /** カテゴリ as an install from before issue 17 has it: no キーワード column. */
  const oldCategories = {
    name: 'カテゴリ',
    values: [
      ['カテゴリ', '初回フォロー日数', '電話確認日数', '提案日数', '電話', '提案の例', '提案文'],
      ['整体', 2, 5, 14, '可', '次回の施術', '次回の施術をご検討ください。'],
    ],
  };

  test('none yet: said plainly, with where imports come from', () => {
    const l = line(diagnosis(shop()), '来店履歴');
    expect(l.mark).toBe('✓');
    expect(l.text).toContain('まだありません');
    expect(l.text).toContain('メニュー「フォローアップ」→「CSVを取り込む」');
  });

  test('rows that all count: their number and the newest import', () => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...C1_MAIL }]),
        settingsSheet(SHOP_SETTINGS),
        visits(
          visit('2026/11/20 13:05', 'C1', 'カット', 'Airレジ 2026/11/21取込', 'k1'),
          visit(
            '2026/11/10 10:00',
            'C1',
            'カット',
            'Airレジ 2026/11/11取込・STORES予約 2026/11/12取込',
            'k2',
          ),
        ),
      ],
      today: '2026-11-22',
      hour: 10,
    });
    expect(line(diagnosis(t), '来店履歴')).toEqual({
      mark: '✓',
      topic: '来店履歴',
      text: '2行です（いちばん新しい取り込みは「Airレジ 2026/11/21取込」）。',
    });
  });

  test('a 顧客ID not in 顧客, an unreadable 日時 and 次回予約日, カテゴリ without キーワード: each counted, with what to do', () => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...C1_MAIL }]),
        settingsSheet(SHOP_SETTINGS),
        oldCategories,
        visits(
          visit('2026/11/20 13:05', 'C1', 'カット', 'Airレジ 2026/11/21取込', 'k1'),
          // The owner renamed C9 in 顧客 (or deleted the customer): two rows point at no one.
          visit('2026/11/18 10:00', 'C9', 'カラー', 'Airレジ 2026/11/21取込', 'k2'),
          visit('2026/11/19 10:00', 'C9', 'カラー', 'Airレジ 2026/11/21取込', 'k3'),
          // Typed over by hand: neither reads as a moment.
          visit('11月頃', 'C1', 'カット', 'Airレジ 2026/11/21取込', 'k4'),
          visit('2026/11/15 10:00', 'C1', 'カット', 'Airレジ 2026/11/21取込', 'k5', 'そのうち'),
        ),
      ],
      today: '2026-11-22',
      hour: 10,
    });
    const l = line(diagnosis(t), '来店履歴');
    expect(l.mark).toBe('！');
    expect(l.text).toContain('5行です');
    expect(l.text).toContain('日時か次回予約日を読めない行が2行あります（5行目、6行目）');
    expect(l.text).toContain('「顧客」にいない顧客IDの行が2行あります（C9）');
    expect(l.text).toContain('「カテゴリ」シートの「キーワード」がないため');
    expect(l.text).toContain('メニュー「フォローアップ」→「初期設定」を押すと');
    // What the run does with them: said, never a stack trace or a code.
    expect(l.text).toContain('その行の来店は使っていません');
    expect(l.text).not.toMatch(/undefined|Error|index/);
  });

  test('キーワード there but empty for every category: said how to fill it', () => {
    const categories = {
      name: 'カテゴリ',
      values: [
        [...oldCategories.values[0], 'キーワード'],
        [...oldCategories.values[1], ''],
      ],
    };
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...C1_MAIL }]),
        settingsSheet(SHOP_SETTINGS),
        categories,
        visits(visit('2026/11/20 13:05', 'C1', 'カット', 'Airレジ 2026/11/21取込', 'k1')),
      ],
      today: '2026-11-22',
      hour: 10,
    });
    const l = line(diagnosis(t), '来店履歴');
    expect(l.mark).toBe('！');
    expect(l.text).toContain('「キーワード」が空のため');
    expect(l.text).toContain('「、」で区切って');
  });

  test('a renamed header: the next import would stop, so 診断 says which', () => {
    const header = VISIT_HEADER.map((h) => (h === '取込キー' ? 'キー' : h));
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...C1_MAIL }]),
        settingsSheet(SHOP_SETTINGS),
        {
          name: '来店履歴',
          values: [header, visit('2026/11/20 13:05', 'C1', 'カット', 'Airレジ 2026/11/21取込', 'k1')],
        },
      ],
      today: '2026-11-22',
      hour: 10,
    });
    const l = line(diagnosis(t), '来店履歴');
    expect(l.mark).toBe('！');
    expect(l.text).toContain('見出しの行に「取込キー」がありません');
  });
});
