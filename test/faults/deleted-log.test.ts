/**
 * A deleted 連絡履歴 (issue 13, item 2): "A deleted 連絡履歴 with pending contacts stops preparing and tells the owner
 * how to bring back just that sheet (元に戻す right after; otherwise a copy of an earlier version and 「別のワークブックに
 * コピー」 — never 「この版を復元」, which turns back every sheet); an owner who deleted it on purpose can choose to start
 * again without it, warned that steps already sent may be prepared again" (contract section 3, Step life cycle).
 */
import type { CellValue } from '../fakes';
import {
  customerSheet,
  lineCustomer,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
  draftsWaiting,
} from '../bundle/harness';
import { tally } from './tally';

const LOG = '連絡履歴';

const sheet = (t: Tsunagu, name: string) => t.services.spreadsheet.sheet(name);
const told = (t: Tsunagu) => t.services.spreadsheet.toasts.at(-1)?.message ?? '';
const states = (t: Tsunagu) => t.records(LOG).map((r) => `${String(r['顧客ID'])} ${String(r['状態'])}`);
const ownerMail = (t: Tsunagu) =>
  t.services.exportState().gmail.sent.filter((m) => m.subject.startsWith('【つなぐ】'));

function deleteLog(t: Tsunagu): CellValue[][] {
  const saved = t.values(LOG) ?? [];
  const log = t.services.spreadsheet.getSheetByName(LOG);
  if (log) t.services.spreadsheet.deleteSheet(log);
  return saved;
}

/** The owner brings the sheet back as the steps say: a copy of the tab, renamed to 連絡履歴. */
function bringBack(t: Tsunagu, saved: CellValue[][], name = LOG): void {
  const copy = t.services.spreadsheet.insertSheet(name);
  const width = Math.max(...saved.map((r) => r.length));
  const rows = saved.map((r) => [...r, ...new Array<CellValue>(width - r.length).fill('')]);
  copy.getRange(1, 1, rows.length, width).setValues(rows);
}

/** What the owner is told: each step of bringing back just 連絡履歴, in Google Sheets' own words. */
function expectRestoreSteps(text: string): void {
  expect(text).toContain('準備を止めています');
  expect(text).toContain('「編集」→「元に戻す」');
  expect(text).toContain('「ファイル」→「変更履歴」→「変更履歴を表示」');
  expect(text).toContain('「コピーを作成」');
  expect(text).toContain('「コピー先」→「既存のスプレッドシート」');
  expect(text).toContain('「連絡履歴 のコピー」の名前を「連絡履歴」に変えます');
  expect(text).toContain('「この版を復元」は使わないでください');
  expect(text).toContain('「連絡履歴なしで始め直す」');
}

