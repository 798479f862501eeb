/**
 * The November 年賀状 question and the season forecast through dist/Code.js (contract section 2, 年賀状; section 3,
 * the S10 row): the summary, the owner's notice and the sidebar ask; 「送る」 turns 設定 年賀状 TRUE and 12-10
 * prepares the cards; 「今年は送らない」 stops the question and nothing is prepared; the higher limit the forecast
 * offers applies on the window's days only; a card the limit cannot reach is named before it expires.
 */
import type { CellValue } from '../fakes';
import {
  CUSTOMER_HEADER,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

interface Summary {
  forecast: string[];
  prepared: Record<string, number>;
}
interface SeasonCard {
  question: { year: number; lines: string[] } | null;
  forecast: string[];
  offer: { limit: number; label: string; text: string } | null;
  accepted: string;
}
interface View {
  forecast: string[];
  season?: SeasonCard;
}
interface Result {
  ok: boolean;
  message: string;
}

const HEADER = [...CUSTOMER_HEADER, '喪中'];

/** `n` households of one (no category: only S10 plans them), the last `mourning` of them in mourning for 2026. */
function households(n: number, mourning = 0): Record<string, CellValue>[] {
  return Array.from({ length: n }, (_, i) => ({
    顧客ID: `C${String(i + 1).padStart(3, '0')}`,
    氏名: `山田 ${i + 1}郎`,
    郵便番号: '154-0004',
    住所: `東京都世田谷区太子堂${i + 1}-1-1`,
    最終来店日: dateCell('2026-03-01'),
    来店回数: 3,
    喪中: i >= n - mourning ? 2026 : '',
  }));
}

function shop(today: string, n: number, settings: [string, CellValue][] = [], mourning = 0): Tsunagu {
  return loadTsunagu({
    sheets: [
      customerSheet(households(n, mourning), HEADER),
      settingsSheet([...SHOP_SETTINGS, ['休眠日数', 3650], ...settings]),
      logSheet([]),
    ],
    today,
    documentProperties: { 'tsunagu.introDay': '2026-01-01' },
  });
}

/** The same workbook and properties on another day. */
function onDay(t: Tsunagu, today: string): Tsunagu {
  return loadTsunagu({
    sheets: t.services.spreadsheet.toData().sheets,
    today,
    state: t.services.exportState(),
  });
}

const notices = (t: Tsunagu) =>
  t.services.exportState().gmail.sent.filter((m) => m.subject.startsWith('【つなぐ】'));
const setting = (t: Tsunagu, item: string) => t.records('設定').find((r) => r['項目'] === item)?.['値'];
const cardsIn = (t: Tsunagu, step: string) => t.records('連絡履歴').filter((r) => r['ステップ'] === step);

/** A date cell (midnight in Tokyo) as YYYY-MM-DD. */
const tokyoDay = (d: Date) => new Date(d.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

const QUESTION = '今年の年賀状をお送りしますか';
const MOURNING =
  '喪中はがきが届いたご家庭は、顧客シートの喪中の列に、ご不幸のあった年（例: 2026）を入れてください。';

describe('an answer from a sidebar opened earlier, or another tab, says what is really so', () => {
  test('「今年は送らない」 after 「送る」 elsewhere leaves 年賀状 TRUE and says so; nothing is remembered', () => {
    const t = shop('2026-11-24', 2, [['年賀状', 'TRUE']]);
    const reply = t.call<Result>('answerNewYearCards', false);
    expect(reply).toEqual({ ok: false, message: expect.stringContaining('設定「年賀状」はTRUEのままです') });
    expect(String(setting(t, '年賀状')).toUpperCase()).toBe('TRUE');
    expect(t.services.properties.document.getProperty('tsunagu.newYearDeclined')).toBeNull();
  });

  test('「送る」 on 12-20 says the cards come from today; in January it is refused and 設定 stays FALSE', () => {
    const december = shop('2026-12-20', 2);
    expect(december.call<Result>('answerNewYearCards', true).message).toContain('今日から12月24日までに');
    const january = shop('2027-01-05', 2);
    expect(january.call<Result>('answerNewYearCards', true).ok).toBe(false);
    expect(String(setting(january, '年賀状') ?? '')).not.toMatch(/TRUE/i);
    // 「今年は送らない」 from a stale card in January does not silence next November's question.
    expect(january.call<Result>('answerNewYearCards', false).ok).toBe(false);
    expect(january.services.properties.document.getProperty('tsunagu.newYearDeclined')).toBeNull();
  });
});

describe('the November question', () => {
  test('on a November day the summary, the notice and the sidebar ask, with households, postage and 喪中', () => {
    const t = shop('2026-11-05', 3, [], 1);
    const summary = t.call<Summary>('runDailyFollowUps');
    const text = summary.forecast.join('\n');
    expect(text).toContain(
      `【年賀状】${QUESTION}。お送りする場合は、2軒のご家庭にはがき2枚（郵便代 約170円）`,
    );
    expect(text).toContain('喪中のご家庭1軒には、年賀状の代わりに寒中見舞いのはがき1枚（郵便代 約85円）');
    expect(text).toContain(MOURNING);
    const [notice] = notices(t);
    expect(notice.plainBody).toContain(QUESTION);
    expect(notice.plainBody).toContain(MOURNING);
    expect(notice.plainBody).toContain('設定「年賀状」をTRUE');
    // Before the day's channels (after any calls); in the HTML a card with a bold title.
    expect(notice.plainBody.indexOf(QUESTION)).toBeLessThan(notice.plainBody.indexOf('・メール'));
    expect(notice.plainBody.split(QUESTION)).toHaveLength(2);
    const html = notice.htmlBody ?? '';
    expect(html).toMatch(/<p style="[^"]*font-weight:bold;[^"]*">今年の年賀状<\/p>/);
    expect(html.indexOf(QUESTION)).toBeLessThan(html.indexOf('Gmailの下書き（'));
    const view = t.call<View>('getTodayFollowUps');
    expect(view.season?.question?.lines.join('\n')).toContain(QUESTION);
    // Not in October.
    expect(onDay(t, '2026-10-31').call<Summary>('runDailyFollowUps').forecast.join('')).not.toContain(
      QUESTION,
    );
  });

  test('「送る」 writes 設定 年賀状 TRUE; the question is gone and 12-10 prepares the 年賀状', () => {
    const t = shop('2026-11-05', 3, [['年賀状', 'FALSE']], 1);
    const reply = t.call<Result>('answerNewYearCards', true);
    expect(reply.ok).toBe(true);
    expect(String(setting(t, '年賀状'))).toBe('TRUE');
    expect(t.call<View>('getTodayFollowUps').season?.question ?? null).toBeNull();
    const next = onDay(t, '2026-11-06');
    expect(next.call<Summary>('runDailyFollowUps').forecast.join('')).not.toContain(QUESTION);
    const december = onDay(next, '2026-12-10');
    december.call('runDailyFollowUps');
    expect(cardsIn(december, '年賀状')).toHaveLength(2);
  });

  test('「今年は送らない」 stops the question, leaves 設定 FALSE, and nothing is prepared; next November asks again', () => {
    const t = shop('2026-11-05', 3);
    expect(t.call<Result>('answerNewYearCards', false).ok).toBe(true);
    expect(setting(t, '年賀状')).toBeUndefined();
    expect(t.call<View>('getTodayFollowUps').season).toBeUndefined();
    expect(onDay(t, '2026-11-20').call<Summary>('runDailyFollowUps').forecast.join('')).not.toContain(
      QUESTION,
    );
    const december = onDay(t, '2026-12-10');
    december.call('runDailyFollowUps');
    expect(cardsIn(december, '年賀状')).toHaveLength(0);
    const nextYear = onDay(december, '2027-11-02');
    expect(nextYear.call<Summary>('runDailyFollowUps').forecast.join('')).toContain(QUESTION);
  });
});

describe('the 11-20 forecast and the higher limit for the window', () => {
  // 20 households at 1 a day: 15 days hold 15, so the forecast offers ceil(20 / 15) = 2 a day; three 喪中
  // households get a 寒中見舞い from 1-08, outside the window, at the setting's 1 a day.
  const settings: [string, CellValue][] = [
    ['年賀状', 'TRUE'],
    ['1日の手紙上限', 1],
  ];

  test('11-20: the summary and notice forecast the season and offer the limit that fits', () => {
    const t = shop('2026-11-20', 23, settings, 3);
    const text = t.call<Summary>('runDailyFollowUps').forecast.join('\n');
    expect(text).toContain(
      '【年賀状の見込み】20軒のご家庭に年賀状のはがき20枚（郵便代 約1,700円）を、12月10日〜24日の15日間に用意します',
    );
    expect(text).toContain(
      '1日の手紙上限（1通）では、期間内に15枚しか用意できません。この期間だけ上限を2通にすると全部用意できます',
    );
    expect(notices(t)[0].plainBody).toContain('この期間だけ上限を2通にすると全部用意できます');
    // The next day the summary says it no more; the sidebar keeps it until the window opens.
    const next = onDay(t, '2026-11-21');
    expect(next.call<Summary>('runDailyFollowUps').forecast.join('')).not.toContain('【年賀状の見込み】');
    expect(next.call<View>('getTodayFollowUps').season?.offer?.label).toBe(
      'この期間だけ手紙の上限を2通にする',
    );
  });

  test('accepted, the limit is 2 on 12-10 … 12-24 and 1 outside; the 設定 tab shows it and removes it', () => {
    const t = shop('2026-11-21', 23, settings, 3);
    expect(t.call<Result>('acceptSeasonLimit')).toMatchObject({ ok: true });
    expect(t.call<{ seasonLimit?: string }>('getSettingsView').seasonLimit).toContain(
      '12月10日〜24日は1日2通',
    );
    const eve = onDay(t, '2026-12-09');
    eve.call('runDailyFollowUps');
    const nextDays = eve
      .records('顧客')
      .map((r) => (r['次回連絡日'] instanceof Date ? tokyoDay(r['次回連絡日']) : ''));
    const perDay = new Map<string, number>();
    for (const day of nextDays) perDay.set(day, (perDay.get(day) ?? 0) + 1);
    // Inside the window two a day: all 20 by 12-19.
    expect(perDay.get('2026-12-10')).toBe(2);
    expect(perDay.get('2026-12-19')).toBe(2);
    expect(perDay.get('2026-12-20')).toBeUndefined();
    // Outside it the setting's one a day: the 寒中見舞い on 1-08, 1-09, 1-10.
    expect([perDay.get('2027-01-08'), perDay.get('2027-01-09'), perDay.get('2027-01-10')]).toEqual([1, 1, 1]);
    const opened = onDay(eve, '2026-12-10');
    expect(opened.call<Summary>('runDailyFollowUps').prepared['手紙']).toBe(2);
    expect(opened.call<Result>('removeSeasonLimit').ok).toBe(true);
    expect(opened.call<{ seasonLimit?: string }>('getSettingsView').seasonLimit ?? '').toBe('');
    const after = onDay(opened, '2026-12-11');
    expect(after.call<Summary>('runDailyFollowUps').prepared['手紙']).toBe(1);
  });

  test('a card the limit cannot reach is named, by household, before its window closes', () => {
    const t = shop('2026-11-25', 20, settings);
    const text = t.call<Summary>('runDailyFollowUps').forecast.join('\n');
    const line = text.split('\n').find((l) => l.startsWith('【要確認】年賀状'));
    expect(line).toContain('12月24日までに用意できないご家庭が5軒あります');
    // The last five by 顧客ID wait longest (oldest due first, then their order).
    for (const n of [16, 17, 18, 19, 20]) expect(line).toContain(`山田 ${n}郎 様`);
    expect(line).not.toContain('山田 15郎 様');
    const view = t.call<View>('getTodayFollowUps');
    expect(view.forecast.join('\n')).toContain('【要確認】年賀状');
    // Still named in the window, in the morning notice.
    const december = onDay(t, '2026-12-10');
    december.call('runDailyFollowUps');
    expect(notices(december).at(-1)?.plainBody).toContain('までに用意できないご家庭が5軒あります');
    // Day by day to the window's last day: still named that morning; the next day they are closed (スキップ).
    let day = december;
    for (let d = 11; d <= 24; d++) {
      day = onDay(day, `2026-12-${d}`);
      day.call('runDailyFollowUps');
    }
    const lastMorning = notices(day).at(-1)?.plainBody ?? '';
    expect(lastMorning).toContain('12月24日までに用意できないご家庭が5軒あります');
    for (const n of [16, 17, 18, 19, 20]) expect(lastMorning).toContain(`山田 ${n}郎 様`);
    expect(cardsIn(day, '年賀状').filter((r) => r['状態'] !== 'スキップ')).toHaveLength(15);
    const after = onDay(day, '2026-12-25');
    after.call('runDailyFollowUps');
    // The five never prepared are logged 期限切れ — after they were named every day of the window.
    const never = cardsIn(after, '年賀状').filter((r) => String(r['備考']).includes('年賀状を、はがきで'));
    expect(never.map((r) => [r['氏名'], r['状態']])).toEqual(
      [16, 17, 18, 19, 20].map((n) => [`山田 ${n}郎`, 'スキップ']),
    );
  });
});

describe('暑中見舞い', () => {
  test('6-20 with 暑中見舞い TRUE: the summary forecasts 7-07 → 7-31; nothing without it', () => {
    const t = shop('2026-06-20', 2, [['暑中見舞い', 'TRUE']]);
    const text = t.call<Summary>('runDailyFollowUps').forecast.join('\n');
    expect(text).toContain(
      '【暑中見舞いの見込み】2軒のご家庭に暑中見舞いのはがき2枚（郵便代 約170円）を、7月7日〜31日の25日間に用意します',
    );
    expect(text).toContain('1日の手紙上限（20通）で、期間内に全部用意できます。');
    const off = shop('2026-06-20', 2);
    expect(off.call<Summary>('runDailyFollowUps').forecast).toEqual([]);
  });
});
