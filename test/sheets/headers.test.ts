/**
 * The one header matcher every sheet goes through (contract section 2): notes in brackets and after ※ are dropped,
 * width and spaces do not matter; the header row may sit below a title, and every write lands below it.
 */
import { CUSTOMER_COLUMNS, SLOT_HEADERS } from '../../src/labels';
import {
  ensureColumns,
  headerRowIndex,
  matchHeaders,
  normalizeHeader,
  readTable,
  writeCells,
  writeColumns,
} from '../../src/sheets/table';
import { FakeClock, type CellValue } from '../fakes';
import { installGlobals } from '../fakes/globals';

describe('Tsunagu’s own columns match only their exact header (width and spaces aside, notes kept)', () => {
  test.each([
    ['理由（来店のきっかけ）', undefined],
    ['要確認（スタッフ記入）', undefined],
    ['要確認 ※店長', undefined],
    ['理由', 5],
    [' 理 由 ', 5],
  ])('「%s」 → column %s', (text, expected) => {
    const header = ['顧客ID', '氏名（漢字）', 'メール', '電話', 'メモ', text];
    const { columns } = matchHeaders(header, CUSTOMER_COLUMNS);
    expect(columns.reason ?? columns.attention).toBe(expected);
    // The owner's own columns keep being read with their notes set aside.
    expect(columns.name).toBe(1);
  });

  test('an exact 理由 right of a noted one is the one matched', () => {
    const { columns } = matchHeaders(['顧客ID', '氏名', '理由（来店のきっかけ）', '理由'], CUSTOMER_COLUMNS);
    expect(columns.reason).toBe(3);
  });
});

describe('normalizeHeader', () => {
  test.each([
    ['最終来店日（yyyy/mm/dd）', '最終来店日'],
    ['最終来店日(yyyy/mm/dd)', '最終来店日'],
    ['メール ※PC', 'メール'],
    ['メール※携帯は不可', 'メール'],
    ['氏名【必須】', '氏名'],
    ['顧客ID［半角］', '顧客id'],
    ['来店回数 [回]', '来店回数'],
    ['カテゴリ〔施術〕', 'カテゴリ'],
    [' 購入　商品 ', '購入商品'],
    ['ＬＩＮＥユーザーＩＤ', 'lineユーザーid'],
    ['所要(分)', '所要'],
    ['所要（分）', '所要'],
    ['（メモ）電話', '電話'],
  ])('「%s」 → 「%s」', (written, read) => {
    expect(normalizeHeader(written)).toBe(read);
  });

  test('a header that is nothing but a note keeps the words inside it', () => {
    expect(normalizeHeader('【備考】')).toBe('備考');
    expect(normalizeHeader('(メモ)')).toBe('メモ');
    expect(normalizeHeader('※')).toBe('');
  });

  test('a note is not a different column: 「要確認（メモ）」 is 要確認, 「要確認メモ」 is not', () => {
    expect(normalizeHeader('要確認（メモ）')).toBe(normalizeHeader('要確認'));
    expect(normalizeHeader('要確認メモ')).not.toBe(normalizeHeader('要確認'));
  });
});

describe('matchHeaders', () => {
  test('headers with notes, aliases, widths and spaces find their fields; the first of a duplicate wins', () => {
    const { columns, missingRequired } = matchHeaders(
      ['お客様番号【必須】', 'お名前 ※漢字', 'Ｅメール（PC）', '最終来店日(yyyy/mm/dd)', 'メモ', 'メモ'],
      CUSTOMER_COLUMNS,
    );
    expect(missingRequired).toEqual([]);
    expect(columns).toMatchObject({ id: 0, name: 1, email: 2, lastVisit: 3, memo: 4 });
  });

  test('a required header missing is reported by its name', () => {
    expect(matchHeaders(['顧客ID（半角）', 'なまえ'], CUSTOMER_COLUMNS).missingRequired).toEqual(['氏名']);
  });

  test('空き枠 所要(分) matches whatever bracket the owner typed', () => {
    const spec = Object.fromEntries(SLOT_HEADERS.map((h) => [h, { header: h }]));
    expect(matchHeaders(['日時', '所要（分）', '状態'], spec).columns).toMatchObject({ '所要(分)': 1 });
  });
});

describe('headerRowIndex', () => {
  const header = ['顧客ID', '氏名', 'メール'];
  test.each<[string, CellValue[][], number]>([
    ['row 1', [header, ['C1', '佐藤', '']], 0],
    ['below a title', [['顧客リスト 2026年'], header, ['C1', '佐藤', '']], 1],
    ['below a title and a blank row', [['顧客リスト'], [], header], 2],
    ['a data row that says 氏名 does not come first', [['顧客リスト'], ['氏名を必ず入れる'], header], 2],
    ['no header anywhere: row 1', [['a'], ['b']], 0],
    ['氏名 missing: the row with the most headers', [['顧客リスト'], ['顧客ID', 'メール'], ['C1', 'x']], 1],
  ])('%s', (_case, values, at) => {
    expect(headerRowIndex(values, CUSTOMER_COLUMNS)).toBe(at);
  });

  test('only the first 10 rows are looked at', () => {
    const values = [...Array.from({ length: 10 }, () => ['']), header];
    expect(headerRowIndex(values, CUSTOMER_COLUMNS)).toBe(0);
    expect(headerRowIndex(values.slice(1), CUSTOMER_COLUMNS)).toBe(9);
  });
});

describe('a table below a title: every write lands below its header', () => {
  const SPEC = { id: { header: 'ID', required: true }, a: { header: 'A' }, b: { header: 'B' } } as const;

  function sheetWith(values: CellValue[][]) {
    const globals = installGlobals({
      clock: new FakeClock('2026-12-01T00:00:00Z'),
      spreadsheet: { id: 'ss', name: 't', timeZone: 'Asia/Tokyo', sheets: [{ name: 'S', values }] },
    });
    const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(
      'S',
    ) as GoogleAppsScript.Spreadsheet.Sheet;
    return { ...globals, sheet };
  }

  test('readTable, writeColumns, writeCells and ensureColumns', () => {
    const { sheet, restore } = sheetWith([['タイトル'], [], ['ID', 'A（メモ）'], ['x1', 'a1'], ['x2', 'a2']]);
    try {
      const table = readTable(sheet, SPEC);
      expect(table.headerRow).toBe(3);
      expect(table.rows.map((r) => r[0])).toEqual(['x1', 'x2']);
      ensureColumns(table, SPEC, ['b']);
      writeColumns(table, { b: ['b1', 'b2'] });
      writeCells(sheet, [{ row: 1, column: 1, value: 'A2!' }], 4);
      expect(sheet.getDataRange().getValues()).toEqual([
        ['タイトル', '', ''],
        ['', '', ''],
        ['ID', 'A（メモ）', 'B'],
        ['x1', 'a1', 'b1'],
        ['x2', 'A2!', 'b2'],
      ]);
      // The column Tsunagu added is tagged, on the whole column.
      const tags = sheet.createDeveloperMetadataFinder().withKey('tsunagu.column').find();
      expect(tags.map((m) => [m.getValue(), m.getLocation().getColumn()?.getColumn()])).toEqual([['B', 3]]);
    } finally {
      restore();
    }
  });
});
