import { missingTrigger } from './triggers';
import type { Channel, Customer } from './types';

/**
 * Consent at the moment of sending (contract 4.8): an approved LINE goes out only if the customer's row, as it is
 * now, still allows it. 配信停止 closes the message; a block in LINE友だち, a customer deleted or duplicated in 顧客,
 * or a LINEユーザーID changed since the message was prepared withdraws it until the owner approves it again. Pure:
 * the shell reads 顧客 and LINE友だち just before the batch.
 */
export type SendVerdict =
  | { kind: 'send' }
  /** Never to go out: the customer opted out. */
  | { kind: 'close'; note: string }
  /** Back to the owner: approved again once the cause is gone. */
  | { kind: 'withdraw'; note: string };

export interface LineRecipient {
  customerId: string;
  lineUserId: string;
  /** The contact's key (`顧客ID|rule|step|anchor`), when the outbox row has one. */
  key?: string;
}

export function lineVerdict(
  recipient: LineRecipient,
  customersById: ReadonlyMap<string, readonly Customer[]>,
  blockedUserIds: ReadonlySet<string>,
): SendVerdict {
  const found = customersById.get(recipient.customerId) ?? [];
  if (found.length === 0)
    return {
      kind: 'withdraw',
      note: `顧客シートに顧客ID「${recipient.customerId}」のお客様が見つからないため、送信を止めました。確かめてから、もう一度承認してください。`,
    };
  if (found.length > 1)
    return {
      kind: 'withdraw',
      note: `顧客シートに顧客ID「${recipient.customerId}」が${found.length}行あるため、送信を止めました。重複を直してから、もう一度承認してください。`,
    };
  const customer = found[0];
  if (surelyOptedOut(customer, 'LINE'))
    return { kind: 'close', note: '配信停止（顧客シートの「配信停止」）のため送りませんでした' };
  if (customer.optOutUnreadable)
    return {
      kind: 'withdraw',
      note: `顧客シートの「配信停止」の「${customer.optOutUnreadable.words}」が読めないため、送信を止めました。直してから、もう一度承認してください。`,
    };
  if (blockedUserIds.has(recipient.lineUserId))
    return {
      kind: 'withdraw',
      note: 'このお客様はLINEでブロックしているため（「LINE友だち」の状態）、送信を止めました。ブロックが解除されたら、もう一度承認してください。',
    };
  if (customer.lineConflict)
    return {
      kind: 'withdraw',
      note: `${customer.lineConflict}。直してから、もう一度承認してください。`,
    };
  if ((customer.lineUserId ?? '').trim() !== recipient.lineUserId)
    return {
      kind: 'withdraw',
      note: '顧客シートのLINEユーザーIDが、このメッセージを用意したときと変わっているため、送信を止めました。宛先を確かめてから、もう一度承認してください。',
    };
  // Only positive evidence closes a contact, and missing data holds it (contract 3): what its rule starts from
  // gone from the row (a header renamed for a day) holds the message too, until it is back and approved again.
  // (Only for the customer the contact was planned for: a row the owner copied for someone else is theirs to send.)
  const ownContact = recipient.key?.startsWith(`${recipient.customerId}|`) ?? false;
  const missing = ownContact && recipient.key ? missingTrigger(recipient.key, customer) : '';
  if (missing)
    return {
      kind: 'withdraw',
      note: `顧客シートの「${missing}」が空欄か、見出しが見つからないため、送信を止めました。値か見出しを戻してから、もう一度承認してください。`,
    };
  return { kind: 'send' };
}

/** Customers by 顧客ID, every row kept (two rows with one id is a duplicate to report, not to choose from). */
export function customersById(customers: readonly Customer[]): Map<string, Customer[]> {
  const byId = new Map<string, Customer[]>();
  for (const c of customers) {
    if (!c.id) continue;
    const same = byId.get(c.id);
    if (same) same.push(c);
    else byId.set(c.id, [c]);
  }
  return byId;
}

/**
 * The customer opted out of the channel in words Tsunagu read. 配信停止 it cannot read blocks every channel
 * (Customer.optOut), but is no opt-out to close a contact or delete a draft for: that waits until it is fixed.
 */
export function surelyOptedOut(customer: Customer, channel: Channel): boolean {
  return customer.optOutUnreadable
    ? customer.optOutUnreadable.optOutRead.has(channel)
    : customer.optOut.has(channel);
}
