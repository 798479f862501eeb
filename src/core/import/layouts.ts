/**
 * Recognising an export by its header row: the presets whose layouts their vendors publish (README 取り込み lists
 * what was confirmed and where), and the general layout that matches each field by the names Japanese systems
 * usually give it. The owner may correct the mapping; a correction is remembered under the header's signature.
 */
import {
  IMPORT_FIELDS,
  IMPORT_FIELD_LABELS,
  type ImportField,
  type ImportKind,
  type ImportMapping,
} from './model';

/** A header as an import matches it: NFKC, quotes and spaces removed, lower case (「顧客名(カナ)」 stays apart from 「顧客名」). */
export function importHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/["'\s]/g, '')
    .toLowerCase();
}

export interface Layout {
  id: string;
  /** Where its headers were confirmed (README 取り込み says more). */
  confirmedBy?: string;
  /** The system's name as 出典 shows it. */
  label: string;
  kind: ImportKind;
  /** Headers that must all be present for the file to be this layout. */
  requires: readonly string[];
  /** Headers of each field, in order of preference (a field takes the first present). */
  fields: Partial<Record<ImportField, readonly string[]>>;
  /** Status cells (trimmed, NFKC) that mean the row was cancelled, besides CANCELLED_WORDS. */
  cancelled?: readonly string[];
  /** A column whose cell must be one of `values` for the row to be a sale (スマレジ 取引区分 1: 通常). */
  onlyWhen?: { header: string; values: readonly string[]; why: string };
  /** Columns that, when filled, mean the row was cancelled (STORES予約 キャンセル日時). */
  cancelledWhenFilled?: readonly string[];
  /** Columns whose date stands for the visit when the visit's own cell is blank (a form's タイムスタンプ). */
  visitFallback?: readonly string[];
}

/** The names systems usually give each field (the general layout, and every preset's fallback). */
export const USUAL_HEADERS: Readonly<Record<ImportField, readonly string[]>> = {
  visitAt: [
    '来店日時',
    '来店日',
    '来客日時',
    '利用日時',
    '利用日',
    '会計日時',
    '会計日',
    '取引日時',
    '取引日',
    '売上日時',
    '売上日',
    '購入日時',
    '購入日',
    '施術日',
    '予約日時',
    '日時',
    '日付',
  ],
  visitTime: ['来店時間', '来店時刻', '会計時間', '会計時刻', '利用時間', '時刻', '時間'],
  transactionId: [
    '取引No',
    '取引ID',
    '取引番号',
    '伝票番号',
    'レシート番号',
    '会計番号',
    '予約番号',
    '予約ID',
  ],
  customerId: ['顧客ID'],
  externalId: [
    '会員番号',
    '顧客番号',
    '会員ID',
    '会員コード',
    '顧客コード',
    'お客様番号',
    'カルテ番号',
    '顧客No',
    '会員No',
  ],
  name: ['氏名', 'お名前', '名前', '顧客名', 'お客様名', '会員名', '予約者名', '予約者氏名'],
  familyName: ['姓', '苗字', 'Last Name', 'Surname'],
  givenName: ['名', 'First Name'],
  kana: [
    'フリガナ',
    'ふりがな',
    'よみがな',
    'ヨミガナ',
    'カナ',
    '氏名(カナ)',
    '氏名(フリガナ)',
    '顧客名(カナ)',
    'お名前(カナ)',
    'お名前(フリガナ)',
    '予約者名(カナ)',
  ],
  phone: ['電話番号', '電話', 'TEL', '携帯電話番号', '携帯電話', '携帯番号', '連絡先電話番号'],
  email: ['メールアドレス', 'メール', 'Eメール', 'Eメールアドレス', 'E-mail', 'Email', 'mail'],
  menu: [
    'メニュー',
    'メニュー名',
    '予約メニュー',
    '商品名',
    '品名',
    '商品',
    'コース',
    'コース名',
    'サービス',
    '施術内容',
    '内容',
  ],
  amount: [
    '金額',
    '合計金額',
    '合計',
    '税込金額',
    '会計金額',
    '売上金額',
    '売上',
    '支払金額',
    '料金',
    '小計',
  ],
  nextBooking: ['次回予約日時', '次回予約日', '次回予約', '次回来店予定日', '次回来店予定'],
  status: ['ステータス', '状態', '予約状態', '予約ステータス', '取消区分', 'キャンセル'],
  visitCount: ['来店回数', '利用回数', '来店数', '購入回数'],
  lastVisit: ['最終来店日時', '最終来店日', '最終利用日時', '最終利用日', '前回来店日'],
  firstVisit: ['初回来店日時', '初回来店日', '初回利用日'],
  emailOptOut: [
    'メール配信停止',
    '配信停止',
    'メール配信',
    'Email Unsubscribed',
    'Email Subscription Status',
  ],
};

/** What an opt-out cell says when the customer does not want the shop's emails (Square: True / Unsubscribed). */
export const OPTED_OUT = [
  'true',
  'はい',
  '停止',
  '不要',
  '拒否',
  '希望しない',
  '配信しない',
  'unsubscribed',
  'yes',
  '1',
  '○',
];

