import { customersById } from './consent';
import { CHANNELS, CUSTOMER_COLUMNS, type Channel, type CustomerField } from '../labels';
import {
  isDateValue,
  normalizeText,
  textAsWritten,
  parseBool,
  parseChannelList,
  parseCount,
  parseDay,
  parseMonthDay,
  parseEmail,
  parseLineUserId,
  parsePhone,
  parsePostalCode,
  parseYen,
  shorten,
  JAPANESE_ERAS,
} from './parse';
import { dayFromYmd, slashDay, ymdOf, type Day } from './day';
import { readMoment, type Moment } from './slots';
import type { Customer } from './types';
import { householdKey } from './household';

/** One 顧客 row as raw cell values, by field (absent columns are simply missing). */
export type RawCustomerRow = Partial<Record<CustomerField, unknown>>;

type Parsed<T> = { ok: true; value: T } | { ok: false } | null;

/** A 顧客 row with no 顧客ID and no 氏名 is empty and ignored. */
export function isEmptyCustomerRow(row: RawCustomerRow): boolean {
  return !normalizeText(row.id) && !normalizeText(row.name);
}

/**
 * Parses 顧客 rows as owners really type them. Every problem goes to the row's 要確認 naming the column; the
 * value is left out so only the rules that need it are skipped. Duplicated 顧客ID block both rows.
 */
interface ReadOptions {
  timeZone: string;
  regularVisits: number;
  /** Visit dates after today are typos: reported, and left out of the plan. */
  today?: Day;
}

/** The earliest date Tsunagu believes a customer visited on: anything before is a typo or a bad import. */
const EARLIEST = dayFromYmd(1900, 1, 1);

/** The texts Sheets shows in a cell whose formula failed. */
const SHEET_ERROR = /^#(REF!|N\/A|VALUE!|NAME\?|DIV\/0!|NUM!|NULL!|ERROR!|SPILL!|CALC!)$/;

export function readCustomers(rows: readonly RawCustomerRow[], options: ReadOptions): Customer[] {
  const customers: Customer[] = [];
  rows.forEach((row, index) => {
    if (!isEmptyCustomerRow(row)) customers.push(readCustomer(row, index, options));
  });
  markDuplicateIds(customers);
  return customers;
}

