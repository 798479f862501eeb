import fc from 'fast-check';
import { TZDate } from '@date-fns/tz';
import { addMonths as dateFnsAddMonths } from 'date-fns';
import {
  addMonths,
  dayFromYmd,
  dayOfInstant,
  isoDay,
  isValidYmd,
  leadingDay,
  parseIsoDay,
  slashDay,
  ymdOf,
  type Day,
} from '../../src/core/day';

/** The reference: the wall-clock date of the instant in the zone, asked of @date-fns/tz each time. */
function reference(ms: number, timeZone: string): Day {
  const zoned = new TZDate(ms, timeZone);
  return dayFromYmd(zoned.getFullYear(), zoned.getMonth() + 1, zoned.getDate());
}

const ZONES = [
  'Asia/Tokyo',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'UTC',
];

describe('dayOfInstant (offsets remembered per quarter hour)', () => {
  test('agrees with the zone rules at any instant, around DST changes included', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => dayOfInstant(ms, zone) === reference(ms, zone),
      ),
      { numRuns: 3000 },
    );
  });

  test('minute by minute across New York’s and Lord Howe’s 2026 changes and midnight', () => {
    const starts = [
      ['America/New_York', Date.UTC(2026, 2, 8, 6, 0)],
      ['America/New_York', Date.UTC(2026, 10, 1, 5, 0)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 14, 0)],
      ['Asia/Tokyo', Date.UTC(2026, 10, 23, 14, 0)],
    ] as const;
    for (const [zone, start] of starts)
      for (let m = 0; m < 240; m++) {
        const ms = start + m * 60_000;
        expect([zone, ms, dayOfInstant(ms, zone)]).toEqual([zone, ms, reference(ms, zone)]);
      }
  });

  test('before 1970 too', () => {
    const ms = Date.UTC(1964, 9, 9, 15, 30);
    expect(isoDay(dayOfInstant(ms, 'Asia/Tokyo'))).toBe('1964-10-10');
  });
});

describe('remembered conversions give the same answers every time', () => {
  test('parseIsoDay, isoDay, slashDay and addMonths', () => {
    for (let i = 0; i < 3; i++) {
      expect(parseIsoDay('2026-02-30')).toBeNull();
      expect(isoDay(parseIsoDay('2026-11-23') as Day)).toBe('2026-11-23');
      expect(slashDay(dayFromYmd(2026, 1, 31))).toBe('2026/01/31');
      expect(isoDay(addMonths(dayFromYmd(2026, 1, 31), 1))).toBe('2026-02-28');
      expect(isoDay(addMonths(dayFromYmd(2024, 2, 29), 12))).toBe('2025-02-28');
    }
  });
});

describe('addMonths', () => {
  test('agrees with date-fns addMonths (clamped to the month’s last day) for any day and count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayFromYmd(1900, 1, 1), max: dayFromYmd(2200, 12, 31) }),
        fc.integer({ min: -1200, max: 1200 }),
        (day, n) => {
          const { year, month, date } = ymdOf(day as Day);
          const want = dateFnsAddMonths(new Date(Date.UTC(year, month - 1, date, 12)), n);
          const got = ymdOf(addMonths(day as Day, n));
          // TZ=UTC: date-fns works in the machine's zone.
          expect(got).toEqual({ year: want.getFullYear(), month: want.getMonth() + 1, date: want.getDate() });
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('calendar arithmetic (no Date objects on the planner’s path)', () => {
  const utcDay = (y: number, m: number, d: number) => Math.round(Date.UTC(y, m - 1, d) / 86_400_000);

  test('dayFromYmd agrees with Date.UTC, months and dates out of range rolling over alike', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -500, max: 9999 }),
        fc.integer({ min: -30, max: 40 }),
        fc.integer({ min: -70, max: 70 }),
        (y, m, d) => dayFromYmd(y, m, d) === utcDay(y, m, d),
      ),
      { numRuns: 5000 },
    );
    expect(isoDay(dayFromYmd(2024, 2, 30))).toBe('2024-03-01');
    expect(isoDay(dayFromYmd(2026, 13, 1))).toBe('2027-01-01');
    expect(isoDay(dayFromYmd(2000, 3, 0))).toBe('2000-02-29');
  });

  test('isValidYmd agrees with a Date round trip (years 0–99 are not what Date.UTC reads)', () => {
    const viaDate = (y: number, m: number, d: number) => {
      const probe = new Date(Date.UTC(y, m - 1, d));
      return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: -1, max: 14 }),
        fc.integer({ min: -1, max: 33 }),
        (y, m, d) => isValidYmd(y, m, d) === viaDate(y, m, d),
      ),
      { numRuns: 5000 },
    );
    expect([isValidYmd(1900, 2, 29), isValidYmd(2000, 2, 29), isValidYmd(2024, 2, 29)]).toEqual([
      false,
      true,
      true,
    ]);
  });

  test('leadingDay reads a date, a slot’s date and time, or a month, as the anchors are written', () => {
    const viaRegex = (text: string) => {
      const monthly = /^\d{4}-\d{2}$/.test(text) ? `${text}-01` : text.slice(0, 10);
      return parseIsoDay(monthly);
    };
    const piece = fc.constantFrom('2026', '-', '02', '11', '29', '30', '1', ' 10:30', 'x', '');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 6 }), (parts) => {
        const text = parts.join('');
        return leadingDay(text) === viaRegex(text);
      }),
      { numRuns: 5000 },
    );
    expect(leadingDay('2026-11-23 14:00')).toBe(parseIsoDay('2026-11-23'));
    expect(leadingDay('2026-11')).toBe(parseIsoDay('2026-11-01'));
    expect(leadingDay('2026-02-30')).toBeNull();
    expect(leadingDay('2026/11/23')).toBeNull();
  });
});
