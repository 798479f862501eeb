import { LETTER_STYLE, letterPageLayout } from '../../src/core/letter-layout';
import {
  MIN_PAGE_TOLERANCE,
  PRINT,
  PRINT_SETTINGS_JA,
  type PrintSettings,
  printableArea,
} from '../../src/core/print-page';

const LAYOUT = letterPageLayout();

describe('letterPageLayout', () => {
  test('one block fills one A4 page at the 標準 margins: it fits, and one row more does not', () => {
    const { widthPx, heightPx } = printableArea();
    // A4 at 96 dpi is 793.7 × 1122.5 px; 余白「標準」 takes 0.7" each side and 0.75" top and bottom.
    expect(widthPx).toBeCloseTo(793.7 - 134.4, 1);
    expect(heightPx).toBeCloseTo(1122.52 - 144, 1);
    expect(LAYOUT).toMatchObject({
      rowHeightPx: 23,
      rowsPerPage: 42,
      blockHeightPx: 966,
      columnWidthsPx: [659],
    });
    for (const scale of [1, LAYOUT.maxScale]) {
      expect(LAYOUT.blockHeightPx * scale).toBeLessThanOrEqual(heightPx);
      expect((LAYOUT.blockHeightPx + LAYOUT.rowHeightPx) * scale).toBeGreaterThan(heightPx);
    }
    expect(LAYOUT.columnWidthsPx.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(widthPx);
    // 幅に合わせる stretches the 659 px column to the printable width: a hair over 100%.
    expect(LAYOUT.maxScale).toBeGreaterThanOrEqual(1);
    expect(LAYOUT.maxScale).toBeLessThan(1.001);
    // Room for error either way: over 1% (about 10 px on the page).
    expect(LAYOUT.tolerance.over).toBeGreaterThan(0.01);
    expect(LAYOUT.tolerance.under).toBeGreaterThan(0.01);
  });

  test('rows are tall enough for the largest type', () => {
    const namePx = (LETTER_STYLE.namePt / 72) * PRINT.dpi;
    expect(LAYOUT.rowHeightPx).toBeGreaterThan(namePx * 1.15);
  });

  test.each([
    ['狭い', { top: 0.25, bottom: 0.25, left: 0.25, right: 0.25 }],
    ['広い', { top: 1, bottom: 1, left: 1, right: 1 }],
    ['標準', PRINT.margins],
  ])('the arithmetic holds at other margins too (%s)', (_, margins) => {
    const print: PrintSettings = { ...PRINT, margins };
    const layout = letterPageLayout(print);
    const { widthPx, heightPx } = printableArea(print);
    expect(layout.blockHeightPx * layout.maxScale).toBeLessThanOrEqual(heightPx);
    expect(layout.blockHeightPx + layout.rowHeightPx).toBeGreaterThan(heightPx);
    expect(Math.min(layout.tolerance.over, layout.tolerance.under)).toBeGreaterThanOrEqual(
      MIN_PAGE_TOLERANCE,
    );
    expect(layout.columnWidthsPx.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(widthPx);
  });

  test('a line of the body capacity fits the column at the body size, with a character to spare', () => {
    const textWidth = LAYOUT.columnWidthsPx[0] - 2 * PRINT.cellPaddingPx;
    const em = (LETTER_STYLE.bodyPt / 72) * PRINT.dpi;
    expect((LAYOUT.lineCapacity.body + 1) * em).toBeLessThanOrEqual(textWidth);
    expect(LAYOUT.lineCapacity.body).toBe(43);
  });
});

test('PRINT_SETTINGS_JA names the settings the layout assumes', () => {
  for (const words of ['A4', '縦', '余白: 標準', '100%', '幅に合わせる', 'グリッド線'])
    expect(PRINT_SETTINGS_JA).toContain(words);
});
