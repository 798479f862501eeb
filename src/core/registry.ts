/**
 * What the planner knows about each rule, declared once (issue 15 item 1, first part): its id, シナリオ and ステップ
 * labels, each step's channels in order of preference, whether a step is marketing (email needs メール同意) or
 * non-urgent for LINE (held to LINE目安月回数), which rules speak first, and its kind. The collision priority is the
 * order of the list (contract 4.6). Every other list — RuleId, RULE_PRIORITY, the marketing and non-urgent sets,
 * S4's and S5's "speaks first" sets, S8's checked scenarios, the steps every channel needs a template for — is
 * derived from here. Pure: labels only.
 */
import { SCENARIO, STEP, type Channel } from '../labels';

interface StepDef {
  readonly label: string;
  readonly channels: readonly Channel[];
  /** Marketing email (contract 4.3): needs メール同意. */
  readonly marketing?: boolean;
  /** Non-urgent LINE (contract 4.2): only while the customer's 30-day count is below LINE目安月回数. */
  readonly nonUrgentLine?: boolean;
  /** More channels its message may go by, with a template each (S6's handwritten letter). */
  readonly alsoBy?: readonly Channel[];
  /**
   * Steps of other rules its message may carry, each with its own template 「ステップ（carried）」 on the step's
   * channels (S6's お礼 carrying S1's お伺い for a first visit).
   */
  readonly carries?: readonly string[];
}

interface RuleDef {
  readonly id: string;
  readonly scenario: string;
  /** Per customer; per household (one letter per household key); shop-wide per occurrence (a slot, an issue). */
  readonly kind: 'customer' | 'household' | 'shop';
  readonly steps: readonly StepDef[];
  /** Rules whose open steps keep this one quiet (S4), or whose contact that day leaves a customer out (S5). */
  readonly speaksAfter?: readonly string[];
  /** The シナリオ whose printed letters this rule follows up (S8). */
  readonly follows?: readonly string[];
}

const FOLLOW_UPS = ['S3', 'S2', 'S6', 'S1'] as const;

/** In collision priority order (contract 4.6: S3 > S2 > S6 > S1 > S5 > S8 > S4 > S7). */
export const RULE_DEFS = [
  {
    id: 'S3',
    scenario: SCENARIO.complaint,
    kind: 'customer',
    steps: [
      { label: STEP.apology, channels: ['電話', '手紙'] },
      { label: STEP.afterCare, channels: ['LINE', '手紙', 'メール'] },
      { label: STEP.gratitude, channels: ['手紙', 'LINE', 'メール'] },
    ],
  },
  {
    id: 'S2',
    scenario: SCENARIO.cancellation,
    kind: 'customer',
    steps: [{ label: STEP.cancellationNotice, channels: ['LINE', 'メール', '電話', '手紙'] }],
  },
  {
    id: 'S6',
    scenario: SCENARIO.thankYou,
    kind: 'customer',
    steps: [{ label: STEP.thanks, channels: ['LINE', 'メール'], alsoBy: ['手紙'], carries: [STEP.inquiry] }],
  },
  {
    id: 'S1',
    scenario: SCENARIO.postPurchase,
    kind: 'customer',
    steps: [
      { label: STEP.inquiry, channels: ['メール', '手紙', 'LINE'] },
      { label: STEP.phoneCheck, channels: ['電話', 'メール', '手紙'] },
      // A proposal is an offer (contract 4.2–4.3).
      { label: STEP.proposal, channels: ['メール', '手紙', 'LINE'], marketing: true, nonUrgentLine: true },
      { label: STEP.improvement, channels: ['電話', 'メール', '手紙'] },
    ],
  },
  {
    id: 'S5',
    scenario: SCENARIO.vacancy,
    kind: 'shop',
    steps: [{ label: STEP.vacancyOffer, channels: ['LINE', 'メール'], marketing: true, nonUrgentLine: true }],
    speaksAfter: FOLLOW_UPS,
  },
  {
    id: 'S8',
    scenario: SCENARIO.letterCheck,
    kind: 'customer',
    steps: [{ label: STEP.letterCheck, channels: ['メール'], marketing: true }],
    follows: [SCENARIO.dormant, SCENARIO.newsletter],
  },
  {
    id: 'S4',
    scenario: SCENARIO.dormant,
    kind: 'customer',
    steps: [
      { label: STEP.usefulInfo, channels: ['手紙', 'メール', 'LINE'], marketing: true, nonUrgentLine: true },
    ],
    speaksAfter: ['S1', 'S2', 'S3', 'S6'],
  },
  {
    id: 'S7',
    scenario: SCENARIO.newsletter,
    kind: 'household',
    steps: [{ label: STEP.newsletter, channels: ['手紙', 'メール'], marketing: true, nonUrgentLine: true }],
  },
] as const satisfies readonly RuleDef[];

export type RuleId = (typeof RULE_DEFS)[number]['id'];

/** Collision priority (contract 4.6): the lower one moves to the next free day. */
export const RULE_PRIORITY: readonly RuleId[] = RULE_DEFS.map((d) => d.id);

/** A rule's place in RULE_PRIORITY: 0 is the highest. */
export const RULE_RANK = Object.fromEntries(RULE_PRIORITY.map((rule, rank) => [rule, rank])) as Readonly<
  Record<RuleId, number>
>;

const BY_ID = new Map<string, RuleDef>(RULE_DEFS.map((d) => [d.id, d]));

export function ruleDef(id: RuleId): RuleDef {
  return BY_ID.get(id) as RuleDef;
}

/** Steps by rule and label, built once: the planner asks for every step of every customer. */
const STEPS = new Map<string, Map<string, StepDef>>(
  RULE_DEFS.map((d: RuleDef) => [d.id, new Map(d.steps.map((s) => [s.label, s]))]),
);

function stepDef(rule: RuleId, step: string): StepDef | undefined {
  return STEPS.get(rule)?.get(step);
}

/** A step's channels in order of preference, as the registry declares them. */
export function channelsOf(rule: RuleId, step: string): readonly Channel[] {
  const def = stepDef(rule, step);
  if (!def) throw new RangeError(`${rule} has no step ${step}`);
  return def.channels;
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
  return new Set((ruleDef(rule).speaksAfter ?? []) as RuleId[]);
}

/** The シナリオ whose printed letters a rule follows up (S8). */
export function follows(rule: RuleId): ReadonlySet<string> {
  return new Set(ruleDef(rule).follows ?? []);
}

/** Every シナリオ, ステップ and channel a message may go by: each needs a template. */
export function messageKinds(): { scenario: string; step: string; channel: Channel }[] {
  return RULE_DEFS.flatMap((rule: RuleDef) =>
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
