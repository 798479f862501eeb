import {
  describeClosedWeekdays,
  parseClosedWeekdays,
  parseYearlyEntry,
  type NthWeekday,
  type YearlyRange,
} from './closed-days';
import type { Day } from './day';
import { normalizeText, parseBool, parseCount, parseDayList, parseHour, parseYen } from './parse';
import type { Channel, Settings } from './types';

/** One row of 設定: 項目, its default as the owner would type it, and a short explanation for the sheet. */
export interface SettingSpec {
  item: string;
  defaultText: string;
  help: string;
  /** How the 設定 tab shows it: declared by its reader (see `reader`), never listed apart. */
  control: SettingControl;
}

/**
 * The control that fits a setting in the 設定 tab: a select offering exactly the values its reader accepts, a
 * number input with the reader's range, a checkbox for TRUE/FALSE, a day picker (毎週 ○曜 and 第n ○曜), an hour,
 * dates (text with a date to add), or text. The sidebar shows a value the control cannot represent as text, untouched until the owner changes it.
 */
export type SettingControl =
  | { kind: 'text' }
  | { kind: 'multiline' }
  | { kind: 'choice'; options: string[] }
  | { kind: 'number'; min: number; max: number; unit: string }
  | { kind: 'switch' }
  | { kind: 'days' }
  | { kind: 'time' }
  /** 休業日: text (dates and ranges, one a line), with a date to add. */
  | { kind: 'dates' };

/**
 * What a reader made of a value: read, unreadable (`partial` keeps what could be read of a list, `kept` says it as
 * the owner wrote it and `ignored` lists the parts left out; `message`, when set, says all of it to the owner in
 * the reader's own words), or blank (null).
 */
type Read = (
  raw: unknown,
  timeZone: string,
) =>
  | { ok: true; value: unknown }
  | {
      ok: false;
      partial?: unknown;
      kept?: string[];
      ignored?: string[];
      message?: string;
      /** Read in part, and what was left out is only the owner's note (in brackets): the 設定 tab may save it. */
      notesOnly?: boolean;
    }
  | null;

/** A reader with the control that fits it and, in its own words, what it accepts (said when a value is refused). */
type Reader = Read & { control: SettingControl; accepts: string };
function reader(read: Read, control: SettingControl, accepts = ''): Reader {
  return Object.assign((raw: unknown, timeZone: string) => read(raw, timeZone), { control, accepts });
}

const readText: Read = (raw) => {
  const value = multiline(raw);
  return value ? { ok: true, value } : null;
};
const text = reader(readText, { kind: 'text' });
const longText = reader(readText, { kind: 'multiline' });
/** A whole number from min to max (a unit or a note after it is read past: `120日`, `90 (目安)`). */
const count = (min: number, max: number, unit: string): Reader =>
  reader(
    (raw) => {
      const parsed = parseCount(raw);
      return parsed && parsed.ok && (parsed.value < min || parsed.value > max) ? { ok: false } : parsed;
    },
    { kind: 'number', min, max, unit },
    `${min}から${max}までの数字で入れてください`,
  );
/**
 * A daily limit: a whole number, with a unit or a note (`20通`, `20 (目安)`). A question mark (`20通まで?`) is a
 * value the owner is not sure of, and a number in words (`二十`, `たくさん`) is not read: the channel is held.
 */
const limit = (unit: string): Reader => {
  const whole = count(0, 10000, unit);
  return reader(
    (raw) => (typeof raw === 'string' && /[?？]/.test(raw) ? { ok: false } : whole(raw, '')),
    whole.control,
    '0から10000までの数字で入れてください（0にすると、その方法は使いません）',
  );
};
/** Yen from min to max: `30000`, `3万円`, `¥30,000`. */
const yen = (min: number, max: number): Reader =>
  reader(
    (raw) => {
      const parsed = parseYen(raw);
      return parsed && parsed.ok && (parsed.value < min || parsed.value > max) ? { ok: false } : parsed;
    },
    { kind: 'number', min, max, unit: '円' },
    `${min}から${max}までの金額（円）を数字で入れてください`,
  );
