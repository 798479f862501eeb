import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  AFTERCARE_RULES,
  DEFAULT_TEMPLATES,
  RULE_PRIORITY,
  RULES,
  isDeclinableStep,
  isMarketingStep,
  isNonUrgentLineStep,
  messageKinds,
  speaksAfter,
  type RuleId,
} from '../../src/core/registry';
import { complaint } from '../../src/core/rules/complaint';
import type { Rule } from '../../src/core/rules/rule';
import { declaredStepIn, stepFor, type DeclaredRule } from '../../src/core/rules/step';
import { d } from './builders';

const RULES_DIR = join(__dirname, '../../src/core/rules');
const ALL: readonly Rule[] = RULES;

/** The rule registry (issue 15 item 1): each rule declared once, in its folder; every list derived. */
describe('the rule registry', () => {
  test('every folder under src/core/rules is a rule in the registry, with its templates and its tests', () => {
    const folders = readdirSync(RULES_DIR).filter((name) => statSync(join(RULES_DIR, name)).isDirectory());
    const registry = readFileSync(join(__dirname, '../../src/core/registry.ts'), 'utf8');
    expect(folders.length).toBe(RULES.length);
    for (const folder of folders) {
      expect(registry).toContain(`from './rules/${folder}'`);
      const files = readdirSync(join(RULES_DIR, folder));
      expect(files).toContain('index.ts');
      expect(files).toContain('templates.ts');
      expect(files.some((f) => f.endsWith('.test.ts'))).toBe(true);
    }
  });

  test("its order is the contract's collision priority (4.6), and ids and シナリオ are each used once", () => {
    // The contract's whole order: the rules that exist stand in it in this order.
    const contract = ['S3', 'S11', 'S2', 'S6', 'S1', 'S5', 'S9', 'S10', 'S8', 'S4', 'S7'];
    expect(RULE_PRIORITY.filter((id) => contract.includes(id))).toEqual(
      contract.filter((id) => (RULE_PRIORITY as readonly string[]).includes(id)),
    );
    expect(new Set(ALL.map((r) => r.id)).size).toBe(ALL.length);
    expect(new Set(ALL.map((r) => r.scenario)).size).toBe(ALL.length);
    for (const rule of ALL) expect(rule.id).toMatch(/^S\d+$/);
  });

  test('each declaration is whole: steps with channels, triggers for a row anchor, shop-wide work for a shop-wide kind', () => {
    const scenarios = new Set(ALL.map((r) => r.scenario));
    for (const rule of ALL) {
      expect(rule.steps.length).toBeGreaterThan(0);
      expect(new Set(rule.steps.map((s) => s.label)).size).toBe(rule.steps.length);
      for (const step of rule.steps) expect(step.channels.length).toBeGreaterThan(0);
      if (rule.anchor === 'row') expect(rule.triggers?.length).toBeGreaterThan(0);
      for (const trigger of rule.triggers ?? []) expect(rule.reads).toContain(trigger.header);
      if (rule.kind !== 'customer') expect(rule.shared).toBeInstanceOf(Function);
      // A rule speaks after rules above it only: the planner plans them first.
      for (const first of speaksAfter(rule.id as RuleId)) {
        expect(RULE_PRIORITY).toContain(first);
        expect(RULE_PRIORITY.indexOf(first)).toBeLessThan(RULE_PRIORITY.indexOf(rule.id as RuleId));
      }
      for (const followed of rule.follows ?? []) expect(scenarios).toContain(followed);
    }
  });

  test('a rule brings exactly the templates its steps need: none missing, none for a step it does not have', () => {
    for (const rule of ALL) {
      const needed = messageKinds()
        .filter((k) => k.scenario === rule.scenario)
        .map((k) => `${k.step}|${k.channel}`)
        .sort();
      expect(rule.templates.map((t) => `${t.step}|${t.channel}`).sort()).toEqual(needed);
      for (const template of rule.templates) expect(template.scenario).toBe(rule.scenario);
    }
    expect(DEFAULT_TEMPLATES.length).toBe(messageKinds().length);
  });

  test('the default templates read in the contract order, S1 first', () => {
    const order = [...new Set(DEFAULT_TEMPLATES.map((t) => t.scenario))];
    const byId = [...ALL]
      .sort((a, b) => Number(a.id.slice(1)) - Number(b.id.slice(1)))
      .map((r) => r.scenario);
    expect(order).toEqual(byId);
  });

  test("marketing and non-urgent LINE are per step: S1's 提案 is an offer, its お伺い is not", () => {
    expect(isMarketingStep('S1', '提案')).toBe(true);
    expect(isNonUrgentLineStep('S1', '提案')).toBe(true);
    expect(isDeclinableStep('S1', '提案')).toBe(true);
    expect(isMarketingStep('S1', 'お伺い')).toBe(false);
    expect(isDeclinableStep('S1', 'お伺い')).toBe(false);
    expect(isMarketingStep('S8', '確認メール')).toBe(true);
    expect(isNonUrgentLineStep('S8', '確認メール')).toBe(false);
    for (const id of ['S4', 'S5', 'S7'] as const)
      for (const step of ALL.find((d) => d.id === id)!.steps) {
        expect(isMarketingStep(id, step.label)).toBe(true);
        expect(isNonUrgentLineStep(id, step.label)).toBe(true);
      }
  });

  test("who speaks first, aftercare, and a step's channels, come from it", () => {
    expect([...speaksAfter('S4')].sort()).toEqual(['S1', 'S2', 'S3', 'S6']);
    // Every rule above S5 in the registry (S11's reminder goes to a booked customer, whom S5 leaves out anyway).
    expect([...speaksAfter('S5')].sort()).toEqual(['S1', 'S11', 'S2', 'S3', 'S6']);
    expect([...AFTERCARE_RULES]).toEqual(['S3']);
    expect(declaredStepIn(complaint, 'お詫びと確認').channels).toEqual(['電話', '手紙']);
    expect(() => declaredStepIn(complaint, 'ない')).toThrow(RangeError);
  });

  test('a step is made as its rule declares it: flags from the declaration, a label or flag it lacks throws', () => {
    const rest = { due: d('2026-11-27'), because: '' };
    const apology = stepFor('C1', complaint, 'お詫びと確認', '2026-11-20', rest);
    expect(apology).toMatchObject({ channels: ['電話', '手紙'], apology: true, callsAnyone: true });
    expect(stepFor('C1', complaint, 'その後の確認', '2026-11-20', rest).apology).toBeUndefined();
    const plain: DeclaredRule = {
      id: 'S3',
      scenario: 'クレーム後フォロー',
      steps: [{ label: 'a', channels: ['電話'] }],
    };
    expect(() => stepFor('C1', plain, 'b', '2026-11-20', rest)).toThrow(RangeError);
    expect(() =>
      stepFor('C1', plain, 'a', '2026-11-20', { ...rest, gift: { what: '金券', how: '金券' } }),
    ).toThrow(/gift/);
    expect(() => stepFor('C1', plain, 'a', '2026-11-20', { ...rest, handwritten: true })).toThrow(
      /handwritten/,
    );
    expect(stepFor('C1', plain, 'a', '2026-11-20', { ...rest, channels: ['手紙'] }).channels).toEqual([
      '手紙',
    ]);
  });
});
