/**
 * Years, not days: a synthetic shop run by the hourly trigger through dist/Code.js on the counting fakes, one
 * morning run a day for years, with an owner who acts on most contacts (sends most drafts from Gmail, prints the
 * letters, writes most calls' 結果 on 電話リスト) or one who ignores them. Prints one JSON line per year end
 * (連絡履歴 rows, archive rows, 来店履歴 rows, workbook cells) and, on the last day, the projected Apps Script
 * seconds of the morning run, of the 23 hourly runs after it, of opening the sidebar's list and of one sidebar
 * action (see test/fakes/cost.ts for the model).
 *
 *   node out/bench/years.js <customers> <acts|ignores> [years] [--save file]
 *     [--checkpoint file [--every days] [--resume file]]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { deserialize, serialize } from 'node:v8';
import { FakeClock, type FakeState, type SpreadsheetData } from '../../test/fakes';
import { instantOf } from '../../test/fakes/clock';
import { addCosts, APPS_SCRIPT_COST, costOf, type RunCost } from '../../test/fakes/cost';
import type { LoadedBundle } from '../../test/fakes/host';
import { OUTBOX_COLUMNS, PHONE_LIST_COLUMNS, SHEET } from '../../src/labels';
import { LINE_TOKEN_PROPERTY } from '../../src/channels/line-api';
import {
  ARCHIVED_LEFT as ARCHIVED_LEFT_PROPERTY,
  LAST_ARCHIVED as LAST_ARCHIVED_PROPERTY,
} from '../../src/app/archive';
import { lineStandIn } from '../../test/bundle/harness';
import { DEMO_DAY } from '../example/demo-day';
import { bundleOn } from '../runner';
import { syntheticShop } from './synthetic-shop';
import { carried, eachClick } from './sidebar-click';

const TIME_ZONE = 'Asia/Tokyo';
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The share of contacts the acting owner deals with: the rest is left, as a busy owner leaves some. */
const ACTS_ON = 0.9;

export type Owner = 'acts' | 'ignores';

export interface YearEnd {
  kind: 'year';
  customers: number;
  owner: Owner;
  year: number;
  day: string;
  logRows: number;
  archiveRows: number;
  visitRows: number;
  cells: number;
  /** Wall-clock ms this process spent on the year's runs (the simulation's own cost, not Apps Script's). */
  simulationMs: number;
}

export interface LastDay {
  kind: 'last';
  customers: number;
  owner: Owner;
  day: string;
  morning: RunCost;
  hourly: RunCost;
  /** The morning run and the 23 hourly runs after it: the day's trigger runtime. */
  dayTriggerMinutes: number;
  list: RunCost;
  /** The slowest of the day's clicks. */
  action: RunCost & { what: string };
  /** Each click priced: what it was and its projected seconds. */
  actions: { what: string; seconds: number }[];
  /** The same morning when it is also the month's archiving run (measured from a saved shop only). */
  archivingMorning?: RunCost;
  /**
   * That archiving morning and its day's hourly runs again, each deleteRows priced as a write round trip (nothing is
   * published for a structural change) and the fake clock moved by each call's projected seconds, so each run's
   * 4.5-minute budget sees them: when the morning ended, what it moved before its budget stopped it, and what the
   * hourly runs took out after.
   */
  slowDeletes?: SlowDeletes;
}

export interface SlowDeletes {
  /** Seconds on the fake clock from the morning run's start to its end. */
  seconds: number;
  /** The day's deleteRows, the morning's and the hourly runs'. */
  deleteRows: number;
  /** 連絡履歴 rows the morning moved to the archive and took out. */
  moved: number;
  /** Rows left for the next day's pass (beyond the pass's span, or out of time). */
  more: boolean;
  /** Archived rows the hourly runs took out of 連絡履歴 (app/archive.ts sweepArchivedRows). */
  swept: number;
  /** The 23 hourly runs' seconds on the fake clock. */
  hourlySeconds: number;
  /** Archived rows still in 連絡履歴 after the last hourly run. */
  leftAtNight: boolean;
}

