/**
 * Print arithmetic: the print settings the owner uses and the page sizes, scales and tolerances every printed
 * sheet (手紙, 宛名ラベル, はがき) is laid out for. Pure: the sheet writers in src/channels apply what this computes.
 */

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

function ptToPx(pt: number, print: PrintSettings = PRINT): number {
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

/** Full-width characters that fit on a line `widthPx` wide at `pt`, less `safetyEm`. */
export function lineCapacity(
  widthPx: number,
  pt: number,
  safetyEm: number,
  print: PrintSettings = PRINT,
): number {
  return Math.max(1, Math.floor(widthPx / ptToPx(pt, print)) - safetyEm);
}

/**
 * How far a block `blockHeightPx` tall may print larger or smaller than assumed and still fill exactly one page when
 * its rows differ in height: the block fits at `maxScale` (`over`), and the next block's first row, `nextFirstRowPx`
 * tall, does not fit after it at 100% (`under`). pageTolerance is the case of equal rows.
 */
export function blockTolerance(
  blockHeightPx: number,
  nextFirstRowPx: number,
  maxScale: number,
  print: PrintSettings = PRINT,
): { over: number; under: number } {
  const h = printableArea(print).heightPx;
  return { over: h / (blockHeightPx * maxScale) - 1, under: 1 - h / (blockHeightPx + nextFirstRowPx) };
}

/**
 * The print settings of the はがき sheet (research18.md, issue 18 item 3, option (a)). Sheets' print dialog has no
 * はがき or A6 preset: its paper sizes are Letter, Tabloid, Legal, Statement, Executive, Folio, A3, A4, A5, B4, B5 and
 * カスタム サイズ in inches. 100 × 148 mm is therefore typed in as カスタム 3.94 × 5.83 インチ (100.08 × 148.08 mm), with
 * custom margins of 0. This comes from public code that reads Sheets' print dialog (the sheets2pdf_gs library,
 * https://github.com/Max-Makhrov/sheets2pdf_gs, and the export-URL notes at
 * https://github.com/simonsprofile/exporting-google-sheets-pdfs), not from a Google help page, and has not been tried on a
 * live account. No ink comes within 5 mm of a card edge, so a printer that cannot print to the edge loses nothing.
 */
export const HAGAKI: PrintSettings = {
  // Sheets' pixels, cell padding, scales and switches are the same as for A4; only the paper and margins differ.
  ...PRINT,
  paper: { name: 'はがき（カスタム 3.94 × 5.83 インチ）', widthMm: 3.94 * 25.4, heightMm: 5.83 * 25.4 },
  margins: { top: 0, bottom: 0, left: 0, right: 0 },
};

/** How to print the はがき sheet (for the sheet's note, the README and the guide). */
export const HAGAKI_PRINT_SETTINGS_JA =
  '印刷するときは、ファイル → 印刷 で次のように設定してください（はがき1枚の片面が1ページになるように並べてあります）。' +
  '印刷: 現在のシート／用紙サイズ: カスタム サイズ 幅 3.94・高さ 5.83（インチ。はがきの100×148mm）／ページの向き: 縦向き／' +
  '倍率: 幅に合わせる（標準（100%）でも可）／余白: カスタム 上下左右 0／書式設定: 「グリッド線を表示」と「メモを表示」のチェックを外す／' +
  'ヘッダーとフッター: すべてオフ。プリンターの用紙は「はがき」、倍率は「実際のサイズ（100%）」にしてください。' +
  '行の高さや列の幅は変えないでください。';
