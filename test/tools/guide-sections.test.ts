/**
 * The product sends the owner to sections of 使い方ガイド (docs/guide.md) by name: 「使い方ガイドの『更新』を見てください」.
 * Every 『…』 such a message names — in src/ and in the template's 「はじめに」 sheet (examples/template.xlsx) — must be
 * a heading of the guide, word for word, or the owner looks for a section that is not there.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { INTRO_SHEET } from '../../src/core/version';
import { readWorkbook } from '../../tools/xlsx';

const ROOT = join(__dirname, '../..');
const guide = readFileSync(join(ROOT, 'docs/guide.md'), 'utf8');
/** The guide's headings (## to ####), as the owner reads them. */
const headingList = [...guide.replace(/<!--[\s\S]*?-->/g, '').matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
  m[1].trim(),
);
/** Headings named once: a name two sections share would not say which one to read. */
const headings = new Set(headingList.filter((h) => headingList.indexOf(h) === headingList.lastIndexOf(h)));

/** 『…』 right after 「使い方ガイドの」 (or 「ガイドの」) in a text. */
const sectionsNamed = (text: string) => [...text.matchAll(/ガイドの『([^』]+)』/g)].map((m) => m[1]);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|html)$/.test(name) ? [path] : [];
  });
}

describe('the guide sections the product names', () => {
  test('every 『…』 in src/ is a heading of docs/guide.md', () => {
    const named = filesUnder(join(ROOT, 'src')).flatMap((file) =>
      sectionsNamed(readFileSync(file, 'utf8')).map((section) => ({ file, section })),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter(({ section }) => !headings.has(section))).toEqual([]);
  });

  test('every 『…』 in the template’s 「はじめに」 is a heading of docs/guide.md', async () => {
    const { data } = await readWorkbook(join(ROOT, 'examples/template.xlsx'));
    const intro = data.sheets.find((s) => s.name === INTRO_SHEET);
    const text = (intro?.values ?? []).flat().map(String).join('\n');
    const named = sectionsNamed(text);
    expect(named).toEqual(
      expect.arrayContaining(['承認', 'LINE をつなぐ', 'CSVを取り込む（予約・レジのデータを入れる）']),
    );
    expect(named.filter((section) => !headings.has(section))).toEqual([]);
  });

  test('a name that is not a heading of its own is caught', () => {
    expect(headings.has('更新')).toBe(true);
    expect(headings.has('LINE をつなぐ')).toBe(true);
    expect(headings.has('更新のしかた')).toBe(false);
  });
});
