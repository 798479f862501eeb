import { type AddressLabel, labelGrid, labelLayout } from '../core/label-layout';
import { SHEET } from '../labels';
import { fitGrid } from '../sheets/table';
import { printedText } from './letter-sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The sheet of address labels for newsletters (to move into SHEET in labels.ts). */
export const LABEL_SHEET_NAME = SHEET.addressLabels;

/**
 * Rebuilds the 宛名ラベル sheet: one label per entry, left to right then down, 12 to a page of A4 label stock,
 * in one setValues and one call per format. Print it at 倍率 100% with the settings in PRINT_SETTINGS_JA.
 */
export function rebuildLabelSheet(ss: Spreadsheet, labels: readonly AddressLabel[]): void {
  const sheet = ss.getSheetByName(LABEL_SHEET_NAME) ?? ss.insertSheet(LABEL_SHEET_NAME);
  sheet.clear();
  const layout = labelLayout();
  const width = layout.columnWidthsPx.length;
  if (labels.length === 0) {
    fitGrid(sheet, 1, width);
    sheet.getRange(1, 1).setValue('宛名ラベルはありません');
    return;
  }
  const grid = labelGrid(labels, layout);
  const total = grid.length;

  fitGrid(sheet, total, width);
  const range = sheet.getRange(1, 1, total, width);
  range.setValues(grid.map((line) => line.map((cell) => printedText(cell.text))));
  range.setFontSizes(grid.map((line) => line.map((cell) => cell.pt)));
  range.setHorizontalAlignment('left');
  range.setVerticalAlignment('middle');
  range.setWrap(true);
  layout.columnWidthsPx.forEach((w, c) => sheet.setColumnWidth(c + 1, w));
  sheet.setRowHeightsForced(1, total, layout.rowHeightPx);
}
