import { RULES } from '../../src/core/rules';
import {
  RULE_DEFS,
  RULE_PRIORITY,
  channelsOf,
  isMarketingStep,
  isNonUrgentLineStep,
  speaksAfter,
} from '../../src/core/registry';

/** The rule registry (issue 15 item 1): what the planner knows of each rule, declared once. */
describe('the rule registry', () => {
  test('every per-customer rule it declares has an implementation, and every implementation is declared', () => {
    const declared = RULE_DEFS.filter((d) => d.kind === 'customer')
      .map((d) => d.id)
      .sort();
    expect(RULES.map((r) => r.id).sort()).toEqual(declared);
    for (const rule of RULES) expect(rule.scenario).toBe(RULE_DEFS.find((d) => d.id === rule.id)?.scenario);
  });

  test("its order is the contract's collision priority (4.6)", () => {
    expect(RULE_PRIORITY).toEqual(['S3', 'S2', 'S6', 'S1', 'S5', 'S8', 'S4', 'S7']);
  });

  test("marketing and non-urgent LINE are per step: S1's 提案 is an offer, its お伺い is not", () => {
    expect(isMarketingStep('S1', '提案')).toBe(true);
    expect(isNonUrgentLineStep('S1', '提案')).toBe(true);
    expect(isMarketingStep('S1', 'お伺い')).toBe(false);
    expect(isMarketingStep('S8', '確認メール')).toBe(true);
    expect(isNonUrgentLineStep('S8', '確認メール')).toBe(false);
    for (const rule of ['S4', 'S5', 'S7'] as const)
      for (const step of RULE_DEFS.find((d) => d.id === rule)!.steps) {
        expect(isMarketingStep(rule, step.label)).toBe(true);
        expect(isNonUrgentLineStep(rule, step.label)).toBe(true);
      }
  });

  test("who speaks first, and a step's channels, come from it", () => {
    expect([...speaksAfter('S4')].sort()).toEqual(['S1', 'S2', 'S3', 'S6']);
    expect([...speaksAfter('S5')].sort()).toEqual(['S1', 'S2', 'S3', 'S6']);
    expect(channelsOf('S3', 'お詫びと確認')).toEqual(['電話', '手紙']);
    expect(() => channelsOf('S3', 'ない')).toThrow(RangeError);
  });
});
