import { readCategories, DEFAULT_CATEGORY_ROWS } from '../../src/core/categories';
import { dayFromYmd, parseIsoDay, type Day } from '../../src/core/day';
import type { PlanInput } from '../../src/core/plan';
import { readSettings } from '../../src/core/settings';
import type { Channel, ContactRecord, Customer, Settings } from '../../src/core/types';

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