/**
 * The archiving morning and the 23 hourly runs after it, each deleteRows charged `deleteSeconds` more (a write
 * round trip: cost.ts) and the clock following the projection: each call moves the fake clock by its projected
 * seconds and this machine's script time since the call before, so each run's budget sees them.
 */
function slowDeletesDay(
  bundle: LoadedBundle,
  deleteSeconds = APPS_SCRIPT_COST.writeCallSeconds,
): SlowDeletes {
  const { calls, clock } = bundle.services;
  const morningAt = clock.now;
  let deletes = 0;
  let swept = 0;
  let hourlySeconds = 0;
  type Summary = { archived?: { moved?: number; more?: boolean } } | null;
  const run = (hour: boolean): { seconds: number; summary: Summary } => {
    calls.reset();
    const start = clock.now;
    let [model, wall] = [0, performance.now()];
    calls.onCall = (_service, method, target) => {
      const [m, w] = [calls.meter.cost().seconds, performance.now()];
      const extra = method === 'Sheet.deleteRows' ? deleteSeconds : 0;
      if (extra > 0) {
        deletes++;
        // 「first:last」: the rows an hourly run took out of 連絡履歴.
        const [a, b] = (target?.a1 ?? '0:-1').split(':').map(Number);
        if (hour && target?.sheet === SHEET.log) swept += b - a + 1;
      }
      clock.advance(Math.max(0, Math.round((m - model + extra) * 1000 + (w - wall))));
      [model, wall] = [m, w];
    };
    try {
      const summary = bundle.call('runScheduled') as Summary;
      return { seconds: (clock.now - start) / 1000, summary };
    } finally {
      calls.onCall = undefined;
    }
  };
  const morning = run(false);
  for (let h = 1; h <= 23; h++) {
    clock.set(morningAt + h * HOUR_MS);
    hourlySeconds += run(true).seconds;
  }
  return {
    seconds: morning.seconds,
    deleteRows: deletes,
    moved: morning.summary?.archived?.moved ?? 0,
    more: morning.summary?.archived?.more === true,
    swept,
    hourlySeconds,
    leftAtNight: bundle.services.properties.document.getProperty(ARCHIVED_LEFT_PROPERTY) !== null,
  };
}

/** Cells the workbook's grids take (Sheets' 10-million-cell limit counts the grid, not the values). */
export function workbookCells(bundle: LoadedBundle): number {
  return bundle.services.spreadsheet
    .getSheets()
    .reduce((sum, s) => sum + s.getMaxRows() * s.getMaxColumns(), 0);
}

function dataRows(bundle: LoadedBundle, name: string): number {
  const sheet = bundle.services.spreadsheet.getSheetByName(name);
  return sheet ? Math.max(0, sheet.getLastRow() - 1) : 0;
}

/** A stable choice of about `share` of the items, by a hash of their id (the same owner every run). */
function chosen(id: string, share: number): boolean {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32 < share;
}

/**
 * What the acting owner does after the morning run: sends most drafts from Gmail, prints the letters, approves most
 * LINE on LINE送信 and writes most calls' 結果 on 電話リスト. Not counted as the run's cost.
 */
function ownerActs(bundle: LoadedBundle): void {
  const { gmail } = bundle.services;
  for (const draft of gmail.draftRecords()) if (chosen(draft.id, ACTS_ON)) gmail.ownerSendsDraft(draft.id);
  bundle.call('markLettersPrinted');
  ownerWrites(
    bundle,
    SHEET.phoneList,
    PHONE_LIST_COLUMNS.result.header,
    PHONE_LIST_COLUMNS.key.header,
    '満足',
  );
  ownerWrites(bundle, SHEET.lineOutbox, OUTBOX_COLUMNS.approved.header, OUTBOX_COLUMNS.key.header, true);
}