describe('a deleted 連絡履歴 with pending contacts stops preparing', () => {
  test('deleted: nothing drafted, no empty 連絡履歴 made, no owner cell touched; summary, notice, sidebar and 診断 say how to bring it back', () => {
    const t = draftsWaiting();
    const customers = t.values('顧客');
    const letters = t.values('手紙');
    deleteLog(t);
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    tally.pendingKept += 2;
    expect(t.values(LOG)).toBeUndefined();
    expect(t.values('顧客')).toEqual(customers);
    expect(t.values('LINE送信')).toBeUndefined();
    expect(t.values('手紙')).toEqual(letters);
    expectRestoreSteps(told(t));
    expect(told(t)).toContain(
      '「連絡履歴」シートが見つかりません。前回の実行時は2行あり、うち2件はまだ送っていない連絡でした。',
    );
    expectRestoreSteps(ownerMail(t).at(-1)?.plainBody ?? '');
    expectRestoreSteps(t.call<{ problems: string[] }>('getTodayFollowUps').problems.join('\n'));
    expect(t.call<{ total: number }>('getTodayFollowUps').total).toBe(0);
    const diagnosis = t.call<{ mark: string; topic: string; text: string }[]>('getDiagnosis');
    expect(diagnosis.find((l) => l.topic === '連絡履歴')).toMatchObject({ mark: '✗' });
    // Opening the sidebar made no empty 連絡履歴 either (renaming the copy would then collide).
    expect(t.values(LOG)).toBeUndefined();
  });

  test('brought back as the steps say: nothing is prepared again, the drafts go on', () => {
    const t = draftsWaiting();
    const saved = deleteLog(t);
    t.call('runDailyFollowUps');
    bringBack(t, saved);
    t.call('runDailyFollowUps');
    tally.runsRepeated++;
    expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    expect(told(t)).not.toContain('連絡履歴');
  });

  test.each([['連絡履歴 のコピー'], ['連絡履歴のコピー'], ['Copy of 連絡履歴']])(
    'a copy brought over as 「%s」 and not renamed yet is named in the message; renamed, the day goes on',
    (name) => {
      const t = draftsWaiting();
      const saved = deleteLog(t);
      bringBack(t, saved, name);
      t.call('runDailyFollowUps');
      tally.faultsInjected++;
      expect(told(t)).toContain(`コピーされたタブ「${name}」が見つかりました。名前を「連絡履歴」に変えると`);
      expect(told(t)).toContain('「この版を復元」は使わないでください');
      expect(t.services.gmail.draftRecords()).toHaveLength(2);
      expect(t.values(LOG)).toBeUndefined();
      t.services.spreadsheet.getSheetByName(name)?.setName(LOG);
      t.call('runDailyFollowUps');
      expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
      expect(told(t)).not.toContain('連絡履歴');
      tally.pendingKept += 2;
    },
  );

  test.each([
    [
      'emptied of every row (the rows selected and their contents deleted)',
      (t: Tsunagu) => {
        const log = sheet(t, LOG);
        log?.getRange(2, 1, log.getLastRow() - 1, log.getLastColumn()).clearContent();
      },
    ],
    ['renamed 「連絡履歴（旧）」', (t: Tsunagu) => sheet(t, LOG)?.setName('連絡履歴（旧）')],
    [
      'cleared (contents) and its header typed back',
      (t: Tsunagu) => {
        const log = sheet(t, LOG);
        const header = log?.getRange(1, 1, 1, log.getLastColumn()).getValues();
        log?.clearContents();
        if (header) log?.getRange(1, 1, 1, header[0].length).setValues(header);
      },
    ],
  ])('%s: stops the same way, and nothing is drafted again', (_, edit) => {
    const t = draftsWaiting();
    edit(t);
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    tally.pendingKept += 2;
    expect(told(t)).toContain('準備を止めています');
    expect(told(t)).toContain('「この版を復元」は使わないでください');
  });

  test('a 連絡履歴 whose contacts were all sent still holds the run: the お伺い is not sent twice', () => {
    const t = draftsWaiting();
    for (const draft of t.services.gmail.draftRecords()) t.services.gmail.ownerSendsDraft(draft.id);
    t.call('runDailyFollowUps');
    deleteLog(t);
    t.at('2026-11-24', 9);
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    expect(t.values(LOG)).toBeUndefined();
    expect(told(t)).toContain('準備を止めています');
  });

  test('the hourly trigger stops too: no run, no empty sheet, and the owner’s notice says how to bring it back', () => {
    const t = draftsWaiting();
    deleteLog(t);
    t.call('runScheduled', {});
    tally.faultsInjected++;
    expect(t.values(LOG)).toBeUndefined();
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    expectRestoreSteps(ownerMail(t).at(-1)?.plainBody ?? '');
  });

  test('sidebar actions and 手紙を作成 wait while it is lost', () => {
    const t = draftsWaiting();
    const letters = t.values('手紙');
    deleteLog(t);
    // As the sidebar asks: an action on a prepared row (the targeted path finds no 連絡履歴 and reads the whole
    // workbook, whose guard refuses) and one preparing a step now.
    for (const action of ['skip', 'prepare']) {
      const reply = t.call<{ ok: boolean; message: string }>('applyFollowUpAction', { keys: ['x'], action });
      expect(reply.ok).toBe(false);
      expectRestoreSteps(reply.message);
    }
    t.call('createLetterSheet');
    expectRestoreSteps(t.services.ui.alerts.at(-1)?.prompt ?? '');
    expect(t.values('手紙')).toEqual(letters);
    expect(t.values(LOG)).toBeUndefined();
  });
});

