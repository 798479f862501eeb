import fc from 'fast-check';
import { addDays, isoDay, type Day } from '../../src/core/day';
import { contactKey, LETTER_SUFFIX } from '../../src/core/keys';
import { quietBefore, stepState, withCallRetries } from '../../src/core/lifecycle';
import { postPurchase } from '../../src/core/rules/post-purchase';
import { thankYou } from '../../src/core/rules/thank-you';
import type { ContactRecord, Customer, RuleContext, StepCandidate } from '../../src/core/types';
import { CONTACT_STATES, OUTCOMES, SCENARIO, STEP } from '../../src/labels';
import { categories, customer, d, planInput, record, ruleContext, settings } from './builders';
import { planFollowUps } from '../../src/core/plan';

/**
 * S1 and S6 leave out, unbuilt, a step whose window closed before RuleContext.quietBefore when the customer has no
 * 連絡履歴 row of the rule (lifecycle.quietBefore). What they leave out must be exactly what the planner would have
 * dropped without a trace: asked with and without quietBefore, a rule gives the same steps, problems and stale
 * rows, except steps that stepState finds expired and not logged, with no call to retry.
 */
describe('steps left out before quietBefore', () => {
  const TODAY = d('2026-06-15');
  const SETTINGS = settings();
  const CATEGORY_NAMES = [...categories.keys()];
  const S1_STEPS = [STEP.inquiry, STEP.phoneCheck, STEP.improvement, STEP.proposal];
  const ID = 'C0001';

  const row = fc.record({
    kind: fc.constantFrom('S1', 'S6', 'S4', 'typed', 'other customer'),
    step: fc.constantFrom(...S1_STEPS, STEP.thanks, STEP.usefulInfo, ''),
    scenario: fc.constantFrom(SCENARIO.postPurchase, SCENARIO.thankYou, SCENARIO.dormant),
    // The anchor: the customer's last visit, or an earlier one.
    earlierVisit: fc.boolean(),
    attempt: fc.constantFrom(1, 1, 2),
    letter: fc.boolean(),
    at: fc.integer({ min: -900, max: 5 }),
    state: fc.constantFrom(...CONTACT_STATES),
    result: fc.constantFrom(undefined, ...OUTCOMES),
    channel: fc.constantFrom('電話', 'メール', 'LINE', '手紙'),
    unreadable: fc.constantFrom(undefined, undefined, undefined, '状態が読めません'),
  });

  const shop = fc.record({
    visitAgo: fc.integer({ min: 0, max: 900 }),
    introAgo: fc.integer({ min: -20, max: 900 }),
    visits: fc.constantFrom(1, 1, 2, 5),
    category: fc.constantFrom(...CATEGORY_NAMES),
    satisfaction: fc.constantFrom(undefined, '満足', '不満'),
    email: fc.boolean(),
    line: fc.boolean(),
    amount: fc.constantFrom(undefined, 5000, 100000),
    rows: fc.array(row, { maxLength: 5 }),
  });

  type Shop = typeof shop extends fc.Arbitrary<infer T> ? T : never;

  function historyOf(s: Shop, visit: Day): ContactRecord[] {
    return s.rows.map((r) => {
      const anchor = isoDay(r.earlierVisit ? addDays(visit, -120) : visit);
      const at = addDays(TODAY, r.at);
      const base = {
        customerId: ID,
        at,
        state: r.state,
        result: r.result,
        channel: r.channel as ContactRecord['channel'],
        unreadable: r.unreadable,
      };
      switch (r.kind) {
        case 'S1':
          return record({
            ...base,
            scenario: SCENARIO.postPurchase,
            step: r.step,
            key: contactKey(ID, 'S1', r.step, anchor, r.attempt),
          });
        case 'S6':
          return record({
            ...base,
            scenario: SCENARIO.thankYou,
            step: STEP.thanks,
            key: contactKey(ID, 'S6', STEP.thanks, anchor) + (r.letter ? LETTER_SUFFIX : ''),
          });
        case 'S4':
          return record({
            ...base,
            scenario: SCENARIO.dormant,
            step: STEP.usefulInfo,
            key: contactKey(ID, 'S4', STEP.usefulInfo, anchor),
          });
        case 'other customer':
          return record({
            ...base,
            scenario: r.scenario,
            step: r.step,
            key: contactKey('C0002', 'S1', r.step, anchor),
          });
        default:
          return record({ ...base, scenario: r.scenario, step: r.step, key: '' });
      }
    });
  }

  function asked(rule: typeof postPurchase | typeof thankYou, c: Customer, ctx: RuleContext) {
    return rule.plan(c, ctx, undefined as never);
  }

  const leftOut = { S1: 0, S6: 0 };

  it.each([
    ['S1', postPurchase],
    ['S6', thankYou],
  ] as const)('%s leaves out only steps that would be expired and not logged', (id, rule) => {
    fc.assert(
      fc.property(shop, (s) => {
        const visit = addDays(TODAY, -s.visitAgo);
        const introDay = addDays(TODAY, -s.introAgo);
        const c = customer({
          id: ID,
          lastVisit: visit,
          firstVisit: s.visits === 1 ? visit : addDays(visit, -400),
          visits: s.visits,
          category: s.category,
          satisfaction: s.satisfaction as Customer['satisfaction'],
          email: s.email ? 'misaki@example.jp' : undefined,
          lineUserId: s.line ? `U${'a'.repeat(32)}` : undefined,
          amount: s.amount,
        });
        const history = historyOf(s, visit);
        const all = ruleContext({ today: TODAY, history, settings: SETTINGS });
        const full = asked(rule, c, all);
        const quiet = asked(rule, c, { ...all, quietBefore: quietBefore(TODAY, introDay) });
        expect(quiet.problems).toEqual(full.problems);
        expect(quiet.stale ?? []).toEqual(full.stale ?? []);
        const kept = new Map(quiet.steps.map((step) => [step.key, step]));
        for (const step of full.steps) {
          const same = kept.get(step.key);
          if (same) {
            expect(same).toEqual(step);
            continue;
          }
          leftOut[id]++;
          expect(withCallRetries(c, step, history, SETTINGS)).toBe(step);
          expect(stepState(step as StepCandidate, history, TODAY, introDay)).toEqual({
            kind: 'expired',
            log: false,
          });
        }
        expect(kept.size).toBe(quiet.steps.length);
        for (const step of quiet.steps) expect(full.steps.some((f) => f.key === step.key)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('the property above left steps of both rules out, so it compared something', () => {
    expect(leftOut.S1).toBeGreaterThan(100);
    expect(leftOut.S6).toBeGreaterThan(100);
  });

  it('the planner asks every rule with quietBefore: the earlier of today and 導入日', () => {
    const seen: (Day | undefined)[] = [];
    const spy = {
      ...postPurchase,
      plan: (c: Customer, ctx: RuleContext, shared: never) => {
        seen.push(ctx.quietBefore);
        return postPurchase.plan(c, ctx, shared);
      },
    };
    planFollowUps(planInput({ today: TODAY, introDay: d('2026-01-01') }), [spy]);
    planFollowUps(planInput({ today: TODAY, introDay: d('2026-12-01') }), [spy]);
    expect(seen).toEqual([d('2026-01-01'), TODAY]);
  });

  it('a customer of long ago with no row of S1 or S6 is asked for nothing, and one with a row still is', () => {
    const visit = d('2024-03-01');
    // A second visit (S1 on its own) and a first one (S6's お礼).
    const c = customer({ lastVisit: visit, visits: 2, category: '整体' });
    const first = customer({ lastVisit: visit, firstVisit: visit, visits: 1, category: '整体' });
    const ctx = ruleContext({ today: TODAY, quietBefore: quietBefore(TODAY, d('2026-01-01')) });
    expect(postPurchase.plan(c, ctx, undefined as never).steps).toEqual([]);
    expect(thankYou.plan(first, ctx, undefined as never).steps).toEqual([]);
    // Without quietBefore, every step is built (and the planner would find it expired, unlogged).
    const all = ruleContext({ today: TODAY });
    expect(postPurchase.plan(c, all, undefined as never).steps.map((s) => s.step)).toEqual([
      STEP.inquiry,
      STEP.proposal,
    ]);
    expect(thankYou.plan(first, all, undefined as never).steps).toHaveLength(1);
    // A row of S1 typed by hand, of any step: every step is built again, for the planner to match.
    const typed = record({ customerId: c.id, scenario: SCENARIO.postPurchase, step: STEP.proposal });
    const withRow = { ...ctx, history: [typed] };
    expect(postPurchase.plan(c, withRow, undefined as never).steps.map((s) => s.step)).toEqual([
      STEP.inquiry,
      STEP.proposal,
    ]);
  });
});