function readCustomer(
  raw: RawCustomerRow,
  index: number,
  { timeZone, regularVisits, today }: ReadOptions,
): Customer {
  const problems: string[] = [];
  // A formula error is no value: said once, naming the column, and read as blank.
  const row: RawCustomerRow = {};
  for (const [name, value] of Object.entries(raw) as [CustomerField, unknown][]) {
    const text = normalizeText(value);
    if (SHEET_ERROR.test(text))
      problems.push(
        `${CUSTOMER_COLUMNS[name].header}が数式のエラー（${text}）です。数式か値を直してください`,
      );
    else row[name] = value;
  }
  const field = <T>(name: CustomerField, parsed: Parsed<T>, what: string): T | undefined => {
    if (parsed === null) return undefined;
    if (parsed.ok) return parsed.value;
    problems.push(
      `${CUSTOMER_COLUMNS[name].header}「${shorten(normalizeText(row[name]))}」を${what}として読めません。${HOW_TO_WRITE[what] ?? '直してください'}`,
    );
    return undefined;
  };
  const date = (name: CustomerField) => {
    const day = field(name, parseDay(row[name], timeZone), '日付');
    const label = `${CUSTOMER_COLUMNS[name].header}「${shorten(normalizeText(row[name]))}」`;
    if (day !== undefined && day < EARLIEST) {
      problems.push(`${label}が古すぎます（1900年より前）。入力の誤りでないか確かめてください`);
      return undefined;
    }
    if (day !== undefined && today !== undefined && day > today && VISIT_DATES.includes(name)) {
      problems.push(`${label}が未来の日付です。入力の誤りでないか確かめてください`);
      return undefined;
    }
    return day;
  };
  const flag = (name: CustomerField) => field(name, parseBool(row[name]), 'TRUE/FALSE') ?? false;

  const id = normalizeText(row.id);
  // 「山田 花子様」, 「株式会社ここち 御中」: the honorific typed into 氏名 is read as 敬称, so no one is 「様様」.
  const { name, honorific: typedHonorific } = splitHonorific(textAsWritten(row.name));
  if (!id) problems.push('顧客IDが空です');
  if (!name) problems.push('氏名が空です');
  const visits = field('visits', parseCount(row.visits), '回数');
  const { optOut, unreadable: optOutUnreadable } = readOptOut(row.optOut, problems);
  const satisfactionText = normalizeText(row.satisfaction);
  let satisfaction: Customer['satisfaction'];
  if (satisfactionText === '満足' || satisfactionText === '不満') satisfaction = satisfactionText;
  else if (satisfactionText)
    problems.push(`満足度「${shorten(satisfactionText)}」は「満足」か「不満」で入力してください`);

  const postalCode = field('postalCode', parsePostalCode(row.postalCode), '郵便番号');
  const address = textAsWritten(row.address) || undefined;
  const customer: Customer = {
    index,
    id,
    name,
    honorific: normalizeText(row.honorific) || typedHonorific || '様',
    email: field('email', parseEmail(row.email), 'メールアドレス'),
    phone: field('phone', parsePhone(row.phone), '電話番号'),
    lineUserId: field('lineUserId', parseLineUserId(row.lineUserId), 'LINEユーザーID（Uで始まる33文字）'),
    postalCode,
    address,
    household: householdKey(postalCode, address),
    firstVisit: date('firstVisit'),
    lastVisit: date('lastVisit'),
    visits,
    category: normalizeText(row.category) || undefined,
    product: textAsWritten(row.product),
    amount: field('amount', parseYen(row.amount), '金額'),
    satisfaction,
    cancelDate: date('cancelDate'),
    complaintDate: date('complaintDate'),
    nextBooking: booking(row.nextBooking, timeZone, today, problems),
    improvement: textAsWritten(row.improvement),
    phoneAllowed: flag('phoneAllowed'),
    regular: false,
    emailConsent: flag('emailConsent'),
    optOut,
    optOutUnreadable: optOutUnreadable || undefined,
    problems,
    blocked: !id || !name,
    kana: normalizeText(row.kana) || undefined,
    birthday: field('birthday', parseMonthDay(row.birthday, timeZone), '月日'),
    mourning: readMourning(row.mourning, timeZone, today, problems),
    // Set later by whoever finds them (line-links.ts, import/facts.ts), if at all: present from the start, so that
    // every customer is one shape and the planner's reads of them stay fast (100,000 customers).
    notes: undefined,
    lineConflict: undefined,
    factSources: undefined,
  };
  const { mourning } = customer;
  if (mourning !== undefined) {
    // TRUE is for the months a 喪中はがき tells of (from November); by February the owner knows the year.
    if (mourning === 'now' && today !== undefined && ymdOf(today).month >= 2 && ymdOf(today).month <= 10)
      (customer.notes ??= []).push(
        '喪中がTRUEのままです。喪中の年（例: 2026、令和8年）を書くか、喪が明けていれば空欄にしてください',
      );
  }
  customer.regular = flag('regular') || (visits !== undefined && visits >= regularVisits);
  if (
    customer.firstVisit !== undefined &&
    customer.lastVisit !== undefined &&
    customer.firstVisit > customer.lastVisit
  ) {
    problems.push('初回来店日が最終来店日より後になっています');
  }
  const { nextBooking, lastVisit } = customer;
  if (
    nextBooking !== undefined &&
    today !== undefined &&
    nextBooking.day < today &&
    (lastVisit === undefined || nextBooking.day > lastVisit)
  )
    (customer.notes ??= []).push(
      `次回予約日 ${slashDay(nextBooking.day)}が過ぎていますが、最終来店日${lastVisit === undefined ? 'がありません' : `（${slashDay(lastVisit)}）より後です`}。ご来店があれば最終来店日を、なければ次回予約日を直してください`,
    );
  return customer;
}

/** 12/5 14:00, 12月5日（土）14時: a date without its year. */
const MONTH_DAY = /^(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?\s*(?:[(（][^)）]*[)）])?\s*(.*)$/;

/**
 * 次回予約日: a date-time cell or text (2026/12/5 14:00); a date typed without its year (12/5 14:00) is the next
 * such date from today. A bare date is a booking at midnight, so it counts as in the future all of its day.
 */
function booking(
  raw: unknown,
  timeZone: string,
  today: Day | undefined,
  problems: string[],
): Moment | undefined {
  const text = normalizeText(raw);
  if (!text && !isDateValue(raw)) return undefined;
  const read = readMoment(raw, timeZone) ?? yearless(text, today);
  if (read) return read;
  problems.push(`次回予約日「${shorten(text)}」を日時として読めません（例: 2026/12/5 14:00）`);
  return undefined;
}

function yearless(text: string, today: Day | undefined): Moment | null {
  const match = MONTH_DAY.exec(text.normalize('NFKC'));
  if (!match || today === undefined) return null;
  const month = Number(match[1]);
  const date = Number(match[2]);
  if (month < 1 || month > 12 || date < 1 || date > 31) return null;
  const { year } = ymdOf(today);
  const thisYear = dayFromYmd(year, month, date);
  if (ymdOf(thisYear).date !== date) return null;
  const day = thisYear >= today ? thisYear : dayFromYmd(year + 1, month, date);
  const rest = match[3] ? readMoment(`2000/1/1 ${match[3]}`, 'UTC') : { day, minutes: 0 };
  return rest ? { day, minutes: rest.minutes } : null;
}

/** Dates of things that already happened; キャンセル日 and クレーム対応日 may be entered ahead. */
const VISIT_DATES: readonly CustomerField[] = ['firstVisit', 'lastVisit'];

