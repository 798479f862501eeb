import ExcelJS from 'exceljs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocal } from '../../tools/runner';

const ROOT = join(__dirname, '../..');
const LINE_ID = `U${'ab12'.repeat(8)}`;

/** A small workbook as an owner keeps it: mixed date styles, rich text, a formula, an error cell, an empty row. */
async function ownerWorkbook(dir: string, { withName = true } = {}): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('顧客');
  ws.addRow([
    '顧客ID',
    withName ? '氏名' : 'なまえ',
    'メール',
    '電話',
    'LINEユーザーID',
    '郵便番号',
    '住所',
    '最終来店日',
    '来店回数',
    'カテゴリ',
    '購入商品',
    '電話許可',
    'メモ',
  ]);
  ws.addRow([
    'C1',
    '佐藤 美咲',
    'misaki@example.jp',
    '',
    '',
    '',
    '',
    new Date(Date.UTC(2026, 10, 20)),
    2,
    '整体',
    '骨盤調整60分',
    false,
    '',
  ]);
  ws.addRow([
    'C2',
    { richText: [{ text: '鈴木 ' }, { font: { bold: true }, text: '一郎' }] },
    '',
    '',
    '',
    '〒154-0004',
    '東京都世田谷区太子堂1-2-3',
    '2026/11/20',
    { formula: '1+1', result: 2 },
    '整体',
    '全身もみほぐし',
    false,
    { error: '#N/A' },
  ]);
  ws.addRow([]);
  ws.addRow([
    'C3',
    '高橋 花子',
    '',
    '',
    LINE_ID,
    '',
    '',
    '令和8年11月20日',
    '3回',
    '整体',
    'ヘッドスパ',
    '',
    '',
  ]);
  ws.addRow([
    'C4',
    '田中 健',
    'ken@example.jp',
    '',
    '',
    '',
    '',
    '２０２６／１２／０１',
    2,
    '整体',
    '骨盤調整60分',
    '',
    '',
  ]);
  ws.addRow(['C5', '伊藤 誠', 'makoto@example.jp', '', '', '', '', '2026/2/30', 2, '整体', '', '', '']);
  ws.getCell('H2').numFmt = 'yyyy/mm/dd';
  const settings = wb.addWorksheet('設定');
  settings.addRows([
    ['項目', '値'],
    ['店名', 'ここち堂'],
    ['店舗住所', '東京都世田谷区太子堂2-14-3'],
    ['店舗メール', 'info@example.jp'],
    ['店舗電話', '03-5432-1234'],
    ['毎日の実行時刻', '7時'],
  ]);
  const path = join(dir, 'shop.xlsx');
  await wb.xlsx.writeFile(path);
  return path;
}