describe('approved LINE waits while 連絡履歴 is lost (no LINE goes out with no row to record it)', () => {
  const HANAKO = `U${'0123456789abcdef'.repeat(2)}`;

  test.each([['sendApprovedLine'], ['runScheduled']])(
    '%s: nothing pushed; brought back, it goes out once',
    (entry) => {
      const api = lineStandIn();
      const t = loadTsunagu({
        sheets: [customerSheet([lineCustomer('C3', '高橋 花子', HANAKO)]), settingsSheet(SHOP_SETTINGS)],
        today: '2026-11-22',
        hour: 9,
        fetch: api.handler,
        documentProperties: { 'tsunagu.line.token': 'token' },
      });
      t.call('runDailyFollowUps');
      const outbox = t.services.spreadsheet.sheet('LINE送信');
      const header = (outbox?.getRange(1, 1, 1, outbox.getLastColumn()).getValues()[0] ?? []).map(String);
      outbox?.getRange(2, header.indexOf('承認') + 1).setValue(true);
      t.at('2026-11-22', 10);
      const saved = deleteLog(t);
      t.call(entry, {});
      tally.faultsInjected++;
      expect(api.pushes).toHaveLength(0);
      expect(t.values(LOG)).toBeUndefined();
      tally.pendingKept++;
      if (entry === 'sendApprovedLine') expectRestoreSteps(t.services.ui.alerts.at(-1)?.prompt ?? '');
      bringBack(t, saved);
      t.call('sendApprovedLine');
      expect(api.to()).toEqual([HANAKO]);
      expect(states(t)).toEqual(['C3 送信済']);
      // A LINE sent in the last two days, then 連絡履歴 deleted: the next batch neither makes an empty one (to
      // confirm the send in) nor says the rows were emptied (review finding).
      deleteLog(t);
      t.at('2026-11-22', 11);
      t.call('sendApprovedLine');
      expect(t.values(LOG)).toBeUndefined();
    },
  );
});

describe('rows of 連絡履歴 deleted by hand (review finding: the sheet is there, part of its memory is not)', () => {
  /** The owner deletes the sheet row `row` of 連絡履歴 (the rows below move up); returns what it held. */
  function deleteLogRow(t: Tsunagu, row: number): CellValue[] {
    const sheet = t.services.spreadsheet.getSheetByName(LOG);
    const values = sheet?.getDataRange().getValues() ?? [];
    const [removed] = values.splice(row - 1, 1);
    sheet?.getRange(1, 1, values.length, values[0].length).setValues(values);
    sheet?.getRange(values.length + 1, 1, 1, values[0].length).clearContent();
    return removed as CellValue[];
  }

  test('one of Tsunagu’s rows deleted: nothing is prepared again; put back, the day goes on with no duplicate', () => {
    const t = draftsWaiting();
    const removed = deleteLogRow(t, 2);
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    tally.pendingKept++;
    expect(told(t)).toContain('「連絡履歴」から、つなぐが書いた行が1行消えています');
    // Steps for rows, not for a sheet: undo, or paste the rows back from an earlier version; never この版を復元.
    expect(told(t)).toContain('「編集」→「元に戻す」');
    expect(told(t)).toContain('消えた行をコピーして');
    expect(told(t)).toContain('「この版を復元」は使わないでください');
    expect(told(t)).toContain('今の連絡履歴のまま続けられます');
    expect(told(t)).not.toContain('「連絡履歴 のコピー」の名前を');
    const sheet = t.services.spreadsheet.getSheetByName(LOG);
    sheet?.getRange((sheet?.getLastRow() ?? 0) + 1, 1, 1, removed.length).setValues([removed]);
    t.at('2026-11-24', 9);
    t.call('runDailyFollowUps');
    expect(told(t)).not.toContain('準備を止めています');
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
    expect(states(t).sort()).toEqual(['C1 下書き', 'C2 下書き']);
  });

  test('a row the owner typed, deleted by its owner, stops nothing', () => {
    const t = draftsWaiting();
    const sheet = t.services.spreadsheet.getSheetByName(LOG);
    const width = sheet?.getLastColumn() ?? 1;
    const header = (sheet?.getRange(1, 1, 1, width).getValues()[0] ?? []).map(String);
    const typed = header.map((h) => ({ 顧客ID: 'C9', チャネル: '電話', 状態: '完了' })[h] ?? '');
    sheet?.getRange(4, 1, 1, width).setValues([typed]);
    t.call('runDailyFollowUps');
    deleteLogRow(t, 4);
    t.at('2026-11-24', 9);
    t.call('runDailyFollowUps');
    expect(told(t)).not.toContain('準備を止めています');
  });

  test('deleted on purpose: 連絡履歴なしで始め直す continues with the rows as they are (as warned)', () => {
    const t = draftsWaiting();
    deleteLogRow(t, 2);
    t.call('startWithoutContactLog');
    const asked = t.services.ui.alerts.find((a) => a.title === '連絡履歴なしで始め直す');
    expect(asked?.prompt).toContain('今の連絡履歴のまま続けますか');
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain('今の連絡履歴のまま続けます');
    t.call('runDailyFollowUps');
    expect(told(t)).not.toContain('準備を止めています');
  });
});

