import { addDays, isoDay, leadingDay, slashDay, type Day } from './day';
import { stepLabel } from '../labels';
import { isDone, isPendingState, isRecordOfStep } from './history';
import { householdKey, customerHousehold } from './household';
import { baseKey, isHouseholdKey, keyAnchor, parseKey } from './keys';
import { RULES, triggersOf } from './registry';
import type { ContactRecord, Customer, StepCandidate } from './types';

/**
 * The guard against a step prepared twice because its key changed (contract section 3, Step life cycle): a step
 * already sent or pending, inside its window, to the same email address, LINE user, household or phone number is
 * held with a 要確認 — a corrected 最終来店日 (11/20 → 11/19, the same visit), a renumbered 顧客ID (C0012 → C012), a
 * customer deleted and added again under another id, a キャンセル日 or クレーム対応日 corrected by a day.
 *
 * The same customer's rows are their own 連絡履歴. Rows of a 顧客ID no longer on 顧客 are found by address: the
 * 宛先 Tsunagu wrote on the row, the 宛先 line of an email's 内容, and — for Tsunagu's rows written before 宛先
 * existed, which name no address — the 氏名 (holding is the safe choice: the owner decides).
 */
export type OrphanIndex = ReadonlyMap<string, readonly ContactRecord[]>;

/** How long a step without a window (S4) is guarded: the period of its recurrence. */
const NO_WINDOW_DAYS = 30;
/** The word in 備考 with which the owner says an earlier contact is no reason to hold the new one. */
const RESEND = '再送可';

/** Sent or pending rows of customers no longer on 顧客, by every address they can be known by. Once per run. */
export function orphanContacts(
  customers: readonly Customer[],
  records: readonly ContactRecord[],
): OrphanIndex {
  const byAddress = new Map<string, ContactRecord[]>();
  let ids: Set<string> | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (!counts(r)) continue;
    ids ??= new Set(customers.map((c) => c.id));
    if (ids.has(r.customerId)) continue;
    for (const address of recordAddresses(r)) {
      const list = byAddress.get(address);
      if (list) list.push(r);
      else byAddress.set(address, [r]);
    }
  }
  return byAddress;
}

/** Every address a customer can be reached or known by, in the form recordAddresses gives. */
export function customerAddresses(c: Customer): string[] {
  const found: string[] = [];
  if (c.email) found.push(email(c.email));
  if (c.lineUserId) found.push(line(c.lineUserId));
  const tel = phone(c.phone ?? '');
  if (tel) found.push(tel);
  const home = customerHousehold(c);
  if (home) found.push(`h:${home}`);
  const who = name(c.name);
  if (who) found.push(who);
  return found;
}

/**
 * The address a contact went to, as written on its row (宛先, or the 宛先 line of an email); its 氏名 for a row of
 * Tsunagu's written before 宛先 existed.
 */
export function recordAddresses(r: ContactRecord): string[] {
  const found: string[] = [];
  const to = r.address || (r.channel === 'メール' ? (/^宛先: (.*)$/m.exec(r.content)?.[1] ?? '') : '');
  if (to) {
    if (r.channel === 'メール') found.push(email(to));
    else if (r.channel === 'LINE') found.push(line(to));
    else if (r.channel === '電話') {
      const tel = phone(to);
      if (tel) found.push(tel);
    } else if (r.channel === '手紙') {
      const match = /^〒?\s*([0-9０-９\-－ー−‐]+)\s*(.*)$/.exec(to);
      const home = match ? householdKey(match[1], match[2]) : '';
      if (home) found.push(`h:${home}`);
    }
  }
  // 氏名 only for Tsunagu's own rows written before 宛先 existed (no address to go by): a row the owner typed names
  // no address, and is no reason to hold a namesake.
  const who = r.key && found.length === 0 ? name(r.name) : '';
  if (who) found.push(who);
  return found;
}

/** What Tsunagu writes in 宛先 for a contact by that channel. */
export function addressFor(c: Customer, channel: string): string {
  if (channel === 'メール') return c.email ?? '';
  if (channel === 'LINE') return c.lineUserId ?? '';
  if (channel === '電話') return c.phone ?? '';
  if (channel === '手紙') return c.postalCode && c.address ? `〒${c.postalCode} ${c.address}` : '';
  return '';
}

/**
 * The earlier contact that holds this step, if any: the same rule and step, sent or pending, under another key,
 * for this customer or a customer no longer on 顧客 with one of their addresses, made after the event the step
 * hangs on had happened (a newer visit is a new event, not a changed key) and no longer ago than the step's window.
 */
export function earlierContact(
  step: StepCandidate,
  customer: Customer,
  history: readonly ContactRecord[],
  orphans: OrphanIndex,
  today: Day,
): ContactRecord | undefined {
  // Most customers have no 連絡履歴 and most shops no orphan rows: nothing to look at (100,000 customers).
  if (history.length === 0 && orphans.size === 0) return undefined;
  if (!isGuarded(step)) return undefined;
  const anchor = leadingDay(step.anchor);
  if (anchor === null) return undefined;
  const window = step.last === undefined ? NO_WINDOW_DAYS : step.last - step.due;
  const since = addDays(today, -window);
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    if (holds(r, step, anchor, since, true)) return r;
  }
  if (orphans.size === 0) return undefined;
  for (const address of customerAddresses(customer))
    for (const r of orphans.get(address) ?? []) if (holds(r, step, anchor, since, false)) return r;
  return undefined;
}