/** Words in a status cell that mean the row did not happen (a cancelled booking, a voided sale). */
export const CANCELLED_WORDS = ['キャンセル', '取消', '取り消し', '取り消', '無断', 'cancel', 'void'];

/**
 * The presets: each says in its comment (and `confirmedBy`) what its vendor's own page confirms and what rests on
 * public code that reads the real file; README 取り込み has the table. No vendor publishes a whole header list.
 */
export const LAYOUTS: readonly Layout[] = [
  {
    // Items 1–14 of 取引履歴CSV (取引ID, 取引日時, 取引区分, 取消区分 … 合計) from スマレジ's help page; 会員ID from its
    // API reference; 姓, 名, 商品名 from public parsers. 取消区分 and 取引区分 carry their legend in the header.
    id: 'smaregi',
    label: 'スマレジ',
    confirmedBy: 'help.smaregi.jp/hc/ja/articles/360051346134',
    kind: 'visits',
    requires: ['取引ID', '取引日時'],
    fields: {
      visitAt: ['取引日時'],
      transactionId: ['取引ID'],
      externalId: ['会員ID', '会員コード'],
      familyName: ['姓'],
      givenName: ['名'],
      menu: ['商品名'],
      amount: ['合計'],
      status: ['取消区分*'],
    },
    cancelled: ['1'],
    onlyWhen: { header: '取引区分*', values: ['1'], why: '売上ではない取引（入金・出金など）です' },
  },
  {
    // 顧客名, 顧客名(カナ), 顧客番号 from Airレジ's help page (faq.airregi.jp/hc/ja/articles/29202926189337); 取引No,
    // 会計日, 会計時間, メニュー名, 合計 from public parsers of the real file. One row per item: the receipt's cells
    // are blank after its first row (filled down by 取引No).
    id: 'airregi',
    label: 'Airレジ',
    confirmedBy: 'faq.airregi.jp/hc/ja/articles/29202926189337',
    kind: 'visits',
    requires: ['取引No', '会計日'],
    fields: {
      visitAt: ['会計日', '来店日'],
      visitTime: ['会計時間', '来店時間'],
      transactionId: ['取引No'],
      externalId: ['顧客番号'],
      name: ['顧客名'],
      kana: ['顧客名(カナ)'],
      menu: ['メニュー名'],
      amount: ['合計'],
    },
  },
  {
    // The items of STORES予約's 予約一覧 from its help page (faq.coubic.com/answer/61ee5530fcd42b001b199381); the
    // header strings from public code. A booked time still ahead is a booking; a cancelled one is not imported.
    id: 'stores-reserve',
    label: 'STORES予約',
    confirmedBy: 'faq.coubic.com/answer/61ee5530fcd42b001b199381',
    kind: 'visits',
    requires: ['予約番号', '希望の予約日時'],
    fields: {
      visitAt: ['希望の予約日時', '来客日時'],
      transactionId: ['予約番号'],
      externalId: ['会員番号', '顧客番号'],
      name: ['顧客名', '予約者の氏名'],
      phone: ['電話番号'],
      email: ['メールアドレス'],
      menu: ['メニュー'],
      amount: ['金額', '予約金額'],
      status: ['ステータス'],
    },
    cancelled: ['cancelled', 'canceled'],
    cancelledWhenFilled: ['キャンセル日時'],
  },
  {
    // Square's customer export (顧客リスト): one row per customer. Headers from public code (four projects agree);
    // Square's help page confirms phones in E.164 and the opt-out column.
    id: 'square-customers',
    label: 'Square（顧客リスト）',
    confirmedBy: 'squareup.com/help/jp/ja/article/6632-import-customers-online',
    kind: 'customers',
    requires: ['Square Customer ID'],
    fields: {
      externalId: ['Square Customer ID'],
      familyName: ['Last Name', 'Surname'],
      givenName: ['First Name'],
      phone: ['Phone Number'],
      email: ['Email Address'],
      visitCount: ['Transaction Count'],
      lastVisit: ['Last Visit'],
      firstVisit: ['First Visit'],
      emailOptOut: ['Email Unsubscribed', 'Email Subscription Status'],
    },
  },
  {
    // Square's transactions export: headers from public code (a test fixture and an importer agree).
    id: 'square-transactions',
    label: 'Square（取引）',
    kind: 'visits',
    requires: ['Transaction ID', 'Event Type'],
    fields: {
      visitAt: ['Date'],
      visitTime: ['Time'],
      transactionId: ['Transaction ID'],
      externalId: ['Customer ID'],
      name: ['Customer Name'],
      menu: ['Description'],
      amount: ['Total Collected'],
    },
    onlyWhen: { header: 'Event Type', values: ['Payment'], why: '支払いではない行（返金など）です' },
  },
  {
    // A Google Form's responses: タイムスタンプ (Timestamp in English) in column A, then one column per question.
    // A question 来店日 is the visit; without one, the moment the form was sent.
    id: 'google-forms',
    label: 'Googleフォーム',
    kind: 'visits',
    requires: ['タイムスタンプ'],
    fields: { visitAt: ['来店日', '来店日時', 'ご来店日', 'ご来店日時', '利用日', 'タイムスタンプ'] },
    visitFallback: ['タイムスタンプ'],
  },
  {
    id: 'google-forms-en',
    label: 'Googleフォーム',
    confirmedBy: 'developers.google.com/apps-script/guides/triggers/events',
    kind: 'visits',
    requires: ['Timestamp'],
    fields: {
      visitAt: ['来店日', '来店日時', 'ご来店日', '利用日', 'Timestamp'],
      email: ['Email Address', 'メールアドレス'],
    },
    visitFallback: ['Timestamp'],
  },
];

