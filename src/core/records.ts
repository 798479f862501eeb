import { CHANNELS, CONTACT_STATES, OUTCOMES, type LogField } from '../labels';
import { normalizeText, parseDay } from './parse';
import type { Channel, ContactRecord, ContactState, Outcome } from './types';

export type RawLogRow = Partial<Record<LogField, unknown>>;

/** Reads 連絡履歴 rows, including ones the owner typed by hand (dates in any form, no key). */
export function readRecords(rows: readonly RawLogRow[], timeZone: string): ContactRecord[] {
  const records: ContactRecord[] = [];
  rows.forEach((row, index) => {
    const customerId = normalizeText(row.customerId);
    if (!customerId) return;
    const day = (v: unknown) => {
      const parsed = parseDay(v, timeZone);
      return parsed && parsed.ok ? parsed.value : undefined;
    };
    records.push({
      index,
      at: day(row.at),
      customerId,
      name: normalizeText(row.name),
      scenario: normalizeText(row.scenario),
      step: normalizeText(row.step),
      channel: oneOf<Channel>(CHANNELS, aliasChannel(normalizeText(row.channel))),
      state: oneOf<ContactState>(CONTACT_STATES, normalizeText(row.state)),
      plannedDay: day(row.plannedDay),
      result: oneOf<Outcome>(OUTCOMES, normalizeText(row.result)),
      content: String(row.content ?? ''),
      key: normalizeText(row.key),
      note: normalizeText(row.note),
      draftId: normalizeText(row.draftId),
      threadId: normalizeText(row.threadId),
      address: normalizeText(row.address),
    });
  });
  return records;
}

/** Owners write 郵送 or TEL as often as 手紙 or 電話. */
function aliasChannel(text: string): string {
  if (/^(郵送|DM|はがき|ハガキ)$/i.test(text)) return '手紙';
  if (/^(TEL|訪問)$/i.test(text)) return '電話';
  if (/^(Eメール|email|mail)$/i.test(text)) return 'メール';
  return text.toUpperCase() === 'LINE' ? 'LINE' : text;
}

function oneOf<T extends string>(allowed: readonly string[], text: string): T | undefined {
  return allowed.includes(text) ? (text as T) : undefined;
}
