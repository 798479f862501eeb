import { SCENARIO, STEP } from '../../../labels';
import { defineRule, type Rule, type SendCheck, type StepDef } from '../rule';
import { keyAnchor } from '../../keys';
import { TEMPLATES } from './templates';
import { addDays, isoDay, monthDayJa, slashDay, weekdayJa } from '../../day';
import type { Moment } from '../../slots';
import type { Customer } from '../../types';
import { NO_PROBLEMS, NO_STEPS, stepFor } from '../step';

/**
 * A service message, not an offer (contract 4.3): no メール同意 needed, and not held to LINE目安月回数 (4.2); 配信停止
 * and the LINE hard cap apply as to every message. No letter (it would arrive too late) and no call.
 */
const STEPS: readonly StepDef[] = [{ label: STEP.dayBefore, channels: ['LINE', 'メール'] }];

/**
 * S11 ご予約前日のご案内 (contract section 3): the calendar day before 次回予約日's day, until that day, the message
 * names the booked date and time, where the shop is and how to change the booking. The key hangs on the booking's
 * moment, so a moved booking is a new contact and the old pending one is no longer asked for (the planner closes
 * it); a cleared 次回予約日, a キャンセル日 on the booking's day or a booking that has begun ask for nothing.
 *
 * No triggers: a blank 次回予約日 is not missing data here but the owner's word that there is no booking, so it
 * withdraws a pending reminder (contract section 3, Step life cycle) instead of holding it. A 次回予約日 that cannot
 * be read is a problem on the row, which holds it; a renamed header is in `reads`, which holds it too.
 */
export const bookingReminder: Rule<'S11'> = defineRule({
  id: 'S11',
  scenario: SCENARIO.bookingReminder,
  kind: 'customer',
  // The booking is an occurrence of its own: a moved one is a new contact, never "the same date corrected".
  anchor: 'occurrence',
  steps: STEPS,
  reads: ['次回予約日', 'キャンセル日'],
  templates: TEMPLATES,
  plan(customer, ctx) {
    const booking = upcomingBooking(customer, ctx.now);
    if (booking === undefined) return NO_STEPS;
    const { day } = booking;
    const step = stepFor(customer.id, bookingReminder, STEP.dayBefore, bookingAnchor(booking), {
      due: addDays(day, -1),
      last: day,
      because: `次回予約日（${slashDay(day)}${hasTime(booking) ? ` ${clock(booking.minutes)}` : ''}）の前日`,
      fields: { 予約日時: bookingLabel(booking) },
    });
    return { steps: [step], problems: NO_PROBLEMS };
  },
  atSending: stillBooked,
});

/**
 * The booking as the row has it at the moment of sending (contract section 3, S11: checked again then): the
 * reminder of `key` goes only while the customer is still booked at that moment. A cleared 次回予約日, a キャンセル日 on
 * the booking's day, a booking moved to another moment or one that has begun close it, in the owner's words; a
 * 次回予約日 header gone from 顧客 holds it (the row cannot tell).
 */
export function stillBooked(
  key: string,
  customer: Customer,
  now: Moment,
  lostHeader: (header: string) => boolean,
): SendCheck {
  const anchor = keyAnchor(key);
  const booking = customer.nextBooking;
  if (booking === undefined) {
    if (lostHeader('次回予約日')) return { hold: '顧客シートの見出し「次回予約日」が見つからない' };
    return { close: '次回予約日が空欄になった（ご予約がなくなった）' };
  }
  const when = slashMoment(booking);
  if (customer.cancelDate !== undefined && customer.cancelDate === booking.day)
    return { close: `ご予約の日（${slashDay(booking.day)}）にキャンセル日が入っている` };
  if (bookingAnchor(booking) !== anchor)
    return { close: `ご予約が${anchor.replace(/-/g, '/')}から${when}に変わった` };
  if (upcomingBooking(customer, now) === undefined) return { close: `ご予約の日時（${when}）を過ぎた` };
  return undefined;
}

/** 2026/12/05 14:00, or 2026/12/05 without a time: as 理由 and 備考 say a booking. */
function slashMoment(booking: Moment): string {
  return bookingAnchor(booking).replace(/-/g, '/');
}

/**
 * The customer's booking a reminder is still for at `now`: set, not cancelled (a キャンセル日 on its day) and not
 * begun. A booking without a time (a bare date) counts as ahead all of its day. Undefined otherwise.
 */
export function upcomingBooking(customer: Customer, now: Moment): Moment | undefined {
  const booking = customer.nextBooking;
  if (booking === undefined) return undefined;
  if (customer.cancelDate !== undefined && customer.cancelDate === booking.day) return undefined;
  if (booking.day < now.day) return undefined;
  if (booking.day === now.day && hasTime(booking) && booking.minutes <= now.minutes) return undefined;
  return booking;
}

/** The anchor of the reminder's key: the booking's day, and its time when it has one (2026-12-05 14:00). */
export function bookingAnchor(booking: Moment): string {
  return hasTime(booking) ? `${isoDay(booking.day)} ${clock(booking.minutes)}` : isoDay(booking.day);
}

/** 12月5日（土）14:00, or 12月5日（土） for a booking without a time: never 「明日」. */
export function bookingLabel(booking: Moment): string {
  const date = `${monthDayJa(booking.day)}（${weekdayJa(booking.day)}）`;
  return hasTime(booking) ? `${date}${clock(booking.minutes)}` : date;
}

/** A bare date is read as midnight (core/customers.ts): no shop books a customer at 0:00. */
function hasTime(booking: Moment): boolean {
  return booking.minutes > 0;
}

function clock(minutes: number): string {
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
}
