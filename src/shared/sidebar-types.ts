/** Types that cross google.script.run: JSON-safe, dates as YYYY-MM-DD strings. Used by the server and the sidebar. */

export type ChannelName = 'メール' | 'LINE' | '手紙' | '電話';

export interface FollowUpItem {
  key: string;
  customerId: string;
  name: string;
  /** `シナリオ: ステップ` */
  title: string;
  channel: ChannelName;
  /** YYYY-MM-DD the contact is planned for (today for overdue ones). */
  date: string;
  daysLate: number;
  /** YYYY-MM-DD: the last day of the step's window, the latest day it may be snoozed to; null when open-ended. */
  lastDate: string | null;
  reason: string;
  /** 連絡履歴 state, or '' when not prepared yet. */
  state: string;
  /** A Gmail draft's address, to open it in Gmail; null when there is no draft. */
  draftUrl: string | null;
  /** Why it cannot be prepared yet (a message to fix); '' when nothing stands in the way. */
  problem: string;
  /** What the owner must enclose, send or hand over with it (「【別送】季節の焼き菓子をお送りください」); '' for none. */
  task: string;
  /** The customer's 連携コード (XXXX-XX) while they are not on LINE yet and the shop has LINE set up. */
  lineCode?: string;
}

/** What the sidebar fetches when the owner opens one follow-up: kept out of the list so a long day stays small. */
export interface FollowUpDetail {
  key: string;
  /** The message (or a call's talking points), as prepared or as it would be. */
  preview: string;
  /** LINE: the whole message, as it will be sent (the owner may edit it before approving); null otherwise. */
  lineText: string | null;
}

/** More of a group: the items not yet shown, and how many remain after them. */
export interface FollowUpPage {
  items: FollowUpItem[];
  remaining: number;
}

export interface FollowUpGroup {
  channel: ChannelName;
  /** All of the group's follow-ups today; `items` holds the first page of them. */
  total: number;
  items: FollowUpItem[];
  /** How many could be prepared now, and (LINE) approved and sent: the group's bulk actions. */
  preparable: number;
  sendable: number;
}

export interface TodayView {
  today: string;
  preview: boolean;
  autoRun: boolean;
  groups: FollowUpGroup[];
  total: number;
  /** LINE messages left this month on the shop's plan; null when unknown (no token, no LINE today, no limit). */
  lineRemaining: number | null;
  /** The next date something is planned, when nothing is due today. */
  nextDate: string | null;
  problems: string[];
  /**
   * When a daily limit makes a queue longer than a day: how many days it takes, the postage, and how to spread or
   * trim it (forecastLines). Empty otherwise.
   */
  forecast: string[];
  /**
   * Another editor has the sidebar open: the owner's address, whose Gmail holds the drafts (making, skipping and
   * snoozing a drafted email are done from that account; Gmailで開く opens it). null for the owner.
   */
  mailOwner: string | null;
  /** 空き枠案内: each slot still to come that was (or today is) offered, and to whom. Empty when none. */
  vacancyOffers?: VacancyOfferView[];
}

/** One 空き枠 offered (S5) and the customers it went to. */
export interface VacancyOfferView {
  /** 11月26日（木）10:00 */
  slot: string;
  /** 「佐藤 美咲 様（LINE・送信済）」: whom, by which channel, how far. */
  to: string[];
}

export interface ActionResult {
  ok: boolean;
  message: string;
}

export type CallOutcomeName = '満足' | '不満' | '不在';

/** What the owner did in the sidebar, to one follow-up or (a group's bulk action) to several. */
export type FollowUpAction =
  /**
   * A group's bulk action, for every item it applies to (also those not on the first page). `today` and `count`
   * are what the owner saw: if the list has changed since, nothing is done.
   */
  | { group: ChannelName; action: 'prepare'; today: string; count: number }
  | { group: 'LINE'; action: 'approveLine'; send: boolean; today: string; count: number }
  | { keys: string[]; action: 'called'; outcome: CallOutcomeName }
  | { keys: string[]; action: 'skip' }
  /** date: YYYY-MM-DD, after today and no later than each item's lastDate. */
  | { keys: string[]; action: 'snooze'; date: string }
  /** Prepare now what is due but not prepared: a Gmail draft, a LINE送信 row, a letter on 手紙, a call on 電話リスト. */
  | { keys: string[]; action: 'prepare' }
  /** LINE: approve (with the edited text, for one item), and send at once when `send`. */
  | { keys: string[]; action: 'approveLine'; send: boolean; text?: string };

