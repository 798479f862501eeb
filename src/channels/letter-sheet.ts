import { taskText, type GiftTask } from '../core/flags';
import { LETTER_CLOSING, LETTER_OPENING } from '../core/letter-text';
import { SHEET } from '../labels';
import { cellValue, ensureRows } from '../sheets/table';
import { letterTags, tagLetterRow } from '../sheets/tags';
import { phraseBoundaries } from './phrases';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type HorizontalAlignment = 'left' | 'center' | 'right';

export interface PrintableLetter {
  key: string;
  /** The whole letter, line by line: address block, a blank line, 拝啓 … 敬具, the date, the signature. */
  lines: readonly string[];
  handwritten: boolean;
  /** What the owner must enclose, send or hand over with it (S3's gifts): listed on the owner's cover page. */
  task?: GiftTask;
}

// ---------------------------------------------------------------------------------------------------------
// Print settings and page arithmetic

/**
 * The print settings the owner uses (ファイル → 印刷), and that every layout here is sized for. Apps Script cannot
 * set page breaks or print settings, so the sheets are laid out so that these settings break pages where we
 * want them: each block of rows is exactly one printed page.
 */
export interface PrintSettings {
  paper: { name: string; widthMm: number; heightMm: number };
  orientation: 'portrait';
  /** 余白, in inches as Sheets gives them. */
  margins: { top: number; bottom: number; left: number; right: number };
  /**
   * 倍率: 標準（100%） or 幅に合わせる. The sheets are exactly as wide as the printable width, so 幅に合わせる prints
   * at printableWidth / contentWidth (a hair over 100%); the page arithmetic holds at both.
   */
  scales: readonly ('100%' | 'fitToWidth')[];
  /** Sheets sizes rows and columns in CSS pixels: 96 to the inch. */
  dpi: number;
  /** Space Sheets leaves between a cell's border and its text, each side. */
  cellPaddingPx: number;
  gridlines: false;
  headersAndFooters: false;
}

export const PRINT: PrintSettings = {
  paper: { name: 'A4', widthMm: 210, heightMm: 297 },
  orientation: 'portrait',
  // Sheets' 余白「標準」: 0.75" top and bottom, 0.7" left and right.
  margins: { top: 0.75, bottom: 0.75, left: 0.7, right: 0.7 },
  scales: ['100%', 'fitToWidth'],
  dpi: 96,
  cellPaddingPx: 3,
  gridlines: false,
  headersAndFooters: false,
};

/** How to print the 手紙 and 宛名ラベル sheets (for the README and the sheets' notes). */
export const PRINT_SETTINGS_JA =
  '印刷するときは、ファイル → 印刷 で次のように設定してください（手紙は1通ずつ1枚に、宛名ラベルはA4・12面のラベル用紙に合うように並べてあります）。' +
  '印刷: 現在のシート／用紙サイズ: A4／ページの向き: 縦向き／倍率: 標準（100%）（手紙は「幅に合わせる」でも可）／' +
  '余白: 標準／書式設定: 「グリッド線を表示」と「メモを表示」のチェックを外す／ヘッダーとフッター: すべてオフ／' +
  '配置: 左・上（最初の設定のまま）。行の高さや列の幅は変えないでください。';

const MM_PER_INCH = 25.4;

export function mmToPx(mm: number, print: PrintSettings = PRINT): number {
  return (mm / MM_PER_INCH) * print.dpi;
}

export function ptToPx(pt: number, print: PrintSettings = PRINT): number {
  return (pt / 72) * print.dpi;
}

/** The area inside the margins, in pixels (not rounded). */
export function printableArea(print: PrintSettings = PRINT): { widthPx: number; heightPx: number } {
  const { paper, margins, dpi } = print;
  return {
    widthPx: (paper.widthMm / MM_PER_INCH - margins.left - margins.right) * dpi,
    heightPx: (paper.heightMm / MM_PER_INCH - margins.top - margins.bottom) * dpi,
  };
}

