import fc from 'fast-check';
import { runInNewContext } from 'node:vm';
import { dayFromYmd, instantOfDay, isoDay, parseIsoDay, ymdOf, type Day } from '../../src/core/day';
import { formatWareki } from '../../src/core/letter-text';
import {
  dayOfSerial,
  describeCell,
  normalizeText,
  parseBool,
  parseChannelList,
  parseCount,
  parseDay,
  parseDayList,
  parseEmail,
  parseHour,
  parseLineUserId,
  parsePhone,
  parsePostalCode,
  parseYearlessDay,
  parseYen,
  type ParseResult,
} from '../../src/core/parse';

const TOKYO = 'Asia/Tokyo';

function day(iso: string): Day {
  const parsed = parseIsoDay(iso);
  if (parsed === null) throw new Error(`bad test date ${iso}`);
  return parsed;
}

/** A result as one comparable value: the value, 'invalid', or null for blank. */
function outcome<T>(result: ParseResult<T> | null): T | 'invalid' | null {
  if (result === null) return null;
  return result.ok ? result.value : 'invalid';
}

function dayOutcome(result: ParseResult<Day> | null): string | null {
  const value = outcome(result);
  return typeof value === 'number' ? isoDay(value) : value;
}

const toFullWidth = (text: string): string =>
  text.replace(/[0-9/.-]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

describe('normalizeText', () => {
  test.each<[string, unknown, string]>([
    ['full-width letters, digits and spaces', '　ＡＢＣ　１２３　', 'ABC 123'],
    ['runs of spaces and new lines', ' 山田\n\t  太郎 ', '山田 太郎'],
    ['half-width katakana', 'ﾔﾏﾀﾞ', 'ヤマダ'],
    ['a number', 42, '42'],
    ['a checkbox ticked', true, 'TRUE'],
    ['a checkbox empty', false, 'FALSE'],
    ['an empty cell', '', ''],
    ['undefined', undefined, ''],
    ['a zero-width space pasted from a web page', 'A\u200BB', 'AB'],
  ])('%s', (_owner, input, expected) => {
    expect(normalizeText(input)).toBe(expected);
  });

  test('a date cell is never blank (parseDay reads its day)', () => {
    expect(normalizeText(new Date('2026-11-22T15:00:00Z'))).toBe('2026-11-22T15:00:00.000Z');
  });

  test('is idempotent', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        (s) => normalizeText(normalizeText(s)) === normalizeText(s),
      ),
    );
  });
});

describe('describeCell', () => {
  test('shows a date cell as the owner sees it', () => {
    expect(describeCell(new Date('2026-11-22T15:00:00Z'), TOKYO)).toBe('2026/11/23');
  });
  test('cuts long text', () => {
    expect(describeCell('あいうえおかきくけこさしすせそたちつてとなにぬねの', TOKYO)).toBe(
      'あいうえおかきくけこさしすせそたちつてと…',
    );
  });
});