describe('連絡履歴なしで始め直す', () => {
  test('asks first, warning that steps already sent may be prepared again; いいえ changes nothing', () => {
    const t = draftsWaiting();
    deleteLog(t);
    t.services.ui.answers.push({ button: 'NO' });
    t.call('startWithoutContactLog');
    const asked = t.services.ui.alerts.find((a) => a.title === '連絡履歴なしで始め直す');
    expect(asked?.buttons).toBe('YES_NO');
    expect(asked?.prompt).toContain('すでに送った連絡をもう一度準備することがあります');
    t.call('runDailyFollowUps');
    expect(told(t)).toContain('準備を止めています');
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
  });

  test('はい: the next run starts a new 連絡履歴 and prepares again (as warned)', () => {
    const t = draftsWaiting();
    deleteLog(t);
    t.call('startWithoutContactLog');
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain('始め直します');
    t.call('runDailyFollowUps');
    expect(t.values(LOG)).toBeDefined();
    expect(told(t)).not.toContain('準備を止めています');
    expect(states(t)).toEqual(['C1 下書き', 'C2 下書き']);
  });

  test('with 連絡履歴 in place, the menu item says there is nothing to do and forgets nothing', () => {
    const t = draftsWaiting();
    t.call('startWithoutContactLog');
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain('始め直す必要はありません');
    deleteLog(t);
    t.call('runDailyFollowUps');
    expect(told(t)).toContain('準備を止めています');
  });
});

describe('archiving in another execution is never taken for rows the owner deleted', () => {
  test('the list read without the lock, while the monthly archive lowers the memory and deletes a row', () => {
    const t = draftsWaiting();
    const props = t.services.properties.document as unknown as GoogleAppsScript.Properties.Properties;
    const memory = JSON.parse(props.getProperty('tsunagu.logMemory') as string) as {
      rows: number;
      keyed: number;
      pending: number;
    };
    let archived = false;
    // Between the list's first look at the properties and its read of 連絡履歴, the locked archive (app/archive.ts)
    // lowers the guard's memory first, then deletes the archived row.
    t.services.calls.onCall = (_service, method, target) => {
      if (archived || target?.sheet !== '連絡履歴' || method !== 'Range.getValues') return;
      archived = true;
      props.setProperty(
        'tsunagu.logMemory',
        JSON.stringify({ rows: memory.rows - 1, keyed: memory.keyed - 1, pending: memory.pending }),
      );
      (
        t.services.spreadsheet.getSheetByName(LOG) as unknown as GoogleAppsScript.Spreadsheet.Sheet
      ).deleteRows(2, 1);
    };
    const view = t.call<{ problems: string[] }>('getTodayFollowUps');
    t.services.calls.onCall = undefined;
    expect(archived).toBe(true);
    expect(view.problems.join('\n')).not.toContain('消えています');
  });
});
