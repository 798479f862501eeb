/**
 * Every row's failure stays that row's (issue 13, item 3): one over-long value — legal in Sheets — holds that
 * customer's message with a 要確認 on their row, and never stops the run for everyone else.
 */
import type { CellValue } from '../fakes';
import { C1_MAIL, customerSheet, loadTsunagu, settingsSheet, SHOP_SETTINGS } from '../bundle/harness';
import { tally } from './tally';

const others: Record<string, CellValue>[] = [
  { ...C1_MAIL, 顧客ID: 'C2', 氏名: '鈴木 花', メール: 'hana@example.jp' },
  { ...C1_MAIL, 顧客ID: 'C3', 氏名: '田村 陽', メール: 'yo@example.jp' },
];

describe('one over-long value', () => {
  test.each([
    ['購入商品 of 60,000 characters', { 購入商品: 'ヘッドスパ'.repeat(12_000) }],
    ['購入商品 pasted 20 times over, with line breaks', { 購入商品: '骨盤調整60分\n'.repeat(6_000) }],
    ['氏名 of 50,001 characters', { 氏名: 'あ'.repeat(50_001) }],
  ])('%s: the others are prepared, that row is held with a 要確認', (_what, long) => {
    const t = loadTsunagu({
      sheets: [customerSheet([{ ...C1_MAIL, ...long }, ...others]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    tally.badInputsTried++;
    expect(
      t.services.gmail
        .draftRecords()
        .map((d) => d.message.to)
        .sort(),
    ).toEqual(['hana@example.jp', 'yo@example.jp']);
    const held = t.records('顧客').find((r) => r['顧客ID'] === 'C1') ?? {};
    expect(String(held['要確認'])).toContain('文面が長すぎるため');
    // Whatever Tsunagu wrote fits a cell: 連絡履歴, and its own columns of 顧客 (the owner's cell stays as typed).
    for (const row of t.values('連絡履歴') ?? [])
      for (const cell of row) expect(String(cell).length).toBeLessThanOrEqual(50_000);
    for (const row of t.records('顧客'))
      for (const column of ['次回連絡日', '次回連絡内容', '次回チャネル', '理由', '要確認'])
        expect(String(row[column]).length).toBeLessThanOrEqual(50_000);
  });

  test('a LINE message over LINE’s 5,000 characters is held, not sent to be refused', () => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([
          { ...C1_MAIL, メール: '', LINEユーザーID: `U${'1'.repeat(32)}`, 購入商品: '施術'.repeat(3_000) },
        ]),
        settingsSheet(SHOP_SETTINGS),
      ],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    tally.badInputsTried++;
    expect(t.values('LINE送信')?.length ?? 0).toBeLessThanOrEqual(1);
    expect(String(t.records('顧客')[0]['要確認'])).toContain('LINEは1通5,000字まで');
  });
});
