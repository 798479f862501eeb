/**
 * Letters one per household (customers sharing the household key, core/household.ts): who in each household a
 * letter goes to, the household's rows under its `世帯:` keys, and whether a household already has a letter of an
 * occurrence. Shared by the rules of the household kind (S7's newsletter; S10's seasonal greetings to come).
 */
import { customerHousehold } from '../household';
import { NO_RECORDS } from '../history';
import { householdOf, isHouseholdKey } from '../keys';
import type { ContactRecord, Customer } from '../types';

/** A household (customers sharing the household key): its letter goes to `addressee`, keyed by the household. */
export interface Household {
  /** householdKey(郵便番号, 住所): the part after 世帯: in its letters' keys. */
  key: string;
  members: readonly Customer[];
  addressee: Customer;
}

/**
 * One letter per household (customers sharing the household key), addressed to the first by 顧客ID who takes
 * letters: each addressee with their household. With ニュースレターの郵送 メールで届かない世帯のみ (the default) only
 * households no member of which gets the email are written to: one channel per household.
 */
export function letterAddressees(
  customers: readonly Customer[],
  emailed?: (member: Customer) => boolean,
): Map<Customer, Household> {
  const addressees = new Map<Customer, Household>();
  // forEach: no pair or list made per household (100,000 customers).
  households(customers).forEach((members, key) => {
    const household = householdLetter(key, members, emailed);
    if (household) addressees.set(household.addressee, household);
  });
  return addressees;
}

/** The household's letter, to its first member by 顧客ID who takes letters; none when `emailed` reaches a member. */
function householdLetter(
  key: string,
  members: Customer[],
  emailed?: (member: Customer) => boolean,
): Household | undefined {
  if (members.length > 1) members.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  if (emailed && members.some(emailed)) return undefined;
  const addressee = members.find((c) => !c.optOut.has('手紙'));
  return addressee ? { key, members, addressee } : undefined;
}

/**
 * What letterAddressees maps each addressee to, found as each customer is planned rather than for every household
 * first (S7, every customer every run): the same addressee and household, whom `emailed` asks with the rows the
 * planner already has for the customer being planned. A household of one (most of them) is no list and no entry
 * of a map of customers: only the households of several members are kept, and worked out once.
 */
export interface LetterHouseholds {
  /** The household whose letter goes to `customer`, when they are its addressee; `history` is their 連絡履歴. */
  of(customer: Customer, history: readonly ContactRecord[]): Household | undefined;
}

export function letterHouseholds(
  customers: readonly Customer[],
  historyOf: (customer: Customer) => readonly ContactRecord[],
  emailed?: (member: Customer, history: readonly ContactRecord[]) => boolean,
): LetterHouseholds {
  // Only the households of several members are kept to look up (a few, against 100,000 of one), and their
  // members: a customer is asked about by identity, which reads the object being planned, not by their household
  // key, whose text is hashed from memory the planner has long left (100,000 customers).
  const many = new Map<string, Customer[]>();
  const inMany = new Set<Customer>();
  households(customers).forEach((members, key) => {
    if (members.length < 2) return;
    many.set(key, members);
    for (let i = 0; i < members.length; i++) inMany.add(members[i]);
  });
  const shared = new Map<string, Household | null>();
  const ofMany = (key: string, members: Customer[]): Household | null =>
    householdLetter(key, members, emailed && ((m) => emailed(m, historyOf(m)))) ?? null;
  return {
    // Asked of `customers`' own objects only (the planner's), by identity: a customer no other member shares a key
    // with is a household of one, and so would be a copy of a member, which the planner never makes.
    of(customer, history) {
      if (customer.blocked) return undefined;
      const key = customerHousehold(customer);
      if (!key) return undefined;
      if (!inMany.has(customer)) {
        if (customer.optOut.has('手紙') || emailed?.(customer, history)) return undefined;
        return { key, members: [customer], addressee: customer };
      }
      const members = many.get(key) as Customer[];
      let household = shared.get(key);
      if (household === undefined) shared.set(key, (household = ofMany(key, members)));
      return household?.addressee === customer ? household : undefined;
    },
  };
}

/** The customers of each household key, in 顧客 order. */
function households(customers: readonly Customer[]): Map<string, Customer[]> {
  const byKey = new Map<string, Customer[]>();
  for (let i = 0; i < customers.length; i++) {
    const c = customers[i];
    if (c.blocked) continue;
    const key = customerHousehold(c);
    if (!key) continue;
    const members = byKey.get(key);
    if (members) members.push(c);
    else byKey.set(key, [c]);
  }
  return byKey;
}

/** Household letters (`世帯:…` keys) by household key: a member who moved away takes their history along. */
export function householdRows(records: readonly ContactRecord[]): Map<string, ContactRecord[]> {
  const byHousehold = new Map<string, ContactRecord[]>();
  // Indexed: every log row, once per plan.
  for (let i = 0; i < records.length; i++) {
    const r = records[i];
    if (!isHouseholdKey(r.key)) continue;
    const household = householdOf(r.key);
    const list = byHousehold.get(household);
    if (list) list.push(r);
    else byHousehold.set(household, [r]);
  }
  return byHousehold;
}

/**
 * Whether any member of the household, or the household's own rows, has a row that `counts`: the contract's "a
 * household is never sent the same occurrence twice", whoever its addressee is now and under whatever key.
 */
export function householdHas(
  household: Household,
  rows: {
    historyOf: (customer: Customer) => readonly ContactRecord[];
    byHousehold: ReadonlyMap<string, readonly ContactRecord[]>;
  },
  counts: (r: ContactRecord) => boolean,
  /** The member being planned, with the rows the planner already has: not looked up again. */
  planned: { customer: Customer; history: readonly ContactRecord[] },
): boolean {
  for (let j = 0; j < household.members.length; j++) {
    const member = household.members[j];
    const history = member === planned.customer ? planned.history : rows.historyOf(member);
    if (history.some(counts)) return true;
  }
  return (rows.byHousehold.get(household.key) ?? NO_RECORDS).some(counts);
}
