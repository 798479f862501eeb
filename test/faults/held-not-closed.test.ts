/**
 * Only positive evidence closes a pending contact (issue 13, item 2): a header renamed for a day, or a cell
 * cleared, holds the pending contacts with a 要確認 instead of closing them (and deleting their drafts); put back,
 * they go on as before.
 */
import type { CellValue } from '../fakes';
import {
  C1_MAIL,
  CUSTOMER_HEADER,
  customerSheet,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';
import { tally } from './tally';

/** Two customers whose お伺い draft waits in Gmail since 11-22. */
function draftsWaiting(): Tsunagu {
  const t = loadTsunagu({
    sheets: [
      customerSheet([
        { ...C1_MAIL },
        { ...C1_MAIL, 顧客ID: 'C2', 氏名: '鈴木 花', メール: 'hana@example.jp' },
      ]),
      settingsSheet(SHOP_SETTINGS),
    ],
    today: '2026-11-22',
    hour: 9,
  });
  t.call('runDailyFollowUps');
  expect(t.services.gmail.draftRecords()).toHaveLength(2);
  t.at('2026-11-23', 9);
  return t;
}

/** The owner retitles the column that was 「column」 in the fixture. */
function setHeader(t: Tsunagu, column: string, to: string): void {
  const sheet = t.services.spreadsheet.sheet('顧客');
  sheet?.getRange(1, CUSTOMER_HEADER.indexOf(column) + 1).setValue(to);
}

function setCell(t: Tsunagu, id: string, header: string, value: CellValue): void {
  const sheet = t.services.spreadsheet.sheet('顧客');
  const ids = (sheet?.getDataRange().getValues() ?? []).map((r) => r[0]);
  sheet?.getRange(ids.indexOf(id) + 1, CUSTOMER_HEADER.indexOf(header) + 1).setValue(value);
}

const states = (t: Tsunagu) =>
  t.records('連絡履歴').map((r) => `${String(r['顧客ID'])} ${String(r['状態'])}`);

describe('pending contacts kept through bad data', () => {
  test.each([['カテゴリー分類'], ['分類メモ'], ['category']])(
    'カテゴリ renamed 「%s」 for a day: nothing closed, no draft deleted, 要確認 says why; renamed back, all goes on',
    (renamed) => {
      const t = draftsWaiting();
      setHeader(t, 'カテゴリ', renamed);
      t.call('runDailyFollowUps');
      tally.badInputsTried++;
      expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
      expect(t.services.gmail.draftRecords()).toHaveLength(2);
      tally.pendingKept += 2;
      expect(String(t.records('顧客')[0]['要確認'])).toContain(
        '「カテゴリ」が空欄か、見出しが見つかりません',
      );
      setHeader(t, 'カテゴリ', 'カテゴリ');
      t.at('2026-11-24', 9);
      t.call('runDailyFollowUps');
      expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
      expect(String(t.records('顧客')[0]['要確認'])).not.toContain('保留');
    },
  );

  test.each([
    ['カテゴリ', ''],
    ['最終来店日', ''],
  ])('%s cleared on one row: that row’s contact is held, the other row’s untouched', (header, value) => {
    const t = draftsWaiting();
    setCell(t, 'C1', header, value);
    t.call('runDailyFollowUps');
    tally.badInputsTried++;
    expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    tally.pendingKept++;
    expect(String(t.records('顧客')[0]['要確認'])).toContain(`「${header}」が空欄か`);
  });
});
