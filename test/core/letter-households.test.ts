import fc from 'fast-check';
import { letterAddressees, letterHouseholds } from '../../src/core/rules/household-letters';
import type { Channel, ContactRecord, Customer } from '../../src/core/types';
import { customer } from './builders';

/**
 * letterHouseholds finds, customer by customer as the planner meets them, what letterAddressees works out for the
 * whole shop at once: the same addressee of the same household, asked `emailed` with the same rows.
 */
describe('letterHouseholds', () => {
  const ADDRESSES = ['東京都世田谷区太子堂2-1-1', '東京都世田谷区太子堂2-1-2', '東京都目黒区1-1', ''];
  const shop = fc.array(
    fc.record({
      id: fc.constantFrom('C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7'),
      address: fc.constantFrom(...ADDRESSES),
      noLetters: fc.boolean(),
      blocked: fc.boolean(),
      emailed: fc.boolean(),
    }),
    { maxLength: 12 },
  );

  it('gives each customer the household letterAddressees maps them to, and no one else one', () => {
    fc.assert(
      fc.property(shop, fc.boolean(), (rows, askEmail) => {
        const customers: Customer[] = rows.map((r, index) =>
          customer({
            index,
            id: r.id,
            address: r.address,
            blocked: r.blocked,
            optOut: new Set<Channel>(r.noLetters ? ['手紙'] : []),
          }),
        );
        // Each customer's own rows, told apart by identity: emailed must be asked with the rows of the member asked.
        const rowsOf = new Map<Customer, ContactRecord[]>(customers.map((c) => [c, []]));
        const historyOf = (c: Customer) => rowsOf.get(c) as ContactRecord[];
        const emailedBy = (c: Customer) => rows[customers.indexOf(c)].emailed;
        const expected = letterAddressees(customers, askEmail ? emailedBy : undefined);
        const lazy = letterHouseholds(
          customers,
          historyOf,
          askEmail
            ? (c, history) => {
                expect(history).toBe(historyOf(c));
                return emailedBy(c);
              }
            : undefined,
        );
        for (const c of customers) {
          const found = lazy.of(c, historyOf(c));
          const wanted = expected.get(c);
          expect(
            found && { key: found.key, members: [...found.members], addressee: found.addressee },
          ).toEqual(wanted && { key: wanted.key, members: [...wanted.members], addressee: wanted.addressee });
        }
      }),
    );
  });
});
