import { planFollowUps } from '../../src/core/plan';
import type { ContactRecord } from '../../src/core/types';
import { customer, d, planInput, record } from './builders';

/**
 * The guard against a step prepared twice because its key changed (contract section 3, Step life cycle), on the
 * planner alone: what holds a step and what does not.
 */
const inquirySent = (overrides: Partial<ContactRecord> = {}): ContactRecord =>
  record({
    customerId: 'C0001',
    at: d('2026-11-22'),
    scenario: '購入後フォロー',
    step: 'お伺い',
    channel: 'メール',
    state: '送信済',
    key: 'C0001|S1|お伺い|2026-11-20',
    address: 'misaki@example.jp',
    ...overrides,
  });

const plan = (today: string, records: ContactRecord[], c = customer({ lastVisit: d('2026-11-19') })) =>
  planFollowUps(planInput({ today: d(today), customers: [c], records }));
const inquiries = (p: ReturnType<typeof plan>) => p.due.filter((x) => x.step.step === 'お伺い');

describe('the guard against changed keys', () => {
  test('a corrected 最終来店日: held with a 要確認, and let go by 再送可 in the earlier row’s 備考', () => {
    const held = plan('2026-11-24', [inquirySent()]);
    expect(inquiries(held)).toEqual([]);
    expect(held.customers[0].attention).toContain('購入後フォロー（お伺い）は準備していません');
    expect(held.customers[0].reason).toContain('要確認のため準備できません');
    expect(inquiries(plan('2026-11-24', [inquirySent({ note: '再送可' })]))).toHaveLength(1);
  });

  test('an earlier contact older than the step’s window, skipped, or of another step holds nothing', () => {
    // お伺い's window is 21 days: a contact 22 days before today is outside it.
    const old = plan('2026-11-24', [inquirySent({ at: d('2026-11-02'), key: 'C0001|S1|お伺い|2026-10-30' })]);
    expect(old.customers[0].attention).not.toContain('準備していません');
    expect(inquiries(plan('2026-11-24', [inquirySent({ state: 'スキップ' })]))).toHaveLength(1);
    const other = inquirySent({ step: '提案', key: 'C0001|S1|提案|2026-11-20' });
    expect(inquiries(plan('2026-11-24', [other]))).toHaveLength(1);
  });

  test('a newer visit is a new event: the contact made before it holds nothing', () => {
    const p = plan('2026-11-27', [inquirySent()], customer({ lastVisit: d('2026-11-25') }));
    expect(inquiries(p)).toHaveLength(1);
  });

  test('another customer still on 顧客 with the same address is someone else (a family): not held', () => {
    const family = customer({ id: 'C0002', name: '佐藤 健', lastVisit: d('2026-11-19'), index: 1 });
    const p = planFollowUps(
      planInput({
        today: d('2026-11-24'),
        customers: [customer({ lastVisit: d('2026-11-20') }), family],
        records: [inquirySent()],
      }),
    );
    expect(p.due.filter((x) => x.customer.id === 'C0002' && x.step.step === 'お伺い')).toHaveLength(1);
  });

  test('a 顧客ID no longer on 顧客 holds a customer with its 宛先; a different address and name do not', () => {
    const renumbered = customer({ id: 'C1', name: 'サトウ' });
    expect(inquiries(plan('2026-11-24', [inquirySent({ name: '佐藤 美咲' })], renumbered))).toEqual([]);
    const stranger = customer({
      id: 'C9',
      name: '山本 愛',
      email: 'ai@example.jp',
      lineUserId: undefined,
      phone: '',
    });
    expect(inquiries(plan('2026-11-24', [inquirySent({ name: '佐藤 美咲' })], stranger))).toHaveLength(1);
  });

  test('a pending row of a date corrected back is held with a 要確認, never closed as replaced', () => {
    const call = record({
      customerId: 'C0001',
      at: d('2026-11-24'),
      scenario: '購入後フォロー',
      step: '電話確認',
      channel: '電話',
      state: '予定',
      key: 'C0001|S1|電話確認|2026-11-20',
    });
    const p = plan('2026-11-25', [inquirySent(), call]);
    expect(p.closed.map((c) => c.record.key)).toEqual([]);
    expect(p.customers[0].attention).toContain('「最終来店日」が前の日付に直されました');
    // A newer visit is positive evidence: then it is closed.
    const newer = plan('2026-11-27', [inquirySent(), call], customer({ lastVisit: d('2026-11-25') }));
    expect(newer.closed.map((c) => c.record.key)).toEqual(['C0001|S1|電話確認|2026-11-20']);
  });

  test('S8: two letters printed on two days want two emails, however close', () => {
    const printed = (day: string, scenario: string) =>
      record({
        customerId: 'C0001',
        at: d(day),
        scenario,
        step: scenario === 'ニュースレター' ? 'ニュースレター' : 'お役立ち情報',
        channel: '手紙',
        state: '印刷済',
        key: `C0001|S4|お役立ち情報|${day}`,
      });
    const checkSent = record({
      customerId: 'C0001',
      at: d('2026-11-06'),
      scenario: 'お手紙確認メール',
      step: '確認メール',
      channel: 'メール',
      state: '送信済',
      key: 'C0001|S8|確認メール|2026-11-01',
    });
    const p = plan('2026-11-08', [
      printed('2026-11-01', '休眠客フォロー'),
      printed('2026-11-03', '休眠客フォロー'),
      checkSent,
    ]);
    expect(p.due.filter((x) => x.step.rule === 'S8').map((x) => x.step.key)).toEqual([
      'C0001|S8|確認メール|2026-11-03',
    ]);
  });
});
