/**
 * Issue 19 item 4: a sidebar action on a prepared follow-up reads only what it acts on. Its 連絡履歴 row is found by its
 * キー (a TextFinder on the キー column, or the row the list remembers, used only once that row holds the キー). スキップ
 * and 電話した are decided on that row alone; 延期 and a LINE approval also read the customer's 顧客 row by 顧客ID the
 * same way — so an owner who sorts, inserts rows or moves a column between the list and the click still gets the right
 * row — and what it reads and calls does not grow with the shop.
 */
import type { SheetData } from '../fakes';
import {
  C4_INQUIRY_SENT,
  CUSTOMER_HEADER,
  customerSheet,
  dateCell,
  HANAKO_TAKAHASHI_LINE,
  lineStandIn,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  THREE_DUE,
  wall,
  type Tsunagu,
} from './harness';

const LINE_ID = HANAKO_TAKAHASHI_LINE;
const { mail: INQUIRY, line: LINE_INQUIRY, call: CALL } = THREE_DUE;
const NOT_FOUND =
  'この連絡は見つかりませんでした（すでに済んだか、計画が変わりました）。一覧を再読み込みしてください。';

/**
 * On 2026-11-22: C1's お伺い by email, C3's by LINE and C4's 電話確認 are due; `filler` more customers (opted out of
 * everything, so nothing is planned for them) with as many 連絡履歴 rows and LINE送信 rows sent long ago, to make the shop
 * bigger.
 */
function shop(filler = 0, fillerRows = filler): SheetData[] {
  const id = (i: number) => `F${String(i).padStart(5, '0')}`;
  return [
    customerSheet([
      ...THREE_DUE.customers(),
      ...Array.from({ length: filler }, (_, i) => ({ 顧客ID: id(i), 氏名: `客 ${i}`, 配信停止: 'すべて' })),
    ]),
    settingsSheet(SHOP_SETTINGS),
    {
      name: 'LINE送信',
      values: [
        [
          'キー',
          '顧客ID',
          '氏名',
          'LINEユーザーID',
          'メッセージ',
          '承認',
          '状態',
          '送信日時',
          '備考',
          '送信キー（変更しないでください）',
        ],
        ...Array.from({ length: fillerRows }, (_, i) => [
          `${id(i % Math.max(filler, 1))}|S1|お伺い|2026-09-01#${i}`,
          id(i % Math.max(filler, 1)),
          `客 ${i}`,
          `U${String(i).padStart(32, '0')}`,
          'その後いかがですか',
          true,
          '送信済',
          dateCell('2026-10-01'),
          '',
          '',
        ]),
      ],
    },
    logSheet([
      C4_INQUIRY_SENT,
      ...Array.from({ length: fillerRows }, (_, i) => ({
        日時: dateCell('2026-10-01'),
        顧客ID: id(i % Math.max(filler, 1)),
        氏名: `客 ${i}`,
        シナリオ: '購入後フォロー',
        ステップ: 'お伺い',
        チャネル: 'メール',
        状態: '送信済',
        キー: `${id(i % Math.max(filler, 1))}|S1|お伺い|2026-09-${String((i % 28) + 1).padStart(2, '0')}#${i}`,
      })),
    ]),
  ];
}

const lineApi = lineStandIn();
beforeEach(() => lineApi.pushes.splice(0));

interface Item {
  key: string;
  row?: number;
}
interface Reply {
  ok: boolean;
  message: string;
  view?: unknown;
  done?: string[];
}

function prepared(filler = 0, fillerRows = filler): Tsunagu {
  return preparedOn(shop(filler, fillerRows), '2026-11-22');
}

/** The shop on `today` at 10:00, LINE connected, after its morning run. */
function preparedOn(sheets: SheetData[], today: string): Tsunagu {
  const t = loadTsunagu({
    sheets,
    today,
    hour: 10,
    fetch: lineApi.handler,
    documentProperties: { 'tsunagu.line.token': 'channel-token' },
  });
  t.call('runDailyFollowUps');
  return t;
}

/**
 * Google drops what the list remembered for the next click (the cache keeps nothing for sure: list-said.ts): the
 * click plans the customer again from their own rows, the path these tests follow.
 */
const forgetTheList = (t: Tsunagu) => t.services.cache.document.evictAll();
const listed = (t: Tsunagu) =>
  t.call<{ groups: { items: Item[] }[] }>('getTodayFollowUps').groups.flatMap((g) => g.items);
const act = (t: Tsunagu, request: unknown) => t.call<Reply>('applyFollowUpAction', request);
const logRows = (t: Tsunagu, key: string) => t.records('連絡履歴').filter((r) => r['キー'] === key);
const customer = (t: Tsunagu, id: string) => t.records('顧客').find((r) => r['顧客ID'] === id);
const sheetOf = (t: Tsunagu, name: string) =>
  (t.services.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet).getSheetByName(
    name,
  ) as GoogleAppsScript.Spreadsheet.Sheet;

/** The owner sorts a sheet's data rows (here: reversed) and inserts blank rows under the header. */
function sortAndInsert(t: Tsunagu, name: string, blank: number): void {
  const sheet = sheetOf(t, name);
  const [header, ...rows] = sheet.getDataRange().getValues();
  rows.reverse();
  sheet.getRange(2, 1, rows.length, header.length).setValues(rows);
  sheet.insertRowsAfter(1, blank);
}

/** The owner swaps two columns of a sheet, headers and all. */
function swapColumns(t: Tsunagu, name: string, a: string, b: string): void {
  const sheet = sheetOf(t, name);
  const values = sheet.getDataRange().getValues();
  const [i, j] = [values[0].indexOf(a), values[0].indexOf(b)];
  for (const row of values) [row[i], row[j]] = [row[j], row[i]];
  sheet.getRange(1, 1, values.length, values[0].length).setValues(values);
}

interface Cost {
  calls: string[];
  /** Cells read by getValues, getDisplayValues, getValue, … (from each call's range). */
  cellsRead: number;
  /** Cells written by setValues and setValue. */
  cellsWritten: number;
  /** TextFinder searches and the cells each searched. */
  finders: string[];
  reads: string[];
}

