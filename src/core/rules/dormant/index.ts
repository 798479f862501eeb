import { dateWithSource } from '../../import/facts';
import { SCENARIO, STEP } from '../../../labels';
import { addDays, addMonths, isoDay, monthDayJa, parseIsoDay, slashDay, type Day } from '../../day';
import { isCompleteState, isPendingState } from '../../history';
import type { ContactRecord, Customer, RuleContext, Settings } from '../../types';
import { NO_PROBLEMS, NO_STEPS, stepFor } from '../step';
import { isKeyOf, keyAnchor } from '../../keys';
import { memo, memo2, memo3 } from '../../memo';
import { defineRule, type Rule, type StepDef } from '../rule';
import { TEMPLATES } from './templates';

/** S4 waits while any of these has a step pending or upcoming: they speak to the customer first. */
const SPEAKS_AFTER = ['S1', 'S2', 'S3', 'S6'];
const COMES_FIRST: ReadonlySet<string> = new Set(SPEAKS_AFTER);
const REPEAT_DAYS = 30;
const MIN_THRESHOLD_DAYS = 30;
const MAX_THRESHOLD_DAYS = 730;
/** The customer's own rhythm needs at least two intervals to mean anything. */
const MIN_VISITS_FOR_RHYTHM = 3;

interface Threshold {
  days: number;
  /**
   * How 理由 names it, in the owner's words (message-style.md): 「いつもの来店間隔（約49日）の2倍」, 「休眠日数の90日」, or
   * the days alone when the customer's rhythm was clamped (「30日」).
   */
  label: string;
}

interface Occurrence {
  day: Day;
  because: string;
}

const STEPS: readonly StepDef[] = [
  { label: STEP.usefulInfo, channels: ['手紙', 'メール', 'LINE'], marketing: true, nonUrgentLine: true },
];

/**
 * S4 休眠客フォロー (contract section 3, seeds P1/P10): keep sending service-first お役立ち情報 to customers who
 * drifted away, every 30 days after the previous one, even if they never answer. It recurs with no backlog: a
 * missed occurrence is due once (the planner shows it today) and keyed by its own date, never by today.
 */
export const dormant: Rule<'S4'> = defineRule({
  id: 'S4',
  scenario: SCENARIO.dormant,
  kind: 'customer',
  anchor: 'occurrence',
  steps: STEPS,
  triggers: [{ field: 'lastVisit', header: '最終来店日' }],
  reads: ['最終来店日', '来店回数', '初回来店日'],
  speaksAfter: SPEAKS_AFTER,
  templates: TEMPLATES,
  quietBecause(customer, today, settings) {
    const visit = customer.lastVisit;
    const months = settings.dormantFollowMonths;
    if (visit === undefined || months === null || isFollowed(visit, today, settings)) return '';
    const span = months % 12 === 0 ? `${months / 12}年以内` : `${months}か月以内`;
    return `最終来店日（${slashDay(visit)}）が設定「休眠フォローの対象」（${span}）より前のため、休眠客フォローはしていません`;
  },
  queueHint: '休眠客フォローの対象は設定「休眠フォローの対象」（最終来店からの期間）で絞れます。',
  plan(customer, ctx) {
    const visit = customer.lastVisit;
    if (visit === undefined || ctx.openSteps.some((s) => COMES_FIRST.has(s.rule))) {
      return NO_STEPS;
    }
    // 休眠フォローの対象: a customer last seen longer ago than that is no longer followed.
    if (!isFollowed(visit, ctx.today, ctx.settings)) return NO_STEPS;
    const threshold = dormantThreshold(customer, visit, ctx.settings);
    // Before the customer is dormant, the day they will be is an upcoming step (shown in 次回連絡日).
    const { day, because } =
      ctx.today - visit <= threshold.days
        ? upcoming(visit, threshold)
        : occurrence(customer.id, visit, threshold, ctx, dateWithSource(customer, 'lastVisit', '最終来店日'));
    const step = stepFor(customer.id, dormant, STEP.usefulInfo, isoDay(day), {
      due: day,
      recurring: true,
      because,
      fields: usefulInfoFields(ctx.settings.usefulInfo),
    });
    return { steps: [step], problems: NO_PROBLEMS };
  },
});

/** {{お役立ち情報}} of every S4 step: one object per text, shared by every customer's step (read, never written). */
let useful: { text: string; fields: Readonly<Record<string, string>> } | undefined;
function usefulInfoFields(text: string): Readonly<Record<string, string>> {
  if (useful?.text !== text) useful = { text, fields: Object.freeze({ お役立ち情報: text }) };
  return useful.fields;
}

/** Whether the customer's last visit is older than their threshold today (the dashboard's 休眠 too). */
export function isDormant(customer: Customer, today: Day, settings: Settings): boolean {
  const visit = customer.lastVisit;
  return visit !== undefined && today - visit > dormantThreshold(customer, visit, settings).days;
}

