import fc from 'fast-check';
import { addDays, isoDay, type Day } from '../../src/core/day';
import { householdKey } from '../../src/core/household';
import { lineCountAround } from '../../src/core/policy';
import { planFollowUps } from '../../src/core/plan';
import { bookingAnchor } from '../../src/core/rules/booking-reminder';
import type { Slot } from '../../src/core/slots';
import type { Channel, ContactRecord, ContactState, Customer, Outcome } from '../../src/core/types';
import { categories, customer, d, settings } from './builders';

/**
 * A simulated year: every day the plan is made, everything due is "prepared" and done by the owner the same
 * day (calls get a random outcome), and the invariants of the contract are checked on what went out.
 */
const START = d('2026-01-05');
const DAYS = 365;
const CHANNELS: Channel[] = ['メール', 'LINE', '手紙', '電話'];
const CATEGORY_NAMES = [...categories.keys()];

const arbDay = (from: number, to: number) => fc.integer({ min: from, max: to }).map((n) => addDays(START, n));

const arbCustomer = (index: number) =>
  fc
    .record({
      email: fc.boolean(),
      emailConsent: fc.boolean(),
      phone: fc.boolean(),
      phoneAllowed: fc.boolean(),
      regular: fc.boolean(),
      line: fc.boolean(),
      address: fc.boolean(),
      household: fc.integer({ min: 0, max: 3 }),
      mourning: fc.constantFrom(undefined, undefined, 2025, 2026, 'now' as const),
      visits: fc.integer({ min: 1, max: 12 }),
      lastVisit: fc.option(arbDay(-400, 200), { nil: undefined }),
      firstVisitGap: fc.integer({ min: 0, max: 2000 }),
      category: fc.constantFrom(...CATEGORY_NAMES, 'ヨガ'),
      amount: fc.integer({ min: 0, max: 60000 }),
      cancelDate: fc.option(arbDay(-30, 300), { nil: undefined }),
      complaintDate: fc.option(arbDay(-400, 300), { nil: undefined }),
      optOut: fc.subarray(CHANNELS),
      satisfaction: fc.constantFrom(undefined, '満足' as const, '不満' as const),
      birthday: fc.option(
        fc.oneof(
          fc.record({ month: fc.integer({ min: 1, max: 12 }), date: fc.integer({ min: 1, max: 28 }) }),
          fc.constant({ month: 2, date: 29 }),
          fc.constant({ month: 1, date: 2 }),
        ),
        { nil: undefined },
      ),
      booking: fc.option(
        fc.record({ day: arbDay(-30, 300), minutes: fc.constantFrom(0, 10 * 60, 14 * 60 + 30) }),
        { nil: undefined },
      ),
    })
    .map((r): Customer =>
      customer({
        index,
        id: `P${index}`,
        email: r.email ? `p${index}@example.jp` : undefined,
        emailConsent: r.emailConsent,
        phone: r.phone ? '090-0000-0000' : undefined,
        phoneAllowed: r.phoneAllowed,
        regular: r.regular || r.visits >= 3,
        lineUserId: r.line ? `U${String(index).padStart(32, '0')}` : undefined,
        postalCode: r.address ? '154-0004' : undefined,
        // A few households of several members (S7, S10: one letter per household).
        address: r.address ? `東京都世田谷区太子堂${r.household}` : undefined,
        mourning: r.mourning,
        visits: r.visits,
        lastVisit: r.lastVisit,
        firstVisit: r.lastVisit === undefined ? undefined : addDays(r.lastVisit, -r.firstVisitGap),
        category: r.category,
        amount: r.amount,
        cancelDate: r.cancelDate,
        complaintDate: r.complaintDate,
        improvement: '予約の確認を前日にするようにしました',
        optOut: new Set(r.optOut),
        satisfaction: r.satisfaction,
        birthday: r.birthday,
        nextBooking: r.booking,
      }),
    );

const arbSlots = fc.array(
  fc.record({
    day: fc.integer({ min: 0, max: DAYS }),
    hour: fc.integer({ min: 9, max: 18 }),
    offer: fc.boolean(),
  }),
  { maxLength: 8 },
);

