import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocal, type RunResult } from '../../tools/runner';

const ROOT = join(__dirname, '../..');
const SCENARIOS = [
  '購入後フォロー',
  'キャンセルフォロー',
  'クレーム後フォロー',
  '休眠客フォロー',
  '空き枠案内',
  'サンキューレター',
  'ニュースレター',
  'お手紙確認メール',
];

/** The example shop on the demo day, through the bundle and the local runner: every rule has work to do. */
describe('the example workbook on 2026-11-24', () => {
  let result: RunResult;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tsunagu-example-'));
    result = await runLocal({
      workbook: join(ROOT, 'examples/sample-shop.xlsx'),
      today: '2026-11-24',
      out: join(dir, 'out.xlsx'),
    });
  });

  test.each(SCENARIOS)('%s is planned for someone', (scenario) => {
    expect(result.customers.some((c) => c.次回連絡内容.startsWith(scenario))).toBe(true);
  });

  test('each rule prepared something today, within the daily limits', () => {
    const s = result.summary;
    for (const scenario of SCENARIOS) expect(s.preparedByScenario[scenario] ?? 0).toBeGreaterThan(0);
    expect(s.prepared['手紙']).toBeLessThanOrEqual(20);
    expect(s.prepared['メール']).toBeLessThanOrEqual(50);
    expect(s.prepared['電話']).toBeLessThanOrEqual(10);
  });

  test('次回連絡日 is never before today, and every planned row explains itself', () => {
    for (const c of result.customers) {
      if (c.次回連絡日 !== null) {
        expect(c.次回連絡日 >= '2026-11-24').toBe(true);
        expect(c.理由).toContain(c.次回連絡内容.split(':')[0]);
      }
    }
  });

  test('a vacancy offer goes to at most 10 regulars, and never by letter or phone', () => {
    const offers = result.customers.filter((c) => c.次回連絡内容.startsWith('空き枠案内'));
    expect(offers.length).toBeLessThanOrEqual(10);
    for (const o of offers) expect(['LINE', 'メール']).toContain(o.次回チャネル);
  });

  test('cancellation follow-ups carry three concrete slots, never "any time"', () => {
    const log = result.services.spreadsheet.toData().sheets.find((s) => s.name === '連絡履歴');
    // The ones this run prepared (the example's older rows are the owner's own notes).
    const rows = (log?.values ?? []).filter(
      (r) =>
        r[3] === 'キャンセルフォロー' && ['下書き', '承認待ち', '印刷待ち', '予定'].includes(String(r[6])),
    );
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const text = String(row[9]);
      expect(text.match(/\d+月\d+日（.）\d+:\d{2}/g)?.length).toBeGreaterThanOrEqual(3);
      expect(text).not.toContain('いつでも');
    }
  });
});
