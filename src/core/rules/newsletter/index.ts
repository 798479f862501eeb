import { SCENARIO, STEP } from '../../../labels';
import { addMonths, dayFromYmd, isoDay, monthDayJa, ymdOf, type Day } from '../../day';
import { householdOwner, isHouseholdKey, LETTER_SUFFIX, parseKey } from '../../keys';
import {
  householdHas,
  householdRows,
  type Household,
  type LetterHouseholds,
  letterHouseholds,
} from '../household-letters';
import { isCompleteState, isPendingState } from '../../history';
import type { Channel, ContactRecord, Customer, Settings, StepCandidate } from '../../types';
import { unreachableChannels } from '../../reach';
import { NO_PROBLEMS, NO_STEPS, stepFor } from '../step';
import { defineRule, type Rule, type ShopContext, type StepDef } from '../rule';
import { TEMPLATES } from './templates';

export interface Occurrence {
  /** YYYY-MM: the month of the issue, the anchor of its keys. */
  anchor: string;
  day: Day;
  /** ニュースレター（2026年11月号）: how 理由 names the issue. */
  label: string;
  /** 理由 of its email, and of a letter to a household of one: the same for every customer. */
  byEmail: string;
  byLetter: string;
  /** The merge field {{号}} (「11月号」), one object for every step of the issue: subjects name the issue. */
  fields: Readonly<Record<string, string>>;
}

/**
 * The newsletter issues a run cares about: the latest one whose day has come (no backlog: a missed issue goes
 * out once, today) unless it predates 導入日, and the next one.
 */
export function newsletterIssues(settings: Settings, today: Day, introDay: Day): Occurrence[] {
  const day = settings.newsletterDay;
  if (day === undefined) return [];
  const { year, month } = ymdOf(today);
  const thisMonth = dayFromYmd(year, month, day);
  const latest = today >= thisMonth ? thisMonth : addMonths(thisMonth, -1);
  const issues = [latest, addMonths(latest, 1)].map((d) => {
    const anchor = isoDay(d).slice(0, 7);
    const label = `ニュースレター（${anchor.replace('-', '年')}月号）`;
    return {
      anchor,
      day: d,
      label,
      // 理由 names the step and its issue already (「ニュースレター（11月号）: …」): it says the day and the way.
      byEmail: `配信日（${monthDayJa(d)}）のため、メール同意のある方にメールでお送りします`,
      byLetter:
        settings.newsletterPost === '全員'
          ? `配信日（${monthDayJa(d)}）のため、設定「ニュースレターの郵送」が全員なので手紙でもお送りします`
          : `配信日（${monthDayJa(d)}）のため、メールの届かないご家庭に手紙でお送りします`,
      fields: Object.freeze({ 号: `${Number(anchor.slice(5, 7))}月号` }),
    };
  });
  return latest >= introDay ? issues : issues.slice(1);
}

const STEPS: readonly StepDef[] = [
  { label: STEP.newsletter, channels: ['手紙', 'メール'], marketing: true, nonUrgentLine: true },
];

/** This month's issue (or a missed one, once) and the next, with the households their letters go to. */
interface NewsletterRun {
  issues: Occurrence[];
  /** The household each addressee writes for (letterAddressees, found as each customer is planned). */
  households: LetterHouseholds;
  historyOf: (customer: Customer) => readonly ContactRecord[];
  /** Household letters (`世帯:…` keys) by household key: a member who moved away takes their history along. */
  byHousehold: ReadonlyMap<string, readonly ContactRecord[]>;
}

/**
 * S7 ニュースレター (contract section 3): on the shop's 配信日, an email to every customer who agreed to marketing
 * email and one letter per household that the email does not reach (or to every household, as the shop chooses).
 * Per household: its letters are keyed by the household, and a household is never sent the same issue twice.
 */
export const newsletter: Rule<'S7', NewsletterRun> = defineRule({
  id: 'S7',
  scenario: SCENARIO.newsletter,
  kind: 'household',
  anchor: 'occurrence',
  steps: STEPS,
  templates: TEMPLATES,
  shared: newsletterRun,
  plan(customer, ctx, run) {
    if (!run) return NO_STEPS;
    const steps: StepCandidate[] = [];
    let keeps: string[] | undefined;
    // The household this customer writes to, if they are its addressee: looked up once for both issues.
    const household = run.households.of(customer, ctx.history);
    // Indexed: every customer, every run.
    for (let i = 0; i < run.issues.length; i++) {
      const issue = run.issues[i];
      // A letter of this issue waiting for this customer is their household's, whoever is its addressee now: a
      // member added or moving is no reason to close it.
      for (let j = 0; j < ctx.history.length; j++) {
        const r = ctx.history[j];
        if (r.key && isPendingState(r.state) && isLetterOfIssue(r, issue.anchor)) (keeps ??= []).push(r.key);
      }
      const wanted = newsletterSteps(customer, issue, household);
      for (let j = 0; j < wanted.length; j++) {
        const step = wanted[j];
        if (
          step.channels[0] !== '手紙' ||
          !householdHasIssue(customer, ctx.history, household, step, run, issue.anchor)
        )
          steps.push(step);
      }
    }
    return steps.length === 0 && !keeps ? NO_STEPS : { steps, problems: NO_PROBLEMS, keeps };
  },
});

