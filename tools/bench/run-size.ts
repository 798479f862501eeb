/**
 * One benchmark size, in its own process so peak RSS is this size's: prints one JSON line of figures.
 *   tsx tools/bench/run-size.ts <customers>
 */
import { performance } from 'node:perf_hooks';
import { FakeClock, type SpreadsheetData } from '../../test/fakes';
import { instantOf } from '../../test/fakes/clock';
import { installGlobals } from '../../test/fakes/globals';
import { composeMessage, type ComposeContext } from '../../src/core/compose';
import { planFollowUps } from '../../src/core/plan';
import { RULES } from '../../src/core/registry';
import { loadWorkbook, planInputOf, planOf } from '../../src/app/workbook';
import { LOG_COLUMNS, SHEET } from '../../src/labels';
import { readTable } from '../../src/sheets/table';
import { DEMO_DAY } from '../example/demo-day';
import { bundleOn } from '../runner';
import { addCosts, costOf, type RunCost } from '../../test/fakes/cost';
import { carried, eachClick } from './sidebar-click';
import { syntheticShop } from './synthetic-shop';

const TIME_ZONE = 'Asia/Tokyo';
const [y, m, d] = DEMO_DAY.split('-').map(Number);
const MORNING = instantOf(TIME_ZONE, y, m, d, 8, 0);
const SYSTEM_COLUMNS = 5;

/** What one part of one size measured; tools/bench.ts runs each part in its own process and joins them. */
export type PartFigures = Record<string, number>;

/** Cells the workbook's grids take (Sheets' 10-million-cell limit counts the grid, not the values). */
function cellsOf(ss: Pick<GoogleAppsScript.Spreadsheet.Spreadsheet, 'getSheets'>): number {
  return ss.getSheets().reduce((sum, s) => sum + s.getMaxRows() * s.getMaxColumns(), 0);
}

/**
 * The daily run through dist/Code.js on the counting fakes, twice: the first run, a preview, adds Tsunagu's
 * columns; the second is the day measured (preparing, when asked: the day's drafts, letters and lists are made then).
 */
function bundleRun(data: SpreadsheetData, preparing: boolean) {
  const clock = new FakeClock(MORNING);
  const bundle = bundleOn(data, clock);
  const { document } = bundle.services.properties;
  document.replaceAll({ 'tsunagu.preparing': 'off' });
  const run = () => {
    bundle.services.calls.reset();
    // The plan's writes to 顧客: one setValues per block of rows whose plan changed (sheets/table.ts writeColumns).
    let planBlocks = 0;
    bundle.services.calls.onCall = (_service, method, target) => {
      if (method === 'Range.setValues' && target?.sheet === '顧客') planBlocks++;
    };
    const started = performance.now();
    const summary = bundle.call('runDailyFollowUps') as {
      prepared: Record<string, number>;
      dueToday: number;
    } | null;
    bundle.services.calls.onCall = undefined;
    if (!summary) throw new Error(`the run failed: ${JSON.stringify(bundle.services.ui.alerts.at(-1))}`);
    const ms = performance.now() - started;
    return {
      summary,
      ms,
      calls: bundle.services.calls.total('SpreadsheetApp'),
      planBlocks,
      cost: costOf(bundle.services.calls, ms),
    };
  };
  const first = run();
  // The next run, as every later day's: nothing left to add.
  // Only the mode changes: what the first run stored (導入日 and the like) stays.
  if (preparing) document.setProperty('tsunagu.preparing', 'on');
  const daily = run();
  return { bundle, first, daily, clock };
}

/** What `run` cost, priced by the Apps Script cost model (the time it took here as the script's own). */
function timed<T>(bundle: ReturnType<typeof bundleOn>, run: () => T): { result: T; cost: RunCost } {
  bundle.services.calls.reset();
  const started = performance.now();
  const result = run();
  return { result, cost: costOf(bundle.services.calls, performance.now() - started) };
}

/**
 * The sidebar's clicks on prepared follow-ups (sidebar-click.ts: スキップ, 電話した, 延期, LINEの承認), each on an item of
 * its own and priced, the slowest first. `watch` is called before each click (undefined) and after it (what it was),
 * to see its calls.
 */
