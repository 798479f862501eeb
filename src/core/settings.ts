import type { Day } from './day';
import {
  normalizeText,
  parseBool,
  parseCount,
  parseDayList,
  parseHour,
  parseWeekdays,
  parseYen,
} from './parse';
import type { Settings } from './types';

/** One row of 設定: 項目, its default as the owner would type it, and a short explanation for the sheet. */
export interface SettingSpec {
  item: string;
  defaultText: string;
  help: string;
}

type Read = (raw: unknown, timeZone: string) => { ok: true; value: unknown } | { ok: false } | null;

const text: Read = (raw) => {
  const value = multiline(raw);
  return value ? { ok: true, value } : null;
};
const count =
  (min: number, max: number): Read =>
  (raw) => {
    const parsed = parseCount(raw);
    return parsed && parsed.ok && (parsed.value < min || parsed.value > max) ? { ok: false } : parsed;
  };
const bool: Read = (raw) => parseBool(raw);
/** An address the 特定電子メール法 footer can carry: something@domain.tld, nothing else (「info@」 is not one). */
const email: Read = (raw) => {
  const value = normalizeText(raw).normalize('NFKC').trim();
  if (!value) return null;
  return /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/.test(value) ? { ok: true, value } : { ok: false };
};
const ownerNotice: Read = (raw) => {
  const value = normalizeText(raw);
  if (!value) return null;
  return ['メール', 'LINE', 'なし'].includes(value) ? { ok: true, value } : { ok: false };
};

/** Settings fields plus the three that make up the shop calendar. */
type Key = Exclude<keyof Settings, 'calendar'> | 'closedWeekdays' | 'closedDays' | 'closedOnHolidays';
type Item = readonly [
  key: Key,
  item: string,
  defaultText: string,
  read: Read,
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
  ['signature', '署名', '', text, '', 'メールの最後に入る署名（複数行可）'],
  ['closedWeekdays', '定休日', '', (raw) => parseWeekdays(raw), new Set<number>(), '曜日。複数は「水,日」'],
  ['closedDays', '休業日', '', (raw, tz) => parseDayList(raw, tz), [], '年末年始・お盆など。例: 2026/12/29〜2027/1/3'],
  ['closedOnHolidays', '祝日休業', 'TRUE', bool, true, '祝日をお休みにする'],
  ['dormantDays', '休眠日数', '90', count(1, 3650), 90, '最終来店からこの日数を過ぎると休眠客'],
  ['regularVisits', '常連来店回数', '3', count(1, 1000), 3, 'この回数以上来店したお客様は常連'],
  ['highValueAmount', '高額購入金額', '30000', (raw) => parseYen(raw), 30000, 'この金額以上は手書きのお礼状をおすすめ'],
  ['lineMonthlyTarget', 'LINE目安月回数', '1', count(0, 31), 1, 'お知らせ的なLINEは30日でこの回数まで'],
  ['lineMonthlyLimit', 'LINE上限月回数', '4', count(0, 31), 4, 'どんなLINEも30日でこの回数を超えません'],
  ['vacancyIntervalDays', '空き枠案内の間隔日数', '7', count(1, 365), 7, '空き枠のご案内はこの日数に1回まで'],
  ['vacancyMaxRecipients', '空き枠案内の最大人数', '10', count(1, 1000), 10, '1回のご案内で送る人数の上限'],
  ['newsletterDay', 'ニュースレター配信日', '', count(1, 28), undefined, '毎月この日に配信（空欄 = 配信しない）'],
  ['runHour', '毎日の実行時刻', '8', (raw, tz) => parseHour(raw, tz), 8, '自動実行で計画を作る時刻（0〜23時）'],
  ['dailyLetterLimit', '1日の手紙上限', '20', count(0, 10000), 20, '1日に用意する手紙の上限'],
  ['dailyPhoneLimit', '1日の電話上限', '10', count(0, 10000), 10, '1日の電話の上限'],
  ['dailyEmailLimit', '1日のメール上限', '50', count(0, 10000), 50, '1日に作るメール下書きの上限'],
  ['lineAutoSend', 'LINE自動送信', 'FALSE', bool, false, 'TRUEにすると承認なしでLINEを送ります'],
  ['complaintGift', '半年後の特典', '', text, '', 'クレーム後フォロー（6か月）でお贈りする、お店と関係のない品（割引券は不可）'],
  ['usefulInfo', 'お役立ち情報', DEFAULT_USEFUL_INFO, text, DEFAULT_USEFUL_INFO, '休眠客フォローでお伝えする、売り込みでないお役立ち情報'],
  ['newsletterBody', 'ニュースレター本文', '', text, '', 'ニュースレターの本文（配信日に使います）'],
  ['ownerNotice', 'オーナー通知', 'メール', ownerNotice, 'メール', '毎朝のお知らせ: メール / LINE / なし'],
];

export const SETTING_SPECS: readonly SettingSpec[] = ITEMS.map(([, item, defaultText, , , help]) => ({
  item,
  defaultText,
  help,
}));

export interface SettingsResult {
  settings: Settings;
  /** Japanese messages for settings that fell back to their defaults. */
  problems: string[];
}

/** Reads 設定 rows (項目, 値). A missing or unreadable value falls back to its default and is reported. */
export function readSettings(
  rows: ReadonlyArray<readonly [unknown, unknown]>,
  timeZone: string,
): SettingsResult {
  const cells = new Map<string, unknown>();
  for (const [label, value] of rows) {
    const name = normalizeText(label);
    if (name) cells.set(name, value);
  }
  const values = {} as Record<Key, unknown>;
  const problems: string[] = [];
  for (const [key, item, defaultText, read, fallback] of ITEMS) {
    const cell = cells.get(item);
    const parsed = cell === undefined ? null : read(cell, timeZone);
    if (parsed && parsed.ok) {
      values[key] = parsed.value;
      continue;
    }
    // Lists that were partly readable keep what could be read (e.g. 休業日 with one bad entry).
    values[key] = parsed && 'partial' in parsed ? parsed.partial : fallback;
    if (parsed) {
      const instead = defaultText ? `既定値「${defaultText}」` : '空欄';
      problems.push(`設定「${item}」の値「${normalizeText(cell)}」を読めないため、${instead}として扱います`);
    }
  }
  const { closedWeekdays, closedDays, closedOnHolidays, ...rest } = values;
  const settings = {
    ...rest,
    calendar: {
      closedWeekdays: closedWeekdays as Set<number>,
      closedDays: new Set(closedDays as Day[]),
      closedOnHolidays: closedOnHolidays as boolean,
    },
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

function multiline(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  return String(raw)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .join('\n')
    .trim();
}
