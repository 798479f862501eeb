import { join } from 'node:path';
import type { SheetData } from '../fakes';
import { DEMO_DAY } from '../../tools/example/demo-day';
import { readWorkbook } from '../../tools/xlsx';
import { loadTsunagu, type Tsunagu } from './harness';

interface Summary {
  forecast: string[];
  prepared: Record<string, number>;
}
interface View {
  forecast: string[];
}

/**
 * The first run on an old list (contract 3, Step life cycle): the example shop (ここち堂, 300 customers, the
 * workbook `npm run demo` reads) installed today, with no 連絡履歴 yet. Its dormant customers all become due at once,
 * and 1日の手紙上限 (20) makes a queue of many days: 次回連絡日 says the day each letter will really be prepared, and
 * the summary, the sidebar and the owner's notice say how long it takes and what the postage comes to.
 */
describe('the first run on the example shop: 次回連絡日 after the daily limits, and the forecast', () => {
  let t: Tsunagu;
  let summary: Summary;
  let customers: Record<string, unknown>[];

  beforeAll(async () => {
    const { data } = await readWorkbook(join(__dirname, '../../examples/sample-shop.xlsx'));
    const sheets: SheetData[] = data.sheets.filter((s) => s.name !== '連絡履歴');
    t = loadTsunagu({ sheets, today: DEMO_DAY });
    summary = t.call<Summary>('runDailyFollowUps');
    customers = t.records('顧客');
  });

  const dayText = (cell: unknown) =>
    cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell ?? '');

  test('the letters are spread: no day holds more than 1日の手紙上限, and today prepared 20', () => {
    expect(summary.prepared['手紙']).toBe(20);
    const letters = customers.filter((c) => String(c['次回チャネル']).includes('手紙'));
    const perDay = new Map<string, number>();
    for (const c of letters)
      perDay.set(dayText(c['次回連絡日']), (perDay.get(dayText(c['次回連絡日'])) ?? 0) + 1);
    expect(Math.max(...perDay.values())).toBeLessThanOrEqual(20);
    expect(perDay.size).toBeGreaterThan(3);
    expect(letters.some((c) => String(c['理由']).includes('1日の手紙上限（20件）の順番待ちのため'))).toBe(
      true,
    );
  });

  test('the summary says how many days the dormant letters take and their postage, and how to spread or trim it', () => {
    const line = summary.forecast.find((l) => l.startsWith('休眠客フォロー '));
    expect(line).toMatch(/^休眠客フォロー (\d+)件：1日20通で(\d+)日間、郵便代 約[\d,]+円$/);
    const [, count, days] = /(\d+)件：1日20通で(\d+)日間/.exec(line ?? '') ?? [];
    // Higher rules (クレーム後フォロー, 購入後フォロー …) take their letters first: at least count / 20 days.
    expect(Number(days)).toBeGreaterThanOrEqual(Math.ceil(Number(count) / 20));
    expect(line).toContain(`約${(Number(count) * 110).toLocaleString('ja-JP')}円`);
    const text = summary.forecast.join('\n');
    expect(text).toContain('設定「1日の手紙上限」');
    expect(text).toContain('設定「休眠フォローの対象」');
    // The queue's last letter is about the latest 次回連絡日 of a dormant letter that waits in it; a customer who
    // becomes dormant during the stretch (S4's upcoming date) joins the queue on that day.
    const start = new Date(`${DEMO_DAY}T00:00:00Z`).getTime();
    const offset = (c: (typeof customers)[number]) =>
      (new Date(`${dayText(c['次回連絡日'])}T00:00:00Z`).getTime() - start) / 86_400_000 + 1;
    const dormantLetters = customers.filter(
      (c) => String(c['次回連絡内容']).startsWith('休眠客フォロー') && String(c['次回チャネル']) === '手紙',
    );
    const waiting = dormantLetters.filter((c) => String(c['理由']).includes('順番待ち'));
    expect(waiting.length).toBeGreaterThan(20);
    for (const c of waiting) expect(offset(c)).toBeLessThanOrEqual(Number(days));
    // Rows show their earliest step (a newsletter letter may come first), so the queue's end is checked above.
    expect(Math.max(...waiting.map(offset))).toBeGreaterThan(1);
  });

  test('the morning notice says the same; the sidebar, opened after, what is still waiting', () => {
    // Today's 20 letters are prepared by then: the queue the sidebar sees starts with what is left.
    const waiting = t.call<View>('getTodayFollowUps').forecast;
    const dormant = (lines: string[]) =>
      Number(/^休眠客フォロー (\d+)件/.exec(lines.find((l) => l.startsWith('休眠客フォロー ')) ?? '')?.[1]);
    expect(dormant(waiting)).toBeLessThan(dormant(summary.forecast));
    expect(dormant(waiting)).toBeGreaterThan(dormant(summary.forecast) - 20);
    expect(waiting.at(-1)).toBe(summary.forecast.at(-1));
    const notice = t.services
      .exportState()
      .gmail.sent.find((m) => m.subject.startsWith('【つなぐ】今日のフォロー'));
    for (const line of summary.forecast) expect(notice?.plainBody).toContain(line);
  });
});
