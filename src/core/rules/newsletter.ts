import { SCENARIO, STEP } from '../../labels';
import { addMonths, dayFromYmd, isoDay, ymdOf, type Day } from '../day';
import type { Customer, Settings, StepCandidate } from '../types';
import { stepFor } from './step';

export interface Occurrence {
  /** YYYY-MM: the month of the issue, the anchor of its keys. */
  anchor: string;
  day: Day;
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
  const issues = [latest, addMonths(latest, 1)].map((d) => ({ anchor: isoDay(d).slice(0, 7), day: d }));
  return latest >= introDay ? issues : issues.slice(1);
}

/**
 * S7 ニュースレター: one letter per household (customers sharing 郵便番号 and 住所, addressed to the first by
 * 顧客ID so the key stays put) and an email to everyone who agreed to marketing email.
 */
export function newsletterSteps(
  customers: readonly Customer[],
  issue: Occurrence,
): Map<Customer, StepCandidate[]> {
  const steps = new Map<Customer, StepCandidate[]>();
  const add = (c: Customer, step: StepCandidate) => steps.set(c, [...(steps.get(c) ?? []), step]);
  // The letter gets its own key so it never collides with the same customer's email.
  const issueStep = (c: Customer, channel: '手紙' | 'メール', because: string) =>
    stepFor(
      c.id,
      'S7',
      SCENARIO.newsletter,
      STEP.newsletter,
      issue.anchor,
      { due: issue.day, channels: [channel], because, recurring: true },
      channel === '手紙' ? '#手紙' : '',
    );
  const label = `ニュースレター（${issue.anchor.replace('-', '年')}月号）`;
  for (const household of households(customers)) {
    const addressee = household.find((c) => !c.optOut.has('手紙'));
    if (!addressee) continue;
    const together = household.length > 1 ? `、ご家族${household.length}人で1通` : '';
    add(addressee, issueStep(addressee, '手紙', `${label}: 手紙${together}`));
  }
  for (const c of customers) {
    if (!c.blocked && c.email && c.emailConsent)
      add(c, issueStep(c, 'メール', `${label}: メール（メール同意あり）`));
  }
  return steps;
}

/** The same customers make the same households for every issue of a run: worked out once per list. */
const householdsOf = new WeakMap<readonly Customer[], Customer[][]>();

function households(customers: readonly Customer[]): Customer[][] {
  const known = householdsOf.get(customers);
  if (known) return known;
  const byAddress = new Map<string, Customer[]>();
  for (const c of customers) {
    if (c.blocked || !c.postalCode || !c.address) continue;
    // 住所 is already normalized when the customer is read; only spacing differs between the ways it is typed.
    const key = `${c.postalCode}|${c.address.replace(/\s/g, '')}`;
    const members = byAddress.get(key);
    if (members) members.push(c);
    else byAddress.set(key, [c]);
  }
  const result = [...byAddress.values()].map((members) =>
    members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
  );
  householdsOf.set(customers, result);
  return result;
}
