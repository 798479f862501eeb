import { customersById, customerVerdict, type Sending, type SendVerdict } from './consent';
import { keyRule } from './keys';
import { isMarketingStep } from './registry';
import type { RuleId } from './types';
import type { Customer } from './types';

/** A drafted email about to be sent: whose it is and which step it carries. */
export interface MailRecipient {
  customerId: string;
  /** The contact's key (`顧客ID|rule|step|anchor`). */
  key: string;
  /** The step's label (連絡履歴 ステップ). */
  step: string;
  /** The address the draft was made with (the 宛先 line of its 内容); '' when not recorded. */
  madeTo?: string;
  /** The addresses the draft is now to, as Gmail has it (the owner may have changed its To), lower-cased. */
  draftTo?: readonly string[];
  /** The moment of sending, for a rule that checks its contact again then (S11). */
  sending?: Sending;
}

export { customersById };

/** An address as compared: Unicode-normalized, trimmed, lower-cased. */
export function sameAddress(address: string | undefined): string {
  return (address ?? '').normalize('NFKC').trim().toLowerCase();
}

/**
 * Consent at the moment of sending an email (contract 4.8, "a draft Tsunagu sends for the owner is checked the same
 * way"), with the checks an approved LINE passes (customerVerdict): 配信停止 of メール (or すべて) closes it (its draft
 * is deleted, as the run deletes an opted-out customer's draft); a customer gone from 顧客 or written twice, 配信停止
 * that cannot be read, what the step starts from gone from the row, a marketing step (contract 4.3) without メール同意,
 * or a メール cleared or changed since the draft was made (as a changed LINEユーザーID withdraws a LINE) keeps it back
 * for the owner, the draft kept — unless the owner changed the draft's To in Gmail to the new メール. Pure.
 */
export function mailVerdict(
  recipient: MailRecipient,
  byId: ReadonlyMap<string, readonly Customer[]>,
): SendVerdict {
  return customerVerdict('メール', recipient, byId, (customer) => {
    const rule = keyRule(recipient.key);
    if (rule && isMarketingStep(rule as RuleId, recipient.step) && !customer.emailConsent)
      return '顧客シートの「メール同意」がないため、送りませんでした（ご案内のメールは同意のある方にだけ送ります）。';
    return addressChanged(recipient, customer);
  });
}

/** Why the draft's address is no longer the customer's, or '' when it is. */
function addressChanged(recipient: MailRecipient, customer: Customer): string {
  const now = sameAddress(customer.email);
  if (!now)
    return '顧客シートの「メール」が空欄になったため、送りませんでした。下書きは残っています。メールを入れ直してから、もう一度選んでください（送らないときはスキップしてください）。';
  const made = sameAddress(recipient.madeTo);
  if (!made || made === now) return '';
  // The owner pointed the draft at the new address in Gmail: that is the draft they approve.
  const draftTo = (recipient.draftTo ?? []).map(sameAddress);
  if (draftTo.length === 1 && draftTo[0] === now) return '';
  return `顧客シートの「メール」が、この下書きを作ったとき（${recipient.madeTo ?? ''}）から変わっているため、送りませんでした。下書きは残っています。Gmailで下書きの宛先を今のメール（${customer.email ?? ''}）に直してから、もう一度選んでください（送らないときはスキップしてください）。`;
}