/**
 * The largest scale a sheet `contentWidthPx` wide prints at under the allowed 倍率: 幅に合わせる stretches it to
 * the printable width.
 */
export function maxPrintScale(contentWidthPx: number, print: PrintSettings = PRINT): number {
  const fit = print.scales.includes('fitToWidth') ? printableArea(print).widthPx / contentWidthPx : 1;
  return Math.max(1, fit);
}

/**
 * How far the print scale may drift from what we assume and a block of `rows` rows of `rowHeightPx` still fills
 * exactly one page: `over` is how much larger than `maxScale` it may print and still fit on the page, `under`
 * how much smaller than 100% before the next block's first row would fit on this page too.
 */
export function pageTolerance(
  rows: number,
  rowHeightPx: number,
  maxScale: number,
  print: PrintSettings = PRINT,
): { over: number; under: number } {
  const h = printableArea(print).heightPx;
  return { over: h / (rows * rowHeightPx * maxScale) - 1, under: 1 - h / ((rows + 1) * rowHeightPx) };
}

/** The smallest tolerance a layout accepts: about 5 px on an A4 page. */
export const MIN_PAGE_TOLERANCE = 0.005;

/** The letter's type, in points, and the range of row heights the layout may pick from. */
export const LETTER_STYLE = {
  bodyPt: 11,
  namePt: 14,
  /** The page number (「1/2」) at the foot of a letter longer than a page. */
  footerPt: 8,
  footerColor: '#888888',
  textColor: '#000000',
  /** Rows must hold the largest type (14 pt ≈ 18.7 px); the layout picks the height that best fills the page. */
  rowHeightPx: { min: 22, max: 28 },
  /** Full-width characters kept free at the end of each line: the width estimate must never be short. */
  safetyEm: 1,
} as const;

export interface LetterPageLayout {
  printableWidthPx: number;
  printableHeightPx: number;
  /** Column widths of the letter sheet (one text column as wide as the page allows). */
  columnWidthsPx: number[];
  rowHeightPx: number;
  /** Rows in one letter block: one printed page. The last holds the page number of a longer letter. */
  rowsPerPage: number;
  blockHeightPx: number;
  /** The scale 幅に合わせる prints at (≥ 1). */
  maxScale: number;
  tolerance: { over: number; under: number };
  /** Characters (full-width) per line at each size. */
  lineCapacity: { body: number; name: number };
}

/**
 * Sizes a letter block to one printed page at `print`: `rowsPerPage` rows of `rowHeightPx` fit on the page
 * (even at 幅に合わせる's scale), and one row more does not, so Sheets starts each block on a new page. Of the
 * allowed row heights it takes the one that leaves the most room for error either way.
 */
export function letterPageLayout(print: PrintSettings = PRINT): LetterPageLayout {
  const area = printableArea(print);
  const width = Math.floor(area.widthPx);
  const maxScale = maxPrintScale(width, print);
  let best: { rowHeightPx: number; rows: number; tolerance: { over: number; under: number } } | undefined;
  for (let r = LETTER_STYLE.rowHeightPx.min; r <= LETTER_STYLE.rowHeightPx.max; r++) {
    const rows = Math.floor(area.heightPx / (r * maxScale));
    const tolerance = pageTolerance(rows, r, maxScale, print);
    const worst = Math.min(tolerance.over, tolerance.under);
    if (!best || worst > Math.min(best.tolerance.over, best.tolerance.under))
      best = { rowHeightPx: r, rows, tolerance };
  }
  if (!best || Math.min(best.tolerance.over, best.tolerance.under) < MIN_PAGE_TOLERANCE)
    throw new Error('No row height fills the page with room for error at these print settings');
  const textWidth = width - 2 * print.cellPaddingPx;
  const capacity = (pt: number) => lineCapacity(textWidth, pt, LETTER_STYLE.safetyEm, print);
  return {
    printableWidthPx: area.widthPx,
    printableHeightPx: area.heightPx,
    columnWidthsPx: [width],
    rowHeightPx: best.rowHeightPx,
    rowsPerPage: best.rows,
    blockHeightPx: best.rows * best.rowHeightPx,
    maxScale,
    tolerance: best.tolerance,
    lineCapacity: {
      body: capacity(LETTER_STYLE.bodyPt),
      name: capacity(LETTER_STYLE.namePt),
    },
  };
}

