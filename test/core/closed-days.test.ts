import { isBusinessDay, nextBusinessDay } from '../../src/core/calendar';
import { describeClosedWeekdays, nthOfMonth, parseClosedWeekdays } from '../../src/core/closed-days';
import { addDays, isoDay, weekdayOf } from '../../src/core/day';
import { readSettings } from '../../src/core/settings';
import { d, TZ } from './builders';

const [SUN, MON, TUE, WED, THU, , SAT] = [0, 1, 2, 3, 4, 5, 6];

/** What a 定休日 value is read as: weekly days, 第n, and the parts not applied. */
function read(value: string) {
  const r = parseClosedWeekdays(value);
  if (!r) throw new Error('blank');
  return {
    weekly: [...r.weekdays].sort(),
    nth: r.nth.map(({ weekday, nth }) => `${nth}:${weekday}`),
    notes: r.notes,
    irregular: r.irregular,
    unknown: r.unknown,
    holidays: r.holidays,
  };
}

describe('定休日 as salons write it: one weekday in any form', () => {
  test.each([
    ['水'],
    ['水曜'],
    ['水曜日'],
    ['毎週水曜'],
    ['毎週水曜日'],
    ['水曜定休'],
    ['水曜日定休日'],
    ['定休日：水曜日'],
    ['水曜休み'],
    ['毎週水曜日はお休み'],
    ['水曜日です'],
    ['Wed'],
    ['ｗｅｄ'],
    ['　水曜　'],
  ])('「%s」 is every Wednesday, nothing left over', (value) => {
    expect(read(value)).toEqual({
      weekly: [WED],
      nth: [],
      notes: [],
      irregular: [],
      unknown: [],
      holidays: false,
    });
  });
});

describe('定休日: several terms joined by ・、,／ or と/及び', () => {
  test.each<[string, number[]]>([
    ['月・火', [MON, TUE]],
    ['月、火', [MON, TUE]],
    ['月,火', [MON, TUE]],
    ['月，火', [MON, TUE]],
    ['月／火', [MON, TUE]],
    ['月/火', [MON, TUE]],
    ['月 火', [MON, TUE]],
    ['月曜と火曜', [MON, TUE]],
    ['月曜日及び火曜日', [MON, TUE]],
    ['月曜および火曜', [MON, TUE]],
    ['土日', [SUN, SAT]],
    ['月火', [MON, TUE]],
    ['水曜日・日曜', [SUN, WED]],
    ['毎週月曜・毎週木曜', [MON, THU]],
  ])('「%s」', (value, weekly) => {
    expect(read(value)).toMatchObject({ weekly, nth: [], notes: [], irregular: [], unknown: [] });
  });
});

describe('定休日: 第n of a weekday', () => {
  test.each<[string, number[], string[]]>([
    ['第3火曜', [], ['3:2']],
    ['第２火曜', [], ['2:2']],
    ['第２・第４火曜日', [], ['2:2', '4:2']],
    ['第2・4火曜', [], ['2:2', '4:2']],
    ['第2、第4火曜', [], ['2:2', '4:2']],
    ['第2第4火曜', [], ['2:2', '4:2']],
    ['第2と第4の火曜日', [], ['2:2', '4:2']],
    ['第2火曜・第4火曜', [], ['2:2', '4:2']],
    ['毎月第1月曜', [], ['1:1']],
    ['第1週の月曜', [], ['1:1']],
    ['毎週月曜・第3火曜', [MON], ['3:2']],
    ['月曜、第1・第3日曜', [MON], ['1:0', '3:0']],
    // Every 第n of a weekday is that weekday every week; a weekly day needs no 第n.
    ['第1・第2・第3・第4・第5水曜', [WED], []],
    ['水曜・第2水曜', [WED], []],
  ])('「%s」', (value, weekly, nth) => {
    expect(read(value)).toMatchObject({ weekly, nth, notes: [], irregular: [], unknown: [] });
  });
});

describe('定休日: what is not applied is kept apart, and what was read is still used', () => {
  test.each<[string, number[], Partial<ReturnType<typeof read>>]>([
    ['水曜（祝日の場合は翌日）', [WED], { notes: ['（祝日の場合は翌日）'] }],
    ['水曜(祝日の場合は翌日)', [WED], { notes: ['（祝日の場合は翌日）'] }],
    ['毎週月曜・第3火曜（祝日の場合は営業）', [MON], { nth: ['3:2'], notes: ['（祝日の場合は営業）'] }],
    ['水曜【臨時休業あり】', [WED], { notes: ['（臨時休業あり）'] }],
    ['水曜 ※祝日は営業', [WED], { notes: ['「※祝日は営業」'] }],
    ['隔週水曜', [], { irregular: ['隔週水曜'] }],
    ['不定休', [], { irregular: ['不定休'] }],
    ['月曜・不定休', [MON], { irregular: ['不定休'] }],
    ['第6火曜', [], { unknown: ['第6火曜'] }],
    ['第2', [], { unknown: ['第2'] }],
    ['水,金曜じゃない', [WED], { unknown: ['金曜じゃない'] }],
    // と joins terms, but not inside a word: the word is said as written.
    ['ときどき', [], { unknown: ['ときどき'] }],
    ['月曜とときどき日曜', [MON], { unknown: ['ときどき日曜'] }],
  ])('「%s」', (value, weekly, rest) => {
    expect(read(value)).toMatchObject({ weekly, ...rest });
  });

  test('祝 is read (土日祝 keeps 土日) and left to 祝日休業', () => {
    expect(read('土日祝')).toMatchObject({ weekly: [SUN, SAT], unknown: [], holidays: true });
    expect(read('日・祝日')).toMatchObject({ weekly: [SUN], unknown: [], holidays: true });
  });

  test.each(['なし', '年中無休', '無休', '定休日なし'])('「%s」 closes nothing', (value) => {
    expect(read(value)).toMatchObject({ weekly: [], nth: [], unknown: [] });
  });

  test('blank is null', () => {
    expect(parseClosedWeekdays('')).toBeNull();
    expect(parseClosedWeekdays(null)).toBeNull();
  });
});

