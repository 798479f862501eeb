import { zonedNow } from './zone';
import { runDaily, type DailyRunSummary } from './daily-run';
import { sendApprovedLine } from './line-send';
import { lastDailyRun, needsResume } from './properties';
import { settingsOf } from './workbook';

/**
 * The hourly trigger: at (or after) 毎日の実行時刻, once a day, plan and prepare the day; every hour, send the LINE
 * the owner approved (inside 9:00–20:00); and finish a run that stopped near the time limit.
 */
export function runHourly(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): DailyRunSummary | null {
  const { timeZone, today, hour } = zonedNow(ss, now);
  const { settings } = settingsOf(ss, timeZone);
  // A run stopped near the time limit is finished in the next hour, whatever the hour.
  const due = needsResume() || (hour >= settings.runHour && lastDailyRun() !== today);
  const summary = due ? runDaily(ss, now) : null;
  // Every hour: approved LINE goes out inside 9:00–20:00 (sendApprovedLine keeps the window itself).
  sendApprovedLine(ss, now);
  return summary;
}