const arbShop = fc.record({
  customers: fc
    .integer({ min: 1, max: 6 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => arbCustomer(i)))),
  slots: arbSlots,
  lineLimit: fc.integer({ min: 1, max: 4 }),
  lineTarget: fc.integer({ min: 0, max: 4 }),
  newsletterDay: fc.option(fc.integer({ min: 1, max: 28 }), { nil: undefined }),
  closed: fc.constantFrom('', '水', '日', '月,火'),
  dailyLimit: fc.integer({ min: 1, max: 4 }),
  greetings: fc.boolean(),
  callOutcome: fc.array(fc.constantFrom<Outcome>('満足', '不満', '不在'), { minLength: 1, maxLength: 5 }),
  /** The owner moves, clears or cancels a customer's booking on a day of the year (S11 re-times or withdraws). */
  bookingChanges: fc.array(
    fc.record({
      on: fc.integer({ min: 0, max: DAYS - 1 }),
      customer: fc.integer({ min: 0, max: 5 }),
      to: fc.option(fc.integer({ min: -2, max: 20 }), { nil: undefined }),
      cancel: fc.boolean(),
    }),
    { maxLength: 4 },
  ),
});

const DONE: Record<Channel, ContactState> = {
  メール: '送信済',
  LINE: '送信済',
  手紙: '印刷済',
  電話: '完了',
};

function slotsOf(raw: { day: number; hour: number; offer: boolean }[]): Slot[] {
  return raw
    .map((s, index) => {
      const day = addDays(START, s.day);
      const hh = String(s.hour).padStart(2, '0');
      return {
        index,
        day,
        minutes: s.hour * 60,
        label: `${isoDay(day)} ${hh}:00`,
        anchor: `${isoDay(day)} ${hh}:00`,
        specialPrice: '4,500円',
        offer: s.offer,
        open: true,
        taken: false,
      };
    })
    .sort((a, b) => a.day - b.day || a.minutes - b.minutes);
}

