import { hasZoneOffsets, offsetsFromFormatDate, useZoneOffsets } from '../core/day';

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

/** Registers Utilities.formatDate as the core's offset source (once per execution). */
export function useAppsScriptZones(): void {
  if (!hasZoneOffsets())
    useZoneOffsets(
      offsetsFromFormatDate((date, timeZone, pattern) => Utilities.formatDate(date, timeZone, pattern)),
    );
}