/** Full-width characters that fit on a line `widthPx` wide at `pt`, less `safetyEm`. */
export function lineCapacity(
  widthPx: number,
  pt: number,
  safetyEm: number,
  print: PrintSettings = PRINT,
): number {
  return Math.max(1, Math.floor(widthPx / ptToPx(pt, print)) - safetyEm);
}

// ---------------------------------------------------------------------------------------------------------
// Line breaking

/** Characters a line must not start with (行頭禁則). */
const NO_START = new Set(
  Array.from(
    '、。，．,.・：；:;？！?!）］｝」』】〕〉》〙〗”’)]}ゝゞヽヾー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥％%',
  ),
);
/** Characters a line must not end with (行末禁則). */
const NO_END = new Set(Array.from('（［｛「『【〔〈《〘〖“‘([{'));
const ASCII_WORD = /^[A-Za-z0-9_@.\-/:]$/;
const SPACE = /^[ \u3000]$/;

/** Width of a character in em: CJK is 1; Latin is narrower (estimated on the generous side). */
export function charWidthEm(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80) {
    if (ch === ' ') return 0.35;
    if (ch === 'W' || ch === 'M' || ch === '@' || ch === '%') return 1;
    return /[A-Z&mw]/.test(ch) ? 0.8 : 0.62;
  }
  if (code >= 0xff61 && code <= 0xff9f) return 0.62; // half-width katakana
  return 1;
}

export function textWidthEm(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidthEm(ch);
  return width;
}

/**
 * Where a line may break, as a flag before each character: between phrases (phrases.ts), or after a space that follows
 * Latin text (never inside 「清水 健一」), and never against 禁則 (no 、。」） at a line start, no 「（ at its end) or
 * inside a Latin word or number.
 */
function breakOpportunities(chars: readonly string[]): boolean[] {
  const allowed = chars.map(() => false);
  const boundaries = phraseBoundaries(chars.join(''));
  let offset = 0; // UTF-16 offset of chars[i]
  chars.forEach((ch, i) => {
    if (boundaries.has(offset)) allowed[i] = true;
    offset += ch.length;
  });
  for (let i = 1; i < chars.length; i++) {
    if (SPACE.test(chars[i - 1]) && i >= 2 && chars[i - 2].charCodeAt(0) < 0x80) allowed[i] = true;
    if (NO_START.has(chars[i]) || NO_END.has(chars[i - 1]) || SPACE.test(chars[i])) allowed[i] = false;
    if (ASCII_WORD.test(chars[i]) && ASCII_WORD.test(chars[i - 1])) allowed[i] = false;
  }
  return allowed;
}

/**
 * Splits one line of text into lines at most `capacityEm` wide, between phrases (BudouX), so a word is never cut
 * (「ますますご／清祥」, 「お／気軽に」), keeping 禁則. A phrase longer than a line still breaks, by characters (with
 * 禁則). With `atSpaces` (addresses) it prefers to break after a space in the latter part of the line.
 */
export function wrapLine(text: string, capacityEm: number, options: { atSpaces?: boolean } = {}): string[] {
  const chars = Array.from(text.trimEnd());
  if (chars.length === 0) return [''];
  const allowed = breakOpportunities(chars);
  const lines: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start;
    let width = 0;
    while (end < chars.length && width + charWidthEm(chars[end]) <= capacityEm)
      width += charWidthEm(chars[end++]);
    if (end === start) end = start + 1; // a character wider than the line still goes somewhere
    if (end < chars.length) end = breakPoint(chars, allowed, start, end, options.atSpaces === true);
    lines.push(chars.slice(start, end).join('').trimEnd());
    start = end;
    while (start < chars.length && SPACE.test(chars[start])) start++;
  }
  return lines;
}

