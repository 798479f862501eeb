import { isoDay } from '../../day';
import { planFollowUps } from '../../plan';
import { cancellation } from '.';
import type { Slot } from '../../slots';
import type { Customer, RuleContext } from '../../types';
import { customer, d, planInput, ruleContext, settings, slot } from '../../../../test/core/builders';

// 2026-11-20 is a Friday; 2026-11-23 (Monday) is 勤労感謝の日.
const CANCELLED = '2026-11-20';
const KEY = 'C0001|S2|ご連絡|2026-11-20';
const TOO_FEW = '空き枠が3つ未満です。「空き枠」シートに、ご案内できる日時を3つ以上入れてください';

/** Three open times after the cancellation, on days the shop is open. */
const THREE_SLOTS = [slot('2026-11-24 10:00'), slot('2026-11-25 14:30'), slot('2026-11-26 11:00')];

/** A customer who cancelled, with no category so that S1 stays out of the way. */
function cancelled(c: Partial<Customer> = {}): Customer {
  return customer({ category: undefined, lastVisit: d('2026-11-01'), cancelDate: d(CANCELLED), ...c });
}

function stepsOf(c: Partial<Customer>, ctx: Partial<RuleContext> = {}, today = '2026-11-21') {
  return cancellation.plan(cancelled(c), ruleContext({ today: d(today), slots: THREE_SLOTS, ...ctx })).steps;
}

describe('S2 キャンセルフォロー: when it starts', () => {
  test.each<[string, Partial<Customer>, number]>([
    ['no キャンセル日 → nothing', { cancelDate: undefined }, 0],
    ['キャンセル日 and no 最終来店日 → ご連絡', { lastVisit: undefined }, 1],
    ['the last visit was before the cancellation → ご連絡', { lastVisit: d('2026-11-01') }, 1],
    ['a visit on the cancellation day is not a visit after it → ご連絡', { lastVisit: d(CANCELLED) }, 1],
    ['the customer came back after cancelling → nothing', { lastVisit: d('2026-11-22') }, 0],
    [
      're-booked: 次回予約日 later than キャンセル日 → nothing',
      { nextBooking: { day: d('2026-11-28'), minutes: 600 } },
      0,
    ],
    [
      'a 次回予約日 later than キャンセル日 that has passed still says they re-booked → nothing',
      { nextBooking: { day: d('2026-11-21'), minutes: 0 } },
      0,
    ],
    [
      'the 次回予約日 is the cancelled booking itself (on キャンセル日) → ご連絡',
      { nextBooking: { day: d(CANCELLED), minutes: 840 } },
      1,
    ],
    [
      'the 次回予約日 is older than the cancellation → ご連絡',
      { nextBooking: { day: d('2026-11-10'), minutes: 600 } },
      1,
    ],
  ])('%s', (_name, c, count) => {
    expect(stepsOf(c)).toHaveLength(count);
  });

  test('the step hangs on キャンセル日: key, window of 14 days, LINE > メール > 電話 > 手紙', () => {
    const [step] = stepsOf({});
    expect(step).toMatchObject({
      rule: 'S2',
      scenario: 'キャンセルフォロー',
      step: 'ご連絡',
      anchor: CANCELLED,
      key: KEY,
      channels: ['LINE', 'メール', '電話', '手紙'],
      because: 'キャンセル日（2026/11/20）の翌営業日',
    });
    expect(isoDay(step.last!)).toBe('2026-12-04');
  });
});

describe('S2 キャンセルフォロー: due the next business day after キャンセル日', () => {
  test.each<[string, string, [string, unknown][], string]>([
    ['an open Saturday after a Friday cancellation', CANCELLED, [], '2026-11-21'],
    ['定休日 土,日 and then 勤労感謝の日 are skipped', CANCELLED, [['定休日', '土,日']], '2026-11-24'],
    ['a public holiday right after キャンセル日 is skipped (祝日休業)', '2026-11-22', [], '2026-11-24'],
    [
      'a public holiday is a business day when 祝日休業 is off',
      '2026-11-22',
      [['祝日休業', 'FALSE']],
      '2026-11-23',
    ],
    ['a 定休日 right after キャンセル日 is skipped', '2026-11-24', [['定休日', '水']], '2026-11-26'],
    ['a 休業日 right after キャンセル日 is skipped', CANCELLED, [['休業日', '2026/11/21']], '2026-11-22'],
  ])('%s', (_name, cancelDate, rows, due) => {
    const [step] = stepsOf({ cancelDate: d(cancelDate) }, { settings: settings(rows) });
    expect(isoDay(step.due)).toBe(due);
  });
});

