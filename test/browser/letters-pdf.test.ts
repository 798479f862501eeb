/**
 * The 手紙 sheet as it prints: the example day's letters (npm run demo's day) rendered from the sheet's cells, column
 * width, row heights and print settings (core/print-page.ts PRINT) to HTML, printed to PDF by headless Chromium
 * (Debian's package) and read back by pdf.js (pdf-text.mjs). What a customer would find in the envelope: no internal
 * code, one A4 page per letter, no line that starts with 、。」） and no word cut across two lines.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { PRINT } from '../../src/core/print-page';
import { phraseBoundaries } from '../../src/core/phrases';
import { SHEET } from '../../src/labels';
import { DEMO_DAY } from '../../tools/example/demo-day';
import { ROOT } from '../../tools/root';
import { runLocal } from '../../tools/runner';
import type { FakeSheet } from '../fakes';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'];
/** Sheets' default font; Japanese falls back to the system's CJK font, as the owner's printer driver would. */
const FONT = "Arial, 'Noto Sans CJK JP', sans-serif";
/** A4 in PDF points. */
const A4_PT = { width: (210 / 25.4) * 72, height: (297 / 25.4) * 72 };

interface PdfPage {
  widthPt: number;
  heightPt: number;
  lines: string[];
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

/**
 * The sheet as Sheets prints it at the settings PRINT names (A4 portrait, 余白 標準, 100%, no gridlines, no headers):
 * its used rows at their heights, each cell's text in its size, weight, colour and alignment, the column at its
 * width; a cell's text wraps inside the cell (as Sheets wraps a cell set to wrap) and what does not fit is clipped.
 */
function printedHtml(sheet: FakeSheet): string {
  const data = sheet.toData();
  const width = data.columnWidths?.[1] ?? 100;
  const rows = data.values.map((_, i) => {
    const cell = sheet.cell(i + 1, 1);
    const height = data.rowHeights?.[i + 1] ?? 21;
    const style = [
      `font-size:${cell.fontSize ?? 10}pt`,
      `font-weight:${cell.bold ? 'bold' : 'normal'}`,
      `color:${cell.fontColor ?? '#000000'}`,
      `text-align:${cell.horizontalAlignment ?? 'left'}`,
      `height:${height}px`,
    ].join(';');
    return `<tr><td><div style="${style}">${escapeHtml(String(cell.value ?? ''))}</div></td></tr>`;
  });
  const { margins } = PRINT;
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
@page { size: A4 portrait; margin: ${margins.top}in ${margins.right}in ${margins.bottom}in ${margins.left}in; }
html, body { margin: 0; padding: 0; }
table { border-collapse: collapse; table-layout: fixed; width: ${width}px; }
tr { break-inside: avoid; }
td { padding: 0; }
td > div { box-sizing: border-box; padding: 0 ${PRINT.cellPaddingPx}px; overflow: hidden; white-space: pre-wrap;
  display: flex; flex-direction: column; justify-content: flex-end; font-family: ${FONT}; line-height: 1.2; }
</style></head><body><table><colgroup><col style="width:${width}px"></colgroup>
${rows.join('\n')}
</table></body></html>`;
}

/** Words the fixed-width cuts split on the example day (「ますますご／清祥」, 「お／気軽に」 …). */
const WORDS = [
  'ご清祥',
  'お気軽に',
  'お慶び',
  '大変',
  'ございましたら',
  'お便り',
  'いたしました',
  'いただければ',
];
const WORDS_TOO = ['お聞かせ', 'ください', 'どうぞ', 'いただきます', 'こと', '幸いです', '気に'];

let pages: PdfPage[];
let sheetLines: string[];
let internalCodes: string[];
let letterCount: number;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium)`);
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-letters-'));
  const result = await runLocal({
    workbook: join(ROOT, 'examples/sample-shop.xlsx'),
    today: DEMO_DAY,
    out: join(dir, 'sample-shop.xlsx'),
  });
  const sheet = result.services.spreadsheet.sheet(SHEET.letters);
  if (!sheet) throw new Error('the example day made no 手紙 sheet');
  sheetLines = sheet.toData().values.map((row) => String(row[0] ?? ''));
  const waiting = (result.services.spreadsheet.sheet('連絡履歴')?.toData().values ?? []).filter((row) =>
    row.some((v) => v === '印刷待ち'),
  );
  const header = result.services.spreadsheet.sheet('連絡履歴')?.toData().values[0] ?? [];
  const [keyAt, idAt] = [header.indexOf('キー'), header.indexOf('顧客ID')];
  letterCount = waiting.length;
  internalCodes = waiting.flatMap((row) => [String(row[keyAt]), String(row[idAt])]).filter((v) => v !== '');

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const page = await browser.newPage();
    await page.setContent(printedHtml(sheet));
    const pdf = join(dir, 'letters.pdf');
    writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, scale: 1, printBackground: false }));
    pages = JSON.parse(
      execFileSync(process.execPath, [join(__dirname, 'pdf-text.mjs'), pdf], { encoding: 'utf8' }),
    ) as PdfPage[];
  } finally {
    await browser.close();
  }
});

