import { SCENARIO, STEP } from '../../../labels';
import { defineRule, type Rule, type StepDef } from '../rule';
import { TEMPLATES } from './templates';
import { addDays, isoDay, slashDay, type Day } from '../../day';
import type { ContactRecord } from '../../types';
import { NO_PROBLEMS, NO_STEPS, stepFor } from '../step';

const DAYS_AFTER_PRINTING = 5;
const WINDOW_DAYS = 14;
/** Letters worth a "did you see it?" email: the recurring ones (S4 お役立ち情報, S7 ニュースレター). */
const FOLLOWS = [SCENARIO.dormant, SCENARIO.newsletter];
const CHECKED_SCENARIOS: ReadonlySet<string> = new Set(FOLLOWS);

const STEPS: readonly StepDef[] = [{ label: STEP.letterCheck, channels: ['メール'], marketing: true }];

/**
 * S8 お手紙確認メール (contract section 3, seed P10): five days after an S4/S7 letter was printed, a short email
 * asking whether it arrived. One per printing day: two letters printed together need one email.
 */
export const letterCheck: Rule<'S8'> = defineRule({
  id: 'S8',
  scenario: SCENARIO.letterCheck,
  kind: 'customer',
  anchor: 'history',
  steps: STEPS,
  follows: FOLLOWS,
  templates: TEMPLATES,
  plan(customer, ctx) {
    // Only for customers who agreed to marketing email: for the others this step simply does not exist.
    if (!customer.email || !customer.emailConsent) return NO_STEPS;
    // No set for the many customers without a printed letter (100,000 customers).
    let printedOn: Set<Day> | undefined;
    for (let i = 0; i < ctx.history.length; i++) {
      const r = ctx.history[i];
      if (isCheckedLetter(r) && r.at !== undefined) (printedOn ??= new Set()).add(r.at);
    }
    if (!printedOn) return NO_STEPS;
    const steps = [...printedOn].map((printed) => {
      const due = addDays(printed, DAYS_AFTER_PRINTING);
      return stepFor(customer.id, letterCheck, STEP.letterCheck, isoDay(printed), {
        due,
        last: addDays(due, WINDOW_DAYS),
        // Marketing email: the planner also requires メール同意.
        because: `お手紙（${slashDay(printed)} 印刷）の${DAYS_AFTER_PRINTING}日後`,
      });
    });
    return { steps, problems: NO_PROBLEMS };
  },
});

/** A printed S4/S7 letter that did not come back: asking about a returned letter would make no sense. */
function isCheckedLetter(r: ContactRecord): boolean {
  return (
    r.channel === '手紙' &&
    r.state === '印刷済' &&
    r.result !== '宛先不明' &&
    CHECKED_SCENARIOS.has(r.scenario)
  );
}
