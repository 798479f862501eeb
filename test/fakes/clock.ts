import { TZDate } from '@date-fns/tz';

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

const offsetFormats = new Map<string, Intl.DateTimeFormat>();
const offsetTexts = new Map<string, number>();

/**
 * Minutes east of UTC (with a local mean time's seconds as a fraction), from ICU's "GMT-00:44:30". Not @date-fns/tz's
 * tzOffset: it reads "-00:44:30" as +44.5 (the minus of "-00" is lost), and so would put Monrovia (−0:44:30 until
 * 1972) or Dublin Mean Time (−0:25:21) on the wrong side of UTC, where Java's `Z` says "-0044" and "-0025"
 * (https://docs.oracle.com/javase/8/docs/api/java/text/SimpleDateFormat.html, "RFC 822 time zone").
 */
function offsetMinutesOf(ms: number, timeZone: string): number {
  if (!Number.isFinite(ms)) return NaN;
  let format = offsetFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    } catch {
      return NaN; // not a zone ICU knows (tzOffset answered NaN too)
    }
    offsetFormats.set(timeZone, format);
  }
  const text = format.format(ms);
  const tail = text.slice(text.lastIndexOf('GMT'));
  let minutes = offsetTexts.get(tail);
  if (minutes === undefined) {
    const m = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(tail);
    if (!m) return NaN;
    const sign = m[1] === '-' ? -1 : 1;
    minutes = m[1] ? sign * (Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0) / 60) : 0;
    offsetTexts.set(tail, minutes);
  }
  return minutes;
}

export function wallTimeOf(ms: number, timeZone: string): WallTime {
  const offsetMinutes = offsetMinutesOf(ms, timeZone);
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
