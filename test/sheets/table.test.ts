/**
 * writeColumns at the size a 100,000-customer shop writes: every row of several columns changed in one run.
 * The bounds of the changed cells once came from Math.min(...cells), whose 500,000 arguments overflowed the stack
 * ("Maximum call stack size exceeded", found by npm run bench at 100,000 customers).
 */
import { readTable, writeColumns } from '../../src/sheets/table';
import { FakeClock } from '../fakes';
import { installGlobals } from '../fakes/globals';

const SPEC = {
  id: { header: 'ID', required: true },
  a: { header: 'A' },
  b: { header: 'B' },
  c: { header: 'C' },
} as const;

test('120,000 rows × 3 changed columns: one setValues, no stack overflow', () => {
  const rows = 120_000;
  const { services, restore } = installGlobals({
    clock: new FakeClock('2026-12-01T00:00:00Z'),
    spreadsheet: {
      id: 'ss',
      name: 'big',
      timeZone: 'Asia/Tokyo',
      sheets: [
        {
          name: '顧客',
          values: [
            ['ID', 'A', 'B', 'C'],
            ...Array.from({ length: rows }, (_, i) => [`C${i}`, 'x', 'y', 'z']),
          ],
        },
      ],
    },
  });
  try {
    const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(
      '顧客',
    ) as GoogleAppsScript.Spreadsheet.Sheet;
    const table = readTable(sheet, SPEC);
    const column = (v: string, was: string) =>
      Array.from({ length: rows }, (_, i) => (i < 10 ? was : `${v}${i}`));
    services.calls.reset();
    writeColumns(table, { a: column('a', 'x'), b: column('b', 'y'), c: column('c', 'z') });
    expect(services.calls.byMethod()['SpreadsheetApp.Range.setValues']).toBe(1);
    const values = sheet.getDataRange().getValues();
    expect(values[1]).toEqual(['C0', 'x', 'y', 'z']);
    expect(values[11]).toEqual(['C10', 'a10', 'b10', 'c10']);
    expect(values[rows]).toEqual([`C${rows - 1}`, `a${rows - 1}`, `b${rows - 1}`, `c${rows - 1}`]);
  } finally {
    restore();
  }
});