/** The owner fills a blank column of their own (結果, 承認) on most rows of one of Tsunagu's lists. */
function ownerWrites(
  bundle: LoadedBundle,
  name: string,
  header: string,
  keyHeader: string,
  value: unknown,
): void {
  const sheet = bundle.services.spreadsheet.getSheetByName(name);
  if (!sheet || sheet.getLastRow() < 2) return;
  const headers = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0].map(String);
  const [column, key] = [headers.indexOf(header), headers.indexOf(keyHeader)];
  if (column < 0 || key < 0) return;
  const rows = sheet.getRange(2, 1, sheet.getLastRow() - 1, headers.length).getValues();
  const filled = rows.map((row) => [
    row[column] !== '' && row[column] !== false
      ? row[column]
      : chosen(String(row[key]), ACTS_ON)
        ? value
        : row[column],
  ]);
  sheet.getRange(2, column + 1, rows.length, 1).setValues(filled);
}

/**
 * The calls and cells of what `run` does, priced by the cost model, with the time it took here as the script's
 * own time (the fakes' share included: an over-estimate).
 */
function measured(bundle: LoadedBundle, run: () => unknown): RunCost {
  bundle.services.calls.reset();
  const started = performance.now();
  run();
  return costOf(bundle.services.calls, performance.now() - started);
}

/** A shop as the bench leaves it: the workbook, the services' state and the clock, to go on from later. */
interface SavedShop {
  customers: number;
  owner: Owner;
  morning: number;
  spreadsheet: SpreadsheetData;
  state: FakeState;
}

/** The bench shop's bundle: LINE answered by the tests' stand-in, so the hourly runs send and re-read consent. */
function shopBundle(spreadsheet: SpreadsheetData, clock: FakeClock, state?: FakeState): LoadedBundle {
  return bundleOn(spreadsheet, clock, state, undefined, lineStandIn().handler);
}

export async function simulateYears(
  customers: number,
  owner: Owner,
  years: number,
  report: (line: YearEnd | LastDay) => void,
  /** Where to keep the shop as it is on the last morning, before its run (see lastDay). */
  savePath?: string,
  /**
   * A long simulation in stages (100,000 customers take about a minute a day here): the shop is kept in `checkpoint`
   * every `every` days, as it is before that morning's run, and `resume` goes on from such a file.
   */
  stages?: { checkpoint: string; every: number; resume?: string },
): Promise<void> {
  const [y, m, d] = DEMO_DAY.split('-').map(Number);
  const start = instantOf(TIME_ZONE, y, m, d, 8, 0);
  const resumed = stages?.resume ? (deserialize(readFileSync(stages.resume)) as SavedShop) : undefined;
  if (resumed && (resumed.customers !== customers || resumed.owner !== owner))
    throw new Error(
      `${stages?.resume} is a shop of ${resumed.customers} customers whose owner ${resumed.owner}`,
    );
  const clock = new FakeClock(resumed?.morning ?? start);
  const bundle = resumed
    ? shopBundle(resumed.spreadsheet, clock, resumed.state)
    : shopBundle(await syntheticShop(customers, new Date(start)), clock);
  if (!resumed)
    bundle.services.properties.document.replaceAll({
      'tsunagu.preparing': 'on',
      'tsunagu.introDay': '2026-01-01',
      [LINE_TOKEN_PROPERTY]: 'bench-token',
    });
  const days = Math.round(years * 365.25);
  const shopOn = (morning: number): SavedShop => ({
    customers,
    owner,
    morning,
    spreadsheet: bundle.services.spreadsheet.toData(),
    state: bundle.services.exportState(),
  });
  let yearStarted = performance.now();
  const first = resumed ? Math.round((resumed.morning - start) / DAY_MS) : 0;
  for (let day = first; day <= days; day++) {
    const morning = start + day * DAY_MS;
    clock.set(morning);
    if (stages && day > first && day < days && day % stages.every === 0) {
      writeFileSync(stages.checkpoint, serialize(shopOn(morning)));
      process.stderr.write(`checkpoint: day ${day} (${isoOf(morning)}), ${workbookCells(bundle)} cells\n`);
    }
    if (day === days) {
      const saved = shopOn(morning);
      if (savePath) writeFileSync(savePath, serialize(saved));
      report(measureLastDay(bundle, saved));
    } else {
      bundle.call('runScheduled');
      if (owner === 'acts') ownerActs(bundle);
    }
    // Each year's end, and the last day (the years asked, 365¼ days each): the year ending a day before it is left out.
    if (day === days || (day > 0 && day % 365 === 0 && days - day > 1)) {
      report({
        kind: 'year',
        customers,
        owner,
        year: day === days ? years : day / 365,
        day: isoOf(morning),
        logRows: dataRows(bundle, SHEET.log),
        archiveRows: dataRows(bundle, SHEET.archive),
        visitRows: dataRows(bundle, SHEET.visits),
        cells: workbookCells(bundle),
        simulationMs: Math.round(performance.now() - yearStarted),
      });
      yearStarted = performance.now();
    }
  }
}