test('over a simulated year the plan keeps every channel-policy invariant', () => {
  let reminders = 0;
  let greetingCards = 0;
  let midwinterCards = 0;
  fc.assert(
    fc.property(arbShop, (shop) => {
      const config = settings([
        ['LINE上限月回数', shop.lineLimit],
        ['LINE目安月回数', Math.min(shop.lineTarget, shop.lineLimit)],
        ['定休日', shop.closed],
        ['ニュースレター配信日', shop.newsletterDay ?? ''],
        ['ニュースレター本文', '今月のお知らせです。'],
        ['1日の手紙上限', shop.dailyLimit],
        ['1日の電話上限', shop.dailyLimit],
        ['1日のメール上限', shop.dailyLimit],
        ['年賀状', shop.greetings],
        ['暑中見舞い', shop.greetings],
      ]);
      const customers: Customer[] = shop.customers;
      const byId = new Map(customers.map((c) => [c.id, c]));
      const slots = slotsOf(shop.slots);
      const records: ContactRecord[] = [];
      const prepared = new Set<string>();
      let outcomes = 0;
      for (let n = 0; n < DAYS; n++) {
        const today = addDays(START, n);
        for (const change of shop.bookingChanges) {
          const c = customers[change.customer];
          if (change.on !== n || c === undefined) continue;
          if (change.cancel && c.nextBooking) c.cancelDate = c.nextBooking.day;
          else
            c.nextBooking =
              change.to === undefined ? undefined : { day: addDays(today, change.to), minutes: 11 * 60 };
        }
        const plan = planFollowUps({
          today,
          now: { day: today, minutes: 8 * 60 },
          slots,
          introDay: START,
          settings: config,
          categories,
          customers,
          records,
        });
        for (const row of plan.customers) {
          if (row.nextDay !== undefined) expect(row.nextDay).toBeGreaterThanOrEqual(today);
        }
        for (const due of plan.due) {
          expect(prepared.has(due.step.key)).toBe(false);
          prepared.add(due.step.key);
          const c = due.customer;
          expect(c.optOut.has(due.channel)).toBe(false);
          if (due.step.rule === 'S11') {
            reminders++;
            // No reminder after the booking, none for a booking moved, cleared or cancelled: only for the
            // booking the row has now, before it begins (the plan is made at 8:00), by LINE or メール.
            const booking = c.nextBooking;
            expect(booking).toBeDefined();
            expect(booking!.day).toBeGreaterThanOrEqual(today);
            if (booking!.day === today && booking!.minutes > 0)
              expect(booking!.minutes).toBeGreaterThan(8 * 60);
            expect(c.cancelDate === booking!.day).toBe(false);
            expect(due.step.key).toBe(`${c.id}|S11|前日のご案内|${bookingAnchor(booking!)}`);
            expect(['LINE', 'メール']).toContain(due.channel);
            expect(today).toBeGreaterThanOrEqual(addDays(booking!.day, -1));
          }
          if ((c.visits ?? 0) <= 1) {
            expect(due.step.rule).not.toBe('S5');
            if (due.channel === '電話')
              expect([due.step.rule, due.step.step]).toEqual(['S3', 'お詫びと確認']);
          }
          const result =
            due.channel === '電話' ? shop.callOutcome[outcomes++ % shop.callOutcome.length] : undefined;
          records.push({
            index: records.length,
            at: today,
            customerId: c.id,
            name: c.name,
            scenario: due.step.scenario,
            step: due.step.step,
            channel: due.channel,
            state: DONE[due.channel],
            plannedDay: today,
            result,
            content: '',
            key: due.step.key,
            note: '',
            draftId: '',
            threadId: '',
          });
        }
        for (const skipped of plan.skipped) {
          records.push({
            index: records.length,
            at: today,
            customerId: skipped.customer.id,
            name: '',
            scenario: skipped.step.scenario,
            step: skipped.step.step,
            channel: skipped.step.channels[0],
            state: 'スキップ',
            plannedDay: skipped.step.due,
            content: '',
            key: skipped.step.key,
            note: skipped.note,
            draftId: '',
            threadId: '',
          });
        }
      }
      // Invariants over everything that went out.
      const sent = records.filter((r) => r.state !== 'スキップ');
      const instantByCustomerDay = new Set<string>();
      for (const r of sent) {
        if (r.channel === '手紙') continue;
        const slot = `${r.customerId}|${r.at}`;
        expect(instantByCustomerDay.has(slot)).toBe(false);
        instantByCustomerDay.add(slot);
      }
      // S10 季節のご挨拶: no household gets two greetings of one season, and no 年賀状 to a 喪中 household.
      const seasons = new Set<string>();
      for (const r of sent) {
        if (!r.key.includes('|S10|')) continue;
        greetingCards++;
        const [owner, , step, anchor] = r.key.split('|');
        expect(owner.startsWith('世帯:')).toBe(true);
        const year = Number(anchor.slice(0, 4));
        const season = step === '暑中見舞い' ? `${year}夏` : `${step === '年賀状' ? year + 1 : year}新年`;
        expect(seasons.has(`${owner}|${season}`)).toBe(false);
        seasons.add(`${owner}|${season}`);
        const members = customers.filter((c) => `世帯:${householdKey(c.postalCode, c.address)}` === owner);
        if (step === '年賀状') {
          expect(members.length).toBeGreaterThan(0);
          for (const m of members) expect([year, 'now', 'unread']).not.toContain(m.mourning);
        }
        // A 寒中見舞い only to a household in mourning for that New Year (the year ending is the anchor's year − 1).
        if (step === '寒中見舞い') {
          midwinterCards++;
          expect(members.some((m) => m.mourning === year - 1 || m.mourning === 'now')).toBe(true);
        }
      }
      for (const c of byId.values()) {
        const lineDays = sent
          .filter((r) => r.customerId === c.id && r.channel === 'LINE')
          .map((r) => r.at as Day);
        for (const day of lineDays)
          expect(lineCountAround(lineDays, day)).toBeLessThanOrEqual(shop.lineLimit);
        // S9 お誕生日: marketing (メール同意 for email), non-urgent LINE (below LINE目安月回数 before it), one a year.
        const greetings = sent.filter((r) => r.customerId === c.id && r.scenario === 'お誕生日');
        expect(new Set(greetings.map((r) => r.key.slice(-10, -6))).size).toBe(greetings.length);
        for (const g of greetings) {
          expect(c.birthday).toBeDefined();
          if (g.channel === 'メール') expect(c.emailConsent).toBe(true);
          if (g.channel === 'LINE')
            expect(lineCountAround(lineDays, g.at as Day)).toBeLessThanOrEqual(
              Math.min(shop.lineTarget, shop.lineLimit),
            );
        }
      }
    }),
    { numRuns: 25 },
  );
  // The S11 invariants were put to the test: reminders did go out.
  expect(reminders).toBeGreaterThan(0);
  // And the S10 invariants: greeting cards did go out, 寒中見舞い among them.
  expect(greetingCards).toBeGreaterThan(0);
  expect(midwinterCards).toBeGreaterThan(0);
});
