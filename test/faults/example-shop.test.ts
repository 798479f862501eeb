/**
 * The issue's own measurement, on the example shop through the local runner (dist/Code.js on a real .xlsx): the
 * owner renames カテゴリ for a day. Before issue 13 that one run closed 42 pending contacts (スキップ
 * 「状況が変わり不要になったため終了」) and deleted their drafts; now none is closed for it, and the run says why.
 */
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runLocal, type RunResult } from '../../tools/runner';
import { tally } from './tally';

const EXAMPLE = join(__dirname, '../../examples/sample-shop.xlsx');
const NO_LONGER_NEEDED = '状況が変わり不要になったため終了';

/** The owner retitles a 顧客 header in the workbook file, as they would in Sheets. */
async function renameHeader(path: string, from: string, to: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.getWorksheet('顧客');
  let found = false;
  sheet?.getRow(1).eachCell((cell) => {
    if (cell.value === from) {
      cell.value = to;
      found = true;
    }
  });
  expect(found).toBe(true);
  await book.xlsx.writeFile(path);
}

/** 連絡履歴 keys closed because no rule asked for them any more. */
function closedAsUnneeded(result: RunResult): Set<string> {
  const log = result.services.spreadsheet.toData().sheets.find((s) => s.name === '連絡履歴');
  const header = (log?.values[0] ?? []).map(String);
  const [key, state, note] = ['キー', '状態', '備考'].map((h) => header.indexOf(h));
  return new Set(
    (log?.values.slice(1) ?? [])
      .filter((r) => r[state] === 'スキップ' && String(r[note]).includes(NO_LONGER_NEEDED))
      .map((r) => String(r[key])),
  );
}

describe('the example shop, カテゴリ renamed for a day', () => {
  test('no pending contact is closed for it, the drafts stay, and the run says what is held', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagu-rename-'));
    const day1 = join(dir, 'day1.xlsx');
    const first = await runLocal({ workbook: EXAMPLE, today: '2026-11-24', out: day1 });
    // The same second day twice: as the owner left it, and with カテゴリ renamed.
    const renamed = join(dir, 'renamed.xlsx');
    copyFileSync(day1, renamed);
    copyFileSync(`${day1}.state.json`, `${renamed}.state.json`);
    await renameHeader(renamed, 'カテゴリ', 'カテゴリー分類');
    const control = await runLocal({ workbook: day1, today: '2026-11-25', out: join(dir, 'control.xlsx') });
    const result = await runLocal({ workbook: renamed, today: '2026-11-25', out: join(dir, 'day2.xlsx') });
    tally.faultsInjected++;
    tally.runsRepeated += 2;

    const extra = [...closedAsUnneeded(result)].filter((k) => !closedAsUnneeded(control).has(k));
    expect(extra).toEqual([]);
    // Every draft of the first day is still there (none deleted as no longer needed).
    const ids = (r: RunResult) => r.services.gmail.draftRecords().map((d) => d.id);
    expect(ids(first).length).toBeGreaterThan(0);
    expect(ids(result)).toEqual(expect.arrayContaining(ids(first)));
    const held = /見出し「カテゴリ」が見つからないため、(\d+)件の連絡を保留しています/.exec(
      result.summary.setupProblems.join('\n'),
    );
    expect(held).not.toBeNull();
    tally.pendingKept += Number(held?.[1] ?? 0);
    expect(Number(held?.[1])).toBeGreaterThan(10);
  });
});
