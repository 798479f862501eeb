/**
 * Seasons and dates in letters (message-style.md "Seasons and dates"): 立春 and 立秋 from a table computed with
 * astronomy-engine and checked here against the library and the 国立天文台 暦要項; the greeting of each edge day;
 * one greeting per letter; 和暦 from 明治 with ICU's Japanese calendar as an independent oracle.
 */
import { MakeTime, SearchSunLongitude } from 'astronomy-engine';
import fc from 'fast-check';
import { dayFromYmd, isoDay, type Day } from '../../src/core/day';
import {
  composeLetter,
  formatWareki,
  refreshLetter,
  risshun,
  risshuu,
  seasonalGreeting,
  type LetterInput,
} from '../../src/core/letter-text';
import { parseDay } from '../../src/core/parse';
import { SOLAR_TERM_YEARS } from '../../src/core/solar-terms';
import { d, TZ } from './builders';

const JST_MS = 9 * 3_600_000;

/** The instant the Sun's apparent longitude reaches 315° (立春) or 135° (立秋) in a year, from astronomy-engine. */
function termInstant(year: number, longitude: 315 | 135): Date {
  const found = SearchSunLongitude(
    longitude,
    MakeTime(new Date(Date.UTC(year, longitude === 315 ? 0 : 6, 20))),
    30,
  );
  if (!found) throw new Error(`no ${longitude}° in ${year}`);
  return found.date;
}
/** The JST calendar day and minutes after midnight of an instant. */
function jst(instant: Date): { iso: string; minutes: number } {
  const local = new Date(instant.getTime() + JST_MS);
  return {
    iso: local.toISOString().slice(0, 10),
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes() + local.getUTCSeconds() / 60,
  };
}

/**
 * Dates published in the 国立天文台 暦要項 (二十四節気, 中央標準時), as quoted by the pages cited:
 * - 2008 (平成20年暦要項: 立春 2月4日 20時0分, 立秋 8月7日 12時16分): http://shidaikyo.or.jp/newspaper/online/2269/4_3.html
 * - 2012–2017 立春 (2/4 19:22, 01:13, 07:03, 12:58, 18:46, 00:34): http://sarasouju16.html.xdomain.jp/note/koyomi/01.html
 * - 2021 立春 2月3日 23時59分 and 2025 立春 2月3日: https://d.hatena.ne.jp/keyword/%E7%AF%80%E5%88%86%E3%81%AE%E6%97%A5%E3%81%8C%E5%8B%95%E3%81%8D%E5%87%BA%E3%81%99
 * - 2025 立秋 8月7日: https://news.livedoor.com/topics/detail/29321653/
 * - 2026 立春 2月4日 5時02分 (令和8年暦要項, eco.mtk.nao.ac.jp/koyomi/yoko/2026/rekiyou262.html): https://eduwork.co.jp/?p=4308
 * - 2026 立秋 8月7日 (出典: 国立天文台): https://nihon-nenchugyoji.jp/?p=1304
 */
const PUBLISHED: readonly [term: '立春' | '立秋', iso: string][] = [
  ['立春', '2008-02-04'],
  ['立秋', '2008-08-07'],
  ['立春', '2012-02-04'],
  ['立春', '2013-02-04'],
  ['立春', '2014-02-04'],
  ['立春', '2015-02-04'],
  ['立春', '2016-02-04'],
  ['立春', '2017-02-04'],
  ['立春', '2021-02-03'],
  ['立春', '2025-02-03'],
  ['立秋', '2025-08-07'],
  ['立春', '2026-02-04'],
  ['立秋', '2026-08-07'],
];

