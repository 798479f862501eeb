import { SCENARIO, STEP } from '../../../labels';
import { defineRule, type Rule, type ShopContext, type StepDef } from '../rule';
import { TEMPLATES } from './templates';
import { keyAnchor } from '../../keys';
import { addDays, parseIsoDay, type Day } from '../../day';
import { isAfter, type Moment, type Slot } from '../../slots';
import type { ContactRecord, Customer, Settings, StepCandidate } from '../../types';
import { dormantFrom } from '../dormant';
import { NO_STEPS, stepFor } from '../step';

/** A customer who had a vacancy offer within this many days is not asked again. */
const RECENT_OFFER_DAYS = 30;
/** No offer within this many days before or after an S4 contact (never beside a 「ご無沙汰しております」 letter). */
const AWAY_FROM_DORMANT_DAYS = 14;

const STEPS: readonly StepDef[] = [
  { label: STEP.vacancyOffer, channels: ['LINE', 'メール'], marketing: true, nonUrgentLine: true },
];

/** The slot offered today and the regulars it goes to. */
interface VacancyOffers {
  slot: Slot;
  recipients: ReadonlySet<Customer>;
}

/**
 * S5 空き枠案内 (contract section 3): a slot the owner marks 案内 is offered once, to the most loyal active regulars
 * who can be reached today by LINE or consented email and hear nothing more important today (shop-wide: the planner
 * works out the recipients once, before the customers are planned).
 */
export const vacancy: Rule<'S5', VacancyOffers> = defineRule({
  id: 'S5',
  scenario: SCENARIO.vacancy,
  kind: 'shop',
  anchor: 'occurrence',
  steps: STEPS,
  speaksAfter: 'rules above',
  templates: TEMPLATES,
  shared: vacancyOffers,
  plan(customer, ctx, offers) {
    if (!offers?.recipients.has(customer)) return NO_STEPS;
    return { steps: [vacancyStep(customer, offers.slot, ctx.today)], problems: [] };
  },
  // An offer waits for its slot: only a slot that has passed makes it unwanted.
  keepsPending: (key, now) => !slotHasPassed(key, now),
});

/**
 * One slot per run, to the most loyal regulars who can be reached today by LINE or consented email and hear
 * nothing more important today. Decided before the customers are planned, by planning the higher rules of the
 * likeliest regulars on their own until enough of them can take the offer.
 */
function vacancyOffers(shop: ShopContext): VacancyOffers | undefined {
  const { today, settings } = shop;
  const slot = slotToOffer(shop.slots, shop.records, shop.now, settings);
  if (!slot) {
    // A slot held back by 空き枠案内の間隔日数 is listed in the summary (contract S5), never dropped without a word.
    const waiting = slotToOffer(shop.slots, shop.records, shop.now, { ...settings, vacancyIntervalDays: 0 });
    if (waiting)
      shop.notice(
        `空き枠「${waiting.label}」は、前回の空き枠のご案内から設定「空き枠案内の間隔日数」（${settings.vacancyIntervalDays}日）がたっていないため、まだご案内していません`,
      );
    return undefined;
  }
  const recipients = new Set<Customer>();
  const candidates = shop.customers
    // Regulars first: only they need their 連絡履歴 looked up, and only once the customer's own columns allow it.
    .filter((c) => c.regular && isVacancyCandidate(c, shop.historyOf, today, settings))
    .sort((a, b) => (b.visits ?? 0) - (a.visits ?? 0));
  for (const customer of candidates) {
    if (recipients.size >= settings.vacancyMaxRecipients) break;
    const trial = shop.trial(customer, vacancy.id);
    if (trial.inAftercare || trial.busyToday) continue; // complaint aftercare: no sales offers
    if (trial.canPlace({ ...vacancyStep(customer, slot, today), last: today })) recipients.add(customer);
  }
  return { slot, recipients };
}

/** A vacancy offer's anchor is the slot's `YYYY-MM-DD HH:MM`. */
function slotHasPassed(key: string, now: Moment): boolean {
  const match = /\|(\d{4}-\d{2}-\d{2}) (\d{2}):(\d{2})$/.exec(key);
  const day = match ? parseIsoDay(match[1]) : null;
  if (!match || day === null) return false;
  return day < now.day || (day === now.day && Number(match[2]) * 60 + Number(match[3]) <= now.minutes);
}

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
  historyOf: (customer: Customer) => readonly ContactRecord[],
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
  return !historyOf(customer).some(
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
  return stepFor(customer.id, vacancy, STEP.vacancyOffer, slot.anchor, {
    due: today,
    last: slot.day,
    because: `${slot.label}の空き枠を、常連のお客様（来店${customer.visits ?? 0}回）としてご案内します`,
    fields: { 空き枠: slot.label, 特別価格: slot.specialPrice },
    recurring: true,
  });
}
