/** The rows of each sheet, as an owner's Google Sheets export holds them. */
import type ExcelJS from 'exceljs';
import { CATEGORY_HEADERS, CATEGORY_ROWS } from './data';
import { MS_PER_DAY, cellDate, dayOfYmd, typedDate, weekdayOf, ymdOf, type Day } from './days';
import type { Customer, LogEntry } from './people';

type Cell = string | number | boolean | Date | null;

// prettier-ignore
const CUSTOMER_HEADERS = [
  '顧客ID', '氏名', 'フリガナ', '敬称', 'メール', '電話', 'LINEユーザーID', '郵便番号', '住所', '担当', '初回来店日',
  '最終来店日', '来店回数', 'カテゴリ', '購入商品', '購入金額', '満足度', 'キャンセル日', 'クレーム対応日', '改善内容',
  '電話許可', '常連', 'メール同意', '配信停止', 'メモ', '誕生日', '喪中',
] as const;
type CustomerHeader = (typeof CUSTOMER_HEADERS)[number];
const CUSTOMER_WIDTHS = [
  8, 16, 20, 6, 30, 15, 36, 11, 44, 6, 12, 12, 8, 10, 30, 10, 7, 12, 12, 40, 8, 6, 9, 10, 30, 16, 10,
];

// prettier-ignore
const LOG_HEADERS = ['日時', '顧客ID', '氏名', 'シナリオ', 'ステップ', 'チャネル', '状態', '予定日', '結果', '内容', 'キー', '備考'] as const;
type LogHeader = (typeof LOG_HEADERS)[number];
const LOG_WIDTHS = [17, 8, 16, 16, 12, 8, 8, 12, 8, 44, 40, 14];
const SLOT_HEADERS = ['日時', '所要(分)', '特別価格', '案内', '状態'];

const DATE_FORMAT = 'yyyy/mm/dd';
const DATE_TIME_FORMAT = 'yyyy/mm/dd hh:mm';

