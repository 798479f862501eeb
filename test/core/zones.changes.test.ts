/**
 * What sampling the offset source every ZONE_SAMPLE_MS could get wrong, checked against ICU (node's Intl reading the
 * wall clock) through the fake Utilities.formatDate that test/zones.setup.ts registers: offsets that come back
 * within days (the quickest in tzdb), several changes in one stretch, standard offsets changed for good, a skipped
 * calendar day, a local mean time's half minute; and, with a made-up source, changes close together at odd seconds.
 * Also what it costs: a year of instants asks the source about once per ZONE_SAMPLE_MS, whatever their number.
 */
import {
  dayOfInstant,
  hourOfInstant,
  instantOfDay,
  isoDay,
  minutesOfInstant,
  offsetsFromFormatDate,
  useZoneOffsets,
  ZONE_SAMPLE_MS,
  type Day,
} from '../../src/core/day';
import { formatJavaDate } from '../fakes/services';
import { icu } from './icu-clock';

const MINUTE = 60_000;
const DAY = 86_400_000;

const appsScript = offsetsFromFormatDate((date, zone, pattern) =>
  formatJavaDate(date.getTime(), zone, pattern),
);

/** ICU's offset in whole minutes (a local mean time's seconds cut off), to see where ICU changes. */
function icuOffsetMinutes(ms: number, zone: string): number {
  const { day, minutes } = icu(ms, zone);
  return day * 1440 + minutes - Math.floor(ms / MINUTE);
}

/** Where ICU's offset changes between `from` and `to`, to the minute. */
function icuChanges(zone: string, from: number, to: number): number[] {
  const changes: number[] = [];
  let before = icuOffsetMinutes(from, zone);
  for (let ms = from + 5 * MINUTE; ms <= to; ms += 5 * MINUTE) {
    const now = icuOffsetMinutes(ms, zone);
    if (now === before) continue;
    let lo = ms - 5 * MINUTE;
    let hi = ms;
    while (hi - lo > MINUTE) {
      const mid = lo + Math.floor((hi - lo) / 2 / MINUTE) * MINUTE;
      if (icuOffsetMinutes(mid, zone) === before) lo = mid;
      else hi = mid;
    }
    changes.push(hi);
    before = now;
  }
  return changes;
}

/** Where the core and ICU disagree on an instant's day, hour or minute ([] when they agree): cheap enough per minute. */
function disagreement(zone: string, ms: number): string[] {
  const want = icu(ms, zone);
  const got = {
    day: dayOfInstant(ms, zone),
    hour: hourOfInstant(ms, zone),
    minutes: minutesOfInstant(ms, zone),
  };
  if (got.day === want.day && got.hour === want.hour && got.minutes === want.minutes) return [];
  return [`${new Date(ms).toISOString()}: ${JSON.stringify(got)} ≠ ICU ${JSON.stringify(want)}`];
}

/** [zone, from, to (UTC days), the changes ICU has in between, what the stretch is]. */
const STRETCHES: [string, string, string, number, string][] = [
  ['America/Boa_Vista', '2000-10-01', '2000-10-20', 2, 'a week of summer time (2000-10-08 to 10-15)'],
  ['America/Noronha', '2000-10-01', '2000-10-20', 2, 'a week of summer time, another offset'],
  ['Asia/Gaza', '2040-10-10', '2040-11-01', 2, 'a predicted Ramadan suspension of under a week'],
  ['Africa/Tunis', '1943-04-10', '1943-05-01', 2, 'eight days back on standard time'],
  ['Europe/Vienna', '1945-03-28', '1945-04-20', 2, 'ten days of summer time'],
  ['America/Argentina/Tucuman', '2004-05-25', '2004-06-20', 2, 'twelve days an hour behind'],
  ['Africa/Cairo', '2010-08-01', '2010-10-05', 3, 'summer time suspended for Ramadan, back for three weeks'],
  ['Africa/Casablanca', '2013-07-01', '2013-08-20', 2, 'summer time suspended for Ramadan'],
  ['Africa/Casablanca', '2024-03-01', '2024-04-20', 2, 'standard +01 suspended for Ramadan'],
  ['America/Caracas', '2007-12-01', '2007-12-20', 1, 'standard offset −4 → −4:30'],
  ['America/Caracas', '2016-04-25', '2016-05-10', 1, 'standard offset −4:30 → −4'],
  ['Asia/Pyongyang', '2015-08-10', '2015-08-20', 1, 'standard offset +9 → +8:30'],
  ['Europe/Moscow', '2011-03-20', '2011-04-05', 1, 'summer time kept for good, +3 → +4'],
  ['Europe/Moscow', '2014-10-20', '2014-11-01', 1, 'standard offset +4 → +3'],
  ['Pacific/Apia', '2011-12-25', '2012-01-05', 1, 'the date line crossed: 2011-12-30 skipped'],
  ['Africa/Monrovia', '1972-01-01', '1972-01-15', 1, 'a local mean time’s half minute, −0:44:30 → 0'],
];