function newsletterRun(shop: ShopContext): NewsletterRun | undefined {
  const { settings } = shop;
  const issues = newsletterIssues(settings, shop.today, shop.introDay);
  if (issues.length === 0) return undefined;
  if (!settings.newsletterBody) {
    shop.notice('ニュースレター配信日が設定されていますが、設定「ニュースレター本文」が空のため準備しません');
    return undefined;
  }
  const byHousehold = householdRows(shop.records);
  // One channel per household by default: a household whose member gets the email gets no letter.
  const emailed =
    settings.newsletterPost === '全員'
      ? undefined
      : (member: Customer, history: readonly ContactRecord[]) => reachedByEmail(member, settings, history);
  return {
    issues,
    households: letterHouseholds(shop.customers, shop.historyOf, emailed),
    historyOf: shop.historyOf,
    byHousehold,
  };
}

/**
 * The household already has this issue's letter, sent or on its way, under another key or another member: keyed
 * the old way (`顧客ID|…#手紙`), under the household's key before its address was corrected, or by a member who has
 * moved away since. The contract: a household is never sent the same issue twice.
 */
function householdHasIssue(
  customer: Customer,
  history: readonly ContactRecord[],
  household: Household | undefined,
  step: StepCandidate,
  run: NewsletterRun,
  anchor: string,
): boolean {
  if (!household) return false;
  return householdHas(
    household,
    run,
    (r) =>
      isLetterOfIssue(r, anchor) &&
      (isPendingState(r.state) || isCompleteState(r.state)) &&
      // The addressee's own row under this very key is the step's own: stepState reads it.
      !(r.key === step.key && r.customerId === customer.id),
    { customer, history },
  );
}

/**
 * S7 ニュースレター for one customer: the household's letter when they are its addressee, and an email when they
 * agreed to marketing email. The letter is keyed by the household (`世帯:<household key>|S7|ニュースレター|<issue>`),
 * so a member added or moving later never makes a second letter for the same issue.
 */
export function newsletterSteps(
  customer: Customer,
  issue: Occurrence,
  /** The household the customer is the addressee of, if they are one. */
  household: Household | undefined,
): StepCandidate[] {
  const steps: StepCandidate[] = [];
  if (household !== undefined) {
    const size = household.members.length;
    const because = size > 1 ? `${issue.byLetter}（ご家族${size}人で1通）` : issue.byLetter;
    steps.push(letterStep(household, issue, because));
  }
  if (!customer.blocked && customer.email && customer.emailConsent)
    steps.push(
      stepFor(customer.id, newsletter, STEP.newsletter, issue.anchor, {
        due: issue.day,
        channels: BY_EMAIL,
        because: issue.byEmail,
        recurring: true,
        fields: issue.fields,
      }),
    );
  return steps;
}

const BY_LETTER: readonly Channel[] = ['手紙'];
const BY_EMAIL: readonly Channel[] = ['メール'];

function letterStep(household: Household, issue: Occurrence, because: string): StepCandidate {
  return stepFor(householdOwner(household.key), newsletter, STEP.newsletter, issue.anchor, {
    due: issue.day,
    channels: BY_LETTER,
    because,
    recurring: true,
    fields: issue.fields,
  });
}

/**
 * Whether a 連絡履歴 row is an S7 letter of this issue, whatever its key: the household's (`世帯:…`, under any
 * household key: the address may have been corrected since), the key earlier versions used
 * (`顧客ID|S7|ニュースレター|<issue>#手紙`), or a row the owner typed (ニュースレター by 手紙, dated in the issue's month).
 */
export function isLetterOfIssue(r: ContactRecord, anchor: string): boolean {
  if (r.key) {
    // Asked of every row of every customer, each run: a key of another rule (no `|S7|` in it) is not read apart.
    if (!r.key.includes(S7_PART)) return false;
    const parts = parseKey(r.key);
    if (parts?.rule !== 'S7' || parts.anchor !== anchor) return false;
    return isHouseholdKey(r.key) ? parts.suffix === '' : parts.suffix === LETTER_SUFFIX;
  }
  return (
    r.scenario === SCENARIO.newsletter &&
    r.channel === '手紙' &&
    r.at !== undefined &&
    isoDay(r.at).slice(0, 7) === anchor
  );
}

/**
 * Whether the newsletter's email reaches this customer (contract S7): an address, メール同意, and email not
 * stopped for them (配信停止, a 宛先不明 bounce) nor for the shop (1日のメール上限 0).
 */
export function reachedByEmail(
  customer: Customer,
  settings: Settings,
  history: readonly ContactRecord[],
): boolean {
  return (
    !customer.blocked &&
    Boolean(customer.email) &&
    customer.emailConsent &&
    !customer.optOut.has('メール') &&
    settings.dailyEmailLimit > 0 &&
    // An unreadable 1日のメール上限 holds email: the household's letter still goes.
    !settings.heldChannels?.includes('メール') &&
    !unreachableChannels(history, customer).has('メール')
  );
}

/** The rule part of every S7 key (`…|S7|ニュースレター|2026-11`). */
const S7_PART = '|S7|';
