import fc from 'fast-check';
import { TZDate } from '@date-fns/tz';
import {
  addMonths,
  dayFromYmd,
  dayOfInstant,
  isoDay,
  parseIsoDay,
  slashDay,
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
