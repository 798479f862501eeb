/**
 * `npm run local -- --import FILE` (issue 17, item 5): the example shop's booking export imported through the
 * sidebar's driver on the bundle before the day's run, then the same file again on the run's output.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_DAY } from '../../tools/example/demo-day';
import { buildExampleExport, DEFAULT_EXPORT_OUT } from '../../tools/make-export';
import { runLocal, type RunResult } from '../../tools/runner';
import { readWorkbook } from '../../tools/xlsx';
import type { SheetData } from '../fakes';

const ROOT = join(__dirname, '../..');
const SAMPLE = join(ROOT, 'examples/sample-shop.xlsx');
const EXPORT = join(ROOT, DEFAULT_EXPORT_OUT);

async function sheetOf(path: string, name: string): Promise<SheetData | undefined> {
  const { data } = await readWorkbook(path);
  return data.sheets.find((s) => s.name === name);
}

/** A sheet's rows as objects keyed by its header row (blank rows dropped). */
function records(sheet: SheetData): Record<string, unknown>[] {
  const [header, ...rows] = sheet.values;
  return rows
    .filter((r) => r.some((v) => v !== '' && v !== null))
    .map((r) => Object.fromEntries(header.map((h, i) => [String(h), r[i]])));
}

/** A 来店履歴 日時 or 次回予約日 (a date cell, or text 'YYYY/MM/DD HH:MM') as the day in Tokyo, YYYY-MM-DD. */
const ymd = (value: unknown): string =>
  value instanceof Date
    ? new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(value)
    : String(value).slice(0, 10).replace(/\//g, '-');

describe('npm run local --import (the example booking export)', () => {
  const { cast } = buildExampleExport();
  let dir: string;
  let first: RunResult;
  let second: RunResult;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-import-'));
    first = await runLocal({
      workbook: SAMPLE,
      today: DEMO_DAY,
      out: join(dir, 'run1.xlsx'),
      imports: [EXPORT],
    });
    // The output of run 1 (with its state) as the input of run 2, with the same file.
    second = await runLocal({
      workbook: first.outPath,
      today: DEMO_DAY,
      out: join(dir, 'run2.xlsx'),
      imports: [EXPORT],
    });
  }, 120_000);

  test('the export shipped in examples/ is the one the generator writes', () => {
    expect(readFileSync(EXPORT).equals(buildExampleExport().bytes)).toBe(true);
  });

  test('run 1 writes 来店履歴 from the export: its visits, with 出典 and 取込キー', async () => {
    const [done] = first.imports;
    expect(done.file).toBe('stores-reserve-export.csv');
    expect(done.encoding).toBe('Shift_JIS');
    // Recognised as the preset by its header.
    expect(done.source).toMatchObject({ layout: 'stores-reserve', label: 'STORES予約' });
    expect(done.added).toBeGreaterThan(10);
    expect(done.newCustomers).toBe(2);
    const visits = records((await sheetOf(first.outPath, '来店履歴'))!);
    expect(visits.length).toBe(done.added);
    for (const v of visits) {
      expect(String(v['出典'])).toContain(done.source.label);
      expect(String(v['取込キー'])).not.toBe('');
    }
    // The dormant customer who came back two days ago.
    expect(visits.filter((v) => v['顧客ID'] === cast.back.id).map((v) => ymd(v['日時']))).toEqual([
      '2026-11-22',
    ]);
    // The booking ahead is a 次回予約日.
    expect(visits.some((v) => v['顧客ID'] === cast.booked.id && ymd(v['次回予約日']) === '2026-11-26')).toBe(
      true,
    );
  });

  test('the same file again adds nothing', async () => {
    const [done] = second.imports;
    expect(done.added).toBe(0);
    expect(done.newCustomers).toBe(0);
    expect(done.already).toBeGreaterThan(0);
    const before = await sheetOf(first.outPath, '来店履歴');
    const after = await sheetOf(second.outPath, '来店履歴');
    expect(after!.values).toEqual(before!.values);
    const customersBefore = await sheetOf(first.outPath, '顧客');
    const customersAfter = await sheetOf(second.outPath, '顧客');
    expect(records(customersAfter!).length).toBe(records(customersBefore!).length);
  });

  test('no owner cell of 顧客 changed; the new customers appended at the end; the namesake not merged', async () => {
    const input = (await sheetOf(SAMPLE, '顧客'))!;
    for (const out of [first.outPath, second.outPath]) {
      const output = (await sheetOf(out, '顧客'))!;
      const width = input.values[0].length;
      input.values.forEach((row, r) => {
        // A cell past the end of a short row reads as ''.
        for (let c = 0; c < width; c++)
          expect([r, c, output.values[r][c] ?? '']).toEqual([r, c, row[c] ?? '']);
      });
      const added = output.values
        .slice(input.values.length)
        .filter((row) => row.some((v) => v !== '' && v !== null));
      const nameCol = input.values[0].indexOf('氏名');
      expect(added.map((row) => row[nameCol]).sort()).toEqual(cast.newcomers.map((p) => p.name).sort());
      expect(added.some((row) => row[nameCol] === cast.namesake.name)).toBe(false);
    }
    expect(first.imports[0].uncertain).toBe(1);
    const visits = records((await sheetOf(second.outPath, '来店履歴'))!);
    expect(visits.some((v) => v['顧客ID'] === cast.namesake.id)).toBe(false);
  });

  test('an imported visit starts S1 for its customer, and a new customer seen yesterday S6, 理由 naming 来店履歴', async () => {
    const label = first.imports[0].source.label;
    const back = first.customers.find((c) => c.顧客ID === cast.back.id)!;
    expect(back).toMatchObject({
      次回連絡日: DEMO_DAY,
      次回連絡内容: expect.stringMatching(/^購入後フォロー/),
    });
    expect(back.理由).toContain(`来店履歴（${label} 11/24取込）の来店日（2026/11/22）`);
    const yesterday = records((await sheetOf(first.outPath, '顧客'))!).find(
      (c) => c['氏名'] === cast.newcomers[0].name,
    )!;
    const newcomer = first.customers.find((c) => c.顧客ID === yesterday['顧客ID'])!;
    expect(newcomer).toMatchObject({
      次回連絡日: DEMO_DAY,
      次回連絡内容: expect.stringMatching(/^サンキューレター/),
    });
    expect(newcomer.理由).toContain(`来店履歴（${label} 11/24取込）の来店日（2026/11/23）`);
  });

  test('an imported booking ahead: ご予約前日のご案内 prepared the day before it (S11), by LINE or メール', async () => {
    // The next day's run on run 1's output: the booking of 11/26 is tomorrow.
    const next = await runLocal({
      workbook: first.outPath,
      today: '2026-11-25',
      out: join(dir, 'run3.xlsx'),
    });
    expect(next.summary.preparedByScenario['ご予約前日のご案内']).toBeGreaterThanOrEqual(1);
    const log = records((await sheetOf(next.outPath, '連絡履歴'))!);
    const reminder = log.find(
      (r) => r['顧客ID'] === cast.booked.id && r['シナリオ'] === 'ご予約前日のご案内',
    )!;
    expect(['LINE', 'メール']).toContain(reminder['チャネル']);
    expect(String(reminder['キー'])).toMatch(/\|S11\|前日のご案内\|2026-11-26 \d{1,2}:\d{2}$/);
    expect(String(reminder['内容'])).toMatch(/11月26日（木）\d{1,2}:\d{2}/);
    expect(String(reminder['内容'])).not.toContain('明日');
  }, 60_000);

  test('the CLI prints one line per import on stderr; a file that cannot be imported exits 1 naming it', () => {
    const cli = (args: string[]) =>
      spawnSync(
        process.execPath,
        [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'tools/local.ts'), ...args],
        { encoding: 'utf8', cwd: ROOT },
      );
    const ok = cli([
      '--workbook',
      SAMPLE,
      '--today',
      DEMO_DAY,
      '--out',
      join(dir, 'cli.xlsx'),
      '--import',
      EXPORT,
    ]);
    expect(ok.status).toBe(0);
    expect(ok.stderr).toMatch(
      /^取り込み: stores-reserve-export\.csv（STORES予約・Shift_JIS）来店 \d+件・予約 3件 → 来店履歴に追加 \d+件、新しいお客様 2人/m,
    );
    const json = cli([
      ...['--workbook', SAMPLE, '--today', DEMO_DAY, '--out', join(dir, 'json.xlsx'), '--import', EXPORT],
      '--json',
    ]);
    expect(json.status).toBe(0);
    expect(json.stderr).not.toContain('取り込み');

    const xlsx = cli([
      '--workbook',
      SAMPLE,
      '--today',
      DEMO_DAY,
      '--out',
      join(dir, 'bad.xlsx'),
      '--import',
      SAMPLE,
    ]);
    expect(xlsx.status).toBe(1);
    expect(xlsx.stderr).toContain('sample-shop.xlsx: Excel の形式（.xlsx）のファイルは読めません。');
    const headless = join(dir, 'nothing.csv');
    writeFileSync(headless, 'あ,い,う\r\n1,2,3\r\n');
    const unknown = cli([
      '--workbook',
      SAMPLE,
      '--today',
      DEMO_DAY,
      '--out',
      join(dir, 'bad2.xlsx'),
      '--import',
      headless,
    ]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/^nothing\.csv: /m);
  }, 120_000);
});
