import { contactKey } from '../history';
import type { RuleId, StepCandidate } from '../types';

/** What a rule decides about a step; the identity fields come from stepFor's arguments. */
export type StepDetails = Omit<StepCandidate, 'rule' | 'scenario' | 'step' | 'anchor' | 'key'>;

/**
 * One step of one customer, keyed by contactKey so every rule names its steps the same way. `keySuffix` (e.g.
 * '#手紙') keeps a second contact of the same step apart from the first.
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
  return {
    rule,
    scenario,
    step,
    anchor,
    key: contactKey(customerId, rule, step, anchor, 1, keySuffix),
    ...rest,
  };
}
