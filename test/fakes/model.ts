/**
 * The plain data behind the fake Spreadsheet service: what the xlsx adapter loads into the fakes and reads back
 * after a run. Values follow Apps Script's getValues(): '' for an empty cell, numbers, booleans, strings, and
 * Date instants (midnight in the spreadsheet's time zone for date cells). Error cells read as their text ('#N/A').
 */
export type CellValue = string | number | boolean | Date;

export interface SheetData {
  name: string;
  /** Rows of cells, top-left is A1. Rows may be ragged; a missing cell is ''. */
  values: CellValue[][];
  /** Number formats parallel to values ('' or missing = automatic). */
  numberFormats?: string[][];
  frozenRows?: number;
  /** 1-based column index → width in pixels. */
  columnWidths?: Record<number, number>;
  /** 1-based row index → height in pixels. */
  rowHeights?: Record<number, number>;
  /** A1 notations of merged ranges, e.g. 'A1:C1'. */
  merges?: string[];
  /** A1 notation → allowed values of a dropdown (list validation). */
  validations?: Record<string, string[]>;
  /** Keys of `validations` whose dropdown rejects other values (the rest only warn, Sheets' default). */
  validationsRejectInvalid?: string[];
  /** A1 notation → font weight 'bold'. */
  bold?: string[];
  /** Sheet is hidden. */
  hidden?: boolean;
  /** Sheet id (gid); defaults to 0 for the first sheet and a stable number for the others. */
  sheetId?: number;
  /** Grid size; defaults to max(data extent, 1000) rows and max(data extent, 26) columns. */
  maxRows?: number;
  maxColumns?: number;
  /** A1 notation → formula text, for cells written with a leading '=' (their value is that same text). */
  formulas?: Record<string, string>;
  /** A1 notation → note text. */
  notes?: Record<string, string>;
  /** A1 notation → background colour ('#rrggbb'). */
  backgrounds?: Record<string, string>;
  /** Tab colour ('#rrggbb'). */
  tabColor?: string;
  /** Embedded charts, in the order they were inserted. */
  charts?: ChartData[];
  /** Developer metadata on the sheet (neither row nor column), or on one whole column or row of it. */
  developerMetadata?: DeveloperMetadataData[];
}

/** One piece of developer metadata as exported (see metadata.ts). */
export interface DeveloperMetadataData {
  key: string;
  value?: string;
  visibility?: 'DOCUMENT' | 'PROJECT';
  /** 1-based column it sits on. */
  column?: number;
  /** 1-based row it sits on. */
  row?: number;
}

/** An embedded chart as Sheet.insertChart left it. */
export interface ChartData {
  /** Charts.ChartType name, e.g. 'COLUMN'. */
  type: string;
  /** Data ranges in A1 notation; "'Other sheet'!A1:B2" when on another sheet than the chart. */
  ranges: string[];
  /** setPosition: the anchor cell (1-based) and the offset from it in pixels. */
  position: { row: number; column: number; offsetX: number; offsetY: number };
  /** setOption values by option name ('title', 'legend.position', ...), JSON-safe. */
  options: Record<string, unknown>;
  /** setNumHeaders; absent when left to Sheets to guess. */
  numHeaders?: number;
  /** getChartId once inserted. */
  id?: number;
}

export interface SpreadsheetData {
  id: string;
  name: string;
  timeZone: string;
  sheets: SheetData[];
}