/**
 * The last day of a saved shop, with this tree's dist/Code.js: the years are simulated once, and the last day can
 * be measured again after the code changes.
 */
export function lastDay(savePath: string): LastDay {
  const saved = () => deserialize(readFileSync(savePath)) as SavedShop;
  const shop = saved();
  const measuredDay = measureLastDay(
    shopBundle(shop.spreadsheet, new FakeClock(shop.morning), shop.state),
    shop,
  );
  // The same morning as the month's archiving run (the first run of a month that prepares): the busiest of the month.
  const again = saved();
  // Archived last in an earlier month (a first run ever only records the day).
  again.state.properties.document[LAST_ARCHIVED_PROPERTY] = isoOf(again.morning - 40 * DAY_MS);
  const bundle = shopBundle(again.spreadsheet, new FakeClock(again.morning), again.state);
  const archiving = measured(bundle, () => bundle.call('runScheduled'));
  const slow = saved();
  slow.state.properties.document[LAST_ARCHIVED_PROPERTY] = isoOf(slow.morning - 40 * DAY_MS);
  const slowDeletes = slowDeletesDay(shopBundle(slow.spreadsheet, new FakeClock(slow.morning), slow.state));
  return { ...measuredDay, archivingMorning: archiving, slowDeletes };
}

/** The morning run, the 23 hourly runs after it, the sidebar's list and one action, priced. */
function measureLastDay(bundle: LoadedBundle, saved: SavedShop): LastDay {
  const clock = bundle.services.clock;
  const morning = measured(bundle, () => bundle.call('runScheduled'));
  if (saved.owner === 'acts') ownerActs(bundle);
  const hourly = Array.from({ length: 23 }, (_, h) => {
    clock.set(saved.morning + (h + 1) * HOUR_MS);
    return measured(bundle, () => bundle.call('runScheduled'));
  }).reduce(addCosts);
  clock.set(saved.morning + 2 * HOUR_MS);
  const list = measured(bundle, () => bundle.call('getTodayFollowUps'));
  return {
    kind: 'last',
    customers: saved.customers,
    owner: saved.owner,
    day: isoOf(saved.morning),
    morning,
    hourly,
    dayTriggerMinutes: (morning.seconds + hourly.seconds) / 60,
    list,
    ...clicksOf(sidebarActions(bundle)),
  };
}

/**
 * The sidebar's clicks on the last day (sidebar-click.ts: スキップ, 電話した, 延期, LINEの承認), each priced, the
 * slowest first: `action` is the slowest, and a reply that is not ok stops the bench.
 */
