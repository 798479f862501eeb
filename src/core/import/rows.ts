/**
 * Reading an export's rows through its mapping: one sale (取引) is one visit however many item rows it has, the
 * receipt's cells left blank after its first row are filled down, and a row that did not happen (a totals line, a
 * cancelled booking, a deposit) is skipped with the reason the preview shows.
 */
import { dayFromYmd, isoDay } from '../day';
import { normalizeText, parseCount, parseDay, shorten, textAsWritten } from '../parse';
import { isAfter, type Moment } from '../slots';
import { CANCELLED_WORDS, OPTED_OUT, headerColumn, importHeader, type Layout } from './layouts';
import type { ImportField, ImportKind, ImportMapping, ImportRow, ImportedVisit } from './model';
import { looksLikeTotals, phoneText, readImportAmount, readImportMoment } from './values';

/**
 * Rows of one sale (the same 取引番号, one after another) share the receipt's cells: a blank cell takes the value of
 * the row above it in the same sale. Rows without a 取引番号 stand alone.
 */
export function fillDownSales(rows: readonly ImportRow[], mapping: ImportMapping): ImportRow[] {
  const column = mapping.transactionId;
  if (column === undefined) return [...rows];
  const out: ImportRow[] = [];
  let previous: ImportRow | undefined;
  for (const row of rows) {
    const id = (row.cells[column] ?? '').trim();
    if (previous && id !== '' && (previous.cells[column] ?? '').trim() === id) {
      const cells = row.cells.map((c, i) => (c.trim() === '' ? ((previous as ImportRow).cells[i] ?? '') : c));
      for (let i = row.cells.length; i < previous.cells.length; i++) cells.push(previous.cells[i]);
      const filled = { line: row.line, cells };
      out.push(filled);
      previous = filled;
    } else {
      out.push(row);
      previous = row;
    }
  }
  return out;
}

/** Where each part of the file ends: never inside a sale, so a sale is read whole by one call. */
export function partEnds(rows: readonly ImportRow[], mapping: ImportMapping, size: number): number[] {
  const ends: number[] = [];
  const column = mapping.transactionId;
  let start = 0;
  while (start < rows.length) {
    let end = Math.min(start + size, rows.length);
    if (column !== undefined)
      while (
        end < rows.length &&
        end > start + 1 &&
        (rows[end].cells[column] ?? '').trim() !== '' &&
        rows[end].cells[column] === rows[end - 1].cells[column]
      )
        end++;
    ends.push(end);
    start = end;
  }
  return ends;
}

export interface RowContext {
  layout: Layout;
  kind: ImportKind;
  mapping: ImportMapping;
  headers: readonly string[];
  timeZone: string;
  /** The moment of the import: a row dated after it is a booking, not a visit. */
  now: Moment;
}

export type ReadRow = { ok: true; visit: ImportedVisit } | { ok: false; why: string };

function cell(row: ImportRow, mapping: ImportMapping, field: ImportField): string {
  const column = mapping[field];
  return column === undefined ? '' : (row.cells[column] ?? '');
}