/** How many rows from the top the header row is looked for in (title lines above it). */
export const HEADER_SEARCH_ROWS = 15;

export interface Recognised {
  layout: Layout;
  headerIndex: number;
  headers: string[];
  mapping: ImportMapping;
}

/**
 * Where a header name is in the normalised header row: equal, or — for a name ending in * — the header starts with
 * it (スマレジ's 「取消区分 (0:通常、1：取消)」 is 取消区分*). -1 when absent.
 */
export function headerColumn(normalised: readonly string[], name: string): number {
  if (name.endsWith('*')) {
    const stem = importHeader(name.slice(0, -1));
    return normalised.findIndex((h) => h === stem || h.startsWith(`${stem}(`) || h.startsWith(stem));
  }
  return normalised.indexOf(importHeader(name));
}

/** The header row: the first row among the top ones with at least two cells naming a field. */
export function findHeaderRow(rows: readonly (readonly string[])[]): number {
  const known = new Set<string>();
  for (const names of Object.values(USUAL_HEADERS)) for (const n of names) known.add(importHeader(n));
  for (const layout of LAYOUTS) for (const n of layout.requires) known.add(importHeader(n));
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const hits = new Set(rows[i].map(importHeader).filter((c) => known.has(c))).size;
    if (hits >= 2) return i;
  }
  return -1;
}

/** The general layout: every field by its usual names. */
export const GENERAL: Layout = { id: 'general', label: '', kind: 'visits', requires: [], fields: {} };

/** The layout of a file and its mapping, from its first rows. */
export function recognise(rows: readonly (readonly string[])[]): Recognised | null {
  const headerIndex = findHeaderRow(rows);
  if (headerIndex < 0) return null;
  const headers = rows[headerIndex].map((h) => h.trim());
  const normalised = headers.map(importHeader);
  const layout = LAYOUTS.find((l) => l.requires.every((r) => headerColumn(normalised, r) >= 0)) ?? GENERAL;
  return { layout, headerIndex, headers, mapping: mappingOf(layout, normalised) };
}

function mappingOf(layout: Layout, normalised: readonly string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const taken = new Set<number>();
  for (const field of IMPORT_FIELDS) {
    for (const name of [...(layout.fields[field] ?? []), ...USUAL_HEADERS[field]]) {
      const column = headerColumn(normalised, name);
      if (column >= 0 && !taken.has(column)) {
        mapping[field] = column;
        taken.add(column);
        break;
      }
    }
  }
  return mapping;
}

/** Visits or a customer list: a file with a visit date per row is visits; one with only 最終来店日 is a customer list. */
export function kindOf(layout: Layout, mapping: ImportMapping): ImportKind {
  if (layout.id !== GENERAL.id) return layout.kind;
  return mapping.visitAt === undefined && mapping.lastVisit !== undefined ? 'customers' : 'visits';
}

/** What stops a mapping from importing anything, in the owner's words ('' when it can import). */
export function mappingProblem(mapping: ImportMapping, kind: ImportKind): string {
  const date = kind === 'customers' ? 'lastVisit' : 'visitAt';
  const missing: string[] = [];
  if (mapping[date] === undefined && mapping.nextBooking === undefined)
    missing.push(`「${IMPORT_FIELD_LABELS[date]}」`);
  const who: ImportField[] = ['customerId', 'externalId', 'name', 'familyName', 'phone', 'email'];
  if (!who.some((f) => mapping[f] !== undefined))
    missing.push('お客様が分かる列（氏名・電話番号・メールアドレス・会員番号のどれか）');
  if (missing.length === 0) return '';
  return `${missing.join('と')}が見つかりません。下の対応で、その列を選んでください。`;
}

/** The key a corrected mapping is remembered under: the header row as matched. */
export function signatureOf(headers: readonly string[]): string {
  return headers.map(importHeader).join('|');
}

/** The system's name for 出典 when the layout is the general one: the file's name without its dates and extension. */
export function labelFromFileName(fileName: string): string {
  const stem = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]+$/, '')
    .normalize('NFKC')
    // A browser's copy of a file downloaded again: 「予約一覧 (1).csv」 is the same system's export.
    .replace(/\s*\(\d{1,3}\)$/, '')
    .replace(/[_\-\s]*\d{4}[-_/]?\d{2}[-_/]?\d{2}(?:[-_]?\d{2,6})?/g, '')
    .replace(/[_\-\s(（]+$/g, '')
    .trim();
  return stem || 'CSV';
}
