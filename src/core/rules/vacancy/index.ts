import { NOTE, SCENARIO, STEP } from '../../../labels';
import { defineRule, type Rule, type ShopContext, type StepDef } from '../rule';
import { TEMPLATES } from './templates';
import { keyAnchor } from '../../keys';
import { addDays, parseIsoDay, slashDay, type Day } from '../../day';
import { holdsItsDay, isPendingState } from '../../history';
import { isAfter, type Moment, type Slot } from '../../slots';
import type {
  ClosedContact,
  ContactRecord,
  Customer,
  RuleContext,
  Settings,
  StepCandidate,
} from '../../types';
import { dormantFrom } from '../dormant';
import { NO_PROBLEMS, NO_STEPS, stepFor } from '../step';

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
    const { steps, ended } = waitingOffers(customer, ctx);
    if (offers?.recipients.has(customer)) steps.push(vacancyStep(customer, offers.slot, ctx.today));
    return steps.length === 0 && ended.length === 0 ? NO_STEPS : { steps, problems: NO_PROBLEMS, ended };
  },
  // An offer waits for its slot: only a slot that has passed makes it unwanted.
  keepsPending: (key, now) => !slotHasPassed(key, now),
  // Approved hours before it goes (the hourly batch): the slot may have passed or been taken since.
  atSending: (key, _customer, now, _lostHeader, slots) => {
    if (slotHasPassed(key, now)) return { close: '空き枠の日時を過ぎた' };
    return slotAt(slots(), keyAnchor(key))?.taken ? { close: '空き枠が埋まった' } : undefined;
  },
});

/**
 * The customer's offers already prepared and not sent (承認待ち, 下書き …), whose slot has not passed: still this
 * rule's steps, so 次回連絡日 shows the offer waiting (contract 3: the earliest pending step) and 延期 is bounded by
 * the slot's day. Who gets a slot is decided only when it is first offered (vacancyOffers); these are the offers
 * made then. A row whose キー is not the one this customer's step would have (a 顧客ID written another way) is left
 * to keepsPending, which keeps it without a step: never a second offer under a new key. An offer of a slot the
 * owner marked 埋まり is `ended` (contract 3: the slot is taken); a slot row deleted, or a 状態 that cannot be read,
 * is no evidence, and the offer waits.
 */
function waitingOffers(
  customer: Customer,
  ctx: RuleContext,
): { steps: StepCandidate[]; ended: ClosedContact[] } {
  const steps: StepCandidate[] = [];
  const ended: ClosedContact[] = [];
  for (let i = 0; i < ctx.history.length; i++) {
    const r = ctx.history[i];
    if (
      r.scenario !== SCENARIO.vacancy ||
      !r.key ||
      !isPendingState(r.state) ||
      slotHasPassed(r.key, ctx.now)
    )
      continue;
    const anchor = keyAnchor(r.key);
    const slot = slotAt(ctx.slots, anchor);
    if (slot?.taken) {
      ended.push({ record: r, note: NOTE.slotTaken });
      continue;
    }
    // One due again (延期 to a day that came, 失敗, an interrupted 準備中) is prepared again: only for a slot still
    // surely open and still offered. Otherwise it waits, kept (keepsPending), until its slot passes or is taken.
    if (!holdsItsDay(r) && !(slot?.open && slot.offer)) continue;
    const day = slot?.day ?? parseIsoDay(anchor.slice(0, 10));
    if (day === null) continue;
    const step = slot
      ? vacancyStep(customer, slot, r.plannedDay ?? ctx.today)
      : stepFor(customer.id, vacancy, STEP.vacancyOffer, anchor, {
          due: r.plannedDay ?? ctx.today,
          last: day,
          because: `${slashDay(day)} ${anchor.slice(11)}の空き枠をご案内しています`,
          recurring: true,
        });
    if (step.key === r.key) steps.push(step);
  }
  return { steps, ended };
}

/**
 * The 空き枠 row of that 日時; a time written on two rows (two seats) is taken only when every one of them is, and
 * open when one is.
 */
function slotAt(slots: readonly Slot[], anchor: string): Slot | undefined {
  const rows = slots.filter((s) => s.anchor === anchor);
  if (rows.length <= 1) return rows[0];
  return rows.find((s) => s.open) ?? rows.find((s) => !s.taken) ?? rows[0];
}

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
  // The most loyal regulars first, in 顧客 order among equals (what a stable sort by 来店回数 gives, without
  // sorting tens of thousands of them). Each is asked in that order whether they are a candidate, only until
  // enough take the offer: the rest never need their 連絡履歴 looked up.
  const byVisits = new Map<number, Customer[]>();
  for (let i = 0; i < shop.customers.length; i++) {
    const c = shop.customers[i];
    const visits = c.visits ?? 0;
    if (!c.regular || c.blocked || !(visits > 1)) continue;
    const same = byVisits.get(visits);
    if (same) same.push(c);
    else byVisits.set(visits, [c]);
  }
  const mostFirst = [...byVisits.keys()].sort((a, b) => b - a);
  // Bucket by bucket, not one list of every regular: the first few usually fill the slot.
  const full = () => recipients.size >= settings.vacancyMaxRecipients;
  for (let v = 0; v < mostFirst.length && !full(); v++) {
    const same = byVisits.get(mostFirst[v]) as Customer[];
    for (let i = 0; i < same.length && !full(); i++) {
      const customer = same[i];
      if (!isVacancyCandidate(customer, shop.historyOf, today, settings)) continue;
      const trial = shop.trial(customer, vacancy.id);
      if (trial.inAftercare || trial.busyToday) continue; // complaint aftercare: no sales offers
      if (trial.canPlace({ ...vacancyStep(customer, slot, today), last: today })) recipients.add(customer);
    }
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

/** The offer of `slot` to the customer, due on `due` (the day it is first offered). */
export function vacancyStep(customer: Customer, slot: Slot, due: Day): StepCandidate {
  return stepFor(customer.id, vacancy, STEP.vacancyOffer, slot.anchor, {
    due,
    last: slot.day,
    because: `${slot.label}の空き枠を、常連のお客様（来店${customer.visits ?? 0}回）としてご案内します`,
    fields: { 空き枠: slot.label, 特別価格: slot.specialPrice },
    recurring: true,
  });
}