/** The row as a visit (or a booking), or why it is not imported. */
export function readImportRow(row: ImportRow, ctx: RowContext): ReadRow {
  const { mapping, layout, timeZone } = ctx;
  const get = (field: ImportField) => cell(row, mapping, field);
  if (looksLikeTotals(row.cells, timeZone)) return { ok: false, why: '合計の行です' };
  const normalised = ctx.headers.map(importHeader);
  if (layout.onlyWhen) {
    const column = headerColumn(normalised, layout.onlyWhen.header);
    if (column >= 0 && !layout.onlyWhen.values.includes(normalizeText(row.cells[column] ?? '')))
      return { ok: false, why: layout.onlyWhen.why };
  }
  const status = normalizeText(get('status')).toLowerCase();
  // A 取消区分/取消フラグ column says 1 for a voided sale, whatever the system.
  const statusHeader = mapping.status === undefined ? '' : (normalised[mapping.status] ?? '');
  const flagged = statusHeader.startsWith('取消') && ['1', 'true', '○'].includes(status);
  if (
    flagged ||
    (status !== '' &&
      ((layout.cancelled ?? []).includes(status) || CANCELLED_WORDS.some((w) => status.includes(w))))
  )
    return { ok: false, why: 'キャンセル・取消の行です' };
  for (const header of layout.cancelledWhenFilled ?? []) {
    const column = headerColumn(normalised, header);
    if (column >= 0 && normalizeText(row.cells[column] ?? '') !== '')
      return { ok: false, why: 'キャンセルされた予約です' };
  }

  const split = [get('familyName'), get('givenName')].map((t) => textAsWritten(t)).filter(Boolean);
  const visit: ImportedVisit = {
    line: row.line,
    customerId: normalizeText(get('customerId')),
    externalId: normalizeText(get('externalId')),
    name: textAsWritten(get('name')) || split.join(' '),
    kana: textAsWritten(get('kana')),
    phone: phoneText(textAsWritten(get('phone'))),
    email: normalizeText(get('email')),
    menu: textAsWritten(get('menu')),
  };
  const optOut = normalizeText(get('emailOptOut')).toLowerCase();
  if (optOut !== '' && OPTED_OUT.includes(optOut)) visit.emailOptOut = true;
  const amountText = get('amount');
  const amount = readImportAmount(amountText);
  if (amount && amount.ok) visit.amount = amount.value;
  // A sale with a negative amount is a refund or a correction (Airレジ's 赤伝), not a visit.
  if (visit.amount !== undefined && visit.amount < 0)
    return { ok: false, why: '返金・訂正（マイナスの金額）の行です' };

  if (ctx.kind === 'customers') {
    const last = dayOf(get('lastVisit'), timeZone);
    if (last === undefined && normalizeText(get('lastVisit')) !== '')
      return { ok: false, why: `最終来店日「${shorten(get('lastVisit').trim())}」を日付として読めません` };
    if (last !== undefined && !isAfter({ day: last, minutes: 0 }, ctx.now))
      visit.at = { day: last, minutes: 0 };
    const first = dayOf(get('firstVisit'), timeZone);
    if (first !== undefined) visit.firstVisit = first;
    const count = parseCount(normalizeText(get('visitCount')));
    if (count && count.ok) visit.visitCount = count.value;
  } else {
    let dateText = [get('visitAt'), get('visitTime')]
      .map((t) => t.trim())
      .filter(Boolean)
      .join(' ');
    // A form's visit date left unanswered: the moment it was sent.
    for (const header of get('visitAt').trim() === '' ? (layout.visitFallback ?? []) : []) {
      const column = headerColumn(normalised, header);
      const text = column >= 0 ? (row.cells[column] ?? '').trim() : '';
      if (text) {
        dateText = text;
        break;
      }
    }
    if (dateText !== '') {
      const at = readImportMoment(dateText, timeZone);
      if (!at) return { ok: false, why: `来店日時「${shorten(dateText.trim())}」を日時として読めません` };
      if (isAfter(at, ctx.now)) visit.booking = at;
      else visit.at = at;
    }
  }
  const nextText = get('nextBooking').trim();
  if (nextText !== '') {
    const next = readImportMoment(nextText, timeZone);
    if (!next) return { ok: false, why: `次回予約「${shorten(nextText.trim())}」を日時として読めません` };
    // A 次回予約 already past says nothing about the next visit.
    if (isAfter(next, ctx.now) && (!visit.booking || isAfter(visit.booking, next))) visit.booking = next;
  }
  if (!visit.at && !visit.booking)
    return {
      ok: false,
      why: ctx.kind === 'customers' ? '最終来店日が空です' : '来店日時が空です',
    };
  return { ok: true, visit };
}

function dayOf(text: string, timeZone: string) {
  const parsed = parseDay(normalizeText(text), timeZone);
  if (parsed && parsed.ok) return parsed.value;
  const moment = text.trim() === '' ? null : readImportMoment(text, timeZone);
  return moment?.day;
}

/** 'YYYY-MM-DD HH:MM' of a moment, as it crosses google.script.run. */
export function momentText(m: Moment): string {
  return `${isoDay(m.day)} ${String(Math.floor(m.minutes / 60)).padStart(2, '0')}:${String(m.minutes % 60).padStart(2, '0')}`;
}

/** The moment of 'YYYY-MM-DD HH:MM'; null for anything else. */
export function momentOfText(text: string): Moment | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  return {
    day: dayFromYmd(Number(m[1]), Number(m[2]), Number(m[3])),
    minutes: Number(m[4]) * 60 + Number(m[5]),
  };
}
