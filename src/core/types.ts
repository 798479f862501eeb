import type { Channel, ContactState, Outcome } from '../labels';
import type { ShopCalendar } from './calendar';
import type { Day } from './day';
import type { Moment, Slot } from './slots';
import type { MonthDay } from './parse';

export type { Channel, ContactState, Outcome };

import type { RuleId } from './registry';

export type { RuleId };

/** One 顧客 row as the rules see it: parsed, normalised, with the problems found on the way. */
export interface Customer {
  /** Index of the row among the sheet's data rows (0 = the row under the header). */
  index: number;
  id: string;
  name: string;
  honorific: string;
  email?: string;
  phone?: string;
  lineUserId?: string;
  postalCode?: string;
  address?: string;
  /**
   * householdKey(郵便番号, 住所) ('' for none), worked out once when the row is read: every plan groups households by
   * it (a morning plans twice). A customer made otherwise has none, and customerHousehold works it out.
   */
  household?: string;
  firstVisit?: Day;
  lastVisit?: Day;
  visits?: number;
  category?: string;
  product: string;
  amount?: number;
  /** The owner's 満足度 note: overrides call outcomes in 連絡履歴. */
  satisfaction?: '満足' | '不満';
  cancelDate?: Day;
  complaintDate?: Day;
  /** 次回予約日: the next booking (day and minutes), when the owner or an import recorded one. */
  nextBooking?: Moment;
  improvement: string;
  phoneAllowed: boolean;
  /** 常連 ticked by the owner, or 来店回数 at least 常連来店回数. */
  regular: boolean;
  emailConsent: boolean;
  optOut: ReadonlySet<Channel>;
  /**
   * 配信停止 held words Tsunagu cannot read: optOut then blocks every channel (the safe choice), but only
   * `optOutRead` — the channels it could read — is the customer's own opt-out, which closes a contact.
   */
  optOutUnreadable?: { words: string; optOutRead: ReadonlySet<Channel> };
  /** Japanese messages for 要確認. */
  problems: string[];
  /**
   * 要確認 lines that are no unreadable value (a past 次回予約日 later than 最終来店日): shown, but they hold nothing.
   */
  notes?: string[];
  /** True when the row must not be contacted at all (e.g. duplicated 顧客ID). */
  blocked: boolean;
  /** ふりがな as written, for matching LINE display names (line-links.ts). */
  kana?: string;
  /** Its LINE links disagree (line-links.ts): no LINE until the owner resolves it; says what disagrees. */
  lineConflict?: string;
  /**
   * Facts 来店履歴 gave rather than the owner's cells (import/facts.ts), with where from — 「来店履歴（Airレジ
   * 11/20取込）」 — for 理由.
   */
  /** 誕生日: the month and day only (S9); the year, when written, is never read. */
  birthday?: MonthDay;
  /**
   * 喪中 (S10): the year of the bereavement (2026, 令和8年), 'now' for TRUE (in mourning until the owner clears it),
   * or 'unread' when the cell could not be read (no 年賀状 then: the safe choice). One member's covers the household.
   */
  mourning?: number | 'now' | 'unread';
  factSources?: Partial<Record<'lastVisit' | 'firstVisit' | 'visits' | 'nextBooking', string>>;
}

/** One 連絡履歴 row. Rows the owner typed by hand have no key but count all the same. */
export interface ContactRecord {
  /** Index among the log's data rows; -1 for a row this run is adding. */
  index: number;
  /** Its row on the 連絡履歴 sheet, as the owner sees it (for messages). */
  sheetRow?: number;
  /** 日時: when it was prepared, or when it was done for a complete state. */
  at?: Day;
  customerId: string;
  name: string;
  scenario: string;
  step: string;
  channel?: Channel;
  state?: ContactState;
  /** 予定日: the day the contact is planned for (延期 moves it). */
  plannedDay?: Day;
  result?: Outcome;
  content: string;
  key: string;
  note: string;
  draftId: string;
  threadId: string;
  /**
   * What Tsunagu could not read in this row (a 状態, a 顧客ID, a ステップ, a date it does not know): the step it names
   * is held — not prepared, not closed — until the owner fixes the row.
   */
  unreadable?: string;
  /** Its 顧客ID names no customer in 顧客 (or two): no one's step is held by it. */
  unknownCustomer?: true;
  /** 日時 as this run read it where the cell was blank or had no year: written back so the next run reads the same. */
  filledAt?: { readonly day: Day; readonly typed: string };
  /** 宛先: the email address, LINE user id, phone or 〒 and 住所 the contact went to (rows since it was added). */
  address?: string;
  /** お店の作業: the step's flags as written (core/flags.ts readFlags); '' for none. */
  flags?: string;
}