describe('立春 and 立秋 (src/core/solar-terms.ts)', () => {
  test.each(PUBLISHED)('%s %s, as the 暦要項 publishes it', (term, iso) => {
    const year = Number(iso.slice(0, 4));
    expect(isoDay(term === '立春' ? risshun(year) : risshuu(year))).toBe(iso);
  });

  test('every year of the table is the JST day astronomy-engine computes', () => {
    const differ: string[] = [];
    for (let year = SOLAR_TERM_YEARS.first; year <= SOLAR_TERM_YEARS.last; year++) {
      if (isoDay(risshun(year)) !== jst(termInstant(year, 315)).iso) differ.push(`立春 ${year}`);
      if (isoDay(risshuu(year)) !== jst(termInstant(year, 135)).iso) differ.push(`立秋 ${year}`);
    }
    expect(differ).toEqual([]);
  });

  test('a term within two minutes of midnight JST (where an error of the model could move the day) is one the 暦要項 confirms', () => {
    const close: string[] = [];
    for (let year = SOLAR_TERM_YEARS.first; year <= SOLAR_TERM_YEARS.last; year++)
      for (const [term, longitude] of [
        ['立春', 315],
        ['立秋', 135],
      ] as const) {
        const { iso, minutes } = jst(termInstant(year, longitude));
        if (Math.min(minutes, 1440 - minutes) < 2) close.push(`${term} ${iso}`);
      }
    // 2021: 立春 2月3日 23時59分 (published; see PUBLISHED).
    expect(close).toEqual(['立春 2021-02-03']);
  });

  test('the library agrees with the published minute (2008 立春 20:00, 立秋 12:16; 2026 立春 5:02)', () => {
    const hm = (instant: Date) => {
      const { minutes } = jst(instant);
      return Math.round(minutes);
    };
    expect(hm(termInstant(2008, 315))).toBe(20 * 60);
    expect(hm(termInstant(2008, 135))).toBe(12 * 60 + 16);
    expect(Math.abs(hm(termInstant(2026, 315)) - (5 * 60 + 2))).toBeLessThanOrEqual(1);
  });

  test('outside the table, the usual days (2月4日, 8月7日)', () => {
    expect(isoDay(risshun(2150))).toBe('2150-02-04');
    expect(isoDay(risshuu(1950))).toBe('1950-08-07');
  });
});

describe('時候の挨拶 of the day a letter is printed', () => {
  test.each<[string, RegExp]>([
    // 松の内 is 新春, not 厳寒.
    ['2027-01-01', /^新しい年を迎え/],
    ['2027-01-07', /^新しい年を迎え/],
    ['2027-01-08', /^寒さが一段と厳しく/],
    // Before 立春 (2026-02-04) it is still winter: no 「暦の上では春」.
    ['2026-02-01', /^寒さが一段と厳しく/],
    ['2026-02-03', /^寒さが一段と厳しく/],
    ['2026-02-04', /^暦の上では春とはいえ/],
    // 2025's 立春 was on 2月3日.
    ['2025-02-02', /^寒さが一段と厳しく/],
    ['2025-02-03', /^暦の上では春とはいえ/],
    // Before 立秋 (2026-08-07) it is still summer.
    ['2026-08-01', /^暑さが日ごとに増して/],
    ['2026-08-06', /^暑さが日ごとに増して/],
    ['2026-08-07', /^暦の上では秋とはいえ/],
    ['2026-11-23', /^朝夕の冷え込みが/],
  ])('%s', (iso, greeting) => {
    expect(seasonalGreeting(d(iso))).toMatch(greeting);
  });

  test('every day has one greeting, a whole sentence, never two seasons', () => {
    for (let day = d('2026-01-01'); day <= d('2026-12-31'); day = (day + 1) as Day) {
      const g = seasonalGreeting(day);
      expect(g).toMatch(/^[^。]+。$/);
      expect(g).not.toMatch(/の候/);
    }
  });
});

