/**
 * The old tree for `npm run compare`: a detached git worktree of a revision in a temporary folder, with this tree's
 * node_modules linked in (nothing is installed from the network) and its dist/Code.js built by its own
 * tools/build.ts. remove() takes it away again, worktree registration included; removeLeftovers() takes away the trees
 * of runs that died before they could (their owner.pid names a process that is gone).
 */
import { execFileSync } from 'node:child_process';
import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
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

/** The temporary folders the trees are made in: `<tmpdir>/tsunagu-compare-XXXXXX/tree`. */
const PREFIX = 'tsunagu-compare-';
/** Beside the tree: the process that made it, so a later run can tell a leftover from a tree in use. */
const OWNER = 'owner.pid';
/** A tree from before owner.pid was written is taken for a leftover once it is this old. */
const UNOWNED_AFTER_MS = 12 * 3_600_000;

/** The full hash of the commit `rev` names. */
export function commitOf(rev: string): string {
  return git(['rev-parse', '--verify', `${rev}^{commit}`]);
}

/** `git worktree add --detach` of `rev`, built. Removed again if anything on the way fails. */
export function worktreeAt(rev: string): Tree {
  const commit = commitOf(rev);
  const parent = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(parent, OWNER), String(process.pid));
  const dir = join(parent, 'tree');
  const modules = join(dir, 'node_modules');
  let added = false;
  let removed = false;
  const remove = (): void => {
    if (removed) return;
    removeTree(parent, added);
    // Only now: a remove() that threw part-way can be tried again.
    removed = true;
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

/** Takes away the tree in `parent` (made by worktreeAt): its node_modules link first, the worktree, the folder. */
function removeTree(parent: string, registered: boolean): void {
  const dir = join(parent, 'tree');
  const modules = join(dir, 'node_modules');
  // The link first, so nothing below can reach into this tree's node_modules.
  if (isLink(modules)) unlinkSync(modules);
  if (registered) {
    try {
      git(['worktree', 'remove', '--force', dir]);
    } catch {
      // Already gone: prune below forgets it.
    }
  }
  rmSync(parent, { recursive: true, force: true });
  if (registered) git(['worktree', 'prune']);
}

/**
 * Trees a run left behind (killed before its finally): `git worktree prune` forgets those whose folder is gone, and
 * every other `tsunagu-compare-*` worktree in `git worktree list --porcelain` whose maker is no longer running is
 * removed. Trees of runs still going (another compare, a test) are left alone. Returns the folders removed.
 */
export function removeLeftovers(): string[] {
  git(['worktree', 'prune']);
  const removed: string[] = [];
  for (const line of git(['worktree', 'list', '--porcelain']).split('\n')) {
    if (!line.startsWith('worktree ')) continue;
    const dir = line.slice('worktree '.length);
    const parent = dirname(dir);
    if (basename(dir) !== 'tree' || !basename(parent).startsWith(PREFIX) || dirname(parent) !== tmpdir())
      continue;
    if (inUse(parent)) continue;
    removeTree(parent, true);
    removed.push(dir);
  }
  return removed;
}

/** Whether the run that made the tree in `parent` is still going. */
function inUse(parent: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(parent, OWNER), 'utf8'));
  } catch {
    // Made before owner.pid was written: a leftover only once it is old.
    try {
      return Date.now() - statSync(parent).mtimeMs < UNOWNED_AFTER_MS;
    } catch {
      return false;
    }
  }
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process is there, another user's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isLink(path: string): boolean {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Uncommitted changes (untracked files included) under `paths` of this tree, as `git status --porcelain` lists them. */
export function uncommitted(paths: readonly string[]): string[] {
  return git(['status', '--porcelain', '--', ...paths])
    .split('\n')
    .filter((line) => line.trim() !== '');
}
