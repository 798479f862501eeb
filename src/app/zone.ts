import {
  dayOfInstant,
  hasZoneOffsets,
  hourOfInstant,
  minutesOfInstant,
  offsetsFromFormatDate,
  TimeZoneError,
  useZoneOffsets,
  type Day,
} from '../core/day';

/**
 * The spreadsheet's time zone, with the core's offsets for it taken from Apps Script itself: Utilities.formatDate
 * (https://developers.google.com/apps-script/reference/utilities/utilities#formatDate(Date,String,String)) with
 * SimpleDateFormat's `Z`. Nothing documents that Apps Script's Intl knows time-zone offset names, so the core never
 * asks Intl. Every entry point that computes a day or an hour reads the zone here.
 * Spreadsheet.getSpreadsheetTimeZone:
 * https://developers.google.com/apps-script/reference/spreadsheet/spreadsheet#getSpreadsheetTimeZone()
 */
export function spreadsheetZone(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): string {
  useAppsScriptZones();
  return ss.getSpreadsheetTimeZone() || Session.getScriptTimeZone();
}

/** Registers Utilities.formatDate as the core's offset source; `afresh` forgets offsets asked before. */
export function useAppsScriptZones(afresh = false): void {
  if (afresh || !hasZoneOffsets())
    useZoneOffsets(
      offsetsFromFormatDate((date, timeZone, pattern) => Utilities.formatDate(date, timeZone, pattern)),
    );
}

export interface ZonedNow {
  timeZone: string;
  today: Day;
  /** 0–23 */
  hour: number;
  /** Minutes after midnight. */
  minutes: number;
}

/**
 * Today, the hour and the minute in the spreadsheet's time zone. Fails closed: when any of them is not a finite
 * number, the entry point stops with a Japanese message saying what to check, rather than plan a wrong day or let
 * LINE out at night (a NaN hour passes no comparison, so "hour < 9" would never hold).
 */
export function zonedNow(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): ZonedNow {
  const timeZone = spreadsheetZone(ss);
  const today = dayOfInstant(now, timeZone);
  const minutes = minutesOfInstant(now, timeZone);
  const hour = hourOfInstant(now, timeZone);
  if (![today, minutes, hour].every(Number.isFinite)) throw new TimeZoneError(timeZone);
  return { timeZone, today, hour, minutes };
}
