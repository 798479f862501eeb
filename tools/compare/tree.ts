/**
 * The old tree for `npm run compare`: a detached git worktree of a revision in a temporary folder, with this tree's
 * node_modules linked in (nothing is installed from the network) and its dist/Code.js built by its own
 * tools/build.ts. remove() takes it away again, worktree registration included.
 */
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../root';

export interface Tree {
  /** The tree's root folder. */
  dir: string;
  /** The commit it was made from (full hash). */
  commit: string;
  /** Its built dist/Code.js. */
  bundlePath: string;
  /** Takes the tree away (again: nothing). */
  remove(): void;
}

function git(args: readonly string[], cwd = ROOT): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** This repository's tree as it is (its dist/Code.js built by `npm run build`). */
export function currentTree(): Tree {
  return {
    dir: ROOT,
    commit: git(['rev-parse', 'HEAD']),
    bundlePath: join(ROOT, 'dist/Code.js'),
    remove: () => undefined,
  };
}

/** `git worktree add --detach` of `rev`, built. Removed again if anything on the way fails. */
export function worktreeAt(rev: string): Tree {
  const commit = git(['rev-parse', '--verify', `${rev}^{commit}`]);
  const parent = mkdtempSync(join(tmpdir(), 'tsunagu-compare-'));
  const dir = join(parent, 'tree');
  const modules = join(dir, 'node_modules');
  let added = false;
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removed = true;
    // The link first, so nothing below can reach into this tree's node_modules.
    if (isLink(modules)) unlinkSync(modules);
    if (added) {
      try {
        git(['worktree', 'remove', '--force', dir]);
      } catch {
        // Already gone: prune below forgets it.
      }
    }
    rmSync(parent, { recursive: true, force: true });
    if (added) git(['worktree', 'prune']);
  };
  try {
    git(['worktree', 'add', '--detach', dir, commit]);
    added = true;
    symlinkSync(join(ROOT, 'node_modules'), modules, 'dir');
    execFileSync('npx', ['--no-install', 'tsx', 'tools/build.ts'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  } catch (error) {
    remove();
    throw error;
  }
  return { dir, commit, bundlePath: join(dir, 'dist/Code.js'), remove };
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}