function sidebarActions(
  bundle: ReturnType<typeof bundleOn>,
  watch?: (what: string | undefined, request?: Record<string, unknown>) => void,
  afterClick?: ListAfterClick[],
): { what: string; cost: RunCost }[] {
  let clicked = false;
  const clicks = eachClick(
    () => {
      if (!clicked) return carried(bundle.call('getTodayFollowUps'));
      // The sidebar's read of the list after a click, which writes the whole plan the click left: how long it takes,
      // and how long of that it holds the script lock the next click waits for.
      const { result, cost, locked } = timedLock(bundle, () => bundle.call('getTodayFollowUps'));
      afterClick?.push({ seconds: cost.seconds, lockedSeconds: locked });
      if (process.env.BENCH_TRACE)
        process.stderr.write(
          `# list after a click: ${cost.seconds.toFixed(1)} s, locked ${locked.toFixed(1)} s\n`,
        );
      return carried(result);
    },
    (request, what) => {
      watch?.(undefined);
      clicked = true;
      const { result, cost } = timed(bundle, () => bundle.call('applyFollowUpAction', request));
      if (!(result as { ok?: boolean } | null)?.ok)
        throw new Error(`the click failed: ${JSON.stringify(result)} (${JSON.stringify(request)})`);
      watch?.(what, request);
      return cost;
    },
  );
  if (clicks.length === 0) throw new Error('the sidebar list has no prepared follow-up');
  return clicks.sort((a, b) => b.cost.seconds - a.cost.seconds);
}

/** The list read after a click: its projected seconds, and those it holds the script lock. */
interface ListAfterClick {
  seconds: number;
  lockedSeconds: number;
}

/**
 * `timed`, with the projected seconds between the script lock taken and let go (the services' share: the script's
 * own time in between is not told apart).
 */
function timedLock<T>(
  bundle: ReturnType<typeof bundleOn>,
  run: () => T,
): { result: T; cost: RunCost; locked: number } {
  const calls = bundle.services.calls;
  let taken: number | undefined;
  let locked = 0;
  const seconds = () => calls.meter.cost().seconds;
  // The caller's watcher (BENCH_TRACE's list of a click's calls) still sees every call.
  const watching = calls.onCall;
  calls.onCall = (service, method, target) => {
    watching?.(service, method, target);
    if (process.env.BENCH_TRACE && taken !== undefined)
      process.stderr.write(
        `  locked: ${service}.${method}${target ? ` ${target.sheet}!${target.a1}` : ''}\n`,
      );
    if (service !== 'LockService') return;
    if (method === 'Lock.tryLock' || method === 'Lock.waitLock') taken ??= seconds();
    if (method === 'Lock.releaseLock' && taken !== undefined) {
      locked += seconds() - taken;
      taken = undefined;
    }
  };
  try {
    return { ...timed(bundle, run), locked };
  } finally {
    calls.onCall = watching;
  }
}

/** The list reads after clicks as figures: the slowest, and the longest it held the lock. */
function listFigures(reads: readonly ListAfterClick[]): PartFigures {
  if (reads.length === 0) return {};
  return {
    listAfterClickSeconds: Math.round(Math.max(...reads.map((r) => r.seconds)) * 10) / 10,
    listAfterClickLockedSeconds: Math.round(Math.max(...reads.map((r) => r.lockedSeconds)) * 10) / 10,
  };
}

/** The slowest click as action… figures, and each click's seconds and cells read as click.<what>, clickCellsRead.<what>. */
function clickFigures(clicks: readonly { what: string; cost: RunCost }[]): PartFigures {
  return {
    ...costFigures('action', clicks[0].cost),
    ...Object.fromEntries(clicks.map((c) => [`click.${c.what}`, Math.round(c.cost.seconds * 10) / 10])),
    ...Object.fromEntries(clicks.map((c) => [`clickCellsRead.${c.what}`, c.cost.cellsRead])),
  };
}

/** A cost as flat figures: <prefix>Seconds, <prefix>CellsRead, <prefix>CellsWritten. */
function costFigures(prefix: string, cost: RunCost): PartFigures {
  return {
    [`${prefix}Seconds`]: Math.round(cost.seconds * 10) / 10,
    [`${prefix}CellsRead`]: cost.cellsRead,
    [`${prefix}CellsWritten`]: cost.cellsWritten,
    [`${prefix}CellsSearched`]: cost.cellsSearched,
    [`${prefix}Calls`]: cost.calls,
    // What the seconds went on, for a reader of the JSON (read calls, commits, cells read, PropertiesService …).
    ...Object.fromEntries(
      Object.entries(cost.parts).map(([part, seconds]) => [
        `${prefix}.${part}`,
        Math.round(seconds * 100) / 100,
      ]),
    ),
  };
}