describe('parseDay', () => {
  test.each<[string, unknown, string | null]>([
    ['slashes', '2026/11/23', '2026-11-23'],
    ['slashes without zero padding', '2026/1/5', '2026-01-05'],
    ['hyphens', '2026-11-23', '2026-11-23'],
    ['dots', '2026.11.23', '2026-11-23'],
    ['年月日', '2026年11月23日', '2026-11-23'],
    ['年月日 with spaces', '2026年 11月 23日', '2026-11-23'],
    ['eight digits', '20261123', '2026-11-23'],
    ['eight digits typed into a number cell', 20261123, '2026-11-23'],
    ['with a time', '2026/11/23 14:30', '2026-11-23'],
    ['with a time and seconds', '2026-11-23 14:30:05', '2026-11-23'],
    ['ISO with a T and a time', '2026-11-23T09:00', '2026-11-23'],
    ['with 時分', '2026年11月23日 14時30分', '2026-11-23'],
    ['with a weekday', '2026/11/23(月)', '2026-11-23'],
    ['with a full-width weekday', '2026/11/23（月）', '2026-11-23'],
    ['with 月曜日 in brackets and a time', '2026/11/23（月曜日） 14:30', '2026-11-23'],
    ['full-width digits and spaces', '２０２６年　１１月　２３日', '2026-11-23'],
    ['full-width slashes', '２０２６／１１／２３', '2026-11-23'],
    ['surrounding spaces', '  2026/11/23  ', '2026-11-23'],
    ['令和', '令和8年11月23日', '2026-11-23'],
    ['令和元年', '令和元年5月1日', '2019-05-01'],
    ['令和 with spaces', '令和 8年 11月 23日', '2026-11-23'],
    ['R with dots', 'R8.11.23', '2026-11-23'],
    ['R with slashes', 'R8/11/23', '2026-11-23'],
    ['lower-case r', 'r8.11.23', '2026-11-23'],
    ['full-width Ｒ', 'Ｒ８．１１．２３', '2026-11-23'],
    ['the ㋿ ligature', '㋿8年11月23日', '2026-11-23'],
    ['R元', 'R元.5.1', '2019-05-01'],
    ['平成 last day', '平成31年4月30日', '2019-04-30'],
    ['H last day', 'H31.4.30', '2019-04-30'],
    ['平成元年 first day', '平成元年1月8日', '1989-01-08'],
    ['昭和 last day', '昭和64年1月7日', '1989-01-07'],
    ['S last day', 'S64.1.7', '1989-01-07'],
    ['昭和元年 first day', '昭和元年12月25日', '1926-12-25'],
    ['大正 last day (same day as 昭和元年)', '大正15年12月25日', '1926-12-25'],
    ['大正元年 first day', '大正元年7月30日', '1912-07-30'],
    ['T', 'T10.4.1', '1921-04-01'],
    ['明治 last day', '明治45年7月29日', '1912-07-29'],
    ['M', 'M40.1.1', '1907-01-01'],
    ['明治元年 first day', '明治元年1月25日', '1868-01-25'],
    ['an ISO instant from an export (Tokyo day)', '2026-11-22T15:00:00.000Z', '2026-11-23'],
    ['an empty cell', '', null],
    ['only spaces', '　 ', null],
    ['a dash for "none"', '—', null],
    ['a ー for "none"', 'ー', null],
    ['undefined', undefined, null],
  ])('an owner types %s: %p → %p', (_owner, input, expected) => {
    expect(dayOutcome(parseDay(input, TOKYO))).toBe(expected);
  });

  test.each<[string, unknown]>([
    ['平成 after it ended', '平成31年5月1日'],
    ['H after it ended', 'H31.5.1'],
    ['令和元年 before it began', '令和元年4月30日'],
    ['平成 before it began', '平成元年1月7日'],
    ['昭和 after it ended', '昭和64年1月8日'],
    ['昭和 before it began', '昭和元年12月24日'],
    ['大正 after it ended', '大正15年12月26日'],
    ['大正 before it began', '大正元年7月29日'],
    ['明治 after it ended', '明治45年7月30日'],
    ['明治 before it began', '明治元年1月24日'],
    ['era year 0', '令和0年5月1日'],
    ['2月30日', '2026年2月30日'],
    ['29 February in a common year', '2026/2/29'],
    ['month 13', '2026/13/01'],
    ['day 0', '2026/11/0'],
    ['a two-digit year', '26/11/23'],
    ['a two-digit year with 年', '26年11月23日'],
    ['no year', '11/23'],
    ['no year in Japanese', '11月23日'],
    ['a year only', '2026年'],
    ['words', '来週'],
    ['an unknown era letter', 'X8.11.23'],
    ['a checkbox', true],
    ['an impossible eight-digit number', 20261332],
  ])('an owner types %s: %p → invalid', (_owner, input) => {
    expect(dayOutcome(parseDay(input, TOKYO))).toBe('invalid');
  });

  describe('date cells', () => {
    test('midnight in Tokyo (15:00 the day before in UTC) reads as the Tokyo day', () => {
      expect(dayOutcome(parseDay(new Date('2026-11-22T15:00:00Z'), TOKYO))).toBe('2026-11-23');
    });
    test('the same instant in a New York spreadsheet is still the 22nd', () => {
      expect(dayOutcome(parseDay(new Date('2026-11-22T15:00:00Z'), 'America/New_York'))).toBe('2026-11-22');
    });
    test('a Date from another JS realm (Apps Script) is still a date', () => {
      const foreign: unknown = runInNewContext('new Date(Date.UTC(2026, 10, 22, 15))');
      expect(foreign instanceof Date).toBe(false);
      expect(dayOutcome(parseDay(foreign, TOKYO))).toBe('2026-11-23');
    });
    test('an invalid Date is invalid', () => {
      expect(dayOutcome(parseDay(new Date(NaN), TOKYO))).toBe('invalid');
    });
  });

  describe('serial numbers', () => {
    test.each<[string, number, string]>([
      ['serial 1 is 1899-12-31', 1, '1899-12-31'],
      ['serial 60 is 1900-02-28 (no phantom 29 February in Sheets)', 60, '1900-02-28'],
      ['serial 61 is 1900-03-01 (Lotus edge)', 61, '1900-03-01'],
      ['serial 25569 is 1970-01-01', 25569, '1970-01-01'],
      ['serial 46349 is 2026-11-23', 46349, '2026-11-23'],
      ['a time fraction is dropped', 46349.75, '2026-11-23'],
    ])('dayOfSerial: %s', (_owner, serial, expected) => {
      expect(isoDay(dayOfSerial(serial))).toBe(expected);
    });

    test.each<[number, string]>([
      [46349, '2026-11-23'],
      [46349.5, '2026-11-23'],
      [20000, '1954-10-03'],
      [80000, '2119-01-11'],
    ])('a number cell %p in a date column reads as %s', (serial, expected) => {
      expect(dayOutcome(parseDay(serial, TOKYO))).toBe(expected);
    });

    test.each([60, 61, 3, 0, -1, 19999, 80001, NaN, Infinity])(
      'a number %p outside the plausible date range is invalid (a count typed in the wrong column)',
      (serial) => {
        expect(dayOutcome(parseDay(serial, TOKYO))).toBe('invalid');
      },
    );
  });

  describe('round trips for every day', () => {
    const anyDay = fc
      .integer({ min: dayFromYmd(1873, 1, 1), max: dayFromYmd(2199, 12, 31) })
      .map((n) => n as Day);

    const ERAS_FOR_TEST: readonly [string, string, number, number, number][] = [
      ['令和', 'R', 2019, 5, 1],
      ['平成', 'H', 1989, 1, 8],
      ['昭和', 'S', 1926, 12, 25],
      ['大正', 'T', 1912, 7, 30],
      ['明治', 'M', 1868, 1, 25],
    ];
    const wareki = (d: Day, style: 'kanji' | 'letter'): string => {
      const { year, month, date } = ymdOf(d);
      const era = ERAS_FOR_TEST.find(([, , y, m, dd]) => d >= dayFromYmd(y, m, dd));
      if (!era) throw new Error('before 明治');
      const eraYear = year - era[2] + 1;
      if (style === 'letter') return `${era[1]}${eraYear}.${month}.${date}`;
      return `${era[0]}${eraYear === 1 ? '元' : eraYear}年${month}月${date}日`;
    };

    const formats: [string, (d: Day) => string][] = [
      ['YYYY/MM/DD', (d) => isoDay(d).replace(/-/g, '/')],
      ['YYYY-MM-DD', (d) => isoDay(d)],
      ['YYYY年M月D日', (d) => `${ymdOf(d).year}年${ymdOf(d).month}月${ymdOf(d).date}日`],
      ['YYYYMMDD', (d) => isoDay(d).replace(/-/g, '')],
      ['full-width YYYY/MM/DD', (d) => toFullWidth(isoDay(d).replace(/-/g, '/'))],
      [
        'full-width YYYY年M月D日',
        (d) => toFullWidth(`${ymdOf(d).year}年${ymdOf(d).month}月${ymdOf(d).date}日`),
      ],
      ['和暦 令和8年11月23日', (d) => wareki(d, 'kanji')],
      ['和暦 R8.11.23', (d) => wareki(d, 'letter')],
      ['full-width 和暦', (d) => toFullWidth(wareki(d, 'kanji'))],
      ['the letters’ formatWareki', (d) => formatWareki(d)],
      ['with a weekday and a time', (d) => `${isoDay(d).replace(/-/g, '/')}(月) 09:30`],
    ];

    test.each(formats)('%s reads back as the same day', (_name, format) => {
      fc.assert(fc.property(anyDay, (d) => dayOutcome(parseDay(format(d), TOKYO)) === isoDay(d)));
    });

    test('a date cell (midnight in the sheet’s zone) reads back as the same day in any zone', () => {
      const zones = fc.constantFrom(
        'Asia/Tokyo',
        'UTC',
        'America/Los_Angeles',
        'Pacific/Kiritimati',
        'Asia/Kolkata',
      );
      const modernDay = fc
        .integer({ min: dayFromYmd(1970, 1, 1), max: dayFromYmd(2100, 12, 31) })
        .map((n) => n as Day);
      fc.assert(
        fc.property(
          modernDay,
          zones,
          (d, zone) => dayOutcome(parseDay(instantOfDay(d, zone), zone)) === isoDay(d),
        ),
      );
    });
  });
});