/**
 * Moves a break at `end` back: with `atSpaces`, to just after a space in the latter part of the line (an address
 * breaks between the street and the building); else to the last break between phrases on the line; failing that
 * (one phrase longer than the line), between characters so that 禁則 holds and a Latin word stays whole; never to
 * an empty line.
 */
function breakPoint(
  chars: readonly string[],
  allowed: readonly boolean[],
  start: number,
  end: number,
  atSpaces: boolean,
): number {
  if (atSpaces && SPACE.test(chars[end])) return end;
  if (atSpaces) {
    for (let i = end - 1; i > start + (end - start) * 0.6; i--) if (SPACE.test(chars[i])) return i + 1;
  }
  for (let i = end; i > start; i--) if (allowed[i]) return i;
  let at = end;
  if (ASCII_WORD.test(chars[at]) && ASCII_WORD.test(chars[at - 1])) {
    let word = at;
    while (word > start && ASCII_WORD.test(chars[word - 1])) word--;
    if (word > start) at = word;
  }
  while (at - 1 > start && (NO_START.has(chars[at]) || NO_END.has(chars[at - 1]))) at--;
  return at;
}

// ---------------------------------------------------------------------------------------------------------
// The letter block

/** One printed row of a letter. */
export interface LetterRow {
  text: string;
  align: HorizontalAlignment;
  pt: number;
  bold: boolean;
  color: string;
}

const WAREKI_DATE = /^(令和|平成|昭和|大正)(元|\d+)年\d{1,2}月\d{1,2}日$|^\d{4}年\d{1,2}月\d{1,2}日$/;

export const BANNER = {
  handwritten: '【手書き推奨】この文面を参考に、手書きでお書きください',
} as const;

/**
 * A letter as printed rows, page by page: each page is `rowsPerPage` rows, the last of them the page number of a
 * letter longer than a page (blank otherwise). Nothing internal is printed: the letter's 連絡履歴 key lives in the
 * sheet's developer metadata (rebuildLetterSheet). Top to bottom: the banners (【手書き推奨】, 【同封】; an empty row
 * when there are none, so the address sits in the same place on every letter), the address block with 氏名 larger,
 * a blank row, the date on the right, a blank row, 拝啓 … the closing paragraph, 敬具 on the right, a blank row and
 * the signature on the right. Long lines are split across rows. A letter longer than a page continues on a second
 * whole page.
 */
export function letterPages(
  letter: PrintableLetter,
  layout: LetterPageLayout = letterPageLayout(),
): LetterRow[][] {
  const content = letterRows(letter, layout);
  const perPage = layout.rowsPerPage - 1;
  const pageCount = Math.max(1, Math.ceil(content.length / perPage));
  const pages: LetterRow[][] = [];
  for (let p = 0; p < pageCount; p++) {
    const page = content.slice(p * perPage, (p + 1) * perPage);
    while (page.length < perPage) page.push(row(''));
    page.push({
      text: pageCount > 1 ? `${p + 1}/${pageCount}` : '',
      align: 'right',
      pt: LETTER_STYLE.footerPt,
      bold: false,
      color: LETTER_STYLE.footerColor,
    });
    pages.push(page);
  }
  return pages;
}

function row(
  text: string,
  align: HorizontalAlignment = 'left',
  pt: number = LETTER_STYLE.bodyPt,
  bold = false,
): LetterRow {
  return { text, align, pt, bold, color: LETTER_STYLE.textColor };
}

