/** Types that cross google.script.run: JSON-safe, dates as YYYY-MM-DD strings. Used by the server and the sidebar. */

import type { SettingControl } from '../core/settings';
import type { LinkSuggestion } from '../core/line-links';
import type {
  ImportAddRequest,
  ImportFinishRequest,
  ImportPartRequest,
  ImportStartRequest,
} from './import-types';

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
  /** A call: the customer's number as 顧客 shows it and as a `tel:` address; absent without a number. */
  phone?: PhoneLink;
  /** A call: the customer's メモ from 顧客 ('' or absent for none). */
  memo?: string;
  /** A call: the latest call recorded in 連絡履歴 for this customer; absent before the first. */
  lastCall?: LastCallNote;
  /** A Gmail draft exists for it (state 下書き): it may be chosen for 「選んだ下書きを送信」. */
  draftReady?: boolean;
  /** The customer's 連携コード (XXXX-XX) while they are not on LINE yet and the shop has LINE set up. */
  lineCode?: string;
  /** A letter: the sheet it prints from (「手紙」, or 「はがき」 for a greeting card); absent for other channels. */
  printOn?: string;
  /**
   * Its 連絡履歴 row when the list was read (a prepared contact): the action sends it back, and the server uses it only
   * after reading that row and finding this キー there (owners sort and insert rows).
   */
  row?: number;
}

/** A phone number shown as the owner typed it, dialled by its digits. */
export interface PhoneLink {
  shown: string;
  /** `tel:0312345678` */
  href: string;
}

