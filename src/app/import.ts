/**
 * 「CSVを取り込む」 on the server (issue 17, contract section 2 来店履歴). The browser (or the local runner) reads the
 * file and sends it in parts through src/shared/import-driver.ts; each call here runs under the script lock, reads
 * 顧客 and 来店履歴 in whole blocks and writes only 来店履歴 and — for the new customers the owner confirmed — new rows
 * at the end of 顧客. Nothing of the file is kept anywhere else.
 */
import { OwnerError } from '../core/errors';
import { readCustomers } from '../core/customers';
import { instantOfDay, isoDay, slashDay } from '../core/day';
import { normalizeText, parseCount, parseYen, utf8Length } from '../core/parse';
import { readMoment, type Moment } from '../core/slots';
import { categoryOfMenu } from '../core/categories';
import { sameCustomerId } from '../core/line-links';
import {
  GENERAL,
  LAYOUTS,
  kindOf,
  labelFromFileName,
  mappingProblem,
  recognise,
  signatureOf,
  type Layout,
} from '../core/import/layouts';
import { CustomerIndex, identityOf } from '../core/import/match';
import { phoneText } from '../core/import/values';
import { foldedCount } from '../core/import/fold';
import {
  IMPORT_FIELDS,
  IMPORT_FIELD_LABELS,
  type ImportMapping,
  type ImportRow,
  type ImportSource,
} from '../core/import/model';
import { fillDownSales, momentOfText, momentText, readImportRow, type RowContext } from '../core/import/rows';
import { nextCustomerIds } from '../core/import/ids';
import {
  importKey,
  knownIdentities,
  phoneTail,
  shortHash,
  type WantedIdentities,
  planVisitWrite,
  sourceLabels,
  type KeyedVisit,
  type VisitRow,
} from '../core/import/visit-log';
import { CUSTOMER_COLUMNS, SHEET, VISIT_COLUMNS, type VisitField } from '../labels';
import type {
  ImportAddReply,
  ImportAddRequest,
  ImportCheckReply,
  ImportFinishReply,
  ImportFinishRequest,
  ImportPartRequest,
  ImportPerson,
  ImportRowCheck,
  ImportSheet,
  ImportSheetRows,
  ImportStartReply,
  ImportStartRequest,
  ImportWriteReply,
} from '../shared/import-types';
import { isOwnSheetName, sheetLookup, type SheetLookup } from '../sheets/find-sheets';
import {
  appendRows,
  firstDataRow,
  readTable,
  rowRecords,
  PLAIN_TEXT,
  sameCell,
  trimColumns,
  writeCells,
  type CellChange,
  type Table,
} from '../sheets/table';
import { createTable } from './setup';
import { categoriesOf, customerSheetTable, settingsOf } from './workbook';
import { zonedNow } from './zone';
import { documentProperties } from './document-properties';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Corrected mappings by header signature (document property): { [signature]: { mapping, label } }. */
const MAPPINGS_PROPERTY = 'tsunagu.import.mappings';
/** The owner's 次回予約日 cell as it read when an import last set that customer's booking: { [顧客ID]: text }. */
export const OWNER_BOOKINGS_PROPERTY = 'tsunagu.import.ownerBookings';
/** How many properties it may take (8 KB each). */
const OWNER_BOOKING_CHUNKS = 6;
/** How many corrected layouts are remembered (the property's 9 KB). */
const REMEMBERED_LAYOUTS = 20;

class BadRequest extends OwnerError {}

// ——— Reading what the browser sent ———

function isStringGrid(value: unknown): value is string[][] {
  return (
    Array.isArray(value) && value.every((r) => Array.isArray(r) && r.every((c) => typeof c === 'string'))
  );
}

function mappingOf(value: unknown, width: number): ImportMapping | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object')
    throw new BadRequest('列の対応を読めませんでした。もう一度ファイルを選んでください。');
  const mapping: ImportMapping = {};
  for (const field of IMPORT_FIELDS) {
    const column = (value as Record<string, unknown>)[field];
    if (column === undefined || column === null) continue;
    if (typeof column !== 'number' || !Number.isInteger(column) || column < 0 || column >= width)
      throw new BadRequest('列の対応を読めませんでした。もう一度ファイルを選んでください。');
    mapping[field] = column;
  }
  return mapping;
}

function sourceOf(value: unknown): ImportSource {
  const v = value as Partial<ImportSource> | null;
  if (
    !v ||
    typeof v.layout !== 'string' ||
    typeof v.label !== 'string' ||
    (v.kind !== 'visits' && v.kind !== 'customers') ||
    typeof v.signature !== 'string' ||
    v.label.trim() === ''
  )
    throw new BadRequest('取り込みの情報を読めませんでした。もう一度ファイルを選んでください。');
  return { layout: v.layout, label: v.label.trim().slice(0, 40), kind: v.kind, signature: v.signature };
}

interface PartRequest {
  source: ImportSource;
  mapping: ImportMapping;
  importedAt: Moment;
  rows: ImportRow[];
  decisions: Record<string, string>;
}

