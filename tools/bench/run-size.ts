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
import { writeCustomerPlan } from '../../src/app/daily-run';
import { DEMO_DAY } from '../example/demo-day';
import { bundleOn } from '../runner';
import { benchWorkbook } from './workbook';

const TIME_ZONE = 'Asia/Tokyo';
const [y, m, d] = DEMO_DAY.split('-').map(Number);
const MORNING = instantOf(TIME_ZONE, y, m, d, 8, 0);
const SYSTEM_COLUMNS = 5;

export interface SizeFigures {
  customers: number;
  logRows: number;
  /** Read, plan, write back (the preview run): Spreadsheet calls and the rest. */
  spreadsheetCalls: number;
  otherCalls: number;
  /** The whole day, preparing: Spreadsheet calls, letters laid out. */
  preparingSpreadsheetCalls: number;
  lettersPrepared: number;
  engineMs: number;
  wholeRunMs: number;
  preparingRunMs: number;
  cells: number;
  sidebarItems: number;
  sidebarBytes: number;
  naive: { spreadsheetCalls: number; wholeRunMs: number };
  peakRssMb: number;
}

function cellsOf(data: SpreadsheetData): number {
  return data.sheets.reduce(
    (sum, s) =>
      sum +
      (s.maxRows ?? Math.max(s.values.length, 1000)) *
        (s.maxColumns ?? Math.max(26, ...s.values.map((r) => r.length))),
    0,
  );
}

/** The daily run through dist/Code.js on the counting fakes; returns the bundle for what follows. */
function bundleRun(data: SpreadsheetData, preparing: boolean) {
  const clock = new FakeClock(MORNING);
  const bundle = bundleOn(structuredClone(data), clock);
  bundle.services.properties.document.replaceAll({ 'tsunagu.preparing': preparing ? 'on' : 'off' });
  bundle.services.calls.reset();
  const started = performance.now();
  const summary = bundle.call('runDailyFollowUps') as { prepared: Record<string, number> } | null;
  const ms = performance.now() - started;
  if (!summary) throw new Error(`the run failed: ${JSON.stringify(bundle.services.ui.alerts.at(-1))}`);
  return { bundle, summary, ms };
}

/** The engine alone (the pure core planning every customer and composing today's messages), in this process. */
function engine(data: SpreadsheetData): number {
  const { restore } = installGlobals({
    spreadsheet: structuredClone(data),
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
    spreadsheet: structuredClone(data),
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
    const first = sheet.getLastColumn() - SYSTEM_COLUMNS + 1;
    for (const row of plan.customers) {
      const range = sheet.getRange(row.index + 2, first, 1, SYSTEM_COLUMNS);
      range.setValues([[row.nextDay ?? '', row.nextContent, row.nextChannel, row.reason, row.attention]]);
    }
    void writeCustomerPlan;
    return {
      spreadsheetCalls: readCalls + services.calls.total('SpreadsheetApp'),
      wholeRunMs: performance.now() - started,
    };
  } finally {
    restore();
  }
}

async function main(): Promise<void> {
  const customers = Number(process.argv[2]);
  if (!Number.isInteger(customers) || customers <= 0) throw new Error('usage: run-size.ts <customers>');
  const data = await benchWorkbook(customers, new Date(MORNING));
  const logRows = (data.sheets.find((s) => s.name === '連絡履歴')?.values.length ?? 1) - 1;

  const preview = bundleRun(data, false);
  const spreadsheetCalls = preview.bundle.services.calls.total('SpreadsheetApp');
  const otherCalls = preview.bundle.services.calls.total() - spreadsheetCalls;
  // The sidebar's list for the day, in one google.script.run call: its JSON as sent.
  const view = JSON.stringify(preview.bundle.call('getTodayFollowUps'));
  const sidebarItems = (JSON.parse(view) as { total: number }).total;
  const cells = cellsOf(preview.bundle.services.spreadsheet.toData());

  const preparing = bundleRun(data, true);
  const figures: SizeFigures = {
    customers,
    logRows,
    spreadsheetCalls,
    otherCalls,
    preparingSpreadsheetCalls: preparing.bundle.services.calls.total('SpreadsheetApp'),
    lettersPrepared: preparing.summary.prepared['手紙'] ?? 0,
    engineMs: engine(data),
    wholeRunMs: preview.ms,
    preparingRunMs: preparing.ms,
    cells,
    sidebarItems,
    sidebarBytes: Buffer.byteLength(view, 'utf8'),
    naive: naive(data),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
  console.log(JSON.stringify(figures));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
