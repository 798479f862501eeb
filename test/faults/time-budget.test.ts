/**
 * One time budget covers the whole hourly run — drafts, LINE送信, the owner's notice, 手紙, 電話リスト, 集計 and LINE
 * sending. Apps Script stops an execution at 6 minutes and that stop cannot be caught
 * (https://developers.google.com/apps-script/guides/services/quotas, "Script runtime: 6 min / execution"): a run
 * that is slow from any service call on stops itself in time, and one killed at the 6-minute mark in any phase is
 * finished by the next hour, every contact prepared once and every LINE delivered once.
 */
import {
  SECOND_VISIT,
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  wall,
  type Tsunagu,
  lineWithRetryKeys,
  dayOutcome,
} from '../bundle/harness';
import { tally } from './tally';

const KILL_AT_MS = 6 * 60 * 1000;
const BUDGET_MS = 4.5 * 60 * 1000;
/** A service call's round trip once the run is slow (Sheets calls take tenths of a second to a second). */
const SLOW_CALL_MS = 1000;
const address = (n: number) => ({ 郵便番号: '154-0004', 住所: `東京都世田谷区太子堂1-2-${n}` });
const LINE_IDS = [`U${'1'.repeat(32)}`, `U${'2'.repeat(32)}`];

/** 2026-11-22 at 10:00 (毎日の実行時刻): three emails, two LINE sent by themselves, two letters and a call. */
function day(line = lineWithRetryKeys()) {
  const t = loadTsunagu({
    sheets: [
      customerSheet([
        { 顧客ID: 'M1', 氏名: '佐藤 美咲', メール: 'm1@example.jp', ...SECOND_VISIT },
        { 顧客ID: 'M2', 氏名: '鈴木 花', メール: 'm2@example.jp', ...SECOND_VISIT },
        { 顧客ID: 'M3', 氏名: '田村 陽', メール: 'm3@example.jp', ...SECOND_VISIT },
        { 顧客ID: 'L1', 氏名: '高橋 花子', LINEユーザーID: LINE_IDS[0], ...SECOND_VISIT },
        { 顧客ID: 'L2', 氏名: '伊藤 誠', LINEユーザーID: LINE_IDS[1], ...SECOND_VISIT },
        { 顧客ID: 'P1', 氏名: '鈴木 一郎', ...address(3), ...SECOND_VISIT },
        { 顧客ID: 'P2', 氏名: '中村 翼', ...address(4), ...SECOND_VISIT },
        { ...C4_CALLER },
      ]),
      settingsSheet([...SHOP_SETTINGS, ['LINE自動送信', 'TRUE'], ['毎日の実行時刻', 10]]),
      logSheet([C4_INQUIRY_SENT]),
    ],
    today: '2026-11-22',
    hour: 10,
    fetch: line.handler,
    documentProperties: { 'tsunagu.line.token': 'token' },
  });
  return { t, line };
}

/** What the day left behind, in a form two runs can be compared by: dayOutcome and what the whole hour adds. */
function outcome(t: Tsunagu, delivered: readonly string[]) {
  return {
    ...dayOutcome(t),
    notices: t.services.exportState().gmail.sent.filter((m) => m.to === 'owner@example.com').length,
    summarySheet: (t.values('集計')?.length ?? 0) > 0,
    delivered: [...delivered].sort(),
    resume: t.services.properties.document.getProperty('tsunagu.resume'),
  };
}

const clean = (() => {
  const { t, line } = day();
  const calls: string[] = [];
  t.services.calls.onCall = (service, method) => void calls.push(`${service}.${method}`);
  t.call('runScheduled', {});
  t.services.calls.onCall = undefined;
  return { want: outcome(t, line.delivered), calls };
})();

/**
 * Runs the day with the clock jumping to `jumpTo` after the start at call k, each call after that taking
 * SLOW_CALL_MS, and Apps Script's kill at 6 minutes; then the next hour at normal speed. Returns what happened.
 */
function slowFrom(k: number, jumpTo: number) {
  const { t, line } = day();
  const start = t.clock.now;
  let seen = 0;
  let killed = false;
  // The fakes stop an execution that has run 6 minutes, as Apps Script does: its next service call is killed.
  t.services.calls.onCall = () => {
    seen++;
    if (seen === k) t.clock.set(start + jumpTo);
    else if (seen > k) t.clock.advance(SLOW_CALL_MS);
  };
  try {
    t.call('runScheduled', {});
  } catch (error) {
    killed = true;
    expect(String(error)).toContain('Exceeded maximum execution time');
  }
  t.services.calls.onCall = undefined;
  const elapsed = t.clock.now - start;
  tally.faultsInjected++;
  t.clock.set(wall('2026-11-22', 11));
  t.call('runScheduled', {});
  tally.runsRepeated++;
  const after = outcome(t, line.delivered);
  tally.duplicatesFound += line.delivered.length - new Set(line.delivered).size;
  tally.contactsLost += clean.want.log.filter((l) => !after.log.includes(l)).length;
  return { killed, elapsed, after, at: clean.calls[k - 1] };
}