const bool = reader(
  (raw) => parseBool(raw),
  { kind: 'switch' },
  'TRUE（する）か FALSE（しない）で入れてください',
);
/** 休眠フォローの対象: `3年以内`, `18か月以内`, `3年`, or 全員 (null: no limit). */
const withinMonths = reader(
  (raw) => {
    const value = normalizeText(raw).normalize('NFKC').replace(/\s+/g, '');
    if (!value) return null;
    if (['全員', 'すべて', '全て', '全部'].includes(value)) return { ok: true, value: null };
    const match = /^(\d{1,3})(年|か月|ヶ月|カ月|ケ月|ヵ月|箇月)(以内)?$/.exec(value);
    if (!match || Number(match[1]) < 1) return { ok: false };
    return { ok: true, value: match[2] === '年' ? Number(match[1]) * 12 : Number(match[1]) };
  },
  { kind: 'text' },
  '「3年以内」「18か月以内」のように期間で書くか、「全員」と書いてください',
);
/** 定休日 as read: every week, 第n of the month, and whether 祝 was written (a matter for 祝日休業). */
interface ClosedWeekdays {
  weekdays: Set<number>;
  nth: NthWeekday[];
  holidays: boolean;
}
/**
 * 定休日 (followup-rules.md section 3): what was understood is kept (「毎週月曜・第3火曜」), and a value read only in
 * part says what it is taken as and exactly which terms are not applied — a note in brackets, 隔週 or 不定休, a word
 * not understood.
 */
const readWeekdays: Read = (raw) => {
  const read = parseClosedWeekdays(raw);
  if (!read) return null;
  const value: ClosedWeekdays = { weekdays: read.weekdays, nth: read.nth, holidays: read.holidays };
  if (read.notes.length + read.irregular.length + read.unknown.length === 0) return { ok: true, value };
  const understood = describeClosedWeekdays(read.weekdays, read.nth);
  const said = [
    understood
      ? `設定「定休日」は${understood}として扱います。`
      : '設定「定休日」は定休日なしとして扱います。',
  ];
  if (read.notes.length > 0)
    said.push(
      `${read.notes.join('')}は反映していません（その日を休みにするときは「休業日」に日付で入れてください）。`,
    );
  if (read.irregular.length > 0)
    said.push(
      `${quoted(read.irregular)}は日が決まらないため使いません（お休みの日を「休業日」に日付で入れてください）。`,
    );
  if (read.unknown.length > 0)
    said.push(`${quoted(read.unknown)}は読めないため使いません（書き方の例: 水曜、第2・第4火曜）。`);
  return {
    ok: false,
    partial: value,
    kept: understood ? [understood] : [],
    ignored: [...read.notes, ...read.irregular, ...read.unknown],
    message: said.join('').replace(/。$/, ''),
    ...(read.irregular.length + read.unknown.length === 0 ? { notesOnly: true } : {}),
  };
};
const weekdays = reader(
  readWeekdays,
  { kind: 'days' },
  '曜日で書いてください（例: 水曜、毎週水曜・日曜、第2・第4火曜）',
);
/** 休業日 as read: dates, and ranges that come back every year. */
interface ClosedDays {
  days: Day[];
  yearly: YearlyRange[];
}
const DAY_LIST_ENTRIES = /[,、;\n\r]+/;
/** A label in brackets after a 休業日 entry (「2026/12/29〜2027/1/3（年末年始）」, a weekday 「(火)」): read past. */
const ENTRY_LABEL = /[(【[［][^)】\]］]*[)】\]］]/g;
/**
 * 休業日: dates and ranges, and yearly ones with 毎年 (毎年12/29〜1/3), each with an optional label in brackets
 * (（年末年始）, read past). The entries understood are kept, as the owner wrote them, and the others named; a date without its year is not guessed (this year, or every year?): the
 * message says how to write either.
 */
