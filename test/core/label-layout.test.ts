import { LABEL_STOCK, type LabelStock, labelGrid, labelLayout } from '../../src/core/label-layout';
import { PRINT, mmToPx, printableArea } from '../../src/core/print-page';

const LAYOUT = labelLayout();

describe('labelLayout', () => {
  test('six labels fill one A4 page: the block fits, one row more does not', () => {
    const { widthPx, heightPx } = printableArea();
    expect(LAYOUT).toMatchObject({
      rowHeightPx: 32,
      spacerRows: 0,
      rowsPerPage: 30,
      blockHeightPx: 960,
      labelsPerPage: 12,
      columnWidthsPx: [22, 308, 19, 310],
    });
    for (const scale of [1, LAYOUT.maxScale]) {
      expect(LAYOUT.blockHeightPx * scale).toBeLessThanOrEqual(heightPx);
      expect((LAYOUT.blockHeightPx + LAYOUT.rowHeightPx) * scale).toBeGreaterThan(heightPx);
    }
    expect(Math.min(LAYOUT.tolerance.over, LAYOUT.tolerance.under)).toBeGreaterThan(0.01);
    expect(LAYOUT.columnWidthsPx.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(widthPx);
    expect(LAYOUT.columnWidthsPx.reduce((a, b) => a + b, 0)).toBeGreaterThan(widthPx - 1);
  });

  test('the stock fills the A4 sheet exactly, and each label is rowsPerLabel rows tall to within half a pixel', () => {
    const s = LABEL_STOCK;
    expect(2 * s.marginTopMm + s.rows * s.labelHeightMm).toBeCloseTo(PRINT.paper.heightMm, 6);
    expect(2 * s.marginLeftMm + s.columns * s.labelWidthMm + (s.columns - 1) * s.gapXMm).toBeCloseTo(
      PRINT.paper.widthMm,
      6,
    );
    expect(Math.abs(s.rowsPerLabel * LAYOUT.rowHeightPx - mmToPx(s.labelHeightMm))).toBeLessThan(0.5);
    // Each label's rows start within 3 mm of the label (the first row is blank, so the text is well inside).
    for (const error of LAYOUT.verticalErrorMm) expect(Math.abs(error)).toBeLessThan(3);
  });

  test('text stays inside each label, on this stock and on the variant with a 4.6 mm gap between columns', () => {
    const marginLeftMm = PRINT.margins.left * 25.4;
    const pxToMm = (px: number) => (px * 25.4) / PRINT.dpi;
    const edges = LAYOUT.columnWidthsPx.reduce<number[]>(
      (acc, w) => [...acc, (acc[acc.length - 1] ?? 0) + w],
      [],
    );
    const textStart = LAYOUT.textColumns.map(
      (c) => marginLeftMm + pxToMm((c === 0 ? 0 : edges[c - 1]) + PRINT.cellPaddingPx),
    );
    const textEnd = textStart.map((start) => start + pxToMm(LAYOUT.textWidthPx));
    const variants: Pick<LabelStock, 'marginLeftMm' | 'gapXMm'>[] = [
      { marginLeftMm: 18.6, gapXMm: 0 },
      { marginLeftMm: 16.3, gapXMm: 4.6 },
    ];
    for (const v of variants) {
      for (let j = 0; j < LABEL_STOCK.columns; j++) {
        const left = v.marginLeftMm + j * (LABEL_STOCK.labelWidthMm + v.gapXMm);
        expect(textStart[j]).toBeGreaterThan(left + 2);
        expect(textEnd[j]).toBeLessThan(left + LABEL_STOCK.labelWidthMm - 2);
      }
    }
  });
});

describe('labelGrid', () => {
  test('one label per entry, left to right then down, the 13th at the top left of page 2', () => {
    const labels = Array.from({ length: 13 }, (_, i) => ({
      postalCode: '1540004',
      address: `東京都世田谷区太子堂${i + 1}-2-3`,
      name: `客 ${i + 1}`,
      honorific: '',
    }));
    const grid = labelGrid(labels);
    expect(grid).toHaveLength(2 * LAYOUT.rowsPerPage);
    for (const line of grid) expect(line).toHaveLength(LAYOUT.columnWidthsPx.length);
    const nameAt = (row: number, column: number) => grid[row + 4][LAYOUT.textColumns[column]].text;
    const perLabel = LABEL_STOCK.rowsPerLabel;
    expect(nameAt(0, 0)).toBe('客 1 様');
    expect(nameAt(0, 1)).toBe('客 2 様');
    expect(nameAt(perLabel, 0)).toBe('客 3 様');
    expect(nameAt(5 * perLabel, 1)).toBe('客 12 様');
    expect(nameAt(LAYOUT.rowsPerPage, 0)).toBe('客 13 様');
    expect(grid[LAYOUT.rowsPerPage].map((cell) => cell.text)).toEqual(['', '', '', '']);
    expect(grid[LAYOUT.rowsPerPage + 1][1]).toEqual({ text: '〒154-0004', pt: 10 });
    // Every other cell is empty, in the address size.
    const names = grid.flat().filter((cell) => / 様$/.test(cell.text));
    expect(names.map((cell) => cell.text)).toEqual(labels.map((l) => `${l.name} 様`));
    expect(grid[0][0]).toEqual({ text: '', pt: LABEL_STOCK.addressPt[0] });
  });

  test('no labels: no rows', () => {
    expect(labelGrid([])).toEqual([]);
  });
});
