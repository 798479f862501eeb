import { readCategories, DEFAULT_CATEGORY_ROWS } from '../../src/core/categories';
import { dayFromYmd, isoDay, monthDayJa, parseIsoDay, weekdayJa, type Day } from '../../src/core/day';
import type { PlanInput } from '../../src/core/plan';
import { readSettings } from '../../src/core/settings';
import type { Slot } from '../../src/core/slots';
import type { VisitRow } from '../../src/core/import/visit-log';
import type { Channel, ContactRecord, Customer, RuleContext, Settings } from '../../src/core/types';

/** `d('2026-11-23')` */
export function d(iso: string): Day {
  const day = parseIsoDay(iso);
  if (day === null) throw new Error(`bad test date ${iso}`);
  return day;
}

export const TZ = 'Asia/Tokyo';

export function settings(rows: [string, unknown][] = []): Settings {
  return readSettings(rows, TZ).settings;
}

export const categories = readCategories(DEFAULT_CATEGORY_ROWS).categories;

/** A 整体 customer on their second visit with every channel available; override what a case needs. */
export function customer(overrides: Partial<Customer> = {}): Customer {
  return {
    index: 0,
    id: 'C0001',
    name: '佐藤 美咲',
    honorific: '様',
    email: 'misaki@example.jp',
    phone: '090-1234-5678',
    lineUserId: `U${'a'.repeat(32)}`,
    postalCode: '154-0004',
    address: '東京都世田谷区太子堂2-1-1',
    firstVisit: dayFromYmd(2026, 1, 10),
    lastVisit: d('2026-11-20'),
    visits: 2,
    category: '整体',
    product: '骨盤調整60分',
    improvement: '',
    phoneAllowed: true,
    regular: false,
    emailConsent: true,
    optOut: new Set<Channel>(),
    problems: [],
    blocked: false,
    ...overrides,
  };
}

let nextIndex = 0;

export function record(overrides: Partial<ContactRecord> & Pick<ContactRecord, 'customerId'>): ContactRecord {
  return {
    index: nextIndex++,
    name: '',
    scenario: '購入後フォロー',
    step: 'お伺い',
    content: '',
    key: '',
    note: '',
    draftId: '',
    threadId: '',
    ...overrides,
  };
}

/** A 来店履歴 row of C1 from an Airレジ export of 2026/11/24, with no visit in it unless `overrides` gives one. */
export function visitRow(overrides: Partial<VisitRow> = {}): VisitRow {
  return {
    index: 0,
    customerId: 'C1',
    name: '',
    phone: '',
    menu: '',
    category: '',
    source: 'Airレジ 2026/11/24取込',
    externalId: '',
    keys: ['k'],
    ...overrides,
  };
}

export function planInput(overrides: Partial<PlanInput> & Pick<PlanInput, 'today'>): PlanInput {
  return {
    now: { day: overrides.today, minutes: 8 * 60 },
    slots: [],
    introDay: d('2020-01-01'),
    settings: settings(),
    categories,
    customers: [customer()],
    records: [],
    ...overrides,
  };
}

let nextSlotIndex = 0;

/** `slot('2026-11-26 10:00')`: an open 空き枠 row, labelled the way readSlots labels it. */
export function slot(when: string, overrides: Partial<Slot> = {}): Slot {
  const [iso, time] = when.split(' ');
  const [hh, mm] = time.split(':').map(Number);
  const day = d(iso);
  const minutes = hh * 60 + mm;
  return {
    index: nextSlotIndex++,
    day,
    minutes,
    label: `${monthDayJa(day)}（${weekdayJa(day)}）${hh}:${String(mm).padStart(2, '0')}`,
    anchor: `${isoDay(day)} ${time}`,
    specialPrice: '',
    offer: false,
    open: true,
    taken: false,
    ...overrides,
  };
}

/** What a rule sees for one customer, without the planner: for testing a rule's own output. */
export function ruleContext(overrides: Partial<RuleContext> & Pick<RuleContext, 'today'>): RuleContext {
  return {
    now: { day: overrides.today, minutes: 8 * 60 },
    settings: settings(),
    categories,
    history: [],
    slots: [],
    openSteps: [],
    ...overrides,
  };
}

/** One household's 郵便番号 and 住所 (S7 and S10 write one letter per household). */
export const HOME = { postalCode: '154-0004', address: '東京都世田谷区太子堂2-1-1' };

/**
 * A household member at HOME whom only the household rules (S7, S10) plan: no category, no LINE, no email, last seen
 * on 2026-03-01.
 */
export function householdMember(id: string, index: number, overrides: Partial<Customer> = {}): Customer {
  return customer({
    id,
    index,
    ...HOME,
    lastVisit: d('2026-03-01'),
    category: undefined,
    lineUserId: undefined,
    email: undefined,
    emailConsent: false,
    ...overrides,
  });
}