export interface Category {
  name: string;
  firstFollowDays?: number;
  phoneCheckDays?: number;
  proposalDays?: number;
  phoneAllowed: boolean;
  proposalExample: string;
  /** 提案文: the proposal a customer reads in 提案; '' holds that category's 提案 until the owner writes one. */
  proposalText: string;
  /** キーワード: words of an imported visit's メニュー that make it this category. */
  keywords?: readonly string[];
}

/** 設定 ニュースレターの郵送 (contract section 2). */
export type NewsletterPost = 'メールで届かない世帯のみ' | '全員';

export interface Settings {
  shopName: string;
  senderName: string;
  shopAddress: string;
  shopPhone: string;
  shopEmail: string;
  signature: string;
  calendar: ShopCalendar;
  dormantDays: number;
  /** 休眠フォローの対象: S4 follows customers last seen within this many months; null for 全員. */
  dormantFollowMonths: number | null;
  regularVisits: number;
  highValueAmount: number;
  lineMonthlyTarget: number;
  lineMonthlyLimit: number;
  vacancyIntervalDays: number;
  vacancyMaxRecipients: number;
  newsletterDay?: number;
  runHour: number;
  dailyLetterLimit: number;
  dailyPhoneLimit: number;
  dailyEmailLimit: number;
  /** Channels whose daily limit in 設定 cannot be read: nothing is prepared on them until it is fixed. */
  heldChannels?: readonly Channel[];
  lineAutoSend: boolean;
  /** 半年後の特典: S3's 6-month benefit, unrelated to the shop (never a discount). */
  complaintGift: string;
  /** 半年後の特典の渡し方: 別送 needs the customer's 郵便番号 and 住所; otherwise it is handed over at the next visit. */
  giftHandover: '別送' | '次回ご来店時';
  /** 感謝の金券: the voucher without expiry enclosed in S3's 感謝 letter; '' says nothing of a voucher. */
  thanksVoucher: string;
  /** お役立ち情報: the service-first content of S4. */
  usefulInfo: string;
  newsletterBody: string;
  /** ニュースレターの郵送: a letter only to households no member of which gets the email (default), or to all. */
  newsletterPost: NewsletterPost;
  ownerNotice: 'メール' | 'LINE' | 'なし';
  /** 誕生日特典: what S9's greeting offers; '' says nothing of a gift. */
  birthdayGift: string;
  /** 誕生日特典の期限: the end of the birthday month (default) or this many days from the birthday. */
  birthdayGiftUntil: 'monthEnd' | number;
  /** 予約変更の連絡先: how to change a booking, in S11's message; '' says 店舗電話. */
  bookingChangeContact: string;
  /** 年賀状 (S10): TRUE sends 年賀状 (and 寒中見舞い to households in mourning); FALSE by default. */
  newYearCards: boolean;
  /** 暑中見舞い (S10): TRUE sends 暑中見舞い (残暑見舞い when composed after 7-31); FALSE by default. */
  summerCards: boolean;
  /** 挨拶状の対象 (S10): months a household member must have been seen within; null for 全員. */
  greetingMonths: number | null;
}

/**
 * A gift a step hands over: S3's 半年後の特典 (別送, or at the next visit when the shop says so or the customer has
 * no address) and 感謝の金券 (enclosed in the letter; by LINE or email the message itself is the voucher).
 */
export interface Gift {
  what: string;
  how: '別送' | '来店時' | '金券';
}

