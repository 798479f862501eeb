/**
 * 連絡履歴 rows the owner typed by hand, read as the owner meant them (issue 13, items 5 and the 連絡履歴 part of 4;
 * contract 2 「連絡履歴」 and "States of a contact", contract 3 "Labels are fixed, because 連絡履歴 rows (including
 * ones the owner types) are matched by them"). Customer C1 (second 整体 visit on 11-20) has an お伺い by email due on
 * 11-22; the owner already did it and typed a row for it. A row read as meant means no draft is made for it; a row
 * that still cannot be read holds the step (no draft), is noted in its own 備考 and counted in the summary.
 */
import type { CellValue, SheetData } from '../fakes';
import {
  C1_MAIL,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';
import { tally } from './tally';

/** The row the owner typed: お伺い done for C1 on 11-21. Overrides change one cell at a time. */
const TYPED: Record<string, CellValue> = {
  日時: dateCell('2026-11-21'),
  顧客ID: 'C1',
  氏名: '佐藤 美咲',
  シナリオ: '購入後フォロー',
  ステップ: 'お伺い',
  チャネル: 'メール',
  状態: '完了',
};

const LOG_HEADER_AT = (t: Tsunagu, header: string) => ((t.values('連絡履歴') ?? [])[0] ?? []).indexOf(header);

interface Setup {
  customers?: Record<string, CellValue>[];
  typed: Record<string, CellValue>[];
  /** Number formats of the typed rows' cells, by header (e.g. 顧客ID 0000). */
  logFormats?: Record<string, string>;
  customerFormats?: Record<string, string>;
}

function withFormats(sheet: SheetData, formats: Record<string, string> | undefined): SheetData {
  if (!formats) return sheet;
  const [header, ...rows] = sheet.values;
  return {
    ...sheet,
    numberFormats: [header.map(() => ''), ...rows.map(() => header.map((h) => formats[String(h)] ?? ''))],
  };
}

/** The owner's workbook on 11-22 with the typed rows, after one daily run. */
function runWith({ customers = [{ ...C1_MAIL }], typed, logFormats, customerFormats }: Setup): Tsunagu {
  const t = loadTsunagu({
    sheets: [
      withFormats(customerSheet(customers), customerFormats),
      settingsSheet(SHOP_SETTINGS),
      withFormats(logSheet(typed), logFormats),
    ],
    today: '2026-11-22',
    hour: 9,
  });
  t.call('runDailyFollowUps');
  return t;
}

const drafts = (t: Tsunagu) => t.services.gmail.draftRecords();
/** Rows Tsunagu added for the お伺い (a contact prepared again). */
const inquiryRows = (t: Tsunagu) =>
  t.records('連絡履歴').filter((r) => String(r['キー']).includes('|S1|お伺い|'));
const told = (t: Tsunagu) => t.services.spreadsheet.toasts.at(-1)?.message ?? '';

/** Read as meant: nothing prepared again, nothing said about the row, and a second run agrees. */
function expectReadAsDone(t: Tsunagu): void {
  tally.badInputsTried++;
  expect(drafts(t)).toHaveLength(0);
  expect(inquiryRows(t)).toHaveLength(0);
  expect(told(t)).not.toContain('連絡履歴の');
  t.at('2026-11-23', 9);
  t.call('runDailyFollowUps');
  tally.runsRepeated++;
  expect(drafts(t)).toHaveLength(0);
  expect(inquiryRows(t)).toHaveLength(0);
}

/** Held: no draft, no row for it, a note on the typed row after the owner's words, 要確認 and the summary say so. */
function expectHeld(t: Tsunagu, row: number, why: string): void {
  tally.badInputsTried++;
  expect(drafts(t)).toHaveLength(0);
  expect(inquiryRows(t)).toHaveLength(0);
  tally.pendingKept++;
  const note = String(t.records('連絡履歴')[row]['備考']);
  expect(note).toContain(why);
  expect(note).toContain('書き直してください');
  expect(note).toContain('購入後フォロー（お伺い）の連絡は止めています');
  expect(String(t.records('顧客')[0]['要確認'])).toContain(
    `連絡履歴の${row + 2}行目が読めないため止めています`,
  );
  expect(told(t)).toContain('連絡履歴の1行を読めませんでした');
}

afterAll(() => {
  expect(tally.duplicatesFound).toBe(0);
  expect(tally.ownerCellsChanged).toBe(0);
  expect(tally.contactsLost).toBe(0);
});

describe('連絡履歴 with a line above its header (review finding)', () => {
  test('numeric 顧客ID are read on their own rows: 13’s typed お伺い is 13’s, and 12 still gets theirs', () => {
    const log = logSheet([{ ...TYPED, 顧客ID: 13, 氏名: '鈴木 花' }]);
    const t = loadTsunagu({
      sheets: [
        customerSheet([
          { ...C1_MAIL, 顧客ID: 12 },
          { ...C1_MAIL, 顧客ID: 13, 氏名: '鈴木 花', メール: 'hana@example.jp' },
        ]),
        settingsSheet(SHOP_SETTINGS),
        { ...log, values: [['手で書いた分も入っています'], ...log.values] },
      ],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    tally.badInputsTried++;
    expect(drafts(t).map((d) => d.message.to)).toEqual([String(C1_MAIL['メール'])]);
    expect(told(t)).not.toContain('連絡履歴の');
  });
});

describe('顧客ID as the owner sees it', () => {
  test('「0012」: the number 12 formatted 0000 in 連絡履歴, 顧客ID 0012 typed as text in 顧客', () => {
    const t = runWith({
      customers: [{ ...C1_MAIL, 顧客ID: '0012' }],
      typed: [{ ...TYPED, 顧客ID: 12 }],
      logFormats: { 顧客ID: '0000' },
    });
    expectReadAsDone(t);
  });

  test.each<[string, CellValue, CellValue, Record<string, string>, Record<string, string>]>([
    ['顧客 12 formatted 0000, 連絡履歴 「0012」 as text', 12, '0012', { 顧客ID: '0000' }, {}],
    ['full-width 「００１２」 for 12 formatted 0000', 12, '００１２', { 顧客ID: '0000' }, {}],
    ['spaces in 「 00 12 」 for 12 formatted 0000', 12, ' 00 12 ', { 顧客ID: '0000' }, {}],
    ['12 typed plainly for 「0012」', '0012', 12, {}, {}],
  ])('%s', (_, inCustomers, inLog, customerFormats, logFormats) => {
    const t = runWith({
      customers: [{ ...C1_MAIL, 顧客ID: inCustomers }],
      typed: [{ ...TYPED, 顧客ID: inLog }],
      customerFormats,
      logFormats,
    });
    expect(drafts(t)).toHaveLength(0);
    expectReadAsDone(t);
  });

  test('「C012」 shown by the format "C"000 on the number 12: read as displayed', () => {
    const t = runWith({
      customers: [{ ...C1_MAIL, 顧客ID: 'C012' }],
      typed: [{ ...TYPED, 顧客ID: 12 }],
      logFormats: { 顧客ID: '"C"000' },
    });
    expectReadAsDone(t);
    // The cell is left as the owner had it.
    expect(t.records('連絡履歴')[0]['顧客ID']).toBe(12);
  });

  test.each([['ｃ１'], ['c1'], ['C 1']])('「%s」 for C1', (id) => {
    expectReadAsDone(runWith({ typed: [{ ...TYPED, 顧客ID: id }] }));
  });
});

describe('シナリオ and ステップ by prefix and with notes', () => {
  test.each<[CellValue, CellValue]>([
    ['購入後フォロー', 'お伺い（電話）'],
    ['購入後フォロー', 'お伺い 電話で'],
    ['購入後フォロー', 'お伺いメール'],
    ['購入後フォロー: お伺い', ''],
    ['', '購入後フォロー（お伺い）'],
    ['購入後フォロー（お伺い）', ''],
    ['購入後', 'お伺い'],
    ['', 'お伺い'],
    ['（購入後フォロー）', '「お伺い」'],
  ])('シナリオ 「%s」 ステップ 「%s」', (scenario, step) => {
    expectReadAsDone(runWith({ typed: [{ ...TYPED, シナリオ: scenario, ステップ: step }] }));
  });

  test('a prefix that fits two steps (「お」: お伺い, お礼 …) is not read, and is reported', () => {
    const t = runWith({ typed: [{ ...TYPED, シナリオ: '', ステップ: 'お' }] });
    tally.badInputsTried++;
    expect(String(t.records('連絡履歴')[0]['備考'])).toContain('ステップ「お」が分かりません');
    expect(told(t)).toContain('連絡履歴の1行を読めませんでした');
  });

  test('a ステップ nobody knows in a known シナリオ holds that scenario for the customer', () => {
    const t = runWith({ typed: [{ ...TYPED, ステップ: 'ごあいさつ' }] });
    tally.badInputsTried++;
    expect(drafts(t)).toHaveLength(0);
    expect(inquiryRows(t)).toHaveLength(0);
    tally.pendingKept++;
    expect(String(t.records('連絡履歴')[0]['備考'])).toContain(
      'ステップ「購入後フォロー ごあいさつ」が分かりません',
    );
    expect(String(t.records('連絡履歴')[0]['備考'])).toContain('購入後フォローの連絡は止めています');
  });
});

describe('状態 and チャネル in the owner’s words', () => {
  test.each([
    ['済'],
    ['完了'],
    ['送った'],
    ['送信した'],
    ['送付済'],
    ['対応済'],
    ['電話した'],
    ['済です'],
    ['「済」'],
    ['ＯＫ'],
    [''],
  ])('状態 「%s」 is done', (state) => {
    expectReadAsDone(runWith({ typed: [{ ...TYPED, 状態: state }] }));
  });

  test.each([['不要'], ['見送り'], ['スキップ'], ['やめた']])(
    '状態 「%s」 is skipped: not prepared',
    (state) => {
      expectReadAsDone(runWith({ typed: [{ ...TYPED, 状態: state }] }));
    },
  );

  test.each([['メールで'], ['電話にて'], ['ライン'], ['TEL'], ['郵送'], ['']])(
    'チャネル 「%s」',
    (channel) => {
      expectReadAsDone(runWith({ typed: [{ ...TYPED, チャネル: channel, 状態: '済' }] }));
    },
  );
});

describe('日時 left blank or typed without a year', () => {
  test('blank 日時 is the day the row was found, written into the cell so the next run reads the same day', () => {
    const t = runWith({ typed: [{ ...TYPED, 日時: '' }] });
    const at = t.records('連絡履歴')[0]['日時'];
    expect(at).toEqual(dateCell('2026-11-22'));
    expectReadAsDone(t);
    expect(t.records('連絡履歴')[0]['日時']).toEqual(dateCell('2026-11-22'));
  });

  test.each<[string, CellValue, string]>([
    ['「11/21」 as text', '11/21', ''],
    ['「11/21」 in a plain-text cell', '11/21', '@'],
    ['「11月21日」 as text', '11月21日', ''],
    ['「11/21（土）」', '11/21（土）', ''],
  ])('%s is the latest 11/21 not after the day found, written back with a note', (_, typed, format) => {
    const t = runWith({
      typed: [{ ...TYPED, 日時: typed }],
      logFormats: format ? { 日時: format } : undefined,
    });
    const row = t.records('連絡履歴')[0];
    expect(row['日時']).toEqual(dateCell('2026-11-21'));
    expect(String(row['備考'])).toContain('を2026/11/21と読みました');
    expectReadAsDone(t);
    // The note is not added again by the next run.
    expect(String(t.records('連絡履歴')[0]['備考']).match(/読みました/g)).toHaveLength(1);
  });

  test('a yearless date after the day found is last year’s: 「12/24」 typed on 11-22 is 2025-12-24', () => {
    // Last year's お伺い does not count for this visit's: the step is due and prepared.
    const t = runWith({ typed: [{ ...TYPED, 日時: '12/24' }] });
    tally.badInputsTried++;
    expect(t.records('連絡履歴')[0]['日時']).toEqual(dateCell('2025-12-24'));
    expect(inquiryRows(t)).toHaveLength(1);
  });
});

describe('a row that still cannot be read holds its step and is noted on its own row', () => {
  test.each<[string, Record<string, CellValue>, string]>([
    ['状態 「×」', { 状態: '×' }, '状態「×」が分かりません'],
    ['状態 「たぶん」', { 状態: 'たぶん' }, '状態「たぶん」が分かりません'],
    ['状態 「？」', { 状態: '？' }, '状態「?」が分かりません'],
    ['日時 「先週」', { 日時: '先週' }, '日時「先週」が日付として読めません'],
    ['チャネル 「伝書鳩」', { チャネル: '伝書鳩' }, 'チャネル「伝書鳩」が分かりません'],
    ['結果 「また今度」', { 結果: 'また今度' }, '結果「また今度」が分かりません'],
    ['日時 「11/31」', { 日時: '11/31' }, '日時「11/31」が日付として読めません'],
  ])('%s', (_, change, why) => {
    const t = runWith({ typed: [{ ...TYPED, 備考: 'お電話でご相談あり', ...change }] });
    expectHeld(t, 0, why);
    // The owner's 備考 is kept in front of the note.
    expect(String(t.records('連絡履歴')[0]['備考'])).toMatch(/^お電話でご相談あり 【つなぐ：読めません】/);
    // Held, not closed: nothing is logged スキップ for it.
    expect(t.records('連絡履歴')).toHaveLength(1);
    // The next run does not add the note twice.
    t.at('2026-11-23', 9);
    t.call('runDailyFollowUps');
    tally.runsRepeated++;
    expect(String(t.records('連絡履歴')[0]['備考']).match(/読めません】/g)).toHaveLength(1);
    expect(drafts(t)).toHaveLength(0);
  });

  test('fixed by the owner, the row reads: the note goes, the step is done, nothing is prepared', () => {
    const t = runWith({ typed: [{ ...TYPED, 状態: '×' }] });
    expectHeld(t, 0, '状態「×」');
    const column = LOG_HEADER_AT(t, '状態') + 1;
    t.services.spreadsheet.getSheetByName('連絡履歴')?.getRange(2, column).setValue('済');
    t.at('2026-11-23', 9);
    t.call('runDailyFollowUps');
    tally.runsRepeated++;
    expect(String(t.records('連絡履歴')[0]['備考'])).toBe('');
    expect(drafts(t)).toHaveLength(0);
    expect(inquiryRows(t)).toHaveLength(0);
    expect(String(t.records('顧客')[0]['要確認'])).not.toContain('連絡履歴');
  });

  test('an unknown 顧客ID (a customer since deleted, or a typo) is noted on its row, not counted; it holds no one’s contact', () => {
    const t = runWith({ typed: [{ ...TYPED, 顧客ID: 'C99' }] });
    tally.badInputsTried++;
    const note = String(t.records('連絡履歴')[0]['備考']);
    expect(note).toContain(
      '顧客ID「C99」のお客様が顧客シートにいません（消したお客様の記録ならそのままで構いません',
    );
    expect(note).not.toContain('書き直してください');
    expect(note).not.toContain('止めています');
    // Nothing to fix for a deleted customer's row: the summary does not say it every day.
    expect(told(t)).not.toContain('連絡履歴の1行を読めませんでした');
    // C1's own お伺い was not done: it is prepared.
    expect(drafts(t)).toHaveLength(1);
  });

  test('a row naming no step (a LINE sent from the phone) is a contact, not an unreadable row', () => {
    const t = runWith({
      typed: [
        { 日時: dateCell('2026-11-21'), 顧客ID: 'C1', チャネル: 'LINE', 状態: '送信済', 備考: '店頭で ' },
      ],
    });
    tally.badInputsTried++;
    // The owner's 備考 is left exactly as typed, its trailing space included.
    expect(t.records('連絡履歴')[0]['備考']).toBe('店頭で ');
    expect(told(t)).not.toContain('連絡履歴の');
    // It says nothing of the お伺い: that is prepared.
    expect(drafts(t)).toHaveLength(1);
  });

  test('a blank 顧客ID on a typed row is noted', () => {
    const t = runWith({ typed: [{ ...TYPED, 顧客ID: '' }] });
    tally.badInputsTried++;
    expect(String(t.records('連絡履歴')[0]['備考'])).toContain('顧客IDが空欄です');
  });

  test('a Tsunagu row whose 状態 the owner changed to a word it does not know is held, not prepared again', () => {
    const t = loadTsunagu({
      sheets: [customerSheet([{ ...C1_MAIL }]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    expect(drafts(t)).toHaveLength(1);
    const column = LOG_HEADER_AT(t, '状態') + 1;
    t.services.spreadsheet.getSheetByName('連絡履歴')?.getRange(2, column).setValue('確認中');
    t.at('2026-11-23', 9);
    t.call('runDailyFollowUps');
    tally.badInputsTried++;
    expect(inquiryRows(t)).toHaveLength(1);
    expect(drafts(t)).toHaveLength(1);
    tally.pendingKept++;
    expect(String(t.records('連絡履歴')[0]['備考'])).toContain('状態「確認中」が分かりません');
  });
});

describe('write-backs keep what the owner typed', () => {
  test('「0012」 typed as text in 連絡履歴 and 顧客 stays text through runs that write those rows', () => {
    const t = runWith({
      customers: [{ ...C1_MAIL, 顧客ID: '0012' }],
      typed: [
        { ...TYPED, 顧客ID: '0012', 日時: '' },
        { ...TYPED, 顧客ID: '0012', ステップ: '電話確認', 状態: '×', 日時: '' },
        { ...TYPED, 顧客ID: '0012', 日時: '11/21' },
      ],
    });
    t.at('2026-11-23', 9);
    t.call('runDailyFollowUps');
    tally.runsRepeated++;
    const ids = t.records('連絡履歴').map((r) => r['顧客ID']);
    const changed =
      ids.filter((id) => id !== '0012').length + (t.records('顧客')[0]['顧客ID'] === '0012' ? 0 : 1);
    tally.ownerCellsChanged += changed;
    expect(changed).toBe(0);
    // The rows were written to (日時 filled, notes added), so the cells were near the writes.
    expect(t.records('連絡履歴')[0]['日時']).toEqual(dateCell('2026-11-22'));
    expect(String(t.records('連絡履歴')[1]['備考'])).toContain('読めません');
  });
});

test('unchanged cells sent again between scattered notes keep the owner’s text: 備考 「0012」 stays text', () => {
  // Notes on every other row make one write over the 備考 column (writeCells' spans): the rows between are sent
  // again as they are, and Sheets would read a bare 0012 as the number 12.
  const rows = Array.from({ length: 9 }, (_, i): Record<string, CellValue> =>
    i % 2 === 0
      ? { ...TYPED, 状態: '×' }
      : { 日時: dateCell('2026-11-21'), 顧客ID: 'C1', チャネル: 'LINE', 状態: '送信済', 備考: '0012' },
  );
  const t = runWith({ typed: rows });
  const notes = t.records('連絡履歴').map((r) => r['備考']);
  const kept = notes.filter((n, i) => i % 2 === 1 && n === '0012').length;
  tally.ownerCellsChanged += 4 - kept;
  expect(kept).toBe(4);
  expect(notes.filter((n) => String(n).includes('読めません'))).toHaveLength(5);
});