/** `12,000円`, as an owner types an amount into a text cell. */
function yenText(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+$)/g, ',')}円`;
}

function customerRow(c: Customer): Record<CustomerHeader, Cell> {
  const date = (day: Day | undefined): Cell => (day === undefined ? null : cellDate(day));
  const lastVisit = (): Cell => {
    const style = c.typed.lastVisit ?? 'cell';
    if (style === 'empty' || c.lastVisit === undefined) return null;
    if (style === 'impossible') return `${ymdOf(c.lastVisit).y}/2/30`;
    return typedDate(c.lastVisit, style);
  };
  // Typed into a number cell, Sheets drops the hyphens and the leading 0.
  const phone = c.phone && c.typed.phoneAsNumber ? Number(c.phone.replace(/-/g, '')) : c.phone;
  return {
    顧客ID: c.id,
    氏名: c.name,
    フリガナ: c.kana || null,
    敬称: c.honorific ?? null,
    メール: c.email ?? null,
    電話: phone ?? null,
    LINEユーザーID: c.lineUserId ?? null,
    郵便番号: c.postalCode ?? null,
    住所: c.address ?? null,
    担当: c.staff ?? null,
    初回来店日: c.firstVisit === undefined ? null : typedDate(c.firstVisit, c.typed.firstVisit ?? 'cell'),
    最終来店日: lastVisit(),
    来店回数: c.typed.visitsAsText ? `${c.visits}回` : c.visits,
    カテゴリ: c.category,
    // Some owners note what a customer had only now and then: every fifth customer's 購入商品 is blank, so the
    // default templates' fallbacks ({{購入商品|先日のご利用}}) are read on the demo day.
    購入商品: Number(c.id.replace(/\D/g, '')) % 5 === 2 ? null : c.product,
    購入金額: c.typed.amountAsText ? yenText(c.amount) : c.amount,
    満足度: c.satisfaction ?? null,
    キャンセル日: date(c.cancelDate),
    クレーム対応日: date(c.complaintDate),
    改善内容: c.improvement ?? null,
    電話許可: c.typed.phoneAllowedMark ?? c.phoneAllowed,
    常連: c.regular ?? null,
    メール同意: c.emailConsent ?? null,
    配信停止: c.optOut ?? null,
    メモ: c.memo ?? null,
    誕生日:
      c.birthday === undefined
        ? null
        : typeof c.birthday === 'string'
          ? c.birthday
          : cellDate(c.birthday.cell),
    喪中: c.mourning ?? null,
  };
}

function logRow(e: LogEntry): Record<LogHeader, Cell> {
  return {
    日時: cellDate(e.day, e.minutes ?? 0),
    顧客ID: e.customer.id,
    氏名: e.customer.name,
    シナリオ: e.scenario || null,
    ステップ: e.step || null,
    チャネル: e.channel,
    状態: e.state,
    予定日: e.due === undefined ? null : cellDate(e.due),
    結果: e.result ?? null,
    内容: e.content || null,
    キー: e.key ? `${e.customer.id}|${e.key.rule}|${e.step}|${e.key.anchor}` : null,
    備考: e.note ?? null,
  };
}

function settingsRows(today: Day): Cell[][] {
  const { y } = ymdOf(today);
  const signature = [
    '整体とリラクゼーション ここち堂',
    '店主 山本 和也',
    '〒154-0004 東京都世田谷区太子堂2-14-3',
    'TEL 03-5432-1234（水曜定休）',
  ];
  return [
    ['店名', 'ここち堂'],
    ['差出人名', 'ここち堂 店主 山本 和也'],
    ['店舗住所', '〒154-0004 東京都世田谷区太子堂2-14-3'],
    ['店舗電話', '03-5432-1234'],
    ['店舗メール', 'info@kokochido.example.jp'],
    ['署名', signature.join('\n')],
    ['定休日', '水'],
    ['休業日', `${y}/12/29〜${y + 1}/1/3`],
    ['祝日休業', false],
    ['毎日の実行時刻', 8],
    ['半年後の特典', '三軒茶屋の老舗和菓子店の季節の焼き菓子'],
    // The monthly newsletter goes out on the demo day, so the demo shows it spread over the daily limits.
    ['ニュースレター配信日', ymdOf(today).d],
    ['ニュースレター本文', newsletterBody(y)],
  ];
}

function newsletterBody(year: number): string {
  return [
    '朝晩の冷え込みが厳しくなってまいりました。寒い季節は体がこわばり、肩や腰の不調が出やすくなります。',
    '湯船にゆっくりつかったあと、肩を大きく回す・ふくらはぎをさするといった簡単なケアを続けるだけでも、体がずいぶん楽になります。',
    `年末年始は${year}年12月29日から${year + 1}年1月3日までお休みをいただきます。年内のご予約はお早めにどうぞ。`,
  ].join('\n');
}

/** Slots on business days of the next two weeks (水 and the year-end break are closed), plus one already past. */
function slotRows(today: Day): Cell[][] {
  const { y } = ymdOf(today);
  const isOpen = (day: Day): boolean =>
    weekdayOf(day) !== 3 && (day < dayOfYmd(y, 12, 29) || day > dayOfYmd(y + 1, 1, 3));
  const open: Day[] = [];
  for (let day = today + 1; open.length < 8; day++) if (isOpen(day)) open.push(day);
  let past = today - 3;
  while (!isOpen(past)) past--;
  const at = (day: Day, hours: number): Date => cellDate(day, hours * 60);
  return [
    [at(past, 14), 60, '通常6,600円→4,900円', false, '空き'],
    [at(open[0], 10), 60, '通常6,600円→4,900円', true, '空き'],
    [at(open[2], 14), 90, '通常7,700円→5,500円', false, '空き'],
    [at(open[4], 16.5), 60, null, false, '埋まり'],
    [at(open[5], 10), 60, '通常6,000円→4,500円', false, '空き'],
    [at(open[7], 16.5), 45, null, false, '空き'],
  ];
}

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  headers: readonly string[],
  rows: Cell[][],
  widths: number[],
): void {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map((header, i) => ({ header, width: widths[i] ?? 12 }));
  sheet.getRow(1).font = { bold: true };
  for (const values of rows) {
    sheet.addRow(values).eachCell((cell) => {
      if (cell.value instanceof Date) {
        cell.numFmt = cell.value.getTime() % MS_PER_DAY === 0 ? DATE_FORMAT : DATE_TIME_FORMAT;
      }
      if (typeof cell.value === 'string' && cell.value.includes('\n')) cell.alignment = { wrapText: true };
    });
  }
}

function inOrder<H extends string>(headers: readonly H[], row: Record<H, Cell>): Cell[] {
  return headers.map((header) => row[header]);
}

/** Adds the five sheets of the shop's workbook (no テンプレート: the defaults apply). */
export function addShopSheets(
  workbook: ExcelJS.Workbook,
  customers: readonly Customer[],
  log: readonly LogEntry[],
  today: Day,
): void {
  const customerRows = customers.map((c) => inOrder(CUSTOMER_HEADERS, customerRow(c)));
  const sortedLog = [...log].sort((a, b) => a.day - b.day || (a.minutes ?? 0) - (b.minutes ?? 0));
  const logRows = sortedLog.map((e) => inOrder(LOG_HEADERS, logRow(e)));
  const categoryRows = CATEGORY_ROWS.map((row) => [...row]);
  addSheet(workbook, '顧客', CUSTOMER_HEADERS, customerRows, CUSTOMER_WIDTHS);
  addSheet(workbook, '設定', ['項目', '値'], settingsRows(today), [16, 44]);
  addSheet(workbook, 'カテゴリ', CATEGORY_HEADERS, categoryRows, [12, 16, 14, 16, 6, 20]);
  addSheet(workbook, '空き枠', SLOT_HEADERS, slotRows(today), [17, 9, 22, 6, 8]);
  addSheet(workbook, '連絡履歴', LOG_HEADERS, logRows, LOG_WIDTHS);
}