/**
 * The engine alone — the pure core planning every customer and composing today's messages — in this process. The
 * workbook is read first through the fakes, which are then let go with everything the loading left behind: in
 * Apps Script the sheets live on Google's side, and what the engine works on is what getValues returned (kept
 * here, as a run keeps it to write back).
 */
async function engine(customers: number): Promise<{ ms: number; due: number }> {
  const { input, compose, kept } = await loadForEngine(customers);
  collectGarbage();
  const started = performance.now();
  const plan = planFollowUps(input);
  for (const due of plan.due) composeMessage(due, compose);
  const ms = performance.now() - started;
  if (kept.length === 0) throw new Error('nothing was read');
  return { ms, due: plan.due.length };
}

/** The rules issue 19 added since the turn-2 bundle (68df2a8): S9 お誕生日, S10 季節のご挨拶, S11 ご予約前日. */
const NEW_RULES: ReadonlySet<string> = new Set(['S9', 'S10', 'S11']);

/**
 * What the new rules (NEW_RULES) cost the engine: the same planning and composing with every rule, and with those
 * three left out of the registry's list, in one process on one workbook read once. Both are timed warm, after a
 * first run of each that is not counted, alternately, twice each, and the fastest of each is kept: a cold first run
 * (what the 'engine' part measures) would charge the JIT's warming to whichever ran first. Without them their
 * pending 連絡履歴 rows are no rule's and are closed, which costs a little more: the share is, if anything, small.
 */
export async function engineNewRules(customers: number): Promise<{
  engineMs: number;
  withoutNewRulesMs: number;
  newRulesMs: number;
  due: number;
  dueWithoutNewRules: number;
}> {
  const { input, compose, kept } = await loadForEngine(customers);
  const without = RULES.filter((rule) => !NEW_RULES.has(rule.id));
  const timed = (rules: readonly (typeof RULES)[number][]) => {
    collectGarbage();
    const started = performance.now();
    const plan = planFollowUps(input, rules);
    for (const due of plan.due) composeMessage(due, compose);
    return { ms: performance.now() - started, due: plan.due.length };
  };
  timed(RULES);
  timed(without);
  const [all, some] = [[timed(RULES)], [timed(without)]];
  all.push(timed(RULES));
  some.push(timed(without));
  if (kept.length === 0) throw new Error('nothing was read');
  const engineMs = Math.min(...all.map((r) => r.ms));
  const withoutNewRulesMs = Math.min(...some.map((r) => r.ms));
  return {
    engineMs,
    withoutNewRulesMs,
    newRulesMs: engineMs - withoutNewRulesMs,
    due: all[0].due,
    dueWithoutNewRules: some[0].due,
  };
}

async function loadForEngine(customers: number) {
  const { restore } = installGlobals({
    spreadsheet: await syntheticShop(customers, new Date(MORNING)),
    clock: new FakeClock(MORNING),
    properties: { document: { 'tsunagu.introDay': '2026-01-01' } },
  });
  try {
    const wb = loadWorkbook(SpreadsheetApp.getActiveSpreadsheet(), new Date(MORNING));
    const compose: ComposeContext = { today: wb.today, settings: wb.settings, templates: wb.templates };
    // 連絡履歴 as read, which ContactLog keeps to write back: the same rows again.
    const logRows = readTable(
      wb.ss.getSheetByName(SHEET.log) as GoogleAppsScript.Spreadsheet.Sheet,
      LOG_COLUMNS,
    ).rows;
    return { input: planInputOf(wb), compose, kept: [wb.customerTable.rows, logRows] };
  } finally {
    restore();
  }
}

