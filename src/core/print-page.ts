/**
 * Print arithmetic: the print settings the owner uses and the page sizes, scales and tolerances every printed
 * sheet (手紙, 宛名ラベル) is laid out for. Pure: the sheet writers in src/channels apply what this computes.
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
