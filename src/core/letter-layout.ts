/**
 * The 手紙 sheet's layout: the page-sized letter block, the letter as printed rows page by page, and the owner's
 * cover page. Pure: channels/letter-sheet.ts writes the rows this returns.
 */
import { taskText, type GiftTask } from './flags';
import { LETTER_CLOSING, LETTER_OPENING } from './letter-text';
import { wrapLine } from './line-break';
import {
  PRINT,
  type PrintSettings,
  MIN_PAGE_TOLERANCE,
  lineCapacity,
  maxPrintScale,
  pageTolerance,
  printableArea,
} from './print-page';

type HorizontalAlignment = 'left' | 'center' | 'right';

export interface PrintableLetter {
  key: string;
  /** The whole letter, line by line: address block, a blank line, 拝啓 … 敬具, the date, the signature. */
  lines: readonly string[];
  handwritten: boolean;
  /** What the owner must enclose, send or hand over with it (S3's gifts): listed on the owner's cover page. */
  task?: GiftTask;
}

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

/** The title of the owner's cover page: it says the page is not to be mailed. */
export const COVER_TITLE = '【お店用・お客様には送りません】この手紙と一緒に用意するもの';

/**
 * The owner's cover page, printed first and only when a letter comes with something to enclose, send or hand over
 * (S3's gifts): one line per such letter, numbered as the letters follow on the sheet (message-style.md: the
 * task comes from the step; it is never printed on what the customer reads). [] when there is nothing to do.
 */
export function coverPage(letters: readonly PrintableLetter[], layout: LetterPageLayout): LetterRow[] {
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