describe('S2 キャンセルフォロー: three concrete open times, never "any time"', () => {
  const fieldsOf = (slots: Slot[], ctx: Partial<RuleContext> = {}) => {
    const [step] = stepsOf({}, { slots, ...ctx });
    return { fields: step.fields, blockers: step.blockers };
  };

  test('the first three open slots fill 空き枠1..3, as the messages show them', () => {
    expect(fieldsOf([...THREE_SLOTS, slot('2026-11-27 10:00')])).toEqual({
      fields: {
        空き枠1: '11月24日（火）10:00',
        空き枠2: '11月25日（水）14:30',
        空き枠3: '11月26日（木）11:00',
      },
      blockers: undefined,
    });
  });

  test.each<[string, Slot, Partial<RuleContext>]>([
    ['a slot already filled (埋まり)', slot('2026-11-21 15:00', { open: false }), {}],
    ['a slot earlier today', slot('2026-11-21 07:30'), {}],
    ['a slot starting right now', slot('2026-11-21 08:00'), {}],
    ['a slot on a past day', slot('2026-11-20 15:00'), {}],
    ['a slot on a 定休日', slot('2026-11-21 15:00'), { settings: settings([['定休日', '土']]) }],
    ['a slot on a public holiday', slot('2026-11-23 15:00'), {}],
  ])('%s is skipped', (_name, skipped, ctx) => {
    expect(fieldsOf([skipped, ...THREE_SLOTS], ctx).fields).toEqual({
      空き枠1: '11月24日（火）10:00',
      空き枠2: '11月25日（水）14:30',
      空き枠3: '11月26日（木）11:00',
    });
  });

  test('a slot later today counts', () => {
    expect(fieldsOf([slot('2026-11-21 16:00'), ...THREE_SLOTS]).fields?.空き枠1).toBe('11月21日（土）16:00');
  });

  test.each<[string, Slot[]]>([
    ['no slots at all', []],
    ['two open slots', THREE_SLOTS.slice(0, 2)],
    [
      'three slots, one of them filled',
      [...THREE_SLOTS.slice(0, 2), slot('2026-11-27 10:00', { open: false })],
    ],
  ])('%s: 要確認 asks the owner for more slots, and nothing is offered', (_name, slots) => {
    expect(fieldsOf(slots)).toEqual({ fields: undefined, blockers: [TOO_FEW] });
  });
});

describe('S2 キャンセルフォロー through the plan', () => {
  const plan = (today: string, c: Partial<Customer> = {}) =>
    planFollowUps(planInput({ today: d(today), customers: [cancelled(c)], slots: THREE_SLOTS }));

  test('the day of the cancellation, ご連絡 is planned for the next business day', () => {
    const row = plan(CANCELLED).customers[0];
    expect(row.nextContent).toBe('キャンセルフォロー（ご連絡）');
    expect(isoDay(row.nextDay!)).toBe('2026-11-21');
    expect(row.reason).toContain('キャンセル日（2026/11/20）の翌営業日');
  });

  test('on the due day it is due, with the three open times', () => {
    const due = plan('2026-11-21').due.map((x) => [x.step.key, isoDay(x.step.due), x.step.fields]);
    expect(due).toEqual([
      [
        KEY,
        '2026-11-21',
        { 空き枠1: '11月24日（火）10:00', 空き枠2: '11月25日（水）14:30', 空き枠3: '11月26日（木）11:00' },
      ],
    ]);
  });

  test('a customer who came back after cancelling has nothing planned', () => {
    const p = plan('2026-11-23', { lastVisit: d('2026-11-22') });
    expect(p.due).toHaveLength(0);
    expect(p.customers[0].nextContent).not.toMatch(/キャンセル/);
  });
});

describe('S2 and S5 never offer the same slot', () => {
  test('a slot marked 案内 (a vacancy offer to regulars) is not one of the three', () => {
    const slots = [
      slot('2026-11-26 10:00', { offer: true }),
      slot('2026-11-26 14:00'),
      slot('2026-11-27 10:00'),
      slot('2026-11-28 10:00'),
    ];
    const [step] = cancellation.plan(
      customer({ cancelDate: d('2026-11-20'), lastVisit: d('2026-11-01') }),
      ruleContext({ today: d('2026-11-21'), slots }),
    ).steps;
    expect(Object.values(step.fields ?? {})).not.toContain(slots[0].label);
    expect(step.fields?.['空き枠1']).toBe(slots[1].label);
  });
});
