/**
 * Writes the example booking export of ここち堂 that `npm run demo` imports before it plans the day (issue 17): the
 * visits and bookings of November as STORES予約's 予約一覧 — Shift_JIS (CP932) with CRLF, every cell quoted, dates
 * as 2026/11/20 13:05, amounts as ¥12,000 (0x5C in Shift_JIS, read back as \12,000), one row in full-width digits, a
 * cancelled row and a totals line at the end — about the customers of examples/sample-shop.xlsx (built from the same
 * seed and day).
 *
 *   npx tsx tools/make-export.ts [--out examples/stores-reserve-export.csv] [--today 2026-11-24] [--seed 42]
 *
 * Who is in it (the demo shows each one): regulars and dormant customers seen again after their 最終来店日 (matched by
 * phone; one comes back two days before --today, so S1 お伺い starts today from an imported visit), two new
 * customers (one first seen yesterday: S6 お礼 today), one person with a customer's name but another phone (an
 * uncertain match the owner must confirm), a cancelled booking, and bookings after --today (次回予約日; the first
 * the day after tomorrow, so S11 前日のご案内 is tomorrow).
 */
import iconv from 'iconv-lite';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { isoOf, pad2, parseIsoDay, weekdayOf, ymdOf, type Day } from './example/days';
import type { Customer } from './example/people';
import { Random } from './example/random';
import { ExampleBuilder } from './example/shop';
import { DEFAULT_OPTIONS, type ExampleOptions } from './make-example';

/** One row of a booking export: a visit that happened, a booking still ahead, or a cancelled one. */
export interface ExportRow {
  /** The booking's day and minutes after midnight. */
  day: Day;
  minutes: number;
  status: 'visited' | 'booked' | 'cancelled';
  bookingNo: string;
  memberNo: string;
  name: string;
  kana: string;
  phone: string;
  email: string;
  menu: string;
  amount: number;
  staff: string;
  /** A cancelled booking: when it was cancelled. */
  cancelledAt?: { day: Day; minutes: number };
  /** Write this row's digits (phone, member number) full-width, as a customer typed them into a web form. */
  fullWidth?: boolean;
}

/** How a vendor writes its export: the header and how each cell is written. */
export interface ExportLayout {
  /** Lines above the header row (a vendor's title and the period). */
  title: (rows: readonly ExportRow[]) => string[][];
  columns: readonly { header: string; cell: (row: ExportRow) => string }[];
  /** The totals line at the end (null: none). */
  totals: ((rows: readonly ExportRow[]) => string[]) | null;
  encoding: 'Shift_JIS' | 'UTF-8';
  delimiter: ',' | '\t';
  /** Quote every cell (many Japanese vendors do), not only those that need it. */
  quoteAll: boolean;
}

const FULL_WIDTH_DIGITS = '０１２３４５６７８９';
const toFullWidth = (text: string): string =>
  text.replace(/[0-9]/g, (d) => FULL_WIDTH_DIGITS[Number(d)]).replace(/-/g, '－');

/** 2026/11/20 13:05 */
export function slashDateTime(day: Day, minutes: number): string {
  const { y, m, d } = ymdOf(day);
  return `${y}/${pad2(m)}/${pad2(d)} ${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`;
}

/** ¥12,000 */
export const yen = (amount: number): string => `¥${String(amount).replace(/\B(?=(\d{3})+$)/g, ',')}`;

const STATUS_TEXT: Record<ExportRow['status'], string> = {
  visited: '確定',
  booked: '確定',
  cancelled: 'キャンセル',
};

/** The row's digits as the row writes them. */
const digits = (row: ExportRow, text: string): string => (row.fullWidth ? toFullWidth(text) : text);

/**
 * STORES予約's 予約一覧 (the preset 'stores-reserve' of src/core/import/layouts.ts: 予約番号 and 希望の予約日時, the items
 * its help page lists). Whether the vendor writes a title line above the header is not documented, so this one has
 * none; the totals line at the end is what a shop's own spreadsheet step adds before handing the file over.
 */
