import { dateWithSource } from '../../import/facts';
import { SCENARIO, STEP } from '../../../labels';
import { defineRule, type Rule, type StepDef } from '../rule';
import { TEMPLATES } from './templates';
import { nextBusinessDay } from '../../calendar';
import { addDays, isoDay, leadingDay, slashDay, type Day } from '../../day';
import { isCompleteState, isDone, isPendingState, NO_RECORDS, recordsOfStep } from '../../history';
import { closedQuietly, noRowOfRule } from '../../lifecycle';
import { contactKey, isKeyOf, keyAnchor, LETTER_SUFFIX } from '../../keys';
import { memo3 } from '../../memo';
import type { Category, Channel, ContactRecord, Customer, RuleContext, StepCandidate } from '../../types';
import { NO_PROBLEMS, NO_STEPS, stepFor, type StepDetails } from '../step';

/** The お伺い and 電話確認 windows end 21 days after the お伺い was due; 提案 and 改善フォロー have 30 days. */
const INQUIRY_WINDOW_DAYS = 21;
const PROPOSAL_WINDOW_DAYS = 30;
const PHONE_CHECK_MIN_DAYS = 2;
const PHONE_CHECK_MAX_DAYS = 10;

const STEPS: readonly StepDef[] = [
  { label: STEP.inquiry, channels: ['メール', '手紙', 'LINE'] },
  { label: STEP.phoneCheck, channels: ['電話', 'メール', '手紙'] },
  // A proposal is an offer (contract 4.2–4.3), which a customer declines by not agreeing to marketing email.
  {
    label: STEP.proposal,
    channels: ['メール', '手紙', 'LINE'],
    marketing: true,
    nonUrgentLine: true,
    declinable: true,
  },
  { label: STEP.improvement, channels: ['電話', 'メール', '手紙'], apology: true },
];

/**
 * S1 購入後フォロー (contract section 3): ask whether the purchase worked, check by phone a few days later, then
 * either propose the next step (satisfied) or fix what went wrong first (不満). A newer 最終来店日 restarts it,
 * because every key hangs on D.
 */
export const postPurchase: Rule<'S1'> = defineRule({
  id: 'S1',
  scenario: SCENARIO.postPurchase,
  kind: 'customer',
  anchor: 'row',
  steps: STEPS,
  triggers: [
    { field: 'lastVisit', header: '最終来店日' },
    { field: 'category', header: 'カテゴリ' },
  ],
  reads: ['最終来店日', 'カテゴリ', '初回フォロー日数', '電話確認日数', '提案日数'],
  templates: TEMPLATES,
  // A カテゴリ the カテゴリ sheet does not have says nothing of its intervals: its contacts are held, not closed.
  unreadInput: (customer, categories) =>
    customer.category && !categories.has(customer.category)
      ? `カテゴリ「${customer.category}」がカテゴリシートにない`
      : '',
  plan(customer, ctx) {
    const visit = customer.lastVisit;
    if (visit === undefined || !customer.category) return NO_STEPS;
    const category = ctx.categories.get(customer.category);
    if (!category) {
      return {
        steps: [],
        problems: [
          `カテゴリ「${customer.category}」がカテゴリシートにありません（購入後フォローを計画できません。カテゴリシートに行を足すか、顧客のカテゴリを直してください）`,
        ],
      };
    }
    // A customer with no row of S1 has no step of it done, pending, missed or stale.
    const untouched = noRowOfRule(ctx.history, 'S1', SCENARIO.postPurchase);
    return {
      steps: planSteps(customer, category, visit, ctx, untouched),
      problems: NO_PROBLEMS,
      stale: untouched ? undefined : staleRecords(customer, visit, ctx),
    };
  },
});

/** {{提案}}, {{提案の例}} and {{カテゴリ}} of a 提案: one object per カテゴリ row, shared by its customers' steps. */
const PROPOSAL_FIELDS = new WeakMap<Category, Readonly<Record<string, string>>>();
function proposalFields(category: Category): Readonly<Record<string, string>> {
  let fields = PROPOSAL_FIELDS.get(category);
  if (fields === undefined) {
    fields = Object.freeze({
      提案: category.proposalText,
      提案の例: category.proposalExample,
      カテゴリ: category.name,
    });
    PROPOSAL_FIELDS.set(category, fields);
  }
  return fields;
}

/**
 * 理由 of an お伺い or 提案: 「最終来店日（2026/11/20）の14日後（カテゴリ「カット」）」. One string for every customer it
 * says: each step keeps its 理由 until the run ends, and 100,000 customers share a few hundred of them.
 */
const daysAfter = memo3(
  (visitText: string, days: number, category: string) =>
    `${visitText}の${days}日後（カテゴリ「${category}」）`,
);

