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

  it('charges each read and write of a separate range a round trip (400 ranges: about 40 s and 105 s in 2023)', () => {
    const reads = sheetOf(1000, 2);
    for (let r = 1; r <= 400; r++) reads.sheet.getRange(r * 2, 1, 1, 2).getValues();
    within(costOf(reads.services.calls).seconds, 40);
    const writes = sheetOf(1000, 2);
    for (let r = 1; r <= 400; r++) writes.sheet.getRange(r * 2, 1, 1, 2).setValues([['a', 'b']]);
    within(costOf(writes.services.calls).seconds, 105);
  });

  it('errs on the expensive side for a loop of small writes Apps Script would cache', () => {
    // Google's best-practices example: 10,000 cells written one by one, flushed each row, "about 70 seconds".
    const { services, sheet } = sheetOf(100, 100);
    for (let r = 1; r <= 100; r++) for (let c = 1; c <= 100; c++) sheet.getRange(r, c).setValue('x');
    expect(costOf(services.calls).seconds).toBeGreaterThanOrEqual(70);
  });

  it('charges one execution for a run that makes no call, and adds the script time given', () => {
    const { services } = sheetOf(1, 1);
    expect(costOf(services.calls).seconds).toBe(APPS_SCRIPT_COST.executionSeconds);
    expect(costOf(services.calls, 1500).seconds).toBeCloseTo(APPS_SCRIPT_COST.executionSeconds + 1.5);
  });
});