/** The owner's cover page (what to enclose or send), printed first; the customers' letters follow. */
let cover: PdfPage | undefined;
let letterPagesOnly: PdfPage[];

test("the owner's tasks are on a cover page of their own, never on a letter a customer reads", () => {
  cover = pages[0]?.lines[0]?.startsWith('【お店用') ? pages[0] : undefined;
  letterPagesOnly = cover ? pages.slice(1) : pages;
  // The example day has S3's その後の確認 by letter with 半年後の特典 sent separately (別送).
  expect(cover?.lines.join('\n')).toMatch(/1?\d通目\s+\S+ \S+ 様\s+【別送】.+をお送りください/);
  for (const page of letterPagesOnly)
    expect(page.lines.join('\n')).not.toMatch(/【(同封|別送|来店時)】|お店用/);
});

test('the example day prints its 20 letters, each on one A4 page with one addressee, 拝啓 and 敬具', () => {
  expect(letterCount).toBe(20);
  expect(letterPagesOnly).toHaveLength(letterCount);
  for (const page of letterPagesOnly) {
    expect(page.widthPt).toBeCloseTo(A4_PT.width, 0);
    expect(page.heightPt).toBeCloseTo(A4_PT.height, 0);
    const text = page.lines.join('\n');
    expect(page.lines.filter((l) => /^拝啓/.test(l))).toHaveLength(1);
    expect(page.lines.filter((l) => l === '敬具')).toHaveLength(1);
    expect(page.lines.filter((l) => /(様|御中)$/.test(l) && !l.startsWith('拝啓'))).toHaveLength(1);
    expect(text).toContain('ここち堂');
  }
});

test('no internal code is printed: no key, 顧客ID, rule id or anchor date', () => {
  expect(internalCodes.length).toBeGreaterThanOrEqual(2 * letterCount);
  const printed = pages.map((p) => p.lines.join('\n')).join('\n');
  for (const code of internalCodes) expect(printed).not.toContain(code);
  expect(printed).not.toMatch(/\||\bS\d{1,2}\b|\d{4}-\d{2}-\d{2}|世帯:|C\d{4}/);
});

/** The PDF's text layer writes a full-width space as a space, and leaves out a line's leading space. */
const flat = (text: string) => text.replace(/\u3000/g, ' ').trimStart();

test('every printed line is one line of the sheet: the page wraps nothing itself', () => {
  const cells = new Set(sheetLines.map(flat));
  for (const page of pages) for (const line of page.lines) expect(cells).toContain(flat(line));
});

test('no line starts with 、。」） or ends with 「（, and no word is cut across two lines', () => {
  const asWritten = new Map(sheetLines.map((line) => [flat(line), line]));
  let continuations = 0;
  for (const page of letterPagesOnly) {
    const body = page.lines.slice(
      page.lines.findIndex((l) => l.startsWith('拝啓')),
      page.lines.indexOf('敬具'),
    );
    for (const line of page.lines) {
      expect(line).not.toMatch(/^[、。，．」』）］】]/);
      expect(line).not.toMatch(/[「『（［【]$/);
    }
    body.forEach((printed, i) => {
      if (body[i + 1] === undefined) return;
      const [line, next] = [printed, body[i + 1]].map((l) => asWritten.get(flat(l)) ?? l);
      // A paragraph starts with a full-width space; any other line continues the one above.
      if (next === '' || next.startsWith('\u3000')) return;
      continuations++;
      // The break falls between two phrases, and cuts none of the words the old cuts split.
      const joined = line + next;
      expect({ line, next, phraseBreak: phraseBoundaries(joined).has(line.length) }).toEqual({
        line,
        next,
        phraseBreak: true,
      });
      for (const word of [...WORDS, ...WORDS_TOO])
        for (let at = joined.indexOf(word); at >= 0; at = joined.indexOf(word, at + 1))
          expect({ word, line, next, cut: at < line.length && at + word.length > line.length }).toEqual({
            word,
            line,
            next,
            cut: false,
          });
    });
  }
  // The example day's letters do wrap: the check above looked at real line breaks.
  expect(continuations).toBeGreaterThan(letterCount);
});
