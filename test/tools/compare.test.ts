/**
 * npm run compare, small: the old tree is a worktree of HEAD built by its own tools/build.ts, the new one this tree's
 * dist/Code.js. The tool finds nothing between a tree and itself, and finds the difference when one side is changed —
 * a setting given to one bundle only, or a tampered copy of the new bundle. (Uncommitted changes to src/ that change
 * behaviour fail the first test: that is what the tool is for.)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SpreadsheetData } from '../fakes';
import { comparePlans, type PlanOptions } from '../../tools/compare/plans';
import { worktreeAt, type Tree } from '../../tools/compare/tree';

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