function letterRows(letter: PrintableLetter, layout: LetterPageLayout): LetterRow[] {
  const { address, body, dateLine, closing, signature } = parts(letter.lines);
  const wrapped = (text: string, align: HorizontalAlignment, pt: number, capacity: number, bold = false) =>
    wrapLine(text, capacity).map((line) => row(line, align, pt, bold));
  const normal = (text: string, align: HorizontalAlignment = 'left', atSpaces = false) =>
    wrapLine(text, layout.lineCapacity.body, { atSpaces }).map((line) => row(line, align));

  // 【手書き推奨】 marks a draft the owner copies by hand (it is never mailed as printed). What to enclose or send
  // is not printed on the customer's letter: it is on the owner's cover page (coverPage).
  const banners = letter.handwritten ? [BANNER.handwritten] : [];
  const top = banners.length
    ? wrapped(banners.join('　'), 'left', LETTER_STYLE.bodyPt, layout.lineCapacity.body, true)
    : [row('')];
  const name = address.length ? address[address.length - 1] : undefined;
  return [
    ...top,
    ...address.slice(0, -1).flatMap((line) => normal(line, 'left', true)),
    ...(name === undefined ? [] : wrapped(name, 'left', LETTER_STYLE.namePt, layout.lineCapacity.name)),
    row(''),
    row(dateLine, 'right'),
    row(''),
    ...body.flatMap((line) => normal(line)),
    ...(closing ? [row(closing, 'right')] : []),
    ...(signature.length ? [row(''), ...signature.flatMap((line) => normal(line, 'right', true))] : []),
  ];
}

/**
 * The parts of a letter's lines: the address block is everything before the first blank line (unless that
 * already holds 拝啓), the date is the 和暦 date line (moved to the top right), 敬具 ends the body and what follows
 * it is the signature. Lines the owner edited into another shape are kept, in order, as body.
 */
function parts(lines: readonly string[]): {
  address: string[];
  body: string[];
  dateLine: string;
  closing: string;
  signature: string[];
} {
  const all = lines.map((line) => line.trimEnd());
  while (all.length && all[0].trim() === '') all.shift();
  const blank = all.findIndex((line) => line.trim() === '');
  const head = blank > 0 ? all.slice(0, blank) : [];
  const hasAddress = head.length > 0 && !head.some((line) => line.trim().startsWith(LETTER_OPENING));
  const address = hasAddress ? head : [];
  let rest = hasAddress ? all.slice(blank + 1) : all;
  const dateAt = rest.findIndex((line) => WAREKI_DATE.test(line.trim()));
  const dateLine = dateAt >= 0 ? rest[dateAt].trim() : '';
  if (dateAt >= 0) rest = [...rest.slice(0, dateAt), ...rest.slice(dateAt + 1)];
  const closingAt = rest.findIndex((line) => line.trim() === LETTER_CLOSING);
  const body = closingAt >= 0 ? rest.slice(0, closingAt) : rest;
  while (body.length && body[body.length - 1].trim() === '') body.pop();
  return {
    address,
    body,
    dateLine,
    closing: closingAt >= 0 ? LETTER_CLOSING : '',
    signature: closingAt >= 0 ? rest.slice(closingAt + 1).filter((line) => line.trim() !== '') : [],
  };
}

// ---------------------------------------------------------------------------------------------------------
// The sheet

/**
 * Text for a cell of a printed sheet: it must print as written. Formula-like text (= + - @) keeps a leading
 * apostrophe (cellValue), and so does text Sheets would read as a number, date or TRUE/FALSE (a wrapped line
 * that is only 「1,000」 would otherwise print as 1000).
 */
export function printedText(text: string): unknown {
  const value = cellValue(text);
  if (value !== text) return value;
  const t = text.trim();
  if (/^(true|false)$/i.test(t) || /^[\d\s.,:/%¥$()eE]*\d[\d\s.,:/%¥$()eE]*$/.test(t)) return `'${text}`;
  return text;
}

