import ExcelJS from 'exceljs';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_OPTIONS, DEFAULT_OUT, writeExample } from '../../tools/make-example';

type Sheets = Record<string, unknown[][]>;

/** Every sheet's cell values, dates as ISO text so that they compare by value. */
async function cellValues(path: string): Promise<Sheets> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheets: Sheets = {};
  for (const sheet of workbook.worksheets) {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: true }, (row) => {
      const values: unknown[] = [];
      for (let col = 1; col <= sheet.columnCount; col++) {
        const value = row.getCell(col).value;
        values.push(value instanceof Date ? value.toISOString() : value);
      }
      rows.push(values);
    });
    sheets[sheet.name] = rows;
  }
  return sheets;
}

function column(sheet: unknown[][], header: string): unknown[] {
  const index = sheet[0].indexOf(header);
  if (index < 0) throw new Error(`no column ${header}`);
  return sheet.slice(1).map((row) => row[index]);
}

describe('tools/make-example (ここち堂 example workbook)', () => {
  let dir: string;
  let first: Sheets;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'make-example-'));
    await writeExample(join(dir, 'first.xlsx'), DEFAULT_OPTIONS);
    await writeExample(join(dir, 'second.xlsx'), DEFAULT_OPTIONS);
    first = await cellValues(join(dir, 'first.xlsx'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the same seed writes the same cells', async () => {
    expect(await cellValues(join(dir, 'second.xlsx'))).toEqual(first);
  });

  test('another seed writes other customers', async () => {
    await writeExample(join(dir, 'other.xlsx'), { ...DEFAULT_OPTIONS, seed: 7 });
    const other = await cellValues(join(dir, 'other.xlsx'));
    expect(column(other['顧客'], '氏名')).not.toEqual(column(first['顧客'], '氏名'));
  });

  test('has the sheets the owner keeps, and no テンプレート (defaults apply)', () => {
    expect(Object.keys(first)).toEqual(['顧客', '設定', 'カテゴリ', '空き枠', '連絡履歴']);
  });

  test('顧客 has the required headers and 300 customers with unique 顧客ID', () => {
    const customers = first['顧客'];
    expect(customers[0]).toEqual(expect.arrayContaining(['顧客ID', '氏名']));
    const ids = column(customers, '顧客ID');
    expect(ids).toHaveLength(300);
    expect(ids.every((id) => typeof id === 'string' && /^C\d{4}$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(300);
  });

  test('最終来店日 mixes date cells with the text forms owners type', () => {
    const lastVisits = column(first['顧客'], '最終来店日');
    const texts = lastVisits.filter(
      (v): v is string => typeof v === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(v),
    );
    const dateCells = lastVisits.length - texts.length - lastVisits.filter((v) => v === null).length;
    expect(dateCells).toBeGreaterThan(250);
    const forms: Record<string, RegExp> = {
      slash: /^\d{4}\/\d{1,2}\/\d{1,2}$/,
      hyphen: /^\d{4}-\d{2}-\d{2}$/,
      kanji: /^\d{4}年\d{1,2}月\d{1,2}日$/,
      reiwa: /^令和(\d+|元)年\d{1,2}月\d{1,2}日$/,
      reiwaShort: /^R\d+\.\d{1,2}\.\d{1,2}$/,
      fullWidth: /^[０-９]{4}\/[０-９]{1,2}\/[０-９]{1,2}$/,
    };
    for (const [name, form] of Object.entries(forms)) {
      expect([name, texts.some((t) => form.test(t))]).toEqual([name, true]);
    }
    expect(texts.filter((t) => /^\d{4}\/2\/30$/.test(t))).toHaveLength(1);
    expect(lastVisits.filter((v) => v === null)).toHaveLength(1);
  });

  test('date cells are whole calendar days', () => {
    const days = column(first['顧客'], '初回来店日').filter((v): v is string => typeof v === 'string');
    const cells = days.filter((v) => v.includes('T'));
    expect(cells.length).toBeGreaterThan(250);
    expect(cells.every((v) => v.endsWith('T00:00:00.000Z'))).toBe(true);
  });

  test('checkbox columns hold booleans, plus the marks owners type over them', () => {
    const phoneAllowed = column(first['顧客'], '電話許可');
    expect(phoneAllowed).toEqual(expect.arrayContaining([true, false, '○', 'はい']));
    expect(column(first['顧客'], 'メール同意')).toEqual(expect.arrayContaining([true, false, null]));
    expect(column(first['設定'], '値')).toContain(false);
  });

  test('誕生日 is written every way owners write it (S9)', () => {
    const birthdays = column(first['顧客'], '誕生日').filter((v) => v !== null);
    const texts = birthdays.filter((v): v is string => typeof v === 'string');
    expect(texts.some((v) => /^\d{1,2}月\d{1,2}日$/.test(v))).toBe(true);
    expect(texts.some((v) => /^\d{1,2}\/\d{1,2}$/.test(v))).toBe(true);
    expect(texts.some((v) => /^\d{2}-\d{2}$/.test(v))).toBe(true);
    expect(texts.some((v) => /^昭和\d+年\d{1,2}月\d{1,2}日$/.test(v))).toBe(true);
    expect(texts).toContain('5月頃');
    expect(birthdays.filter((v) => typeof v === 'string' && /T00:00:00/.test(v)).length).toBeGreaterThan(5);
  });

  test('only reserved example domains in email addresses', () => {
    const emails = column(first['顧客'], 'メール').filter((v): v is string => typeof v === 'string');
    expect(emails.length).toBeGreaterThan(150);
    expect(emails.every((e) => /@example\.(jp|com|ne\.jp)$/.test(e))).toBe(true);
    expect(new Set(emails).size).toBe(emails.length);
  });

  test('連絡履歴 keys name a customer of 顧客', () => {
    const ids = new Set(column(first['顧客'], '顧客ID'));
    const keys = column(first['連絡履歴'], 'キー').filter((v): v is string => typeof v === 'string');
    expect(keys.length).toBeGreaterThan(30);
    for (const key of keys) {
      const [id, rule, step, anchor] = key.split('|');
      expect([
        key,
        ids.has(id),
        /^S\d$/.test(rule),
        step.length > 0,
        /^\d{4}-\d{2}-\d{2}/.test(anchor),
      ]).toEqual([key, true, true, true, true]);
    }
  });

  test(`the committed ${DEFAULT_OUT} is what the generator writes`, async () => {
    const committed = join(__dirname, '..', '..', DEFAULT_OUT);
    expect(existsSync(committed)).toBe(true);
    expect(await cellValues(committed)).toEqual(first);
  });
});