/** A full collection when node runs with --expose-gc (tools/bench.ts starts it so), else nothing. */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
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
  const workbook = () => syntheticShop(customers, new Date(MORNING));
  let figures: PartFigures;
  switch (part) {
    case 'plan': {
      // Read, plan, write back: the preview run (it prepares nothing).
      const data = await workbook();
      const { bundle, first, daily } = bundleRun(data, false);
      const otherCalls = bundle.services.calls.total() - daily.calls;
      // The sidebar's list for the day, in one google.script.run call: its JSON as sent.
      const list = timed(bundle, () => bundle.call('getTodayFollowUps'));
      const view = JSON.stringify(list.result);
      figures = {
        logRows: (data.sheets.find((s) => s.name === '連絡履歴')?.values.length ?? 1) - 1,
        firstRunCalls: first.calls,
        spreadsheetCalls: daily.calls,
        otherCalls,
        wholeRunMs: daily.ms,
        cells: cellsOf(bundle.services.spreadsheet),
        sidebarItems: (JSON.parse(view) as { total: number }).total,
        sidebarBytes: Buffer.byteLength(view, 'utf8'),
        ...costFigures('run', daily.cost),
        ...costFigures('list', list.cost),
      };
      break;
    }
    case 'prepare': {
      const { daily, bundle, clock } = bundleRun(await workbook(), true);
      const afterClick: ListAfterClick[] = [];
      // The rest of the day: the hourly trigger's 23 other runs (the LINE approved, a run to finish), and the owner's
      // clicks at 10:30, between the 10:00 run and the 11:00 one — a click at 7:00 the next morning would plan the
      // next day, every row's 理由 changed.
      let hourly: RunCost | undefined;
      let clicks: { what: string; cost: RunCost }[] = [];
      for (let h = 1; h <= 23; h++) {
        clock.set(MORNING + h * 3_600_000);
        const { cost } = timed(bundle, () => bundle.call('runScheduled'));
        hourly = hourly ? addCosts(hourly, cost) : cost;
        if (h !== 2) continue;
        clock.set(MORNING + 2.5 * 3_600_000);
        clicks = sidebarActions(bundle, undefined, afterClick);
      }
      figures = {
        preparingCalls: daily.calls,
        preparingPlanBlocks: daily.planBlocks,
        dueToday: daily.summary.dueToday,
        preparingRunMs: daily.ms,
        letters: daily.summary.prepared['手紙'] ?? 0,
        ...costFigures('prep', daily.cost),
        ...costFigures('hourly', hourly as RunCost),
        // After the preparing run the list holds prepared follow-ups: the clicks a shop makes all day.
        ...clickFigures(clicks),
        ...listFigures(afterClick),
        dayTriggerMinutes: Math.round(((daily.cost.seconds + (hourly as RunCost).seconds) / 60) * 10) / 10,
      };
      break;
    }
    case 'click': {
      // The preparing run, then the clicks, with the calls they made by method: what a click's seconds are made of.
      // BENCH_TRACE=1: each click's calls in order, with the range each touched, on stderr.
      const { bundle } = bundleRun(await workbook(), true);
      const trace: string[] = [];
      if (process.env.BENCH_TRACE)
        bundle.services.calls.onCall = (service, method, target) =>
          void trace.push(`${service}.${method}${target ? ` ${target.sheet}!${target.a1}` : ''}`);
      const byMethod = new Map<string, number>();
      const clicks = sidebarActions(bundle, (what, request) => {
        // Before a click: forget the list read's calls. After it: the click's own.
        if (what !== undefined) {
          if (process.env.BENCH_TRACE)
            process.stderr.write(`# ${what} ${JSON.stringify(request)}\n${trace.join('\n')}\n`);
          for (const [m, n] of Object.entries(bundle.services.calls.byMethod()))
            byMethod.set(m, (byMethod.get(m) ?? 0) + n);
        }
        trace.length = 0;
      });
      bundle.services.calls.onCall = undefined;
      if (process.env.BENCH_TRACE)
        for (const c of clicks)
          process.stderr.write(
            `# ${c.what} ${c.cost.seconds.toFixed(2)} s ${JSON.stringify(c.cost.parts)}\n`,
          );
      figures = {
        ...clickFigures(clicks),
        ...Object.fromEntries([...byMethod].sort((a, b) => b[1] - a[1]).map(([m, n]) => [`calls.${m}`, n])),
      };
      break;
    }
    case 'engine': {
      const { ms, due } = await engine(customers);
      figures = { engineMs: ms, due };
      break;
    }
    case 'engine-new-rules': {
      figures = { ...(await engineNewRules(customers)) };
      break;
    }
    case 'naive': {
      const result = naive(await workbook());
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
