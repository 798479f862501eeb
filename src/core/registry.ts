/**
 * The rule registry (issue 15 item 1): each rule declares in its folder what the planner needs (rules/rule.ts), and
 * this list puts them in collision priority order. Every other list — RuleId, RULE_PRIORITY, the marketing and
 * non-urgent steps, who speaks first, the aftercare rules, each rule's triggers and headers, the steps every channel
 * needs a template for, the default templates — is derived from here.
 */
import type { Channel } from '../labels';
import { birthday } from './rules/birthday';
import { bookingReminder } from './rules/booking-reminder';
import { cancellation } from './rules/cancellation';
import { complaint } from './rules/complaint';
import { dormant } from './rules/dormant';
import { letterCheck } from './rules/letter-check';
import { newsletter } from './rules/newsletter';
import { postPurchase } from './rules/post-purchase';
import type { Rule, StepDef, Trigger } from './rules/rule';
import { seasonal } from './rules/seasonal';
import { thankYou } from './rules/thank-you';
import { vacancy } from './rules/vacancy';
import type { MessageTemplate } from './templates';

/**
 * Every rule, one folder each (rules/<name>/), in collision priority order (contract 4.6: S3 > S11 > S2 > S6 > S1 >
 * S5 > S9 > S10 > S8 > S4 > S7): the lower one moves to the next free day. Adding a rule is one folder and one line here.
 */
export const RULES = [
  complaint,
  bookingReminder,
  cancellation,
  thankYou,
  postPurchase,
  vacancy,
  birthday,
  seasonal,
  letterCheck,
  dormant,
  newsletter,
] as const;

export type RuleId = (typeof RULES)[number]['id'];

/**
 * Each rule is typed with its literal id (`Rule<'S9'>`): one typed plain `Rule` would widen RuleId to string and
 * every check on rule ids would pass silently. This line then fails to compile.
 */
const RULE_IDS_ARE_LITERAL: string extends RuleId ? never : true = true;
void RULE_IDS_ARE_LITERAL;

/** Collision priority (contract 4.6): the lower one moves to the next free day. */
export const RULE_PRIORITY: readonly RuleId[] = RULES.map((d) => d.id);

/** A rule's place in RULE_PRIORITY: 0 is the highest. */
export const RULE_RANK = Object.fromEntries(RULE_PRIORITY.map((rule, rank) => [rule, rank])) as Readonly<
  Record<RuleId, number>
>;

const BY_ID = new Map<string, Rule>(RULES.map((d: Rule) => [d.id, d]));

/** The rule of this id. */
export function ruleOf(id: RuleId): Rule {
  return BY_ID.get(id) as Rule;
}

/** The rule of an id read from a key or a cell, if Tsunagu has one. */
export function findRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** Steps by rule and label, built once: the planner asks for every step of every customer. */
const STEPS = new Map<string, Map<string, StepDef>>(
  RULES.map((d: Rule) => [d.id, new Map(d.steps.map((s) => [s.label, s]))]),
);

function stepDef(rule: RuleId, step: string): StepDef | undefined {
  return STEPS.get(rule)?.get(step);
}

/** Marketing email (needs メール同意). */
export function isMarketingStep(rule: RuleId, step: string): boolean {
  return stepDef(rule, step)?.marketing === true;
}

/** Non-urgent LINE (held to LINE目安月回数). */
export function isNonUrgentLineStep(rule: RuleId, step: string): boolean {
  return stepDef(rule, step)?.nonUrgentLine === true;
}

/** The rules that speak before this one (S4: their open steps keep it quiet; S5: their contact that day). */
export function speaksAfter(rule: RuleId): ReadonlySet<RuleId> {
  return SPEAKS_AFTER.get(rule) as ReadonlySet<RuleId>;
}

const SPEAKS_AFTER = new Map<string, ReadonlySet<RuleId>>(
  RULES.map((r: Rule, rank) => {
    const first = r.speaksAfter === 'rules above' ? RULE_PRIORITY.slice(0, rank) : (r.speaksAfter ?? []);
    return [r.id, new Set(first as RuleId[])];
  }),
);

/** Every シナリオ, ステップ and channel a message may go by: each needs a template. */
export function messageKinds(): { scenario: string; step: string; channel: Channel }[] {
  return RULES.flatMap((rule: Rule) =>
    rule.steps.flatMap((step) => [
      ...[...step.channels, ...(step.alsoBy ?? [])].map((channel) => ({
        scenario: rule.scenario,
        step: step.label,
        channel,
      })),
      ...(step.carries ?? []).flatMap((carried) =>
        step.channels.map((channel) => ({
          scenario: rule.scenario,
          step: `${step.label}（${carried}）`,
          channel,
        })),
      ),
    ]),
  );
}

/** When the owner should post the step's letters (StepDef.postBetween), or undefined. */
export function postBetweenOf(rule: RuleId, step: string): string | undefined {
  return stepDef(rule, step)?.postBetween;
}

/** Whether a step is an offer the customer declines by not agreeing to marketing email (S1's 提案). */
export function isDeclinableStep(rule: RuleId, step: string): boolean {
  return stepDef(rule, step)?.declinable === true;
}

/** The rules in complaint aftercare while a step of theirs is open (S3): no sales offers meanwhile. */
export const AFTERCARE_RULES: ReadonlySet<string> = new Set(
  RULES.filter((r: Rule) => r.aftercare).map((r) => r.id),
);

/** The rules whose letters are はがき (core/forecast.ts, 集計's postage); every other letter is a 定形 封書. */
export const POSTCARD_RULES: ReadonlySet<string> = new Set(
  RULES.filter((r: Rule) => r.postcard).map((r) => r.id),
);

/** What each rule starts from on the customer's row (core/triggers.ts). */
export function triggersOf(rule: string): readonly Trigger[] {
  return findRule(rule)?.triggers ?? NO_TRIGGERS;
}

const NO_TRIGGERS: readonly Trigger[] = Object.freeze([]);

/**
 * The default テンプレート rows, each rule's from its folder, in the contract's order (S1, S2, … as the owner reads
 * them on the テンプレート sheet).
 */
export const DEFAULT_TEMPLATES: readonly MessageTemplate[] = rulesInContractOrder().flatMap(
  (rule) => rule.templates,
);

/** The rules in the contract's order (S1, S2, …), as the owner reads them: テンプレート rows, 連絡履歴 labels. */
export function rulesInContractOrder(): readonly Rule[] {
  return [...RULES].sort((a, b) => contractNumber(a.id) - contractNumber(b.id));
}

function contractNumber(id: string): number {
  return Number(id.replace(/^\D+/, ''));
}
