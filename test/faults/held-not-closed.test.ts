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
  dateCell,
  type Tsunagu,
  draftsWaiting,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
} from '../bundle/harness';
import { tally } from './tally';

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

/** The owner deletes a 顧客 row (the rows below move up); returns what it held. */
function removeRow(t: Tsunagu, row: number): CellValue[] {
  const sheet = t.services.spreadsheet.sheet('顧客');
  const values = sheet?.getDataRange().getValues() ?? [];
  const [removed] = values.splice(row - 1, 1);
  sheet?.getRange(1, 1, values.length, values[0].length).setValues(values);
  sheet?.getRange(values.length + 1, 1, 1, values[0].length).clearContent();
  return removed as CellValue[];
}

function appendRow(t: Tsunagu, row: CellValue[]): void {
  const sheet = t.services.spreadsheet.sheet('顧客');
  sheet?.getRange((sheet?.getLastRow() ?? 0) + 1, 1, 1, row.length).setValues([row]);
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
    expect(t.services.spreadsheet.toasts.at(-1)?.message).toContain(
      `「${header}」が空欄の行があるため、1件の連絡を保留しています（予定は消していません）。その行の「${header}」を入れ直してください`,
    );
  });
});

describe('held contacts: "要確認 and the summary say what to fix" — and the sidebar', () => {
  const told = (t: Tsunagu) => t.services.spreadsheet.toasts.at(-1)?.message ?? '';
  const sidebar = (t: Tsunagu) => t.call<{ problems: string[] }>('getTodayFollowUps').problems;

  test.each([
    ['カテゴリ', 'カテゴリー分類'],
    ['最終来店日', '前回'],
  ])(
    '見出し「%s」 renamed 「%s」: the summary and the sidebar say how many contacts are held and what to fix',
    (header, renamed) => {
      const t = draftsWaiting();
      setHeader(t, header, renamed);
      t.call('runDailyFollowUps');
      tally.badInputsTried++;
      expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
      tally.pendingKept += 2;
      const line = `見出し「${header}」が見つからないため、2件の連絡を保留しています`;
      expect(told(t)).toContain(line);
      expect(told(t)).toContain(`見出しを「${header}」に戻してください`);
      expect(sidebar(t).join('\n')).toContain(line);
      // Each held contact's card says what to fix, so it is not taken for one to act on.
      const items = t
        .call<{ groups: { items: { problem: string }[] }[] }>('getTodayFollowUps')
        .groups.flatMap((g) => g.items);
      expect(items.map((i) => i.problem)).toEqual([
        `顧客シートの「${header}」が空欄か、見出しが見つかりません`,
        `顧客シートの「${header}」が空欄か、見出しが見つかりません`,
      ]);
      setHeader(t, header, header);
      t.at('2026-11-24', 9);
      t.call('runDailyFollowUps');
      expect(told(t)).not.toContain('保留');
      expect(sidebar(t).join('\n')).not.toContain('保留');
    },
  );

  test.each([['不明'], ['?'], ['去年の秋'], ['2026/13/40']])(
    'a date cell turned to text 「%s」 holds that row’s contact (never closed), and the summary says so',
    (text) => {
      const t = draftsWaiting();
      setCell(t, 'C1', '最終来店日', text);
      t.call('runDailyFollowUps');
      tally.badInputsTried++;
      expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
      expect(t.services.gmail.draftRecords()).toHaveLength(2);
      tally.pendingKept++;
      expect(String(t.records('顧客')[0]['要確認'])).toContain(
        'の予定を保留しています（要確認を直すと続けます）',
      );
      const line = '顧客シートに読めない値があるため、1件の連絡を保留しています';
      expect(told(t)).toContain(line);
      expect(sidebar(t).join('\n')).toContain(line);
    },
  );

  test('a customer’s row deleted from 顧客: the draft stays, nothing closed, and the summary and sidebar say so; put back, all goes on', () => {
    const t = draftsWaiting();
    const deleted = removeRow(t, 2);
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    tally.pendingKept++;
    const line = '顧客シートにない顧客IDの連絡が1件、準備や送信をせずに保留しています';
    expect(told(t)).toContain(line);
    expect(sidebar(t).join('\n')).toContain(line);
    appendRow(t, deleted);
    t.at('2026-11-24', 9);
    t.call('runDailyFollowUps');
    expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
    expect(told(t)).not.toContain('保留');
  });

  test.each([
    ['a row copied with the same 顧客ID', { ...C1_MAIL, 氏名: '佐藤 次郎', メール: 'jiro@example.jp' }],
    ['氏名 cleared', null],
  ])('%s: that customer’s pending contact is held and counted', (_what, extra) => {
    const t = draftsWaiting();
    if (extra)
      appendRow(
        t,
        CUSTOMER_HEADER.map((h) => extra[h as keyof typeof extra] ?? ''),
      );
    else setCell(t, 'C1', '氏名', '');
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    tally.pendingKept++;
    expect(told(t)).toContain('お客様の連絡が1件、保留になっています');
  });

  test('a カテゴリ-sheet header renamed (初回フォロー日数 → お伺い日数): the drafts stay, nothing closed (review finding)', () => {
    const categories = [
      ['カテゴリ', '初回フォロー日数', '電話確認日数', '提案日数', '電話', '提案の例'],
      ['整体', 2, 5, 14, '可', '次回の施術'],
    ];
    const t = loadTsunagu({
      sheets: [
        customerSheet([
          { ...C1_MAIL },
          { ...C1_MAIL, 顧客ID: 'C2', 氏名: '鈴木 花', メール: 'hana@example.jp' },
        ]),
        settingsSheet(SHOP_SETTINGS),
        { name: 'カテゴリ', values: categories },
      ],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    t.services.spreadsheet.sheet('カテゴリ')?.getRange(1, 2).setValue('お伺い日数');
    t.at('2026-11-23', 9);
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    tally.pendingKept += 2;
    expect(told(t)).toContain('見出し「初回フォロー日数」が見つからないため、2件の連絡を保留しています');
    // Put back, the next run goes on (nothing held).
    t.services.spreadsheet.sheet('カテゴリ')?.getRange(1, 2).setValue('初回フォロー日数');
    t.at('2026-11-24', 9);
    t.call('runDailyFollowUps');
    expect(told(t)).not.toContain('保留しています');
  });

  test('one customer’s カテゴリ typed 「整体院」 (not in the カテゴリ table): that draft stays, nothing closed', () => {
    const t = draftsWaiting();
    setCell(t, 'C1', 'カテゴリ', '整体院');
    t.call('runDailyFollowUps');
    tally.badInputsTried++;
    expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    tally.pendingKept++;
    expect(String(t.records('顧客')[0]['要確認'])).toContain('の予定を保留しています');
  });

  test('a newer visit is positive evidence: the お伺い of the old visit is closed, as before', () => {
    const t = draftsWaiting();
    setCell(t, 'C1', '最終来店日', dateCell('2026-11-23'));
    t.call('runDailyFollowUps');
    expect(states(t)[0]).toBe('C1 スキップ');
  });
});
