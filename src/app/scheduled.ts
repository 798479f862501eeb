import { Budget } from './budget';
import { errorText } from '../core/errors';
import { zonedNow } from './zone';
import { runDailyFollowUps, type DailyRunSummary } from './daily-run';
import { sendApprovedLine } from './line-send';
import { lastDailyRun, needsResume, setNeedsResume } from './properties';
import { settingsOf } from './workbook';
import { archivedRowsLeft, sweepArchivedRows } from './archive';

/**
 * The hourly trigger: at (or after) 毎日の実行時刻, once a day, plan and prepare the day; every hour, send the LINE
 * the owner approved (inside 9:00–20:00); and finish a run that stopped near the time limit.
 *
 * One time budget covers the whole run, daily run and LINE sending alike (see Budget): nothing new starts after
 * 4.5 minutes, and what is left is done the next hour. An hour with nothing to do reads two document properties
 * and the LINE送信 sheet and returns: the consumer quota for triggers is 90 minutes of runtime a day
 * (https://developers.google.com/apps-script/guides/services/quotas, "Triggers total runtime").
 */
export function runScheduled(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  /** From the start of the execution, waiting for the lock included. */
  budget: Budget = new Budget(now.getTime()),
): DailyRunSummary | null {
  const { timeZone, today, hour } = zonedNow(ss, now);
  // A run stopped near the time limit is finished in the next hour, whatever the hour. 設定 is read only on a day
  // whose run has not been made yet.
  const due =
    needsResume() || (lastDailyRun() !== today && hour >= settingsOf(ss, timeZone).settings.runHour);
  // Waiting for the lock may have spent the budget already: then the day is run next hour.
  if (due && budget.over()) setNeedsResume(true);
  const summary = due && !budget.over() ? runDailyFollowUps(ss, now, undefined, budget) : null;
  // Every hour: approved LINE goes out inside 9:00–20:00 (sendApprovedLine keeps the window itself).
  sendApprovedLine(ss, now, undefined, budget);
  // Rows a morning's archiving wrote to 連絡履歴アーカイブ but had no time to take out of 連絡履歴. Housekeeping: a
  // failure is logged and tried again the next hour, and the hour's sending stands.
  if (!budget.over() && archivedRowsLeft())
    try {
      sweepArchivedRows(ss, budget);
    } catch (error) {
      console.warn(`連絡履歴 archived rows not taken out: ${errorText(error)}`);
    }
  return summary;
}
