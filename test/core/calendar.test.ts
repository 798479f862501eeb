import fc from 'fast-check';
import {
  addBusinessDays,
  businessDaysFrom,
  hasBusinessDays,
  holidayName,
  isBusinessDay,
  isHoliday,
  nextBusinessDay,
  onOrAfterBusinessDay,
  type ShopCalendar,
} from '../../src/core/calendar';
import { addDays, dayFromYmd, isoDay, parseIsoDay, type Day } from '../../src/core/day';

function day(iso: string): Day {
  const parsed = parseIsoDay(iso);
  if (parsed === null) throw new Error(`bad test date ${iso}`);
  return parsed;
}

function calendar(
  options: Partial<{ closedWeekdays: number[]; closedDays: string[]; closedOnHolidays: boolean }>,
) {
  return {
    closedWeekdays: new Set(options.closedWeekdays ?? []),
    closedDays: new Set((options.closedDays ?? []).map(day)),
    closedOnHolidays: options.closedOnHolidays ?? true,
  } satisfies ShopCalendar;
}

const SUN = 0;
const WED = 3;
/** 定休日 水・日, 祝日休業, 年末年始 2026/12/29〜2027/1/3. */
const SALON = calendar({
  closedWeekdays: [WED, SUN],
  closedDays: ['2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03'],
});

describe('holidays (from @holiday-jp/holiday_jp)', () => {
  test.each<[string, string]>([
    ['2026-11-23', '勤労感謝の日'],
    ['2026-05-06', 'こどもの日 振替休日'],
    ['2026-09-22', '休日'], // 国民の休日 between 敬老の日 and 秋分の日
    ['2026-01-01', '元日'],
  ])('%s is %s', (iso, name) => {
    expect(isHoliday(day(iso))).toBe(true);
    expect(holidayName(day(iso))).toBe(name);
  });

  test.each(['2026-11-24', '2026-05-07', '2026-12-29'])('%s is not a holiday', (iso) => {
    expect(isHoliday(day(iso))).toBe(false);
    expect(holidayName(day(iso))).toBeUndefined();
  });

  test('2026-05-06 is a 振替休日 in the data itself', () => {
    expect(holidayName(day('2026-05-06'))).toContain('振替休日');
  });
});

describe('isBusinessDay', () => {
  test.each<[string, ShopCalendar, string, boolean]>([
    ['an ordinary Tuesday', SALON, '2026-11-24', true],
    ['a 定休日 (Wednesday)', SALON, '2026-11-25', false],
    ['a 定休日 (Sunday)', SALON, '2026-11-22', false],
    ['勤労感謝の日 with 祝日休業', SALON, '2026-11-23', false],
    ['勤労感謝の日 without 祝日休業', { ...SALON, closedOnHolidays: false }, '2026-11-23', true],
    ['a 振替休日 with 祝日休業', SALON, '2026-05-06', false],
    ['a 国民の休日 with 祝日休業', SALON, '2026-09-22', false],
    ['a 休業日 (年末年始)', SALON, '2026-12-29', false],
    ['the first day after 年末年始', SALON, '2027-01-04', true],
    ['any day for a shop with no closures', calendar({ closedOnHolidays: false }), '2026-11-22', true],
  ])('%s', (_owner, cal, iso, expected) => {
    expect(isBusinessDay(day(iso), cal)).toBe(expected);
  });
});

describe('nextBusinessDay and onOrAfterBusinessDay', () => {
  test.each<[string, string, string, string]>([
    ['an ordinary Monday → Tuesday', '2026-11-16', '2026-11-17', '2026-11-16'],
    ['Saturday → over Sunday and 勤労感謝の日 to Tuesday', '2026-11-21', '2026-11-24', '2026-11-21'],
    ['Tuesday → over the Wednesday 定休日 to Thursday', '2026-11-24', '2026-11-26', '2026-11-24'],
    ['Sunday (closed) → Monday is a holiday → Tuesday', '2026-11-22', '2026-11-24', '2026-11-24'],
    ['before 年末年始 → after it', '2026-12-28', '2027-01-04', '2026-12-28'],
    ['inside 年末年始', '2026-12-30', '2027-01-04', '2027-01-04'],
    ['ゴールデンウィーク 2026 (5/3–5/6 closed) from 5/2', '2026-05-02', '2026-05-07', '2026-05-02'],
  ])('%s', (_owner, from, next, onOrAfter) => {
    expect(isoDay(nextBusinessDay(day(from), SALON))).toBe(next);
    expect(isoDay(onOrAfterBusinessDay(day(from), SALON))).toBe(onOrAfter);
  });
});

