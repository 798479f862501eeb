/**
 * The bench, old against new in one run: the engine part of each tree's own tools/bench/run-size.ts, compiled as
 * tools/bench.ts compiles it (esbuild, ES2020, into the tree's out/bench/) and started as tools/bench.ts starts it
 * (`node --expose-gc`, one cold process per measurement), alternating old and new so a noisy neighbour hits both.
 * Each run also reports how many contacts are due (`due`): the same work old and new, or the times say nothing.
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
  /** The contacts due that each run planned and composed (run-size.ts's `due`), every run's. */
  oldDue: number[];
  newDue: number[];
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

function engine(tree: Tree, runner: string, customers: number): { ms: number; due: number } {
  const out = execFileSync(process.execPath, ['--expose-gc', runner, String(customers), 'engine'], {
    cwd: tree.dir,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const figures = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { engineMs?: number; due?: number };
  if (typeof figures.engineMs !== 'number') throw new Error(`no engineMs from ${runner}: ${out}`);
  if (typeof figures.due !== 'number') throw new Error(`no due from ${runner}: ${out}`);
  return { ms: figures.engineMs, due: figures.due };
}

/** The median: the middle value, or the mean of the two middle ones for an even count. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function benchOldNew(
  oldTree: Tree,
  newTree: Tree,
  sizes: readonly number[],
  log: (line: string) => void = () => undefined,
  runs = RUNS,
): BenchFigures[] {
  const runners = { old: runnerOf(oldTree), new: runnerOf(newTree) };
  return sizes.map((customers) => {
    const [oldMs, newMs, oldDue, newDue]: number[][] = [[], [], [], []];
    for (let i = 0; i < runs; i++) {
      const [a, b] = [engine(oldTree, runners.old, customers), engine(newTree, runners.new, customers)];
      oldMs.push(a.ms);
      newMs.push(b.ms);
      oldDue.push(a.due);
      newDue.push(b.due);
      log(
        `  ${customers}人 ${i + 1}回目: 旧 ${Math.round(a.ms)} ms（${a.due}件）、新 ${Math.round(b.ms)} ms（${b.due}件）`,
      );
    }
    const [oldMedian, newMedian] = [median(oldMs), median(newMs)];
    return { customers, oldMs, newMs, oldMedian, newMedian, ratio: newMedian / oldMedian, oldDue, newDue };
  });
}
