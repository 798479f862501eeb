/** The call card's tap-to-call number and the email consent checked at the moment of sending (issue 16 item 6). */
import { customersById, mailVerdict } from '../../src/core/mail-consent';
import { phoneLink } from '../../src/core/phone-links';
import { customer } from './builders';

describe('phoneLink: shown as typed, dialled by its digits', () => {
  test.each([
    ['090-1234-5678', 'tel:09012345678'],
    ['０９０（１２３４）５６７８', 'tel:09012345678'],
    ['TEL: 03-5432-1234', 'tel:0354321234'],
    ['+81 90 1234 5678', 'tel:09012345678'],
    [9012345678, 'tel:09012345678'],
  ])('%s → %s', (typed, href) => {
    expect(phoneLink(typed)).toEqual({ shown: typeof typed === 'number' ? `0${typed}` : typed.trim(), href });
  });

  test.each([[''], ['なし'], ['123'], [null]])('no link for %p', (typed) => {
    expect(phoneLink(typed)).toBeNull();
  });
});

describe('mailVerdict: consent at the click', () => {
  const key = 'C0001|S1|お伺い|2026-11-20';
  const proposal = 'C0001|S1|提案|2026-11-20';
  const verdict = (overrides: Parameters<typeof customer>[0], k = key, step = 'お伺い') =>
    mailVerdict({ customerId: 'C0001', key: k, step }, customersById([customer(overrides)]));

  test('a customer who allows it: send', () => {
    expect(verdict({})).toEqual({ kind: 'send' });
  });
  test('配信停止 of メール closes it', () => {
    expect(verdict({ optOut: new Set(['メール']) }).kind).toBe('close');
  });
  test('配信停止 of LINE only: still sent by email', () => {
    expect(verdict({ optOut: new Set(['LINE']) }).kind).toBe('send');
  });
  test('a marketing step (提案) needs メール同意; お伺い does not', () => {
    expect(verdict({ emailConsent: false }, proposal, '提案').kind).toBe('withdraw');
    expect(verdict({ emailConsent: true }, proposal, '提案').kind).toBe('send');
    expect(verdict({ emailConsent: false }).kind).toBe('send');
  });
  test('a customer gone from 顧客, or written twice, is kept back', () => {
    expect(mailVerdict({ customerId: 'C9', key, step: 'お伺い' }, customersById([customer()])).kind).toBe(
      'withdraw',
    );
    expect(
      mailVerdict({ customerId: 'C0001', key, step: 'お伺い' }, customersById([customer(), customer()])).kind,
    ).toBe('withdraw');
  });
});
