/**
 * npm run compare, small: the old tree is a worktree of HEAD built by its own tools/build.ts, the new one this tree's
 * dist/Code.js. The tool finds nothing between a tree and itself, and finds the difference when one side is changed —
 * a setting given to one bundle only, or a tampered copy of the new bundle; runs that did not prepare are counted even
 * when both sides fail alike. (Uncommitted changes to src/ that change behaviour fail the first test: that is what the
 * tool is for.) Its arguments, its refusals and its clean-up are checked without running a shop.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpreadsheetData } from '../fakes';
import { parseArgs, removeTrees, sameTreeReason } from '../../tools/compare';
import { median } from '../../tools/compare/bench';
import { comparePlans, failureOf, type PlanOptions } from '../../tools/compare/plans';
import { removeLeftovers, worktreeAt, type Tree } from '../../tools/compare/tree';

const ROOT = join(__dirname, '../..');
const NEW_BUNDLE = join(ROOT, 'dist/Code.js');

describe('npm run compare against HEAD', () => {
  let tree: Tree;
  let scratch: string;
  beforeAll(() => {
    tree = worktreeAt('HEAD');
    scratch = mkdtempSync(join(tmpdir(), 'tsunagu-compare-test-'));
  });
  afterAll(() => {
    tree?.remove();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  const options = (more: Partial<PlanOptions>): PlanOptions => ({
    oldBundlePath: tree.bundlePath,
    newBundlePath: NEW_BUNDLE,
    exampleDays: 0,
    shops: 0,
    days: 0,
    seed: 15,
    ...more,
  });

  test('a tree and itself: the same plans, letters, drafts and notices for random shops over days', async () => {
    const report = await comparePlans(options({ exampleDays: 1, shops: 2, days: 5 }));
    expect(report.first).toEqual([]);
    expect(report.differences).toBe(0);
    expect(report.days).toBe(11);
    // Something was compared: customers, 連絡履歴 rows, sheets and drafts of three shops.
    expect(report.rows).toBeGreaterThan(2000);
    expect(report.oldHasFlagsColumn).toBe(true);
    // Every day was a run that prepared (no exception, stop or preview on either side), and each shop got contacts.
    expect(report.firstFailures).toEqual([]);
    expect(report.failedDays).toBe(0);
    expect(report.prepared).toHaveLength(3);
    for (const shop of report.prepared) expect(shop.new).toBeGreaterThan(0);
    expect(report.prepared.map((p) => p.new)).toEqual(report.prepared.map((p) => p.old));
  });

  test('a setting given to the new bundle only: the differences are found and named, letters by their keys', async () => {
    const fewer = (data: SpreadsheetData) => {
      const settings = data.sheets.find((s) => s.name === '設定');
      for (const item of ['1日のメール上限', '1日の手紙上限']) {
        const row = settings?.values.find((r) => r[0] === item);
        if (row) row[1] = 1;
        else settings?.values.push([item, 1]);
      }
    };
    const report = await comparePlans(options({ exampleDays: 1, alterNew: fewer, keep: 100_000 }));
    expect(report.differences).toBeGreaterThan(0);
    const where = [...report.byWhere.keys()];
    expect(where).toContain('Gmail下書き 件数');
    expect(where.some((w) => w.startsWith('連絡履歴 状態'))).toBe(true);
    expect(where.some((w) => w.startsWith('顧客 '))).toBe(true);
    // Letters the old bundle prepared and the new one did not, by their keys.
    // Letters the old bundle prepared and the new one did not, by their keys.
    expect(where).toContain('手紙 並び');
    expect(report.first.some((d) => d.where.startsWith('手紙 S') && d.new === '（なし）')).toBe(true);
    expect(report.first[0]).toMatchObject({ shop: '見本の店', day: '2026-11-24' });
  });

  /** A copy of this tree's bundle with one text replaced (the replacement must take). */
  function tampered(name: string, from: string, to: string): string {
    const code = readFileSync(NEW_BUNDLE, 'utf8');
    const changed = code.replace(from, to);
    expect(changed).not.toBe(code);
    const path = join(scratch, name);
    writeFileSync(path, changed);
    return path;
  }

  test('a tampered copy of the new bundle (its 手書き推奨 flag says something else): found in 連絡履歴', async () => {
    const path = tampered('handwritten.js', 'var HANDWRITTEN = "手書き推奨";', 'var HANDWRITTEN = "手書き";');
    const report = await comparePlans(options({ exampleDays: 1, newBundlePath: path }));
    expect(report.byWhere.get('連絡履歴 お店の作業 サンキューレター/お礼')).toBeGreaterThan(0);
    expect(report.first.find((d) => d.where === '連絡履歴 お店の作業')).toMatchObject({
      old: '手書き推奨',
      new: '手書き',
    });
  });

  test('both sides only previewing: no difference between them, but every day is counted as not prepared', async () => {
    // The same tampered bundle on both sides: 自動実行 is read under another key, so each run is a preview.
    const path = tampered('preview.js', '"tsunagu.preparing"', '"tsunagu.preparing-not"');
    const report = await comparePlans(options({ exampleDays: 2, oldBundlePath: path, newBundlePath: path }));
    expect(report.differences).toBe(0);
    expect(report.failedDays).toBe(2);
    expect(report.firstFailures[0]).toMatchObject({ where: '実行', old: 'プレビュー（準備していない）' });
    expect(report.prepared).toEqual([{ shop: '見本の店', old: 0, new: 0 }]);
    expect(failureOf({ 例外: 'boom' })).toBe('例外: boom');
    expect(failureOf({ 止まった: '権限がありません' })).toBe('止まった: 権限がありません');
    expect(failureOf({ preview: false, stopped: true, setupProblems: ['連絡履歴'] })).toMatch(/^止まった/);
    expect(failureOf({ preview: false, prepared: {} })).toBeUndefined();
  });

  test('layout and Gmail ids: a letter one row longer, a wider 手紙 column, drafts without their id are found', async () => {
    let code = readFileSync(NEW_BUNDLE, 'utf8');
    for (const [from, to] of [
      // One blank row after each page: the letters' text is the same, their rows are not.
      ['pages.push(page);', 'pages.push(page, [row("")]);'],
      [
        'sheet.setColumnWidth(1, layout.columnWidthsPx[0]);',
        'sheet.setColumnWidth(1, layout.columnWidthsPx[0] + 1);',
      ],
      ['draftId: ref.draftId, threadId', 'draftId: "", threadId'],
    ]) {
      expect(code).toContain(from);
      code = code.replace(from, to);
    }
    const path = join(scratch, 'layout.js');
    writeFileSync(path, code);
    const report = await comparePlans(options({ exampleDays: 1, newBundlePath: path, keep: 100_000 }));
    const where = [...report.byWhere.keys()];
    expect(where.some((w) => /^手紙 S\d+\|.+ 行数$/u.test(w))).toBe(true);
    expect(where).not.toContain('手紙 並び');
    expect(report.first.find((d) => d.where === '手紙 列の幅')).toMatchObject({ at: '列1' });
    expect(where.some((w) => w.startsWith('手紙 行の高さ'))).toBe(true);
    expect(report.first.find((d) => d.where === '連絡履歴 下書きID')).toMatchObject({
      old: '（記入あり）',
      new: '（空）',
    });
    // The letters' text itself is unchanged.
    expect(where.some((w) => /^手紙 S\d+\|[^ ]+$/u.test(w))).toBe(false);
  });

  test('an old tree without 「お店の作業」: the new column is checked against what the old 備考 carried', async () => {
    // HEAD's bundle with the column under another header stands in for an old tree: its 備考 has 理由 only (with
    // 手書き推奨 in it), never the task, so the gift task in the new column is reported; 手書き推奨 is found in 備考,
    // and お詫び is where the old letters made an apology.
    const old = tampered(
      'no-flags-column.js',
      'flags: { header: "お店の作業" }',
      'flags: { header: "作業メモ" }',
    );
    const report = await comparePlans(options({ exampleDays: 1, oldBundlePath: old }));
    expect(report.oldHasFlagsColumn).toBe(false);
    expect(report.flagRows).toBeGreaterThan(50);
    expect(report.flagCounts.handwritten).toBeGreaterThan(0);
    expect(report.flagCounts.apology).toBeGreaterThan(0);
    expect([...report.flagKinds.keys()]).toEqual([
      'クレーム後フォロー/その後の確認 実行が書いた行: 旧の備考 （なし） → 新 【別送】三軒茶屋の老舗和菓子店の季節の焼き菓子',
    ]);
  });

  test('remove() takes the worktree away, its registration too, and leaves node_modules alone', () => {
    const { dir } = tree;
    expect(existsSync(join(dir, 'dist/Code.js'))).toBe(true);
    tree.remove();
    expect(existsSync(dir)).toBe(false);
    expect(
      execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: ROOT, encoding: 'utf8' }),
    ).not.toContain(dir);
    expect(existsSync(join(ROOT, 'node_modules/.bin/tsx'))).toBe(true);
  });
});