/** The first day this customer counts as dormant (last visit older than their threshold), if they visited. */
export function dormantFrom(customer: Customer, settings: Settings): Day | undefined {
  const visit = customer.lastVisit;
  return visit === undefined
    ? undefined
    : addDays(visit, dormantThreshold(customer, visit, settings).days + 1);
}

/** 休眠フォローの対象 (3年以内, or 全員): whether S4 follows a customer last seen on `visit`. */
export function isFollowed(visit: Day, today: Day, settings: Settings): boolean {
  const months = settings.dormantFollowMonths;
  return months === null || visit >= addMonths(today, -months);
}

/** The day the customer will become dormant, in the owner's words: 「12月24日で前回のご来店から99日」. */
function upcoming(visit: Day, threshold: Threshold): Occurrence {
  const day = addDays(visit, threshold.days + 1);
  return { day, because: becomesDormant(day, visit, threshold.label) };
}

// 理由 and their pieces, one string for every customer they say (memo.ts): each step keeps its 理由 until the run
// ends, and 100,000 customers share a few hundred of them.
const becomesDormant = memo3(
  (day: Day, visit: Day, label: string) =>
    `${monthDayJa(day)}に、前回のご来店（${slashDay(visit)}）から${label}を過ぎて休眠客フォローの対象になります`,
);
const dormantSince = memo3(
  (visitText: string, days: number, label: string) => `${visitText}から${days}日、${label}を過ぎたため`,
);
const afterUseful = memo((handled: Day) => `前回のお役立ち情報（${slashDay(handled)}）から${REPEAT_DAYS}日`);
const twiceInterval = memo((interval: number) => `いつもの来店間隔（約${interval}日）の2倍`);
const clampedTwice = memo2(
  (interval: number, days: number) =>
    `${twiceInterval(interval)}（${days === MIN_THRESHOLD_DAYS ? '最短' : '最長'}${days}日）`,
);
const restDays = memo((days: number) => `休眠日数の${days}日`);

/**
 * Twice the customer's average interval between visits when there are enough visits to know it (clamped to
 * 30–730 days), else the shop's 休眠日数.
 */
function dormantThreshold(customer: Customer, visit: Day, settings: Settings): Threshold {
  const { firstVisit, visits } = customer;
  if (
    visits !== undefined &&
    visits >= MIN_VISITS_FOR_RHYTHM &&
    firstVisit !== undefined &&
    firstVisit < visit
  ) {
    const rhythm = Math.round((2 * (visit - firstVisit)) / (visits - 1));
    const days = Math.min(MAX_THRESHOLD_DAYS, Math.max(MIN_THRESHOLD_DAYS, rhythm));
    const interval = Math.round((visit - firstVisit) / (visits - 1));
    return { days, label: days === rhythm ? twiceInterval(interval) : clampedTwice(interval, days) };
  }
  return { days: settings.dormantDays, label: restDays(settings.dormantDays) };
}

/**
 * The occurrence to plan: a pending one if there is one (never a second), else 30 days after the previous one
 * was handled, else the day after the customer became dormant. Only contacts after the last visit count: a visit
 * starts a new cycle.
 */
function occurrence(
  customerId: string,
  visit: Day,
  threshold: Threshold,
  ctx: RuleContext,
  visitText: string,
): Occurrence {
  const first: Occurrence = {
    day: addDays(visit, threshold.days + 1),
    because: dormantSince(visitText, ctx.today - visit, threshold.label),
  };
  const cycle = ctx.history.filter((r) => {
    const day = contactDay(r);
    return isDormantContact(r, customerId) && day !== undefined && day > visit;
  });
  // A スキップ ends an occurrence too: counting only done ones would plan the skipped key again, forever closed.
  const handled = latestDay(cycle.filter((r) => isCompleteState(r.state)));
  const scheduled: Occurrence =
    handled !== undefined && addDays(handled, REPEAT_DAYS) > first.day
      ? {
          day: addDays(handled, REPEAT_DAYS),
          because: afterUseful(handled),
        }
      : first;
  const pending = cycle.find((r) => isPendingState(r.state));
  const pendingDay = pending && (anchorDay(pending.key) ?? pending.at);
  return pendingDay === undefined ? scheduled : { ...scheduled, day: pendingDay };
}

/** Tsunagu's S4 rows by key; rows the owner typed (no key) by シナリオ. */
function isDormantContact(record: ContactRecord, customerId: string): boolean {
  return record.key ? isKeyOf(record.key, customerId, 'S4') : record.scenario === SCENARIO.dormant;
}

/** When the contact happened (日時), else the occurrence its key names. */
function contactDay(record: ContactRecord): Day | undefined {
  return record.at ?? anchorDay(record.key);
}

/** The anchor of `顧客ID|rule|step|anchor[#n]`, when it is a date. */
function anchorDay(key: string): Day | undefined {
  return key ? (parseIsoDay(keyAnchor(key)) ?? undefined) : undefined;
}

function latestDay(records: readonly ContactRecord[]): Day | undefined {
  let latest: Day | undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    const day = contactDay(r);
    if (day !== undefined && (latest === undefined || day > latest)) latest = day;
  }
  return latest;
}