function readOptOut(
  raw: unknown,
  problems: string[],
): { optOut: ReadonlySet<Channel>; unreadable?: Customer['optOutUnreadable'] } {
  const parsed = parseChannelList(raw);
  if (parsed === null) return { optOut: new Set() };
  if (parsed.ok) return { optOut: parsed.value };
  // 配信停止 is absolute: until the owner fixes a word we cannot read, no channel is used.
  problems.push(
    `配信停止「${parsed.unknown.join('、')}」が分かりません。直すまで、このお客様にはどの方法でも連絡しません（メール, LINE, 郵送, 電話, すべて から選んでください）`,
  );
  return {
    optOut: new Set<Channel>(CHANNELS),
    unreadable: { words: parsed.unknown.join('、'), optOutRead: parsed.partial },
  };
}

function markDuplicateIds(customers: Customer[]): void {
  for (const [id, same] of customersById(customers)) {
    if (same.length < 2) continue;
    for (const c of same) {
      c.blocked = true;
      c.problems.push(`顧客ID「${id}」が${same.length}行あります（重複を直すまでどちらにも連絡しません）`);
    }
  }
}

/** 氏名 with an honorific at its end (様, さま, 御中) split from it; the name alone is never emptied. */
export function splitHonorific(text: string): { name: string; honorific: string } {
  // Not 殿: a shop's name may end with it (「ラーメン御殿」).
  const match = /^(.*\S)\s*(様|さま|御中)$/u.exec(text);
  if (!match) return { name: text, honorific: '' };
  return { name: match[1], honorific: match[2] === '御中' ? '御中' : '様' };
}

/** What a 要確認 about an unreadable cell asks the owner to do, by what the cell should hold. */
const HOW_TO_WRITE: Readonly<Record<string, string>> = {
  日付: '正しい日付（2026/11/24 のように）に直してください',
  月日: '「5月3日」「5/3」か「1980/5/3」「昭和55年5月3日」のように直してください',
  'TRUE/FALSE': 'TRUE か FALSE（チェックボックス）に直してください',
  回数: '数字だけ（5 のように）に直してください',
  金額: '数字だけ（5500 のように）に直してください',
};

/** The year of an era year: 令和8 → 2026. */
function eraYear(era: string, n: number): number | undefined {
  const found = JAPANESE_ERAS.find((e) => e.name === era || e.letter === era.toUpperCase());
  return found ? ymdOf(found.start).year + n - 1 : undefined;
}

/**
 * 喪中 (contract section 2): the year of the bereavement as on a 喪中はがき (2026, 2026年, 令和8年, R8; a date is read as
 * its year), TRUE (in mourning now) or blank/FALSE. Anything else is reported and read as 'unread': no 年賀状 then.
 * A year after this one (a typo) is reported too.
 */
function readMourning(
  value: unknown,
  timeZone: string,
  today: Day | undefined,
  problems: string[],
): Customer['mourning'] {
  // A note the owner added in brackets (「令和8年（父）」) is not part of the year.
  const text = normalizeText(value)
    .normalize('NFKC')
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/\s+/g, '');
  // 「済」 could be 「喪中はがき受取済」 or 「喪が明けた」: asked, never guessed (no 年賀状 until it is clear).
  if (/^(済|済み|完了|受取済み?|受け取り済み?)$/.test(text)) {
    problems.push(
      `喪中「${shorten(text)}」がどちらの意味か分かりません。喪中の年（例: 2026、令和8年）を入れるか、喪が明けていれば空欄にしてください。それまで年賀状はお送りしません`,
    );
    return 'unread';
  }
  if (/^(喪中|あり|有り?)$/.test(text)) return 'now';
  const bool = parseBool(value);
  if (bool === null) return undefined;
  if (bool.ok) return bool.value ? 'now' : undefined;
  let year: number | undefined;
  const western = /^(\d{4})年?$/.exec(text) ?? /^(\d{4})[年/.-]\d{1,2}月?$/.exec(text);
  // 令和8年, R8, 令和8年11月, R8.11, R8/11
  const era = /^(令和|平成|[RH])(元|\d{1,2})(?:年|[/.-])?(?:\d{1,2}月?)?$/i.exec(text);
  if (western) year = Number(western[1]);
  else if (era) year = eraYear(era[1], era[2] === '元' ? 1 : Number(era[2]));
  else {
    const day = parseDay(value, timeZone);
    if (day?.ok) year = ymdOf(day.value).year;
  }
  const thisYear = today === undefined ? undefined : ymdOf(today).year;
  if (year === undefined || year < 1900 || (thisYear !== undefined && year > thisYear)) {
    problems.push(
      `喪中「${shorten(text)}」を読めません。喪中の年（例: 2026、令和8年）か、喪中であればTRUEと入れてください。読めるまで年賀状はお送りしません`,
    );
    return 'unread';
  }
  return year;
}
