/**
 * Every Japanese word the owner sees or types that the code matches on: sheet names, headers and their aliases,
 * scenario/step labels, states and channels. Messages built from data live next to the code that builds them.
 */

export const SHEET = {
  customers: '顧客',
  settings: '設定',
  categories: 'カテゴリ',
  templates: 'テンプレート',
  slots: '空き枠',
  log: '連絡履歴',
  letters: '手紙',
  lineOutbox: 'LINE送信',
  lineFriends: 'LINE友だち',
  phoneList: '電話リスト',
  addressLabels: '宛名ラベル',
  dashboard: '集計',
  lineLinks: 'LINE連携',
  visits: '来店履歴',
  postcards: 'はがき',
  archive: '連絡履歴アーカイブ',
} as const;

export const CHANNELS = ['メール', 'LINE', '手紙', '電話'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Pending: prepared or planned, not finished. A pending contact is never prepared twice. */
const PENDING = ['準備中', '下書き', '承認待ち', '承認済', '印刷待ち', '予定', '延期', '失敗'] as const;
/** Complete: done (送信済 / 印刷済 / 完了) or skipped. */
const COMPLETE = ['送信済', '印刷済', '完了', 'スキップ'] as const;

export const CONTACT_STATES = [...PENDING, ...COMPLETE] as const;
export type ContactState = (typeof CONTACT_STATES)[number];
export const PENDING_STATES: ReadonlySet<ContactState> = new Set<ContactState>(PENDING);
export const COMPLETE_STATES: ReadonlySet<ContactState> = new Set<ContactState>(COMPLETE);

export const OUTCOMES = ['満足', '不満', '不在', '宛先不明'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const NOTE = {
  expired: '期限切れ',
  overCap: '上限超過',
  replaced: '新しいご来店のため終了',
  noLongerNeeded: '状況が変わり不要になったため終了',
  slotTaken: '空き枠が埋まったため終了',
} as const;

/** Fixed scenario and step labels (contract section 3): owner-typed 連絡履歴 rows are matched by them. */
export const SCENARIO = {
  postPurchase: '購入後フォロー',
  cancellation: 'キャンセルフォロー',
  complaint: 'クレーム後フォロー',
  dormant: '休眠客フォロー',
  vacancy: '空き枠案内',
  thankYou: 'サンキューレター',
  newsletter: 'ニュースレター',
  letterCheck: 'お手紙確認メール',
  birthday: 'お誕生日',
  seasonal: '季節のご挨拶',
  bookingReminder: 'ご予約前日のご案内',
} as const;

export const STEP = {
  inquiry: 'お伺い',
  phoneCheck: '電話確認',
  proposal: '提案',
  improvement: '改善フォロー',
  cancellationNotice: 'ご連絡',
  apology: 'お詫びと確認',
  afterCare: 'その後の確認',
  gratitude: '感謝',
  usefulInfo: 'お役立ち情報',
  vacancyOffer: 'ご案内',
  thanks: 'お礼',
  newsletter: 'ニュースレター',
  letterCheck: '確認メール',
  birthday: 'お祝い',
  dayBefore: '前日のご案内',
  newYearCard: '年賀状',
  midwinterCard: '寒中見舞い',
  summerCard: '暑中見舞い',
} as const;

export const MENU = {
  title: 'フォローアップ',
  today: '今日のフォロー',
  runNow: '今すぐ計画を更新',
  prepare: '準備する（プレビューを終える）',
  sendLine: '承認したLINEを送信',
  letters: '手紙を作成',
  lettersPrinted: '手紙を印刷済みにする',
  settings: '設定',
  setup: '初期設定',
  chooseCustomers: 'このシートを顧客の一覧にする',
  diagnose: '診断',
  autoOn: '自動実行をオン',
  autoOff: '自動実行をオフ',
  startWithoutLog: '連絡履歴なしで始め直す',
  importCsv: 'CSVを取り込む',
  postcardStock: 'はがきの用紙を切り替える',
} as const;

export const SIDEBAR_TITLE = '今日のフォロー';
export const SETTINGS_TITLE = 'つなぐの設定';
export const WIZARD_TITLE = 'つなぐの初期設定';
export const IMPORT_TITLE = 'CSVを取り込む';

export interface ColumnLabel {
  header: string;
  aliases?: readonly string[];
  required?: true;
  /** Written by Tsunagu; every other column belongs to the owner. */
  system?: true;
}

/** 顧客 columns, matched by header text (or an alias), never by position. */
export const CUSTOMER_COLUMNS = {
  id: { header: '顧客ID', aliases: ['顧客番号', '会員番号', 'お客様番号', 'お客様ID'], required: true },
  name: { header: '氏名', aliases: ['お名前', '名前', '顧客名'], required: true },
  kana: { header: 'ふりがな', aliases: ['フリガナ', 'よみがな', 'ヨミガナ'] },
  honorific: { header: '敬称' },
  email: { header: 'メール', aliases: ['メールアドレス', 'Eメール', 'E-mail', 'email', 'mail'] },
  phone: { header: '電話', aliases: ['電話番号', 'TEL', '携帯', '携帯電話'] },
  lineUserId: { header: 'LINEユーザーID', aliases: ['LINE ID', 'LINEID', 'LINEユーザーId'] },
  postalCode: { header: '郵便番号', aliases: ['〒'] },
  address: { header: '住所', aliases: ['ご住所'] },
  firstVisit: { header: '初回来店日', aliases: ['初回購入日', '初来店日'] },
  lastVisit: { header: '最終来店日', aliases: ['最終購入日', '前回来店日'] },
  visits: { header: '来店回数', aliases: ['購入回数', '来店数'] },
  category: { header: 'カテゴリ', aliases: ['カテゴリー', '分類'] },
  product: { header: '購入商品', aliases: ['商品', 'メニュー', '施術内容'] },
  amount: { header: '購入金額', aliases: ['金額', 'お会計'] },
  satisfaction: { header: '満足度' },
  cancelDate: { header: 'キャンセル日' },
  complaintDate: { header: 'クレーム対応日' },
  improvement: { header: '改善内容' },
  phoneAllowed: { header: '電話許可' },
  regular: { header: '常連' },
  emailConsent: { header: 'メール同意', aliases: ['メルマガ同意', 'メール配信同意'] },
  optOut: { header: '配信停止' },
  memo: { header: 'メモ', aliases: ['備考'] },
  nextBooking: { header: '次回予約日', aliases: ['次回予約', '次回のご予約'] },
  birthday: { header: '誕生日', aliases: ['お誕生日', '生年月日'] },
  mourning: { header: '喪中' },
  nextDay: { header: '次回連絡日', system: true },
  nextContent: { header: '次回連絡内容', system: true },
  nextChannel: { header: '次回チャネル', system: true },
  reason: { header: '理由', system: true },
  attention: { header: '要確認', system: true },
} as const satisfies Record<string, ColumnLabel>;

export type CustomerField = keyof typeof CUSTOMER_COLUMNS;

/** 連絡履歴 columns. 下書きID and スレッドID are ids Tsunagu needs to follow a Gmail draft. */
export const LOG_COLUMNS = {
  at: { header: '日時' },
  customerId: { header: '顧客ID' },
  name: { header: '氏名' },
  scenario: { header: 'シナリオ' },
  step: { header: 'ステップ' },
  channel: { header: 'チャネル' },
  state: { header: '状態' },
  plannedDay: { header: '予定日' },
  result: { header: '結果' },
  content: { header: '内容' },
  key: { header: 'キー' },
  note: { header: '備考' },
  draftId: { header: '下書きID' },
  threadId: { header: 'スレッドID' },
  /** Where the contact went: a changed 顧客ID or date cannot hide that it reached this address already. */
  address: { header: '宛先' },
  /**
   * What the owner must do besides sending (手書き推奨, 【同封】/【別送】/【来店時】 with the gift, お詫び): the step's
   * flags as data (core/flags.ts), never read from 理由 or 備考.
   */
  flags: { header: 'お店の作業' },
} as const satisfies Record<string, ColumnLabel>;

export type LogField = keyof typeof LOG_COLUMNS;

export const SETTINGS_HEADERS = ['項目', '値', '説明'] as const;
export const TEMPLATE_HEADERS = ['シナリオ', 'ステップ', 'チャネル', '件名', '本文'] as const;
export const SLOT_HEADERS = ['日時', '所要(分)', '特別価格', '案内', '状態'] as const;
export const SLOT_STATES = ['空き', '埋まり'] as const;

/** LINE送信: the outbox the owner edits and approves before anything is sent. */
export const OUTBOX_COLUMNS = {
  key: { header: 'キー' },
  customerId: { header: '顧客ID' },
  name: { header: '氏名' },
  lineUserId: { header: 'LINEユーザーID' },
  message: { header: 'メッセージ' },
  approved: { header: '承認' },
  state: { header: '状態' },
  sentAt: { header: '送信日時' },
  note: { header: '備考' },
  /** The X-Line-Retry-Key of the push under way (送信中), so a retry after a timeout uses the same one. */
  retryKey: { header: '送信キー（変更しないでください）' },
} as const satisfies Record<string, ColumnLabel>;
export type OutboxField = keyof typeof OUTBOX_COLUMNS;

/** LINE友だち: follow/unfollow events from the webhook. A ブロック (unfollow) blocks LINE for that user id. */
export const FRIEND_COLUMNS = {
  userId: { header: 'ユーザーID', aliases: ['LINEユーザーID'] },
  displayName: { header: '表示名' },
  state: { header: '状態' },
  date: { header: '日付' },
  /**
   * The customer this friend is: a column Tsunagu adds (tagged), but its cells are the owner's — filled by hand or
   * by confirming a suggestion in the sidebar; the webhook never writes them.
   */
  customerId: { header: '顧客ID' },
  /** From the friend's latest message with one: only a phone number or a 連携コード, never the message's text. */
  phone: { header: '届いた電話番号' },
  code: { header: '届いた連携コード' },
} as const satisfies Record<string, ColumnLabel>;
export type FriendField = keyof typeof FRIEND_COLUMNS;
export const FRIEND_STATES = { following: 'フォロー中', blocked: 'ブロック' } as const;

/** LINE連携: one 連携コード per customer, made by Tsunagu; a row is never changed or reused once made. */
export const LINK_CODE_COLUMNS = {
  customerId: { header: '顧客ID' },
  code: { header: '連携コード' },
  made: { header: '作成日' },
} as const satisfies Record<string, ColumnLabel>;
export type LinkCodeField = keyof typeof LINK_CODE_COLUMNS;

/**
 * 来店履歴: visits imported from the shop's booking and register exports, one row per customer and day (contract
 * section 2). 日時 is blank on a row that only announces a booking. 来店回数 is filled only from a customer-list
 * export (one row per customer), used where 顧客's 来店回数 is blank. 取込キー holds the keys of every export row
 * folded into the visit, separated by spaces.
 */
export const VISIT_COLUMNS = {
  at: { header: '日時' },
  customerId: { header: '顧客ID' },
  name: { header: '氏名' },
  phone: { header: '電話' },
  menu: { header: 'メニュー' },
  category: { header: 'カテゴリ' },
  amount: { header: '金額' },
  nextBooking: { header: '次回予約日' },
  source: { header: '出典' },
  externalId: { header: '外部ID' },
  key: { header: '取込キー' },
  visitCount: { header: '来店回数' },
} as const satisfies Record<string, ColumnLabel>;
export type VisitField = keyof typeof VISIT_COLUMNS;

/** 電話リスト: today's calls; the owner writes 結果 and the next run records it in 連絡履歴. */
export const PHONE_LIST_COLUMNS = {
  plannedDay: { header: '予定日' },
  customerId: { header: '顧客ID' },
  name: { header: '氏名' },
  phone: { header: '電話' },
  title: { header: '内容' },
  reason: { header: '理由' },
  talkingPoints: { header: '話すこと' },
  result: { header: '結果' },
  key: { header: 'キー' },
} as const satisfies Record<string, ColumnLabel>;
export type PhoneListField = keyof typeof PHONE_LIST_COLUMNS;

/** `購入後フォロー（お伺い）`; `お手紙確認メール` (its step 確認メール says nothing more); `ニュースレター（11月号）`. */
export function stepLabel(scenario: string, step: string, detail = ''): string {
  const repeats = scenario.includes(step);
  if (detail) return `${scenario}（${repeats ? detail : `${step}・${detail}`}）`;
  return repeats ? scenario : `${scenario}（${step}）`;
}

/**
 * 理由 without the step's name in front (「購入後フォロー（お伺い）: 最終来店日…」 → 「最終来店日…」), where the step is
 * named just above it (a sidebar card's title, a line of the notice): no label said twice (message-style.md).
 */
export function reasonUnder(label: string, reason: string): string {
  if (!reason.startsWith(label)) return reason;
  // The label in 理由 may name the newsletter's issue too: 「ニュースレター（11月号）: 」 under 「ニュースレター」.
  const end = reason.indexOf(': ', label.length);
  return end >= 0 && end - label.length <= 12 && !reason.slice(label.length, end).includes('。')
    ? reason.slice(end + 2)
    : reason;
}

/** 連絡履歴アーカイブ: one row per customer (or household) and calendar year of contacts no rule needs any more. */
export const ARCHIVE_COLUMNS = {
  customerId: { header: '顧客ID' },
  name: { header: '氏名' },
  year: { header: '年' },
  count: { header: '件数' },
  lines: { header: '内容' },
  keys: { header: 'キー' },
} as const satisfies Record<string, ColumnLabel>;
export type ArchiveField = keyof typeof ARCHIVE_COLUMNS;