describe.each(STRETCHES)('%s from %s to %s (%i changes): %s', (zone, fromIso, toIso, count) => {
  const from = Date.parse(`${fromIso}T00:00:00Z`);
  const to = Date.parse(`${toIso}T00:00:00Z`);
  const changes = icuChanges(zone, from, to);

  test('ICU has the changes this case is about', () => {
    expect(changes).toHaveLength(count);
  });

  test('day, hour and minute agree with ICU every 5 minutes, and every minute around each change', () => {
    const wrong: string[] = [];
    for (let ms = from; ms <= to; ms += 5 * MINUTE) wrong.push(...disagreement(zone, ms));
    for (const change of changes)
      for (let ms = change - 90 * MINUTE; ms <= change + 90 * MINUTE; ms += MINUTE)
        wrong.push(...disagreement(zone, ms), ...disagreement(zone, ms - 1));
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  test('every day begins at the first instant ICU puts on it', () => {
    for (let day = Math.floor(from / DAY) + 1; day < Math.floor(to / DAY); day++) {
      const start = instantOfDay(day as Day, zone).getTime();
      expect([isoDay(day as Day), icu(start, zone).day >= day, icu(start - 1, zone).day < day]).toEqual([
        isoDay(day as Day),
        true,
        true,
      ]);
    }
  });
});

test('a skipped date begins with the next (Apia, 2011-12-30)', () => {
  const skipped = Date.UTC(2011, 11, 30) / DAY;
  expect(instantOfDay(skipped as Day, 'Pacific/Apia').toISOString()).toBe('2011-12-30T10:00:00.000Z');
  expect(isoDay(dayOfInstant(Date.parse('2011-12-30T10:00:00Z'), 'Pacific/Apia'))).toBe('2011-12-31');
  expect(isoDay(dayOfInstant(Date.parse('2011-12-30T09:59:59Z'), 'Pacific/Apia'))).toBe('2011-12-29');
});

describe('a made-up source: changes close together, at odd seconds, on the edges', () => {
  afterEach(() => useZoneOffsets(appsScript));

  const H = 3_600_000;
  const edge = 7000 * ZONE_SAMPLE_MS;
  /**
   * [from, offset]: +1 h; +2 h at 1:00:17 past a sample; +2:30 40 minutes later; +0:19:32 on the next sample; +3 a
   * second later; −1 from a quarter hour's last second. No offset comes back.
   */
  const steps: [number, number][] = [
    [-Infinity, H],
    [edge + H + 17_000, 2 * H],
    [edge + H + 17_000 + 40 * MINUTE, 2.5 * H],
    [edge + ZONE_SAMPLE_MS, (19 * 60 + 32) * 1000],
    [edge + ZONE_SAMPLE_MS + 1000, 3 * H],
    [edge + ZONE_SAMPLE_MS + 15 * MINUTE - 1000, -H],
  ];
  const truth = (ms: number) => steps.filter(([at]) => at <= ms).at(-1)?.[1] as number;

  test('each change is found to the second, and every instant between is read with its offset', () => {
    let asked = 0;
    useZoneOffsets((ms) => {
      asked++;
      return truth(ms);
    });
    const instants: number[] = [];
    for (let ms = edge - DAY; ms < edge + ZONE_SAMPLE_MS + DAY; ms += 9973) instants.push(ms);
    for (const [at] of steps.slice(1))
      for (let ms = at - 5 * MINUTE; ms <= at + 5 * MINUTE; ms += 1000) instants.push(ms, ms - 1, ms + 1);
    const wrong = instants.filter((ms) => {
      const wall = ms + truth(ms);
      const day = Math.floor(wall / DAY);
      return (
        dayOfInstant(ms, 'Made/Up') !== day ||
        minutesOfInstant(ms, 'Made/Up') !== Math.floor((wall - day * DAY) / MINUTE)
      );
    });
    expect(wrong.map((ms) => new Date(ms).toISOString()).slice(0, 5)).toEqual([]);
    // Three cells; five changes, each found in no more than about 20 questions.
    expect(asked).toBeLessThanOrEqual(4 + 5 * 20);
  });
});

describe('what it costs', () => {
  afterEach(() => useZoneOffsets(appsScript));

  function counting(): { asked: () => number } {
    let asked = 0;
    useZoneOffsets((ms, zone) => {
      asked++;
      return appsScript(ms, zone);
    });
    return { asked: () => asked };
  }

  const start = Date.UTC(2026, 0, 1);
  const end = Date.UTC(2027, 0, 1);
  const cells = Math.floor((end - 1) / ZONE_SAMPLE_MS) - Math.floor(start / ZONE_SAMPLE_MS) + 1;

  test('a year of instants in a zone without changes asks once per sample, however many instants', () => {
    const { asked } = counting();
    for (let ms = start; ms < end; ms += 10 * MINUTE) dayOfInstant(ms, 'Asia/Tokyo');
    expect(asked()).toBe(cells + 1);
    for (let ms = start; ms < end; ms += MINUTE) hourOfInstant(ms, 'Asia/Tokyo');
    for (let day = start / DAY; day < end / DAY; day++) instantOfDay(day as Day, 'Asia/Tokyo');
    expect(asked()).toBeLessThanOrEqual(cells + 2);
  });

  test('two changes a year add about ten questions each', () => {
    const { asked } = counting();
    for (let ms = start; ms < end; ms += 10 * MINUTE) dayOfInstant(ms, 'America/New_York');
    expect(asked()).toBeGreaterThan(cells + 1);
    expect(asked()).toBeLessThanOrEqual(cells + 1 + 2 * 11);
  });

  test('a day of instants asks twice', () => {
    const { asked } = counting();
    const day = Date.UTC(2026, 10, 22);
    for (let ms = day; ms < day + DAY; ms += 7 * MINUTE) hourOfInstant(ms, 'Asia/Tokyo');
    expect(asked()).toBeLessThanOrEqual(3);
  });
});
