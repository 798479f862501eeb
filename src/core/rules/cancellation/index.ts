import { SCENARIO, STEP } from '../../../labels';
import { defineRule, type Rule, type StepDef } from '../rule';
import { TEMPLATES } from './templates';
import { isBusinessDay, nextBusinessDay } from '../../calendar';
import { addDays, isoDay, slashDay, type Day } from '../../day';
import { isAfter, type Slot } from '../../slots';
import type { Customer, RuleContext } from '../../types';
import { NO_PROBLEMS, NO_STEPS, stepFor } from '../step';

const WINDOW_DAYS = 14;
/** The seed's advice: offer about three concrete times, never "any time". */
const SLOTS_OFFERED = 3;

const TOO_FEW_SLOTS = '空き枠が3つ未満です。「空き枠」シートに、ご案内できる日時を3つ以上入れてください';

const STEPS: readonly StepDef[] = [
  { label: STEP.cancellationNotice, channels: ['LINE', 'メール', '電話', '手紙'] },
];

/**
 * S2 キャンセルフォロー (contract section 3): accept the cancellation, show concern and offer three concrete open
 * times. A visit after the cancellation means the customer came back, and a 次回予約日 after it that they re-booked:
 * either way there is nothing to follow up.
 */
export const cancellation: Rule<'S2'> = defineRule({
  id: 'S2',
  scenario: SCENARIO.cancellation,
  kind: 'customer',
  anchor: 'row',
  steps: STEPS,
  triggers: [{ field: 'cancelDate', header: 'キャンセル日' }],
  reads: ['キャンセル日', '最終来店日', '次回予約日'],
  templates: TEMPLATES,
  // A visit since the cancellation: the customer came back, whatever the cancellation's date was corrected to.
  endedBy: cameBackSince,
  plan(customer, ctx) {
    const cancelled = customer.cancelDate;
    if (cancelled === undefined) return NO_STEPS;
    if (cameBackSince(customer, cancelled)) return NO_STEPS;
    // A booking made since the cancellation (次回予約日 later than キャンセル日): they re-booked, nothing to follow up.
    if (customer.nextBooking !== undefined && customer.nextBooking.day > cancelled) return NO_STEPS;
    const anchor = isoDay(cancelled);
    const slots = offeredSlots(ctx);
    const step = stepFor(customer.id, cancellation, STEP.cancellationNotice, anchor, {
      due: nextBusinessDay(cancelled, ctx.settings.calendar),
      last: addDays(cancelled, WINDOW_DAYS),
      because: `キャンセル日（${slashDay(cancelled)}）の翌営業日`,
      ...(slots.length < SLOTS_OFFERED
        ? { blockers: [TOO_FEW_SLOTS] }
        : { fields: { 空き枠1: slots[0].label, 空き枠2: slots[1].label, 空き枠3: slots[2].label } }),
    });
    return { steps: [step], problems: NO_PROBLEMS };
  },
});

/** The first three 空き枠 that are still open, not yet started and on days the shop is open. */
/** A slot marked 案内 is being offered to regulars (S5); offering it here too would invite a double booking. */
function offeredSlots(ctx: RuleContext): Slot[] {
  return ctx.slots
    .filter(
      (slot) =>
        slot.open && !slot.offer && isAfter(slot, ctx.now) && isBusinessDay(slot.day, ctx.settings.calendar),
    )
    .slice(0, SLOTS_OFFERED);
}

/** A visit after the cancellation: the customer came back. */
function cameBackSince(customer: Customer, cancelled: Day): boolean {
  return customer.lastVisit !== undefined && customer.lastVisit > cancelled;
}
