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

type Reader = (raw: unknown, timeZone: string) => { ok: true; value: unknown } | { ok: false } | null;

const text: Reader = (raw) => {
  const value = normalizeMultiline(raw);
  return value ? { ok: true, value } : null;
};
const count =
  (min: number, max: number): Reader =>
  (raw) => {
    const parsed = parseCount(raw);
    if (parsed && parsed.ok && (parsed.value < min || parsed.value > max)) return { ok: false };
    return parsed;
  };
const oneOf =
  (...choices: string[]): Reader =>
  (raw) => {
    const value = normalizeText(raw);
    if (!value) return null;
    return choices.includes(value) ? { ok: true, value } : { ok: false };
  };

interface Item<K extends keyof Settings | 'closedWeekdays' | 'closedDays' | 'closedOnHolidays'> {
  key: K;
  spec: SettingSpec;
  read: Reader;
  fallback: unknown;
}

const item = <K extends keyof Settings | 'closedWeekdays' | 'closedDays' | 'closedOnHolidays'>(
  key: K,
  label: string,
  defaultText: string,
  read: Reader,
  fallback: unknown,
  help: string,
): Item<K> => ({ key, spec: { item: label, defaultText, help }, read, fallback });

const ITEMS = [
  item('shopName', '店名', '', text, '', 'メッセージの差出人・署名に使います'),
  item('senderName', '差出人名', '', text, '', 'メールの差出人名・手紙の署名'),
  item('shopAddress', '店舗住所', '', text, '', 'メールの法定表示と手紙に使います'),
  item('shopPhone', '店舗電話', '', text, '', 'お問い合わせ先'),
  item('shopEmail', '店舗メール', '', text, '', 'お問い合わせ先・配信停止の連絡先'),
  item('signature', '署名', '', text, '', 'メールの最後に入る署名（複数行可）'),
  item(
    'closedWeekdays',
    '定休日',
    '',
    (raw) => parseWeekdays(raw),
    new Set<number>(),
    '曜日。複数は「水,日」',
  ),
  item(
    'closedDays',
    '休業日',
    '',
    (raw, tz) => parseDayList(raw, tz),
    [],
    '年末年始・お盆など。例: 2026/12/29〜2027/1/3',
  ),
  item('closedOnHolidays', '祝日休業', 'TRUE', (raw) => parseBool(raw), true, '祝日をお休みにする'),
  item('dormantDays', '休眠日数', '90', count(1, 3650), 90, '最終来店からこの日数を過ぎると休眠客'),
  item('regularVisits', '常連来店回数', '3', count(1, 1000), 3, 'この回数以上来店したお客様は常連'),
  item(
    'highValueAmount',
    '高額購入金額',
    '30000',
    (raw) => parseYen(raw),
    30000,
    'この金額以上は手書きのお礼状をおすすめ',
  ),
  item('lineMonthlyTarget', 'LINE目安月回数', '1', count(0, 31), 1, 'お知らせ的なLINEは30日でこの回数まで'),
  item('lineMonthlyLimit', 'LINE上限月回数', '4', count(0, 31), 4, 'どんなLINEも30日でこの回数を超えません'),
  item(
    'vacancyIntervalDays',
    '空き枠案内の間隔日数',
    '7',
    count(1, 365),
    7,
    '空き枠のご案内はこの日数に1回まで',
  ),
  item(
    'vacancyMaxRecipients',
    '空き枠案内の最大人数',
    '10',
    count(1, 1000),
    10,
    '1回のご案内で送る人数の上限',
  ),
  item(
    'newsletterDay',
    'ニュースレター配信日',
    '',
    count(1, 28),
    undefined,
    '毎月この日に配信（空欄 = 配信しない）',
  ),
  item(
    'runHour',
    '毎日の実行時刻',
    '8',
    (raw, tz) => parseHour(raw, tz),
    8,
    '自動実行で計画を作る時刻（0〜23時）',
  ),
  item('dailyLetterLimit', '1日の手紙上限', '20', count(0, 10000), 20, '1日に用意する手紙の上限'),
  item('dailyPhoneLimit', '1日の電話上限', '10', count(0, 10000), 10, '1日の電話の上限'),
  item('dailyEmailLimit', '1日のメール上限', '50', count(0, 10000), 50, '1日に作るメール下書きの上限'),
  item(
    'lineAutoSend',
    'LINE自動送信',
    'FALSE',
    (raw) => parseBool(raw),
    false,
    'TRUEにすると承認なしでLINEを送ります',
  ),
  item(
    'ownerNotice',
    'オーナー通知',
    'メール',
    oneOf('メール', 'LINE', 'なし'),
    'メール',
    '毎朝のお知らせ: メール / LINE / なし',
  ),
] as const;

export const SETTING_SPECS: readonly SettingSpec[] = ITEMS.map((i) => i.spec);

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
  const raw = new Map<string, unknown>();
  for (const [label, value] of rows) {
    const name = normalizeText(label);
    if (name) raw.set(name, value);
  }
  const values: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const it of ITEMS) {
    const cell = raw.get(it.spec.item);
    const parsed = cell === undefined ? null : it.read(cell, timeZone);
    if (parsed && parsed.ok) {
      values[it.key] = parsed.value;
      continue;
    }
    values[it.key] = partialOf(parsed) ?? it.fallback;
    if (parsed && !parsed.ok) {
      problems.push(
        `設定「${it.spec.item}」の値「${normalizeText(cell)}」を読めないため、${it.spec.defaultText ? `既定値「${it.spec.defaultText}」` : '空欄'}として扱います`,
      );
    }
  }
  const settings = {
    ...(values as unknown as Settings),
    calendar: {
      closedWeekdays: values.closedWeekdays as Set<number>,
      closedDays: new Set(values.closedDays as Day[]),
      closedOnHolidays: values.closedOnHolidays as boolean,
    },
  };
  if (settings.lineMonthlyTarget > settings.lineMonthlyLimit) {
    problems.push('設定「LINE目安月回数」が「LINE上限月回数」より多いため、上限の回数を目安にします');
    settings.lineMonthlyTarget = settings.lineMonthlyLimit;
  }
  for (const key of ['closedWeekdays', 'closedDays', 'closedOnHolidays'] as const)
    delete (settings as Record<string, unknown>)[key];
  return { settings, problems };
}

/** Lists that were partly readable keep what could be read (e.g. 休業日 with one bad entry). */
function partialOf(parsed: unknown): unknown {
  if (parsed && typeof parsed === 'object' && 'partial' in parsed)
    return (parsed as { partial: unknown }).partial;
  return undefined;
}

function normalizeMultiline(raw: unknown): string {
  if (raw === null || raw === undefined) return '';
  return String(raw)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .join('\n')
    .trim();
}