const readDayList: Read = (raw, timeZone) => {
  const entries =
    typeof raw === 'string'
      ? raw
          .normalize('NFKC')
          .split(DAY_LIST_ENTRIES)
          .map((entry) => normalizeText(entry.replace(ENTRY_LABEL, ' ')))
          .filter(Boolean)
      : [];
  const yearly: YearlyRange[] = [];
  const badYearly: string[] = [];
  for (const entry of entries.filter((e) => e.startsWith('毎年'))) {
    const range = parseYearlyEntry(entry);
    if (range) yearly.push(range);
    else badYearly.push(entry);
  }
  const dated = entries.filter((e) => !e.startsWith('毎年'));
  const read =
    typeof raw === 'string'
      ? dated.length > 0
        ? parseDayList(dated.join('\n'), timeZone)
        : null
      : parseDayList(raw, timeZone);
  if (!read && yearly.length + badYearly.length === 0) return null;
  const days = read ? (read.ok ? read.value : read.partial) : [];
  const bad = [...(read && !read.ok ? read.bad : []), ...badYearly];
  const value: ClosedDays = { days, yearly };
  if (bad.length === 0) return { ok: true, value };
  const kept = entries.filter((e) => !bad.includes(e));
  // A month and day that would read with 毎年 (9/2, not 2/30) has only its year missing.
  const yearless = bad.filter((e) => !/\d{4}|毎年|令和|平成|[RH]\d/i.test(e) && parseYearlyEntry(`毎年${e}`));
  const hint =
    yearless.length > 0
      ? `（${quoted(yearless)}は年がありません。毎年休むなら「毎年${yearless[0]}」、その年だけなら年から書いてください）`
      : '';
  const written = normalizeText(raw);
  const message =
    kept.length > 0
      ? `設定「休業日」の値「${written}」のうち、${quoted(bad)}は読めないため使いません${hint}。読めた${quoted(kept)}だけを休業日として使います（書き直すと次の実行から使います）`
      : hint && `設定「休業日」の値「${written}」を読めないため、空欄として扱います${hint}`;
  return { ok: false, partial: value, kept, ignored: bad, ...(message ? { message } : {}) };
};
const dayList = reader(
  readDayList,
  { kind: 'dates' },
  '日付で書いてください（例: 2026/9/1、2026/12/29〜2027/1/3、毎年12/29〜1/3）',
);
/** An address the 特定電子メール法 footer can carry: something@domain.tld, nothing else (「info@」 is not one). */
const email = reader(
  (raw) => {
    const value = normalizeText(raw).normalize('NFKC').trim();
    if (!value) return null;
    return /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(value) ? { ok: true, value } : { ok: false };
  },
  { kind: 'text' },
  'メールアドレスを「info@example.jp」の形で入れてください',
);
/** One of fixed values, offered as a select: the reader reads (at least) each option as itself. */
const choice = (read: Read, options: string[]): Reader =>
  reader(
    read,
    { kind: 'choice', options },
    `${options.map((o) => `「${o}」`).join('・')}のどれかを選んでください`,
  );
/** ニュースレターの郵送: メールで届かない世帯のみ (「メールで届かない世帯」 too) or 全員 (「全世帯」「すべて」). */
const readNewsletterPost: Read = (raw) => {
  const value = normalizeText(raw).replace(/\s+/g, '');
  if (!value) return null;
  if (/^メールで届かない世帯(のみ|だけ)?$/.test(value))
    return { ok: true, value: 'メールで届かない世帯のみ' };
  return ['全員', '全世帯', 'すべて', '全て'].includes(value) ? { ok: true, value: '全員' } : { ok: false };
};
const newsletterPost = choice(readNewsletterPost, ['メールで届かない世帯のみ', '全員']);
const OWNER_NOTICE = ['メール', 'LINE', 'なし'];
const ownerNotice = choice((raw) => {
  const value = normalizeText(raw);
  if (!value) return null;
  return OWNER_NOTICE.includes(value) ? { ok: true, value } : { ok: false };
}, OWNER_NOTICE);

/** 半年後の特典の渡し方: 別送 (sent separately; the default) or 次回ご来店時 (handed over at the next visit). */
const readGiftHandover: Read = (raw) => {
  const value = normalizeText(raw).replace(/\s/g, '');
  if (!value) return null;
  if (/^(別送|郵送|送る|お送りする|発送)$/.test(value)) return { ok: true, value: '別送' };
  if (
    /^(次回)?(ご)?来店(時|の際|のとき)?(に)?(お渡し|渡す)?$|^次回ご来店時$|^店頭(で)?(お渡し)?$/.test(value)
  )
    return { ok: true, value: '次回ご来店時' };
  return { ok: false };
};
const giftHandover = choice(readGiftHandover, ['別送', '次回ご来店時']);
/**
 * 誕生日特典の期限 (S9): お誕生月の末日 (the default; 「誕生月末」「月末」 too) or a number of days from the birthday
 * (「30日」「お誕生日から30日間」).
 */
