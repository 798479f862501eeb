/**
 * 「CSVを取り込む」 on the server (issue 17, contract section 2 来店履歴). The browser (or the local runner) reads the
 * file and sends it in parts through src/shared/import-driver.ts; each call here runs under the script lock, reads
 * 顧客 and 来店履歴 in whole blocks and writes only 来店履歴 and — for the new customers the owner confirmed — new rows
 * at the end of 顧客. Nothing of the file is kept anywhere else.
 */
import { OwnerError } from '../core/errors';
import { readCustomers } from '../core/customers';
import { slashDay, isoDay } from '../core/day';
import { normalizeText, parseCount, parseYen } from '../core/parse';
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
  planVisitWrite,
  sourceLabels,
  type KeyedVisit,
  type VisitRow,
} from '../core/import/visit-log';
import { CUSTOMER_COLUMNS, SHEET, VISIT_COLUMNS, type VisitField } from '../labels';
import type {
  ImportCheckReply,
  ImportFinishReply,
  ImportFinishRequest,
  ImportPartRequest,
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
  trimColumns,
  writeCells,
  type CellChange,
  type Table,
} from '../sheets/table';
import { createTable } from './setup';
import { categoriesOf, customerSheetTable, settingsOf } from './workbook';
import { zonedNow } from './zone';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** Corrected mappings by header signature (document property): { [signature]: { mapping, label } }. */
const MAPPINGS_PROPERTY = 'tsunagu.import.mappings';
/** The owner's 次回予約日 cell as it read when an import last set that customer's booking: { [顧客ID]: text }. */
export const OWNER_BOOKINGS_PROPERTY = 'tsunagu.import.ownerBookings';
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
}

function rememberedMappings(): Record<string, Remembered> {
  try {
    const parsed = JSON.parse(
      PropertiesService.getDocumentProperties().getProperty(MAPPINGS_PROPERTY) ?? '{}',
    );
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, Remembered>) : {};
  } catch {
    return {};
  }
}

function remember(signature: string, entry: Remembered): void {
  const all = rememberedMappings();
  delete all[signature];
  all[signature] = entry;
  const keys = Object.keys(all);
  for (const old of keys.slice(0, Math.max(0, keys.length - REMEMBERED_LAYOUTS))) delete all[old];
  PropertiesService.getDocumentProperties().setProperty(MAPPINGS_PROPERTY, JSON.stringify(all));
}

/** The remembered layouts for the 設定 tab: each signature with its label and the first headers it has. */
export function rememberedLayouts(): { signature: string; label: string; headers: string[] }[] {
  return Object.entries(rememberedMappings())
    .filter(([, entry]) => entry && typeof entry === 'object')
    .map(([signature, entry]) => ({
      signature,
      label: typeof entry.label === 'string' ? entry.label : '',
      headers: headersFromSignature(signature),
    }))
    .reverse();
}

