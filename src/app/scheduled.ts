import { dayOfInstant, hourOfInstant } from '../core/day';
import { readSettings } from '../core/settings';
import { SETTINGS_HEADERS, SHEET } from '../labels';
import { plainRows } from '../sheets/workbook';
import { runDaily, type DailyRunSummary } from './daily-run';
import { lastDailyRun } from './properties';

/**
 * The hourly trigger: at (or after) 毎日の実行時刻, once a day, plan and prepare the day. The other hours have
 * nothing to do yet; resuming interrupted runs and sending approved LINE join here.
 */
export function runHourly(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): DailyRunSummary | null {
  const timeZone = ss.getSpreadsheetTimeZone();
  const today = dayOfInstant(now, timeZone);
  const rows = plainRows(ss, SHEET.settings, SETTINGS_HEADERS) ?? [];
  const { settings } = readSettings(
    rows.map((r) => [r[0], r[1]] as const),
    timeZone,
  );
  const due = hourOfInstant(now, timeZone) >= settings.runHour && lastDailyRun() !== today;
  return due ? runDaily(ss, now) : null;
}
