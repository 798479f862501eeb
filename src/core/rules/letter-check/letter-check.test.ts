import { isoDay } from '../../day';
import { planFollowUps } from '../../plan';
import { letterCheck } from '.';
import type { ContactRecord, Customer } from '../../types';
import { customer, d, planInput, record, ruleContext } from '../../../../test/core/builders';

/** An S4 お役立ち情報 letter printed on 2026-11-10. */
function letter(overrides: Partial<ContactRecord> = {}): ContactRecord {
  return record({
    customerId: 'C0001',
    scenario: '休眠客フォロー',
    step: 'お役立ち情報',
    key: 'C0001|S4|お役立ち情報|2026-11-05',
    channel: '手紙',
    state: '印刷済',
    at: d('2026-11-10'),
    ...overrides,
  });
}

/** A customer who is not dormant and has no category, so only S8 speaks. */
const recent = (c: Partial<Customer> = {}) =>
  customer({ category: undefined, lastVisit: d('2026-11-01'), ...c });

function stepsOf(history: ContactRecord[]) {
  return letterCheck.plan(recent(), ruleContext({ today: d('2026-11-15'), history })).steps;
}

describe('S8 お手紙確認メール: only after a printed S4 or S7 letter', () => {
  test.each<[string, ContactRecord, number]>([
    ['a printed 休眠客フォロー letter', letter(), 1],
    [
      'a printed ニュースレター letter',
      letter({ scenario: 'ニュースレター', step: 'ニュースレター', key: '' }),
      1,
    ],
    ['a 休眠客フォロー letter the owner logged by hand', letter({ key: '' }), 1],
    ['a letter still waiting to be printed', letter({ state: '印刷待ち' }), 0],
    ['a letter the owner skipped', letter({ state: 'スキップ' }), 0],
    ['a 休眠客フォロー email', letter({ channel: 'メール', state: '送信済' }), 0],
    ['a printed 購入後フォロー letter', letter({ scenario: '購入後フォロー', step: 'お伺い', key: '' }), 0],
    ['a printed サンキューレター letter', letter({ scenario: 'サンキューレター', step: 'お礼', key: '' }), 0],
    ['a letter that came back (宛先不明)', letter({ result: '宛先不明' }), 0],
    ['a printed letter with no 日時', letter({ at: undefined }), 0],
  ])('%s → %i', (_name, r, count) => {
    expect(stepsOf([r])).toHaveLength(count);
  });

  test('確認メール 5 days after printing, until 14 days after that, by email only', () => {
    const [step] = stepsOf([letter()]);
    expect({ ...step, due: isoDay(step.due), last: isoDay(step.last!) }).toEqual({
      rule: 'S8',
      scenario: 'お手紙確認メール',
      step: '確認メール',
      anchor: '2026-11-10',
      key: 'C0001|S8|確認メール|2026-11-10',
      due: '2026-11-15',
      last: '2026-11-29',
      channels: ['メール'],
      because: 'お手紙（2026/11/10 印刷）の5日後',
    });
  });

  test('one email per printing day: letters printed together need one, letters on different days one each', () => {
    const together = [letter(), letter({ scenario: 'ニュースレター', step: 'ニュースレター', key: '' })];
    expect(stepsOf(together).map((s) => s.key)).toEqual(['C0001|S8|確認メール|2026-11-10']);
    const apart = [letter({ at: d('2026-10-10') }), letter()];
    expect(stepsOf(apart).map((s) => s.key)).toEqual([
      'C0001|S8|確認メール|2026-10-10',
      'C0001|S8|確認メール|2026-11-10',
    ]);
  });
});

describe('S8 お手紙確認メール through the plan', () => {
  const plan = (today: string) =>
    planFollowUps(planInput({ today: d(today), customers: [recent()], records: [letter()] }));

  test('it is upcoming until 5 days after printing, then due', () => {
    const row = plan('2026-11-12').customers[0];
    expect([isoDay(row.nextDay!), row.nextContent]).toEqual(['2026-11-15', 'お手紙確認メール']);
    expect(plan('2026-11-15').due.map((x) => [x.step.key, x.channel])).toEqual([
      ['C0001|S8|確認メール|2026-11-10', 'メール'],
    ]);
  });
});
