/**
 * Writes the example workbook of 整体とリラクゼーション「ここち堂」 (東京都世田谷区): 300 customers typed the way an
 * owner really types them, the shop's settings, the カテゴリ table, open slots and a contact log that a previous
 * run and the owner left, all placed relative to --today so that every rule has something to do on that day.
 * It is the input of `npm run demo` and of tests.
 *
 *   npx tsx tools/make-example.ts [--out examples/sample-shop.xlsx] [--today 2026-11-24] [--seed 42]
 *
 * Same seed and today → same cells; the workbook's own dates are fixed, so only the zip timestamps differ.
 * Beside it, tools/make-export.ts writes the shop's booking export about the same customers (for `npm run demo`).
 */
import ExcelJS from 'exceljs';
import { mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cellDate, parseIsoDay } from './example/days';
import { Random } from './example/random';
import { addShopSheets } from './example/sheets';
import { ExampleBuilder } from './example/shop';

export interface ExampleOptions {
  /** YYYY-MM-DD: the day `npm run demo` plans for. */
  today: string;
  seed: number;
}

export const DEFAULT_OPTIONS: ExampleOptions = { today: '2026-11-24', seed: 42 };
export const DEFAULT_OUT = 'examples/sample-shop.xlsx';

export interface Example {
  workbook: ExcelJS.Workbook;
  /** How many customers play each story on --today, and a few totals. */
  summary: string[];
}

export function buildExample(options: ExampleOptions = DEFAULT_OPTIONS): Example {
  const today = parseIsoDay(options.today);
  const builder = new ExampleBuilder(new Random(options.seed), today);
  builder.build();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'ここち堂';
  workbook.lastModifiedBy = 'ここち堂';
  // Fixed, so that the same seed writes the same file apart from the zip's own timestamps.
  workbook.created = cellDate(today);
  workbook.modified = cellDate(today);
  addShopSheets(workbook, builder.customers, builder.log, today);
  return { workbook, summary: summarize(builder) };
}

export async function writeExample(
  path: string,
  options: ExampleOptions = DEFAULT_OPTIONS,
): Promise<string[]> {
  const { workbook, summary } = buildExample(options);
  mkdirSync(dirname(path), { recursive: true });
  await workbook.xlsx.writeFile(path);
  return summary;
}

function summarize({ customers, log }: ExampleBuilder): string[] {
  const count = <T>(items: readonly T[]): Map<T, number> => {
    const counts = new Map<T, number>();
    for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
    return counts;
  };
  const stories = [...count(customers.map((c) => c.story))].sort(([a], [b]) => a.localeCompare(b));
  const households = [...count(customers.flatMap((c) => (c.address ? [c.address] : []))).values()];
  const typedDates = customers.filter((c) => (c.typed.lastVisit ?? 'cell') !== 'cell').length;
  const byHand = log.filter((e) => !e.key).length;
  return [
    ...stories.map(([story, n]) => `${String(n).padStart(4)}  ${story}`),
    `顧客 ${customers.length} 行 / 連絡履歴 ${log.length} 行（うちキーなしの手入力 ${byHand}）`,
    `同じ住所の世帯 ${households.filter((n) => n > 1).length} / 最終来店日が文字・空・不正 ${typedDates}`,
  ];
}

function parseArgs(argv: readonly string[]): { out: string; options: ExampleOptions } {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const seed = Number(value('--seed') ?? DEFAULT_OPTIONS.seed);
  if (!Number.isInteger(seed)) throw new Error('--seed must be an integer');
  const today = value('--today') ?? DEFAULT_OPTIONS.today;
  parseIsoDay(today);
  return { out: value('--out') ?? DEFAULT_OUT, options: { today, seed } };
}

if (/^make-example\.[cm]?[jt]s$/.test(basename(process.argv[1] ?? ''))) {
  const { out, options } = parseArgs(process.argv.slice(2));
  writeExample(out, options)
    .then((summary) =>
      console.log(`${out}（today ${options.today}, seed ${options.seed}）\n${summary.join('\n')}`),
    )
    // The booking export `npm run demo` imports, beside the workbook and about the same customers.
    .then(() => import('./make-export'))
    .then(({ DEFAULT_EXPORT_OUT, writeExampleExport }) => {
      const exportOut = join(dirname(out), basename(DEFAULT_EXPORT_OUT));
      writeExampleExport(exportOut, options);
      console.log(exportOut);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    });
}
