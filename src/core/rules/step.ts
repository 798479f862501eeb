import { contactKey } from '../keys';
import { flat } from '../flat-text';
import type { RuleId, RuleResult, StepCandidate } from '../types';
import type { StepDef } from './rule';

/**
 * What a rule decides about a step; the identity fields come from stepFor's arguments, and what never varies
 * (apology, callsAnyone, and the channels unless the rule narrows them) from the step's declaration.
 */
export type StepDetails = Omit<
  StepCandidate,
  'rule' | 'scenario' | 'step' | 'anchor' | 'key' | 'apology' | 'callsAnyone' | 'channels'
> & { channels?: StepCandidate['channels'] };

/** What stepFor needs of a rule: its id, シナリオ and declared steps (a Rule is one). */
export interface DeclaredRule {
  readonly id: RuleId;
  readonly scenario: string;
  readonly steps: readonly StepDef[];
}

/**
 * One step of one customer as its rule declares it, keyed by contactKey so every rule names its steps the same way.
 * `keySuffix` (e.g. LETTER_SUFFIX) keeps a second contact of the same step apart from the first. A label the rule
 * does not declare, or a gift or handwritten letter its declaration does not mention, is a mistake in the rule:
 * it throws the first time a test plans it.
 */
export function stepFor(
  customerId: string,
  rule: DeclaredRule,
  label: string,
  anchor: string,
  rest: StepDetails,
  keySuffix = '',
): StepCandidate {
  const declared = declaredStepIn(rule, label);
  if (rest.gift && !declared.gift) throw new RangeError(`${rule.id} ${label} does not declare a gift`);
  if (rest.handwritten && !declared.handwritten)
    throw new RangeError(`${rule.id} ${label} is not declared handwritten`);
  const { id } = rule;
  // Every field written out, in one order: one object of one shape for every step of every rule, where a
  // spread would add the details one by one (and make V8 keep them aside). The type makes a new field fail here.
  const candidate: { [K in keyof Required<StepCandidate>]: StepCandidate[K] } = {
    rule: id,
    scenario: rule.scenario,
    step: label,
    anchor,
    key: contactKey(customerId, id, label, anchor, 1, keySuffix),
    due: rest.due,
    last: rest.last,
    channels: rest.channels ?? declared.channels,
    // Kept with the step until the run ends: one string, not the template's pieces.
    because: flat(rest.because),
    fields: rest.fields,
    waiting: rest.waiting,
    recurring: rest.recurring,
    handwritten: rest.handwritten,
    gift: rest.gift,
    asksOutcome: rest.asksOutcome,
    apology: declared.apology,
    callsAnyone: declared.callsAnyone,
    blockers: rest.blockers,
    carries: rest.carries,
    addressedTo: rest.addressedTo,
  };
  return candidate;
}

/** No problem for 要確認: one shared empty list (a rule's answer for most customers, each run). */
export const NO_PROBLEMS: readonly string[] = Object.freeze([]);

/** Nothing to plan: one shared answer, since most rules have nothing for most customers. */
export const NO_STEPS: RuleResult = Object.freeze({ steps: Object.freeze([]), problems: NO_PROBLEMS });

/** The step of this label as the rule declares it. */
export function declaredStepIn(rule: DeclaredRule, label: string): StepDef {
  // A rule has a handful of steps: a search is cheaper than a map per rule.
  for (let i = 0; i < rule.steps.length; i++) if (rule.steps[i].label === label) return rule.steps[i];
  throw new RangeError(`${rule.id} has no step ${label}`);
}
