/**
 * ICU's wall clock (node's Intl reading year, month, day, hour and minute: no offset names), the independent oracle
 * the zone tests compare the core with.
 */
import { dayFromYmd, type Day } from '../../src/core/day';

const formats = new Map<string, Intl.DateTimeFormat>();

export interface WallClock {
  day: Day;
  hour: number;
  /** Minutes after midnight. */
  minutes: number;
}

/** ICU's wall clock of an instant in a zone. */
export function icu(ms: number, timeZone: string): WallClock {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    formats.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(ms).map((p) => [p.type, p.value]));
  return {
    day: dayFromYmd(Number(parts.year), Number(parts.month), Number(parts.day)),
    hour: Number(parts.hour),
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}
