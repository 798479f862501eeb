import { customersById, surelyOptedOut, type SendVerdict } from './consent';
import { keyRule } from './keys';
import { isMarketingStep } from './registry';
import type { Customer, RuleId } from './types';

/** A drafted email about to be sent: whose it is and which step it carries. */
export interface MailRecipient {
  customerId: string;
  /** The contact's key (`顧客ID|rule|step|anchor`). */
  key: string;
  /** The step's label (連絡履歴 ステップ). */
  step: string;
}

export { customersById };

/**
 * Consent at the moment of sending an email (contract 4.8, "a draft Tsunagu sends for the owner is checked the same
 * way"), as lineVerdict checks a LINE: against the customer's row as it is now. 配信停止 of メール (or すべて) closes
 * it (its draft is deleted, as the run deletes an opted-out customer's draft); a customer gone from 顧客 or written
 * twice, 配信停止 that cannot be read, or a marketing step (contract 4.3) without メール同意 keeps it back for the owner.
 * Pure.
 */
export function mailVerdict(
  recipient: MailRecipient,
  byId: ReadonlyMap<string, readonly Customer[]>,
): SendVerdict {
  const found = byId.get(recipient.customerId) ?? [];
  if (found.length === 0)
    return {
      kind: 'withdraw',
      note: `顧客シートに顧客ID「${recipient.customerId}」のお客様が見つからないため、送りませんでした。確かめてから、もう一度選んでください。`,
    };
  if (found.length > 1)
    return {
      kind: 'withdraw',
      note: `顧客シートに顧客ID「${recipient.customerId}」が${found.length}行あるため、送りませんでした。重複を直してから、もう一度選んでください。`,
    };
  const customer = found[0];
  if (surelyOptedOut(customer, 'メール'))
    return { kind: 'close', note: '配信停止（メール）になったため、Gmailの下書きを削除しました' };
  if (customer.optOutUnreadable)
    return {
      kind: 'withdraw',
      note: `顧客シートの「配信停止」の「${customer.optOutUnreadable.words}」が読めないため、送りませんでした。直してから、もう一度選んでください。`,
    };
  const rule = keyRule(recipient.key);
  if (rule && isMarketingStep(rule as RuleId, recipient.step) && !customer.emailConsent)
    return {
      kind: 'withdraw',
      note: '顧客シートの「メール同意」がないため、送りませんでした（ご案内のメールは同意のある方にだけ送ります）。',
    };
  return { kind: 'send' };
}
