import { emptyPlan, noteLastDay } from '../../src/core/plan/model';
import type { Day } from '../../src/core/day';

/** plan.lastDays is made from the planner's notes when first read: it must read as the Map.set calls would have. */
describe('plan.lastDays', () => {
  it('holds every noted key, the later note of a key winning, and notes made after a first read', () => {
    const plan = emptyPlan();
    noteLastDay(plan, 'C1|S1|お伺い|2026-11-01', 100 as Day);
    noteLastDay(plan, 'C2|S4|お役立ち情報|2026-12-01', 200 as Day);
    noteLastDay(plan, 'C1|S1|お伺い|2026-11-01', 150 as Day);
    expect([...plan.lastDays]).toEqual([
      ['C1|S1|お伺い|2026-11-01', 150],
      ['C2|S4|お役立ち情報|2026-12-01', 200],
    ]);
    noteLastDay(plan, 'C3|S5|ご案内|2026-11-26 10:00', 300 as Day);
    noteLastDay(plan, 'C2|S4|お役立ち情報|2026-12-01', 250 as Day);
    expect(plan.lastDays.get('C3|S5|ご案内|2026-11-26 10:00')).toBe(300);
    expect(plan.lastDays.get('C2|S4|お役立ち情報|2026-12-01')).toBe(250);
    expect(plan.lastDays.size).toBe(3);
    // Read twice, the same map: nothing added again.
    expect(plan.lastDays).toBe(plan.lastDays);
  });
});
