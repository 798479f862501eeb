import type { Channel, ContactRecord, Customer } from './types';

/**
 * Channels made unusable by a 宛先不明 result (returned mail, bounced email) — until the owner changes the
 * address: a 連絡履歴 row whose 内容 no longer mentions the customer's current address or email stops counting.
 */
export function unreachableChannels(
  history: readonly ContactRecord[],
  customer: Customer,
): ReadonlySet<Channel> {
  let blocked: Set<Channel> | undefined;
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    if (r.result !== '宛先不明' || !r.channel) continue;
    const current =
      r.channel === '手紙' ? customer.address : r.channel === 'メール' ? customer.email : undefined;
    // Widths and spaces aside: an address typed 「太子堂２－１４－３」 is the one a letter printed as 「太子堂2-14-3」
    // (rows written before addresses were kept as typed), and a line break in the cell is no change.
    const addressChanged = Boolean(r.content && current && !compact(r.content).includes(compact(current)));
    if (!addressChanged) (blocked ??= new Set()).add(r.channel);
  }
  return blocked ?? NONE;
}

const NONE: ReadonlySet<Channel> = new Set();

function compact(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}
