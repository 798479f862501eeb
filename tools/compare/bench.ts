/**
 * The bench, old against new in one run: the engine part of each tree's own tools/bench/run-size.ts, compiled as
 * tools/bench.ts compiles it (esbuild, ES2020, into the tree's out/bench/) and started as tools/bench.ts starts it
 * (`node --expose-gc`, one cold process per measurement), alternating old and new so a noisy neighbour hits both.
 */
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { join } from 'node:path';
import type { Tree } from './tree';

/** Cold runs per tree and size by default: the median of three, as tools/bench.ts takes it. */
export const RUNS = 3;
/** The bar: new ≤ old × 1.05. */
export const SLOWER_BY_AT_MOST = 1.05;

export interface BenchFigures {
  customers: number;
  oldMs: number[];
  newMs: number[];
  oldMedian: number;
  newMedian: number;
  /** newMedian / oldMedian. */
  ratio: number;
}

function runnerOf(tree: Tree): string {
  const outfile = join(tree.dir, 'out/bench/run-size.js');
  buildSync({
    entryPoints: [join(tree.dir, 'tools/bench/run-size.ts')],
    absWorkingDir: tree.dir,
    bundle: true,
    platform: 'node',
    target: 'es2020',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

function engineMs(tree: Tree, runner: string, customers: number): number {
  const out = execFileSync(process.execPath, ['--expose-gc', runner, String(customers), 'engine'], {
    cwd: tree.dir,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const figures = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { engineMs?: number };
  if (typeof figures.engineMs !== 'number') throw new Error(`no engineMs from ${runner}: ${out}`);
  return figures.engineMs;
}

const median = (values: readonly number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export function benchOldNew(
  oldTree: Tree,
  newTree: Tree,
  sizes: readonly number[],
  log: (line: string) => void = () => undefined,
  runs = RUNS,
): BenchFigures[] {
  const runners = { old: runnerOf(oldTree), new: runnerOf(newTree) };
  return sizes.map((customers) => {
    const oldMs: number[] = [];
    const newMs: number[] = [];
    for (let i = 0; i < runs; i++) {
      oldMs.push(engineMs(oldTree, runners.old, customers));
      newMs.push(engineMs(newTree, runners.new, customers));
      log(`  ${customers}人 ${i + 1}回目: 旧 ${Math.round(oldMs[i])} ms、新 ${Math.round(newMs[i])} ms`);
    }
    const [oldMedian, newMedian] = [median(oldMs), median(newMs)];
    return { customers, oldMs, newMs, oldMedian, newMedian, ratio: newMedian / oldMedian };
  });
}