/**
 * `untouched`: the customer has no 連絡履歴 row of S1 (lifecycle.noRowOfRule). Then no step has S1 rows to look up
 * (a joined お伺い still reads S6's お礼 rows), and a step whose window closed before ctx.quietBefore would only be
 * expired, unlogged: it is left out, unbuilt (most customers last seen long ago, each run).
 */
function planSteps(
  customer: Customer,
  category: Category,
  visit: Day,
  ctx: RuleContext,
  untouched: boolean,
): StepCandidate[] {
  const anchor = isoDay(visit);
  const step = (name: string, rest: StepDetails) => stepFor(customer.id, postPurchase, name, anchor, rest);
  const quiet = (last: Day) => untouched && closedQuietly(ctx.quietBefore, last);
  // A step's key is compared with rows that have one only: most rows the owner typed have none, and then no key is
  // built for the lookup (100,000 customers).
  const keyed = hasKeyedRow(ctx.history);
  const recordsOf = (step: string) =>
    untouched
      ? NO_RECORDS
      : recordsOfStep(
          ctx.history,
          keyed ? contactKey(customer.id, 'S1', step, anchor) : '',
          SCENARIO.postPurchase,
          step,
          visit,
        );
  // Written only into a step that is built.
  let visitText: string | undefined;
  const visitDay = () => (visitText ??= dateWithSource(customer, 'lastVisit', '最終来店日'));
  const steps: StepCandidate[] = [];

  // お伺い: once the customer has had time to use what they bought.
  let inquiryDue: Day | undefined;
  let inquiryDoneOn: Day | undefined;
  let inquiryResolved = true;
  if (category.firstFollowDays !== undefined) {
    inquiryDue = addDays(visit, category.firstFollowDays);
    const inquiryLast = addDays(inquiryDue, INQUIRY_WINDOW_DAYS);
    // A first visit: the お伺い within 3 days of S6's お礼 travels in it, and the お礼's 連絡履歴 row is its own.
    const joined = inquiryJoinsThanks(customer, category, ctx.unreachable);
    if (!joined && !quiet(inquiryLast))
      steps.push(
        step(STEP.inquiry, {
          due: inquiryDue,
          last: inquiryLast,
          because: daysAfter(visitDay(), category.firstFollowDays, category.name),
        }),
      );
    const inquiryRecords = joined
      ? [...recordsOf(STEP.inquiry), ...thanksRecords(customer.id, anchor, visit, ctx.history)]
      : recordsOf(STEP.inquiry);
    inquiryDoneOn = inquiryRecords.find(isDone)?.at;
    inquiryResolved = inquiryRecords.some((r) => isCompleteState(r.state)) || ctx.today > inquiryLast;
  }

  // 電話確認: a few days after the お伺い was actually done, inside the お伺い's window.
  let checkResolved = inquiryResolved;
  let resolvedOn: Day | undefined = inquiryDoneOn;
  if (category.phoneCheckDays !== undefined && inquiryDue !== undefined) {
    const checkLast = addDays(inquiryDue, INQUIRY_WINDOW_DAYS);
    const gap = clamp(category.phoneCheckDays, PHONE_CHECK_MIN_DAYS, PHONE_CHECK_MAX_DAYS);
    const checkRecords = recordsOf(STEP.phoneCheck);
    if (inquiryDoneOn !== undefined) {
      const checkDue = addDays(inquiryDoneOn, gap);
      if (checkDue <= checkLast && !quiet(checkLast)) {
        steps.push(
          step(STEP.phoneCheck, {
            due: checkDue,
            last: checkLast,
            because: `お伺い（${slashDay(inquiryDoneOn)}）の${gap}日後`,
          }),
        );
      }
    }
    const finished = checkRecords.filter((r) => isCompleteState(r.state) && r.result !== '不在');
    checkResolved =
      finished.length > 0 || ctx.today > checkLast || (inquiryResolved && inquiryDoneOn === undefined);
    resolvedOn = latestDay(finished) ?? (ctx.today > checkLast ? checkLast : resolvedOn);
  }

  // Then 改善フォロー when the customer was not satisfied, otherwise 提案.
  const outcome =
    customer.satisfaction ?? (untouched ? undefined : latestOutcome(ctx.history, customer.id, anchor, visit));
  if (outcome === '不満') {
    // Even when the owner already noted 不満, the order holds: お伺い and 電話確認 first, then the fix.
    if (!checkResolved) return steps;
    const from = resolvedOn ?? visit;
    const due = nextBusinessDay(from, ctx.settings.calendar);
    const last = addDays(due, PROPOSAL_WINDOW_DAYS);
    if (quiet(last)) return steps;
    steps.push(
      step(STEP.improvement, {
        due,
        last,
        because: `${customer.satisfaction ? '満足度が' : '電話確認で'}「不満」とわかったため、ご提案の前にその解消をします`,
      }),
    );
    return steps;
  }
  if (category.proposalDays !== undefined) {
    const due = addDays(visit, category.proposalDays);
    const last = addDays(due, PROPOSAL_WINDOW_DAYS);
    if (quiet(last)) return steps;
    steps.push(
      step(STEP.proposal, {
        due,
        last,
        because: daysAfter(visitDay(), category.proposalDays, category.name),
        fields: proposalFields(category),
        asksOutcome: outcome === undefined,
        // Contract (カテゴリ): while 提案文 is blank the 提案 waits with a 要確認 — from its day on, so it takes no
        // place in the daily limits' queue that a real contact could have.
        blockers:
          !category.proposalText && due <= ctx.today
            ? [
                `カテゴリ「${category.name}」の提案文が空のため、提案を準備していません。カテゴリシートの「提案文」に、ご提案の内容を1〜2文で入れてください`,
              ]
            : undefined,
        waiting: !checkResolved,
      }),
    );
  }
  return steps;
}