describe('parseBool', () => {
  test.each<[unknown, boolean]>([
    [true, true],
    [false, false],
    ...[
      'TRUE',
      'true',
      'True',
      '1',
      '○',
      '〇',
      '◯',
      '✓',
      '✔',
      '☑',
      'はい',
      '有',
      'あり',
      'yes',
      'YES',
      'y',
      'Y',
      '可',
      '済',
      '１',
    ].map((t): [unknown, boolean] => [t, true]),
    ...[
      'FALSE',
      'false',
      '0',
      '×',
      '✕',
      '✗',
      'いいえ',
      '無',
      'なし',
      'no',
      'NO',
      'n',
      '不可',
      '-',
      'ー',
      '－',
      '０',
    ].map((t): [unknown, boolean] => [t, false]),
    [1, true],
    [0, false],
    [' はい ', true],
  ])('an owner ticks or types %p → %p', (input, expected) => {
    expect(outcome(parseBool(input))).toBe(expected);
  });

  test.each<[unknown, null | 'invalid']>([
    ['', null],
    ['　', null],
    [undefined, null],
    ['たぶん', 'invalid'],
    [2, 'invalid'],
    [new Date(0), 'invalid'],
  ])('%p → %p', (input, expected) => {
    expect(outcome(parseBool(input))).toBe(expected);
  });
});

