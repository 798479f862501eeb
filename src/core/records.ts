import { stepLabel, type LogField } from '../labels';
import { slashDay, type Day } from './day';
import { describeCell, normalizeText, parseDay, parseYearlessDay, textAsWritten } from './parse';
import type { ContactRecord, Customer } from './types';
import { readStepName } from './step-names';
import { readChannel, readContactState, readOutcome, wordOf } from './vocabulary';

export type RawLogRow = Partial<Record<LogField, unknown>>;

/**
 * Reads 連絡履歴 rows, Tsunagu's own (with a キー) and the ones the owner typed by hand, as the owner meant them
 * (contract 2 and 3): 状態, チャネル and 結果 in the owner's words, シナリオ and ステップ by prefix and with notes, a
 * blank 状態 on a hand-typed row as done, a blank 日時 as `found` (the day the row was found) and a date without
 * a year as the latest such day not after it. What still cannot be read is said in `unreadable`: the step the row
 * names is then held until the owner fixes it.
 */
export function readRecords(
  /** Each data row; undefined for a row not read (a sidebar action reads only its own rows: sparseTable). */
  rows: readonly (RawLogRow | undefined)[],
  timeZone: string,
  found?: Day,
  /** The sheet row of the first data row (the row below the header). */
  firstRow = 2,
): ContactRecord[] {
  const records: ContactRecord[] = [];
  rows.forEach((row, index) => {
    if (row === undefined) return;
    const customerId = normalizeText(row.customerId);
    const key = normalizeText(row.key);
    if (!customerId && !key && !isTypedRow(row)) return;
    const problems: string[] = [];
    if (!customerId) problems.push('顧客IDが空欄です');
    const names = key
      ? { scenario: normalizeText(row.scenario), step: normalizeText(row.step) }
      : readStepName(row.scenario, row.step);
    // A row that names no step at all (a LINE sent from the phone) is a contact all the same: it counts for the caps.
    if (!key && !names.step && typedStep(row)) problems.push(`ステップ「${typedStep(row)}」が分かりません`);
    const stateCell = readContactState(row.state);
    // (Read through the reader, which remembers each word: 30,000 rows hold a handful.)
    const blankState = stateCell.value === null && wordOf(stateCell.unknown) === '';
    // A hand-typed row says something was done: a blank 状態 there is the owner's 済.
    const state = blankState && !key ? '完了' : (stateCell.value ?? undefined);
    if (state === undefined) {
      problems.push(blankState ? '状態が空欄です' : `状態「${normalizeText(row.state)}」が分かりません`);
    }
    const { at, filledAt, problem } = dayOf(row.at, timeZone, key ? undefined : found);
    if (problem) problems.push(problem);
    const channel = readChannel(row.channel);
    if (!key && channel.unknown) problems.push(`チャネル「${channel.unknown}」が分かりません`);
    const result = readOutcome(row.result);
    if (result.unknown) problems.push(`結果「${result.unknown}」が分かりません`);
    const planned = parseDay(row.plannedDay, timeZone);
    records.push({
      index,
      sheetRow: firstRow + index,
      at,
      customerId,
      name: normalizeText(row.name),
      scenario: names.scenario,
      step: names.step,
      channel: channel.value ?? undefined,
      state,
      plannedDay: planned && planned.ok ? planned.value : undefined,
      result: result.value ?? undefined,
      content: String(row.content ?? ''),
      key,
      // Shown to the owner as written (full-width brackets stay full-width: message-style.md, one style of brackets).
      note: typeof row.note === 'string' ? row.note.trim() : normalizeText(row.note),
      draftId: normalizeText(row.draftId),
      threadId: normalizeText(row.threadId),
      // Every field present, undefined when it does not apply: one shape for every row (300,000 at 100,000 customers).
      unreadable: problems.length > 0 ? problems.join('、') : undefined,
      filledAt,
      address: normalizeText(row.address),
      flags: textAsWritten(row.flags),
    });
  });
  return records;
}

