/**
 * npm run bench: the daily job on synthetic shops of 1,000, 10,000 and 100,000 customers with a year of 連絡履歴,
 * through dist/Code.js and the counting fakes, beside a naive per-row version of the same read-plan-write cycle.
 * Each measurement runs in its own process, so its peak RSS is its own.
 *
 *   npm run bench [-- --json] [-- --sizes 1000,10000]
 */
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './root';

const TARGETS = { spreadsheetCalls: 30, engineMs: 3000, peakRssMb: 1536, naiveRatio: 100, sidebarKb: 200 };

/**
 * The measuring script, compiled the way the product is (esbuild, ES2020, no name-keeping helpers): the engine is
 * timed as the code Apps Script runs, not as tsx's development transform of it.
 */
const RUNNER = join(ROOT, 'out/bench/run-size.js');

function buildRunner(): void {
  buildSync({
    entryPoints: [join(ROOT, 'tools/bench/run-size.ts')],
    bundle: true,
    platform: 'node',
    target: 'es2020',
    outfile: RUNNER,
    logLevel: 'warning',
  });
}

function part(size: number, name: string): Record<string, number> {
  const out = execFileSync(
    process.execPath,
    // --expose-gc: the engine's timing starts from a collected heap (see run-size.ts).
    ['--expose-gc', RUNNER, String(size), name],
    { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 20, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
}

/** Engine runs, each cold in its own process: the median of three, so one noisy neighbour does not decide it. */
const ENGINE_RUNS = 3;

function engineMedian(size: number): Record<string, number> {
  const runs = Array.from({ length: ENGINE_RUNS }, () => part(size, 'engine'));
  runs.sort((a, b) => a.engineMs - b.engineMs);
  const median = runs[Math.floor(ENGINE_RUNS / 2)];
  return { ...median, engineMinMs: runs[0].engineMs, engineMaxMs: runs[ENGINE_RUNS - 1].engineMs };
}

function measure(size: number) {
  const [plan, prepare, naive] = (['plan', 'prepare', 'naive'] as const).map((p) => part(size, p));
  const engine = engineMedian(size);
  return {
    customers: size,
    logRows: plan.logRows,
    spreadsheetCalls: plan.spreadsheetCalls,
    firstRunSpreadsheetCalls: plan.firstRunCalls,
    otherCalls: plan.otherCalls,
    preparingSpreadsheetCalls: prepare.preparingCalls,
    lettersPrepared: prepare.letters,
    engineMs: Math.round(engine.engineMs),
    engineRangeMs: [Math.round(engine.engineMinMs), Math.round(engine.engineMaxMs)],
    wholeRunMs: Math.round(plan.wholeRunMs),
    preparingRunMs: Math.round(prepare.preparingRunMs),
    peakRssMb: { plan: plan.peakRssMb, prepare: prepare.peakRssMb, engine: engine.peakRssMb },
    cells: plan.cells,
    sidebar: { items: plan.sidebarItems, kb: Math.round(plan.sidebarBytes / 102.4) / 10 },
    naive: { spreadsheetCalls: naive.naiveCalls, wholeRunMs: Math.round(naive.naiveRunMs) },
    naiveRatio: Math.round(naive.naiveCalls / plan.spreadsheetCalls),
  };
}

function main(): void {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const sizesArg = args[args.indexOf('--sizes') + 1];
  const sizes =
    args.includes('--sizes') && sizesArg ? sizesArg.split(',').map(Number) : [1000, 10_000, 100_000];
  if (!json) {
    console.log(
      `つなぐ bench — ${cpus()[0]?.model ?? 'cpu'} ×${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    );
    console.log(
      'customers  calls(ss/other)  prep calls  engine ms  run ms  prep ms  RSS MB(plan/prep/engine)  cells  sidebar(items,KB)  naive calls  naive ms  ratio',
    );
  }
  buildRunner();
  for (const size of sizes) {
    const f = measure(size);
    if (json) {
      console.log(JSON.stringify(f));
      continue;
    }
    console.log(
      [
        String(f.customers).padStart(9),
        `${f.spreadsheetCalls}/${f.otherCalls}`.padStart(15),
        String(f.preparingSpreadsheetCalls).padStart(10),
        String(f.engineMs).padStart(9),
        String(f.wholeRunMs).padStart(7),
        String(f.preparingRunMs).padStart(7),
        `${f.peakRssMb.plan}/${f.peakRssMb.prepare}/${f.peakRssMb.engine}`.padStart(24),
        String(f.cells).padStart(7),
        `${f.sidebar.items},${f.sidebar.kb}`.padStart(17),
        String(f.naive.spreadsheetCalls).padStart(11),
        String(f.naive.wholeRunMs).padStart(8),
        `${f.naiveRatio}x`.padStart(7),
      ].join('  '),
    );
    const misses = [
      f.spreadsheetCalls > TARGETS.spreadsheetCalls &&
        `Spreadsheet calls ${f.spreadsheetCalls} > ${TARGETS.spreadsheetCalls}`,
      f.customers >= 100_000 &&
        f.engineMs > TARGETS.engineMs &&
        `engine ${f.engineMs} ms > ${TARGETS.engineMs} ms`,
      f.customers >= 100_000 &&
        f.peakRssMb.engine > TARGETS.peakRssMb &&
        `engine RSS ${f.peakRssMb.engine} MB > ${TARGETS.peakRssMb} MB`,
      f.customers === 10_000 &&
        f.naiveRatio < TARGETS.naiveRatio &&
        `naive ratio ${f.naiveRatio}x < ${TARGETS.naiveRatio}x`,
      f.sidebar.kb > TARGETS.sidebarKb && `sidebar ${f.sidebar.kb} KB > ${TARGETS.sidebarKb} KB`,
      f.cells > 10_000_000 && `cells ${f.cells} > 10,000,000`,
    ].filter(Boolean);
    if (misses.length > 0) console.log(`           target missed: ${misses.join('; ')}`);
  }
}

main();