describe('npm run compare: arguments, refusals, clean-up', () => {
  test('unknown flags, flags without their value, an even --runs and nothing to compare are refused', () => {
    expect(parseArgs(['--base', 'abc', '--runs', '5', '--no-bench'])).toMatchObject({
      base: 'abc',
      runs: 5,
      plans: true,
      bench: false,
    });
    expect(() => parseArgs(['--shop', '4'])).toThrow('unknown argument --shop');
    expect(() => parseArgs(['4'])).toThrow('unknown argument 4');
    expect(() => parseArgs(['--base'])).toThrow('--base needs a value');
    expect(() => parseArgs(['--base', '--no-bench'])).toThrow('--base needs a value');
    expect(() => parseArgs(['--runs', '4'])).toThrow('--runs must be odd');
    expect(() => parseArgs(['--no-plans', '--no-bench'])).toThrow('nothing to compare');
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  test('a tree against itself is refused, unless the new side is this tree with uncommitted changes', () => {
    const a = { commit: 'a'.repeat(40) };
    const b = { commit: 'b'.repeat(40) };
    expect(sameTreeReason(a, b, undefined, () => [])).toBeUndefined();
    expect(sameTreeReason(a, a, undefined, () => [])).toMatch(/^旧と新が同じコミット aaaaaaa/u);
    expect(sameTreeReason(a, a, 'HEAD', () => [' M src/core/plan.ts'])).toMatch(/同じコミット/u);
    expect(sameTreeReason(a, a, undefined, () => [' M src/core/plan.ts'])).toBeUndefined();
  });

  test('removing trees: every tree is tried, the first failure is thrown after', () => {
    const removed: number[] = [];
    const trees = [0, 1, 2].map((i) => ({
      remove: () => {
        removed.push(i);
        if (i < 2) throw new Error(`tree ${i}`);
      },
    }));
    expect(() => removeTrees(trees)).toThrow('tree 0');
    expect(removed).toEqual([0, 1, 2]);
    expect(() => removeTrees([{ remove: () => undefined }])).not.toThrow();
  });

  test('a tree a killed run left behind is removed at start-up; a tree whose run is still going is not', () => {
    const worktree = (owner: number) => {
      const parent = mkdtempSync(join(tmpdir(), 'tsunagu-compare-'));
      writeFileSync(join(parent, 'owner.pid'), String(owner));
      const dir = join(parent, 'tree');
      execFileSync('git', ['worktree', 'add', '--detach', '--no-checkout', dir, 'HEAD'], {
        cwd: ROOT,
        stdio: 'ignore',
      });
      mkdirSync(join(dir, 'dist'), { recursive: true });
      return dir;
    };
    // A process that has ended: its pid is no longer running.
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    const left = worktree(gone);
    const alive = worktree(process.pid);
    try {
      const removed = removeLeftovers();
      expect(removed).toContain(left);
      expect(removed).not.toContain(alive);
      expect(existsSync(left)).toBe(false);
      expect(existsSync(alive)).toBe(true);
      const list = execFileSync('git', ['worktree', 'list', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });
      expect(list).not.toContain(left);
      expect(list).toContain(alive);
    } finally {
      for (const dir of [left, alive]) {
        spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: ROOT });
        rmSync(join(dir, '..'), { recursive: true, force: true });
      }
      spawnSync('git', ['worktree', 'prune'], { cwd: ROOT });
    }
  });
});