function cli(args: string[]) {
  return spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), join(ROOT, 'tools/local.ts'), ...args],
    {
      encoding: 'utf8',
      cwd: ROOT,
    },
  );
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('npm run local', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagu-local-'));
  });

  test('--json into a pipe whose reader is slow loses no line (4,000 customers: more than a pipe holds)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('顧客');
    ws.addRow(['顧客ID', '氏名', 'メール', '最終来店日', '来店回数', 'カテゴリ', '購入商品']);
    for (let i = 0; i < 4000; i++)
      ws.addRow([`C${i}`, `客 ${i}`, `c${i}@example.jp`, '2026/11/20', 2, '整体', '骨盤調整60分']);
    const input = join(dir, 'many.xlsx');
    await wb.xlsx.writeFile(input);
    const command = [
      process.execPath,
      join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
      join(ROOT, 'tools/local.ts'),
    ]
      .concat(['--workbook', input, '--today', '2026-11-22', '--out', join(dir, 'out.xlsx'), '--json'])
      .map((a) => `'${a}'`)
      .join(' ');
    const result = spawnSync('bash', ['-c', `set -o pipefail; ${command} | (sleep 2; wc -l)`], {
      encoding: 'utf8',
      cwd: ROOT,
    });
    expect(result.status).toBe(0);
    expect(Number(result.stdout.trim())).toBe(4000);
  }, 60_000);

  test('--json prints one line per non-empty customer row in sheet order and nothing else, exit 0', async () => {
    const input = await ownerWorkbook(dir);
    const hash = sha(input);
    const result = cli([
      '--workbook',
      input,
      '--today',
      '2026-11-22',
      '--out',
      join(dir, 'out.xlsx'),
      '--json',
    ]);
    expect(result.status).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l['顧客ID'])).toEqual(['C1', 'C2', 'C3', 'C4', 'C5']);
    for (const line of lines) {
      expect(Object.keys(line)).toEqual([
        '顧客ID',
        '次回連絡日',
        '次回連絡内容',
        '次回チャネル',
        '理由',
        '要確認',
      ]);
    }
    expect(lines[0]).toMatchObject({
      次回連絡日: '2026-11-22',
      次回連絡内容: '購入後フォロー（お伺い）',
      次回チャネル: 'メール',
      要確認: '',
    });
    expect(lines[1]).toMatchObject({ 次回連絡日: '2026-11-22', 次回チャネル: '手紙' });
    expect(lines[2]).toMatchObject({ 次回連絡日: '2026-11-22', 次回チャネル: 'LINE' });
    // A last visit typed in the future (full-width, read correctly) is a typo to fix, not a plan for December.
    expect(lines[3]).toMatchObject({
      次回連絡日: null,
      要確認: expect.stringContaining('最終来店日「2026/12/01」が未来の日付です'),
    });
    expect(lines[4]).toMatchObject({
      次回連絡日: null,
      要確認: expect.stringContaining('最終来店日「2026/2/30」を日付として読めません'),
    });
    expect(sha(input)).toBe(hash);
  });

  test('writes the workbook, drafts as .eml, LINE messages as JSON and the state; runs chain day by day', async () => {
    const input = await ownerWorkbook(dir);
    const day1 = await runLocal({ workbook: input, today: '2026-11-22', out: join(dir, 'day1.xlsx') });
    expect(day1.summary.prepared).toEqual({ メール: 1, LINE: 1, 手紙: 1, 電話: 0 });
    expect(readdirSync(join(dir, 'day1', 'drafts'))).toHaveLength(1);
    const eml = readFileSync(
      join(dir, 'day1', 'drafts', readdirSync(join(dir, 'day1', 'drafts'))[0]),
      'utf8',
    );
    expect(eml).toMatch(/^To: misaki@example\.jp$/m);
    expect(eml).toContain('Content-Type: text/html');
    const [lineFile] = readdirSync(join(dir, 'day1', 'line'));
    const line = JSON.parse(readFileSync(join(dir, 'day1', 'line', lineFile), 'utf8'));
    expect(line.request).toEqual({
      to: LINE_ID,
      messages: [{ type: 'text', text: expect.stringContaining('高橋様、') }],
    });
    expect(existsSync(join(dir, 'day1.xlsx.state.json'))).toBe(true);

    // The clock defaulted to 設定 毎日の実行時刻 (7時) in Tokyo.
    expect(day1.services.clock.iso()).toBe('2026-11-21T22:00:00.000Z');

    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(day1.outPath);
    expect(out.worksheets.map((w) => w.name)).toEqual(
      expect.arrayContaining(['顧客', '設定', '連絡履歴', '手紙', 'LINE送信']),
    );
    const customers = out.getWorksheet('顧客') as ExcelJS.Worksheet;
    expect(customers.getRow(1).values).toEqual(
      expect.arrayContaining(['次回連絡日', '次回連絡内容', '次回チャネル', '理由', '要確認']),
    );
    expect(customers.getCell('B3').value).toEqual({
      richText: [{ text: '鈴木 ' }, { font: { bold: true }, text: '一郎' }],
    });

    const day2 = await runLocal({ workbook: day1.outPath, today: '2026-11-23', out: join(dir, 'day2.xlsx') });
    expect(day2.summary.prepared).toEqual({ メール: 0, LINE: 0, 手紙: 0, 電話: 0 });
    expect(day2.services.exportState().gmail.drafts).toHaveLength(1);
  });

  test('--preview plans without preparing', async () => {
    const input = await ownerWorkbook(dir);
    const result = await runLocal({
      workbook: input,
      today: '2026-11-22',
      out: join(dir, 'p.xlsx'),
      preview: true,
    });
    expect(result.summary.preview).toBe(true);
    expect(result.drafts).toBe(0);
    expect(result.customers[0].次回連絡日).toBe('2026-11-22');
  });

  test('a workbook that cannot be processed exits 1 with the Japanese reason; bad usage exits 2', async () => {
    const input = await ownerWorkbook(dir, { withName: false });
    const failed = cli([
      '--workbook',
      input,
      '--today',
      '2026-11-22',
      '--out',
      join(dir, 'x.xlsx'),
      '--json',
    ]);
    expect(failed.status).toBe(1);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('見出し「氏名」がありません');
    expect(cli(['--workbook', input]).status).toBe(2);
    expect(cli(['--workbook', input, '--today', '22/11/2026']).status).toBe(2);
  });
});

describe('runLocal: the owner’s clicks after the day (after), and the mornings that follow (until, eachDay)', () => {
  test('「送る」 to the 年賀状 question is written to 設定; the runs go on each morning through --until', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagu-until-'));
    const printed: string[] = [];
    const result = await runLocal({
      workbook: join(ROOT, 'examples/sample-shop.xlsx'),
      today: '2026-11-24',
      until: '2026-11-26',
      out: join(dir, 'out.xlsx'),
      after: [{ name: 'answerNewYearCards', args: [true] }],
      eachDay: [{ name: 'markLettersPrinted' }],
    });
    expect(result.replies).toEqual([{ ok: true, message: expect.stringContaining('年賀状') }]);
    const sheets = result.services.spreadsheet.toData().sheets;
    const settings = sheets.find((s) => s.name === '設定')?.values ?? [];
    expect(String(settings.find((r) => r[0] === '年賀状')?.[1]).toUpperCase()).toBe('TRUE');
    // Letters were prepared and printed on each of the three mornings (日時 is when they were printed).
    const log = sheets.find((s) => s.name === '連絡履歴')?.values ?? [];
    // The example shop's 連絡履歴 also holds letters printed before; these runs' are the ones from 11-24 on (JST).
    const jst = (d: Date) => new Date(d.getTime() + 9 * 3600_000).toISOString().slice(0, 10);
    for (const row of log.slice(1))
      if (row[5] === '手紙' && row[6] === '印刷済' && row[0] instanceof Date && jst(row[0]) >= '2026-11-24')
        printed.push(jst(row[0]));
    expect(new Set(printed)).toEqual(new Set(['2026-11-24', '2026-11-25', '2026-11-26']));
  });

  test('--until before --today is refused', async () => {
    await expect(
      runLocal({
        workbook: join(ROOT, 'examples/sample-shop.xlsx'),
        today: '2026-11-24',
        until: '2026-11-24',
        out: join(mkdtempSync(join(tmpdir(), 'tsunagu-until-')), 'out.xlsx'),
      }),
    ).rejects.toThrow('--until');
  });
});
