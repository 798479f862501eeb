/** 「CSVを取り込む」 on the server (issue 17): being written by the lead; the signatures are final. */
import type {
  ImportCheckReply,
  ImportFinishReply,
  ImportSheet,
  ImportSheetRows,
  ImportStartReply,
  ImportWriteReply,
} from '../shared/import-types';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export function startImport(_ss: Spreadsheet, _now: Date, _request: unknown): ImportStartReply {
  throw new Error('not yet');
}
export function checkImportPart(_ss: Spreadsheet, _now: Date, _request: unknown): ImportCheckReply {
  throw new Error('not yet');
}
export function writeImportPart(_ss: Spreadsheet, _now: Date, _request: unknown): ImportWriteReply {
  throw new Error('not yet');
}
export function finishImport(_ss: Spreadsheet, _now: Date, _request: unknown): ImportFinishReply {
  throw new Error('not yet');
}
export function importSheets(_ss: Spreadsheet): ImportSheet[] {
  throw new Error('not yet');
}
export function readImportSheet(
  _ss: Spreadsheet,
  _name: unknown,
  _from: unknown,
  _count: unknown,
): ImportSheetRows {
  throw new Error('not yet');
}
