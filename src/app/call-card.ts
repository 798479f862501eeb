import { isoDay } from '../core/day';
import { isDone } from '../core/history';
import { phoneLink } from '../core/phone-links';
import type { ContactRecord } from '../core/types';
import type { LastCallNote, PhoneLink } from '../shared/sidebar-types';
import type { LoadedWorkbook } from './workbook';

/** What a call card shows besides the talking points (message-style.md: the name, the number, メモ, the last call). */
export interface CallCard {
  phone?: PhoneLink;
  memo?: string;
  lastCall?: LastCallNote;
}

/**
 * The call cards of one listing, by 顧客ID: the number and メモ as 顧客 has them now (read from the block loaded
 * with the workbook), and the latest call in 連絡履歴 that was made (完了, or a row with a 結果, the owner's own
 * rows included). Built on first use, once per listing.
 */
export function callCards(wb: LoadedWorkbook): (customerId: string) => CallCard {
  let byId: Map<string, CallCard> | null = null;
  return (customerId) => {
    byId ??= build(wb);
    return byId.get(customerId) ?? {};
  };
}

function build(wb: LoadedWorkbook): Map<string, CallCard> {
  const cards = new Map<string, CallCard>();
  const { rows, columns } = wb.customerTable;
  for (const customer of wb.customers) {
    if (!customer.id || cards.has(customer.id)) continue;
    const row = rows[customer.index] ?? [];
    const card: CallCard = {};
    const typed = columns.phone === undefined ? customer.phone : row[columns.phone];
    const phone = phoneLink(typed ?? '');
    if (phone) card.phone = phone;
    const memo = columns.memo === undefined ? '' : String(row[columns.memo] ?? '').trim();
    if (memo) card.memo = memo;
    cards.set(customer.id, card);
  }
  const latest = new Map<string, ContactRecord>();
  for (const r of wb.records) {
    if (r.channel !== '電話' || r.at === undefined || !(isDone(r) || r.result)) continue;
    const before = latest.get(r.customerId);
    // The later day wins; on the same day the row further down (written later).
    if (!before || (before.at as number) <= r.at) latest.set(r.customerId, r);
  }
  for (const [id, r] of latest) {
    const card = cards.get(id) ?? {};
    card.lastCall = {
      date: isoDay(r.at as NonNullable<typeof r.at>),
      result: r.result ?? '',
      content: r.content.trim(),
      note: r.note.trim(),
    };
    cards.set(id, card);
  }
  return cards;
}