function sidebarActions(bundle: LoadedBundle): (RunCost & { what: string })[] {
  const clicks = eachClick(
    () => carried(bundle.call('getTodayFollowUps')),
    (request) => {
      let reply: unknown;
      const cost = measured(bundle, () => (reply = bundle.call('applyFollowUpAction', request)));
      if (!(reply as { ok?: boolean } | null)?.ok)
        throw new Error(`the click failed: ${JSON.stringify(reply)} (${JSON.stringify(request)})`);
      return cost;
    },
  );
  const priced = clicks.map(({ what, cost }) => ({ ...cost, what }));
  if (priced.length === 0) return [{ ...measured(bundle, () => undefined), what: 'なし' }];
  return priced.sort((a, b) => b.seconds - a.seconds);
}

function clicksOf(priced: (RunCost & { what: string })[]): Pick<LastDay, 'action' | 'actions'> {
  return { action: priced[0], actions: priced.map(({ what, seconds }) => ({ what, seconds })) };
}

/**
 * `--clicks file`: the saved shop's morning run, then each sidebar click priced with what its seconds went on (on
 * stdout, one line each); BENCH_TRACE=1 adds each click's calls in order, with the range each touched, on stderr.
 * The last-day figures without the hourly runs and archiving: what a change to a click is measured with.
 */
function clicksOnLastDay(savePath: string): void {
  const shop = deserialize(readFileSync(savePath)) as SavedShop;
  const bundle = shopBundle(shop.spreadsheet, new FakeClock(shop.morning), shop.state);
  bundle.call('runScheduled');
  if (shop.owner === 'acts') ownerActs(bundle);
  bundle.services.clock.set(shop.morning + 2 * HOUR_MS);
  const trace: string[] = [];
  if (process.env.BENCH_TRACE)
    bundle.services.calls.onCall = (service, method, target) =>
      void trace.push(`${service}.${method}${target ? ` ${target.sheet}!${target.a1}` : ''}`);
  eachClick(
    () => carried(bundle.call('getTodayFollowUps')),
    (request) => {
      trace.length = 0;
      const cost = measured(bundle, () => bundle.call('applyFollowUpAction', request));
      if (process.env.BENCH_TRACE)
        process.stderr.write(`# ${JSON.stringify(request)}\n${trace.join('\n')}\n`);
      return cost;
    },
  ).forEach(({ what, cost }) => {
    const parts = Object.fromEntries(
      Object.entries(cost.parts).map(([k, v]) => [k, Math.round(v * 1000) / 1000]),
    );
    process.stdout.write(
      `${JSON.stringify({ what, seconds: Math.round(cost.seconds * 100) / 100, parts })}\n`,
    );
  });
}

function isoOf(instant: number): string {
  return new Date(instant + 9 * HOUR_MS).toISOString().slice(0, 10);
}

if (require.main === module) {
  const args = process.argv.slice(2);
  const out = (line: YearEnd | LastDay) => process.stdout.write(`${JSON.stringify(line)}\n`);
  const fail = (error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  };
  if (args[0] === '--last-day' && args[1]) {
    out(lastDay(args[1]));
  } else if (args[0] === '--clicks' && args[1]) {
    clicksOnLastDay(args[1]);
  } else {
    const [sizeArg, ownerArg, yearsArg] = args;
    const customers = Number(sizeArg);
    if (!Number.isInteger(customers) || (ownerArg !== 'acts' && ownerArg !== 'ignores'))
      throw new Error(
        'usage: years.js <customers> <acts|ignores> [years] [--save file] [--checkpoint file [--every days] [--resume file]] | --last-day file | --clicks file',
      );
    const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
    const checkpoint = option('--checkpoint');
    const stages = checkpoint
      ? { checkpoint, every: Number(option('--every') ?? 30), resume: option('--resume') }
      : undefined;
    simulateYears(customers, ownerArg, Number(yearsArg ?? 3), out, option('--save'), stages).catch(fail);
  }
}
