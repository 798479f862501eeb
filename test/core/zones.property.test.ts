/**
 * ICU's calendar as an independent oracle: the core's day, hour and midnight, computed from offsets that
 * Utilities.formatDate gives (here the fake, as test/zones.setup.ts registers), agree with node's Intl reading the
 * wall clock (year, month, day, hour, minute: no offset names) at random instants in zones with half-hour DST
 * (Lord Howe), quarter-hour offsets (Kathmandu, Chatham), both hemispheres' DST, Morocco's Ramadan suspensions and a
 * standard offset changed twice (Caracas). Rarer changes are walked through in zones.changes.test.ts.
 */
import fc from 'fast-check';
import {
  dayFromYmd,
  dayOfInstant,
  hourOfInstant,
  instantOfDay,
  isoDay,
  minutesOfInstant,
  offsetsFromFormatDate,
  TimeZoneError,
  useZoneOffsets,
  type Day,
} from '../../src/core/day';
import { formatJavaDate } from '../fakes/services';
import { icu } from './icu-clock';

const ZONES = [
  'Asia/Tokyo',
  'America/New_York',
  'Europe/London',
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'America/Caracas',
];

const instants = fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) });
const zones = fc.constantFrom(...ZONES);

describe('agrees with ICU at random instants', () => {
  test('dayOfInstant, hourOfInstant and minutesOfInstant', () => {
    fc.assert(
      fc.property(instants, zones, (ms, zone) => {
        const want = icu(ms, zone);
        expect({
          day: dayOfInstant(ms, zone),
          hour: hourOfInstant(ms, zone),
          minutes: minutesOfInstant(ms, zone),
        }).toEqual(want);
      }),
      { numRuns: 5000 },
    );
  });

  test('instantOfDay is the first instant ICU puts on that day (00:00, or when the clocks jump over it)', () => {
    const days = fc.integer({ min: dayFromYmd(1900, 1, 2), max: dayFromYmd(2099, 12, 31) });
    fc.assert(
      fc.property(days, zones, (day, zone) => {
        const start = instantOfDay(day as Day, zone).getTime();
        const [before, at] = [icu(start - 1, zone), icu(start, zone)];
        expect(isoDay(at.day)).toBe(isoDay(day as Day));
        expect(before.day).toBeLessThan(day);
        // Midnight, unless the clocks jumped over it (Tokyo 1948-05-02, Casablanca 2011-04-03: 0:00 → 1:00): then
        // the instant before is still the day before (checked above) and the jump is less than a few hours.
        if (at.minutes !== 0) expect(at.minutes).toBeLessThanOrEqual(3 * 60);
      }),
      { numRuns: 3000 },
    );
  });

  test.each([
    ['Asia/Tokyo', 1948, 5, 2],
    ['Australia/Lord_Howe', 1981, 3, 1],
    ['Asia/Kathmandu', 1986, 1, 1],
    ['Pacific/Chatham', 1946, 1, 1],
    ['Africa/Casablanca', 1913, 10, 26],
    ['Africa/Casablanca', 1939, 9, 12],
  ])('instantOfDay on a day whose midnight %s skipped (%i-%i-%i) is its first instant', (zone, y, m, d) => {
    const day = dayFromYmd(y, m, d);
    const start = instantOfDay(day, zone).getTime();
    expect(isoDay(icu(start, zone).day)).toBe(isoDay(day));
    expect(icu(start, zone).minutes).toBeGreaterThan(0);
    expect(icu(start - 1, zone).day).toBe(day - 1);
  });

  test('minute by minute through each zone’s 2026 changes', () => {
    const changes = [
      ['America/New_York', Date.UTC(2026, 2, 8, 6)],
      ['America/New_York', Date.UTC(2026, 10, 1, 5)],
      ['Europe/London', Date.UTC(2026, 2, 29, 0)],
      ['Australia/Lord_Howe', Date.UTC(2026, 3, 4, 14)],
      ['Australia/Lord_Howe', Date.UTC(2026, 9, 3, 15)],
      ['Pacific/Chatham', Date.UTC(2026, 3, 4, 13)],
      ['Pacific/Chatham', Date.UTC(2026, 8, 26, 13)],
    ] as const;
    for (const [zone, around] of changes)
      for (let m = -120; m < 120; m++) {
        const ms = around + m * 60_000;
        const want = icu(ms, zone);
        expect([zone, ms, dayOfInstant(ms, zone), minutesOfInstant(ms, zone)]).toEqual([
          zone,
          ms,
          want.day,
          want.minutes,
        ]);
      }
  });

  test('a day whose midnight the clocks skip begins when they jump (São Paulo, 2018-11-04, 0:00 → 1:00)', () => {
    const day = dayFromYmd(2018, 11, 4);
    expect(instantOfDay(day, 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(instantOfDay(dayFromYmd(2018, 11, 5), 'America/Sao_Paulo').toISOString()).toBe(
      '2018-11-05T02:00:00.000Z',
    );
  });

  test('a local mean time’s odd seconds (Kathmandu, +5:41:16 until 1920)', () => {
    const midnight = instantOfDay(dayFromYmd(1910, 5, 1), 'Asia/Kathmandu').getTime();
    expect(new Date(midnight).toISOString()).toBe('1910-04-30T18:18:44.000Z');
    expect(isoDay(dayOfInstant(midnight, 'Asia/Kathmandu'))).toBe('1910-05-01');
    expect(isoDay(dayOfInstant(midnight - 1000, 'Asia/Kathmandu'))).toBe('1910-04-30');
  });
});

describe('fails closed', () => {
  const appsScript = offsetsFromFormatDate((date, zone, pattern) =>
    formatJavaDate(date.getTime(), zone, pattern),
  );
  afterEach(() => useZoneOffsets(appsScript));

  test('with no offset source registered, every conversion throws a Japanese TimeZoneError', () => {
    useZoneOffsets(undefined);
    expect(() => dayOfInstant(0, 'Asia/Tokyo')).toThrow(TimeZoneError);
    expect(() => hourOfInstant(0, 'Asia/Tokyo')).toThrow(/タイムゾーン（Asia\/Tokyo）/);
    expect(() => instantOfDay(0 as Day, 'Asia/Tokyo')).toThrow(TimeZoneError);
  });

  test.each([NaN, Infinity, 19 * 3_600_000, '+0900' as unknown as number])(
    'an offset of %p is no offset',
    (offset) => {
      useZoneOffsets(() => offset);
      expect(() => hourOfInstant(0, 'Asia/Tokyo')).toThrow(TimeZoneError);
    },
  );

  test('a formatDate answer that is not `ss Z` is no offset', () => {
    useZoneOffsets(offsetsFromFormatDate(() => 'Sun Nov 22 2026'));
    expect(() => dayOfInstant(0, 'Asia/Tokyo')).toThrow(TimeZoneError);
  });
});
