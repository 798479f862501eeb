import { dateWithSource } from '../../import/facts';
import { SCENARIO, STEP } from '../../../labels';
import { defineRule, type Rule, type StepDef } from '../rule';
import { TEMPLATES } from './templates';
import { LETTER_SUFFIX } from '../../keys';
import { closedQuietly, noRowOfRule } from '../../lifecycle';
import { addDays, isoDay } from '../../day';
import { memo2 } from '../../memo';
import type { StepCandidate } from '../../types';
import { inquiryJoinsThanks } from '../post-purchase';
import { NO_PROBLEMS, NO_STEPS, stepFor } from '../step';

const WINDOW_DAYS = 14;

const STEPS: readonly StepDef[] = [
  {
    label: STEP.thanks,
    channels: ['LINE', 'メール'],
    alsoBy: ['手紙'],
    handwritten: true,
    carries: [STEP.inquiry],
  },
];

/**
 * S6 サンキューレター (contract section 3, seed P5): thank a first-time customer the day after the visit. A LINE
 * message is not a letter, so a high-value first purchase also gets a letter the owner should write by hand.
 */
export const thankYou: Rule<'S6'> = defineRule({
  id: 'S6',
  scenario: SCENARIO.thankYou,
  kind: 'customer',
  anchor: 'row',
  steps: STEPS,
  triggers: [{ field: 'lastVisit', header: '最終来店日' }],
  reads: ['最終来店日', '来店回数'],
  templates: TEMPLATES,
  plan(customer, ctx) {
    const visit = customer.lastVisit;
    if (customer.visits !== 1 || visit === undefined) return NO_STEPS;
    const last = addDays(visit, WINDOW_DAYS);
    // Its window closed before ctx.quietBefore and the customer has no row of S6: the お礼 (and its letter) would only
    // be expired, unlogged (lifecycle.quietBefore). Left out, unbuilt: every first-time customer of long ago, each run.
    if (closedQuietly(ctx.quietBefore, last) && noRowOfRule(ctx.history, 'S6', SCENARIO.thankYou))
      return NO_STEPS;
    // The 購入後フォロー's お伺い, when it falls within 3 days, travels in this お礼 (one message, not two).
    const category = customer.category ? ctx.categories.get(customer.category) : undefined;
    const carries = inquiryJoinsThanks(customer, category, ctx.unreachable);
    const thanks = stepFor(customer.id, thankYou, STEP.thanks, isoDay(visit), {
      due: addDays(visit, 1),
      last,
      because: dayAfter(dateWithSource(customer, 'lastVisit', '初回来店日'), carries),
      ...(carries ? { carries: STEP.inquiry } : {}),
    });
    const threshold = ctx.settings.highValueAmount;
    if (customer.amount === undefined || customer.amount < threshold)
      return { steps: [thanks], problems: NO_PROBLEMS };
    // Its own key, so the letter and the LINE/email are prepared and tracked separately.
    const letter: StepCandidate = {
      ...thanks,
      carries: undefined,
      key: thanks.key + LETTER_SUFFIX,
      channels: ['手紙'],
      handwritten: true,
      because: `${thanks.because}。購入金額 ${yen(customer.amount)}（${yen(threshold)}以上）のため手書き推奨`,
    };
    return { steps: [thanks, letter], problems: NO_PROBLEMS };
  },
});

/** 理由 of an お礼, one string for every customer it says (memo.ts): each step keeps it until the run ends. */
const dayAfter = memo2(
  (visitText: string, carries: boolean) =>
    `${visitText}の翌日${carries ? '（購入後フォローのお伺いも兼ねます）' : ''}`,
);

function yen(amount: number): string {
  return `${amount.toLocaleString('ja-JP')}円`;
}
