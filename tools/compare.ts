/**
 * npm run compare: issue 15's "Done when" in one tool — the old planner against the new, and the bench old against
 * new. The old tree is a detached git worktree of --base (linked to this tree's node_modules, built with its own
 * tools/build.ts, removed at the end); the new one is this tree as built.
 *
 *   npm run compare [-- --base 17e81db] [--new <rev>] [--example-days 60] [--shops 20] [--days 30] [--seed 1]
 *                   [--sizes 10000,100000] [--runs 3] [--no-bench] [--no-plans] [--show 10]
 *
 * --new <rev> compares another revision (a second worktree, built the same way) instead of this tree.
 *
 * Plans: both bundles on the example shop from its demo day and on seeded random shops, a run a day, compared after
 * each day (tools/compare/plans.ts). Bench: the engine part at each size, three cold runs per tree alternating old
 * and new; new's median must be at most old's × 1.05. Exit 1 on any difference or a slower new engine.
 */
import { benchOldNew, RUNS, SLOWER_BY_AT_MOST } from './compare/bench';
import { comparePlans, type Difference } from './compare/plans';
import { currentTree, worktreeAt, type Tree } from './compare/tree';

export const DEFAULT_BASE = '17e81db';

interface Options {
  base: string;
  /** A revision for the new side; this tree as built when absent. */
  newRev?: string;
  exampleDays: number;
  shops: number;
  days: number;
  seed: number;
  sizes: number[];
  /** Cold runs per tree and size (odd, for a median). */
  runs: number;
  plans: boolean;
  bench: boolean;
  show: number;
}

function parseArgs(argv: readonly string[]): Options {
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const count = (flag: string, fallback: number): number => {
    const text = value(flag);
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number (got ${text})`);
    return n;
  };
  const sizes = (value('--sizes') ?? '10000,100000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--sizes: e.g. 10000,100000');
  if (count('--runs', RUNS) < 1) throw new Error('--runs must be at least 1');
  return {
    base: value('--base') ?? DEFAULT_BASE,
    newRev: value('--new'),
    exampleDays: count('--example-days', 60),
    shops: count('--shops', 20),
    days: count('--days', 30),
    seed: count('--seed', 1),
    sizes,
    runs: count('--runs', RUNS),
    plans: !argv.includes('--no-plans'),
    bench: !argv.includes('--no-bench'),
    show: count('--show', 10),
  };
}

/** Long texts (a notice, a letter) from a little before where they part. */
function excerpts(a: string, b: string): [string, string] {
  if (a.length <= 200 && b.length <= 200) return [a, b];
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const from = Math.max(0, i - 60);
  const cut = (t: string) =>
    `${from > 0 ? `…（${from}字目から）` : ''}${t.slice(from, from + 200)}${t.length > from + 200 ? '…' : ''}`;
  return [cut(a), cut(b)];
}

function printDifference(d: Difference): void {
  const [a, b] = excerpts(d.old, d.new);
  console.log(`  ${d.shop} ${d.day} ${d.where} ${d.at}`);
  console.log(`    旧: ${JSON.stringify(a)}`);
  console.log(`    新: ${JSON.stringify(b)}`);
}

async function plans(oldTree: Tree, newTree: Tree, options: Options): Promise<boolean> {
  console.log(
    `計画の比較: 見本の店 ${options.exampleDays}日、ランダムな店 ${options.shops}軒 × ${options.days}日（seed ${options.seed}）`,
  );
  const report = await comparePlans({
    oldBundlePath: oldTree.bundlePath,
    newBundlePath: newTree.bundlePath,
    exampleDays: options.exampleDays,
    shops: options.shops,
    days: options.days,
    seed: options.seed,
    keep: options.show,
    log: (line) => console.log(line),
  });
  const flags = report.oldHasFlagsColumn
    ? 'お店の作業: 旧にも列があり、列として比較'
    : `お店の作業: ${report.flagRows}行を旧の備考と照合、手書き推奨 ${report.flagCounts.handwritten}・作業 ${report.flagCounts.task}・お詫び ${report.flagCounts.apology}、食い違い ${report.flagDifferences}件`;
  console.log(`比較した店×日 ${report.days}、行 ${report.rows}、違い ${report.differences}件（${flags}）`);
  if (report.differences > 0) {
    console.log('違いの内訳:');
    for (const [where, n] of [...report.byWhere].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${where}`);
    console.log(`最初の違い（${report.first.length}件）:`);
    report.first.forEach(printDifference);
  }
  if (report.flagDifferences > 0) {
    console.log('お店の作業の食い違いの内訳（行×日）:');
    for (const [kind, n] of [...report.flagKinds].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${kind}`);
    console.log(`お店の作業が旧の備考と食い違う行（最初の${report.firstFlagDifferences.length}件）:`);
    report.firstFlagDifferences.forEach(printDifference);
  }
  return report.differences === 0 && report.flagDifferences === 0;
}

function bench(oldTree: Tree, newTree: Tree, options: Options): boolean {
  console.log(
    `ベンチ（エンジン、${options.runs}回ずつ旧・新を交互に、別プロセスで）: ${options.sizes.join(', ')}人`,
  );
  const figures = benchOldNew(oldTree, newTree, options.sizes, (line) => console.log(line), options.runs);
  let ok = true;
  for (const f of figures) {
    const slower = f.ratio > SLOWER_BY_AT_MOST;
    if (slower) ok = false;
    console.log(
      `${f.customers}人: 旧 ${Math.round(f.oldMedian)} ms、新 ${Math.round(f.newMedian)} ms（中央値）、新/旧 ${f.ratio.toFixed(3)}` +
        `${slower ? ` — ${SLOWER_BY_AT_MOST} を超えています` : ''}`,
    );
  }
  return ok;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  const trees: Tree[] = [];
  const removeAll = () => trees.forEach((tree) => tree.remove());
  const removeOnSignal = () => {
    removeAll();
    process.exit(130);
  };
  process.once('SIGINT', removeOnSignal);
  process.once('SIGTERM', removeOnSignal);
  try {
    console.log(`旧 ${options.base} を作っています…`);
    const oldTree = worktreeAt(options.base);
    trees.push(oldTree);
    if (options.newRev) console.log(`新 ${options.newRev} を作っています…`);
    const newTree = options.newRev ? worktreeAt(options.newRev) : currentTree();
    trees.push(newTree);
    const where = (tree: Tree) =>
      `${tree.commit.slice(0, 7)}（${tree.dir === oldTree.dir || options.newRev ? tree.dir : '作業ツリー'}）`;
    console.log(`旧 ${where(oldTree)}、新 ${where(newTree)}`);
    let ok = true;
    if (options.plans) ok = (await plans(oldTree, newTree, options)) && ok;
    if (options.bench) ok = bench(oldTree, newTree, options) && ok;
    console.log(ok ? '結果: 違いなし' : '結果: 違いあり');
    return ok ? 0 : 1;
  } finally {
    removeAll();
  }
}

if (require.main === module)
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
