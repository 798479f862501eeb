/**
 * Every rule decides exactly as before with 連絡履歴アーカイブ and 来店履歴 folding (issue 19, item 3): the example shop
 * run every day for six months through dist/Code.js, with archiving on and off, the same owner in both, the plans
 * compared after each day (tools/bench/archive-equivalence.ts). Dropping a condition of the contract's "never
 * archived" list makes it fail: e.g. without "the latest row of its rule and step", a complaint's お詫びと確認 is
 * logged 期限切れ again once its row has moved (checked by hand; see the README).
 */
import { compareArchiving } from '../../tools/bench/archive-equivalence';

describe('archiving changes no decision', () => {
  test('30 customers, every day from 2026-11-24 for almost six months: the same plans and contacts every day', async () => {
    const days: { day: string; moved: number; callsOn: number; callsOff: number }[] = [];
    const result = await compareArchiving({ customers: 30, days: 175, onDay: (d) => days.push(d) });
    expect(result.differences).toEqual([]);
    expect(result.contacts).toBeGreaterThan(300);
    // Archiving really happened, monthly, and kept 連絡履歴 small; 来店履歴's old years folded.
    expect(result.archivings).toBeGreaterThanOrEqual(5);
    expect(result.moved).toBeGreaterThan(300);
    expect(result.logRowsOn).toBeLessThan(result.logRowsOff / 2);
    expect(result.archiveRows).toBeGreaterThan(0);
    expect(result.folded).toBeGreaterThan(20);
    // The first run only starts the month: archiving comes with each month's first run from December on.
    expect(days.filter((d) => d.moved > 0).map((d) => d.day.slice(5))).toEqual(
      expect.arrayContaining(['12-01', '01-01', '02-01', '03-01', '04-01', '05-01']),
    );
    // A handful of calls more on the day it runs, and one deleteRows per run of adjacent rows moved: never a call
    // per row.
    for (const d of days.filter((day) => day.moved > 0))
      expect(d.callsOn - d.callsOff).toBeLessThanOrEqual(40 + d.moved / 2);
  }, 180_000);
});
