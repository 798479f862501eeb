/**
 * Importing visits from a shop's booking or register export (contract section 2, 来店履歴): the shapes every part of
 * the import shares — the browser (or the local runner) reads the file into rows, the server recognises the layout,
 * matches each row to a customer and writes the visits.
 */
import type { Day } from '../day';
import type { Moment } from '../slots';

/** What one column of an export can mean to Tsunagu. */
export const IMPORT_FIELDS = [
  'visitAt',
  'visitTime',
  'transactionId',
  'customerId',
  'externalId',
  'name',
  'familyName',
  'givenName',
  'kana',
  'phone',
  'email',
  'menu',
  'amount',
  'nextBooking',
  'status',
  'visitCount',
  'lastVisit',
  'firstVisit',
  'emailOptOut',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];

/** The owner's word for each field (the mapping the sidebar shows and lets the owner correct). */
export const IMPORT_FIELD_LABELS: Readonly<Record<ImportField, string>> = {
  visitAt: '来店日時',
  visitTime: '来店時刻（日付と別の列のとき）',
  transactionId: '取引番号（明細の行をまとめる）',
  customerId: '顧客ID',
  externalId: '会員番号',
  name: '氏名',
  familyName: '姓（氏名が分かれているとき）',
  givenName: '名（氏名が分かれているとき）',
  kana: 'フリガナ',
  phone: '電話番号',
  email: 'メールアドレス',
  menu: 'メニュー・商品',
  amount: '金額',
  nextBooking: '次回予約',
  status: '状態（取消・キャンセル）',
  visitCount: '来店回数',
  lastVisit: '最終来店日',
  firstVisit: '初回来店日',
  emailOptOut: 'メール配信停止',
};

/** Column index (0-based, in the file's header row) of each field the file has. */
export type ImportMapping = Partial<Record<ImportField, number>>;

/**
 * A visit export has one row per visit (会計, 予約); a customer list one row per customer, whose 最終来店日 becomes
 * one visit and whose 来店回数 is used only where 顧客's is blank.
 */
export type ImportKind = 'visits' | 'customers';

/** What the file is: the layout recognised (a preset or the general one) and how its columns are read. */
export interface ImportSource {
  /** Preset id ('airregi', 'square-customers', 'google-forms', …) or 'general'. */
  layout: string;
  /** The system's name as 出典 shows it: 「Airレジ」「Googleフォーム」; the file name for the general layout. */
  label: string;
  kind: ImportKind;
  /** The header row's texts, normalised and joined: the key a corrected mapping is remembered under. */
  signature: string;
}

/** One data row of the file as the server reads it, with its row number in the file (1-based, for messages). */
export interface ImportRow {
  line: number;
  cells: string[];
}

/** A row read through the mapping: what it says, before it is matched to a customer. */
export interface ImportedVisit {
  line: number;
  /** The visit's day and time; undefined for a customer-list row with no 最終来店日, or a booking only. */
  at?: Moment;
  /** A booking the row announces (次回予約, or the row itself when its 日時 is after the import). */
  booking?: Moment;
  customerId: string;
  externalId: string;
  name: string;
  kana: string;
  phone: string;
  email: string;
  menu: string;
  amount?: number;
  /** Customer lists: the source's 来店回数 and 初回来店日. */
  visitCount?: number;
  firstVisit?: Day;
  /** The source says the customer unsubscribed from its emails (Square's Email Unsubscribed). */
  emailOptOut?: boolean;
}
