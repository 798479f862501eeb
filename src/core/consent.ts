import { missingTrigger } from './triggers';
import { keyRule } from './keys';
import { findRule } from './registry';
import type { Moment, Slot } from './slots';
import type { Channel, Customer } from './types';

/**
 * Consent at the moment of sending (contract 4.8): an approved LINE goes out only if the customer's row, as it is
 * now, still allows it. 配信停止 closes the message; a block in LINE友だち, a customer deleted or duplicated in 顧客,
 * or a LINEユーザーID changed since the message was prepared withdraws it until the owner approves it again. Pure:
 * the shell reads 顧客 and LINE友だち just before the batch.
 */
export type SendVerdict =
  | { kind: 'send' }
  /**
   * Never to go out: the customer opted out, or the contact's rule no longer wants it (S11: the booking moved).
   * `logNote` is 連絡履歴's 備考 when it is not 配信停止.
   */
  | { kind: 'close'; note: string; logNote?: string }
  /** Back to the owner: approved again once the cause is gone. */
  | { kind: 'withdraw'; note: string };

export interface LineRecipient {
  customerId: string;
  lineUserId: string;
  /** The contact's key (`顧客ID|rule|step|anchor`), when the outbox row has one. */
  key?: string;
  /** The moment of sending and 顧客's lost headers, for a rule that checks its contact again then (S11). */
  sending?: Sending;
}

/**
 * The moment of sending, in the spreadsheet's time zone, and the headers a rule reads that 顧客 had before and lacks
 * now (renamed or deleted: the row cannot tell, as the run holds such contacts).
 */
export interface Sending {
  now: Moment;
  lostHeader: (header: string) => boolean;
  /** 空き枠 as it is now, read when a rule asks (S5: an offer of a slot taken since is not sent). */
  slots?: () => readonly Slot[];
}

const NO_SLOTS = (): readonly Slot[] => [];

export function lineVerdict(
  recipient: LineRecipient,
  customersById: ReadonlyMap<string, readonly Customer[]>,
  blockedUserIds: ReadonlySet<string>,
): SendVerdict {
  return customerVerdict('LINE', recipient, customersById, (customer) => {
    if (blockedUserIds.has(recipient.lineUserId))
      return 'このお客様はLINEでブロックしているため（「LINE友だち」の状態）、送信を止めました。ブロックが解除されたら、もう一度承認してください。';
    if (customer.lineConflict) return `${customer.lineConflict}。直してから、もう一度承認してください。`;
    if ((customer.lineUserId ?? '').trim() !== recipient.lineUserId)
      return '顧客シートのLINEユーザーIDが、このメッセージを用意したときと変わっているため、送信を止めました。宛先を確かめてから、もう一度承認してください。';
    return '';
  });
}

/** How a verdict speaks of the channel: what was not done, and what the owner does once the cause is gone. */
const SAID: Record<'LINE' | 'メール', { stopped: string; again: string; closed: string }> = {
  LINE: {
    stopped: '送信を止めました',
    again: 'もう一度承認してください',
    closed: '配信停止（顧客シートの「配信停止」）のため送りませんでした',
  },
  メール: {
    stopped: '送りませんでした',
    again: 'もう一度選んでください',
    closed: '配信停止（メール）になったため、Gmailの下書きを削除しました',
  },
};

/**
 * What the owner is told of a contact the plan holds by data to fix (contract 3: held — not prepared, not sent, not
 * closed), when they approve its LINE or send its email: why, and what to do.
 */
export function heldNote(channel: 'LINE' | 'メール', why: string): string {
  return channel === 'LINE'
    ? `このLINEは保留中のため承認できません（${why}）。直してから、もう一度承認してください。`
    : `保留中のため送りませんでした（${why}）。下書きは残っています。直してから、もう一度選んでください。`;
}

/**
 * The checks every message prepared for the owner's approval passes at the moment of sending, for LINE and email
 * alike (contract 4.8): the customer found once in 顧客, 配信停止 (closes it), 配信停止 that cannot be read, the
 * channel's own checks (`channelCheck` returns why it withdraws, '' when none), and what the contact's rule starts
 * from still on the row.
 */
export function customerVerdict(
  channel: 'LINE' | 'メール',
  recipient: { customerId: string; key?: string; sending?: Sending },
  customersById: ReadonlyMap<string, readonly Customer[]>,
  channelCheck: (customer: Customer) => string,
): SendVerdict {
  const { stopped, again, closed } = SAID[channel];
  const found = customersById.get(recipient.customerId) ?? [];
  if (found.length === 0)
    return {
      kind: 'withdraw',
      note: `顧客シートに顧客ID「${recipient.customerId}」のお客様が見つからないため、${stopped}。確かめてから、${again}。`,
    };
  if (found.length > 1)
    return {
      kind: 'withdraw',
      note: `顧客シートに顧客ID「${recipient.customerId}」が${found.length}行あるため、${stopped}。重複を直してから、${again}。`,
    };
  const customer = found[0];
  if (surelyOptedOut(customer, channel)) return { kind: 'close', note: closed };
  if (customer.optOutUnreadable)
    return {
      kind: 'withdraw',
      note: `顧客シートの「配信停止」の「${customer.optOutUnreadable.words}」が読めないため、${stopped}。直してから、${again}。`,
    };
  const own = channelCheck(customer);
  if (own) return { kind: 'withdraw', note: own };
  // Only positive evidence closes a contact, and missing data holds it (contract 3): what its rule starts from
  // gone from the row (a header renamed for a day) holds the message too, until it is back and approved again.
  // (Only for the customer the contact was planned for: a row the owner copied for someone else is theirs to send.)
  const ownContact = recipient.key?.startsWith(`${recipient.customerId}|`) ?? false;
  const missing = ownContact && recipient.key ? missingTrigger(recipient.key, customer) : '';
  if (missing)
    return {
      kind: 'withdraw',
      note: `顧客シートの「${missing}」が空欄か、見出しが見つからないため、${stopped}。値か見出しを戻してから、${again}。`,
    };
  // A rule that checks its contact again now (S11: the booking as the row has it at this moment).
  const rule =
    ownContact && recipient.key && recipient.sending ? findRule(keyRule(recipient.key)) : undefined;
  const check =
    rule?.atSending && recipient.key && recipient.sending
      ? rule.atSending(
          recipient.key,
          customer,
          recipient.sending.now,
          recipient.sending.lostHeader,
          recipient.sending.slots ?? NO_SLOTS,
        )
      : undefined;
  if (check && 'hold' in check)
    return { kind: 'withdraw', note: `${check.hold}ため、${stopped}。直してから、${again}。` };
  if (check)
    return {
      kind: 'close',
      note:
        channel === 'LINE'
          ? `${check.close}ため、送りませんでした（スキップ）`
          : `${check.close}ため、送らずにGmailの下書きを削除しました（スキップ）`,
      logNote: `${check.close}ため、送りませんでした`,
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
