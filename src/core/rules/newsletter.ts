import { SCENARIO, STEP } from '../../labels';
import { addMonths, dayFromYmd, isoDay, ymdOf, type Day } from '../day';
import type { Channel, Customer, Settings, StepCandidate } from '../types';
import { stepFor } from './step';

export interface Occurrence {
  /** YYYY-MM: the month of the issue, the anchor of its keys. */
  anchor: string;
  day: Day;
  /** ニュースレター（2026年11月号）: how 理由 names the issue. */
  label: string;
  /** 理由 of its email, and of a letter to a household of one: the same for every customer. */
  byEmail: string;
  byLetter: string;
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
      byEmail: `${label}: メール（メール同意あり）`,
      byLetter: `${label}: 手紙`,
    };
  });
  return latest >= introDay ? issues : issues.slice(1);
}

/**
 * S7 ニュースレター for one customer: the household's letter when they are its addressee, and an email when they
 * agreed to marketing email. The letter gets its own key so it never collides with the same customer's email.
 */
export function newsletterSteps(
  customer: Customer,
  issue: Occurrence,
  addressees: ReadonlyMap<Customer, number>,
): StepCandidate[] {
  const steps: StepCandidate[] = [];
  const household = addressees.get(customer);
  if (household !== undefined) {
    const because = household > 1 ? `${issue.byLetter}、ご家族${household}人で1通` : issue.byLetter;
    steps.push(issueStep(customer, issue, '手紙', because));
  }
  if (!customer.blocked && customer.email && customer.emailConsent)
    steps.push(issueStep(customer, issue, 'メール', issue.byEmail));
  return steps;
}

const BY_LETTER: readonly Channel[] = ['手紙'];
const BY_EMAIL: readonly Channel[] = ['メール'];

function issueStep(
  c: Customer,
  issue: Occurrence,
  channel: '手紙' | 'メール',
  because: string,
): StepCandidate {
  return stepFor(
    c.id,
    'S7',
    SCENARIO.newsletter,
    STEP.newsletter,
    issue.anchor,
    { due: issue.day, channels: channel === '手紙' ? BY_LETTER : BY_EMAIL, because, recurring: true },
    channel === '手紙' ? '#手紙' : '',
  );
}

/**
 * One letter per household (customers sharing 郵便番号 and 住所), addressed to the first by 顧客ID who takes
 * letters so the key stays put: each addressee with the size of their household.
 */
export function letterAddressees(customers: readonly Customer[]): Map<Customer, number> {
  const addressees = new Map<Customer, number>();
  const all = households(customers);
  // Indexed: loops over every customer or household run once per plan (see planFollowUps).
  for (let i = 0; i < all.length; i++) {
    const household = all[i];
    const addressee = household.find((c) => !c.optOut.has('手紙'));
    if (addressee) addressees.set(addressee, household.length);
  }
  return addressees;
}

function households(customers: readonly Customer[]): Customer[][] {
  // By 郵便番号, then 住所: the cells' own strings are the keys, so no key is built per customer.
  const byPostalCode = new Map<string, Map<string, Customer[]>>();
  const all: Customer[][] = [];
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i];
    if (c.blocked || !c.postalCode || !c.address) continue;
    let byAddress = byPostalCode.get(c.postalCode);
    if (!byAddress) byPostalCode.set(c.postalCode, (byAddress = new Map()));
    // 住所 is already normalized when the customer is read; only spacing differs between the ways it is typed.
    const address = SPACE.test(c.address) ? c.address.replace(SPACES, '') : c.address;
    const members = byAddress.get(address);
    if (members) members.push(c);
    else {
      const household = [c];
      byAddress.set(address, household);
      all.push(household);
    }
  }
  for (let i = 0; i < all.length; i++) {
    const members = all[i];
    if (members.length > 1) members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }
  return all;
}

const SPACE = /\s/;
const SPACES = /\s/g;
