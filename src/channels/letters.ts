import { SHEET } from '../labels';
import { cellValue } from '../sheets/table';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface PrintableLetter {
  key: string;
  /** The whole letter, line by line: address block, date, 拝啓 … 敬具, signature. */
  lines: readonly string[];
  handwritten: boolean;
  /** What the owner must put in the envelope (e.g. the 感謝 letter's voucher), shown above the letter. */
  enclosure?: string;
}

/** Rows per letter block: one A4 page at the print settings the README gives. */
export const ROWS_PER_LETTER = 46;
const TEXT_COLUMN_WIDTH = 640;

/**
 * Rebuilds the 手紙 sheet from the letters waiting to be printed: one block of rows per letter, written in a
 * single setValues. Apps Script cannot set page breaks, so each block is sized to one printed page.
 */
export function rebuildLetterSheet(ss: Spreadsheet, letters: readonly PrintableLetter[]): void {
  const sheet = ss.getSheetByName(SHEET.letters) ?? ss.insertSheet(SHEET.letters);
  sheet.clear();
  if (letters.length === 0) {
    sheet.getRange(1, 1).setValue('印刷待ちの手紙はありません');
    return;
  }
  const rows: unknown[][] = [];
  for (const letter of letters) {
    const block = [
      ...(letter.handwritten ? ['【手書き推奨】この文面を参考に、手書きでお書きください'] : []),
      ...(letter.enclosure ? [`【同封】${letter.enclosure}を同封してください`] : []),
      ...letter.lines,
    ].slice(0, ROWS_PER_LETTER - 1);
    while (block.length < ROWS_PER_LETTER - 1) block.push('');
    // The key sits at the foot of the page so a printed letter can be matched to 連絡履歴.
    block.push(`（${letter.key}）`);
    for (const line of block) rows.push([cellValue(line)]);
  }
  const needed = rows.length - sheet.getMaxRows();
  if (needed > 0) sheet.insertRowsAfter(sheet.getMaxRows(), needed);
  sheet.getRange(1, 1, rows.length, 1).setValues(rows);
  sheet.setColumnWidth(1, TEXT_COLUMN_WIDTH);
}