export const BOOKING_LIST: ExportLayout = {
  title: () => [],
  columns: [
    { header: '予約番号', cell: (r) => r.bookingNo },
    { header: '希望の予約日時', cell: (r) => slashDateTime(r.day, r.minutes) },
    { header: 'ステータス', cell: (r) => STATUS_TEXT[r.status] },
    { header: '会員番号', cell: (r) => digits(r, r.memberNo) },
    { header: '顧客名', cell: (r) => r.name },
    { header: '顧客名（カナ）', cell: (r) => r.kana },
    { header: '電話番号', cell: (r) => digits(r, r.phone) },
    { header: 'メールアドレス', cell: (r) => r.email },
    { header: 'メニュー', cell: (r) => r.menu },
    { header: '金額', cell: (r) => yen(r.amount) },
    { header: '担当スタッフ', cell: (r) => r.staff },
    {
      header: 'キャンセル日時',
      cell: (r) => (r.cancelledAt ? slashDateTime(r.cancelledAt.day, r.cancelledAt.minutes) : ''),
    },
  ],
  totals: (rows) => {
    const sum = rows.filter((r) => r.status === 'visited').reduce((a, r) => a + r.amount, 0);
    return ['合計', '', '', '', '', '', '', '', `${rows.length}件`, yen(sum), '', ''];
  },
  encoding: 'Shift_JIS',
  delimiter: ',',
  quoteAll: true,
};

