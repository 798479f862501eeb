/**
 * What crosses google.script.run for 「CSVを取り込む」 (issue 17): the browser (or the local runner) reads the file,
 * the server recognises its layout, checks each part against 顧客 for the preview, then writes the part's visits to
 * 来店履歴 with their 取込キー. JSON-safe: moments as 'YYYY-MM-DD HH:MM' strings.
 */
import type { ImportField, ImportMapping, ImportRow, ImportSource } from '../core/import/model';

export type { ImportField, ImportMapping, ImportRow, ImportSource };

/** The first rows of the file (title lines, the header, some data) and, when the owner corrected it, their mapping. */
export interface ImportStartRequest {
  fileName: string;
  head: string[][];
  /** The owner's corrected mapping: used, and remembered for files with the same header. */
  mapping?: ImportMapping | null;
  /** The owner's name for the system the file came from (出典), remembered with the mapping. */
  label?: string | null;
}

export interface ImportStartReply {
  /** False when the file cannot be imported as it is: `message` says why and what to do. */
  ok: boolean;
  message: string;
  source: ImportSource;
  /** Index in the file's rows of the header row (rows above it are title lines). */
  headerIndex: number;
  headers: string[];
  mapping: ImportMapping;
  /** Each field, the owner's word for it, and the header chosen for it (null: not in the file). */
  fields: { field: ImportField; label: string; column: number | null }[];
  /** The mapping is the owner's earlier correction for files with this header. */
  remembered: boolean;
  /** The moment of this import ('YYYY-MM-DD HH:MM' in the spreadsheet's time zone): 出典 says 「Airレジ 11/20取込」. */
  importedAt: string;
}

/** One part of the file: its rows (with their line numbers) read through the mapping. */
export interface ImportPartRequest {
  source: ImportSource;
  mapping: ImportMapping;
  importedAt: string;
  rows: ImportRow[];
  /**
   * writeImportPart only: what the owner decided in the preview, by row identity — a 顧客ID (an uncertain match
   * confirmed, or a new customer addImportCustomers added) or 'skip'. An identity with no decision is written only
   * when it matched with certainty.
   */
  decisions?: Record<string, string>;
}

export type ImportRowStatus = 'matched' | 'uncertain' | 'new' | 'skipped';

export interface ImportCandidate {
  customerId: string;
  name: string;
  /** Why it may be this customer: 「電話番号が同じ」「氏名とフリガナが同じ」. */
  why: string;
}

export interface ImportRowCheck {
  line: number;
  /** The person the row is about, the same for every row of one person in the file (ext:123, tel:…, name:…). */
  identity: string;
  status: ImportRowStatus;
  /** matched: the customer; '' otherwise. */
  customerId: string;
  /** The row's name as the file writes it. */
  name: string;
  /** matched: how (「会員番号」); uncertain: what is doubtful; skipped: why it is not imported. */
  why: string;
  candidates: ImportCandidate[];
  /** The row is a visit (a day that has come); a booking (a day still ahead); both for a visit with 次回予約. */
  visit: boolean;
  booking: boolean;
  /** The row's 取込キー (the rows of one sale share it; '' for a skipped row). */
  key: string;
  /** The visit's day ('YYYY-MM-DD'; '' for none), and a booking's day and its 取込キー ('' when the row announces none). */
  visitDay: string;
  bookingDay: string;
  bookingKey: string;
  /** New customers: what the row says of them, for the preview and for 顧客's new row. */
  phone: string;
  email: string;
  kana: string;
  /** The source says they unsubscribed from its emails: a new 顧客 row starts with 配信停止 メール. */
  emailOptOut: boolean;
}

/** Someone the owner ticked to add to 顧客, as the file describes them. */
export interface ImportPerson {
  identity: string;
  name: string;
  kana: string;
  phone: string;
  email: string;
  emailOptOut: boolean;
  /** The customers the preview said they might be and the owner said they are not: never taken for them. */
  notIds?: string[];
}

/**
 * Before any visit is written, the new customers the owner confirmed are added to the end of 顧客 (one call per
 * part of them): a call sent twice finds the rows it wrote and adds nothing.
 */
export interface ImportAddRequest {
  source: ImportSource;
  people: ImportPerson[];
}

export interface ImportAddReply {
  /** identity → the 顧客ID of the row added (or found already added). */
  ids: Record<string, string>;
  /** How many rows this call appended. */
  added: number;
}

export interface ImportCheckReply {
  rows: ImportRowCheck[];
}

export interface ImportWriteReply {
  /** Visit rows added to 来店履歴, visits folded into a row already there (the same day from another source), rows already imported. */
  added: number;
  merged: number;
  already: number;
  /** Rows not written (uncertain and not confirmed, new and not confirmed, unreadable). */
  skipped: number;
  problems: string[];
}

/** After the last part: the bookings this export lists, so one it no longer lists is withdrawn. */
export interface ImportFinishRequest {
  source: ImportSource;
  importedAt: string;
  /**
   * The first and last day ('YYYY-MM-DD') the file covers, visits and bookings alike; null when it lists no
   * booking (a register export says nothing of bookings, so it withdraws none).
   */
  bookingDays: { from: string; to: string } | null;
  /** 取込キー of the booking rows in the file. */
  bookingKeys: string[];
}

export interface ImportFinishReply {
  withdrawn: number;
  /** One line for the owner about bookings it withdrew ('' when none). */
  summary: string;
}

/** A sheet in this spreadsheet that can be imported (a Google Form's responses). */
export interface ImportSheet {
  name: string;
  rows: number;
  /** It looks like a form's responses (タイムスタンプ in column A). */
  form: boolean;
}

export interface ImportSheetRows {
  rows: string[][];
  /** Rows the sheet has in all (header included). */
  total: number;
}
