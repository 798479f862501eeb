/**
 * The 宛名ラベル sheet's layout: the label stock, the sheet's grid sized to it, and each label's rows. Pure:
 * channels/address-labels.ts writes the grid this returns.
 */
import { addressee, formatPostalCode } from './letter-text';
import { wrapLine } from './line-break';
import {
  MIN_PAGE_TOLERANCE,
  PRINT,
  type PrintSettings,
  lineCapacity,
  maxPrintScale,
  mmToPx,
  pageTolerance,
  printableArea,
} from './print-page';

export interface AddressLabel {
  postalCode: string;
  address: string;
  name: string;
  /** 様 for a person, 御中 for a company; blank means 様. */
  honorific: string;
}

/**
 * The label stock: A4 12面, 2 columns × 6 rows of 86.4 × 42.3 mm with 21.6 mm above and below and 18.6 mm left
 * and right (the common 「四辺余白付」 12面 layout). Stock with a 4.6 mm gap between the columns (16.3 mm side
 * margins) prints correctly too: the text keeps `paddingMm` away from the edges, more than the 2.3 mm difference.
 */
export interface LabelStock {
  name: string;
  columns: number;
  rows: number;
  labelWidthMm: number;
  labelHeightMm: number;
  marginTopMm: number;
  marginLeftMm: number;
  gapXMm: number;
  /** Space kept between the label's left and right edges and its text. */
  paddingMm: number;
  /** Rows per label: a blank top row, 〒, two address rows, 氏名. */
  rowsPerLabel: number;
  /** Type sizes tried in turn until the text fits (two address lines, one name line). */
  addressPt: readonly number[];
  namePt: readonly number[];
}

export const LABEL_STOCK: LabelStock = {
  name: 'A4 12面 86.4×42.3mm',
  columns: 2,
  rows: 6,
  labelWidthMm: 86.4,
  labelHeightMm: 42.3,
  marginTopMm: 21.6,
  marginLeftMm: 18.6,
  gapXMm: 0,
  paddingMm: 5,
  rowsPerLabel: 5,
  addressPt: [10, 9, 8],
  namePt: [14, 12, 10],
};

export interface LabelLayout {
  printableWidthPx: number;
  printableHeightPx: number;
  /** Sheet columns: before label 1's text, label 1's text, between the texts, label 2's text (to the page edge). */
  columnWidthsPx: number[];
  /** Sheet column (0-based) of each label column's text. */
  textColumns: number[];
  rowHeightPx: number;
  /** Blank rows at the top of each page, so the first label row starts near the stock's top margin. */
  spacerRows: number;
  /** Rows per page: spacer + rows × rowsPerLabel + filler. */
  rowsPerPage: number;
  blockHeightPx: number;
  labelsPerPage: number;
  maxScale: number;
  tolerance: { over: number; under: number };
  /** Where each label's rows start on the page vs. where the label is, in mm (negative: printed higher). */
  verticalErrorMm: number[];
  /** Width the text may use in each label, in px. */
  textWidthPx: number;
}

/**
 * Sizes the label sheet so that each page of rows prints on one sheet of label stock at `print`: one row height
 * for every row (so it is set in one call), each label `rowsPerLabel` rows, a page block that fits on the page
 * while one row more does not, and columns whose text starts `paddingMm` inside each label.
 */
