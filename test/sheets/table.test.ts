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

/**
 * `rows` customers on 顧客 (ID, A, B, C), read as a table: `write` gets the sheet, the table and the setValues it
 * makes from then on (range and cells).
 */
function onSheet(
  rows: number,
  write: (
    sheet: GoogleAppsScript.Spreadsheet.Sheet,
    table: ReturnType<typeof readTable>,
    written: string[],
  ) => void,
): void {
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
    const written: string[] = [];
    services.calls.onCall = (_service, method, target) => {
      if (method === 'Range.setValues' && target) written.push(`${target.a1} ${target.cells}`);
    };
    write(sheet, table, written);
  } finally {
    services.calls.onCall = undefined;
    restore();
  }
}

test('120,000 rows × 3 changed columns: one setValues, no stack overflow', () => {
  const rows = 120_000;
  onSheet(rows, (sheet, table, written) => {
    const column = (v: string, was: string) =>
      Array.from({ length: rows }, (_, i) => (i < 10 ? was : `${v}${i}`));
    writeColumns(table, { a: column('a', 'x'), b: column('b', 'y'), c: column('c', 'z') });
    expect(written).toHaveLength(1);
    const values = sheet.getDataRange().getValues();
    expect(values[1]).toEqual(['C0', 'x', 'y', 'z']);
    expect(values[11]).toEqual(['C10', 'a10', 'b10', 'c10']);
    expect(values[rows]).toEqual([`C${rows - 1}`, `a${rows - 1}`, `b${rows - 1}`, `c${rows - 1}`]);
  });
});

describe('a few rows changed among many: blocks of the changed rows, not one from the first to the last', () => {
  test('rows 3, 4, 6 and 5,000 of 10,000: two blocks, the cells between them not sent', () => {
    onSheet(10_000, (sheet, table, written) => {
      const b = Array.from({ length: 10_000 }, (_, i) => ([3, 4, 6, 5000].includes(i) ? `b${i}` : 'y'));
      const c = Array.from({ length: 10_000 }, (_, i) => (i === 5000 ? 'c5000' : 'z'));
      writeColumns(table, { a: Array(10_000).fill('x'), b, c });
      // Data row i is sheet row i + 2. Rows 4 and 6 are two apart: one block; 5,000 is a block of its own, with
      // only the columns that changed there.
      expect(written).toEqual(['C5:C8 4', 'C5002:D5002 2']);
      const values = sheet.getDataRange().getValues();
      expect(values[4]).toEqual(['C3', 'x', 'b3', 'z']);
      expect(values[6]).toEqual(['C5', 'x', 'y', 'z']);
      expect(values[7]).toEqual(['C6', 'x', 'b6', 'z']);
      expect(values[5001]).toEqual(['C5000', 'x', 'b5000', 'c5000']);
    });
  });

  test.each([
    [12, ['C5:C14 10']],
    [20, ['C5 1', 'C22 1']],
  ])(
    'rows 3 and %i of 3 columns: one block while the rows between cost less than a call',
    (other, blocks) => {
      onSheet(100, (_sheet, table, written) => {
        const b = Array.from({ length: 100 }, (_, i) => (i === 3 || i === other ? `b${i}` : 'y'));
        writeColumns(table, { a: Array(100).fill('x'), b, c: Array(100).fill('z') });
        // 8 rows × 3 columns between them (24 cells) are sent again; 16 rows (48 cells) are not.
        expect(written).toEqual(blocks);
      });
    },
  );

  test('nothing changed: nothing written', () => {
    onSheet(100, (_sheet, table, written) => {
      writeColumns(table, { a: Array(100).fill('x'), b: Array(100).fill('y') });
      expect(written).toEqual([]);
    });
  });
});