describe('第n counts weeks of the month as salons do', () => {
  test.each([
    ['2026-12-01', 1],
    ['2026-12-07', 1],
    ['2026-12-08', 2],
    ['2026-12-15', 3],
    ['2026-12-29', 5],
    ['2026-12-31', 5],
  ])('%s is in 第%d', (iso, n) => {
    expect(nthOfMonth(d(iso))).toBe(n);
  });

  test('describeClosedWeekdays says it back as the owner would write it', () => {
    expect(describeClosedWeekdays(new Set([MON]), [{ weekday: TUE, nth: 3 }])).toBe('毎週月曜・第3火曜');
    expect(
      describeClosedWeekdays(new Set(), [
        { weekday: TUE, nth: 2 },
        { weekday: TUE, nth: 4 },
      ]),
    ).toBe('第2・第4火曜');
    expect(describeClosedWeekdays(new Set([WED, SUN]), [])).toBe('毎週日曜・水曜');
  });
});

describe('the shop calendar from 設定', () => {
  const calendarOf = (rows: [string, unknown][]) => readSettings(rows, TZ);

  test('毎週月曜・第3火曜 closes every Monday and the third Tuesday of each month only', () => {
    const { settings, problems } = calendarOf([
      ['定休日', '毎週月曜・第3火曜'],
      ['祝日休業', 'FALSE'],
    ]);
    expect(problems).toEqual([]);
    const closed: string[] = [];
    for (let day = d('2027-01-01'); day <= d('2027-03-31'); day = addDays(day, 1))
      if (!isBusinessDay(day, settings.calendar) && weekdayOf(day) !== MON) closed.push(isoDay(day));
    expect(closed).toEqual(['2027-01-19', '2027-02-16', '2027-03-16']);
    expect(isBusinessDay(d('2027-01-04'), settings.calendar)).toBe(false); // a Monday
    expect(isBusinessDay(d('2027-01-12'), settings.calendar)).toBe(true); // the second Tuesday
  });

  test('a call due on the third Tuesday moves to Wednesday; on a second Tuesday it stays', () => {
    const { settings } = calendarOf([['定休日', '第3火曜']]);
    expect(isoDay(nextBusinessDay(d('2026-12-14'), settings.calendar))).toBe('2026-12-16');
    expect(isoDay(nextBusinessDay(d('2026-12-07'), settings.calendar))).toBe('2026-12-08');
  });

  test('「毎週月曜・第3火曜」 says nothing: it was read whole', () => {
    expect(calendarOf([['定休日', '毎週月曜・第3火曜']]).problems).toEqual([]);
  });

  test.each<[string, string]>([
    [
      '水曜（祝日の場合は翌日）',
      '設定「定休日」は毎週水曜として扱います。（祝日の場合は翌日）は反映していません（その日を休みにするときは「休業日」に日付で入れてください）',
    ],
    [
      '毎週月曜・第3火曜（祝日の場合は翌日）',
      '設定「定休日」は毎週月曜・第3火曜として扱います。（祝日の場合は翌日）は反映していません（その日を休みにするときは「休業日」に日付で入れてください）',
    ],
    [
      '月曜・不定休',
      '設定「定休日」は毎週月曜として扱います。「不定休」は日が決まらないため使いません（お休みの日を「休業日」に日付で入れてください）',
    ],
    [
      '隔週水曜',
      '設定「定休日」は定休日なしとして扱います。「隔週水曜」は日が決まらないため使いません（お休みの日を「休業日」に日付で入れてください）',
    ],
    [
      '水、第6火曜',
      '設定「定休日」は毎週水曜として扱います。「第6火曜」は読めないため使いません（書き方の例: 水曜、第2・第4火曜）',
    ],
  ])('「%s」 says exactly what it is taken as and what is not applied', (value, message) => {
    const { problems } = calendarOf([['定休日', value]]);
    expect(problems).toEqual([message]);
  });

  test('水曜（祝日の場合は翌日） keeps 水曜', () => {
    const { settings } = calendarOf([['定休日', '水曜（祝日の場合は翌日）']]);
    expect([...settings.calendar.closedWeekdays]).toEqual([WED]);
  });

  test('祝 with 祝日休業 TRUE is already so; with FALSE the owner is told holidays stay open', () => {
    expect(calendarOf([['定休日', '日祝']]).problems).toEqual([]);
    const off = calendarOf([
      ['定休日', '日祝'],
      ['祝日休業', 'FALSE'],
    ]);
    expect([...off.settings.calendar.closedWeekdays]).toEqual([SUN]);
    expect(off.problems).toEqual([
      '設定「定休日」に「祝」とありますが、「祝日休業」がFALSEのため、祝日は営業日として扱います（祝日をお休みにするときは「祝日休業」をTRUEにしてください）',
    ]);
  });
});