function partOf(request: unknown): PartRequest {
  const r = request as Partial<ImportPartRequest> | null;
  if (!r || typeof r !== 'object')
    throw new BadRequest('取り込みの情報を読めませんでした。もう一度ファイルを選んでください。');
  const source = sourceOf(r.source);
  const importedAt = typeof r.importedAt === 'string' ? momentOfText(r.importedAt) : null;
  if (!importedAt || !Array.isArray(r.rows))
    throw new BadRequest('取り込みの情報を読めませんでした。もう一度ファイルを選んでください。');
  const rows: ImportRow[] = [];
  let width = 0;
  for (const row of r.rows as unknown[]) {
    const x = row as Partial<ImportRow>;
    if (!x || typeof x.line !== 'number' || !isStringGrid([x.cells ?? null]))
      throw new BadRequest('ファイルの行を読めませんでした。もう一度ファイルを選んでください。');
    rows.push({ line: x.line, cells: x.cells as string[] });
    width = Math.max(width, (x.cells as string[]).length);
  }
  const decisions: Record<string, string> = {};
  if (r.decisions && typeof r.decisions === 'object')
    for (const [k, v] of Object.entries(r.decisions)) if (typeof v === 'string') decisions[k] = v;
  return { source, mapping: mappingOf(r.mapping, Math.max(width, 1_000)) ?? {}, importedAt, rows, decisions };
}

// ——— Remembered mappings ———

interface Remembered {
  mapping: ImportMapping;
  label: string;
  /** The first headers of the file, for the 設定 tab to name the layout by. */
  headers?: string[];
}

function rememberedMappings(): Record<string, Remembered> {
  try {
    const parsed = JSON.parse(documentProperties().getProperty(MAPPINGS_PROPERTY) ?? '{}');
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Remembered>) : {};
  } catch {
    return {};
  }
}

/** A document property holds at most 9 KB (Apps Script quotas: "Properties value size 9kB / val"); keep under it. */
const PROPERTY_BYTES = 8_000;

/**
 * Writes `entries` (oldest first) as one JSON object, dropping the oldest until it fits in a property. Returns
 * false when even that failed: what is remembered is a convenience, never a reason for an import to stop.
 */