describe('a letter has one seasonal greeting', () => {
  const input: LetterInput = {
    day: d('2026-11-23'),
    recipientName: '清水 健一',
    honorific: '様',
    postalCode: '154-0004',
    address: '東京都世田谷区太子堂1-1-1',
    body: '先日はご来店いただき、ありがとうございました。',
    shop: { shopName: 'ここち堂', senderName: '山本', address: '東京都', phone: '03' },
  };

  test('拝啓, the season in one phrase and the well-wishing to the reader by family name', () => {
    expect(composeLetter(input).lines[0]).toBe(
      '拝啓\u3000晩秋の候、清水様にはますますご清祥のこととお慶び申し上げます。',
    );
  });

  test('a name without a space is used whole (no guessed surname)', () => {
    expect(composeLetter({ ...input, recipientName: '佐々木花子' }).lines[0]).toContain('佐々木花子様には');
  });

  test.each<[string, string]>([
    ['2026-02-03', '厳寒の候、'],
    ['2026-02-04', '余寒の候、'],
    ['2026-08-06', '盛夏の候、'],
    ['2026-08-07', '残暑の候、'],
    ['2027-01-05', '新春の候、'],
  ])('printed on %s: %s', (iso, phrase) => {
    const written = composeLetter(input);
    const printed = refreshLetter(written.lines, d(iso));
    expect(printed[0]).toBe(`拝啓\u3000${phrase}清水様にはますますご清祥のこととお慶び申し上げます。`);
    expect(composeLetter({ ...input, day: d(iso) }).lines[0]).toBe(printed[0]);
  });

  test('a body with {{時候の挨拶}} opens with it after 拝啓 and gets no 〇〇の候 of its own', () => {
    const body = `${seasonalGreeting(input.day)}\n先日はご来店いただき、ありがとうございました。`;
    const lines = composeLetter({ ...input, body }).lines;
    expect(lines[0]).toBe(`拝啓\u3000${seasonalGreeting(input.day)}`);
    expect(lines.join('\n')).not.toMatch(/の候/);
    expect(lines.filter((l) => l.includes('お過ごしでしょうか'))).toHaveLength(1);
    // Printed in January, the spoken greeting becomes January's.
    const printed = refreshLetter(lines, d('2027-01-12'));
    expect(printed[0]).toBe(`拝啓\u3000${seasonalGreeting(d('2027-01-12'))}`);
  });

  test('an apology has no seasonal greeting at all, even where the owner merged one', () => {
    const body = `${seasonalGreeting(input.day)}\n先日は大変ご迷惑をおかけいたしました。`;
    const lines = composeLetter({ ...input, body, apology: true }).lines;
    expect(lines[0]).toBe('拝啓');
    expect(lines.join('\n')).not.toContain(seasonalGreeting(input.day));
    expect(lines.join('\n')).not.toMatch(/の候/);
  });

  test('a letter written with two stacked greetings (before this change) is printed with one', () => {
    const old = [
      '拝啓\u3000晩秋の候、朝夕の冷え込みが日ごとに増してまいりましたが、清水 健一様にはますますご清祥のこととお慶び申し上げます。',
      '\u3000先日はご来店いただき、ありがとうございました。',
      '敬具',
      '令和8年11月23日',
    ];
    expect(refreshLetter(old, d('2026-12-02'))).toEqual([
      '拝啓\u3000師走の候、清水 健一様にはますますご清祥のこととお慶び申し上げます。',
      '\u3000先日はご来店いただき、ありがとうございました。',
      '敬具',
      '令和8年12月2日',
    ]);
  });
});

describe('和暦 from 明治, against ICU (Intl ja-JP-u-ca-japanese)', () => {
  const icu = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    timeZone: 'UTC',
  });
  /** ICU's era and year, in the letters' form: 令和8年11月23日, 令和元年5月1日. */
  function icuWareki(day: Day): string {
    const parts = Object.fromEntries(
      icu.formatToParts(new Date(day * 86_400_000)).map((p) => [p.type, p.value]),
    );
    return `${parts.era}${parts.year === '1' ? '元' : parts.year}年${parts.month}月${parts.day}日`;
  }

  test.each<[string, string]>([
    ['1912-07-29', '明治45年7月29日'],
    ['1912-07-30', '大正元年7月30日'],
    ['1926-12-24', '大正15年12月24日'],
    ['1926-12-25', '昭和元年12月25日'],
    ['1989-01-07', '昭和64年1月7日'],
    ['1989-01-08', '平成元年1月8日'],
    ['2019-04-30', '平成31年4月30日'],
    ['2019-05-01', '令和元年5月1日'],
  ])('era boundary %s is %s, as ICU says', (iso, text) => {
    expect(formatWareki(d(iso))).toBe(text);
    expect(icuWareki(d(iso))).toBe(text);
  });

  test('every day from 1873 (Japan’s Gregorian calendar) to 2100 is written as ICU writes it', () => {
    const anyDay = fc
      .integer({ min: dayFromYmd(1873, 1, 1), max: dayFromYmd(2100, 12, 31) })
      .map((n) => n as Day);
    fc.assert(
      fc.property(anyDay, (day) => formatWareki(day) === icuWareki(day)),
      { numRuns: 5000 },
    );
  });

  test.each<[string, string]>([
    ['明治45年7月29日', '1912-07-29'],
    ['M45.7.29', '1912-07-29'],
    ['大正元年7月30日', '1912-07-30'],
    ['T1.7.30', '1912-07-30'],
    ['昭和元年12月25日', '1926-12-25'],
    ['S元.12.25', '1926-12-25'],
    ['平成元年1月8日', '1989-01-08'],
    ['H1.1.8', '1989-01-08'],
    ['令和元年5月1日', '2019-05-01'],
    ['R1.5.1', '2019-05-01'],
  ])('the parser reads %s as %s, and formatWareki writes it back', (text, iso) => {
    const read = parseDay(text, TZ);
    expect(read?.ok && isoDay(read.value)).toBe(iso);
    expect(parseDay(formatWareki(d(iso)), TZ)).toEqual(read);
  });
});
