import { CUSTOMER_COLUMNS, MENU, SHEET, type ColumnLabel, type CustomerField } from '../labels';
import { OwnerError } from '../core/errors';
import {
  HEADER_SEARCH_ROWS,
  headerRowIndex,
  exactHeader,
  matchHeaders,
  readTable,
  rowRecords,
  type Table,
} from './table';
import { countTags, tagColumn, taggedColumns, taggedSheetIds } from './tags';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Thrown when the workbook cannot be processed at all; the message is for the owner. */
export class WorkbookError extends OwnerError {}

/** Names the customer list goes by (contract section 2), compared after NFKC with spaces at the ends ignored. */
export const CUSTOMER_SHEET_NAMES = ['顧客', '顧客リスト', '顧客一覧', 'お客様', 'お客様リスト'] as const;

/** A sheet name as compared: NFKC (full-width letters and spaces become half-width), spaces at either end dropped. */
export function sheetNameKey(name: string): string {
  return name.normalize('NFKC').trim();
}

/** Tsunagu's own sheets: some hold 顧客ID and 氏名 too, and are never the customer list. */
const OWN_SHEETS: ReadonlySet<string> = new Set(
  Object.values(SHEET)
    .filter((name) => name !== SHEET.customers)
    .map(sheetNameKey),
);

const CUSTOMER_NAMES: ReadonlySet<string> = new Set(CUSTOMER_SHEET_NAMES);

/** Whether a sheet of this name is a customer list by its name alone (findCustomerSheet's second way). */
export function isCustomerSheetName(name: string): boolean {
  return CUSTOMER_NAMES.has(sheetNameKey(name));
}

/** Whether a sheet of this name is one of Tsunagu's own (never the customer list). */
export function isOwnSheetName(name: string): boolean {
  return OWN_SHEETS.has(sheetNameKey(name));
}

export type CustomerSheetSearch = (
  | { kind: 'found'; sheet: Sheet; name?: string; by: 'choice' | 'name' | 'headers' }
  | { kind: 'ambiguous'; candidates: Sheet[] }
  | { kind: 'none' }
) & { named?: NamedSheet[] };

/** A sheet with the name read once while looking for the customer list. */
export interface NamedSheet {
  sheet: Sheet;
  name: string;
}

/** Finds a sheet by its exact name (getSheetByName), or null. */
export type SheetLookup = (name: string) => Sheet | null;

/**
 * A lookup that answers from the names already read (exact, then ignoring case as sheet names are unique that way),
 * so a run that listed the sheets to find the customer list asks Sheets for none of them again.
 */
export function sheetLookup(ss: Spreadsheet, named?: readonly NamedSheet[]): SheetLookup {
  if (!named) return (name) => ss.getSheetByName(name);
  return (name) =>
    (named.find((n) => n.name === name) ?? named.find((n) => n.name.toLowerCase() === name.toLowerCase()))
      ?.sheet ?? null;
}

/** The sheet last found by its headers, kept between runs by its id (a document property; see findCustomerSheet). */
export interface SheetMemo {
  load(): number | null;
  save(sheetId: number | null): void;
}

/**
 * Where the customer list is (contract section 2): the sheet the owner picked (remembered by its id, so a rename
 * keeps it); else the one sheet named like a customer list; else the one sheet whose header row (in its first
 * rows) holds 顧客ID and 氏名. More than one candidate is ambiguous: nothing is planned until the owner picks one.
 * The sheet found by its headers is remembered (`byHeaders`, apart from the owner's choice, which still wins): the
 * next run checks only that sheet's header instead of every sheet's and the tags, and searches again only when it
 * is gone, renamed to one of Tsunagu's own, or no longer holds 顧客ID and 氏名.
 */
