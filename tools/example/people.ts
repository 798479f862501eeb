/** The customers of ここち堂 and the 連絡履歴 rows about them, and how a plausible customer is made up. */
import { addMonths, pad2, type DateStyle, type Day } from './days';
import {
  BUILDINGS,
  COMPANIES,
  FEMALE_NAMES,
  KAWASAKI_TOWNS,
  MALE_NAMES,
  MEMOS,
  PRODUCTS,
  SETAGAYA_TOWNS,
  STAFF,
  SURNAMES,
  type Reading,
  type ShopCategory,
} from './data';
import type { Random } from './random';

export type Channel = 'メール' | 'LINE' | '手紙' | '電話';
export type Outcome = '満足' | '不満' | '不在';

export interface Customer {
  id: string;
  name: string;
  kana: string;
  honorific?: '御中';
  email?: string;
  phone?: string;
  lineUserId?: string;
  postalCode?: string;
  address?: string;
  staff?: string;
  firstVisit?: Day;
  lastVisit?: Day;
  visits: number;
  category: string;
  product: string;
  amount: number;
  satisfaction?: '満足' | '不満';
  cancelDate?: Day;
  complaintDate?: Day;
  improvement?: string;
  phoneAllowed: boolean;
  regular?: boolean;
  emailConsent?: boolean;
  optOut?: string;
  memo?: string;
  /** 誕生日 as the owner wrote it: text (「5月3日」, 「昭和55年5月3日」) or a date cell (the year Sheets added). */
  birthday?: string | { cell: Day };
  /** 喪中 as the owner wrote it from a 喪中はがき (「令和8年」, 「2025」). */
  mourning?: string;
  /** What this customer shows on --today, for the summary. */
  story: string;
  /** How the owner happened to type some of the cells. */
  typed: {
    lastVisit?: DateStyle | 'impossible' | 'empty';
    firstVisit?: DateStyle;
    visitsAsText?: boolean;
    amountAsText?: boolean;
    phoneAsNumber?: boolean;
    phoneAllowedMark?: '○' | 'はい';
  };
}

/** A 連絡履歴 row left by a previous run (with a key) or typed by the owner (without). */
export interface LogEntry {
  customer: Customer;
  day: Day;
  /** Minutes after midnight; absent when the owner typed only the date. */
  minutes?: number;
  scenario: string;
  step: string;
  channel: Channel;
  state: '送信済' | '印刷済' | '完了' | 'スキップ';
  due?: Day;
  result?: Outcome | '宛先不明';
  content: string;
  key?: { rule: string; anchor: string };
  note?: string;
}

/** Contact details a story needs (true) or must not have (false); absent = as chance has it. */
export interface Needs {
  email?: boolean;
  phone?: boolean;
  line?: boolean;
  address?: boolean;
}

/** Family members share a surname and an address (one newsletter per household), sometimes a landline. */
export interface Household {
  surname: Reading;
  postalCode: string;
  address: string;
  landline?: string;
}

export class People {
  private readonly emails = new Set<string>();
  private readonly names = new Set<string>();

  constructor(
    private readonly rng: Random,
    private readonly today: Day,
  ) {}

  customer(story: string, needs: Needs = {}, household?: Household): Customer {
    const rng = this.rng;
    const surname = household?.surname ?? rng.pick(SURNAMES);
    const given = this.givenName(surname);
    // Owners type the space between family and given name half- or full-width.
    const space = rng.chance(0.15) ? '　' : ' ';
    const c: Customer = {
      id: '',
      name: `${surname[0]}${space}${given[0]}`,
      kana: rng.chance(0.05) ? '' : `${surname[1]}${space}${given[1]}`,
      visits: 1,
      category: '',
      product: '',
      amount: 0,
      phoneAllowed: false,
      staff: rng.chance(0.85) ? rng.pick(STAFF) : undefined,
      story,
      typed: {},
    };
    if (needs.email ?? rng.chance(0.6)) c.email = this.email(surname[2], given[2]);
    if (needs.phone ?? rng.chance(0.8)) {
      c.phone = household?.landline && rng.chance(0.5) ? household.landline : this.mobile();
    }
    if (needs.line ?? rng.chance(0.35)) c.lineUserId = `U${rng.hex(32)}`;
    const place = household ?? ((needs.address ?? rng.chance(0.9)) ? this.place() : undefined);
    c.postalCode = place?.postalCode;
    c.address = place?.address;
    if (c.phone) c.phoneAllowed = rng.chance(0.45);
    if (c.email)
      c.emailConsent = rng.weighted<boolean | undefined>([
        [true, 65],
        [false, 25],
        [undefined, 10],
      ]);
    if (rng.chance(0.3)) c.memo = rng.pick(MEMOS);
    return c;
  }

