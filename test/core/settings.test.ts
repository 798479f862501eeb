import { readCategories } from '../../src/core/categories';
import { readSettings } from '../../src/core/settings';
import { d, TZ } from './builders';

describe('設定', () => {
  test('an empty 設定 gives the contract defaults and no problems', () => {
    const { settings, problems } = readSettings([], TZ);
    expect(problems).toEqual([]);
    expect(settings).toMatchObject({
      dormantDays: 90,
      regularVisits: 3,
      highValueAmount: 30000,
      lineMonthlyTarget: 1,
      lineMonthlyLimit: 4,
      vacancyIntervalDays: 7,
      vacancyMaxRecipients: 3,
      dormantFollowMonths: 36,
      newsletterDay: undefined,
      runHour: 8,
      dailyLetterLimit: 20,
      dailyPhoneLimit: 10,
      dailyEmailLimit: 50,
      lineAutoSend: false,
      ownerNotice: 'メール',
    });
    expect(settings.calendar.closedOnHolidays).toBe(true);
    expect(settings.calendar.closedWeekdays.size).toBe(0);
  });

  test('an unreadable 休眠フォローの対象 falls back to 3年以内 and says so', () => {
    const { settings, problems } = readSettings([['休眠フォローの対象', 'しばらく']], TZ);
    expect(settings.dormantFollowMonths).toBe(36);
    expect(problems).toEqual([
      '設定「休眠フォローの対象」の値「しばらく」を読めないため、既定値「3年以内」として扱います',
    ]);
  });

  test.each<[string, unknown, string, unknown]>([
    ['休眠日数', '１２０日', 'dormantDays', 120],
    ['毎日の実行時刻', '9時', 'runHour', 9],
    ['高額購入金額', '5万円', 'highValueAmount', 50000],
    ['LINE自動送信', '○', 'lineAutoSend', true],
    ['店名', '  ここち堂 ', 'shopName', 'ここち堂'],
    ['署名', 'ここち堂\n  山本 ', 'signature', 'ここち堂\n山本'],
    ['休眠フォローの対象', '2年以内', 'dormantFollowMonths', 24],
    ['休眠フォローの対象', '１８か月', 'dormantFollowMonths', 18],
    ['休眠フォローの対象', '全員', 'dormantFollowMonths', null],
  ])('%s typed as %p reads as the owner meant', (item, value, key, expected) => {
    const { settings, problems } = readSettings([[item, value]], TZ);
    expect(problems).toEqual([]);
    expect((settings as unknown as Record<string, unknown>)[key]).toEqual(expected);
  });

  test('定休日 and 休業日 make the shop calendar', () => {
    const { settings } = readSettings(
      [
        ['定休日', '水,日'],
        ['休業日', '2026/12/29〜2027/1/3'],
        ['祝日休業', 'FALSE'],
      ],
      TZ,
    );
    expect([...settings.calendar.closedWeekdays].sort()).toEqual([0, 3]);
    expect(settings.calendar.closedDays.has(d('2026-12-31'))).toBe(true);
    expect(settings.calendar.closedDays.has(d('2027-01-04'))).toBe(false);
    expect(settings.calendar.closedOnHolidays).toBe(false);
  });

  test.each([
    [
      '休眠日数',
      'たくさん',
      'dormantDays',
      90,
      '設定「休眠日数」の値「たくさん」を読めないため、既定値「90」として扱います',
    ],
    [
      'ニュースレター配信日',
      '31',
      'newsletterDay',
      undefined,
      '設定「ニュースレター配信日」の値「31」を読めないため、空欄として扱います',
    ],
    [
      'オーナー通知',
      'FAX',
      'ownerNotice',
      'メール',
      '設定「オーナー通知」の値「FAX」を読めないため、既定値「メール」として扱います',
    ],
  ])('an unreadable %s falls back to its default and is reported', (item, value, key, expected, message) => {
    const { settings, problems } = readSettings([[item, value]], TZ);
    expect((settings as unknown as Record<string, unknown>)[key]).toEqual(expected);
    expect(problems).toEqual([message]);
  });

  test('a 休業日 list with one bad entry keeps the good ones', () => {
    const { settings, problems } = readSettings([['休業日', '2026/8/13, そのうち']], TZ);
    expect(settings.calendar.closedDays.has(d('2026-08-13'))).toBe(true);
    expect(problems).toHaveLength(1);
  });

  test('LINE目安月回数 above the hard cap is lowered to the cap and reported', () => {
    const { settings, problems } = readSettings([['LINE目安月回数', 6]], TZ);
    expect(settings.lineMonthlyTarget).toBe(4);
    expect(problems[0]).toContain('LINE上限月回数');
  });
});

describe('カテゴリ', () => {
  test('numbers with notes read as the number, — means the step does not exist, 不可 forbids calls', () => {
    const { categories, problems } = readCategories([
      ['服', 7, 5, '90 (次の季節)', '可', '新しいコーディネート'],
      ['美容室', '3', '—', '35', '不可', '次回のカット'],
    ]);
    expect(problems).toEqual([]);
    expect(categories.get('服')).toMatchObject({
      firstFollowDays: 7,
      phoneCheckDays: 5,
      proposalDays: 90,
      phoneAllowed: true,
    });
    expect(categories.get('美容室')).toMatchObject({
      phoneCheckDays: undefined,
      proposalDays: 35,
      phoneAllowed: false,
    });
  });

  test('an unreadable number is reported naming the category and column', () => {
    const { categories, problems } = readCategories([['靴', 'すぐ', 5, 30, '可', '']]);
    expect(categories.get('靴')?.firstFollowDays).toBeUndefined();
    expect(problems).toEqual([
      'カテゴリ「靴」の初回フォロー日数「すぐ」を読めません（このステップは行いません）',
    ]);
  });
});