/** A row with something typed in it besides 顧客ID and キー (a row with nothing at all is no record). */
function isTypedRow(row: RawLogRow): boolean {
  return (['name', 'scenario', 'step', 'channel', 'state', 'result', 'content'] as const).some(
    (f) => normalizeText(row[f]) !== '',
  );
}

function typedStep(row: RawLogRow): string {
  return [normalizeText(row.scenario), normalizeText(row.step)].filter(Boolean).join(' ');
}

/** 日時: a date; on a hand-typed row, blank = the day found and a date without a year read before it. */
function dayOf(
  value: unknown,
  timeZone: string,
  found: Day | undefined,
): { at?: Day; filledAt?: { day: Day; typed: string }; problem?: string } {
  const parsed = parseDay(value, timeZone);
  if (parsed && parsed.ok) return { at: parsed.value };
  if (found === undefined) return {};
  const typed = normalizeText(value);
  if (parsed === null) return { at: found, filledAt: { day: found, typed } };
  const yearless = parseYearlessDay(value, found);
  if (yearless !== null) return { at: yearless, filledAt: { day: yearless, typed } };
  return { problem: `日時「${describeCell(value, timeZone)}」が日付として読めません` };
}

/**
 * A 顧客ID as text to match by: width and spaces set aside, and a number's leading zeros (「0012」 as the owner
 * sees 12 formatted 0000, 「００１２」, 「 12 」 are one id).
 */
export function idKey(id: string): string {
  const text = id.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  return /^\d+$/.test(text) ? text.replace(/^0+(?=\d)/, '') : text;
}

/**
 * Matches each row's 顧客ID to a customer as the owner meant it (see idKey): the row takes that customer's id. A
 * hand-typed row whose 顧客ID names no customer (or two) cannot be read, and says so.
 */
export function matchCustomerIds(records: readonly ContactRecord[], customers: readonly Customer[]): void {
  const exact = new Set(customers.map((c) => c.id));
  const byKey = new Map<string, string | null>();
  for (const { id } of customers) {
    const k = idKey(id);
    byKey.set(k, byKey.has(k) && byKey.get(k) !== id ? null : id);
  }
  for (const record of records) {
    if (!record.customerId || exact.has(record.customerId)) continue;
    const id = byKey.get(idKey(record.customerId));
    if (id) record.customerId = id;
    else if (!record.key) {
      const why =
        id === null
          ? `顧客ID「${record.customerId}」に当たるお客様が顧客に2人以上います`
          : `顧客ID「${record.customerId}」のお客様が顧客シートにいません（消したお客様の記録ならそのままで構いません。打ち間違いなら直してください）`;
      record.unreadable = record.unreadable ? `${why}、${record.unreadable}` : why;
      record.unknownCustomer = true;
    }
  }
}

/** Marks the note Tsunagu adds to a 連絡履歴 row it cannot read (備考, after the owner's own words). */
export const UNREADABLE_MARK = '【つなぐ：読めません】';

/** 備考 of a row Tsunagu cannot read: why, what to do, and what it holds meanwhile. */
export function unreadableNote(record: ContactRecord): string {
  const held =
    !record.customerId || record.unknownCustomer
      ? ''
      : record.step
        ? `直すまで、このお客様の${stepLabel(record.scenario, record.step)}の連絡は止めています。`
        : record.scenario
          ? `直すまで、このお客様の${record.scenario}の連絡は止めています。`
          : '';
  // A row of a customer no longer on 顧客 holds nothing: its note says what to do, without asking for a rewrite.
  // (Problems are joined with 、: none means the 顧客ID is all there is to say.)
  const alone = record.unknownCustomer && !(record.unreadable ?? '').includes('、');
  const fix = alone ? '' : '書き直してください。';
  return `${UNREADABLE_MARK}${record.unreadable ?? ''}。${fix}${held}`;
}

/** 備考 when 日時 was typed without a year (or as a dash): the date as read, with what was typed. */
export function dayReadNote(filled: { day: Day; typed: string }): string {
  return filled.typed ? `【つなぐ】日時「${filled.typed}」を${slashDay(filled.day)}と読みました。` : '';
}