export function findCustomerSheet(
  ss: Spreadsheet,
  chosenId: number | null,
  byHeaders?: SheetMemo,
): CustomerSheetSearch {
  const sheets = ss.getSheets();
  if (chosenId !== null) {
    const chosen = sheets.find((s) => s.getSheetId() === chosenId);
    if (chosen) return { kind: 'found', sheet: chosen, by: 'choice' };
  }
  const named = sheets.map((sheet) => {
    const name = sheet.getName();
    return { sheet, name, key: sheetNameKey(name) };
  });
  const byName = named.filter((n) => isCustomerSheetName(n.name));
  if (byName.length === 1)
    return { kind: 'found', sheet: byName[0].sheet, name: byName[0].name, by: 'name', named };
  if (byName.length > 1) return { kind: 'ambiguous', candidates: byName.map((n) => n.sheet), named };
  const others = named.filter((n) => !OWN_SHEETS.has(n.key));
  const rememberedId = byHeaders?.load() ?? null;
  if (rememberedId !== null) {
    const remembered = others.find((n) => n.sheet.getSheetId() === rememberedId);
    if (remembered && holdsCustomerHeaders(remembered.sheet))
      return { kind: 'found', sheet: remembered.sheet, name: remembered.name, by: 'headers', named };
  }
  const found = searchByHeaders(ss, others);
  const foundId = found.kind === 'found' ? found.sheet.getSheetId() : null;
  if (byHeaders && foundId !== rememberedId) byHeaders.save(foundId);
  return { ...found, named };
}

/** Every owner's sheet whose header row holds 顧客ID and 氏名, leaving out the ones Tsunagu tagged as its own. */
function searchByHeaders(ss: Spreadsheet, others: readonly NamedSheet[]): CustomerSheetSearch {
  if (others.length === 0) return { kind: 'none' };
  const own = taggedSheetIds(ss);
  const byHeaders = others.filter((n) => !own.has(n.sheet.getSheetId()) && holdsCustomerHeaders(n.sheet));
  if (byHeaders.length === 1)
    return { kind: 'found', sheet: byHeaders[0].sheet, name: byHeaders[0].name, by: 'headers' };
  if (byHeaders.length > 1) return { kind: 'ambiguous', candidates: byHeaders.map((n) => n.sheet) };
  return { kind: 'none' };
}

/** Whether a sheet's first rows hold a header row with 顧客ID and 氏名 (or their aliases). */
export function holdsCustomerHeaders(sheet: Sheet): boolean {
  const rows = Math.min(sheet.getLastRow(), HEADER_SEARCH_ROWS);
  const columns = sheet.getLastColumn();
  if (rows < 1 || columns < 1) return false;
  const top = sheet.getRange(1, 1, rows, columns).getValues();
  return (
    matchHeaders(top[headerRowIndex(top, CUSTOMER_COLUMNS)], CUSTOMER_COLUMNS).missingRequired.length === 0
  );
}

/** What the owner is told when more than one sheet could be the customer list. */
export function ambiguousMessage(candidates: readonly Sheet[], menuPath: string): string {
  const names = candidates.map((s) => `「${s.getName()}」`).join('');
  return `顧客の一覧らしいシートが${candidates.length}つあります（${names}）。どれを使うか決まるまで、つなぐは計画を作りません。使うシートを開いて、${menuPath}を押してください（選んだシートは名前を変えても覚えています）。`;
}

/**
 * The customer list as a table, or a WorkbookError saying what to do: no sheet found, more than one candidate, or
 * a required header missing.
 */
export function customersTable(
  ss: Spreadsheet,
  chosenId: number | null,
  /** Where a menu item is (menuPath in app/menu-path.ts). */
  menuPath: (item: string) => string,
  byHeaders?: SheetMemo,
): { table: Table<CustomerField>; lookup: SheetLookup } {
  const search = findCustomerSheet(ss, chosenId, byHeaders);
  if (search.kind === 'none')
    throw new WorkbookError(
      `「${SHEET.customers}」シートが見つかりません（「顧客リスト」「お客様」などの名前のシートや、見出しに「顧客ID」と「氏名」があるシートも探しました）。顧客の一覧のシート名を「${SHEET.customers}」にするか、見出しの行に「顧客ID」と「氏名」を入れてください。新しく始めるときは、${menuPath(MENU.setup)}で作れます。`,
    );
  if (search.kind === 'ambiguous')
    throw new WorkbookError(ambiguousMessage(search.candidates, menuPath(MENU.chooseCustomers)));
  const table = readTable(search.sheet, CUSTOMER_COLUMNS);
  table.name = search.name;
  if (table.missingRequired.length > 0) {
    throw new WorkbookError(
      `「${search.sheet.getName()}」シートに見出し「${table.missingRequired.join('」「')}」がありません。上から${HEADER_SEARCH_ROWS}行までの見出しの行に追加してから、もう一度実行してください（「顧客ID」は「顧客番号」「会員番号」、「氏名」は「お名前」なども使えます）。`,
    );
  }
  return { table, lookup: sheetLookup(ss, search.named) };
}