function saveBounded(key: string, entries: [string, unknown][]): boolean {
  let kept = entries;
  let json = JSON.stringify(Object.fromEntries(kept));
  while (kept.length > 0 && utf8Length(json) > PROPERTY_BYTES) {
    kept = kept.slice(1);
    json = JSON.stringify(Object.fromEntries(kept));
  }
  try {
    documentProperties().setProperty(key, json);
    return true;
  } catch (error) {
    console.warn(`${key} not saved: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
}

/** The key a header row's corrected mapping is kept under: short, whatever the width of the export. */
export function layoutKey(signature: string): string {
  return shortHash(signature);
}

function remember(signature: string, entry: Remembered): boolean {
  const all = rememberedMappings();
  const key = layoutKey(signature);
  delete all[key];
  const entries = Object.entries(all) as [string, unknown][];
  entries.push([key, { ...entry, headers: headersFromSignature(signature).slice(0, 4) }]);
  return saveBounded(MAPPINGS_PROPERTY, entries.slice(-REMEMBERED_LAYOUTS));
}

/**
 * The remembered layouts for the 設定 tab, newest first: the key each is kept under (`signature`, what 「忘れる」
 * sends back), its label and the first headers of its files.
 */
export function rememberedLayouts(): { signature: string; label: string; headers: string[] }[] {
  return Object.entries(rememberedMappings())
    .filter(([, entry]) => entry && typeof entry === 'object')
    .map(([signature, entry]) => ({
      signature,
      label: typeof entry.label === 'string' ? entry.label : '',
      headers: Array.isArray(entry.headers) ? entry.headers.filter((h) => typeof h === 'string') : [],
    }))
    .reverse();
}

/** 「忘れる」: that layout's files are recognised afresh (by a preset or the general layout). */
export function forgetLayout(signature: string): boolean {
  const all = rememberedMappings();
  if (!Object.prototype.hasOwnProperty.call(all, signature)) return false;
  delete all[signature];
  const props = documentProperties();
  if (Object.keys(all).length === 0) props.deleteProperty(MAPPINGS_PROPERTY);
  else props.setProperty(MAPPINGS_PROPERTY, JSON.stringify(all));
  return true;
}

// ——— startImport ———

export function startImport(ss: Spreadsheet, now: Date, request: unknown): ImportStartReply {
  const r = request as Partial<ImportStartRequest> | null;
  if (!r || typeof r.fileName !== 'string' || !isStringGrid(r.head))
    throw new BadRequest('ファイルを読めませんでした。もう一度ファイルを選んでください。');
  const { today, minutes } = zonedNow(ss, now);
  const importedAt = momentText({ day: today, minutes });
  const found = recognise(r.head);
  if (!found) {
    return {
      ok: false,
      message:
        'ファイルの上のほうに見出しの行（来店日・氏名・電話番号などの列名）が見つかりません。予約や会計のシステムから書き出したCSVファイルか確かめてください。',
      source: { layout: GENERAL.id, label: labelFromFileName(r.fileName), kind: 'visits', signature: '' },
      headerIndex: -1,
      headers: [],
      mapping: {},
      fields: [],
      remembered: false,
      importedAt,
    };
  }
  const signature = signatureOf(found.headers);
  const corrected = mappingOf(r.mapping, found.headers.length);
  const label = typeof r.label === 'string' && r.label.trim() ? r.label.trim().slice(0, 40) : '';
  const saved = rememberedMappings()[layoutKey(signature)];
  let mapping = found.mapping;
  let remembered = false;
  let name = found.layout.label || labelFromFileName(r.fileName);
  if (corrected) {
    mapping = corrected;
    name = label || name;
    // A correction that still cannot import is not remembered: the next file would start from it.
    remembered =
      mappingProblem(mapping, kindOf(found.layout, mapping)) === '' &&
      remember(signature, { mapping, label: name });
  } else if (saved) {
    mapping = mappingOf(saved.mapping, found.headers.length) ?? mapping;
    name = saved.label || name;
    remembered = true;
  }
  const kind = kindOf(found.layout, mapping);
  const problem = mappingProblem(mapping, kind);
  return {
    ok: problem === '',
    message: problem,
    source: { layout: found.layout.id, label: name, kind, signature },
    headerIndex: found.headerIndex,
    headers: found.headers,
    mapping,
    fields: IMPORT_FIELDS.map((field) => ({
      field,
      label: IMPORT_FIELD_LABELS[field],
      column: mapping[field] ?? null,
    })),
    remembered,
    importedAt,
  };
}

// ——— What a part reads ———

interface PartContext {
  timeZone: string;
  layout: Layout;
  rowContext: RowContext;
  customers: ReturnType<typeof readCustomers>;
  customerTable: Table<keyof typeof CUSTOMER_COLUMNS>;
  index: CustomerIndex;
  visits: VisitLog;
  lookup: SheetLookup;
}

function layoutOf(source: ImportSource): Layout {
  return LAYOUTS.find((l) => l.id === source.layout) ?? GENERAL;
}

function contextOf(ss: Spreadsheet, part: PartRequest): PartContext {
  const { timeZone, today } = zonedNow(ss, new Date());
  const { table, lookup } = customerSheetTable(ss);
  const { settings } = settingsOf(ss, timeZone, lookup);
  const customers = readCustomers(rowRecords(table), {
    timeZone,
    regularVisits: settings.regularVisits,
    today,
  });
  const visits = readVisitLog(ss, timeZone, lookup);
  const layout = layoutOf(part.source);
  // The headers are not sent with each part: a preset's own rules (取引区分, キャンセル日時) need them, so the
  // part's mapping stands for them.
  return {
    timeZone,
    layout,
    rowContext: {
      layout,
      kind: part.source.kind,
      mapping: part.mapping,
      headers: headersFromSignature(part.source.signature),
      timeZone,
      now: part.importedAt,
    },
    customers,
    customerTable: table,
    index: new CustomerIndex(customers, knownIdentities(visits.rows, wantedBy(part))),
    visits,
    lookup,
  };
}

/** The 外部ID and phone tails of a part's rows (knownIdentities looks at no other 来店履歴 row). */
function wantedBy(part: PartRequest): WantedIdentities {
  const cell = (row: ImportRow, column: number | undefined) =>
    column === undefined ? '' : (row.cells[column] ?? '');
  const externalIds = new Set<string>();
  const phoneTails = new Set<string>();
  for (const row of part.rows) {
    const ext = normalizeText(cell(row, part.mapping.externalId));
    if (ext) externalIds.add(ext);
    const tail = phoneTail(cell(row, part.mapping.phone));
    if (tail) phoneTails.add(tail);
  }
  return { externalIds, phoneTails };
}

/** The header row as the signature keeps it (normalised, which is how presets match them). */
function headersFromSignature(signature: string): string[] {
  return signature === '' ? [] : signature.split('|');
}

interface ReadPart {
  check: ImportRowCheck;
  keyed?: { visit: KeyedVisit['visit']; identity: string; key: string };
}

function readPart(part: PartRequest, ctx: PartContext): ReadPart[] {
  const out: ReadPart[] = [];
  const rows = fillDownSales(part.rows, part.mapping);
  for (const row of rows) {
    const read = readImportRow(row, ctx.rowContext);
    const blank: ImportRowCheck = {
      line: row.line,
      identity: '',
      status: 'skipped',
      customerId: '',
      name: '',
      why: '',
      candidates: [],
      visit: false,
      booking: false,
      key: '',
      visitDay: '',
      bookingDay: '',
      bookingKey: '',
      phone: '',
      email: '',
      kana: '',
      emailOptOut: false,
    };
    if (!read.ok) {
      out.push({ check: { ...blank, why: read.why } });
      continue;
    }
    const v = read.visit;
    const identity = identityOf(v, part.source.label);
    if (!identity) {
      out.push({
        check: { ...blank, why: 'お客様を特定できる値（氏名・電話番号・会員番号など）が空です' },
      });
      continue;
    }
    const transaction =
      part.mapping.transactionId === undefined
        ? ''
        : normalizeText(row.cells[part.mapping.transactionId] ?? '');
    const key = importKey(part.source.layout, v, transaction, identity);
    const match = ctx.index.match(v, identity);
    // Someone new with no name cannot be a customer to write to (「様」 alone): the owner adds them by hand.
    if (match.status === 'new' && !v.name) {
      out.push({
        check: {
          ...blank,
          why: 'お名前がないため、新しいお客様として追加できません（顧客に名前を入れてから、もう一度取り込んでください）',
        },
      });
      continue;
    }
    out.push({
      check: {
        ...blank,
        identity,
        status: match.status,
        customerId: match.customerId,
        name: v.name,
        why: match.why,
        candidates: match.candidates,
        visit: v.at !== undefined,
        booking: v.booking !== undefined,
        key,
        visitDay: v.at ? isoDay(v.at.day) : '',
        bookingDay: v.booking ? isoDay(v.booking.day) : '',
        bookingKey: v.booking ? key : '',
        phone: v.phone,
        email: v.email,
        kana: v.kana,
        emailOptOut: v.emailOptOut === true,
      },
      keyed: { visit: v, identity, key },
    });
  }
  return out;
}

// ——— checkImportPart ———

export function checkImportPart(ss: Spreadsheet, _now: Date, request: unknown): ImportCheckReply {
  const part = partOf(request);
  const ctx = contextOf(ss, part);
  return { rows: readPart(part, ctx).map((r) => r.check) };
}

// ——— writeImportPart ———

export function writeImportPart(ss: Spreadsheet, _now: Date, request: unknown): ImportWriteReply {
  const part = partOf(request);
  const ctx = contextOf(ss, part);
  const read = readPart(part, ctx);
  const reply: ImportWriteReply = { added: 0, merged: 0, already: 0, skipped: 0, problems: [] };
  const incoming: KeyedVisit[] = [];
  for (const r of read) {
    if (!r.keyed) {
      reply.skipped++;
      continue;
    }
    const { check } = r;
    // The owner's decision in the preview stands over what the row looks like now.
    const decision = part.decisions[check.identity];
    let customerId = '';
    if (decision && decision !== 'skip') {
      const chosen = ctx.index.customer(decision);
      if (chosen) customerId = chosen.id;
      else
        reply.problems.push(
          `${check.line}行目: 選んだ顧客ID「${decision}」のお客様が顧客に見当たらないため、取り込みませんでした。顧客の一覧を確かめてから、同じファイルをもう一度選んでください`,
        );
    } else if (!decision && check.status === 'matched') customerId = check.customerId;
    if (!customerId) {
      reply.skipped++;
      continue;
    }
    incoming.push({ visit: r.keyed.visit, customerId, key: r.keyed.key });
  }
  const { categories } = categoriesOf(ss, ctx.lookup);
  const usedCategories = new Set(ctx.customers.map((c) => c.category).filter((c): c is string => !!c));
  const plan = planVisitWrite(ctx.visits.rows, incoming, part.source.label, part.importedAt, (menu) =>
    categoryOfMenu(menu, categories, usedCategories),
  );
  reply.added = plan.added;
  reply.merged = plan.merged;
  reply.already = plan.already;
  writeVisits(ss, ctx, plan.appends, plan.updates);
  // Only the bookings this part set or moved: an old file read again adds nothing and remembers nothing.
  rememberOwnerBookings(ctx, [...plan.appends, ...plan.updates]);
  // An existing customer the source says unsubscribed: 顧客 is the owner's, so the owner is told, once per person.
  const told = new Set<string>();
  for (const v of incoming) {
    const c = v.visit.emailOptOut ? ctx.index.customer(v.customerId) : undefined;
    if (!c || c.optOut.has('メール') || told.has(c.id)) continue;
    told.add(c.id);
    reply.problems.push(
      `${c.name}様（${c.id}）は${part.source.label}でメールの配信停止になっています。顧客の「配信停止」に「メール」を入れてください`,
    );
  }
  return reply;
}

// ——— addImportCustomers ———

function personOf(value: unknown): ImportPerson | null {
  const p = value as Partial<ImportPerson> | null;
  if (!p || typeof p !== 'object') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v.trim().slice(0, 200) : '');
  if (typeof p.identity !== 'string' || p.identity === '') return null;
  return {
    identity: p.identity,
    name: text(p.name),
    kana: text(p.kana),
    phone: text(p.phone),
    email: text(p.email),
    emailOptOut: p.emailOptOut === true,
    notIds: Array.isArray(p.notIds) ? p.notIds.filter((id): id is string => typeof id === 'string') : [],
  };
}

/** The cells a new 顧客 row gets, by field: 顧客ID, 氏名, ふりがな, 電話, メール (配信停止 メール when unsubscribed). */
function newCustomerCells(
  id: string,
  p: ImportPerson,
): Partial<Record<keyof typeof CUSTOMER_COLUMNS, string>> {
  return {
    id,
    name: p.name,
    kana: p.kana,
    phone: phoneText(p.phone),
    email: p.email,
    // The source's own unsubscribe is the customer's word: the new row starts with it.
    optOut: p.emailOptOut ? 'メール' : '',
  };
}

/**
 * The new customers the owner confirmed, appended to 顧客 in one setValues, with 顧客ID continuing the owner's
 * pattern and never one that 顧客, 来店履歴 or 連絡履歴 names. A call sent twice (or an import chosen again after it
 * stopped) finds the rows it already added — rows with exactly these cells — and adds nothing. Existing rows are never changed.
 */
export function addImportCustomers(ss: Spreadsheet, _now: Date, request: unknown): ImportAddReply {
  const r = request as Partial<ImportAddRequest> | null;
  if (!r || typeof r !== 'object' || !Array.isArray(r.people))
    throw new BadRequest('取り込みの情報を読めませんでした。もう一度ファイルを選んでください。');
  sourceOf(r.source);
  const people = r.people.map(personOf).filter((p): p is ImportPerson => p !== null);
  const { timeZone } = zonedNow(ss, new Date());
  const { table, lookup } = customerSheetTable(ss);
  const ids: Record<string, string> = {};
  // Rows with exactly the cells this import would write (but its 顧客ID) are the ones an earlier call added.
  const fields = ['name', 'kana', 'phone', 'email', 'optOut'] as const;
  const cellsKey = (cells: Partial<Record<keyof typeof CUSTOMER_COLUMNS, string>>) =>
    fields.map((f) => (table.columns[f] === undefined ? '' : normalizeText(cells[f] ?? ''))).join('|');
  const written = new Map<string, string[]>();
  for (const row of table.rows) {
    const id = normalizeText(row[table.columns.id as number]);
    if (!id) continue;
    const cells: Partial<Record<keyof typeof CUSTOMER_COLUMNS, string>> = {};
    for (const f of fields)
      if (table.columns[f] !== undefined) cells[f] = String(row[table.columns[f] as number] ?? '');
    const key = cellsKey(cells);
    written.set(key, [...(written.get(key) ?? []), id]);
  }
  const fresh: ImportPerson[] = [];
  for (const p of people) {
    // Never one of the customers the owner said this person is not; each row found serves one person.
    const not = new Set((p.notIds ?? []).map(sameCustomerId));
    const list = written.get(cellsKey(newCustomerCells('', p))) ?? [];
    const at = list.findIndex((id) => !not.has(sameCustomerId(id)));
    if (at >= 0) {
      ids[p.identity] = list[at];
      list.splice(at, 1);
    } else fresh.push(p);
  }
  const existing = table.rows.map((row) => normalizeText(row[table.columns.id as number]));
  const visits = readVisitLog(ss, timeZone, lookup).rows.map((v) => v.customerId);
  const newIds = nextCustomerIds([...existing, ...visits, ...logCustomerIds(lookup)], fresh.length);
  const rows = fresh.map((p, i) => {
    ids[p.identity] = newIds[i];
    const row = new Array<unknown>(table.width).fill('');
    for (const [field, value] of Object.entries(newCustomerCells(newIds[i], p)) as [
      keyof typeof CUSTOMER_COLUMNS,
      string,
    ][]) {
      const column = table.columns[field];
      if (column !== undefined && value) row[column] = value;
    }
    return row;
  });
  appendRows(table.sheet, rows, table.width);
  return { ids, added: rows.length };
}

/** The 顧客ID column of 連絡履歴 (one read of its header and one of that column). */
function logCustomerIds(lookup: SheetLookup): string[] {
  const sheet = lookup(SHEET.log);
  if (!sheet) return [];
  const width = sheet.getLastColumn();
  const rows = sheet.getLastRow();
  if (width < 1 || rows < 2) return [];
  const header = sheet
    .getRange(1, 1, 1, width)
    .getValues()[0]
    .map((h) => normalizeText(h));
  const column = header.indexOf('顧客ID');
  if (column < 0) return [];
  return sheet
    .getRange(2, column + 1, rows - 1, 1)
    .getValues()
    .map((r) => normalizeText(r[0]))
    .filter(Boolean);
}

// ——— finishImport ———

export function finishImport(ss: Spreadsheet, _now: Date, request: unknown): ImportFinishReply {
  const r = request as Partial<ImportFinishRequest> | null;
  if (!r || typeof r !== 'object') throw new BadRequest('取り込みの情報を読めませんでした。');
  const source = sourceOf(r.source);
  const importedAt = typeof r.importedAt === 'string' ? momentOfText(r.importedAt) : null;
  if (!importedAt) throw new BadRequest('取り込みの情報を読めませんでした。');
  const { timeZone } = zonedNow(ss, new Date());
  const lookup = sheetLookup(ss);
  const visits = readVisitLog(ss, timeZone, lookup);
  let withdrawn = 0;
  const days = r.bookingDays;
  const listed = new Set(
    Array.isArray(r.bookingKeys) ? r.bookingKeys.filter((k) => typeof k === 'string') : [],
  );
  const changes: VisitRow[] = [];
  if (days && typeof days.from === 'string' && typeof days.to === 'string' && visits.sheet) {
    for (const row of visits.rows) {
      if (row.at || !row.nextBooking || !sourceLabels(row.source).includes(source.label)) continue;
      const day = isoDay(row.nextBooking.day);
      if (day < days.from || day > days.to) continue;
      if (row.keys.some((k) => listed.has(k))) continue;
      // Still ahead when this export was made, and no longer in it: the booking was cancelled or moved.
      if (row.nextBooking.day < importedAt.day) continue;
      delete row.nextBooking;
      row.bookingWithdrawn = true;
      row.withdrawnOn = importedAt;
      changes.push(row);
      withdrawn++;
    }
    if (changes.length > 0) writeVisits(ss, { visits, timeZone }, [], changes);
  }
  const summary =
    withdrawn > 0
      ? `${source.label}の前のファイルにあって今回のファイルにない予約${withdrawn}件を、来店履歴で「予約なし」にしました。`
      : '';
  return { withdrawn, summary };
}

// ——— 来店履歴 ———

export interface VisitLog {
  sheet: GoogleAppsScript.Spreadsheet.Sheet | null;
  table: Table<VisitField> | null;
  rows: (VisitRow & { withdrawnOn?: Moment })[];
}

const WITHDRAWN = /^予約なし/;

/** 来店履歴 read in one block; no sheet yet reads as no rows. */
export function readVisitLog(
  ss: Spreadsheet,
  timeZone: string,
  lookup: SheetLookup = sheetLookup(ss),
): VisitLog {
  const sheet = lookup(SHEET.visits);
  if (!sheet) return { sheet: null, table: null, rows: [] };
  const table = readTable(sheet, VISIT_COLUMNS);
  const rows: VisitRow[] = [];
  rowRecords(table).forEach((r, index) => {
    // Tsunagu's own cells, read plainly: a long 来店履歴 is read by every part of an import.
    const text = (v: unknown) =>
      typeof v === 'string' ? v.trim() : v === null || v === undefined ? '' : normalizeText(v);
    const customerId = text(r.customerId);
    const keys = text(r.key).split(/\s+/).filter(Boolean);
    if (!customerId && keys.length === 0) return;
    const problems: string[] = [];
    const moment = (v: unknown, what: string): Moment | undefined => {
      if (v === '' || v === null || v === undefined) return undefined;
      const m = readMoment(v, timeZone);
      if (!m) problems.push(`${what}「${text(v)}」`);
      return m ?? undefined;
    };
    const at = moment(r.at, '日時');
    const bookingText = text(r.nextBooking);
    const withdrawn = WITHDRAWN.test(bookingText);
    const nextBooking = withdrawn ? undefined : moment(r.nextBooking, '次回予約日');
    const amount = typeof r.amount === 'number' ? { ok: true as const, value: r.amount } : parseYen(r.amount);
    const count =
      typeof r.visitCount === 'number'
        ? { ok: true as const, value: r.visitCount }
        : r.visitCount === '' || r.visitCount === undefined
          ? null
          : parseCount(r.visitCount);
    rows.push({
      index,
      ...(at ? { at } : {}),
      customerId,
      name: String(r.name ?? '').trim(),
      phone: String(r.phone ?? '').trim(),
      menu: String(r.menu ?? '').trim(),
      category: text(r.category),
      ...(amount && amount.ok ? { amount: amount.value } : {}),
      ...(nextBooking ? { nextBooking } : {}),
      ...(withdrawn ? { bookingWithdrawn: true as const } : {}),
      source: String(r.source ?? '').trim(),
      externalId: text(r.externalId),
      keys,
      ...(count && count.ok ? { visitCount: count.value } : {}),
      ...(problems.length > 0 ? { unreadable: problems.join('、') } : {}),
      ...folding(String(r.source ?? '')),
    });
  });
  return { sheet, table, rows };
}

/** A folded row's count, from its 出典 (core/import/fold.ts). */
function folding(source: string): { folded?: number } {
  const folded = foldedCount(source);
  return folded === undefined ? {} : { folded };
}

/** 来店履歴, made (tagged, its columns only: it grows by a row per visit) when missing. */
export function createVisitSheet(ss: Spreadsheet): GoogleAppsScript.Spreadsheet.Sheet {
  const headers = Object.values(VISIT_COLUMNS).map((c) => c.header);
  const sheet = createTable(ss, SHEET.visits, headers, []);
  trimColumns(sheet, headers.length);
  return sheet;
}

function visitSheet(ss: Spreadsheet): {
  sheet: GoogleAppsScript.Spreadsheet.Sheet;
  table: Table<VisitField>;
} {
  const sheet = ss.getSheetByName(SHEET.visits) ?? createVisitSheet(ss);
  return { sheet, table: readTable(sheet, VISIT_COLUMNS) };
}

/** 日時 and 次回予約日 are real dates (the owner can sort and filter them): the moment in the spreadsheet's zone. */
function dateOf(m: Moment | undefined, timeZone: string): Date | '' {
  return m === undefined ? '' : new Date(instantOfDay(m.day, timeZone).getTime() + m.minutes * 60_000);
}

export function visitCells(
  row: VisitRow & { withdrawnOn?: Moment },
  timeZone: string,
): Record<VisitField, unknown> {
  return {
    at: dateOf(row.at, timeZone),
    customerId: row.customerId,
    name: row.name,
    phone: row.phone,
    menu: row.menu,
    category: row.category,
    amount: row.amount ?? '',
    nextBooking: row.bookingWithdrawn
      ? `予約なし（${row.withdrawnOn ? `${slashDay(row.withdrawnOn.day)}取込で確認` : '取込で確認'}）`
      : dateOf(row.nextBooking, timeZone),
    source: row.source,
    externalId: row.externalId,
    key: row.keys.join(' '),
    visitCount: row.visitCount ?? '',
  };
}

const DATE_TIME = 'yyyy/mm/dd hh:mm';
const DATE_ONLY = 'yyyy/mm/dd';
/** Number formats of a new row: dates as dates, amounts with commas, everything else kept as the text it is. */
function visitFormats(table: Table<VisitField>, visitFormat: string): string[] {
  const formats = new Array<string>(table.width).fill(PLAIN_TEXT);
  formats[table.columns.at as number] = visitFormat;
  formats[table.columns.nextBooking as number] = DATE_TIME;
  formats[table.columns.amount as number] = '#,##0';
  formats[table.columns.visitCount as number] = '0';
  return formats;
}

/** New rows appended in one setValues; changed rows written cell by changed cell in runs (writeCells). */
function writeVisits(
  ss: Spreadsheet,
  ctx: Pick<PartContext, 'visits' | 'timeZone'>,
  appends: readonly VisitRow[],
  updates: readonly VisitRow[],
): void {
  if (appends.length === 0 && updates.length === 0) return;
  const { sheet, table } =
    ctx.visits.sheet && ctx.visits.table
      ? { sheet: ctx.visits.sheet, table: ctx.visits.table }
      : visitSheet(ss);
  const fields = Object.keys(VISIT_COLUMNS) as VisitField[];
  const missing = fields.filter((f) => table.columns[f] === undefined);
  if (missing.length > 0)
    throw new OwnerError(
      `「${SHEET.visits}」シートの見出しに「${missing.map((f) => VISIT_COLUMNS[f].header).join('」「')}」がありません。見出しを元に戻してから、もう一度取り込んでください。`,
    );
  if (updates.length > 0) {
    const changes: CellChange[] = [];
    for (const row of updates) {
      const before = table.rows[row.index] ?? [];
      const cells = visitCells(row, ctx.timeZone);
      for (const f of fields) {
        const column = table.columns[f] as number;
        if (!sameCell(before[column] ?? '', cells[f]))
          changes.push({ row: row.index, column, value: cells[f] });
      }
    }
    writeCells(sheet, changes, firstDataRow(table));
  }
  if (appends.length > 0) {
    const rows = appends.map((row) => {
      const cells = visitCells(row, ctx.timeZone);
      const out = new Array<unknown>(table.width).fill('');
      for (const f of fields) out[table.columns[f] as number] = cells[f];
      return out;
    });
    // A visit whose export gave no time (a date alone) shows as a date, not 「00:00」.
    const withTime = visitFormats(table, DATE_TIME);
    const dayOnly = visitFormats(table, DATE_ONLY);
    appendRows(sheet, rows, table.width, (_row, i) =>
      appends[i].at && appends[i].at.minutes === 0 ? dayOnly : withTime,
    );
  }
}

// ——— Owner bookings remembered at import ———

function ownerBookingTexts(
  table: Table<keyof typeof CUSTOMER_COLUMNS>,
  timeZone: string,
): Map<string, string> {
  const out = new Map<string, string>();
  const idColumn = table.columns.id;
  const column = table.columns.nextBooking;
  if (idColumn === undefined || column === undefined) return out;
  for (const row of table.rows) {
    const id = sameCustomerId(String(row[idColumn] ?? ''));
    const text = ownerBookingText(row[column], timeZone);
    if (id && text) out.set(id, text);
  }
  return out;
}

/** How the owner's 次回予約日 cell reads, comparable across runs ('' for blank). */
export function ownerBookingText(value: unknown, timeZone: string): string {
  const m = readMoment(value, timeZone);
  return m ? `${m.day}-${m.minutes}` : normalizeText(value);
}

/**
 * Remembers, for the customers this part gave a booking, how their own 次回予約日 cell read then (a short hash; no
 * entry for a blank cell). Kept over a few properties; when full, the oldest go, and a customer forgotten that way
 * has their own cell win (import/facts.ts: a cell that reads differently from when the import set the booking).
 */
function rememberOwnerBookings(ctx: PartContext, written: readonly VisitRow[]): void {
  const touched = new Set(written.filter((r) => r.nextBooking).map((r) => sameCustomerId(r.customerId)));
  if (touched.size === 0) return;
  const now = ownerBookingTexts(ctx.customerTable, ctx.timeZone);
  const saved = ownerBookingsAtImport();
  for (const id of touched) {
    delete saved[id];
    const text = now.get(id);
    if (text) saved[id] = shortHash(text);
  }
  const props = documentProperties();
  // Chunk 0 holds the newest entries; each chunk fits in a property.
  const all = Object.entries(saved);
  const chunks: [string, string][][] = [];
  let current: [string, string][] = [];
  let size = 2;
  for (let i = all.length - 1; i >= 0 && chunks.length < OWNER_BOOKING_CHUNKS; i--) {
    // Its exact share of the JSON: "id":"hash" and a comma.
    const cost = utf8Length(JSON.stringify(all[i][0])) + utf8Length(JSON.stringify(all[i][1])) + 2;
    if (size + cost > PROPERTY_BYTES) {
      chunks.push(current);
      current = [];
      size = 2;
      if (chunks.length >= OWNER_BOOKING_CHUNKS) break;
    }
    current.unshift(all[i]);
    size += cost;
  }
  if (current.length > 0 && chunks.length < OWNER_BOOKING_CHUNKS) chunks.push(current);
  for (let c = 0; c < OWNER_BOOKING_CHUNKS; c++) {
    const key = `${OWNER_BOOKINGS_PROPERTY}.${c}`;
    try {
      if (chunks[c] && chunks[c].length > 0)
        props.setProperty(key, JSON.stringify(Object.fromEntries(chunks[c])));
      else props.deleteProperty(key);
    } catch (error) {
      // What it held is out of date now: forgotten, those customers' own cells win (the safe side).
      console.warn(`${key} not saved: ${error instanceof Error ? error.message : String(error)}`);
      try {
        props.deleteProperty(key);
      } catch {
        // nothing more to do
      }
    }
  }
}

/** The remembered hashes (import/facts.ts MergeOptions.ownerBookingAtImport), over every chunk. */
export function ownerBookingsAtImport(): Record<string, string> {
  const out: Record<string, string> = {};
  const props = documentProperties();
  for (let c = OWNER_BOOKING_CHUNKS - 1; c >= 0; c--) {
    try {
      const parsed = JSON.parse(props.getProperty(`${OWNER_BOOKINGS_PROPERTY}.${c}`) ?? '{}') as unknown;
      if (parsed && typeof parsed === 'object') Object.assign(out, parsed as Record<string, string>);
    } catch {
      // An unreadable chunk is as if forgotten: those customers' own cells win.
    }
  }
  return out;
}

// ——— Importing a sheet of this spreadsheet ———

const FORM_HEADERS = new Set(['タイムスタンプ', 'timestamp']);

function customerSheetId(ss: Spreadsheet): number {
  try {
    return customerSheetTable(ss).table.sheet.getSheetId();
  } catch {
    return -1; // no customer list yet (or two candidates): every other sheet is offered
  }
}

export function getImportSheets(ss: Spreadsheet): ImportSheet[] {
  const out: ImportSheet[] = [];
  // The customer list itself is not an export to import.
  const customers = customerSheetId(ss);
  for (const sheet of ss.getSheets()) {
    const name = sheet.getName();
    if (isOwnSheetName(name) || name === SHEET.customers || sheet.getSheetId() === customers) continue;
    const rows = sheet.getLastRow();
    const columns = sheet.getLastColumn();
    if (rows < 2 || columns < 1) continue;
    const first = normalizeText(sheet.getRange(1, 1).getDisplayValue()).toLowerCase();
    out.push({ name, rows, form: FORM_HEADERS.has(first) });
  }
  return out.sort((a, b) => Number(b.form) - Number(a.form));
}

/** Rows as the owner sees them (getDisplayValues: dates as the sheet shows them), `count` from row `from`. */
export function readImportSheet(
  ss: Spreadsheet,
  name: unknown,
  from: unknown,
  count: unknown,
): ImportSheetRows {
  if (
    typeof name !== 'string' ||
    typeof from !== 'number' ||
    typeof count !== 'number' ||
    from < 1 ||
    count < 1
  )
    throw new BadRequest('シートを読めませんでした。もう一度シートを選んでください。');
  const sheet = ss.getSheetByName(name);
  if (!sheet) throw new OwnerError(`「${name}」シートが見つかりません。シートの名前を確かめてください。`);
  const total = sheet.getLastRow();
  const columns = sheet.getLastColumn();
  if (from > total || columns < 1) return { rows: [], total };
  const n = Math.min(count, total - from + 1);
  const range = sheet.getRange(from, 1, n, columns);
  // A date cell is sent as the day and time in the spreadsheet's zone, whatever the sheet's locale shows (an
  // English-locale form sheet shows 6/7/2026 20:54:13, month first); every other cell as the owner sees it.
  const values = range.getValues();
  const shown = range.getDisplayValues();
  const timeZone = ss.getSpreadsheetTimeZone();
  return {
    rows: shown.map((row, i) =>
      row.map((text, j) => {
        const value = values[i][j];
        return Object.prototype.toString.call(value) === '[object Date]'
          ? Utilities.formatDate(value as Date, timeZone, 'yyyy/MM/dd HH:mm')
          : text;
      }),
    ),
    total,
  };
}
