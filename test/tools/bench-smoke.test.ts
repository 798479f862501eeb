/**
 * The benchmark's smallest size as a smoke test: the same figures `npm run bench` prints, asserted on counts and
 * sizes only (the timings and memory are the bench's, not the tests').
 */
import { measurePart } from '../../tools/bench/run-size';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastDay, simulateYears, type LastDay, type YearEnd } from '../../tools/bench/years';

describe('npm run bench, 1,000 customers', () => {
  test('reading, planning and writing back takes at most 30 Spreadsheet calls, the sidebar list under 200 KB', async () => {
    const plan = await measurePart(1000, 'plan');
    expect(plan.logRows).toBe(3000);
    expect(plan.spreadsheetCalls).toBeLessThanOrEqual(30);
    expect(plan.sidebarItems).toBeGreaterThan(50);
    expect(plan.sidebarBytes).toBeLessThan(200 * 1024);
    expect(plan.cells).toBeLessThan(10_000_000);
    // Priced as Apps Script would pay (test/fakes/cost.ts): the run reads 顧客 and 連絡履歴 whole, in blocks.
    expect(plan.runCellsRead).toBeGreaterThan(3000 * 10);
    expect(plan.runSeconds).toBeGreaterThan(0.25);
    expect(plan.runSeconds).toBeLessThan(60);
    expect(plan.listSeconds).toBeGreaterThan(0.25);
    const naive = await measurePart(1000, 'naive');
    // The naive version reads and writes a row at a time: more than a call per customer and per contact.
    expect(naive.naiveCalls).toBeGreaterThan(4000);
    expect(naive.naiveCalls / plan.spreadsheetCalls).toBeGreaterThan(100);
  });

  test("the preparing day takes a bounded number of calls: 連絡履歴's scattered updates are not a call per row", async () => {
    const prepare = await measurePart(1000, 'prepare');
    expect(prepare.letters).toBe(20);
    // 131 before changed-only writes; a setValues per block of scattered 連絡履歴 cells made it 180. The 手紙 sheet's
    // tags are counted apart: each letter's first row is tagged with its key (getRange and addDeveloperMetadata).
    // The morning notice links the LINE送信 and 手紙 tabs: up to 3 calls (getSheetByName each, getSheetId).
    // Laying out 手紙 looks for the はがき sheet under both its names (「はがき」, 「はがき（つなぐ）」): 1 more.
    // 手紙 and 宛名ラベル are fitted to what they hold (fitGrid): their size asked, and grown or cut, up to 5 more.
    // The plan is written to 顧客 once the day's contacts are made, one block (getRange and setValues) per run of rows
    // whose plan changed — here, those of the contacts made today, after the same day's preview: counted apart.
    expect(prepare.preparingPlanBlocks).toBeGreaterThan(0);
    expect(prepare.preparingPlanBlocks).toBeLessThanOrEqual(prepare.dueToday);
    // SpreadsheetApp.flush() before the lock is let go (Lock.releaseLock's reference page asks for it): 1 more.
    expect(
      prepare.preparingCalls - 2 * prepare.letters - 2 * prepare.preparingPlanBlocks,
    ).toBeLessThanOrEqual(144 + 5 + 1);
    expect(prepare.prepCellsWritten).toBeGreaterThan(0);
    // Each click on a prepared follow-up reads only its rows: a small part of what the run reads — an approval of a
    // slot offered to a few too (its customer's rows decide it).
    const read = Object.entries(prepare).filter(([k]) => k.startsWith('clickCellsRead.'));
    expect(read.map(([k]) => k.slice('clickCellsRead.'.length))).toEqual(
      expect.arrayContaining([
        'スキップ',
        '電話した（満足）',
        '電話した（不在）',
        '延期',
        'LINEの承認',
        'LINEの承認（空き枠・ニュースレター・季節のご挨拶）',
      ]),
    );
    for (const [, cells] of read) expect(cells).toBeLessThan(prepare.prepCellsRead / 20);
    // The list read after a click writes the plan under the lock: the lock is held a small part of it.
    expect(prepare.listAfterClickLockedSeconds).toBeLessThan(prepare.listAfterClickSeconds / 2);
    expect(prepare.actionSeconds).toBeGreaterThan(0.25);
    // Every click right after the list, 延期 and the approvals going by what the list said: projected under 3 s
    // (issue 19; the projection is calls priced by the model, the script's own time a few hundredths of it).
    const clicks = Object.entries(prepare).filter(([k]) => k.startsWith('click.'));
    expect(clicks.length).toBeGreaterThanOrEqual(6);
    for (const [key, seconds] of clicks) expect([key, seconds < 3]).toEqual([key, true]);
    // The morning's preparing run and 23 hourly runs, of the consumer quota's 90 minutes a day.
    expect(prepare.dayTriggerMinutes).toBeGreaterThan(0);
    expect(prepare.dayTriggerMinutes).toBeLessThan(60);
  });

  test('the engine alone plans the same shop from what was read, with the fakes let go', async () => {
    const engine = await measurePart(1000, 'engine');
    expect(engine.engineMs).toBeGreaterThan(0);
    expect(engine.due).toBeGreaterThan(50);
  });

  test('years of daily runs report each year end and the last day, priced', async () => {
    const lines: (YearEnd | LastDay)[] = [];
    const saved = join(mkdtempSync(join(tmpdir(), 'tsunagu-years-')), 'shop.bin');
    await simulateYears(300, 'acts', 0.05, (line) => lines.push(line), saved);
    const [last, year] = lines;
    expect(lines).toHaveLength(2);
    expect(last).toMatchObject({ kind: 'last', customers: 300, owner: 'acts' });
    expect(year).toMatchObject({ kind: 'year', customers: 300, year: 0.05 });
    if (last.kind !== 'last' || year.kind !== 'year') throw new Error('unexpected lines');
    expect(year.logRows).toBeGreaterThan(900);
    expect(year.cells).toBeGreaterThan(year.logRows * 13);
    expect(last.morning.cellsRead).toBeGreaterThan(0);
    expect(last.dayTriggerMinutes).toBeCloseTo((last.morning.seconds + last.hourly.seconds) / 60);
    // Each click of the day priced, the slowest as the action.
    expect(last.actions.map((a) => a.what)).toContain('スキップ');
    expect(last.actions.every((a) => a.seconds > 0.25)).toBe(true);
    expect(last.action.seconds).toBe(Math.max(...last.actions.map((a) => a.seconds)));
    // The last morning was kept: measured again from it, the same day's run reads the same cells.
    const again = lastDay(saved);
    expect(again.day).toBe(last.day);
    expect(again.morning.cellsRead).toBe(last.morning.cellsRead);
    expect(again.morning.calls).toBe(last.morning.calls);
    // And as the month's archiving morning: 連絡履歴 read again and rows moved, so more is read and written.
    expect(again.archivingMorning?.cellsWritten).toBeGreaterThan(again.morning.cellsWritten);
    // With each deleteRows a round trip and the clock following the projection: rows moved, the run timed by it.
    const slow = again.slowDeletes;
    expect(slow?.deleteRows).toBeGreaterThan(0);
    expect(slow?.moved).toBeGreaterThan(0);
    // A small shop's morning takes every archived row out itself: nothing for the hourly runs.
    expect(slow).toMatchObject({ swept: 0, leftAtNight: false });
    expect(slow?.hourlySeconds).toBeGreaterThan(0);
    expect(slow?.seconds).toBeGreaterThan(
      (again.archivingMorning?.seconds ?? 0) - (again.archivingMorning?.parts.script ?? 0),
    );
  }, 120_000);
});