/** The file's bytes: title lines, header, rows, totals; CRLF line ends; Shift_JIS as CP932 (what Windows writes). */
export function exportBytes(layout: ExportLayout, rows: readonly ExportRow[]): Buffer {
  const quote = (cell: string): string =>
    layout.quoteAll || /[",\t\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
  const records = [
    ...layout.title(rows),
    layout.columns.map((c) => c.header),
    ...rows.map((r) => layout.columns.map((c) => c.cell(r))),
    ...(layout.totals ? [layout.totals(rows)] : []),
  ];
  const text = records.map((cells) => cells.map(quote).join(layout.delimiter)).join('\r\n') + '\r\n';
  return layout.encoding === 'Shift_JIS' ? iconv.encode(text, 'cp932') : Buffer.from(text, 'utf8');
}

/** People the example export brings in who are not in 顧客. */
const NEW_PEOPLE = [
  { name: '宮本 彩花', kana: 'ミヤモト アヤカ', phone: '090-4821-7730', email: 'ayaka.miyamoto@example.jp' },
  { name: '内田 直樹', kana: 'ウチダ ナオキ', phone: '080-2290-6154', email: 'n.uchida@example.com' },
];
/** The uncertain one: a customer's name with a phone 顧客 does not know. */
const OTHER_PHONE = '070-3318-9046';

/** Who plays what in the example export (tests look for them in the output). */
export interface ExportCast {
  /** A dormant customer back two days before --today: S1 starts from the imported visit. */
  back: Customer;
  /** Customers whose visits the export lists (matched by phone). */
  seen: Customer[];
  /** People not in 顧客 (confirmed as new by the runner): the first seen the day before --today (S6). */
  newcomers: { name: string; phone: string }[];
  /** The customer whose name someone else in the file has (another phone): never merged without the owner. */
  namesake: Customer;
  /** A customer booked two days after --today (S11 前日のご案内 the day after --today). */
  booked: Customer;
}

/** The example shop's export: who came and who is booked, around --today (see the file comment). */
export function exampleExportRows(
  customers: readonly Customer[],
  today: Day,
  rng: Random,
): { rows: ExportRow[]; cast: ExportCast } {
  const open = (day: Day): Day => (weekdayOf(day) === 3 ? day - 1 : day); // 水曜定休
  const time = (): number => rng.int(10, 18) * 60 + rng.pick([0, 5, 15, 30, 35, 45]);
  const usable = (c: Customer): boolean =>
    !c.id.startsWith('例') &&
    !c.honorific &&
    !c.typed.phoneAsNumber &&
    !!c.phone &&
    /^0\d{1,3}-\d{2,4}-\d{4}$/.test(c.phone) &&
    c.lastVisit !== undefined &&
    (c.category === '整体' || c.category === 'マッサージ') &&
    customers.filter((o) => o.phone === c.phone).length === 1;
  const regulars = customers.filter((c) => c.story.startsWith('常連（最近来店') && usable(c));
  const dormant = customers.filter((c) => c.story.startsWith('休眠（S4') && usable(c) && !c.optOut);
  const memberNo = (id: string): string => String(100000 + Number(id.replace(/\D/g, '')));
  const rows: ExportRow[] = [];
  const row = (
    c: Customer | (typeof NEW_PEOPLE)[number],
    at: Day,
    status: ExportRow['status'],
    extra: Partial<ExportRow> = {},
  ) => {
    const known = 'id' in c ? c : undefined;
    rows.push({
      day: open(at),
      minutes: time(),
      status,
      bookingNo: '',
      memberNo: known
        ? memberNo(known.id)
        : String(200000 + NEW_PEOPLE.indexOf(c as (typeof NEW_PEOPLE)[number]) + 1),
      name: c.name,
      kana: c.kana,
      phone: c.phone ?? '',
      email: c.email ?? '',
      menu: known?.product ?? '骨盤調整60分',
      amount: known?.amount ?? 6600,
      staff: known?.staff ?? '山本',
      ...extra,
    });
  };
  // Regulars seen again in November, after the 最終来店日 the owner typed (some twice).
  for (const [i, c] of regulars.slice(0, 8).entries()) {
    const first = Math.max(c.lastVisit! + 7, today - 23);
    if (first < today - 2) row(c, first + (i % 4), 'visited', { fullWidth: i === 3 });
    if (i % 3 === 0 && first + 10 < today - 2) row(c, first + 10, 'visited');
  }
  // Dormant customers who came back: the first two days before --today (S1 お伺い starts today).
  const [back, ...others] = dormant;
  row(back, today - 2, 'visited');
  for (const c of others.slice(0, 3)) row(c, today - rng.int(5, 15), 'visited');
  // New customers: one first seen yesterday (S6 お礼 today), one a week ago.
  row(NEW_PEOPLE[0], today - 1, 'visited', { menu: '産後骨盤ケア60分', amount: 7700 });
  row(NEW_PEOPLE[1], today - 7, 'visited', { menu: '全身もみほぐし60分', amount: 5500 });
  // Someone with a dormant customer's name and another phone: the owner decides.
  const namesake = others.slice(5).find((c) => customers.filter((o) => o.name === c.name).length === 1)!;
  row(namesake, today - 4, 'visited', { phone: OTHER_PHONE, email: '', memberNo: '200003' });
  // A booking cancelled, and bookings ahead (the first the day after tomorrow, as 水曜 is closed).
  row(regulars[1], today - 6, 'cancelled', { cancelledAt: { day: today - 8, minutes: 21 * 60 + 12 } });
  row(regulars[0], today + 2, 'booked');
  row(regulars[2], today + 9, 'booked');
  row(NEW_PEOPLE[0], today + 20, 'booked', { menu: '産後骨盤ケア60分', amount: 7700 });
  rows.sort((a, b) => a.day - b.day || a.minutes - b.minutes);
  rows.forEach((r, i) => (r.bookingNo = `R${isoOf(r.day).replace(/-/g, '').slice(2)}-${pad2(i + 1)}`));
  const seen = customers.filter((c) => rows.some((r) => r.status === 'visited' && r.phone === c.phone));
  return { rows, cast: { back, seen, newcomers: NEW_PEOPLE, namesake, booked: regulars[0] } };
}

export const DEFAULT_EXPORT_OUT = 'examples/stores-reserve-export.csv';

/** The example export for the example workbook built with `options` (same seed and day as tools/make-example.ts). */
export function buildExampleExport(options: ExampleOptions = DEFAULT_OPTIONS): {
  bytes: Buffer;
  rows: ExportRow[];
  cast: ExportCast;
} {
  const today = parseIsoDay(options.today);
  const builder = new ExampleBuilder(new Random(options.seed), today);
  builder.build();
  const { rows, cast } = exampleExportRows(builder.customers, today, new Random(options.seed + 1));
  return { bytes: exportBytes(BOOKING_LIST, rows), rows, cast };
}

export function writeExampleExport(path: string, options: ExampleOptions = DEFAULT_OPTIONS): number {
  const { bytes } = buildExampleExport(options);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  return bytes.length;
}

if (/^make-export\.[cm]?[jt]s$/.test(basename(process.argv[1] ?? ''))) {
  const argv = process.argv.slice(2);
  const value = (flag: string): string | undefined => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const options = {
    today: value('--today') ?? DEFAULT_OPTIONS.today,
    seed: Number(value('--seed') ?? DEFAULT_OPTIONS.seed),
  };
  const out = value('--out') ?? DEFAULT_EXPORT_OUT;
  const size = writeExampleExport(out, options);
  console.log(`${out}（today ${options.today}, seed ${options.seed}、${size} バイト）`);
}