const readBirthdayGiftUntil: Read = (raw) => {
  const value = normalizeText(raw).replace(/\s/g, '');
  if (!value) return null;
  if (/^(お?誕生月の?)?(末日|月末|末)(まで)?$/.test(value)) return { ok: true, value: 'monthEnd' };
  const days = /^(?:お?誕生日(?:から|より))?(\d{1,3})日(?:間|後)?(?:まで)?$/.exec(value);
  const n = days ? Number(days[1]) : NaN;
  return n >= 1 && n <= 365 ? { ok: true, value: n } : { ok: false };
};
const birthdayGiftUntil = reader(
  readBirthdayGiftUntil,
  { kind: 'text' },
  '「お誕生月の末日」か、お誕生日からの日数（例: 30日）で入れてください',
);
/** 毎日の実行時刻: an hour 0–23 (`8`, `8時`, `午後3時`; a time cell too). */
const hour = reader(
  (raw, timeZone) => parseHour(raw, timeZone),
  { kind: 'time' },
  '0時から23時までの時刻で入れてください（例: 8、8時、午後3時）',
);

/** Settings fields plus the three that make up the shop calendar. */
type Key = Exclude<keyof Settings, 'calendar'> | 'closedWeekdays' | 'closedDays' | 'closedOnHolidays';
type Item = readonly [
  key: Key,
  item: string,
  defaultText: string,
  read: Reader,
  fallback: unknown,
  help: string,
];

const DEFAULT_USEFUL_INFO =
  '季節の変わり目は体調を崩しやすい時期です。ぬるめのお湯にゆっくりつかり、十分な睡眠をとって、どうぞお体を大切になさってください。';

