import { contactKey } from '../keys';
import type { RuleId, RuleResult, StepCandidate } from '../types';

/** What a rule decides about a step; the identity fields come from stepFor's arguments. */
export type StepDetails = Omit<StepCandidate, 'rule' | 'scenario' | 'step' | 'anchor' | 'key'>;

/**
 * One step of one customer, keyed by contactKey so every rule names its steps the same way. `keySuffix` (e.g.
 * LETTER_SUFFIX) keeps a second contact of the same step apart from the first.
 */
export function stepFor(
  customerId: string,
  rule: RuleId,
  scenario: string,
  step: string,
  anchor: string,
  rest: StepDetails,
  keySuffix = '',
): StepCandidate {
  // Every field written out, in one order: one object of one shape for every step of every rule, where a
  // spread would add the details one by one (and make V8 keep them aside). The type makes a new field fail here.
  const candidate: { [K in keyof Required<StepCandidate>]: StepCandidate[K] } = {
    rule,
    scenario,
    step,
    anchor,
    key: contactKey(customerId, rule, step, anchor, 1, keySuffix),
    due: rest.due,
    last: rest.last,
    channels: rest.channels,
    because: rest.because,
    fields: rest.fields,
    waiting: rest.waiting,
    recurring: rest.recurring,
    handwritten: rest.handwritten,
    gift: rest.gift,
    asksOutcome: rest.asksOutcome,
    apology: rest.apology,
    callsAnyone: rest.callsAnyone,
    blockers: rest.blockers,
    carries: rest.carries,
  };
  return candidate;
}

/** Nothing to plan: one shared answer, since most rules have nothing for most customers. */
export const NO_STEPS: RuleResult = Object.freeze({ steps: Object.freeze([]), problems: Object.freeze([]) });