/** 「忘れる」: that layout's files are recognised afresh (by a preset or the general layout). */
export function forgetLayout(signature: string): boolean {
  const all = rememberedMappings();
  if (!Object.prototype.hasOwnProperty.call(all, signature)) return false;
  delete all[signature];
  const props = PropertiesService.getDocumentProperties();
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
  const saved = rememberedMappings()[signature];
  let mapping = found.mapping;
  let remembered = false;
  let name = found.layout.label || labelFromFileName(r.fileName);
  if (corrected) {
    mapping = corrected;
    name = label || name;
    remember(signature, { mapping, label: name });
    remembered = true;
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
    index: new CustomerIndex(customers, knownIdentities(visits.rows)),
    visits,
    lookup,
  };
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
      visitDay: '',
      bookingDay: '',
      bookingKey: '',
      phone: '',
      email: '',
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
        visitDay: v.at ? isoDay(v.at.day) : '',
        bookingDay: v.booking ? isoDay(v.booking.day) : '',
        bookingKey: v.booking ? key : '',
        phone: v.phone,
        email: v.email,
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
  const known = knownIdentities(ctx.visits.rows);
  const reply: ImportWriteReply = {
    added: 0,
    merged: 0,
    already: 0,
    newCustomers: {},
    skipped: 0,
    problems: [],
  };
  const incoming: KeyedVisit[] = [];
  const newPeople = new Map<string, { id: string; visit: KeyedVisit['visit'] }>();
  const existingIds = ctx.customers.map((c) => c.id);
  const toAllocate: string[] = [];
  for (const r of read) {
    if (!r.keyed) {
      reply.skipped++;
      continue;
    }
    const { check } = r;
    let customerId = check.status === 'matched' ? check.customerId : '';
    const decision = part.decisions[check.identity];
    if (!customerId && decision && decision !== 'new' && decision !== 'skip') {
      const chosen = ctx.index.customer(decision);
      if (chosen) customerId = chosen.id;
      else
        reply.problems.push(
          `${check.line}行目: 顧客ID「${decision}」のお客様が顧客にいないため、取り込みませんでした`,
        );
    }
    if (!customerId && decision === 'new') {
      // A person added by an earlier part (or an import that was interrupted) is not added again.
      const earlier = known.get(check.identity) ?? newPeople.get(check.identity)?.id;
      if (earlier) customerId = earlier;
      else {
        toAllocate.push(check.identity);
        newPeople.set(check.identity, { id: '', visit: r.keyed.visit });
        customerId = `pending:${check.identity}`;
      }
    }
    if (!customerId) {
      reply.skipped++;
      continue;
    }
    incoming.push({ visit: r.keyed.visit, customerId, key: r.keyed.key });
  }
  const ids = nextCustomerIds(existingIds, toAllocate.length);
  toAllocate.forEach((identity, i) => ((newPeople.get(identity) as { id: string }).id = ids[i]));
  for (const v of incoming)
    if (v.customerId.startsWith('pending:'))
      v.customerId = (newPeople.get(v.customerId.slice('pending:'.length)) as { id: string }).id;

  const { categories } = categoriesOf(ss, ctx.lookup);
  const plan = planVisitWrite(ctx.visits.rows, incoming, part.source.label, part.importedAt, (menu) =>
    categoryOfMenu(menu, categories),
  );
  reply.added = plan.added;
  reply.merged = plan.merged;
  reply.already = plan.already;
  // 来店履歴 first: a call cut short after it leaves the new customers' ids there, and the same file again adds
  // their rows to 顧客 without allocating new ids (knownIdentities).
  writeVisits(ss, ctx, plan.appends, plan.updates);
  const present = new Set(existingIds.map(sameCustomerId));
  const missing = new Map<string, KeyedVisit['visit']>();
  for (const v of incoming)
    if (!present.has(sameCustomerId(v.customerId)) && !missing.has(v.customerId))
      missing.set(v.customerId, v.visit);
  appendCustomers(ctx.customerTable, missing);
  for (const [identity, person] of newPeople) reply.newCustomers[identity] = person.id;
  for (const [identity, id] of known)
    if (part.decisions[identity] === 'new' && !present.has(sameCustomerId(id)))
      reply.newCustomers[identity] = id;
  rememberOwnerBookings(ctx, incoming);
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

/** New 顧客 rows at the end, in one setValues: 顧客ID, 氏名, ふりがな, 電話, メール — existing rows untouched. */
function appendCustomers(
  table: Table<keyof typeof CUSTOMER_COLUMNS>,
  people: ReadonlyMap<string, KeyedVisit['visit']>,
): void {
  if (people.size === 0) return;
  const rows: unknown[][] = [];
  for (const [id, v] of people) {
    const row = new Array<unknown>(table.width).fill('');
    const put = (field: keyof typeof CUSTOMER_COLUMNS, value: string) => {
      const column = table.columns[field];
      if (column !== undefined && value) row[column] = value;
    };
    put('id', id);
    put('name', v.name || '（お名前なし）');
    put('kana', v.kana);
    put('phone', v.phone);
    put('email', v.email);
    // The source's own unsubscribe is the customer's word: the new row starts with it.
    if (v.emailOptOut) put('optOut', 'メール');
    rows.push(row);
  }
  appendRows(table.sheet, rows, table.width);
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
    if (changes.length > 0) writeVisits(ss, { visits, timeZone } as PartContext, [], changes);
  }
  const summary =
    withdrawn > 0
      ? `${source.label}の取り込みが終わりました。今回のファイルにない予約${withdrawn}件を「予約なし」にしました。`
      : `${source.label}の取り込みが終わりました。`;
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
    const text = (v: unknown) => normalizeText(v);
    const customerId = text(r.customerId);
    const keys = text(r.key).split(/\s+/).filter(Boolean);
    if (!customerId && keys.length === 0) return;
    const problems: string[] = [];
    const moment = (v: unknown, what: string): Moment | undefined => {
      if (text(v) === '' && !(v instanceof Object)) return undefined;
      const m = readMoment(v, timeZone);
      if (!m) problems.push(`${what}「${text(v)}」`);
      return m ?? undefined;
    };
    const at = moment(r.at, '日時');
    const bookingText = text(r.nextBooking);
    const withdrawn = WITHDRAWN.test(bookingText);
    const nextBooking = withdrawn ? undefined : moment(r.nextBooking, '次回予約日');
    const amount = parseYen(r.amount);
    const count = parseCount(r.visitCount);
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
    });
  });
  return { sheet, table, rows };
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

