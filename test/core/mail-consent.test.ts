/** mailVerdict: an email Tsunagu sends for the owner passes the checks an approved LINE passes (contract 4.8). */
import { customersById } from '../../src/core/consent';
import { mailVerdict, type MailRecipient } from '../../src/core/mail-consent';
import type { Customer } from '../../src/core/types';
import { customer } from './builders';

const KEY = 'C0001|S1|お伺い|2026-11-20';
const drafted = (overrides: Partial<MailRecipient> = {}): MailRecipient => ({
  customerId: 'C0001',
  key: KEY,
  step: 'お伺い',
  madeTo: 'misaki@example.jp',
  draftTo: ['misaki@example.jp'],
  ...overrides,
});
const verdict = (c: Customer, r: MailRecipient = drafted()) => mailVerdict(r, customersById([c]));

describe('mailVerdict', () => {
  test('the customer as the draft was made: sent', () => {
    expect(verdict(customer())).toEqual({ kind: 'send' });
  });

  test('what the step starts from gone from the row (最終来店日 blank): withdrawn, as a LINE is', () => {
    expect(verdict(customer({ lastVisit: undefined }))).toEqual({
      kind: 'withdraw',
      note: '顧客シートの「最終来店日」が空欄か、見出しが見つからないため、送りませんでした。値か見出しを戻してから、もう一度選んでください。',
    });
  });

  test('メール cleared since the draft was made: withdrawn, the draft kept', () => {
    const said = verdict(customer({ email: '' }));
    expect(said.kind).toBe('withdraw');
    expect(said.kind === 'withdraw' && said.note).toContain(
      '顧客シートの「メール」が空欄になったため、送りませんでした',
    );
  });

  test('メール changed: withdrawn unless the owner pointed the draft at the new address in Gmail', () => {
    const moved = customer({ email: 'misaki.new@example.jp' });
    const said = verdict(moved);
    expect(said.kind).toBe('withdraw');
    expect(said.kind === 'withdraw' && said.note).toContain(
      'Gmailで下書きの宛先を今のメール（misaki.new@example.jp）に直してから、もう一度選んでください',
    );
    expect(verdict(moved, drafted({ draftTo: ['misaki.new@example.jp'] }))).toEqual({ kind: 'send' });
    // To the new address and the old one too: not the address the owner now has for the customer.
    expect(verdict(moved, drafted({ draftTo: ['misaki.new@example.jp', 'misaki@example.jp'] })).kind).toBe(
      'withdraw',
    );
  });

  test('the same address written differently (case, full-width) is no change', () => {
    expect(verdict(customer({ email: ' Misaki@Example.JP ' }))).toEqual({ kind: 'send' });
  });
});