  company(index: number, story: string): Customer {
    const { name, kana, emailLocal, phone, postalCode, address } = COMPANIES[index];
    const c = this.customer(story, { email: false, phone: false, line: false, address: false });
    return {
      ...c,
      name,
      kana,
      phone,
      postalCode,
      address,
      honorific: '御中',
      email: this.unique(`${emailLocal}@example.jp`),
      phoneAllowed: true,
      emailConsent: true,
      memo: '法人（福利厚生でのご利用）',
    };
  }

  household(): Household {
    const landline = this.rng.chance(0.6) ? this.landline() : undefined;
    return { surname: this.rng.pick(SURNAMES), ...this.place(), landline };
  }

  /** Visits up to `lastVisit`, about `interval` days apart, never before the shop opened 8 years ago. */
  visitHistory(c: Customer, lastVisit: Day, visits: number, interval: number): void {
    const opened = addMonths(this.today, -12 * 8) + this.rng.int(0, 60);
    c.lastVisit = lastVisit;
    c.visits = visits;
    const first = lastVisit - (visits - 1) * interval - this.rng.int(0, 10);
    c.firstVisit = visits === 1 ? lastVisit : Math.max(opened, first);
  }

  purchase(c: Customer, category: ShopCategory, product?: string): void {
    const products = PRODUCTS[category];
    const [name, price] =
      products.find(([n]) => n === product) ?? this.rng.weighted(products.map((p) => [p, p[2]]));
    c.category = category;
    c.product = name;
    c.amount = price;
    if (category !== '健康食品' && !name.includes('ヘッドスパ') && price < 10000 && this.rng.chance(0.15)) {
      c.product += '＋ヘッドスパ';
      c.amount += 2200;
    }
  }

  private givenName(surname: Reading): Reading {
    for (;;) {
      const given = this.rng.chance(0.65) ? this.rng.pick(FEMALE_NAMES) : this.rng.pick(MALE_NAMES);
      if (!this.names.has(surname[0] + given[0])) {
        this.names.add(surname[0] + given[0]);
        return given;
      }
    }
  }

  private email(surname: string, given: string): string {
    const rng = this.rng;
    const domain = rng.weighted([
      ['example.jp', 5],
      ['example.com', 3],
      ['example.ne.jp', 3],
    ]);
    const local = rng.weighted([
      [`${given}.${surname}`, 4],
      [`${surname}.${given}${rng.int(60, 99)}`, 2],
      [`${given[0]}-${surname}`, 2],
      [`${given}${pad2(rng.int(1, 12))}${pad2(rng.int(1, 28))}`, 2],
      [`${surname}_${given}`, 1],
    ]);
    return this.unique(`${local}@${domain}`);
  }

  private unique(address: string): string {
    let candidate = address;
    for (let n = 2; this.emails.has(candidate); n++) candidate = address.replace('@', `${n}@`);
    this.emails.add(candidate);
    return candidate;
  }

  private mobile(): string {
    const rng = this.rng;
    if (rng.chance(0.12)) return this.landline();
    return `${rng.pick(['090', '080', '070'])}-${rng.int(1000, 9999)}-${rng.int(1000, 9999)}`;
  }

  private landline(): string {
    return `03-${this.rng.pick(['3', '5', '6'])}${this.rng.int(100, 999)}-${this.rng.int(1000, 9999)}`;
  }

  private place(): { postalCode: string; address: string } {
    const rng = this.rng;
    const [code, town, maxChome] = rng.chance(0.1) ? rng.pick(KAWASAKI_TOWNS) : rng.pick(SETAGAYA_TOWNS);
    const chome = rng.int(1, maxChome);
    const banchi = `${rng.int(1, 35)}-${rng.int(1, 24)}`;
    // Now and then the owner writes 丁目 instead of the first hyphen.
    let address = rng.chance(0.1) ? `${town}${chome}丁目${banchi}` : `${town}${chome}-${banchi}`;
    if (rng.chance(0.3)) address += ` ${rng.pick(BUILDINGS)} ${rng.int(1, 6)}0${rng.int(1, 8)}`;
    const postalCode = rng.weighted([
      [`〒${code}`, 70],
      [code, 25],
      [code.replace('-', ''), 5],
    ]);
    return { postalCode, address };
  }
}