// prettier-ignore
const ITEMS: readonly Item[] = [
  ['shopName', '店名', '', text, '', 'メッセージの差出人・署名に使います'],
  ['senderName', '差出人名', '', text, '', 'メールの差出人名・手紙の署名'],
  ['shopAddress', '店舗住所', '', text, '', 'メールの法定表示と手紙に使います'],
  ['shopPhone', '店舗電話', '', text, '', 'お問い合わせ先'],
  ['shopEmail', '店舗メール', '', email, '', 'お問い合わせ先・配信停止の連絡先'],
  ['signature', '署名', '', longText, '', 'メールの最後に入る署名（複数行可）'],
  ['closedWeekdays', '定休日', '', weekdays, { weekdays: new Set<number>(), nth: [], holidays: false }, '曜日。複数は「水,日」、月の何回目かは「第2・第4火曜」'],
  ['closedDays', '休業日', '', dayList, { days: [], yearly: [] }, '年末年始・お盆など。例: 2026/9/1、毎年12/29〜1/3'],
  ['closedOnHolidays', '祝日休業', 'TRUE', bool, true, '祝日をお休みにする'],
  ['dormantDays', '休眠日数', '90', count(1, 3650, '日'), 90, '最終来店からこの日数を過ぎると休眠客'],
  ['dormantFollowMonths', '休眠フォローの対象', '3年以内', withinMonths, 36, '休眠客フォローを送るお客様: 最終来店がこの期間内（「全員」で全員）'],
  ['regularVisits', '常連来店回数', '3', count(1, 1000, '回'), 3, 'この回数以上来店したお客様は常連'],
  ['highValueAmount', '高額購入金額', '30000', yen(1, 100000000), 30000, 'この金額以上は手書きのお礼状をおすすめ'],
  ['lineMonthlyTarget', 'LINE目安月回数', '1', count(0, 31, '回'), 1, 'お知らせ的なLINEは30日でこの回数まで'],
  ['lineMonthlyLimit', 'LINE上限月回数', '4', count(0, 31, '回'), 4, 'どんなLINEも30日でこの回数を超えません'],
  ['vacancyIntervalDays', '空き枠案内の間隔日数', '7', count(1, 365, '日'), 7, '空き枠のご案内はこの日数に1回まで'],
  ['vacancyMaxRecipients', '空き枠案内の最大人数', '3', count(1, 1000, '人'), 3, '1回のご案内で送る人数の上限'],
  ['newsletterDay', 'ニュースレター配信日', '', count(1, 28, '日'), undefined, '毎月この日に配信（空欄 = 配信しない）'],
  ['runHour', '毎日の実行時刻', '8', hour, 8, '自動実行で計画を作る時刻（0〜23時）'],
  ['dailyLetterLimit', '1日の手紙上限', '20', limit('通'), 20, '1日に用意する手紙の上限'],
  ['dailyPhoneLimit', '1日の電話上限', '10', limit('件'), 10, '1日の電話の上限'],
  ['dailyEmailLimit', '1日のメール上限', '50', limit('通'), 50, '1日に作るメール下書きの数と、サイドバーから送るメールの数の上限'],
  ['lineAutoSend', 'LINE自動送信', 'FALSE', bool, false, 'TRUEにすると承認なしでLINEを送ります'],
  ['complaintGift', '半年後の特典', '', text, '', 'クレーム後フォロー（6か月）でお贈りする、お店と関係のない品（割引券は不可）'],
  ['giftHandover', '半年後の特典の渡し方', '別送', giftHandover, '別送', '別送（お送りする）か 次回ご来店時（ご来店の際にお渡しする）'],
  ['thanksVoucher', '感謝の金券', '', text, '', 'クレーム後フォロー（1年後）のお礼の手紙に同封する、有効期限のない金券（空欄なら金券には触れません）'],
  ['usefulInfo', 'お役立ち情報', DEFAULT_USEFUL_INFO, longText, DEFAULT_USEFUL_INFO, '休眠客フォローでお伝えする、売り込みでないお役立ち情報'],
  ['newsletterBody', 'ニュースレター本文', '', longText, '', 'ニュースレターの本文（配信日に使います）'],
  ['newsletterPost', 'ニュースレターの郵送', 'メールで届かない世帯のみ', newsletterPost, 'メールで届かない世帯のみ', 'ニュースレターを手紙でも送る世帯: メールで届かない世帯のみ / 全員'],
  ['ownerNotice', 'オーナー通知', 'メール', ownerNotice, 'メール', '毎朝のお知らせ: メール / LINE / なし'],
  ['birthdayGift', '誕生日特典', '', text, '', 'お誕生日のお祝いでご案内する特典（空欄なら特典には触れません）'],
  ['birthdayGiftUntil', '誕生日特典の期限', 'お誕生月の末日', birthdayGiftUntil, 'monthEnd', '誕生日特典を使える期限: 「お誕生月の末日」か、お誕生日からの日数（例: 30日）'],
  ['bookingChangeContact', '予約変更の連絡先', '', text, '', 'ご予約前日のご案内に載せる、ご予約の変更・キャンセルの連絡先（電話番号やURL。空欄 = 店舗電話）'],
  ['newYearCards', '年賀状', 'FALSE', bool, false, 'TRUEにすると12月に年賀状（喪中のご家庭には1月に寒中見舞い）をはがきで用意します'],
  ['summerCards', '暑中見舞い', 'FALSE', bool, false, 'TRUEにすると7月に暑中見舞い（8月は残暑見舞い）をはがきで用意します'],
  ['greetingMonths', '挨拶状の対象', '2年以内', withinMonths, 24, '季節のご挨拶を送るご家庭: どなたかの最終来店がこの期間内（「全員」で全員）'],
];

export const SETTING_SPECS: readonly SettingSpec[] = ITEMS.map(([, item, defaultText, read, , help]) => ({
  item,
  defaultText,
  help,
  control: read.control,
}));

/** Whether a value may be saved for an item: its problem, when its reader cannot read it, in the reader's words. */
export type SettingCheck = { ok: true; note?: string } | { ok: false; reason: string };

/**
 * The check the 設定 tab makes before saving (in the sidebar as the owner types, and again on the server): blank
 * (the default) and whatever the item's reader reads pass; a 定休日 whose only unread part is a note in brackets
 * passes with the reader's note; anything else is refused with what the reader said, or what it accepts.
 */
