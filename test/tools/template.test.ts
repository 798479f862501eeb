/**
 * examples/template.xlsx, the workbook an owner copies (issue 16, item 1): regenerating it from this build gives the
 * committed workbook's content, it holds what 初期設定 makes plus the example customers and 「はじめに」, and a day's
 * run on it plans nothing for the examples.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCustomers, type RawCustomerRow } from '../../src/core/customers';
import { dayFromYmd } from '../../src/core/day';
import { CUSTOMER_COLUMNS, MENU, SHEET, type CustomerField } from '../../src/labels';
import { INTRO_SHEET, VERSION_LABEL } from '../../src/core/version';
import { matchHeaders } from '../../src/sheets/table';
import type { SheetData, SpreadsheetData } from '../fakes';
import { packageVersion, TEMPLATE_OUT, writeTemplate } from '../../tools/make-template';
import { runLocal } from '../../tools/runner';
import { readWorkbook } from '../../tools/xlsx';
import { templateIdArgument } from '../../tools/build';

const ROOT = join(__dirname, '../..');
const COMMITTED = join(ROOT, TEMPLATE_OUT);

/** What the comparison covers: sheet names and order, cell values, dropdowns, frozen rows. */
function content(data: SpreadsheetData) {
  return data.sheets.map((s) => ({
    name: s.name,
    values: s.values,
    validations: s.validations ?? {},
    rejecting: s.validationsRejectInvalid ?? [],
    frozenRows: s.frozenRows ?? 0,
  }));
}

