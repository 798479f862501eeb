/**
 * The version of つなぐ a copy runs and the one its template carries (issue 16, item 1). A build is labelled
 * `0.1.0 (abc1234)`: package.json's version and the short commit it was built from (tools/build.ts). The template
 * keeps its label in its 「はじめに」 sheet, on the row whose first cell is VERSION_LABEL, where its own script's 診断
 * writes it; a copy's 診断 reads it there and compares it with its own.
 */

/** The template's first sheet: the owner's first steps, and the version row. */
export const INTRO_SHEET = 'はじめに';
/** Column A of the version row in 「はじめに」; column B holds the label. */
export const VERSION_LABEL = 'つなぐの版';

export interface Version {
  /** [major, minor, patch] of package.json's version. */
  numbers: [number, number, number];
  /** The short commit, '' when the build had none. */
  commit: string;
  /** As written: `0.1.0 (abc1234)`. */
  text: string;
}

/** `0.1.0 (abc1234)`, `0.1.0（abc1234）` or `0.1.0`; null for anything else. */
export function parseVersion(text: unknown): Version | null {
  const written = String(text ?? '')
    .normalize('NFKC')
    .trim();
  const match = /^v?(\d+)\.(\d+)\.(\d+)(?:\s*\(\s*([0-9a-f]{4,40})\s*\))?$/i.exec(written);
  if (!match) return null;
  return {
    numbers: [Number(match[1]), Number(match[2]), Number(match[3])],
    commit: (match[4] ?? '').toLowerCase(),
    text: written,
  };
}

/**
 * How this copy's build stands against the template's. The version numbers decide; with the same numbers, the
 * same commit is the same build, and another commit (or a side without one) cannot be ordered: `different`.
 */
export type Standing = 'same' | 'older' | 'newer' | 'different';

export function compareVersions(mine: Version, template: Version): Standing {
  for (let i = 0; i < 3; i++) {
    if (mine.numbers[i] < template.numbers[i]) return 'older';
    if (mine.numbers[i] > template.numbers[i]) return 'newer';
  }
  if (mine.commit && template.commit && mine.commit !== template.commit) return 'different';
  return 'same';
}

/** `0.1.0 (abc1234)` as the owner reads it: `0.1.0（abc1234）`. */
export function versionText(label: string): string {
  return label.replace(/\s*\(/, '（').replace(/\)$/, '）');
}