export function checkSetting(item: string, raw: unknown, timeZone: string): SettingCheck {
  const spec = ITEMS.find(([, name]) => name === item);
  if (!spec) return { ok: false, reason: `「${item}」は、つなぐの設定の項目にありません。` };
  const read = spec[3];
  const parsed = read(raw, timeZone);
  if (!parsed || parsed.ok) return { ok: true };
  if (parsed.notesOnly) return { ok: true, ...(parsed.message ? { note: `${parsed.message}。` } : {}) };
  if (parsed.message) return { ok: false, reason: `${parsed.message}。` };
  return {
    ok: false,
    reason: `「${normalizeText(raw)}」は${item}として読めません。${read.accepts}。`,
  };
}

export interface SettingsResult {
  settings: Settings;
  /** Japanese messages for settings that fell back to their defaults. */
  problems: string[];
}

/** The daily limits: a limit that cannot be read holds its channel (contract section 2, 設定). */
const LIMITS: Partial<Record<Key, { channel: Channel; item: string }>> = {
  dailyLetterLimit: { channel: '手紙', item: '1日の手紙上限' },
  dailyPhoneLimit: { channel: '電話', item: '1日の電話上限' },
  dailyEmailLimit: { channel: 'メール', item: '1日のメール上限' },
};

const ITEM_NAMES: ReadonlySet<string> = new Set(ITEMS.map(([, item]) => item));
const ALL_NAMES: readonly string[] = [...ITEM_NAMES];

/**
 * Reads 設定 rows (項目, 値). A missing or unreadable value falls back to its default and is reported; a list read
 * in part keeps what was read and says what was ignored; an unreadable daily limit holds its channel; an item
 * written twice (the first row wins), with spaces inside its name, or misspelled is reported.
 */
export function readSettings(
  rows: ReadonlyArray<readonly [unknown, unknown]>,
  timeZone: string,
): SettingsResult {
  const problems: string[] = [];
  const cells = itemCells(rows, problems);
  const values = {} as Record<Key, unknown>;
  const heldChannels: Channel[] = [];
  for (const [key, item, defaultText, read, fallback] of ITEMS) {
    const cell = cells.get(item);
    const parsed = cell === undefined ? null : read(cell, timeZone);
    if (parsed && parsed.ok) {
      values[key] = parsed.value;
      continue;
    }
    // Lists that were partly readable keep what could be read (e.g. 休業日 with one bad entry).
    const kept = parsed?.kept ?? [];
    values[key] = parsed && kept.length > 0 ? parsed.partial : fallback;
    if (!parsed) continue;
    const written = normalizeText(cell);
    const held = LIMITS[key];
    if (parsed.message) {
      problems.push(parsed.message);
    } else if (held) {
      heldChannels.push(held.channel);
      problems.push(
        `設定「${item}」の値「${written}」を読めないため、${held.channel}の準備を止めています（既定の${defaultText}件には戻しません）。数字（例: ${defaultText}）で書き直すと次の実行で準備します。${held.channel}を使わないときは0にしてください`,
      );
    } else if (kept.length > 0) {
      problems.push(
        `設定「${item}」の値「${written}」のうち、${quoted(parsed.ignored ?? [])}は読めないため使いません。読めた${quoted(kept)}だけを${item}として使います（書き直すと次の実行から使います）`,
      );
    } else {
      const instead = defaultText ? `既定値「${defaultText}」` : '空欄';
      problems.push(`設定「${item}」の値「${written}」を読めないため、${instead}として扱います`);
    }
  }
  const { closedWeekdays, closedDays, closedOnHolidays, ...rest } = values;
  const weekly = closedWeekdays as ClosedWeekdays;
  const dated = closedDays as ClosedDays;
  if (weekly.holidays && closedOnHolidays === false)
    problems.push(
      '設定「定休日」に「祝」とありますが、「祝日休業」がFALSEのため、祝日は営業日として扱います（祝日をお休みにするときは「祝日休業」をTRUEにしてください）',
    );
  const settings = {
    ...rest,
    calendar: {
      closedWeekdays: weekly.weekdays,
      closedDays: new Set(dated.days),
      closedOnHolidays: closedOnHolidays as boolean,
      ...(weekly.nth.length > 0 ? { closedNthWeekdays: weekly.nth } : {}),
      ...(dated.yearly.length > 0 ? { closedYearly: dated.yearly } : {}),
    },
    ...(heldChannels.length > 0 ? { heldChannels } : {}),
  } as Settings;
  for (const [key, item, channel] of [
    ['dailyLetterLimit', '1日の手紙上限', '手紙'],
    ['dailyPhoneLimit', '1日の電話上限', '電話'],
    ['dailyEmailLimit', '1日のメール上限', 'メール'],
  ] as const)
    if (settings[key] === 0)
      problems.push(`設定「${item}」が0のため、${channel}は使いません（使うときは1以上にしてください）`);
  if (settings.lineMonthlyTarget > settings.lineMonthlyLimit) {
    problems.push('設定「LINE目安月回数」が「LINE上限月回数」より多いため、上限の回数を目安にします');
    settings.lineMonthlyTarget = settings.lineMonthlyLimit;
  }
  return { settings, problems };
}