describe('parseCount', () => {
  test.each<[string, unknown, number | null | 'invalid']>([
    ['a number cell', 3, 3],
    ['zero', 0, 0],
    ['text digits', '7', 7],
    ['full-width digits', '１２', 12],
    ['thousands separators', '1,234', 1234],
    ['full-width thousands separators', '１，２３４', 1234],
    ['a unit', '3回', 3],
    ['a note in brackets', '90 (次の季節)', 90],
    ['a note in full-width brackets', '30（使い切る頃）', 30],
    ['yen', '12,000円', 12000],
    ['a yen sign', '¥12,000', 12000],
    ['a full-width yen sign', '￥12,000', 12000],
    ['a whole number with .0', '3.0', 3],
    ['an em dash for "none"', '—', null],
    ['a hyphen for "none"', '-', null],
    ['a full-width hyphen for "none"', '－', null],
    ['a long vowel mark for "none"', 'ー', null],
    ['blank', '', null],
    ['undefined', undefined, null],
    ['a negative number cell', -1, 'invalid'],
    ['negative text', '-3', 'invalid'],
    ['a fraction cell', 1.5, 'invalid'],
    ['fractional text', '1.5', 'invalid'],
    ['a range', '3-5', 'invalid'],
    ['a range with 〜', '3〜5回', 'invalid'],
    ['bad grouping', '1,23', 'invalid'],
    ['man units (use parseYen for money)', '3万', 'invalid'],
    ['a word', '三回', 'invalid'],
    ['a checkbox', true, 'invalid'],
  ])('%s: %p → %p', (_owner, input, expected) => {
    expect(outcome(parseCount(input))).toBe(expected);
  });

  test('any whole number written with separators, full-width or a unit reads back', () => {
    const withCommas = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), (n) =>
        [String(n), withCommas(n), toFullWidth(withCommas(n)).replace(/,/g, '，'), `${n}回`].every(
          (text) => outcome(parseCount(text)) === n,
        ),
      ),
    );
  });
});