function sheet(data: SpreadsheetData, name: string): SheetData {
  const found = data.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name}`);
  return found;
}

describe('examples/template.xlsx', () => {
  let dir: string;
  let committed: SpreadsheetData;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'template-'));
    committed = (await readWorkbook(COMMITTED)).data;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('regenerating it from this build gives the committed workbook (values, sheets, dropdowns)', async () => {
    const path = join(dir, 'template.xlsx');
    await writeTemplate(path);
    const regenerated = (await readWorkbook(path)).data;
    expect(content(regenerated)).toEqual(content(committed));
  });

  test("「はじめに」 comes first with the owner's first steps and the version row", () => {
    expect(committed.sheets.map((s) => s.name)).toEqual([
      INTRO_SHEET,
      SHEET.customers,
      SHEET.settings,
      SHEET.categories,
      SHEET.templates,
      SHEET.slots,
      SHEET.log,
      SHEET.visits,
    ]);
    const text = sheet(committed, INTRO_SHEET).values.flat().join('\n');
    expect(text).toContain('使い方ガイド');
    const steps = [
      'コピーを作成',
      '承認が必要です',
      `もう一度メニュー「${MENU.title}」→「${MENU.setup}」`,
      '店名',
      '初期設定の「例のお客様」で削除できます',
      `「${MENU.title}」→「${MENU.importCsv}」で取り込めます`,
      '「はじめの1週間」で、最初の1週間',
      `「${MENU.title}」→「${MENU.today}」`,
    ];
    const at = steps.map((step) => text.indexOf(step));
    expect(at.every((i) => i >= 0)).toBe(true);
    // In the order the owner takes them.
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const versionRow = sheet(committed, INTRO_SHEET).values.find((r) => r[0] === VERSION_LABEL);
    expect(versionRow?.[1]).toBe(packageVersion());
  });

  test('holds what 初期設定 makes: every 顧客 column, the dropdowns, the default rows', () => {
    expect(sheet(committed, SHEET.customers).values[0]).toEqual(
      Object.values(CUSTOMER_COLUMNS).map((c) => c.header),
    );
    const settings = sheet(committed, SHEET.settings);
    const ownerNotice = settings.values.findIndex((r) => r[0] === 'オーナー通知') + 1;
    expect(settings.validations?.[`B${ownerNotice}`]).toEqual(['メール', 'LINE', 'なし']);
    expect(settings.validationsRejectInvalid).toContain(`B${ownerNotice}`);
    expect(sheet(committed, SHEET.categories).validations).toEqual({ 'E2:E1000': ['可', '不可'] });
    expect(sheet(committed, SHEET.categories).values.length).toBeGreaterThan(5);
    expect(sheet(committed, SHEET.templates).values.length).toBeGreaterThan(10);
    // 連絡履歴 starts empty: the examples have no history.
    expect(sheet(committed, SHEET.log).values).toHaveLength(1);
  });

  test('has 3 example customers, 「例」 and 配信停止 すべて, whose every value Tsunagu reads', () => {
    const customers = sheet(committed, SHEET.customers);
    const { columns } = matchHeaders(customers.values[0], CUSTOMER_COLUMNS);
    const rows: RawCustomerRow[] = customers.values.slice(1).map((row) => {
      const raw: RawCustomerRow = {};
      for (const [field, col] of Object.entries(columns) as [CustomerField, number | undefined][])
        if (col !== undefined && row[col] !== '') raw[field] = row[col];
      return raw;
    });
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => String(r.id).startsWith('例') && r.optOut === 'すべて')).toBe(true);
    const read = readCustomers(rows, {
      timeZone: committed.timeZone,
      regularVisits: 3,
      today: dayFromYmd(2026, 12, 1),
    });
    expect(read.map((c) => c.problems)).toEqual([[], [], []]);
    // A company addressed 御中, and categories of the カテゴリ sheet.
    expect(read.map((c) => c.honorific)).toContain('御中');
    const categories = new Set(sheet(committed, SHEET.categories).values.map((r) => r[0]));
    expect(read.every((c) => c.category !== undefined && categories.has(c.category))).toBe(true);
    // Dates as a date cell and typed in several forms.
    const dates = rows.flatMap((r) => [r.firstVisit, r.lastVisit]);
    expect(dates.some((v) => v instanceof Date)).toBe(true);
    const typed = dates.filter((v): v is string => typeof v === 'string');
    for (const form of [/^\d{4}\/\d+\/\d+$/, /^令和/, /^R\d/, /年.*月.*日$/])
      expect(typed.some((v) => form.test(v))).toBe(true);
  });

  test('`npm run local` on it plans nothing for the examples, reports no problem, and counts them apart', async () => {
    const result = await runLocal({
      workbook: COMMITTED,
      today: '2026-12-07',
      out: join(dir, 'out', 'template.xlsx'),
    });
    expect(result.customers).toHaveLength(3);
    for (const line of result.customers) {
      expect(line).toMatchObject({ 次回連絡日: null, 次回連絡内容: '', 次回チャネル: '', 要確認: '' });
      expect(line.理由).toContain('例のお客様');
    }
    expect(result.summary).toMatchObject({ customers: 0, examples: 3, planned: 0, dueToday: 0 });
    expect(result.summary.needsAttention).toBe(0);
    expect(result.drafts + result.lineMessages).toBe(0);
    const after = result.services.spreadsheet.toData().sheets;
    expect(after.find((s) => s.name === SHEET.log)?.values.slice(1)).toEqual([]);
    // 集計: the examples in their own row, outside the total of the shop's customers.
    const dashboard = after.find((s) => s.name === SHEET.dashboard)?.values ?? [];
    expect(dashboard.find((r) => r[0] === '合計')?.[1]).toBe(0);
    expect(dashboard.find((r) => r[0] === '例のお客様')?.[1]).toBe(3);
  });
});

describe('npm run build -- --template-id', () => {
  const ID = '1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789';

  test('takes the id from the flag, else from TSUNAGU_TEMPLATE_ID (which survives npm run push rebuilding)', () => {
    expect(templateIdArgument(['node', 'build.ts', '--template-id', ID], {})).toBe(ID);
    expect(templateIdArgument(['node', 'build.ts', `--template-id=${ID}`], {})).toBe(ID);
    expect(templateIdArgument(['node', 'build.ts'], { TSUNAGU_TEMPLATE_ID: ID })).toBe(ID);
    expect(templateIdArgument(['node', 'build.ts'], {})).toBeUndefined();
    // The tests' own build (npm test's pretest) never takes it from the environment.
    expect(
      templateIdArgument(['node', 'build.ts', '--no-template-id'], { TSUNAGU_TEMPLATE_ID: ID }),
    ).toBeUndefined();
  });

  test('refuses what is not a spreadsheet id (a URL, a name)', () => {
    expect(() =>
      templateIdArgument(
        ['node', 'build.ts', '--template-id', `https://docs.google.com/spreadsheets/d/${ID}/edit`],
        {},
      ),
    ).toThrow('--template-id must be');
    expect(() => templateIdArgument(['node', 'build.ts', '--template-id', 'つなぐ'], {})).toThrow();
  });
});