describe('休業日: dates, ranges and yearly ones with 毎年', () => {
  const calendarOf = (value: string) =>
    readSettings(
      [
        ['休業日', value],
        ['祝日休業', 'FALSE'],
      ],
      TZ,
    );
  const closedIn = (value: string, from: string, to: string): string[] => {
    const { settings } = calendarOf(value);
    const days: string[] = [];
    for (let day = d(from); day <= d(to); day = addDays(day, 1))
      if (!isBusinessDay(day, settings.calendar)) days.push(isoDay(day));
    return days;
  };

  test('毎年12/29〜1/3 crosses the new year, every year', () => {
    const { problems } = calendarOf('毎年12/29〜1/3');
    expect(problems).toEqual([]);
    for (const year of [2026, 2027, 2031])
      expect(closedIn('毎年12/29〜1/3', `${year}-12-20`, `${year + 1}-01-10`)).toEqual([
        `${year}-12-29`,
        `${year}-12-30`,
        `${year}-12-31`,
        `${year + 1}-01-01`,
        `${year + 1}-01-02`,
        `${year + 1}-01-03`,
      ]);
  });

  test.each<[string, string, string, string[]]>([
    [
      '毎年８月１３日〜１６日',
      '2027-08-10',
      '2027-08-20',
      ['2027-08-13', '2027-08-14', '2027-08-15', '2027-08-16'],
    ],
    ['毎年8/13-8/16', '2028-08-10', '2028-08-20', ['2028-08-13', '2028-08-14', '2028-08-15', '2028-08-16']],
    ['毎年 8/13~16', '2026-08-12', '2026-08-17', ['2026-08-13', '2026-08-14', '2026-08-15', '2026-08-16']],
    ['毎年1/1', '2030-12-31', '2031-01-02', ['2031-01-01']],
    [
      '毎年12月31日から1月3日まで',
      '2026-12-30',
      '2027-01-04',
      ['2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'],
    ],
    ['毎年2/29', '2028-02-28', '2028-03-01', ['2028-02-29']],
    ['毎年12/29〜1/3（年末年始）', '2026-12-28', '2026-12-29', ['2026-12-29']],
    ['2026/9/1(火)【臨時休業】', '2026-08-31', '2026-09-02', ['2026-09-01']],
    ['毎年12/29〜1/3、2026/9/1\n毎年8/15', '2026-08-14', '2026-09-02', ['2026-08-15', '2026-09-01']],
  ])('「%s」', (value, from, to, closed) => {
    expect(calendarOf(value).problems).toEqual([]);
    expect(closedIn(value, from, to)).toEqual(closed);
  });

  test('a date without its year is not guessed: the owner is told how to write it either way', () => {
    const { settings, problems } = calendarOf('2026/9/1, 9/2');
    expect(settings.calendar.closedDays.has(d('2026-09-01'))).toBe(true);
    expect(settings.calendar.closedDays.has(d('2026-09-02'))).toBe(false);
    expect(problems).toEqual([
      '設定「休業日」の値「2026/9/1, 9/2」のうち、「9/2」は読めないため使いません（「9/2」は年がありません。毎年休むなら「毎年9/2」、その年だけなら年から書いてください）。読めた「2026/9/1」だけを休業日として使います（書き直すと次の実行から使います）',
    ]);
    expect(calendarOf('8/13〜8/16').problems).toEqual([
      '設定「休業日」の値「8/13〜8/16」を読めないため、空欄として扱います（「8/13〜8/16」は年がありません。毎年休むなら「毎年8/13〜8/16」、その年だけなら年から書いてください）',
    ]);
  });

  test.each(['毎年13/1', '毎年2/30', '毎年8/16〜13', '毎年お盆'])(
    '「%s」 is reported, keeping the others',
    (bad) => {
      const { settings, problems } = calendarOf(`毎年12/29〜1/3、${bad}`);
      expect(settings.calendar.closedYearly).toHaveLength(1);
      expect(problems).toEqual([
        `設定「休業日」の値「毎年12/29〜1/3、${bad}」のうち、「${bad}」は読めないため使いません。読めた「毎年12/29〜1/3」だけを休業日として使います（書き直すと次の実行から使います）`,
      ]);
    },
  );
});