describe('parseYen', () => {
  test.each<[unknown, number | null | 'invalid']>([
    [30000, 30000],
    ['30000', 30000],
    ['30,000円', 30000],
    ['¥30,000', 30000],
    ['￥30,000', 30000],
    ['３０，０００円', 30000],
    ['税込30,000円', 30000],
    ['30,000円（税込）', 30000],
    ['¥30,000 税込', 30000],
    ['3万', 30000],
    ['3万円', 30000],
    ['3.5万円', 35000],
    ['1.1万円', 11000],
    ['3万5千円', 35000],
    ['3万5000円', 35000],
    ['5千円', 5000],
    ['100万円', 1000000],
    ['—', null],
    ['', null],
    ['-5000', 'invalid'],
    ['▲5000', 'invalid'],
    ['12.5円', 'invalid'],
    ['1.23456万円', 'invalid'],
    ['3万50000円', 'invalid'],
    ['たくさん', 'invalid'],
    [-100, 'invalid'],
  ])('an owner types %p → %p', (input, expected) => {
    expect(outcome(parseYen(input))).toBe(expected);
  });
});

describe('parseEmail', () => {
  test.each<[unknown, string | null | 'invalid']>([
    ['taro@example.jp', 'taro@example.jp'],
    ['  taro@example.jp  ', 'taro@example.jp'],
    ['Taro.Yamada@Example.CO.JP', 'Taro.Yamada@example.co.jp'],
    ['ｔａｒｏ＠ｅｘａｍｐｌｅ．ｊｐ', 'taro@example.jp'],
    ['taro+shop@mail.example.com', 'taro+shop@mail.example.com'],
    ['mailto:taro@example.jp', 'taro@example.jp'],
    ['', null],
    [undefined, null],
    ['taro', 'invalid'],
    ['taro@example', 'invalid'],
    ['taro@@example.jp', 'invalid'],
    ['taro@ex@ample.jp', 'invalid'],
    ['ta ro@example.jp', 'invalid'],
    ['taro..yamada@docomo.ne.jp', 'invalid'],
    ['taro.@ezweb.ne.jp', 'invalid'],
    ['taro@example..jp', 'invalid'],
    ['taro@.example.jp', 'invalid'],
    ['@example.jp', 'invalid'],
    [`${'a'.repeat(64)}@${'b'.repeat(186)}.jp`, 'invalid'],
    [12345, 'invalid'],
  ])('%p → %p', (input, expected) => {
    expect(outcome(parseEmail(input))).toBe(expected);
  });
});

describe('parseLineUserId', () => {
  const id = `U${'0123456789abcdef'.repeat(2)}`;
  test.each<[unknown, string | null | 'invalid']>([
    [id, id],
    [` ${id} `, id],
    [`Ｕ${'０１２３４５６７８９ａｂｃｄｅｆ'.repeat(2)}`, id],
    ['', null],
    [`U${'0123456789ABCDEF'.repeat(2)}`, 'invalid'],
    [`u${'0123456789abcdef'.repeat(2)}`, 'invalid'],
    [id.slice(0, -1), 'invalid'],
    [`${id}0`, 'invalid'],
    ['@shop_line', 'invalid'],
  ])('%p → %p', (input, expected) => {
    expect(outcome(parseLineUserId(input))).toBe(expected);
  });
});

describe('parsePostalCode', () => {
  test.each<[unknown, string | null | 'invalid']>([
    ['〒123-4567', '123-4567'],
    ['〒 123-4567', '123-4567'],
    ['123-4567', '123-4567'],
    ['1234567', '123-4567'],
    ['１２３－４５６７', '123-4567'],
    ['〒１２３ー４５６７', '123-4567'],
    [1234567, '123-4567'],
    [600001, '060-0001'],
    ['', null],
    ['123-456', 'invalid'],
    ['12-34567', 'invalid'],
    ['123-45678', 'invalid'],
    ['東京都', 'invalid'],
    [123, 'invalid'],
  ])('%p → %p', (input, expected) => {
    expect(outcome(parsePostalCode(input))).toBe(expected);
  });
});