export function labelLayout(stock: LabelStock = LABEL_STOCK, print: PrintSettings = PRINT): LabelLayout {
  const area = printableArea(print);
  const width = Math.floor(area.widthPx);
  const px = (mm: number) => mmToPx(mm, print);
  const offsetTop = px(stock.marginTopMm) - print.margins.top * print.dpi;
  const offsetLeft = px(stock.marginLeftMm) - print.margins.left * print.dpi;
  if (offsetTop < 0 || offsetLeft < 0) throw new Error('The label stock starts inside the print margins');
  const labelHeight = px(stock.labelHeightMm);
  const rowHeight = Math.round(labelHeight / stock.rowsPerLabel);
  const spacerRows = Math.round(offsetTop / rowHeight);
  const minRows = spacerRows + stock.rows * stock.rowsPerLabel;

  // Column edges from the printable left edge, rounded so the rounding never adds up along the row.
  const labelLeft = (j: number) => offsetLeft + j * px(stock.labelWidthMm + stock.gapXMm);
  const edges: number[] = [];
  for (let j = 0; j < stock.columns; j++) {
    edges.push(Math.round(labelLeft(j) + px(stock.paddingMm)));
    if (j < stock.columns - 1) edges.push(Math.round(labelLeft(j) + px(stock.labelWidthMm)));
  }
  edges.push(width);
  const columnWidthsPx = edges.map((edge, i) => edge - (i === 0 ? 0 : edges[i - 1]));
  const textColumns = Array.from({ length: stock.columns }, (_, j) => 2 * j + 1);
  if (edges[edges.length - 2] + px(stock.labelWidthMm - 2 * stock.paddingMm) > width + 0.5)
    throw new Error('The label stock is wider than the printable width');

  // The widest page the labels allow is the last one that prints on one page; take the best of those.
  const maxScale = maxPrintScale(width, print);
  const maxRows = Math.floor(area.heightPx / (rowHeight * maxScale));
  let rowsPerPage = minRows;
  for (let n = minRows + 1; n <= maxRows; n++) {
    const a = pageTolerance(n, rowHeight, maxScale, print);
    const b = pageTolerance(rowsPerPage, rowHeight, maxScale, print);
    if (Math.min(a.over, a.under) > Math.min(b.over, b.under)) rowsPerPage = n;
  }
  const tolerance = pageTolerance(rowsPerPage, rowHeight, maxScale, print);
  if (rowsPerPage > maxRows || Math.min(tolerance.over, tolerance.under) < MIN_PAGE_TOLERANCE)
    throw new Error('The labels do not fill a page with room for error at these print settings');
  const mmPerPx = 25.4 / print.dpi;
  return {
    printableWidthPx: area.widthPx,
    printableHeightPx: area.heightPx,
    columnWidthsPx,
    textColumns,
    rowHeightPx: rowHeight,
    spacerRows,
    rowsPerPage,
    blockHeightPx: rowsPerPage * rowHeight,
    labelsPerPage: stock.columns * stock.rows,
    maxScale,
    tolerance,
    verticalErrorMm: Array.from(
      { length: stock.rows },
      (_, i) => ((spacerRows + i * stock.rowsPerLabel) * rowHeight - (offsetTop + i * labelHeight)) * mmPerPx,
    ),
    textWidthPx: px(stock.labelWidthMm - 2 * stock.paddingMm) - 2 * print.cellPaddingPx,
  };
}

export interface LabelCell {
  text: string;
  pt: number;
}

/**
 * A label's rows, top to bottom: blank, 〒, the address on two rows, 氏名 + 様/御中. The address takes the largest
 * size at which it fits on two rows (and the name on one); past the smallest, the second row holds the rest.
 */
function labelRows(label: AddressLabel, layout: LabelLayout, stock: LabelStock = LABEL_STOCK): LabelCell[] {
  const wrap = (text: string[], pt: number) =>
    text.flatMap((line) => wrapLine(line, lineCapacity(layout.textWidthPx, pt, 0), { atSpaces: true }));
  const fit = (sizes: readonly number[], text: string[], rows: number) => {
    for (const pt of sizes) {
      const lines = wrap(text, pt);
      if (lines.length <= rows) return { pt, lines };
    }
    const pt = sizes[sizes.length - 1];
    const lines = wrap(text, pt);
    return { pt, lines: [...lines.slice(0, rows - 1), lines.slice(rows - 1).join('')] };
  };
  const addressLines = splitLines(label.address);
  const address = fit(stock.addressPt, addressLines.length ? addressLines : [''], 2);
  const name = fit(stock.namePt, [addressee(label.name, label.honorific)], 1);
  const small = stock.addressPt[0];
  const rows: LabelCell[] = [
    { text: '', pt: small },
    { text: formatPostalCode(label.postalCode), pt: small },
    { text: address.lines[0] ?? '', pt: address.pt },
    { text: address.lines[1] ?? '', pt: address.pt },
    { text: name.lines[0] ?? '', pt: name.pt },
  ];
  while (rows.length < stock.rowsPerLabel) rows.push({ text: '', pt: small });
  return rows.slice(0, stock.rowsPerLabel);
}

/**
 * The label sheet's cells: one label per entry, left to right then down, `labelsPerPage` to a page of rows
 * (empty cells in the address size elsewhere).
 */
export function labelGrid(
  labels: readonly AddressLabel[],
  layout: LabelLayout = labelLayout(),
  stock: LabelStock = LABEL_STOCK,
): LabelCell[][] {
  const width = layout.columnWidthsPx.length;
  const pages = Math.ceil(labels.length / layout.labelsPerPage);
  const total = pages * layout.rowsPerPage;
  const empty = (): LabelCell => ({ text: '', pt: stock.addressPt[0] });
  const grid: LabelCell[][] = Array.from({ length: total }, () => Array.from({ length: width }, empty));
  labels.forEach((label, i) => {
    const page = Math.floor(i / layout.labelsPerPage);
    const onPage = i % layout.labelsPerPage;
    const top =
      page * layout.rowsPerPage + layout.spacerRows + Math.floor(onPage / stock.columns) * stock.rowsPerLabel;
    const column = layout.textColumns[onPage % stock.columns];
    labelRows(label, layout, stock).forEach((cell, r) => (grid[top + r][column] = cell));
  });
  return grid;
}

function splitLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