/** Fields of Tsunagu's own columns (marked system in the labels). */
export function systemFields<F extends string>(spec: Readonly<Record<F, ColumnLabel>>): F[] {
  return (Object.keys(spec) as F[]).filter((f) => spec[f].system);
}

/**
 * Tells Tsunagu's own columns from an owner's column of the same name, before anything is written (contract
 * section 2). A column named exactly like a system column (次回連絡日 … 要確認; 「理由（来店のきっかけ）」 is the
 * owner's and never matched, see exactHeader) that Tsunagu tagged is its own. One that is
 * not tagged is the owner's when it has data in it: the run stops with a message naming it. An untagged empty one
 * is adopted (tagged). `adoptAll` is the one-time migration of a workbook Tsunagu ran on before it tagged its
 * columns: its untagged system columns are Tsunagu's own, data and all, and are adopted. When the owner's column
 * comes before a tagged column of the same name, the tagged one is used.
 */
export function checkSystemColumns<F extends string>(
  table: Table<F>,
  spec: Readonly<Record<F, ColumnLabel>>,
  adoptAll: boolean,
  memo?: TagMemo,
): void {
  const fields = systemFields(spec).filter((f) => table.columns[f] !== undefined);
  if (fields.length === 0) return;
  const signature = headerSignature(table);
  const { conflicts, adopt } = classifySystemColumns(table, spec, adoptAll, signature, memo);
  if (conflicts.length > 0) throw new WorkbookError(systemConflictMessage(table, conflicts));
  for (const [column, header] of adopt) tagColumn(table.sheet, column, header);
  if (memo) rememberTags(table, spec, memo, signature);
}

/**
 * What checkSystemColumns would stop on, without writing anything (no tag, no memo): the message naming the owner's
 * columns under a system column's name, or '' when there are none. The 初期設定 wizard shows it before it writes.
 */
export function systemColumnConflicts<F extends string>(
  table: Table<F>,
  spec: Readonly<Record<F, ColumnLabel>>,
  adoptAll: boolean,
  memo?: TagMemo,
): string {
  if (!systemFields(spec).some((f) => table.columns[f] !== undefined)) return '';
  const copy = { ...table, columns: { ...table.columns } };
  const { conflicts } = classifySystemColumns(copy, spec, adoptAll, headerSignature(copy), memo);
  return conflicts.length > 0 ? systemConflictMessage(table, conflicts) : '';
}

/**
 * Each system column found: Tsunagu's own (tagged; an untagged one named like a tagged one is skipped for it, and
 * table.columns moves to the tagged one), to adopt (untagged and empty, or the one-time migration), or the owner's
 * (untagged with data): a conflict.
 */
function classifySystemColumns<F extends string>(
  table: Table<F>,
  spec: Readonly<Record<F, ColumnLabel>>,
  adoptAll: boolean,
  signature: string,
  memo?: TagMemo,
): { conflicts: string[]; adopt: [number, string][] } {
  const fields = systemFields(spec).filter((f) => table.columns[f] !== undefined);
  const tagged = knownTags(table, signature, memo);
  const conflicts: string[] = [];
  const adopt: [number, string][] = [];
  for (const field of fields) {
    const column = table.columns[field] as number;
    if (tagged.has(column + 1)) continue;
    const name = exactHeader(spec[field].header);
    const own = [...tagged].find((c) => exactHeader(table.header[c - 1]) === name);
    if (own !== undefined) {
      table.columns[field] = own - 1;
      continue;
    }
    const hasData = table.rows.some((row) => String(row[column] ?? '').trim() !== '');
    if (hasData && !adoptAll) conflicts.push(String(table.header[column]).trim());
    else adopt.push([column + 1, spec[field].header]);
  }
  return { conflicts, adopt };
}

function systemConflictMessage(table: Table<string>, conflicts: readonly string[]): string {
  const list = conflicts.map((h) => `「${h}」`).join('');
  return `「${table.sheet.getName()}」シートの${list}列は、お店で使っている列のようです（つなぐが作った列ではなく、中身が入っています）。つなぐはこの名前の列に書き込むため、何も書き込まずに止めました。この列の見出しを${conflicts.map((h) => `「お店の${h}」`).join('')}など別の名前に変えてから、もう一度実行してください（つなぐは自分の列を右端に新しく作ります）。`;
}

