/**
 * npm run compare: issue 15's "Done when" in one tool — the old planner against the new, and the bench old against
 * new. The old tree is a detached git worktree of --base (linked to this tree's node_modules, built with its own
 * tools/build.ts, removed at the end); the new one is this tree as built.
 *
 *   npm run compare [-- --base 17e81db] [--new <rev>] [--example-days 60] [--shops 20] [--days 30] [--seed 1]
 *                   [--sizes 10000,100000] [--runs 3] [--no-bench] [--no-plans] [--show 10]
 *
 * --new <rev> compares another revision (a second worktree, built the same way) instead of this tree. Unknown flags,
 * flags without their value and an even --runs are refused, and so is a tree against itself (old and new the same
 * commit, unless the new side is this tree with uncommitted changes under src/ or tools/). Trees a killed run left
 * behind are removed first.
 *
 * Plans: both bundles on the example shop from its demo day and on seeded random shops, a run a day, compared after
 * each day (tools/compare/plans.ts). Bench: the engine part at each size, three cold runs per tree alternating old
 * and new; new's median must be at most old's × 1.05, and both must have planned the same number of contacts due.
 * Exit 1 on any difference, on a day either side's run did not prepare (an exception, a stop, a preview: two runs
 * failing alike would otherwise compare as equal), when nothing was compared, or on a slower new engine.
 */
import { benchOldNew, RUNS, SLOWER_BY_AT_MOST } from './compare/bench';
import { comparePlans, type Difference } from './compare/plans';
import { commitOf, currentTree, removeLeftovers, uncommitted, worktreeAt, type Tree } from './compare/tree';

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

/** Flags that take a value, and flags that stand alone. */
const VALUE_FLAGS = [
  '--base',
  '--new',
  '--example-days',
  '--shops',
  '--days',
  '--seed',
  '--sizes',
  '--runs',
  '--show',
];
const SWITCHES = ['--no-bench', '--no-plans'];

export function parseArgs(argv: readonly string[]): Options {
  const given = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (SWITCHES.includes(flag)) given.set(flag, '');
    else if (VALUE_FLAGS.includes(flag)) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new Error(`${flag} needs a value`);
      given.set(flag, next);
      i++;
    } else throw new Error(`unknown argument ${flag} (flags: ${[...VALUE_FLAGS, ...SWITCHES].join(' ')})`);
  }
  const value = (flag: string): string | undefined => given.get(flag);
  const count = (flag: string, fallback: number): number => {
    const text = value(flag);
    const n = text === undefined ? fallback : Number(text);
    if (!Number.isInteger(n) || n < 0) throw new Error(`${flag} must be a whole number (got ${text})`);
    return n;
  };
  const sizes = (value('--sizes') ?? '10000,100000').split(',').map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error('--sizes: e.g. 10000,100000');
  const runs = count('--runs', RUNS);
  if (runs < 1 || runs % 2 === 0) throw new Error(`--runs must be odd, for a median (got ${runs})`);
  if (given.has('--no-plans') && given.has('--no-bench'))
    throw new Error('--no-plans and --no-bench: nothing to compare');
  return {
    base: value('--base') ?? DEFAULT_BASE,
    newRev: value('--new'),
    exampleDays: count('--example-days', 60),
    shops: count('--shops', 20),
    days: count('--days', 30),
    seed: count('--seed', 1),
    sizes,
    runs,
    plans: !given.has('--no-plans'),
    bench: !given.has('--no-bench'),
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
  console.log(`準備しなかった店×日 ${report.failedDays}（例外・止まった・プレビュー、旧か新のどちらか）`);
  if (report.failedDays > 0) {
    console.log(`準備しなかった日（最初の${report.firstFailures.length}件）:`);
    report.firstFailures.forEach(printDifference);
  }
  const nothing = report.days === 0 || report.rows === 0;
  if (nothing) console.log('比較した店×日か行が 0 です: 何も確かめていません');
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
  return report.differences === 0 && report.flagDifferences === 0 && report.failedDays === 0 && !nothing;
}

function bench(oldTree: Tree, newTree: Tree, options: Options): boolean {
  console.log(
    `ベンチ（エンジン、${options.runs}回ずつ旧・新を交互に、別プロセスで）: ${options.sizes.join(', ')}人`,
  );
  const figures = benchOldNew(oldTree, newTree, options.sizes, (line) => console.log(line), options.runs);
  let ok = true;
  for (const f of figures) {
    const slower = f.ratio > SLOWER_BY_AT_MOST;
    // The same work both sides, every run: else the times compare different things.
    const due = [...f.oldDue, ...f.newDue];
    const sameWork = due.every((n) => n === due[0]);
    if (slower || !sameWork) ok = false;
    console.log(
      `${f.customers}人: 旧 ${Math.round(f.oldMedian)} ms、新 ${Math.round(f.newMedian)} ms（中央値）、新/旧 ${f.ratio.toFixed(3)}` +
        `${slower ? ` — ${SLOWER_BY_AT_MOST} を超えています` : ''}` +
        (sameWork
          ? `、今日の連絡 ${due[0]}件`
          : ` — 今日の連絡の数が違います（旧 ${f.oldDue.join('・')}件、新 ${f.newDue.join('・')}件）`),
    );
  }
  return ok;
}

/**
 * Why old and new are one tree and comparing them would prove nothing, or undefined. The same commit is the same
 * tree unless the new side is this working tree (no --new) with uncommitted changes under src/ or tools/.
 */
export function sameTreeReason(
  oldTree: Pick<Tree, 'commit'>,
  newTree: Pick<Tree, 'commit'>,
  newRev: string | undefined,
  changes: () => readonly string[],
): string | undefined {
  if (oldTree.commit !== newTree.commit) return undefined;
  if (newRev === undefined && changes().length > 0) return undefined;
  return `旧と新が同じコミット ${oldTree.commit.slice(0, 7)} です${newRev === undefined ? '（src/ と tools/ に未コミットの変更もありません）' : ''}: --base に別のコミットを指定してください`;
}

/** Removes every tree, even when one fails; then throws the first failure. */
export function removeTrees(trees: readonly Pick<Tree, 'remove'>[]): void {
  let first: unknown;
  let failed = false;
  for (const tree of trees) {
    try {
      tree.remove();
    } catch (error) {
      if (!failed) [first, failed] = [error, true];
    }
  }
  if (failed) throw first;
}

async function main(): Promise<number> {
  const options = parseArgs(process.argv.slice(2));
  for (const dir of removeLeftovers()) console.log(`前回の比較が残した ${dir} を片付けました`);
  const trees: Tree[] = [];
  const removeAll = () => removeTrees(trees);
  const removeOnSignal = () => {
    try {
      removeAll();
    } catch (error) {
      console.error(error instanceof Error ? error.message : error);
    }
    process.exit(130);
  };
  process.once('SIGINT', removeOnSignal);
  process.once('SIGTERM', removeOnSignal);
  const same = sameTreeReason(
    { commit: commitOf(options.base) },
    { commit: commitOf(options.newRev ?? 'HEAD') },
    options.newRev,
    () => uncommitted(['src', 'tools']),
  );
  if (same) {
    console.log(same);
    return 1;
  }
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