describe('parsePhone', () => {
  test.each<[unknown, string | null | 'invalid']>([
    ['090-1234-5678', '090-1234-5678'],
    ['09012345678', '09012345678'],
    ['０９０－１２３４－５６７８', '090-1234-5678'],
    ['090ー1234ー5678', '090-1234-5678'],
    ['03-1234-5678', '03-1234-5678'],
    ['(03)1234-5678', '(03)1234-5678'],
    ['03 1234 5678', '03-1234-5678'],
    ['0120-123-456', '0120-123-456'],
    ['050-1234-5678', '050-1234-5678'],
    ['0800-123-4567', '0800-123-4567'],
    ['+81 90-1234-5678', '090-1234-5678'],
    ['+81-3-1234-5678', '03-1234-5678'],
    ['+81(0)90-1234-5678', '090-1234-5678'],
    ['+819012345678', '09012345678'],
    ['TEL: 03-1234-5678', '03-1234-5678'],
    [9012345678, '09012345678'],
    [312345678, '0312345678'],
    ['', null],
    [undefined, null],
    ['090-1234-567', 'invalid'],
    ['03-1234-56789', 'invalid'],
    ['1234-5678', 'invalid'],
    ['090-1234-5678 (夜のみ)', 'invalid'],
    ['090--1234-5678', 'invalid'],
    [3123456789, 'invalid'],
    [12345, 'invalid'],
  ])('%p → %p', (input, expected) => {
    expect(outcome(parsePhone(input))).toBe(expected);
  });
});

describe('parseChannelList (配信停止)', () => {
  const list = (...channels: string[]) => new Set(channels);
  test.each<[string, Set<string>]>([
    ['メール', list('メール')],
    ['LINE', list('LINE')],
    ['line', list('LINE')],
    ['郵送', list('手紙')],
    ['手紙', list('手紙')],
    ['DM', list('手紙')],
    ['はがき', list('手紙')],
    ['ＤＭ', list('手紙')],
    ['ダイレクトメール', list('手紙')],
    ['封書', list('手紙')],
    ['郵便物', list('手紙')],
    ['DM・はがき', list('手紙')],
    ['電話', list('電話')],
    ['TEL', list('電話')],
    ['訪問', list('電話')],
    ['メール, LINE', list('メール', 'LINE')],
    ['メール、郵送', list('メール', '手紙')],
    ['メール，電話', list('メール', '電話')],
    ['メール/LINE', list('メール', 'LINE')],
    ['メール・LINE', list('メール', 'LINE')],
    ['メール LINE', list('メール', 'LINE')],
    ['メール停止', list('メール')],
    ['LINE NG', list('LINE')],
    ['すべて', list('メール', 'LINE', '手紙', '電話')],
    ['全て', list('メール', 'LINE', '手紙', '電話')],
    ['全部', list('メール', 'LINE', '手紙', '電話')],
    ['全部停止', list('メール', 'LINE', '手紙', '電話')],
    ['ALL', list('メール', 'LINE', '手紙', '電話')],
    ['なし', list()],
  ])('an owner types 「%s」', (input, expected) => {
    expect(outcome(parseChannelList(input))).toEqual(expected);
  });

  test('blank → null', () => {
    expect(parseChannelList('')).toBeNull();
  });

  test('an unknown word is reported, and the known ones are still honoured', () => {
    expect(parseChannelList('メール, FAX、LINE')).toEqual({
      ok: false,
      unknown: ['FAX'],
      partial: list('メール', 'LINE'),
    });
  });
});

describe('parseHour (毎日の実行時刻)', () => {
  test.each<[unknown, number | null | 'invalid']>([
    [8, 8],
    [0, 0],
    [23, 23],
    ['8', 8],
    ['８', 8],
    ['8時', 8],
    ['08:00', 8],
    ['8:30', 8],
    ['8時30分', 8],
    ['8時半', 8],
    ['午後3時', 15],
    ['午前0時', 0],
    ['3pm', 15],
    ['', null],
    [24, 'invalid'],
    ['24時', 'invalid'],
    [-1, 'invalid'],
    [8.5, 'invalid'],
    ['8:75', 'invalid'],
    ['朝', 'invalid'],
  ])('%p → %p', (input, expected) => {
    expect(outcome(parseHour(input))).toBe(expected);
  });

  test('a time cell (1899-12-30 08:00 in the sheet’s zone) reads its hour in that zone', () => {
    const cell = new Date('1899-12-29T23:00:00Z'); // 08:00 in Tokyo
    expect(outcome(parseHour(cell, TOKYO))).toBe(8);
    expect(outcome(parseHour(cell))).toBe('invalid');
  });
});