function cellsOf(row: VisitRow & { withdrawnOn?: Moment }): Record<VisitField, unknown> {
  const moment = (m: Moment | undefined) =>
    m === undefined
      ? ''
      : `${slashDay(m.day)} ${Math.floor(m.minutes / 60)}:${String(m.minutes % 60).padStart(2, '0')}`;
  return {
    at: moment(row.at),
    customerId: row.customerId,
    name: row.name,
    phone: row.phone,
    menu: row.menu,
    category: row.category,
    amount: row.amount ?? '',
    nextBooking: row.bookingWithdrawn
      ? `予約なし（${row.withdrawnOn ? `${slashDay(row.withdrawnOn.day)}取込で確認` : '取込で確認'}）`
      : moment(row.nextBooking),
    source: row.source,
    externalId: row.externalId,
    key: row.keys.join(' '),
    visitCount: row.visitCount ?? '',
  };
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
      const cells = cellsOf(row);
      for (const f of fields) {
        const column = table.columns[f] as number;
        if (String(before[column] ?? '') !== String(cells[f]))
          changes.push({ row: row.index, column, value: cells[f] });
      }
    }
    writeCells(sheet, changes, firstDataRow(table));
  }
  if (appends.length > 0) {
    const rows = appends.map((row) => {
      const cells = cellsOf(row);
      const out = new Array<unknown>(table.width).fill('');
      for (const f of fields) out[table.columns[f] as number] = cells[f];
      return out;
    });
    appendRows(sheet, rows, table.width);
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

function rememberOwnerBookings(ctx: PartContext, incoming: readonly KeyedVisit[]): void {
  const touched = new Set(incoming.filter((v) => v.visit.booking).map((v) => sameCustomerId(v.customerId)));
  if (touched.size === 0) return;
  const now = ownerBookingTexts(ctx.customerTable, ctx.timeZone);
  const saved = ownerBookingsAtImport();
  for (const id of touched) {
    const text = now.get(id);
    if (text) saved[id] = text;
    else delete saved[id];
  }
  PropertiesService.getDocumentProperties().setProperty(OWNER_BOOKINGS_PROPERTY, JSON.stringify(saved));
}

/** The remembered texts (import/facts.ts MergeOptions.ownerBookingAtImport). */
export function ownerBookingsAtImport(): Record<string, string> {
  try {
    const parsed = JSON.parse(
      PropertiesService.getDocumentProperties().getProperty(OWNER_BOOKINGS_PROPERTY) ?? '{}',
    );
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
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
