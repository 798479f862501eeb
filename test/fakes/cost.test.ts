import { createFakeServices, FakeClock } from './index';
import { APPS_SCRIPT_COST, costOf } from './cost';

/**
 * The cost model against the published totals it was calibrated on (test/fakes/cost.ts cites each): the same
 * operations done on the fakes must be priced within 1.5× of what was measured in Apps Script.
 */
function sheetOf(rows: number, columns: number) {
  const values = Array.from({ length: rows }, (_, r) =>
    Array.from({ length: columns }, (_, c) => `r${r}c${c}`),
  );
  const services = createFakeServices({
    clock: new FakeClock(),
    spreadsheet: { id: 'cost', name: 'bench', timeZone: 'Asia/Tokyo', sheets: [{ name: 'data', values }] },
  });
  const sheet = services.spreadsheet.getSheetByName('data') as GoogleAppsScript.Spreadsheet.Sheet;
  services.calls.reset();
  return { services, sheet };
}

function within(projected: number, published: number, factor = 1.5): void {
  expect(projected).toBeGreaterThan(published / factor);
  expect(projected).toBeLessThan(published * factor);
}

describe('the Apps Script cost model', () => {
  it('prices a 1000 × 400 getValues near the 3.7 s measured in 2018', () => {
    const { services, sheet } = sheetOf(1000, 400);
    sheet.getRange(1, 1, 1000, 400).getValues();
    const cost = costOf(services.calls);
    expect(cost.cellsRead).toBe(400_000);
    expect(cost.cellsWritten).toBe(0);
    within(cost.seconds, 3.7);
  });

  it('prices a 1000 × 400 setValues near the 23.8 s measured in 2018: a write costs about 7 reads', () => {
    const { services, sheet } = sheetOf(1000, 400);
    const values = Array.from({ length: 1000 }, () => new Array<string>(400).fill('x'));
    sheet.getRange(1, 1, 1000, 400).setValues(values);
    const cost = costOf(services.calls);
    expect(cost.cellsWritten).toBe(400_000);
    within(cost.seconds, 23.8);
  });

  it('prices a million cells read near the 12.4 s measured in 2020', () => {
    const { services, sheet } = sheetOf(100_000, 10);
    sheet.getDataRange().getValues();
    const cost = costOf(services.calls);
    expect(cost.cellsRead).toBe(1_000_000);
    within(cost.seconds, 12.4);
  });

  it('charges a round trip for each read of a separate range: 400 of them took about 40 s in 2023', () => {
    const { services } = sheetOf(1000, 2);
    for (let r = 1; r <= 400; r++) services.spreadsheet.getRange(`data!A${r * 2}:B${r * 2}`).getValues();
    within(costOf(services.calls).seconds, 40);
  });

  it('commits the cached writes before each read: 400 setValues each after a range lookup took about 105 s in 2023', () => {
    const { services } = sheetOf(1000, 2);
    for (let r = 1; r <= 400; r++)
      services.spreadsheet.getRange(`data!A${r * 2}:B${r * 2}`).setValues([['a', 'b']]);
    const cost = costOf(services.calls);
    expect(cost.commits).toBe(400);
    within(cost.seconds, 105);
  });

  it("prices Google's cell-by-cell example, flushed row by row, near its 70 s, and the batched one near 1 s", () => {
    const slow = sheetOf(100, 100);
    const cell = slow.sheet.getRange(1, 1);
    for (let y = 0; y < 100; y++) {
      for (let x = 0; x < 100; x++) cell.offset(y, x).setBackground('#ff0000');
      (slow.services.globals.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).flush();
    }
    const slowCost = costOf(slow.services.calls);
    expect(slowCost.commits).toBe(100);
    // What the seconds went on adds up to them.
    expect(Object.values(slowCost.parts).reduce((a, b) => a + b, 0)).toBeCloseTo(slowCost.seconds);
    expect(slowCost.parts.commits).toBeCloseTo(100 * 0.25);
    within(slowCost.seconds, 70);
    const fast = sheetOf(100, 100);
    fast.sheet
      .getRange(1, 1, 100, 100)
      .setNumberFormats(Array.from({ length: 100 }, () => new Array<string>(100).fill('@')));
    within(costOf(fast.services.calls).seconds, 1);
  });

  it('holds writes nothing reads in the cache: a loop of 7,500 setValue took 9.1 s in 2018 (within 2x)', () => {
    const { services, sheet } = sheetOf(50, 150);
    for (let r = 1; r <= 50; r++) for (let c = 1; c <= 150; c++) sheet.getRange(r, c).setValue('x');
    const cost = costOf(services.calls);
    expect(cost.commits).toBe(1);
    within(cost.seconds, 9.1, 2);
  });

  it('charges one execution for a run that makes no call, and adds the script time given', () => {
    const { services } = sheetOf(1, 1);
    expect(costOf(services.calls).seconds).toBe(APPS_SCRIPT_COST.executionSeconds);
    expect(costOf(services.calls, 1500).seconds).toBeCloseTo(APPS_SCRIPT_COST.executionSeconds + 1.5);
  });
});
