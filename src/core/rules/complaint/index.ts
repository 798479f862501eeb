import { SCENARIO, STEP } from '../../../labels';
import { defineRule, type Rule, type StepDef } from '../rule';
import { TEMPLATES } from './templates';
import { addDays, addMonths, isoDay, slashDay, type Day } from '../../day';
import { isCompleteState, recordsOfStep } from '../../history';
import type { Customer, RuleContext, StepCandidate } from '../../types';
import { NO_STEPS, stepFor, type StepDetails } from '../step';

const APOLOGY_AFTER_DAYS = 7;
const APOLOGY_LAST_DAYS = 30;
const AFTER_CARE_MONTHS = 6;
const GRATITUDE_MONTHS = 12;
/** その後の確認 and 感謝 may be done up to 30 days after they are due. */
const WINDOW_DAYS = 30;
/** Ask for 改善内容 this many days before the 感謝 is due: early enough to write it, late enough to matter. */
const IMPROVEMENT_NOTICE_DAYS = 30;

const NO_IMPROVEMENT =
  '改善内容が空です。クレーム後フォロー（感謝）でお伝えする、改善したことを入れてください（空のままなら「接客や段取りを見直した」という一般的な文面になります）';

const STEPS: readonly StepDef[] = [
  // The planner lets this one call reach anyone with a number (contract 4.5).
  { label: STEP.apology, channels: ['電話', '手紙'], apology: true, callsAnyone: true },
  { label: STEP.afterCare, channels: ['LINE', '手紙', 'メール'], gift: true },
  { label: STEP.gratitude, channels: ['手紙', 'LINE', 'メール'], gift: true },
];

/**
 * S3 クレーム後フォロー (contract section 3, seed P8): an apology call a week later, a benefit unrelated to the shop
 * at six months, and at a year a thank-you saying what the complaint improved. The three steps hang on
 * クレーム対応日 alone, so each keeps its date whatever happened to the others.
 */
export const complaint: Rule<'S3'> = defineRule({
  id: 'S3',
  scenario: SCENARIO.complaint,
  kind: 'customer',
  anchor: 'row',
  steps: STEPS,
  triggers: [{ field: 'complaintDate', header: 'クレーム対応日' }],
  reads: ['クレーム対応日'],
  aftercare: true,
  templates: TEMPLATES,
  plan(customer, ctx) {
    const resolved = customer.complaintDate;
    if (resolved === undefined) return NO_STEPS;
    const anchor = isoDay(resolved);
    const step = (name: string, rest: StepDetails) => stepFor(customer.id, complaint, name, anchor, rest);
    const since = `クレーム対応日（${slashDay(resolved)}）の`;

    const afterCareDue = addMonths(resolved, AFTER_CARE_MONTHS);
    const gratitudeDue = addMonths(resolved, GRATITUDE_MONTHS);
    const gratitude = step(STEP.gratitude, {
      due: gratitudeDue,
      last: addDays(gratitudeDue, WINDOW_DAYS),
      because: `${since}${GRATITUDE_MONTHS}か月後`,
      gift: ctx.settings.thanksVoucher ? { what: ctx.settings.thanksVoucher, how: '金券' } : undefined,
    });
    const steps: StepCandidate[] = [
      step(STEP.apology, {
        due: addDays(resolved, APOLOGY_AFTER_DAYS),
        last: addDays(resolved, APOLOGY_LAST_DAYS),
        because: `${since}${APOLOGY_AFTER_DAYS}日後`,
      }),
      step(STEP.afterCare, {
        due: afterCareDue,
        last: addDays(afterCareDue, WINDOW_DAYS),
        because: `${since}${AFTER_CARE_MONTHS}か月後`,
        fields: { 特典: ctx.settings.complaintGift },
        gift: ctx.settings.complaintGift
          ? { what: ctx.settings.complaintGift, how: handover(customer, ctx) }
          : undefined,
      }),
      gratitude,
    ];
    return { steps, problems: needsImprovement(customer, gratitude, resolved, ctx) ? [NO_IMPROVEMENT] : [] };
  },
});

/**
 * 半年後の特典の渡し方 (contract S3): 別送 needs 郵便番号 and 住所; without them the gift waits for the next visit rather
 * than a delivery nothing can make.
 */
function handover(customer: Customer, ctx: RuleContext): '別送' | '来店時' {
  const canPost = Boolean(customer.postalCode?.trim() && customer.address?.trim());
  return ctx.settings.giftHandover === '別送' && canPost ? '別送' : '来店時';
}

/** 改善内容 is asked for only while the 感謝 is near or due and not yet done: a year ahead it is just noise. */
function needsImprovement(
  customer: Customer,
  gratitude: StepCandidate,
  resolved: Day,
  ctx: RuleContext,
): boolean {
  if (customer.improvement.trim()) return false;
  if (ctx.today < addDays(gratitude.due, -IMPROVEMENT_NOTICE_DAYS)) return false;
  if (gratitude.last !== undefined && ctx.today > gratitude.last) return false;
  const records = recordsOfStep(ctx.history, gratitude.key, gratitude.scenario, gratitude.step, resolved);
  return !records.some((r) => isCompleteState(r.state));
}