/** A contact one rule wants, before the channel policy picks how. */
export interface StepCandidate {
  rule: RuleId;
  scenario: string;
  step: string;
  /** The event the step hangs on, as YYYY-MM-DD; part of the key. */
  anchor: string;
  key: string;
  due: Day;
  /** Last day of the window; undefined for steps with no window. */
  last?: Day;
  /** Channels in order of preference. */
  channels: readonly Channel[];
  /** One line for 理由 explaining where the due date came from. */
  because: string;
  /** Extra merge fields the rule knows (e.g. 提案). */
  fields?: Readonly<Record<string, string>>;
  /** The step is only shown as upcoming: an earlier step must finish first. */
  waiting?: boolean;
  /** S4/S5/S7: recurring, no backlog — a missed occurrence is due today once; no 期限切れ. */
  recurring?: boolean;
  /** A letter the owner should write by hand (S6 for high-value first purchases). */
  handwritten?: boolean;
  /**
   * Something the message hands over that the owner must arrange (message-style.md: no promise nothing arranges):
   * the 【同封】/【別送】 banner, the day's list and the owner's notice come from it, never from the text.
   */
  gift?: Gift;
  /** S1's 提案 when the outcome of the purchase is unknown: the message first asks how it went. */
  asksOutcome?: boolean;
  /** An apology (S3's お詫び, S1's 改善フォロー): a letter goes straight to the matter, with no 時候の挨拶. */
  apology?: boolean;
  /** A call that may reach anyone with a number (S3's apology call, contract 4.5), not only who allowed calls. */
  callsAnyone?: boolean;
  /** Reasons not to prepare it (e.g. fewer than three open slots): shown in 要確認, the step waits. */
  blockers?: readonly string[];
  /**
   * Another rule's step this message also carries (S6 お礼 carrying S1's お伺い for a first visit): its template is
   * 「ステップ（carries）」 when there is one, and that rule reads this step's 連絡履歴 row as its own.
   */
  carries?: string;
  /**
   * S10: the names a card is addressed to, in order, instead of the customer's alone (連名, each with their own 様:
   * field-notes.md 「縦書き宛名」; a 寒中見舞い to the member who wrote 喪中). The address is the customer's.
   */
  addressedTo?: readonly Addressee[];
}

/** A name a letter is addressed to, with 様 or 御中. */
export interface Addressee {
  name: string;
  honorific: string;
}

/** A pending 連絡履歴 row to close as スキップ: its window closed, a newer visit replaced it, its slot was taken. */
export interface ClosedContact {
  record: ContactRecord;
  note: string;
}

export interface RuleContext {
  today: Day;
  /** Now, for slots later today. */
  now: Moment;
  settings: Settings;
  categories: ReadonlyMap<string, Category>;
  /** This customer's 連絡履歴 rows, oldest first. */
  history: readonly ContactRecord[];
  /** 空き枠 rows, earliest first. */
  slots: readonly Slot[];
  /**
   * Steps of the rules that ran before this one (RULES order) for this customer that are not complete:
   * pending, due or upcoming. S4 waits while any S1, S2, S3 or S6 step is open.
   */
  openSteps: readonly StepCandidate[];
  /** Channels this customer cannot be reached by now: 宛先不明 at the current address, a LINE unfollow. */
  unreachable?: ReadonlySet<Channel>;
  /**
   * A step whose window closed before this day, of a customer with no 連絡履歴 row of its rule, leaves nothing
   * (lifecycle.quietBefore): a rule may leave it out rather than build it. Undefined: every step is built.
   */
  quietBefore?: Day;
}

/**
 * The steps a rule wants for the customer, problems for 要確認, and `stale` pending rows of an earlier event that
 * the current one replaces (S1 restarts on a newer 最終来店日).
 */
export interface RuleResult {
  steps: readonly StepCandidate[];
  problems: readonly string[];
  stale?: readonly ContactRecord[];
  /** Pending rows it ends on other evidence, each with the 備考 it closes with (S5: its slot was marked 埋まり). */
  ended?: readonly ClosedContact[];
  /** Pending rows it still answers for though it plans no step under their key this run (S7: a household's letter). */
  keeps?: readonly string[];
}