/** An action's outcome and, when it changed something, the list as it is now (one round trip). */
export interface ActionReply extends ActionResult {
  view?: TodayView;
}

export interface SettingItem {
  item: string;
  /** As the 設定 sheet shows it. */
  value: string;
  defaultText: string;
  help: string;
}

/** The sidebar's 設定 tab. Secrets are never sent to the browser: only whether each is set. */
export interface SettingsView {
  hasSheet: boolean;
  items: SettingItem[];
  /** Values that cannot be read (the default is used instead). */
  problems: string[];
  line: { tokenSet: boolean; secretSet: boolean; ownerUserId: string; webhookSet: boolean };
  autoRun: { on: boolean; message: string };
}

/** A new webhook URL, shown once for the owner to paste into LINE Developers; `url` only when it was made. */
export interface WebhookReply extends ActionResult {
  url?: string;
}

/** Entered in the 設定 tab; a blank token or secret keeps the stored one. */
export interface LineSettingsInput {
  token?: string;
  secret?: string;
  ownerUserId?: string;
}

/** One line of 「診断」: ✓ fine, ！ worth a look, ✗ broken; `text` says what was found and what to do. */
export interface DiagnosisLine {
  mark: '✓' | '！' | '✗';
  topic: string;
  text: string;
}

/** 「LINEの友だちとお客様をつなぐ」: one suggested pair, and why. */
export interface LineLinkSuggestion {
  userId: string;
  displayName: string;
  customerId: string;
  customerName: string;
  why: string;
  /** From the customer's own message (a phone number or 連携コード), not a guess from a name. */
  certain: boolean;
}

export interface LineLinkView {
  suggestions: LineLinkSuggestion[];
  /** Friends following the shop and linked to no customer. */
  unlinked: number;
}

/** つなぐ / 違う: the friend by user id and the customer by 顧客ID. */
export interface LineLinkRequest {
  userId: string;
  customerId: string;
}

/**
 * What the sidebar sends each server function it calls (src/index.ts's entry of the same name, which validates it:
 * the entries take unknown). What comes back is typed from the entry module itself (sidebar/api.ts).
 */
export interface SidebarRequests {
  getTodayFollowUps: [];
  getFollowUpPage: [channel: string, shownKeys: string[]];
  getFollowUpDetail: [key: string];
  startPreparing: [];
  applyFollowUpAction: [request: FollowUpAction];
  getSettingsView: [];
  saveSettings: [values: Record<string, string>];
  saveLineSettings: [input: LineSettingsInput];
  sendTestNotice: [];
  createWebhookUrl: [pastedUrl: string];
  setAutoRun: [on: boolean];
  getDiagnosis: [];
  getLineLinks: [];
  linkLineFriend: [request: LineLinkRequest];
  dismissLineLink: [request: LineLinkRequest];
}

/**
 * Whether a value of type T crosses google.script.run intact: strings, numbers, booleans, null, arrays and plain
 * objects of those (an undefined property is dropped, which is fine); never a function, a Date or an unknown
 * (https://developers.google.com/apps-script/guides/html/reference/run#myFunction(...): "Legal parameters are
 * JavaScript primitives like a Number, Boolean, String, or null, as well as JavaScript objects and arrays that are
 * composed of primitives, objects and arrays"; Dates are refused).
 */
type JsonCheck<T> = T extends string | number | boolean | null | undefined
  ? true
  : T extends (...args: never[]) => unknown
    ? false
    : T extends Date
      ? false
      : T extends readonly (infer U)[]
        ? JsonCheck<U>
        : T extends object
          ? { [K in keyof T]-?: JsonCheck<T[K]> }[keyof T] | true
          : false;

export type IsJsonSafe<T> = unknown extends T ? false : false extends JsonCheck<T> ? false : true;
