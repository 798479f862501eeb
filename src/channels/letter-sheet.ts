import { coverPage, letterPageLayout, letterPages, type PrintableLetter } from '../core/letter-layout';
import { SHEET } from '../labels';
import { cellValue, fitGrid } from '../sheets/table';
import { letterTags, tagLetterRow } from '../sheets/tags';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

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
  const layout = letterPageLayout();
  if (letters.length === 0) {
    fitGrid(sheet, 1, layout.columnWidthsPx.length);
    sheet.getRange(1, 1).setValue('印刷待ちの手紙はありません');
    return;
  }
  const blocks = letters.map((letter) => ({ key: letter.key, rows: letterPages(letter, layout).flat() }));
  const cover = coverPage(letters, layout);
  const rows = [...cover, ...blocks.flatMap((block) => block.rows)];
  fitGrid(sheet, rows.length, layout.columnWidthsPx.length);
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

/** The 連絡履歴 keys of the letters on the 手紙 sheet now (those whose first row the owner has not deleted). */
export function lettersOnSheet(ss: Spreadsheet): Set<string> {
  const sheet = ss.getSheetByName(SHEET.letters);
  return sheet ? new Set(letterTags(sheet)) : new Set();
}