/**
 * Whether a row holds the step (earlierContact): a function of its own rather than a closure, which would be made
 * for every step of every customer with a 連絡履歴 (100,000 customers).
 */
function holds(r: ContactRecord, step: StepCandidate, anchor: Day, since: Day, own: boolean): boolean {
  return (
    counts(r) &&
    r.at !== undefined &&
    r.at >= anchor &&
    r.at >= since &&
    !RESEND_NOTE.test(r.note) &&
    sameStep(r, step) &&
    !(own && isOwnRow(r, step, anchor))
  );
}

/** 要確認 for a step held by an earlier contact: what was sent, why it is held, and how the owner decides. */
export function heldBecause(step: StepCandidate, customer: Customer, earlier: ContactRecord): string {
  const row = `連絡履歴の${earlier.sheetRow ?? earlier.index + 2}行目`;
  const day = slashDay(earlier.at as Day);
  const by = earlier.channel ? `${earlier.channel}で` : '';
  const pending = isPendingState(earlier.state);
  const what = pending
    ? `${day}に用意した同じ連絡が、${earlier.state ?? ''}のまま残っています（${row}）。`
    : `${day}に同じ連絡を${by}済ませています（${row}）。`;
  const column = triggersOf(step.rule)[0]?.header;
  const changed =
    earlier.customerId !== customer.id
      ? `以前の顧客ID「${earlier.customerId}」で、同じ宛先に連絡しています。`
      : column
        ? `「${column}」が${anchorText(earlier)}から${step.anchor.replace(/-/g, '/')}に直されたため、別の連絡として出てきたものです。`
        : '日付が直されたため、別の連絡として出てきたものです。';
  const stop = howToStop(earlier);
  const decide = pending
    ? `こちらに切り替えるときは、${stop}。前の連絡のままでよければ、このままで構いません`
    : `前の連絡で足りていれば、このままで構いません。もう一度送るときは、${row}の「備考」に「${RESEND}」と書いてください`;
  return `${stepLabel(step.scenario, step.step)}は準備していません。${what}${changed}${decide}`;
}

/**
 * How the owner stops a pending contact: a Gmail draft they delete is closed スキップ by the next run (and cannot be
 * sent by mistake meanwhile); any other row by its 状態.
 */
export function howToStop(record: ContactRecord): string {
  return record.state === '下書き' && record.channel === 'メール'
    ? 'Gmailでその下書きを削除してください'
    : `連絡履歴の${record.sheetRow ?? record.index + 2}行目の「状態」を「スキップ」にしてください`;
}

const RESEND_NOTE = new RegExp(RESEND);

/** Sent or pending: an owner's スキップ is no contact. */
function counts(r: ContactRecord): boolean {
  return isPendingState(r.state) || isDone(r);
}

/**
 * A shop-wide rule offers its occurrence once (S5's slot); an anchor taken from 連絡履歴 itself is never a cell the
 * owner corrects (S8: two letters printed on two days want two emails); household letters have their own guard (the
 * household key).
 */
function isGuarded(step: StepCandidate): boolean {
  return !UNGUARDED.has(step.rule) && !isHouseholdKey(step.key);
}

const UNGUARDED: ReadonlySet<string> = new Set(
  RULES.filter((r) => r.kind === 'shop' || r.anchor === 'history').map((r) => r.id),
);
const HOUSEHOLD_RULES: ReadonlySet<string> = new Set(
  RULES.filter((r) => r.kind === 'household').map((r) => r.id),
);

function sameStep(r: ContactRecord, step: StepCandidate): boolean {
  if (!r.key) return r.scenario === step.scenario && r.step === step.step && !isLetterForEmail(r, step);
  if (isHouseholdKey(r.key)) return false;
  const parts = parseKey(r.key);
  return parts?.rule === step.rule && parts.step === step.step && !isLetterForEmail(r, step);
}

/** A household's letter (S7) went to the household: no reason to hold a member's email of the same issue. */
function isLetterForEmail(r: ContactRecord, step: StepCandidate): boolean {
  return HOUSEHOLD_RULES.has(step.rule) && r.channel === '手紙';
}

/** The step's own row (its key, another attempt, or a row the owner typed since its event): stepState reads it. */
function isOwnRow(r: ContactRecord, step: StepCandidate, anchor: Day): boolean {
  // Another attempt of the same step (`key#2`, `key#手紙`) shares its key up to the #.
  return r.key
    ? baseKey(r.key) === baseKey(step.key)
    : isRecordOfStep(r, step.key, step.scenario, step.step, anchor);
}

function anchorText(r: ContactRecord): string {
  const day = leadingDay(keyAnchor(r.key));
  return day === null ? '前の日付' : isoDay(day).replace(/-/g, '/');
}

function email(text: string): string {
  return `m:${text.normalize('NFKC').trim().toLowerCase()}`;
}

function line(text: string): string {
  return `l:${text.trim()}`;
}

function phone(text: string): string {
  const digits = text.normalize('NFKC').replace(/[^0-9]/g, '');
  return digits.length >= 6 ? `t:${digits}` : '';
}

function name(text: string): string {
  const plain = text.normalize('NFKC').replace(/\s+/g, '');
  return plain ? `n:${plain}` : '';
}
