import { SCENARIO, STEP } from '../../labels';
import { addDays, type Day } from '../day';
import { isAfter, type Moment, type Slot } from '../slots';
import type { ContactRecord, Customer, Settings, StepCandidate } from '../types';
import { stepFor } from './step';

/** A customer who had a vacancy offer within this many days is not asked again. */
const RECENT_OFFER_DAYS = 30;

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
    if (r.key) offered.add(r.key.split('|')[3] ?? '');
    const day = r.plannedDay ?? r.at;
    if (day !== undefined && (lastOffer === undefined || day > lastOffer)) lastOffer = day;
  }
  if (lastOffer !== undefined && now.day - lastOffer < settings.vacancyIntervalDays) return undefined;
  return slots.find((s) => s.offer && s.open && isAfter(s, now) && !offered.has(s.anchor));
}

/**
 * 常連 and not new, no offer in the last 30 days. The planner also leaves out customers in complaint aftercare
 * (an open S3 step) and chooses the channel.
 */
export function isVacancyCandidate(
  customer: Customer,
  history: readonly ContactRecord[],
  today: Day,
): boolean {
  if (customer.blocked || !customer.regular || (customer.visits ?? 0) <= 1) return false;
  const since = addDays(today, -(RECENT_OFFER_DAYS - 1));
  return !history.some(
    (r) =>
      r.scenario === SCENARIO.vacancy && r.state !== 'スキップ' && (r.plannedDay ?? r.at ?? since) >= since,
  );
}

export function vacancyStep(customer: Customer, slot: Slot, today: Day): StepCandidate {
  return stepFor(customer.id, 'S5', SCENARIO.vacancy, STEP.vacancyOffer, slot.anchor, {
    due: today,
    last: slot.day,
    channels: ['LINE', 'メール'],
    because: `空き枠 ${slot.label} のご案内（常連のお客様、来店${customer.visits ?? 0}回）`,
    fields: { 空き枠: slot.label, 特別価格: slot.specialPrice },
    recurring: true,
  });
}