/**
 * Remembers where the system columns are now (all tagged once checkSystemColumns or ensureColumns ran), with the
 * header row they were read with, so the next run need not read each tag's column (see knownTags).
 */
export function rememberTags<F extends string>(
  table: Table<F>,
  spec: Readonly<Record<F, ColumnLabel>>,
  memo: TagMemo,
  signature = headerSignature(table),
): void {
  const columns = systemFields(spec)
    .map((f) => table.columns[f])
    .filter((c): c is number => c !== undefined)
    .map((c) => c + 1);
  memo.save(JSON.stringify({ header: signature, columns }));
}

/** Where the columns checked last time were, kept between runs (a document property; see knownTags). */
export interface TagMemo {
  load(): string | null;
  save(text: string): void;
}

/** The header row as it stands, with the sheet's name and the row it is on. */
function headerSignature(table: Table<string>): string {
  const name = table.name ?? table.sheet.getName();
  return [name, table.headerRow, ...table.header.map(exactHeader)].join('\u0001');
}

/**
 * The tagged columns, as cheaply as is safe. Reading each tag's column costs three calls a tag; a run whose header
 * row is exactly as it was when the tags were last read (same sheet, same row, same headers in the same places)
 * and that finds as many tags (one finder call) has its tags where they were: metadata moves with its column, and
 * a column moved, renamed, added or deleted changes the header row or the count. Otherwise each tag is read.
 */
function knownTags(table: Table<string>, signature: string, memo?: TagMemo): Set<number> {
  const remembered = memo ? parseMemo(memo.load()) : null;
  if (remembered && remembered.header === signature) {
    if (countTags(table.sheet) === remembered.columns.length) return new Set(remembered.columns);
  }
  return taggedColumns(table.sheet);
}

function parseMemo(text: string | null): { header: string; columns: number[] } | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(text) as { header?: unknown; columns?: unknown };
    if (typeof parsed.header !== 'string' || !Array.isArray(parsed.columns)) return null;
    if (!parsed.columns.every((c) => Number.isInteger(c))) return null;
    return { header: parsed.header, columns: parsed.columns as number[] };
  } catch {
    return null;
  }
}

/** The rows of a simple owner-edited sheet (設定, カテゴリ, テンプレート, 空き枠) by position after the header. */
export function plainRows(
  ss: Spreadsheet,
  name: string,
  headers: readonly string[],
  lookup: SheetLookup = sheetLookup(ss),
): unknown[][] | null {
  return plainTable(ss, name, headers, lookup)?.rows ?? null;
}

/**
 * The rows of a simple owner-edited sheet by position after the header (a missing column reads as ''), with the
 * headers its header row lacks (a header the owner renamed: 「状態」 written 「予約状況」), so the reader can tell
 * a column that is not there from cells left blank. A sheet with no row filled in below its header lacks nothing.
 */
export function plainTable(
  ss: Spreadsheet,
  name: string,
  headers: readonly string[],
  lookup: SheetLookup = sheetLookup(ss),
): { rows: unknown[][]; missing: string[] } | null {
  const sheet = lookup(name);
  if (!sheet) return null;
  const spec = Object.fromEntries(headers.map((h) => [h, { header: h } satisfies ColumnLabel])) as Record<
    string,
    ColumnLabel
  >;
  const table = readTable(sheet, spec);
  const filled = table.rows.some((row) => row.some((cell) => String(cell ?? '').trim() !== ''));
  const missing = filled ? headers.filter((h) => table.columns[h] === undefined) : [];
  return { rows: rowRecords(table).map((record) => headers.map((h) => record[h] ?? '')), missing };
}

/**
 * Whether every system column found is Tsunagu's own (tagged) as checkSystemColumns would find it, nothing to adopt
 * and no owner's column under a system name, without writing anything: a caller that read only some rows (the
 * sidebar's targeted actions) writes only then, and reads the whole sheet otherwise. table.columns follows the
 * tagged columns.
 */
export function systemColumnsSettled<F extends string>(
  table: Table<F>,
  spec: Readonly<Record<F, ColumnLabel>>,
  memo?: TagMemo,
): boolean {
  const { conflicts, adopt } = classifySystemColumns(table, spec, false, headerSignature(table), memo);
  return conflicts.length === 0 && adopt.length === 0;
}