/** 「a」「b」 */
function quoted(parts: readonly string[]): string {
  return parts.map((p) => `「${p}」`).join('');
}

/**
 * The 値 of each item, by its name. A name is read as written after removing a note in brackets or after ※ (as
 * headers are), and with the spaces inside it removed — said to the owner, since another reader may not. The first
 * of two rows of one item wins; an unknown item is reported, with the item it probably meant when one is near.
 */
function itemCells(
  rows: ReadonlyArray<readonly [unknown, unknown]>,
  problems: string[],
): Map<string, unknown> {
  const cells = new Map<string, unknown>();
  const seen = new Set<string>();
  for (const [label, value] of rows) {
    const written = normalizeText(label);
    if (!written) continue;
    const name = settingItemName(written);
    if (!ITEM_NAMES.has(name)) {
      if (seen.has(written)) continue;
      seen.add(written);
      const near = nearestItem(name);
      problems.push(
        near
          ? `設定の項目「${written}」は、つなぐの項目にありません。「${near}」のことでしたら、項目名を「${near}」に直してください（それまでこの行は使いません）`
          : `設定の項目「${written}」は、つなぐの項目にないため使いません（項目名を確かめてください。メモでしたら、そのままで構いません）`,
      );
      continue;
    }
    if (
      /\s/.test(
        written
          .replace(/[（(][^）)]*[）)]/g, '')
          .replace(/※.*$/, '')
          .trim(),
      )
    )
      problems.push(
        `設定の項目「${written}」は名前の中に空白があるため、「${name}」として読みました（空白を消してください）`,
      );
    if (cells.has(name)) {
      problems.push(
        `設定「${name}」が2行以上あります。上の行の値「${normalizeText(cells.get(name))}」を使い、下の行の値「${normalizeText(value)}」は使いません（使わない行を消してください）`,
      );
      continue;
    }
    cells.set(name, value);
  }
  return cells;
}

/**
 * A 設定 項目 as it is matched: the name as written without a note in brackets or after ※ (「1日の手紙上限（通）」 is
 * 1日の手紙上限) and without spaces. The one reading of an item's name, shared by the run (readSettings) and the
 * settings tab's save (app/settings-panel.ts), so both find the same row.
 */
export function settingItemName(label: unknown): string {
  return normalizeText(label)
    .replace(/[（(][^）)]*[）)]/g, '')
    .replace(/※.*$/, '')
    .replace(/\s+/g, '');
}

/** The item an unknown name probably meant: the nearest by edit distance, when near enough (or containing it). */
function nearestItem(name: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const item of ALL_NAMES) {
    const contains = Math.min(name.length, item.length) >= 2 && (name.includes(item) || item.includes(name));
    // Between two as near, the one that contains the other wins (休眠日 is 休眠日数 rather than 休業日).
    const d = editDistance(name, item) - (contains ? 0.5 : 0);
    const near = d <= Math.max(1, Math.ceil(item.length / 3)) || contains;
    if (near && d < bestDistance) {
      best = item;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance over UTF-16 code units (the item names are all in the BMP). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length];
}

function multiline(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  return String(raw)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .join('\n')
    .trim();
}
