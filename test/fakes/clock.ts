import { TZDate, tzOffset } from '@date-fns/tz';

/**
 * The one notion of "now" shared by the fakes and the bundle's frozen Date. Time only moves when a test (or
 * Utilities.sleep, or waiting for a lock) moves it, so runs are reproducible.
 */
export class FakeClock {
  now: number;

  constructor(start: string | number | Date = '2024-01-01T00:00:00Z') {
    this.now = toMs(start);
  }

  /** Jump to an instant: an ISO string (with offset), epoch ms or a Date. */
  set(instant: string | number | Date): void {
    this.now = toMs(instant);
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new Error(`FakeClock.advance: bad duration ${ms}`);
    this.now += ms;
  }

  /** "now" as an ISO string, for assertions and logs. */
  iso(): string {
    return new Date(this.now).toISOString();
  }
}

function toMs(instant: string | number | Date): number {
  const ms =
    typeof instant === 'number'
      ? instant
      : typeof instant === 'string'
        ? Date.parse(instant)
        : instant.getTime();
  if (!Number.isFinite(ms)) throw new Error(`FakeClock: not an instant: ${String(instant)}`);
  return ms;
}

/** The wall-clock reading of an instant in an IANA time zone (month 1-12, weekday 0 = Sunday). */
export interface WallTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  weekday: number;
  /** Minutes east of UTC, e.g. 540 for Asia/Tokyo. */
  offsetMinutes: number;
}

export function wallTimeOf(ms: number, timeZone: string): WallTime {
  const offsetMinutes = tzOffset(timeZone, new Date(ms));
  // Rounded: a local mean time's offset has whole seconds, which minutes * 60,000 may miss by a float's error.
  const shifted = new Date(ms + Math.round(offsetMinutes * 60_000));
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
    weekday: shifted.getUTCDay(),
    offsetMinutes,
  };
}

/** The instant a wall-clock reading names in a time zone (month 1-12). */
export function instantOf(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millisecond = 0,
): number {
  return new TZDate(year, month - 1, day, hour, minute, second, millisecond, timeZone).getTime();
}
