type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/**
 * Tsunagu marks the columns and sheets it adds with developer metadata, so a later run can tell its own 要確認
 * column from an owner's column of the same name (contract section 2). Metadata sits on a whole column and moves
 * with it when the owner inserts, deletes or moves columns
 * (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.developerMetadata).
 */
export const COLUMN_TAG = 'tsunagu.column';
export const SHEET_TAG = 'tsunagu.sheet';
/** On the first row of each letter on the 手紙 sheet, with the letter's 連絡履歴 key as the value. */
export const LETTER_TAG = 'tsunagu.letter';

/** Column letters of a 1-based column number (1 → A, 27 → AA). */
export function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Tags a whole column (1-based) as Tsunagu's, with its header as the value. Metadata may sit only on a whole row or
 * column ("The specified DimensionRange must represent a single row or column"), hence the A1 range 'E:E'.
 */
export function tagColumn(sheet: Sheet, column: number, header: string): void {
  const letters = columnLetters(column);
  sheet.getRange(`${letters}:${letters}`).addDeveloperMetadata(COLUMN_TAG, header);
}

/** Tags a sheet Tsunagu created. */
export function tagSheet(sheet: Sheet, name: string): void {
  sheet.addDeveloperMetadata(SHEET_TAG, name);
}

/**
 * The 1-based columns of a sheet tagged as Tsunagu's: one finder over the sheet, whatever the number of columns
 * (https://developers.google.com/apps-script/reference/spreadsheet/sheet#createDeveloperMetadataFinder()).
 */
export function taggedColumns(sheet: Sheet): Set<number> {
  const found = new Set<number>();
  for (const metadata of sheet.createDeveloperMetadataFinder().withKey(COLUMN_TAG).find()) {
    const column = metadata.getLocation().getColumn();
    if (column) found.add(column.getColumn());
  }
  return found;
}

/** How many columns of a sheet carry Tsunagu's tag (one finder, no location read). */
export function countTags(sheet: Sheet): number {
  return sheet.createDeveloperMetadataFinder().withKey(COLUMN_TAG).find().length;
}

/** Ids of the sheets Tsunagu created and tagged (one finder over the spreadsheet). */
export function taggedSheetIds(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): Set<number> {
  const found = new Set<number>();
  for (const metadata of ss.createDeveloperMetadataFinder().withKey(SHEET_TAG).find()) {
    const sheet = metadata.getLocation().getSheet();
    if (sheet) found.add(sheet.getSheetId());
  }
  return found;
}

/**
 * Marks a row (1-based) of the 手紙 sheet as the first of a letter, with the letter's 連絡履歴 key: metadata on a whole
 * row, which never prints, moves with the row when rows are inserted above it and is deleted with it
 * (https://developers.google.com/sheets/api/reference/rest/v4/spreadsheets.developerMetadata).
 */
export function tagLetterRow(sheet: Sheet, row: number, key: string): void {
  sheet.getRange(`${row}:${row}`).addDeveloperMetadata(LETTER_TAG, key);
}

/** The keys of the letters tagged on a sheet (one finder, whatever the number of letters). */
export function letterTags(sheet: Sheet): string[] {
  return sheet
    .createDeveloperMetadataFinder()
    .withKey(LETTER_TAG)
    .find()
    .map((metadata) => metadata.getValue() ?? '')
    .filter((key) => key !== '');
}