const READS = new Set([
  'Range.getValues',
  'Range.getDisplayValues',
  'Range.getValue',
  'Range.getDisplayValue',
  'Range.getFormulas',
  'Range.getNumberFormats',
]);

/** What one call costs in Spreadsheet calls and cells. */
function costOf(t: Tsunagu, run: () => void): Cost {
  const cost: Cost = { calls: [], cellsRead: 0, cellsWritten: 0, finders: [], reads: [] };
  t.services.calls.onCall = (service, method, target) => {
    if (service !== 'SpreadsheetApp') return;
    cost.calls.push(method);
    if (!target) return;
    if (READS.has(method)) {
      cost.cellsRead += target.cells ?? 0;
      cost.reads.push(`${target.sheet}!${target.a1}`);
    }
    if (method === 'Range.setValues' || method === 'Range.setValue') cost.cellsWritten += target.cells ?? 0;
    if (method === 'TextFinder.findAll') cost.finders.push(`${target.sheet}!${target.a1}`);
  };
  try {
    run();
  } finally {
    t.services.calls.onCall = undefined;
  }
  return cost;
}

describe('the action reads only the rows it acts on', () => {
  test('電話した and スキップ read their 連絡履歴 rows by キー and nothing of 顧客: the list read after writes the plan', () => {
    const t = prepared(50);
    const cost = costOf(t, () => {
      expect(act(t, { keys: [CALL], action: 'called', outcome: '満足' })).toMatchObject({
        ok: true,
        done: [CALL],
      });
      expect(act(t, { keys: [INQUIRY], action: 'skip' })).toMatchObject({ ok: true, done: [INQUIRY] });
    });
    // Header rows and single rows only: no read of 連絡履歴 spans two rows.
    const spans = (a1: string) => new Set(a1.replace(/^.*!/, '').match(/\d+/g)).size > 1;
    expect(cost.reads.filter((a1) => a1.startsWith('連絡履歴!') && spans(a1))).toEqual([]);
    expect(cost.finders.some((f) => f.startsWith('連絡履歴!'))).toBe(true);
    // The owner's word on a prepared row needs no plan: nothing of 顧客 or the shop's own sheets is read.
    const shopSheets = /^(顧客|設定|カテゴリ|空き枠|テンプレート|来店履歴|LINE友だち)!/;
    expect([...cost.reads, ...cost.finders].filter((a1) => shopSheets.test(a1))).toEqual([]);
    expect(logRows(t, CALL)).toEqual([expect.objectContaining({ 状態: '完了', 結果: '満足' })]);
    expect(logRows(t, INQUIRY)).toEqual([expect.objectContaining({ 状態: 'スキップ' })]);
    expect(t.records('電話リスト')).toEqual([]);
    // The sidebar reads the list again right after the reply: that read writes the whole plan.
    listed(t);
    expect(customer(t, 'C4')?.['次回連絡内容']).not.toBe('購入後フォロー（電話確認）');
    expect(customer(t, 'C1')?.['次回連絡内容']).not.toBe('購入後フォロー（お伺い）');
  });

  describe('不在 says what follows it, as the plan after it has it', () => {
    const missed = (t: Tsunagu, key = CALL) => act(t, { keys: [key], action: 'called', outcome: '不在' });

    test('a second call the next business day, on 次回連絡日 at once', () => {
      const t = prepared(5);
      expect(missed(t).message).toBe(
        '田中 健 様への電話を「不在」で記録しました。（次の営業日にもう一度お電話する予定を入れました）',
      );
      // 2026-11-23 is 勤労感謝の日: the shop is closed.
      expect((customer(t, 'C4')?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-24').getTime());
    });

    test('after the third call, a letter', () => {
      const t = prepared(5);
      missed(t);
      t.at('2026-11-24', 10);
      t.call('runDailyFollowUps');
      expect(missed(t, `${CALL}#2`).message).toContain('もう一度お電話する予定を入れました');
      t.at('2026-11-25', 10);
      t.call('runDailyFollowUps');
      expect(missed(t, `${CALL}#3`).message).toBe(
        '田中 健 様への電話を「不在」で記録しました。（3回つながらなかったため、手紙での連絡を予定に入れました）',
      );
    });

    test('on the last day of its window: no second call, and none promised', () => {
      const t = prepared(5);
      t.at('2026-12-03', 10);
      expect(missed(t).message).toBe(
        '田中 健 様への電話を「不在」で記録しました。（この連絡でもう一度お電話する予定はありません）',
      );
    });

    test('after its window, with no run since: the owner is told why, and nothing is recorded', () => {
      const t = prepared(5);
      t.at('2026-12-20', 10);
      expect(missed(t)).toEqual({
        ok: false,
        message:
          'この連絡は期限切れ（購入後フォロー（電話確認）の期限 2026/12/03 を過ぎました）のため、予定から外れました。一覧を再読み込みしてください。',
      });
      expect(logRows(t, CALL)).toEqual([expect.objectContaining({ 状態: '予定' })]);
    });
  });

  test('スキップ of a draft whose window closed since the list: the owner’s word is recorded, and the draft deleted', () => {
    const t = prepared(5);
    const drafts = () => t.services.exportState().gmail.drafts.map((d) => d.message.to);
    expect(drafts()).toContain('misaki@example.jp');
    // No run in between: the plan would now close the お伺い (its window ended). Nothing goes out either way.
    t.at('2026-12-30', 10);
    expect(act(t, { keys: [INQUIRY], action: 'skip' })).toMatchObject({ ok: true, done: [INQUIRY] });
    expect(drafts()).not.toContain('misaki@example.jp');
    listed(t);
    expect(logRows(t, INQUIRY)).toEqual([
      expect.objectContaining({ 状態: 'スキップ', 備考: expect.stringContaining('オーナーがスキップ') }),
    ]);
  });

  test('a row prepared again today (失敗) is not decided on its row alone: the plan places it', () => {
    const t = prepared(5);
    const sheet = sheetOf(t, '連絡履歴');
    const values = sheet.getDataRange().getValues();
    const row = values.findIndex((r) => r.includes(INQUIRY));
    sheet.getRange(row + 1, values[0].indexOf('状態') + 1).setValue('失敗');
    const cost = costOf(t, () =>
      expect(act(t, { keys: [INQUIRY], action: 'skip' })).toMatchObject({ ok: true }),
    );
    // Due again, so the shop-wide daily limits decide it: the whole workbook is read.
    expect(cost.reads.some((a1) => a1.startsWith('設定!'))).toBe(true);
    expect(logRows(t, INQUIRY)).toEqual([expect.objectContaining({ 状態: 'スキップ' })]);
  });

  test('延期 on two customers reads both by 顧客ID, and each customer row gets its own plan at once', () => {
    const t = prepared(50);
    expect(customer(t, 'C1')?.['次回連絡内容']).toBe('購入後フォロー（お伺い）');
    expect(customer(t, 'C4')?.['次回連絡内容']).toBe('購入後フォロー（電話確認）');
    const cost = costOf(t, () =>
      expect(act(t, { keys: [INQUIRY, CALL], action: 'snooze', date: '2026-11-25' })).toMatchObject({
        ok: true,
        done: [INQUIRY, CALL],
      }),
    );
    const spans = (a1: string) => new Set(a1.replace(/^.*!/, '').match(/\d+/g)).size > 1;
    expect(cost.reads.filter((a1) => /^(連絡履歴|顧客)!/.test(a1) && spans(a1))).toEqual([]);
    expect(cost.finders.some((f) => f.startsWith('顧客!'))).toBe(true);
    expect(logRows(t, INQUIRY)).toEqual([expect.objectContaining({ 状態: '延期' })]);
    expect(logRows(t, CALL)).toEqual([expect.objectContaining({ 状態: '延期' })]);
    expect(t.records('電話リスト')).toEqual([]);
    for (const id of ['C1', 'C4'])
      expect((customer(t, id)?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-25').getTime());
  });

  test('the calls and cells read do not grow with the shop: 100 and 5,000 rows of 連絡履歴 and 顧客', () => {
    const measure = (size: number) => {
      const t = prepared(size);
      const run = (request: unknown) => {
        let reply: Reply | undefined;
        const cost = costOf(t, () => (reply = act(t, request)));
        expect(reply).toMatchObject({ ok: true });
        return cost;
      };
      return {
        called: run({ keys: [CALL], action: 'called', outcome: '満足' }),
        skip: run({ keys: [INQUIRY], action: 'skip' }),
        snooze: run({ keys: [LINE_INQUIRY], action: 'snooze', date: '2026-11-25' }),
      };
    };
    const small = measure(100);
    const large = measure(5000);
    const figures: string[] = [];
    for (const action of ['called', 'skip', 'snooze'] as const) {
      const [s, l] = [small[action], large[action]];
      figures.push(
        `${action}: ${s.calls.length} calls, ${s.cellsRead} cells read, ${s.cellsWritten} written (100 rows) | ${l.calls.length} calls, ${l.cellsRead} cells read, ${l.cellsWritten} written (5,000 rows); TextFinder searches ${s.finders.join(' ')} | ${l.finders.join(' ')}`,
      );
      expect(l.calls).toEqual(s.calls);
      expect(l.cellsRead).toBe(s.cellsRead);
      expect(l.cellsWritten).toBe(s.cellsWritten);
    }
    process.stdout.write(`${figures.join('\n')}\n`);
  }, 120_000);

  test('LINEを承認して送信 with its consent re-check does not grow with the shop either', () => {
    const measure = (size: number) => {
      const t = prepared(size);
      let reply: Reply | undefined;
      const cost = costOf(
        t,
        () => (reply = act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: true })),
      );
      expect(reply).toMatchObject({ ok: true, message: expect.stringContaining('LINEを1件送りました') });
      expect(lineApi.to()).toContain(LINE_ID);
      lineApi.pushes.splice(0);
      return cost;
    };
    const [s, l] = [measure(100), measure(5000)];
    process.stdout.write(
      `approveLine+send: ${s.calls.length} calls, ${s.cellsRead} cells read (100 rows) | ${l.calls.length} calls, ${l.cellsRead} cells read (5,000 rows)\n`,
    );
    expect(l.calls).toEqual(s.calls);
    expect(l.cellsRead).toBe(s.cellsRead);
  }, 120_000);
});

test('an id the owner keeps as a number formatted 0000 is found as displayed', () => {
  const sheets = shop(30);
  const customers = sheets[0];
  const row = (customers.values as unknown[][]).findIndex((r) => r[0] === 'C4');
  (customers.values as unknown[][])[row][0] = 12;
  customers.numberFormats = (customers.values as unknown[][]).map((_, i) => (i === row ? ['0000'] : []));
  const log = sheets.find((s) => s.name === '連絡履歴')?.values as unknown[][];
  log[1][1] = '0012';
  log[1][10] = '12|S1|お伺い|2026-11-10';
  const t = loadTsunagu({ sheets, today: '2026-11-22', hour: 10 });
  t.call('runDailyFollowUps');
  const call = listed(t).find((i) => i.key.includes('電話確認')) as Item;
  expect(call.key).toMatch(/^(0012|12)\|S1\|電話確認/);
  forgetTheList(t);
  // 延期 plans the customer alone: C4's row is found by its 顧客ID as displayed.
  const cost = costOf(t, () =>
    expect(act(t, { keys: [call.key], action: 'snooze', date: '2026-11-24' })).toMatchObject({
      ok: true,
      done: [call.key],
    }),
  );
  const spans = (a1: string) => new Set(a1.replace(/^.*!/, '').match(/\d+/g)).size > 1;
  expect(cost.reads.filter((a1) => /^(連絡履歴|顧客)!/.test(a1) && spans(a1))).toEqual([]);
  expect(cost.finders.some((f) => f.startsWith('顧客!'))).toBe(true);
  expect(logRows(t, call.key)).toEqual([expect.objectContaining({ 状態: '延期' })]);
  const c4 = t.records('顧客').find((r) => r['氏名'] === '田中 健');
  expect((c4?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-24').getTime());
});

describe('owners sort and insert rows between the list and the click', () => {
  test('sorted and shifted 連絡履歴 and 顧客: the remembered row is checked, and the キー found where it went', () => {
    const t = prepared(20);
    const listedBefore = listed(t);
    const item = listedBefore.find((i) => i.key === CALL) as Item;
    expect(item.row).toBeGreaterThan(1);
    sortAndInsert(t, '連絡履歴', 3);
    sortAndInsert(t, '顧客', 2);
    const before = sheetOf(t, '連絡履歴')
      .getRange(item.row as number, 1, 1, 12)
      .getValues()[0];
    const reply = act(t, { keys: [CALL], action: 'called', outcome: '不在', rows: { [CALL]: item.row } });
    expect(reply).toMatchObject({ ok: true, done: [CALL] });
    expect(logRows(t, CALL)).toEqual([expect.objectContaining({ 状態: '完了', 結果: '不在' })]);
    // The row now at the remembered number is someone else's, and is as it was.
    expect(
      sheetOf(t, '連絡履歴')
        .getRange(item.row as number, 1, 1, 12)
        .getValues()[0],
    ).toEqual(before);
    // 延期 of C1's email, at the row the list remembered before the sort: C1 is found in the sorted 顧客 by 顧客ID,
    // and only C1's Tsunagu columns are written.
    const inquiry = listedBefore.find((i) => i.key === INQUIRY)?.row;
    const c4 = { ...customer(t, 'C4') };
    expect(
      act(t, { keys: [INQUIRY], action: 'snooze', date: '2026-11-25', rows: { [INQUIRY]: inquiry } }),
    ).toMatchObject({ ok: true, done: [INQUIRY] });
    expect(logRows(t, INQUIRY)).toEqual([expect.objectContaining({ 状態: '延期' })]);
    expect((customer(t, 'C1')?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-25').getTime());
    expect(customer(t, 'C1')?.['次回チャネル']).toBe('メール');
    expect(customer(t, 'C4')).toEqual(c4);
    // The list read after them writes the whole plan: C4's second call.
    listed(t);
    expect((customer(t, 'C4')?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-24').getTime());
    expect(customer(t, 'C4')?.['次回チャネル']).toBe('電話');
  });

  test('a moved column is found by its header', () => {
    const t = prepared(20);
    swapColumns(t, '連絡履歴', 'キー', '氏名');
    swapColumns(t, '顧客', '氏名', 'メール');
    expect(act(t, { keys: [INQUIRY], action: 'skip' })).toMatchObject({ ok: true, done: [INQUIRY] });
    expect(logRows(t, INQUIRY)).toEqual([
      expect.objectContaining({ 状態: 'スキップ', 備考: expect.stringContaining('オーナーがスキップ') }),
    ]);
    expect(customer(t, 'C1')?.['氏名']).toBe('佐藤 美咲');
  });

  test('a remembered row that now holds another キー is never acted on', () => {
    const t = prepared(20);
    const rows = Object.fromEntries(listed(t).map((i) => [i.key, i.row]));
    // The list's rows for the call and the email, crossed: each is read, found not to hold the キー, and not used.
    const reply = act(t, { keys: [CALL], action: 'skip', rows: { [CALL]: rows[INQUIRY] } });
    expect(reply).toMatchObject({ ok: true });
    expect(logRows(t, CALL)).toEqual([expect.objectContaining({ 状態: 'スキップ' })]);
    expect(logRows(t, INQUIRY)).toEqual([expect.objectContaining({ 状態: '下書き' })]);
  });

  test('a row whose キー is gone says so', () => {
    const t = prepared(20);
    const item = listed(t).find((i) => i.key === CALL) as Item;
    const call = { keys: [CALL], action: 'called', outcome: '満足', rows: { [CALL]: item.row } };
    // Done from another tab first: the row is there, no longer to do.
    expect(act(t, call)).toMatchObject({ ok: true });
    expect(act(t, call)).toEqual({ ok: false, message: NOT_FOUND });
    // The owner typed over a キー after sorting: no row holds it any more.
    const other = listed(t).find((i) => i.key === INQUIRY) as Item;
    sortAndInsert(t, '連絡履歴', 1);
    const sheet = sheetOf(t, '連絡履歴');
    const keyColumn = (sheet.getRange(1, 1, 1, 12).getValues()[0] as unknown[]).indexOf('キー') + 1;
    const at = (sheet.getRange(1, keyColumn, sheet.getLastRow(), 1).getValues() as unknown[][]).findIndex(
      (r) => r[0] === INQUIRY,
    );
    sheet.getRange(at + 1, keyColumn).setValue('C1|S1|お伺い|2026-11-21');
    expect(act(t, { keys: [INQUIRY], action: 'skip', rows: { [INQUIRY]: other.row } })).toEqual({
      ok: false,
      message: NOT_FOUND,
    });
  });

  test('an opt-out typed between the list and the click stops the send', () => {
    const t = prepared(20);
    expect(listed(t).map((i) => i.key)).toContain(LINE_INQUIRY);
    sortAndInsert(t, '顧客', 1);
    const sheet = sheetOf(t, '顧客');
    const values = sheet.getDataRange().getValues();
    const row = values.findIndex((r) => r[0] === 'C3');
    sheet.getRange(row + 1, values[0].indexOf('配信停止') + 1).setValue('LINE');
    let reply: Reply = { ok: false, message: '' };
    const cost = costOf(
      t,
      () => (reply = act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: true })),
    );
    // C3's row was read by 顧客ID (no read of 顧客 spans two rows), after the owner typed.
    const spans = (a1: string) => new Set(a1.replace(/^.*!/, '').match(/\d+/g)).size > 1;
    expect(cost.reads.filter((a1) => a1.startsWith('顧客!') && spans(a1))).toEqual([]);
    expect(cost.finders.filter((f) => f.startsWith('顧客!')).length).toBeGreaterThan(0);
    expect(lineApi.pushes).toEqual([]);
    expect(reply.message).toContain('配信停止');
    expect(t.records('LINE送信').filter((r) => r['キー'] === LINE_INQUIRY)).toEqual([
      expect.objectContaining({ 状態: 'スキップ', 備考: expect.stringContaining('配信停止') }),
    ]);
  });
});

describe('what a click asks of Apps Script besides the rows', () => {
  test('no sheet is listed by name, and the document properties are read once (the guard’s memory fresh)', () => {
    const t = prepared(20);
    t.services.calls.reset();
    expect(act(t, { keys: [CALL], action: 'called', outcome: '不在' })).toMatchObject({ ok: true });
    // The customer list by the name the whole read saw (getName is a round trip a sheet), the properties in one
    // getProperties of each store.
    expect(t.services.calls.count('SpreadsheetApp', 'Spreadsheet.getSheets')).toBe(0);
    expect(t.services.calls.count('SpreadsheetApp', 'Sheet.getName')).toBe(0);
    // One property is read from the store itself: the log guard's memory, which another execution may lower.
    expect(t.services.calls.count('PropertiesService', 'Properties.getProperty')).toBe(1);
    expect(t.services.calls.count('PropertiesService', 'Properties.getProperties')).toBeLessThanOrEqual(2);
  });

  test('an approval reads LINE送信 once: its row tells whether it still waits, and is then approved', () => {
    const t = prepared(20);
    const cost = costOf(t, () =>
      expect(act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: false })).toMatchObject({
        ok: true,
      }),
    );
    expect(cost.finders.filter((f) => f.startsWith('LINE送信!'))).toHaveLength(1);
    expect(cost.reads.filter((a1) => a1.startsWith('LINE送信!'))).toHaveLength(2);
    expect(t.records('LINE送信').find((r) => r['キー'] === LINE_INQUIRY)).toMatchObject({
      承認: true,
      状態: '承認済',
    });
  });

  test.each(['skip', 'snooze'])(
    '%s of a LINE reads LINE送信 once: its row tells whether it is being sent, and is then withdrawn',
    (action) => {
      const t = prepared(20);
      const cost = costOf(t, () =>
        expect(act(t, { keys: [LINE_INQUIRY], action, date: '2026-11-25' })).toMatchObject({ ok: true }),
      );
      expect(cost.finders.filter((f) => f.startsWith('LINE送信!'))).toHaveLength(1);
      expect(cost.reads.filter((a1) => a1.startsWith('LINE送信!'))).toHaveLength(2);
      expect(t.records('LINE送信').find((r) => r['キー'] === LINE_INQUIRY)).toMatchObject({
        承認: false,
        状態: 'スキップ',
        備考: expect.stringContaining('取り下げ'),
      });
    },
  );

  test.each(['skip', 'snooze'])('%s of a LINE being sent (送信中) changes nothing', (action) => {
    const t = prepared(20);
    const outbox = sheetOf(t, 'LINE送信');
    const values = outbox.getDataRange().getValues();
    const row = values.findIndex((r) => r[0] === LINE_INQUIRY);
    outbox.getRange(row + 1, values[0].indexOf('状態') + 1).setValue('送信中');
    expect(act(t, { keys: [LINE_INQUIRY], action, date: '2026-11-25' })).toMatchObject({
      ok: false,
      message: expect.stringContaining('送信中か送信済み'),
    });
    expect(t.records('LINE送信').find((r) => r['キー'] === LINE_INQUIRY)?.['状態']).toBe('送信中');
    expect(logRows(t, LINE_INQUIRY)).toEqual([expect.objectContaining({ 状態: '承認待ち' })]);
  });

  test('an approval of a row no longer waiting (送信済) changes nothing', () => {
    const t = prepared(20);
    const outbox = sheetOf(t, 'LINE送信');
    const values = outbox.getDataRange().getValues();
    const row = values.findIndex((r) => r[0] === LINE_INQUIRY);
    outbox.getRange(row + 1, values[0].indexOf('状態') + 1).setValue('送信済');
    expect(act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: false })).toMatchObject({
      ok: false,
      message: expect.stringContaining('送信'),
    });
    expect(t.records('LINE送信').find((r) => r['キー'] === LINE_INQUIRY)?.['承認']).not.toBe(true);
    expect(logRows(t, LINE_INQUIRY)).toEqual([expect.objectContaining({ 状態: '承認待ち' })]);
  });

  test('LINE送信 whose メッセージ header the owner renamed: nothing is approved, and no column is added', () => {
    const t = prepared(20);
    const outbox = sheetOf(t, 'LINE送信');
    const headers = outbox.getRange(1, 1, 1, outbox.getLastColumn()).getValues()[0] as string[];
    outbox.getRange(1, headers.indexOf('メッセージ') + 1).setValue('送る文');
    const width = outbox.getLastColumn();
    expect(act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: false })).toMatchObject({
      ok: false,
      message: expect.stringContaining('送信'),
    });
    expect(outbox.getLastColumn()).toBe(width);
    expect(logRows(t, LINE_INQUIRY)).toEqual([expect.objectContaining({ 状態: '承認待ち' })]);
  });

  test("the customer's row is checked by 顧客ID once before its plan is written, and the grid is not measured", () => {
    const t = prepared(20);
    const cost = costOf(t, () =>
      expect(act(t, { keys: [INQUIRY], action: 'snooze', date: '2026-11-25' })).toMatchObject({ ok: true }),
    );
    const row = t.records('顧客').findIndex((r) => r['顧客ID'] === 'C1') + 2;
    expect(cost.reads.filter((a1) => a1 === `顧客!A${row}`)).toHaveLength(1);
    expect(cost.calls.filter((m) => m === 'Sheet.getMaxRows')).toEqual([]);
    expect((customer(t, 'C1')?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-25').getTime());
  });

  test('a 顧客ID retyped in full width while the click runs is the same customer: their plan is written, not cleared', () => {
    const t = prepared(20);
    const row = t.records('顧客').findIndex((r) => r['顧客ID'] === 'C1') + 2;
    const cell = sheetOf(t, '顧客').getRange(row, 1);
    // The owner retypes C1 as Ｃ１ once the click has read the customer's row (the call after that read), before it
    // writes the plan.
    let read = false;
    let retyped = false;
    t.services.calls.onCall = (service, method, target) => {
      if (retyped || service !== 'SpreadsheetApp') return;
      if (read) {
        retyped = true;
        cell.setValue('Ｃ１');
      } else
        read = method === 'Range.getValues' && target?.sheet === '顧客' && target.a1.startsWith(`A${row}:`);
    };
    expect(act(t, { keys: [INQUIRY], action: 'snooze', date: '2026-11-25' })).toMatchObject({ ok: true });
    t.services.calls.onCall = undefined;
    expect(retyped).toBe(true);
    const c1 = t.records('顧客')[row - 2];
    expect(c1['顧客ID']).toBe('Ｃ１');
    expect((c1['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-25').getTime());
    expect(c1['次回連絡内容']).toBe('購入後フォロー（お伺い）');
  });

  test('a customer list renamed between the list and the click is looked for again, and its own row is written', () => {
    const t = prepared(20);
    listed(t);
    sheetOf(t, '顧客').setName('お客様リスト');
    forgetTheList(t);
    expect(act(t, { keys: [CALL], action: 'snooze', date: '2026-11-24' })).toMatchObject({
      ok: true,
      done: [CALL],
    });
    expect(t.services.calls.count('SpreadsheetApp', 'Spreadsheet.getSheets')).toBeGreaterThan(0);
    const c4 = t.records('お客様リスト').find((r) => r['顧客ID'] === 'C4');
    expect((c4?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-24').getTime());
    // The next click finds it by its new name, seen by the list read between them.
    listed(t);
    t.services.calls.reset();
    expect(act(t, { keys: [INQUIRY], action: 'snooze', date: '2026-11-25' })).toMatchObject({
      ok: true,
      done: [INQUIRY],
    });
    expect(t.services.calls.count('SpreadsheetApp', 'Sheet.getName')).toBe(0);
  });

  test('a sheet given the old name after the list was found by its headers is not taken for it', () => {
    const t = prepared(20);
    sheetOf(t, '顧客').setName('会員');
    listed(t);
    // The owner names another sheet 会員: its id is not the one found by headers, so the sheets are searched again.
    sheetOf(t, '会員').setName('会員（旧）');
    (t.services.spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet)
      .insertSheet('会員')
      .getRange(1, 1, 1, 2)
      .setValues([['メモ', '日付']]);
    forgetTheList(t);
    expect(act(t, { keys: [CALL], action: 'snooze', date: '2026-11-24' })).toMatchObject({
      ok: true,
      done: [CALL],
    });
    const c4 = t.records('会員（旧）').find((r) => r['顧客ID'] === 'C4');
    expect((c4?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-24').getTime());
    expect(t.values('会員')).toEqual([['メモ', '日付']]);
  });
});

describe('電話リスト after 電話した', () => {
  test("the owner's 結果 typed on another call while the click writes 連絡履歴 is kept", () => {
    const t = prepared(5);
    const phone = sheetOf(t, '電話リスト');
    const values = phone.getDataRange().getValues();
    const header = values[0].map(String);
    const keyColumn = header.findIndex((h) => h.startsWith('キー'));
    const resultColumn = header.indexOf('結果');
    // Another call on the list, as another customer's would be.
    const other = [...values[1]];
    other[keyColumn] = 'C9|S1|電話確認|2026-11-10';
    phone.getRange(values.length + 1, 1, 1, other.length).setValues([other]);
    let typed = false;
    t.services.calls.onCall = (_service, method, target) => {
      if (typed || target?.sheet !== '連絡履歴' || !method.startsWith('Range.set')) return;
      typed = true;
      phone.getRange(values.length + 1, resultColumn + 1).setValue('不在');
    };
    expect(act(t, { keys: [CALL], action: 'called', outcome: '満足' })).toMatchObject({ ok: true });
    t.services.calls.onCall = undefined;
    expect(typed).toBe(true);
    const rows = phone.getDataRange().getValues();
    expect(rows.filter((r) => r[keyColumn] === CALL)).toEqual([]);
    expect(rows.find((r) => r[keyColumn] === 'C9|S1|電話確認|2026-11-10')?.[resultColumn]).toBe('不在');
  });
});

describe('the lost-連絡履歴 guard', () => {
  test('rows of Tsunagu the owner deleted stop a targeted action as they stop the run: no LINE goes out', () => {
    const t = prepared(20);
    const log = t.services.spreadsheet.getSheetByName('連絡履歴') as GoogleAppsScript.Spreadsheet.Sheet;
    const keys = log
      .getDataRange()
      .getValues()
      .map((r) => String(r[10]));
    // Five of Tsunagu's keyed rows, deleted by hand.
    log.deleteRows(keys.findIndex((k) => k.startsWith('F0')) + 1, 5);
    const reply = act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: true });
    expect(lineApi.pushes).toHaveLength(0);
    expect(reply.ok).toBe(false);
    expect(reply.message).toContain('5行消えています');
  });
});

describe('a LINE 空き枠案内, chosen among all customers when it was prepared, is approved on its customer’s rows', () => {
  /** R1–R3 regulars by LINE, the slot on 11-26 10:00 offered to them on 11-24, with `filler` customers more. */
  function offered(filler = 0): Tsunagu {
    const regular = (i: number) => ({
      顧客ID: `R${i}`,
      氏名: `常連 R${i}`,
      LINEユーザーID: `U${String(i).padStart(32, 'a')}`,
      初回来店日: dateCell('2025-01-10'),
      最終来店日: dateCell('2026-11-01'),
      来店回数: 4 + i,
      常連: true,
    });
    return preparedOn(
      [
        customerSheet(
          [
            regular(1),
            regular(2),
            regular(3),
            ...Array.from({ length: filler }, (_, i) => ({
              顧客ID: `F${i}`,
              氏名: `客 ${i}`,
              配信停止: 'すべて',
            })),
          ],
          [...CUSTOMER_HEADER, '常連'],
        ),
        settingsSheet(SHOP_SETTINGS),
        {
          name: '空き枠',
          values: [
            ['日時', '所要(分)', '特別価格', '案内', '状態'],
            [new Date(wall('2026-11-26', 10)), 60, '通常6,000円→4,500円', true, '空き'],
          ],
        },
      ],
      '2026-11-24',
    );
  }
  const offerOf = (t: Tsunagu, id: string) =>
    t.records('連絡履歴').find((r) => r['顧客ID'] === id && r['シナリオ'] === '空き枠案内');
  const outboxOf = (t: Tsunagu, key: string) => t.records('LINE送信').find((r) => r['キー'] === key);

  test('approved with the customer’s rows read by 顧客ID, not the whole workbook', () => {
    const t = offered(200);
    const offer = offerOf(t, 'R3');
    expect(offer).toMatchObject({ チャネル: 'LINE', 状態: '承認待ち' });
    const key = String(offer?.['キー']);
    listed(t);
    forgetTheList(t);
    let reply: Reply | undefined;
    const cost = costOf(t, () => (reply = act(t, { keys: [key], action: 'approveLine', send: false })));
    expect(reply).toMatchObject({
      ok: true,
      // 自動実行 off here: only the menu sends it, and the owner is told so.
      message:
        '常連 R3 様へのLINEを承認しました。自動実行がオフのため、送るときはメニュー「フォローアップ」→「承認したLINEを送信」を押してください（9時から20時の間に送ります）。',
      done: [key],
    });
    const spans = (a1: string) => new Set(a1.replace(/^.*!/, '').match(/\d+/g)).size > 1;
    expect(cost.reads.filter((a1) => /^(連絡履歴|顧客)!/.test(a1) && spans(a1))).toEqual([]);
    expect(cost.finders.some((f) => f.startsWith('顧客!'))).toBe(true);
    expect(offerOf(t, 'R3')).toMatchObject({ 状態: '承認済' });
    expect(outboxOf(t, key)).toMatchObject({ 承認: true, 状態: '承認済' });
    // The others' offers are as they were.
    for (const id of ['R1', 'R2']) expect(offerOf(t, id)).toMatchObject({ 状態: '承認待ち' });
  });

  test('once the slot has passed, nothing is approved, as the whole plan would say', () => {
    const t = offered(20);
    const key = String(offerOf(t, 'R2')?.['キー']);
    t.at('2026-11-26', 11);
    expect(act(t, { keys: [key], action: 'approveLine', send: false })).toEqual({
      ok: false,
      message: 'この連絡は状況が変わり不要になったため、予定から外れました。一覧を再読み込みしてください。',
    });
    expect(offerOf(t, 'R2')).toMatchObject({ 状態: '承認待ち' });
    expect(outboxOf(t, key)?.['承認']).not.toBe(true);
  });

  test('the slot marked 埋まり before the approval: the owner is told so, and nothing is approved', () => {
    const t = offered(20);
    const key = String(offerOf(t, 'R2')?.['キー']);
    sheetOf(t, '空き枠').getRange(2, 5).setValue('埋まり');
    expect(act(t, { keys: [key], action: 'approveLine', send: true })).toEqual({
      ok: false,
      message: 'この連絡は空き枠が埋まったため、予定から外れました。一覧を再読み込みしてください。',
    });
    expect(lineApi.pushes).toEqual([]);
    expect(outboxOf(t, key)?.['承認']).not.toBe(true);
  });

  test('approved, then the slot marked 埋まり before the batch sends it: not sent, and closed', () => {
    const t = offered(20);
    const key = String(offerOf(t, 'R3')?.['キー']);
    expect(act(t, { keys: [key], action: 'approveLine', send: false })).toMatchObject({ ok: true });
    const slots = sheetOf(t, '空き枠');
    slots.getRange(2, 5).setValue('埋まり');
    const reply = t.call<{ message: string }>('sendApprovedLine');
    expect(lineApi.pushes).toEqual([]);
    expect(reply.message).toBe(
      '1件は配信停止や予約・空き枠の変更のため、送るのをやめました（「LINE送信」シートの備考をご覧ください）。',
    );
    expect(outboxOf(t, key)).toMatchObject({
      状態: 'スキップ',
      備考: '空き枠が埋まったため、送りませんでした（スキップ）',
    });
    expect(offerOf(t, 'R3')).toMatchObject({ 状態: 'スキップ' });
    // The next read of the plan closes the other offers of that slot, and names no offer in 次回連絡内容.
    listed(t);
    t.call('runDailyFollowUps');
    for (const id of ['R1', 'R2']) expect(offerOf(t, id)?.['状態']).not.toMatch(/承認待ち|承認済/);
    expect(customer(t, 'R1')?.['次回連絡内容']).not.toBe('空き枠案内（ご案内）');
  });

  test('延期 of an offer (the whole workbook decides it) made while the list is read is not written over', () => {
    const t = offered(20);
    const key = String(offerOf(t, 'R1')?.['キー']);
    // An approval on the customer's rows leaves R1's row to the whole plan (its next contact is shop-wide).
    expect(act(t, { keys: [key], action: 'approveLine', send: false })).toMatchObject({ ok: true });
    let clicked: Reply | undefined;
    let logRead = false;
    t.services.calls.onCall = (_service, method, target) => {
      if (!logRead) {
        logRead = target?.sheet === '連絡履歴' && method === 'Range.getValues';
        return;
      }
      t.services.calls.onCall = undefined;
      // Once the list read has read 連絡履歴: 延期 of a 空き枠案内, which reads the whole workbook and writes the whole
      // plan under the lock.
      clicked = act(t, { keys: [key], action: 'snooze', date: '2026-11-25' });
    };
    listed(t);
    t.services.calls.onCall = undefined;
    expect(clicked).toMatchObject({ ok: true });
    expect(offerOf(t, 'R1')?.['状態']).toBe('延期');
    expect(customer(t, 'R1')?.['理由']).toContain('延期（連絡履歴）');
    expect((customer(t, 'R1')?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-25').getTime());
  });

  test('次回連絡日 shows the offer waiting for approval, after a click left the plan to the list', () => {
    const t = offered(20);
    expect(customer(t, 'R2')?.['次回連絡内容']).toBe('空き枠案内（ご案内）');
    const key = String(offerOf(t, 'R1')?.['キー']);
    expect(act(t, { keys: [key], action: 'skip' })).toMatchObject({ ok: true });
    listed(t);
    expect(customer(t, 'R2')).toMatchObject({ 次回連絡内容: '空き枠案内（ご案内）', 次回チャネル: 'LINE' });
    expect(customer(t, 'R2')?.['理由']).toContain('承認待ち');
  });

  test('承認して送信 after the customer stopped LINE sends nothing', () => {
    const t = offered(20);
    const key = String(offerOf(t, 'R1')?.['キー']);
    const sheet = sheetOf(t, '顧客');
    const values = sheet.getDataRange().getValues();
    const row = values.findIndex((r) => r[0] === 'R1');
    sheet.getRange(row + 1, values[0].indexOf('配信停止') + 1).setValue('LINE');
    const reply = act(t, { keys: [key], action: 'approveLine', send: true });
    expect(lineApi.pushes).toEqual([]);
    expect(reply.message).toBe(
      '常連 R1 様へのLINEを承認しました。1件は配信停止や予約・空き枠の変更のため、送るのをやめました（「LINE送信」シートの備考をご覧ください）。',
    );
    expect(offerOf(t, 'R1')?.['状態']).not.toBe('送信済');
  });
});

describe('the list read after a click writes the whole plan without keeping the next click waiting', () => {
  const mark = (t: Tsunagu) =>
    (t.services.properties.getDocumentProperties() as GoogleAppsScript.Properties.Properties).getProperty(
      'tsunagu.planStale',
    );

  test('顧客 and 連絡履歴 are read without the lock; the plan is written under it', () => {
    const t = prepared(20);
    expect(act(t, { keys: [INQUIRY], action: 'skip' })).toMatchObject({ ok: true });
    expect(mark(t)).not.toBeNull();
    const heldWhile: Record<string, boolean[]> = { read: [], written: [] };
    t.services.calls.onCall = (_service, method, target) => {
      if (target?.sheet !== '顧客' && target?.sheet !== '連絡履歴') return;
      if (method === 'Range.getValues' && (target.cells ?? 0) > 100)
        heldWhile.read.push(t.services.locks.isHeld('script'));
      if (method === 'Range.setValues' && target.sheet === '顧客')
        heldWhile.written.push(t.services.locks.isHeld('script'));
    };
    listed(t);
    t.services.calls.onCall = undefined;
    expect(heldWhile.read.length).toBeGreaterThan(0);
    expect(heldWhile.read.every((held) => !held)).toBe(true);
    expect(heldWhile.written.length).toBeGreaterThan(0);
    expect(heldWhile.written.every((held) => held)).toBe(true);
    expect(mark(t)).toBeNull();
    expect(customer(t, 'C1')?.['次回連絡内容']).not.toBe('購入後フォロー（お伺い）');
  });

  test('the morning run wrote the plan its preparing left: the list read after a click writes that customer’s row', () => {
    const t = prepared(200);
    expect(act(t, { keys: [INQUIRY], action: 'skip' })).toMatchObject({ ok: true });
    const rows = new Set<string>();
    t.services.calls.onCall = (_service, method, target) => {
      if (method === 'Range.setValues' && target?.sheet === '顧客')
        for (const n of target.a1.match(/\d+/g) ?? []) rows.add(n);
    };
    listed(t);
    t.services.calls.onCall = undefined;
    const c1 = (t.values('顧客') ?? []).findIndex((r) => r[0] === 'C1') + 1;
    expect([...rows]).toEqual([String(c1)]);
  });

  test('a click made while the list is read goes through, and the older plan is not written over it', () => {
    const t = prepared(20);
    expect(act(t, { keys: [INQUIRY], action: 'skip' })).toMatchObject({ ok: true });
    let clicked: Reply | undefined;
    t.services.calls.onCall = (_service, method, target) => {
      if (
        clicked ||
        target?.sheet !== '連絡履歴' ||
        method !== 'Range.getValues' ||
        (target.cells ?? 0) < 100
      )
        return;
      // The owner's next click, while the list read is between its read and its writing.
      t.services.calls.onCall = undefined;
      clicked = act(t, { keys: [CALL], action: 'snooze', date: '2026-11-25' });
    };
    listed(t);
    t.services.calls.onCall = undefined;
    expect(clicked).toMatchObject({ ok: true, done: [CALL] });
    // The 延期 left a mark of its own: the list read, planned from before it, wrote nothing and left the plan to
    // the next read.
    expect(mark(t)).not.toBeNull();
    expect((customer(t, 'C4')?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-25').getTime());
    listed(t);
    expect(mark(t)).toBeNull();
    expect((customer(t, 'C4')?.['次回連絡日'] as Date).getTime()).toBe(dateCell('2026-11-25').getTime());
    expect(customer(t, 'C1')?.['次回連絡内容']).not.toBe('購入後フォロー（お伺い）');
  });

  test('a LINE sent by the hourly batch leaves a mark: the next list read writes where that customer stands', () => {
    const t = prepared(5);
    expect(act(t, { keys: [LINE_INQUIRY], action: 'approveLine', send: false })).toMatchObject({ ok: true });
    listed(t);
    expect(mark(t)).toBeNull();
    expect(customer(t, 'C3')?.['理由']).toContain('承認済');
    expect(t.call('sendApprovedLine')).toMatchObject({ sent: 1 });
    expect(mark(t)).not.toBeNull();
    listed(t);
    expect(mark(t)).toBeNull();
    expect(customer(t, 'C3')?.['理由']).not.toContain('承認済');
  });

  test('a run that wrote the whole plan meanwhile is not written over either', () => {
    const t = prepared(20);
    expect(act(t, { keys: [INQUIRY], action: 'skip' })).toMatchObject({ ok: true });
    const written: string[] = [];
    let ran = false;
    t.services.calls.onCall = (_service, method, target) => {
      if (!ran && target?.sheet === '連絡履歴' && method === 'Range.getValues' && (target.cells ?? 0) > 100) {
        ran = true;
        t.services.calls.onCall = undefined;
        t.call('runDailyFollowUps');
        t.services.calls.onCall = watch;
      }
    };
    const watch: typeof t.services.calls.onCall = (_service, method, target) => {
      if (method === 'Range.setValues' && target?.sheet === '顧客') written.push(target.a1);
    };
    listed(t);
    t.services.calls.onCall = undefined;
    expect(ran).toBe(true);
    expect(written).toEqual([]);
    expect(mark(t)).toBeNull();
  });
});
