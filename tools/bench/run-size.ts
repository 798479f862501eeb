/**
 * One benchmark size, in its own process so peak RSS is this size's: prints one JSON line of figures.
 *   tsx tools/bench/run-size.ts <customers>
 */
import { performance } from 'node:perf_hooks';
import { FakeClock, type SpreadsheetData } from '../../test/fakes';
import { instantOf } from '../../test/fakes/clock';
import { installGlobals } from '../../test/fakes/globals';
import { composeMessage } from '../../src/core/compose';
import { loadWorkbook, planOf } from '../../src/app/workbook';
import { DEMO_DAY } from '../example/demo-day';
import { bundleOn } from '../runner';
import { benchWorkbook } from './workbook';

const TIME_ZONE = 'Asia/Tokyo';
const [y, m, d] = DEMO_DAY.split('-').map(Number);
const MORNING = instantOf(TIME_ZONE, y, m, d, 8, 0);
const SYSTEM_COLUMNS = 5;

/** What one part of one size measured; tools/bench.ts runs each part in its own process and joins them. */
export type PartFigures = Record<string, number>;

function cellsOf(data: SpreadsheetData): number {
  return data.sheets.reduce(
    (sum, s) =>
      sum +
      (s.maxRows ?? Math.max(s.values.length, 1000)) *
        (s.maxColumns ?? Math.max(26, ...s.values.map((r) => r.length))),
    0,
  );
}

/** The daily run through dist/Code.js on the counting fakes, twice: the first run adds Tsunagu's columns. */
function bundleRun(data: SpreadsheetData, preparing: boolean) {
  const clock = new FakeClock(MORNING);
  const bundle = bundleOn(data, clock);
  bundle.services.properties.document.replaceAll({ 'tsunagu.preparing': preparing ? 'on' : 'off' });
  const run = () => {
    bundle.services.calls.reset();
    const started = performance.now();
    const summary = bundle.call('runDailyFollowUps') as { prepared: Record<string, number> } | null;
    if (!summary) throw new Error(`the run failed: ${JSON.stringify(bundle.services.ui.alerts.at(-1))}`);
    return { summary, ms: performance.now() - started, calls: bundle.services.calls.total('SpreadsheetApp') };
  };
  const first = run();
  // The next run, as every later day's: nothing left to add.
  const daily = run();
  return { bundle, first, daily };
}

/** The engine alone (the pure core planning every customer and composing today's messages), in this process. */
function engine(data: SpreadsheetData): number {
  const { restore } = installGlobals({
    spreadsheet: data,
    clock: new FakeClock(MORNING),
    properties: { document: { 'tsunagu.introDay': '2026-01-01' } },
  });
  try {
    const wb = loadWorkbook(SpreadsheetApp.getActiveSpreadsheet(), new Date(MORNING));
    const started = performance.now();
    const plan = planOf(wb);
    for (const due of plan.due) composeMessage(due, wb);
    return performance.now() - started;
  } finally {
    restore();
  }
}

/** The same read-plan-write cycle written the naive way: a getValues per row read and a setValues per row written. */
function naive(data: SpreadsheetData): { spreadsheetCalls: number; wholeRunMs: number } {
  const { services, restore } = installGlobals({
    spreadsheet: data,
    clock: new FakeClock(MORNING),
    properties: { document: { 'tsunagu.introDay': '2026-01-01' } },
  });
  try {
    const started = performance.now();
    services.calls.reset();
    const ss = SpreadsheetApp.getActiveSpreadsheet();
    for (const sheet of ss.getSheets()) {
      const width = sheet.getLastColumn();
      for (let row = 1; row <= sheet.getLastRow(); row++) sheet.getRange(row, 1, 1, width).getValues();
    }
    const readCalls = services.calls.total('SpreadsheetApp');
    // The same engine plans (its own block reads are not counted: the naive version already read every row).
    const wb = loadWorkbook(ss, new Date(MORNING));
    const plan = planOf(wb);
    services.calls.reset();
    const sheet = ss.getSheetByName('顧客') as GoogleAppsScript.Spreadsheet.Sheet;
    const first = sheet.getLastColumn() + 1;
    const missing = first + SYSTEM_COLUMNS - 1 - sheet.getMaxColumns();
    if (missing > 0) sheet.insertColumnsAfter(sheet.getMaxColumns(), missing);
    for (const row of plan.customers) {
      const range = sheet.getRange(row.index + 2, first, 1, SYSTEM_COLUMNS);
      range.setValues([[row.nextDay ?? '', row.nextContent, row.nextChannel, row.reason, row.attention]]);
    }
    return {
      spreadsheetCalls: readCalls + services.calls.total('SpreadsheetApp'),
      wholeRunMs: performance.now() - started,
    };
  } finally {
    restore();
  }
}

export async function measurePart(customers: number, part: string): Promise<PartFigures> {
  const data = await benchWorkbook(customers, new Date(MORNING));
  let figures: PartFigures;
  switch (part) {
    case 'plan': {
      // Read, plan, write back: the preview run (it prepares nothing).
      const { bundle, first, daily } = bundleRun(data, false);
      const otherCalls = bundle.services.calls.total() - daily.calls;
      // The sidebar's list for the day, in one google.script.run call: its JSON as sent.
      const view = JSON.stringify(bundle.call('getTodayFollowUps'));
      figures = {
        logRows: (data.sheets.find((s) => s.name === '連絡履歴')?.values.length ?? 1) - 1,
        firstRunCalls: first.calls,
        spreadsheetCalls: daily.calls,
        otherCalls,
        wholeRunMs: daily.ms,
        cells: cellsOf(bundle.services.spreadsheet.toData()),
        sidebarItems: (JSON.parse(view) as { total: number }).total,
        sidebarBytes: Buffer.byteLength(view, 'utf8'),
      };
      break;
    }
    case 'prepare': {
      const { daily } = bundleRun(data, true);
      figures = {
        preparingCalls: daily.calls,
        preparingRunMs: daily.ms,
        letters: daily.summary.prepared['手紙'] ?? 0,
      };
      break;
    }
    case 'engine':
      figures = { engineMs: engine(data) };
      break;
    case 'naive': {
      const result = naive(data);
      figures = { naiveCalls: result.spreadsheetCalls, naiveRunMs: result.wholeRunMs };
      break;
    }
    default:
      throw new Error(`unknown part ${part}`);
  }
  figures.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  return figures;
}

async function main(): Promise<void> {
  const [sizeArg, part] = process.argv.slice(2);
  const customers = Number(sizeArg);
  if (!Number.isInteger(customers) || customers <= 0)
    throw new Error('usage: run-size.ts <customers> <part>');
  process.stdout.write(`${JSON.stringify(await measurePart(customers, part))}\n`);
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