/** The last call in 連絡履歴: its date (YYYY-MM-DD) and what was noted (結果, 内容, 備考; each '' when blank). */
export interface LastCallNote {
  date: string;
  result: string;
  content: string;
  note: string;
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
  /** The template's example customers, counted apart: one line for the banner ('' or absent when none). */
  examples?: string;
  /** The November 年賀状 question and the season forecast (absent when there is nothing to say). */
  season?: SeasonCardView;
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

/** A keyed action with the 連絡履歴 rows the list showed its items on (FollowUpItem.row), by キー. */
export type RememberedRows = { rows?: Record<string, number> };

/** An action's outcome and, when it changed something, the list as it is now (one round trip). */
export interface ActionReply extends ActionResult {
  view?: TodayView;
  /**
   * The keys acted on, when the action read only their rows (no view): the sidebar then asks for the list again in
   * the background (getTodayFollowUps).
   */
  done?: string[];
}

export interface SettingItem {
  item: string;
  /** As the 設定 sheet shows it. */
  value: string;
  defaultText: string;
  help: string;
  /** The control that fits it (src/core/settings.ts SettingControl). */
  control: SettingControl;
  /** What is wrong with the value in the sheet, in the reader's words (it is shown, never replaced). */
  problem?: string;
  /** A value read in part whose rest is the owner's note: saved as it is, with what is not applied. */
  note?: string;
}

/** saveSettings' reply: `refused` names each value not saved and why (nothing is saved when any is refused). */
export interface SettingsReply extends ActionResult {
  refused?: Record<string, string>;
}

/** The sidebar's 設定 tab. Secrets are never sent to the browser: only whether each is set. */
export interface SettingsView {
  hasSheet: boolean;
  items: SettingItem[];
  /** Values that cannot be read (the default is used instead). */
  problems: string[];
  line: { tokenSet: boolean; secretSet: boolean; ownerUserId: string; webhookSet: boolean };
  autoRun: { on: boolean; message: string };
  /** The spreadsheet's time zone: the sidebar checks typed values as the server will. */
  timeZone?: string;
  /** 「取り込み」: 来店履歴 and the remembered layouts of 「CSVを取り込む」 (issue 17). */
  imports?: ImportOverview;
  /** A temporary 1日の手紙上限 for a season's window, in words ('' or absent when none): removable. */
  seasonLimit?: string;
}

/** What the 設定 tab says of imports: 来店履歴's rows, the newest 出典, and each remembered layout to forget. */
export interface ImportOverview {
  /** Whether 来店履歴 exists yet (初期設定 or the first import makes it). */
  hasSheet: boolean;
  /** Its rows below the header. */
  rows: number;
  /** 出典 of the newest import: 「Airレジ 2026/11/24取込」 ('' when none). */
  latest: string;
  /** Corrected layouts, newest first: the owner's name for the system and the file's first headers. */
  layouts: { signature: string; label: string; headers: string[] }[];
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

/** 初期設定 wizard, step 1: a column of the customer list Tsunagu understood, as written and as what it reads it. */
export interface WizardColumn {
  /** As the owner wrote it: 「最終来店日（yyyy/mm/dd）」. */
  header: string;
  /** What Tsunagu reads it as: 「最終来店日」. */
  as: string;
}

/** A column the customer list does not have, and what having it would enable. */
export interface WizardMissingColumn {
  header: string;
  enables: string;
  /** A column a booking or register export can fill instead (「CSVを取り込む」, 来店履歴): what that gives. */
  fromImport?: string;
}

/** Where the customer list is, and what Tsunagu made of its header row (step 1 of the wizard). */
export interface WizardCustomers {
  /**
   * found: one sheet (by the owner's choice, its name or its headers); ambiguous: several, the owner picks; none: no
   * sheet has 顧客ID and 氏名 (初期設定 makes an empty 顧客).
   */
  state: 'found' | 'ambiguous' | 'none';
  by: 'choice' | 'name' | 'headers' | '';
  sheetName: string;
  /** 1-based row of the header (below a title row when the owner has one); 0 when not found. */
  headerRow: number;
  /** Rows with something in them below the header. */
  rows: number;
  candidates: { sheetId: number; name: string; rows: number }[];
  understood: WizardColumn[];
  /** Tsunagu's own columns already there (次回連絡日 …). */
  system: string[];
  /** Tsunagu's own columns 初期設定 will add at the right end. */
  systemToAdd: string[];
  /** The owner's columns Tsunagu does not read: left exactly as they are. */
  ownColumns: string[];
  missing: WizardMissingColumn[];
  /** Required headers the sheet lacks (顧客ID, 氏名). */
  missingRequired: string[];
  /** Why 初期設定 would stop before writing (an owner's column under a system column's name); '' when none. */
  problem: string;
  /** What 「CSVを取り込む」 brings in, said once in the step ('' when no list was found). */
  importNote?: string;
}

/** One example customer (顧客ID starting with 例, 配信停止 すべて) the wizard offers to delete. */
export interface WizardExample {
  id: string;
  name: string;
  /** The sheet row it was on when read. */
  row: number;
}

/** The 初期設定 wizard's steps 1–3, read without writing a cell. */
export interface WizardView {
  /** Whether this workbook was set up (or run) before. */
  setUp: boolean;
  /** Preparing (not previewing): the last step then shows the forecast without a preview run. */
  preparing: boolean;
  customers: WizardCustomers;
  /** 店名 … 定休日 as the 設定 tab shows them; hasSheet false until 初期設定 makes 設定. */
  shop: { hasSheet: boolean; items: SettingItem[] };
  examples: WizardExample[];
}

/** The wizard's last step: the sheets made, the shop's details saved, the preview run and the first week. */
export interface WizardFinish extends ActionResult {
  /** Sheets 初期設定 made now. */
  created: string[];
  /** The first week in the owner's words (firstWeekLines), then the longer queue's forecast when there is one. */
  forecast: string[];
  /** The preview run's outcome (summaryText) or, when already preparing, what the plan is. */
  summary: string;
  /** Whether the run was a preview (nothing prepared). */
  preview: boolean;
  autoRun: boolean;
}

/** The wizard's request to finish: the shop's details typed before 設定 existed (saved as the 設定 tab saves). */
export interface WizardFinishInput {
  settings?: Record<string, string>;
}

/** Which example customers to delete: the ids the owner saw. */
export interface ExampleDeletion {
  ids: string[];
}

/** 「LINEの友だちとお客様をつなぐ」: one suggested pair, and why (made in core/line-links.ts). */
export type LineLinkSuggestion = LinkSuggestion;

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
  sendChosenDrafts: [request: SendDraftsRequest];
  getSetupWizard: [];
  chooseCustomerSheet: [sheetId: number];
  deleteExampleCustomers: [request: ExampleDeletion];
  finishSetupWizard: [input: WizardFinishInput];
  getLineLinks: [];
  linkLineFriend: [request: LineLinkRequest];
  dismissLineLink: [request: LineLinkRequest];
  startImport: [request: ImportStartRequest];
  checkImportPart: [request: ImportPartRequest];
  addImportCustomers: [request: ImportAddRequest];
  writeImportPart: [request: ImportPartRequest];
  finishImport: [request: ImportFinishRequest];
  getImportSheets: [];
  readImportSheet: [name: string, from: number, count: number];
  showImportSidebar: [];
  forgetImportLayout: [signature: string];
  answerNewYearCards: [send: boolean];
  acceptSeasonLimit: [];
  removeSeasonLimit: [];
}

/** 「選んだ下書きを送信」: the chosen emails' keys, and the day the owner saw them on (a list from another day sends nothing). */
export interface SendDraftsRequest {
  keys: string[];
  today: string;
}

/**
 * Whether a value of type T crosses google.script.run intact: strings, numbers, booleans, null, arrays and plain
 * objects of those (an undefined property is dropped, which is fine); never a function, a Date or an unknown
 * (https://developers.google.com/apps-script/guides/html/reference/run#myFunction(...): "Legal parameters are
 * JavaScript primitives like a Number, Boolean, String, or null, as well as JavaScript objects and arrays that are
 * composed of primitives, objects and arrays"; Dates are refused).
 */
// void: a function that returns nothing (showImportSidebar) replies undefined, which crosses as such.
type JsonCheck<T> = T extends string | number | boolean | null | undefined | void
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

/** The today tab's season card (issue 18): the November 年賀状 question and the season forecast. */
export interface SeasonCardView {
  /** The question while it is open: its lines and the year it asks about. */
  question: { year: number; lines: string[] } | null;
  /** The forecast, from 11-20 (6-20) until the window opens. */
  forecast: string[];
  /** The higher letter limit offered for the window's days: the button's label. */
  offer: { limit: number; label: string; text: string } | null;
  /** The temporary limit the owner accepted, in words ('' when none). */
  accepted: string;
}
