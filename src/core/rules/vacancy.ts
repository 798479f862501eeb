import { SCENARIO, STEP } from '../../labels';
import { channelsOf } from '../registry';
import { keyAnchor } from '../keys';
import { addDays, type Day } from '../day';
import { isAfter, type Moment, type Slot } from '../slots';
import type { ContactRecord, Customer, Settings, StepCandidate } from '../types';
import { dormantFrom } from './dormant';
import { stepFor } from './step';

/** A customer who had a vacancy offer within this many days is not asked again. */
const RECENT_OFFER_DAYS = 30;
/** No offer within this many days before or after an S4 contact (never beside a 「ご無沙汰しております」 letter). */
const AWAY_FROM_DORMANT_DAYS = 14;

/**
 * S5 空き枠案内 is shop-wide: a slot is offered once, on the first run that sees it (and no more often than
 * 空き枠案内の間隔日数), never after the slot itself.
 */
export function slotToOffer(
  slots: readonly Slot[],
  records: readonly ContactRecord[],
  now: Moment,
  settings: Settings,
): Slot | undefined {
  const offered = new Set<string>();
  let lastOffer: Day | undefined;
  for (let i = 0; i < records.length; i++) {
    // Indexed: every log row, in a loop run once per plan (see planFollowUps).
    const r = records[i];
    if (r.scenario !== SCENARIO.vacancy || r.state === 'スキップ') continue;
    if (r.key) offered.add(keyAnchor(r.key));
    const day = r.plannedDay ?? r.at;
    if (day !== undefined && (lastOffer === undefined || day > lastOffer)) lastOffer = day;
  }
  if (lastOffer !== undefined && now.day - lastOffer < settings.vacancyIntervalDays) return undefined;
  return slots.find((s) => s.offer && s.open && isAfter(s, now) && !offered.has(s.anchor));
}

/**
 * Contract S5: 常連 and not new; still active (last visit within their own dormant threshold, as S4 computes it);
 * not booked already (次回予約日 today or later); no S4 contact in the 14 days before or after today, and not
 * becoming dormant within them; no vacancy offer in the last 30 days. The planner also leaves out customers in
 * complaint aftercare (an open S3 step) or with a higher rule's contact today, and chooses the channel.
 */
export function isVacancyCandidate(
  customer: Customer,
  history: readonly ContactRecord[],
  today: Day,
  settings: Settings,
): boolean {
  if (customer.blocked || !customer.regular || (customer.visits ?? 0) <= 1) return false;
  const dormantDay = dormantFrom(customer, settings);
  // No 最終来店日: nothing says they are active. Dormant, or dormant (an S4 letter) within 14 days: not a fan's offer.
  if (dormantDay === undefined || dormantDay - today <= AWAY_FROM_DORMANT_DAYS) return false;
  // Already booked: a special price would only discount a visit the shop already has (README: choices).
  if (customer.nextBooking !== undefined && customer.nextBooking.day >= today) return false;
  const since = addDays(today, -(RECENT_OFFER_DAYS - 1));
  return !history.some(
    (r) =>
      r.state !== 'スキップ' &&
      ((r.scenario === SCENARIO.vacancy && (r.plannedDay ?? r.at ?? since) >= since) ||
        (r.scenario === SCENARIO.dormant && nearDormantContact(r, today))),
  );
}

/** An S4 contact (done, or planned for) within 14 days of today, either side. */
function nearDormantContact(r: ContactRecord, today: Day): boolean {
  const day = r.plannedDay ?? r.at;
  return day !== undefined && Math.abs(day - today) <= AWAY_FROM_DORMANT_DAYS;
}

export function vacancyStep(customer: Customer, slot: Slot, today: Day): StepCandidate {
  return stepFor(customer.id, 'S5', SCENARIO.vacancy, STEP.vacancyOffer, slot.anchor, {
    due: today,
    last: slot.day,
    channels: channelsOf('S5', STEP.vacancyOffer),
    because: `${slot.label}の空き枠を、常連のお客様（来店${customer.visits ?? 0}回）としてご案内します`,
    fields: { 空き枠: slot.label, 特別価格: slot.specialPrice },
    recurring: true,
  });
}