/**
 * Rebuilds the 手紙 sheet from the letters waiting to be printed: one page-sized block of rows per letter page,
 * written in a single setValues with each format set once over the whole sheet. Each letter's first row carries its
 * 連絡履歴 key as developer metadata (tagLetterRow): it never prints, follows the row when the owner inserts rows
 * above it, and goes when the owner deletes the letter's rows, so 「手紙を印刷済みにする」 marks exactly the letters
 * still on the sheet, whatever the owner did to their text. That is one Spreadsheet call per letter; every other
 * call is made once, whatever the number of letters.
 */
export function rebuildLetterSheet(ss: Spreadsheet, letters: readonly PrintableLetter[]): void {
  const existing = ss.getSheetByName(SHEET.letters);
  const sheet = existing ?? ss.insertSheet(SHEET.letters);
  // The last build's rows go, and their tags with them (Sheet.clear keeps developer metadata).
  if (existing) {
    const old = sheet.getMaxRows();
    sheet.insertRowsAfter(old, 1);
    sheet.deleteRows(1, old);
  }
  sheet.clear();
  if (letters.length === 0) {
    sheet.getRange(1, 1).setValue('印刷待ちの手紙はありません');
    return;
  }
  const layout = letterPageLayout();
  const blocks = letters.map((letter) => ({ key: letter.key, rows: letterPages(letter, layout).flat() }));
  const cover = coverPage(letters, layout);
  const rows = [...cover, ...blocks.flatMap((block) => block.rows)];
  ensureRows(sheet, rows.length);
  const range = sheet.getRange(1, 1, rows.length, 1);
  range.setValues(rows.map((r) => [printedText(r.text)]));
  range.setFontSizes(rows.map((r) => [r.pt]));
  range.setFontWeights(rows.map((r) => [r.bold ? 'bold' : 'normal']));
  range.setFontColors(rows.map((r) => [r.color]));
  range.setHorizontalAlignments(rows.map((r) => [r.align]));
  // Lines are already split to fit; wrapping only keeps an underestimated line inside the page.
  range.setWrap(true);
  sheet.setColumnWidth(1, layout.columnWidthsPx[0]);
  sheet.setRowHeightsForced(1, rows.length, layout.rowHeightPx);
  let first = cover.length + 1;
  for (const block of blocks) {
    tagLetterRow(sheet, first, block.key);
    first += block.rows.length;
  }
}

/** The title of the owner's cover page: it says the page is not to be mailed. */
export const COVER_TITLE = '【お店用・お客様には送りません】この手紙と一緒に用意するもの';

/**
 * The owner's cover page, printed first and only when a letter comes with something to enclose, send or hand over
 * (S3's gifts): one line per such letter, numbered as the letters follow on the sheet (message-style.md: the
 * task comes from the step; it is never printed on what the customer reads). [] when there is nothing to do.
 */
function coverPage(letters: readonly PrintableLetter[], layout: LetterPageLayout): LetterRow[] {
  const lines = letters.flatMap((letter, i) => {
    if (!letter.task) return [];
    const { address } = parts(letter.lines);
    const name = address[address.length - 1] ?? '';
    return wrapLine(`${i + 1}通目\u3000${name}\u3000${taskText(letter.task)}`, layout.lineCapacity.body);
  });
  if (lines.length === 0) return [];
  const page = [
    row(COVER_TITLE, 'left', LETTER_STYLE.bodyPt, true),
    row(''),
    ...lines.map((line) => row(line)),
  ];
  const pages = Math.ceil(page.length / layout.rowsPerPage);
  while (page.length < pages * layout.rowsPerPage) page.push(row(''));
  return page;
}

/** The 連絡履歴 keys of the letters on the 手紙 sheet now (those whose first row the owner has not deleted). */
export function lettersOnSheet(ss: Spreadsheet): Set<string> {
  const sheet = ss.getSheetByName(SHEET.letters);
  return sheet ? new Set(letterTags(sheet)) : new Set();
}