describe('businessDaysFrom and addBusinessDays', () => {
  test('three business days from Saturday 11/21 skip Sunday, the holiday and Wednesday', () => {
    expect(businessDaysFrom(day('2026-11-21'), 3, SALON).map(isoDay)).toEqual([
      '2026-11-21',
      '2026-11-24',
      '2026-11-26',
    ]);
  });

  test('zero business days is an empty list', () => {
    expect(businessDaysFrom(day('2026-11-21'), 0, SALON)).toEqual([]);
  });

  test('two business days after Saturday 11/21 is Thursday 11/26', () => {
    expect(isoDay(addBusinessDays(day('2026-11-21'), 2, SALON))).toBe('2026-11-26');
  });
});

describe('a calendar closed every weekday', () => {
  const closed = calendar({ closedWeekdays: [0, 1, 2, 3, 4, 5, 6] });
  const today = day('2026-11-23');

  test('is reported by hasBusinessDays', () => {
    expect(hasBusinessDays(closed)).toBe(false);
    expect(hasBusinessDays(SALON)).toBe(true);
  });

  test('leaves dates unchanged instead of searching forever', () => {
    expect(nextBusinessDay(today, closed)).toBe(today);
    expect(onOrAfterBusinessDay(today, closed)).toBe(today);
    expect(addBusinessDays(today, 3, closed)).toBe(today);
    expect(businessDaysFrom(today, 3, closed)).toEqual([]);
  });

  test('a year-long 休業 also gives up after a year', () => {
    const year = Array.from({ length: 400 }, (_, i) => isoDay(addDays(today, i)));
    const longClosure = calendar({ closedDays: year });
    expect(hasBusinessDays(longClosure)).toBe(true);
    expect(nextBusinessDay(today, longClosure)).toBe(today);
  });
});

describe('properties', () => {
  const anyDay = fc
    .integer({ min: dayFromYmd(1970, 1, 1), max: dayFromYmd(2050, 12, 31) })
    .map((n) => n as Day);
  const anyCalendar = fc
    .record({
      closedWeekdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 6 }),
      closedDays: fc.array(anyDay, { maxLength: 40 }),
      closedOnHolidays: fc.boolean(),
    })
    .map(({ closedWeekdays, closedDays, closedOnHolidays }) => ({
      closedWeekdays: new Set(closedWeekdays),
      closedDays: new Set(closedDays),
      closedOnHolidays,
    }));
  // A closed stretch right after the day under test, like 年末年始 or お盆.
  const withStretch = fc
    .tuple(anyDay, anyCalendar, fc.integer({ min: 0, max: 20 }))
    .map(([d, cal, length]) => {
      for (let i = 1; i <= length; i++) cal.closedDays.add(addDays(d, i));
      return [d, cal] as const;
    });

  test('nextBusinessDay is always a business day, strictly later, with none skipped', () => {
    fc.assert(
      fc.property(withStretch, ([d, cal]) => {
        const next = nextBusinessDay(d, cal);
        if (!(next > d && isBusinessDay(next, cal))) return false;
        for (let between = addDays(d, 1); between < next; between = addDays(between, 1)) {
          if (isBusinessDay(between, cal)) return false;
        }
        return true;
      }),
    );
  });

  test('onOrAfterBusinessDay is the day itself exactly when it is a business day', () => {
    fc.assert(
      fc.property(withStretch, ([d, cal]) => {
        const result = onOrAfterBusinessDay(d, cal);
        return (
          isBusinessDay(result, cal) &&
          (isBusinessDay(d, cal) ? result === d : result === nextBusinessDay(d, cal))
        );
      }),
    );
  });

  test('businessDaysFrom gives count increasing business days, each the next after the previous', () => {
    fc.assert(
      fc.property(withStretch, fc.integer({ min: 1, max: 10 }), ([d, cal], count) => {
        const days = businessDaysFrom(d, count, cal);
        return (
          days.length === count &&
          days[0] === onOrAfterBusinessDay(d, cal) &&
          days.every((x, i) => i === 0 || x === nextBusinessDay(days[i - 1], cal)) &&
          addBusinessDays(d, count, cal) === businessDaysFrom(addDays(d, 1), count, cal)[count - 1]
        );
      }),
    );
  });
});