describe('parseDayList (休業日)', () => {
  const range = (from: string, to: string): string[] => {
    const days: string[] = [];
    for (let d = day(from); d <= day(to); d = (d + 1) as Day) days.push(isoDay(d));
    return days;
  };
  const isoList = (v: unknown) => {
    const result = parseDayList(v, TOKYO);
    if (result === null) return null;
    return result.ok ? result.value.map(isoDay) : { bad: result.bad, partial: result.partial.map(isoDay) };
  };

  test.each<[string, unknown, string[] | null]>([
    [
      'the example from 設定',
      '2026/12/29〜2027/1/3, 2026/8/13-8/16, 2026/9/1',
      [...range('2026-08-13', '2026-08-16'), '2026-09-01', ...range('2026-12-29', '2027-01-03')],
    ],
    ['a single date', '2026/9/1', ['2026-09-01']],
    ['年末年始 with the end year left out', '2026/12/29〜1/3', range('2026-12-29', '2027-01-03')],
    ['a full-width tilde and spaces', '２０２６／１２／２９　～　１／３', range('2026-12-29', '2027-01-03')],
    ['ISO dates with a hyphen range', '2026-08-13-2026-08-16', range('2026-08-13', '2026-08-16')],
    ['ISO dates with a yearless end', '2026-08-13-08-16', range('2026-08-13', '2026-08-16')],
    ['a spaced hyphen', '2026/8/13 - 2026/8/16', range('2026-08-13', '2026-08-16')],
    ['an en dash', '2026/8/13–8/16', range('2026-08-13', '2026-08-16')],
    ['から…まで', '2026年8月13日から8月16日まで', range('2026-08-13', '2026-08-16')],
    ['to', '2026/8/13 to 8/16', range('2026-08-13', '2026-08-16')],
    ['an end day only', '2026/8/13〜16', range('2026-08-13', '2026-08-16')],
    ['weekdays on both ends', '2026/8/13(木)〜8/16(日)', range('2026-08-13', '2026-08-16')],
    ['和暦', '令和8年8月13日〜8月14日', range('2026-08-13', '2026-08-14')],
    ['、 and new lines', '2026/9/1、2026/9/3\n2026/9/2', ['2026-09-01', '2026-09-02', '2026-09-03']],
    ['dates separated by spaces', '2026/9/1 2026/9/2', ['2026-09-01', '2026-09-02']],
    ['duplicates and overlaps', '2026/9/1, 2026/9/1〜9/2', ['2026-09-01', '2026-09-02']],
    ['a date cell', new Date('2026-08-31T15:00:00Z'), ['2026-09-01']],
    ['なし', 'なし', []],
    ['blank', '', null],
  ])('an owner types %s', (_owner, input, expected) => {
    expect(isoList(input)).toEqual(expected);
  });

  test.each<[string, string, string[], string[]]>([
    ['a yearless date is ambiguous', '2026/9/1, 9/2', ['9/2'], ['2026-09-01']],
    ['an end before the start', '2026/9/5〜2026/9/1', ['2026/9/5〜2026/9/1'], []],
    ['a range over a year (a typo)', '2026/1/1〜2028/1/1', ['2026/1/1〜2028/1/1'], []],
    ['an impossible date', '2026/2/30, 2026/3/1', ['2026/2/30'], ['2026-03-01']],
    ['words', 'お盆', ['お盆'], []],
  ])('%s is reported, keeping the good ones', (_owner, input, bad, partial) => {
    expect(isoList(input)).toEqual({ bad, partial });
  });
});

describe('parseYearlessDay: a month and day, the latest not after the day found', () => {
  const day = (iso: string) => parseIsoDay(iso) as Day;
  test.each([
    ['11/20', '2026-11-22', '2026-11-20'],
    ['11月20日', '2026-11-22', '2026-11-20'],
    ['１１／２０（金）', '2026-11-22', '2026-11-20'],
    ['11/22', '2026-11-22', '2026-11-22'],
    ['12/31', '2027-01-02', '2026-12-31'],
    ['11/23', '2026-11-22', '2025-11-23'],
    ['2/29', '2026-11-22', '2024-02-29'],
  ])('「%s」 found on %s is %s', (text, found, expected) => {
    expect(parseYearlessDay(text, day(found))).toBe(day(expected));
  });

  test.each([['11/31'], ['13/1'], ['先週'], ['2026/11/20'], ['']])('「%s」 is no month and day', (text) => {
    expect(parseYearlessDay(text, day('2026-11-22'))).toBeNull();
  });
});