describe('the budget covers the whole hourly run', () => {
  test('the uninterrupted day prepares all eight, sends the notice and both LINE, once', () => {
    const { want, calls } = clean;
    expect(want.log).toHaveLength(8);
    expect(want.log.every((l) => !/ (準備中|失敗)$/.test(l))).toBe(true);
    expect(want.drafts).toHaveLength(3);
    expect(want.notices).toBe(1);
    expect(want.outbox.filter((l) => l.endsWith('送信済'))).toHaveLength(2);
    expect(want.delivered).toEqual(LINE_IDS);
    expect(want.calls).toHaveLength(1);
    expect(want.letters).toHaveLength(2);
    expect(want.summarySheet).toBe(true);
    expect(want.resume).toBeNull();
    // Every phase is in the run the sweeps below cut into.
    for (const call of ['GmailApp.createDraft', 'GmailApp.sendEmail', 'UrlFetchApp.fetch'])
      expect(calls).toContain(call);
  });

  test(`slow from any call on (each of ${clean.calls.length}), the run stops itself before 6 minutes; the next hour finishes`, () => {
    const failures: string[] = [];
    for (let k = 1; k <= clean.calls.length; k++) {
      const { killed, elapsed, after, at } = slowFrom(k, BUDGET_MS + 1000);
      if (killed || elapsed >= KILL_AT_MS || JSON.stringify(after) !== JSON.stringify(clean.want))
        failures.push(`slow from call ${k} (${at}): ${JSON.stringify({ killed, elapsed, after })}`);
    }
    expect(failures).toEqual([]);
  });

  test(`killed at the 6-minute mark from any call on (each of ${clean.calls.length}), the next hour finishes`, () => {
    const failures: string[] = [];
    let kills = 0;
    for (let k = 1; k <= clean.calls.length; k++) {
      // At 5:55 from call k on: past the budget, so only what is under way goes on — until the kill.
      const { killed, after, at } = slowFrom(k, KILL_AT_MS - 5000);
      if (killed) kills++;
      // A kill between the owner's notice and its record may send the notice twice: at most once more.
      const { notices, ...rest } = after;
      const { notices: _n, ...want } = clean.want;
      if (notices < 1 || notices > 2 || JSON.stringify(rest) !== JSON.stringify(want))
        failures.push(`killed from call ${k} (${at}): ${JSON.stringify(after)}`);
    }
    expect(failures).toEqual([]);
    // The sweep does kill runs (in every phase still under way at 5:55).
    expect(kills).toBeGreaterThan(clean.calls.length / 4);
  });
});

describe('the trigger’s daily runtime', () => {
  test('an hour with nothing to do reads LINE送信, and 連絡履歴 only the first hour after LINE went out', () => {
    const { t } = day();
    t.call('runScheduled', {});
    const hour = (h: number) => {
      t.clock.set(wall('2026-11-22', h));
      t.services.calls.reset();
      expect(t.call('runScheduled', {})).toBeNull();
      return t.services.calls.byMethod();
    };
    // The first hour after the sends confirms them in 連絡履歴 (read once) and remembers their digest: the lock, the
    // recorded owner and the account the trigger runs as, LINE's webhook queue (the script properties, read in one
    // call), the document properties, the time zone's offsets, the two sheets, the digest and its property, and
    // SpreadsheetApp.flush() before the lock is let go (Lock.releaseLock's reference page asks for it), and whether
    // archived rows wait to be taken out of 連絡履歴 (answered from the properties already read), and the new data
    // generation as the lock is taken and let go (what the sidebar's list remembered no longer holds, list-said.ts).
    let calls = hour(12);
    expect(t.services.calls.total()).toBeLessThanOrEqual(39);
    expect(calls['SpreadsheetApp.Range.getValues']).toBe(2);
    expect(t.services.calls.total('SpreadsheetApp')).toBeLessThanOrEqual(11);
    expect(Object.keys(calls).filter((c) => /^(GmailApp|UrlFetchApp|MailApp)\./.test(c))).toEqual([]);
    // The hours after it read LINE送信 alone.
    calls = hour(13);
    expect(t.services.calls.total()).toBeLessThanOrEqual(32);
    expect(calls['SpreadsheetApp.Range.getValues']).toBe(1);
    expect(t.services.calls.total('SpreadsheetApp')).toBeLessThanOrEqual(8);
    expect(Object.keys(calls).filter((c) => /^(GmailApp|UrlFetchApp|MailApp)\./.test(c))).toEqual([]);
  });
});
