/**
 * The benchmark's smallest size as a smoke test: the same figures `npm run bench` prints, asserted on counts and
 * sizes only (the timings and memory are the bench's, not the tests').
 */
import { measurePart } from '../../tools/bench/run-size';

describe('npm run bench, 1,000 customers', () => {
  test('reading, planning and writing back takes at most 30 Spreadsheet calls, the sidebar list under 200 KB', async () => {
    const plan = await measurePart(1000, 'plan');
    expect(plan.logRows).toBe(3000);
    expect(plan.spreadsheetCalls).toBeLessThanOrEqual(30);
    expect(plan.sidebarItems).toBeGreaterThan(50);
    expect(plan.sidebarBytes).toBeLessThan(200 * 1024);
    expect(plan.cells).toBeLessThan(10_000_000);
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
    expect(prepare.preparingCalls - 2 * prepare.letters).toBeLessThanOrEqual(144);
  });

  test('the engine alone plans the same shop from what was read, with the fakes let go', async () => {
    const engine = await measurePart(1000, 'engine');
    expect(engine.engineMs).toBeGreaterThan(0);
    expect(engine.due).toBeGreaterThan(50);
  });
});