/** S6's お礼 and S1's お伺い join into one message when they fall within this many days of each other. */
const JOIN_WITHIN_DAYS = 3;
/** S6's お礼 is due the day after the visit. */
const THANKS_AFTER_DAYS = 1;

/**
 * Contract S1: for a first visit, S1's お伺い joins S6's お礼 into one message when they fall within 3 days of each
 * other — as long as the お礼 can reach the customer (LINE or email, S6's channels); otherwise the お伺い goes on
 * its own. S6 asks this too, to carry the お伺い (its template 「お礼（お伺い）」).
 */
export function inquiryJoinsThanks(
  customer: Customer,
  category: Category | undefined,
  unreachable: ReadonlySet<Channel> = new Set(),
): boolean {
  if (customer.visits !== 1 || customer.lastVisit === undefined || category?.firstFollowDays === undefined)
    return false;
  if (Math.abs(category.firstFollowDays - THANKS_AFTER_DAYS) > JOIN_WITHIN_DAYS) return false;
  // A LINE the customer blocked, or an address that bounced, cannot carry it either (review of issue 14).
  return Boolean(
    (customer.lineUserId && !customer.optOut.has('LINE') && !unreachable.has('LINE')) ||
    (customer.email && !customer.optOut.has('メール') && !unreachable.has('メール')),
  );
}

/** The お礼 (LINE or email, not the handwritten letter) that carried the お伺い: its rows are the お伺い's. */
function thanksRecords(
  customerId: string,
  anchor: string,
  visit: Day,
  history: readonly ContactRecord[],
): ContactRecord[] {
  return recordsOfStep(
    history,
    hasKeyedRow(history) ? contactKey(customerId, 'S6', STEP.thanks, anchor) : '',
    SCENARIO.thankYou,
    STEP.thanks,
    visit,
  ).filter((r) => !r.key.endsWith(LETTER_SUFFIX) && r.channel !== '手紙');
}

/** Whether any row has a キー: recordsOfStep reads the key it is given for those rows only. */
function hasKeyedRow(history: readonly ContactRecord[]): boolean {
  for (let i = 0; i < history.length; i++) if (history[i].key) return true;
  return false;
}

/** The latest 満足 / 不満 recorded for this purchase (a call's outcome), if any. */
function latestOutcome(
  history: readonly ContactRecord[],
  customerId: string,
  anchor: string,
  visit: Day,
): '満足' | '不満' | undefined {
  let found: '満足' | '不満' | undefined;
  for (let i = 0; i < history.length; i++) {
    const r = history[i];
    const ours = r.key
      ? isKeyOf(r.key, customerId, 'S1', anchor)
      : r.scenario === SCENARIO.postPurchase && (r.at ?? -Infinity) >= visit;
    if (ours && (r.result === '満足' || r.result === '不満')) found = r.result;
  }
  return found;
}

function latestDay(records: readonly ContactRecord[]): Day | undefined {
  let latest: Day | undefined;
  for (const r of records) if (r.at !== undefined && (latest === undefined || r.at > latest)) latest = r.at;
  return latest;
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

/**
 * Pending S1 rows of an earlier visit: a newer 最終来店日 restarts S1, so they are closed, never sent. A row of a
 * later date than 最終来店日 now says (the date was corrected back: 11/20 → 11/19) is no newer visit: it is left to
 * the guard against changed keys, which holds it with a 要確認.
 */
function staleRecords(customer: Customer, visit: Day, ctx: RuleContext): ContactRecord[] | undefined {
  // No list made until a row is found: most customers have none (every customer with a カテゴリ, each run).
  let stale: ContactRecord[] | undefined;
  for (let i = 0; i < ctx.history.length; i++) {
    const r = ctx.history[i];
    if (!isPendingState(r.state) || !isKeyOf(r.key, customer.id, 'S1')) continue;
    const anchor = leadingDay(keyAnchor(r.key));
    if (anchor !== null && anchor < visit) (stale ??= []).push(r);
  }
  return stale;
}
