/**
 * 連絡履歴アーカイブ from the daily run (issue 19, item 3; contract section 3, Step life cycle): once a month the rows
 * no rule needs any more move, in a few calls, without the log guard mistaking it for the owner deleting rows, and a
 * run stopped anywhere in between loses nothing and archives nothing twice.
 */
import iconv from 'iconv-lite';
import { readImportFile } from '../../src/shared/import-file';
import { previewImport, startImport, unattendedDecisions, writeImport } from '../../src/shared/import-driver';
import type { CellValue, SheetData } from '../fakes';
import {
  importServerOf,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  runKilledAt,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

const LOG = '連絡履歴';
const ARCHIVE = '連絡履歴アーカイブ';

function dormantRow(id: string, day: string, state = '送信済'): Record<string, CellValue> {
  return {
    日時: dateCell(day),
    顧客ID: id,
    氏名: id === 'C1' ? '佐藤 美咲' : '鈴木 花',
    シナリオ: '休眠客フォロー',
    ステップ: 'お役立ち情報',
    チャネル: 'メール',
    状態: state,
    予定日: dateCell(day),
    キー: `${id}|S4|お役立ち情報|${day}`,
  };
}

const OLD_KEYS = [
  'C1|S4|お役立ち情報|2025-05-01',
  'C1|S4|お役立ち情報|2025-06-01',
  'C2|S4|お役立ち情報|2025-05-02',
];

/** Two customers seen long ago, with a year of お役立ち情報 behind them and a row the owner typed with a formula. */
function shop(today = '2026-12-01'): Tsunagu {
  const log: SheetData = logSheet([
    dormantRow('C1', '2025-05-01'),
    dormantRow('C2', '2025-05-02'),
    // Typed by the owner, unreadable (状態): it stays, its 内容 a formula.
    {
      日時: dateCell('2025-05-03'),
      顧客ID: 'C1',
      シナリオ: '休眠客フォロー',
      チャネル: 'LINE',
      状態: 'おくった',
      内容: '',
      // Text that reads as a number, in a cell on automatic: it stays this text when the row moves up.
      結果: '0012',
    },
    dormantRow('C1', '2025-06-01'),
    dormantRow('C1', '2025-07-01'),
    dormantRow('C2', '2025-07-02'),
  ]);
  log.formulas = { J4: '=CONCAT("電話で","お礼")' };
  return loadTsunagu({
    sheets: [
      customerSheet([
        {
          顧客ID: 'C1',
          氏名: '佐藤 美咲',
          メール: 'misaki@example.jp',
          最終来店日: dateCell('2025-01-10'),
          来店回数: 2,
        },
        {
          顧客ID: 'C2',
          氏名: '鈴木 花',
          メール: 'hana@example.jp',
          最終来店日: dateCell('2025-01-12'),
          来店回数: 2,
        },
      ]),
      settingsSheet(SHOP_SETTINGS),
      log,
    ],
    today,
    // Tsunagu has run since November: December's first run archives.
    documentProperties: { 'tsunagu.introDay': '2025-01-01', 'tsunagu.archivedOn': '2026-11-20' },
  });
}

const keysIn = (t: Tsunagu, sheet: string, column = 'キー') =>
  t.records(sheet).flatMap((r) =>
    String(r[column] ?? '')
      .split(/\s+/)
      .filter(Boolean),
  );

interface Summary {
  stopped?: boolean;
  archived?: { moved: number; left: number };
  setupProblems: string[];
}

describe('連絡履歴アーカイブ from the daily run', () => {
  test('the first run of the month moves the rows no rule needs, one row per customer and year, in the owner’s words', () => {
    const t = shop();
    const summary = t.call<Summary>('runDailyFollowUps');
    expect(summary.archived?.moved).toBe(3);
    const archive = t.records(ARCHIVE);
    expect(archive.map((r) => [r['顧客ID'], r['年'], r['件数']])).toEqual([
      ['C1', 2025, 2],
      ['C2', 2025, 1],
    ]);
    expect(String(archive[0]['内容']).split('\n')).toEqual([
      '2025/05/01 休眠客フォロー（お役立ち情報） メール・送信済',
      '2025/06/01 休眠客フォロー（お役立ち情報） メール・送信済',
    ]);
    expect(keysIn(t, ARCHIVE).sort()).toEqual([...OLD_KEYS].sort());
    // 連絡履歴 keeps the rest in order: the owner's typed row with its formula, the latest of each step.
    const log = t.records(LOG);
    for (const key of OLD_KEYS) expect(log.map((r) => r['キー'])).not.toContain(key);
    expect(log.slice(0, 3).map((r) => r['キー'] || r['状態'])).toEqual([
      'おくった',
      'C1|S4|お役立ち情報|2025-07-01',
      'C2|S4|お役立ち情報|2025-07-02',
    ]);
    expect(t.services.spreadsheet.sheet(LOG)?.formulaCells()).toEqual({ J2: '=CONCAT("電話で","お礼")' });
    expect(log[0]['結果']).toBe('0012');
  });

  test('the first run that prepares only starts the month: the first archiving is the next month’s first run', () => {
    const t = shop('2026-11-24');
    t.services.properties.document.deleteProperty('tsunagu.archivedOn');
    expect(t.call<Summary>('runDailyFollowUps').archived).toBeUndefined();
    expect(t.services.properties.document.getProperty('tsunagu.archivedOn')).toBe('2026-11-24');
    t.at('2026-11-30');
    expect(t.call<Summary>('runDailyFollowUps').archived).toBeUndefined();
    t.at('2026-12-01');
    expect(t.call<Summary>('runDailyFollowUps').archived?.moved).toBe(3);
  });

  test('an archive whose header the owner renamed: nothing moves, the summary says what to fix', () => {
    const t = shop();
    t.services.properties.document.setProperty('tsunagu.archivedOn', '2026-10-01');
    t.at('2026-11-30');
    const before = t.values(LOG);
    const archive = t.services.spreadsheet.insertSheet(ARCHIVE);
    archive.getRange(1, 1, 1, 6).setValues([['顧客ID', '氏名', '年', '件数', 'メモ', 'キー']]);
    const summary = t.call<Summary>('runDailyFollowUps');
    expect(summary.archived).toBeUndefined();
    expect(summary.setupProblems.join('\n')).toContain(
      '「連絡履歴アーカイブ」シートの見出しに「内容」がありません。見出しを元に戻してください',
    );
    expect(t.records(LOG).map((r) => r['キー'])).toEqual(expect.arrayContaining(OLD_KEYS));
    expect(
      t
        .values(LOG)
        ?.slice(0, before?.length)
        .map((r) => String(r[10] ?? '')),
    ).toEqual(before?.map((r) => String(r[10] ?? '')));
  });

  test('the next day’s run is not stopped by the log guard, and does not archive again; rows the owner deletes still stop it', () => {
    const t = shop();
    t.call('runDailyFollowUps');
    t.at('2026-12-02');
    const next = t.call<Summary>('runDailyFollowUps');
    expect(next.stopped).toBeFalsy();
    expect(next.archived).toBeUndefined();
    // The owner deletes one of Tsunagu's rows by hand: the guard still sees it.
    t.services.spreadsheet.sheet(LOG)?.deleteRows(3, 1);
    t.at('2026-12-03');
    expect(t.call<Summary>('runDailyFollowUps').stopped).toBe(true);
  });

  test('a later month grows the customer-year’s row rather than adding another', () => {
    const t = shop();
    t.call('runDailyFollowUps');
    // A month on, the owner added a row for 2025 by hand after the fact (a LINE sent from the phone).
    const log = t.services.spreadsheet.getSheetByName(LOG);
    const typed = (day: string) => [
      dateCell(day),
      'C1',
      '佐藤 美咲',
      '休眠客フォロー',
      'お役立ち情報',
      'LINE',
      '送信済',
    ];
    log
      ?.getRange((log?.getLastRow() ?? 0) + 1, 1, 2, 7)
      .setValues([typed('2025-08-01'), typed('2025-09-01')]);
    t.at('2027-01-04');
    const summary = t.call<Summary>('runDailyFollowUps');
    expect(summary.archived?.moved).toBeGreaterThan(0);
    const rows = t.records(ARCHIVE).filter((r) => r['顧客ID'] === 'C1' && r['年'] === 2025);
    expect(rows).toHaveLength(1);
    expect(String(rows[0]['内容'])).toContain('2025/08/01 休眠客フォロー（お役立ち情報） LINE・送信済');
    expect(rows[0]['件数']).toBe(3);
  });

  test('calls: archiving costs a handful of Spreadsheet calls, never one per row', () => {
    const without = shop();
    without.services.properties.document.setProperty('tsunagu.archive', 'off');
    without.call('runDailyFollowUps');
    const t = shop();
    t.call('runDailyFollowUps');
    const extra = t.services.calls.total('SpreadsheetApp') - without.services.calls.total('SpreadsheetApp');
    expect(extra).toBeLessThanOrEqual(40);
    // The rows moved go with one deleteRows per run of adjacent rows, nothing rewritten (the run's other sheets
    // are fitted the same way either side).
    const deletes = (run: typeof t) => run.services.calls.count('SpreadsheetApp', 'Sheet.deleteRows');
    expect(deletes(t) - deletes(without)).toBeGreaterThanOrEqual(1);
    expect(deletes(t) - deletes(without)).toBeLessThanOrEqual(10);
    expect(t.services.calls.count('SpreadsheetApp', 'Range.getFormulas')).toBe(
      without.services.calls.count('SpreadsheetApp', 'Range.getFormulas'),
    );
  });

  test('a run stopped anywhere in archiving loses nothing and archives nothing twice; the guard never stops the next run', () => {
    const callsOfRun = (t: Tsunagu) => {
      const from = t.services.calls.total();
      t.call('runDailyFollowUps');
      return t.services.calls.total() - from;
    };
    const total = callsOfRun(shop());
    const probe = shop();
    probe.services.properties.document.setProperty('tsunagu.archive', 'off');
    const before = callsOfRun(probe);
    const stops: string[] = [];
    for (let k = before - 5; k <= total; k++) {
      const t = shop();
      stops.push(runKilledAt(t, k, () => t.call('runDailyFollowUps')));
      t.at('2026-12-01', 9);
      const again = t.call<Summary>('runDailyFollowUps');
      expect(again.stopped).toBeFalsy();
      const archived = keysIn(t, ARCHIVE);
      expect(new Set(archived).size).toBe(archived.length);
      const logKeys = t.records(LOG).map((r) => String(r['キー']));
      for (const key of OLD_KEYS)
        expect(Number(archived.includes(key)) + Number(logKeys.includes(key))).toBe(1);
    }
    expect(stops).toContain('SpreadsheetApp.Sheet.deleteRows');
  });

  test('no deleteRows starts once the time budget is spent: the rows stay archived, and the next day’s run takes them out', () => {
    const t = shop();
    let deletes = 0;
    // The first deleteRows takes the run past its 4.5 minutes (app/budget.ts).
    t.services.calls.onCall = (_service, method, target) => {
      if (method === 'Sheet.deleteRows' && target?.sheet === LOG && ++deletes === 1)
        t.clock.advance(5 * 60 * 1000);
    };
    const summary = t.call<Summary & { archived?: { more?: boolean } }>('runDailyFollowUps');
    t.services.calls.onCall = undefined;
    expect(deletes).toBe(1);
    expect(summary.archived).toMatchObject({ moved: 1, more: true });
    expect(keysIn(t, ARCHIVE).sort()).toEqual([...OLD_KEYS].sort());
    const logKeys = () => t.records(LOG).map((r) => String(r['キー']));
    expect(OLD_KEYS.filter((k) => logKeys().includes(k))).toHaveLength(2);

    t.at('2026-12-02');
    const next = t.call<Summary>('runDailyFollowUps');
    expect(next.stopped).toBeFalsy();
    expect(next.archived).toMatchObject({ moved: 2 });
    const clean = shop();
    clean.call('runDailyFollowUps');
    clean.at('2026-12-02');
    clean.call('runDailyFollowUps');
    expect(t.records(ARCHIVE)).toEqual(clean.records(ARCHIVE));
    expect(t.records(LOG)).toEqual(clean.records(LOG));
    // Done: the day after does not archive again.
    t.at('2026-12-03');
    expect(t.call<Summary>('runDailyFollowUps').archived).toBeUndefined();
  });

  /** The run's budget spent as the archive is written (once: 4.5 minutes on, not the 6-minute stop). */
  const outOfTimeAtArchive = (t: Tsunagu) => {
    let once = false;
    t.services.calls.onCall = (_service, method, target) => {
      if (method === 'Range.setValues' && target?.sheet === ARCHIVE && !once) {
        once = true;
        t.clock.advance(5 * 60 * 1000);
      }
    };
  };

  /**
   * The log guard's memory against 連絡履歴 as it is, rows and rows Tsunagu wrote (with a キー), leaving out the rows
   * archived but still there: those are Tsunagu's to delete, not rows the owner could lose.
   */
  const memoryAndLog = (t: Tsunagu) => {
    const memory = JSON.parse(t.services.properties.document.getProperty('tsunagu.logMemory') ?? 'null') as {
      rows: number;
      keyed: number;
    };
    const archived = new Set(keysIn(t, ARCHIVE));
    const rows = t.records(LOG).filter((r) => !archived.has(String(r['キー'] ?? '')));
    return [
      [memory.rows, memory.keyed],
      [rows.length, rows.filter((r) => String(r['キー'] ?? '') !== '').length],
    ];
  };
  const left = (t: Tsunagu) => t.services.properties.document.getProperty('tsunagu.archivedLeft');
  /** 12-01's run, its budget spent as the archive is written: no row deleted from 連絡履歴. */
  const stoppedBeforeDeleting = () => {
    const t = shop();
    outOfTimeAtArchive(t);
    const summary = t.call<Summary & { archived?: { more?: boolean } }>('runDailyFollowUps');
    t.services.calls.onCall = undefined;
    expect(summary.archived).toMatchObject({ moved: 0, more: true });
    expect(left(t)).toBe('1');
    return t;
  };
  const cleanDay = () => {
    const clean = shop();
    clean.call('runDailyFollowUps');
    return clean;
  };

  test('rows archived but not yet deleted go in the hourly runs, each within its budget; the guard’s memory leaves them out', () => {
    const clean = cleanDay();
    const t = stoppedBeforeDeleting();
    let [memory, log] = memoryAndLog(t);
    expect(memory).toEqual(log);

    // 10:00: the first deleteRows spends the hour's budget — one run of rows goes, the other waits.
    t.at('2026-12-01', 10);
    let deletes = 0;
    t.services.calls.onCall = (_service, method, target) => {
      if (method === 'Sheet.deleteRows' && target?.sheet === LOG && ++deletes === 1)
        t.clock.advance(5 * 60 * 1000);
    };
    t.call('runScheduled');
    t.services.calls.onCall = undefined;
    expect(deletes).toBe(1);
    expect(left(t)).toBe('1');
    [memory, log] = memoryAndLog(t);
    expect(memory).toEqual(log);
    // The sidebar's list meanwhile: the guard does not mistake the archived rows for rows the owner deleted.
    expect(JSON.stringify(t.call('getTodayFollowUps'))).not.toContain('消えています');

    // 11:00: the rest.
    t.at('2026-12-01', 11);
    t.call('runScheduled');
    expect(left(t)).toBeNull();
    [memory, log] = memoryAndLog(t);
    expect(memory).toEqual(log);
    expect(t.records(LOG)).toEqual(clean.records(LOG));
    expect(t.records(ARCHIVE)).toEqual(clean.records(ARCHIVE));
    // 12:00: nothing left, nothing read for it: the hour costs what the shop's idle hour does.
    const hourReads = (u: Tsunagu) => {
      u.at('2026-12-01', 12);
      const before = u.services.calls.count('SpreadsheetApp', 'Range.getValues');
      u.call('runScheduled');
      return u.services.calls.count('SpreadsheetApp', 'Range.getValues') - before;
    };
    expect(hourReads(t)).toBe(hourReads(clean));
    // The next day's pass finds nothing more to move, and the guard lets the run prepare.
    t.at('2026-12-02');
    const next = t.call<Summary>('runDailyFollowUps');
    expect(next.stopped).toBeFalsy();
    expect(next.archived?.moved ?? 0).toBe(0);
    expect(t.records(ARCHIVE)).toEqual(clean.records(ARCHIVE));
  });

  test('an hourly run killed anywhere in the sweep: the next hour finishes it; rows the owner deletes still stop the day', () => {
    const clean = cleanDay();
    const probe = stoppedBeforeDeleting();
    probe.at('2026-12-01', 10);
    const from = probe.services.calls.total();
    probe.call('runScheduled');
    const total = probe.services.calls.total() - from;
    const stops: string[] = [];
    for (let k = 1; k <= total; k++) {
      const t = stoppedBeforeDeleting();
      t.at('2026-12-01', 10);
      stops.push(runKilledAt(t, k, () => t.call('runScheduled')));
      t.at('2026-12-01', 11);
      t.call('runScheduled');
      expect([k, t.records(LOG)]).toEqual([k, clean.records(LOG)]);
      expect([k, ...memoryAndLog(t)[0]]).toEqual([k, ...memoryAndLog(t)[1]]);
      // The owner then deletes one of Tsunagu's rows: the next morning says so, whatever the sweep went through.
      const sheet = t.services.spreadsheet.sheet(LOG);
      const keys = (sheet?.getDataRange().getValues() ?? []).map((r) => String(r[10] ?? ''));
      sheet?.deleteRows(keys.indexOf('C1|S4|お役立ち情報|2025-07-01') + 1, 1);
      t.at('2026-12-02');
      expect([k, t.call<Summary>('runDailyFollowUps').stopped]).toEqual([k, true]);
    }
    expect(stops).toContain('SpreadsheetApp.Sheet.deleteRows');
  });

  test('the owner deletes an archived row before the sweep does: nothing is lost, and the guard does not stop the day', () => {
    const t = stoppedBeforeDeleting();
    const sheet = t.services.spreadsheet.sheet(LOG);
    const keys = (sheet?.getDataRange().getValues() ?? []).map((r) => String(r[10] ?? ''));
    sheet?.deleteRows(keys.indexOf(OLD_KEYS[0]) + 1, 1);
    t.at('2026-12-02');
    expect(t.call<Summary>('runDailyFollowUps').stopped).toBeFalsy();
    expect(keysIn(t, ARCHIVE)).toContain(OLD_KEYS[0]);
  });

  test('a sweep whose deleteRows fails: the hour’s run goes on, the memory is untouched, and the next hour finishes', () => {
    const clean = cleanDay();
    const t = stoppedBeforeDeleting();
    const before = memoryAndLog(t);
    t.at('2026-12-01', 10);
    t.services.calls.onCall = (_service, method, target) => {
      if (method === 'Sheet.deleteRows' && target?.sheet === LOG)
        throw new Error('Service Spreadsheets failed');
    };
    expect(() => t.call('runScheduled')).not.toThrow();
    t.services.calls.onCall = undefined;
    expect(memoryAndLog(t)).toEqual(before);
    expect(left(t)).toBe('1');
    t.at('2026-12-01', 11);
    t.call('runScheduled');
    expect(t.records(LOG)).toEqual(clean.records(LOG));
  });

  /** The sweep's deleteRows fail (Sheets' "Service Spreadsheets failed") for the rest of `t`'s hours until `until`. */
  const sweepsFail = (t: Tsunagu, hours: number[]) => {
    for (const h of hours) {
      t.at('2026-12-01', h);
      t.services.calls.onCall = (_service, method, target) => {
        if (method === 'Sheet.deleteRows' && target?.sheet === LOG)
          throw new Error('Service Spreadsheets failed');
      };
      t.call('runScheduled');
      t.services.calls.onCall = undefined;
    }
  };
  const rowWithKey = (t: Tsunagu, key: string) => {
    const sheet = t.services.spreadsheet.sheet(LOG);
    if (!sheet) throw new Error('no 連絡履歴');
    const values = sheet.getDataRange().getValues();
    const header = values[0].map(String);
    return { sheet, header, row: values.findIndex((r) => r[header.indexOf('キー')] === key) + 1 };
  };

  test('while archived rows wait in 連絡履歴, a row of Tsunagu’s the owner deletes still stops the next run', () => {
    for (const menuRunFirst of [true, false]) {
      const t = stoppedBeforeDeleting();
      const { sheet, row } = rowWithKey(t, 'C1|S4|お役立ち情報|2025-07-01');
      sheet.deleteRows(row, 1);
      if (menuRunFirst) {
        // 今すぐ計画を更新 before any sweep: it says so at once.
        t.at('2026-12-01', 9, 30);
        expect(t.call<Summary>('runDailyFollowUps').stopped).toBe(true);
      } else {
        // Every sweep of the day fails: the next morning says so.
        sweepsFail(t, [10, 11, 12]);
        t.at('2026-12-02');
        expect(t.call<Summary>('runDailyFollowUps').stopped).toBe(true);
      }
    }
  });

  test('a second pass stopped while an earlier archived row is kept (its 状態 retyped): the sweep takes it, no false stop', () => {
    const t = stoppedBeforeDeleting();
    const { sheet, header, row } = rowWithKey(t, OLD_KEYS[0]);
    sheet.getRange(row, header.indexOf('状態') + 1).setValue('おくった');
    sweepsFail(t, [10]);
    // Day 2: the pass goes on (tsunagu.archiveMore), out of time after its first deleteRows.
    t.at('2026-12-02');
    t.services.calls.onCall = (_service, method, target) => {
      if (method === 'Sheet.deleteRows' && target?.sheet === LOG) {
        t.services.calls.onCall = undefined;
        t.clock.advance(5 * 60 * 1000);
      }
    };
    expect(t.call<Summary>('runDailyFollowUps').stopped).toBeFalsy();
    t.services.calls.onCall = undefined;
    t.at('2026-12-02', 10);
    t.call('runScheduled');
    const [memory, log] = memoryAndLog(t);
    expect(memory).toEqual(log);
    t.at('2026-12-03');
    expect(t.call<Summary>('runDailyFollowUps').stopped).toBeFalsy();
  });

  /**
   * The owner's hand on 連絡履歴 as Tsunagu reads it (its k-th read of the sheet): a row inserted at the top, or the
   * sheet sorted newest first. Between a batch's check and its deleteRows nothing reads, and nothing can tell.
   */
  const ownerAtRead = (t: Tsunagu, k: number, what: 'insert' | 'sort') => {
    const sheet = t.services.spreadsheet.sheet(LOG);
    if (!sheet) throw new Error('no 連絡履歴');
    let n = 0;
    t.services.calls.onCall = (_service, method, target) => {
      if (method !== 'Range.getValues' || target?.sheet !== LOG || ++n !== k) return;
      t.services.calls.onCall = undefined;
      if (what === 'insert') {
        sheet.insertRowsAfter(1, 1);
        sheet
          .getRange(2, 1, 1, 4)
          .setValues([[new Date(Date.UTC(2026, 10, 30)), 'C1', '佐藤 美咲', '店主メモ']]);
      } else {
        const last = sheet.getLastRow();
        const width = sheet.getLastColumn();
        const rows = sheet.getRange(2, 1, last - 1, width).getValues();
        rows.sort((a, b) => (b[0] as Date).getTime() - (a[0] as Date).getTime());
        sheet.getRange(2, 1, last - 1, width).setValues(rows);
      }
    };
  };

  test('the owner inserts or sorts rows while a pass or a sweep reads: no row goes that should stay, the rest goes later', () => {
    const stays = ['C1|S4|お役立ち情報|2025-07-01', 'C2|S4|お役立ち情報|2025-07-02'];
    const setUp = (where: 'sweep' | 'pass') => {
      const t = where === 'sweep' ? stoppedBeforeDeleting() : shop();
      if (where === 'sweep') t.at('2026-12-01', 10);
      return t;
    };
    const run = (t: Tsunagu, where: 'sweep' | 'pass') =>
      t.call(where === 'sweep' ? 'runScheduled' : 'runDailyFollowUps');
    let cases = 0;
    for (const where of ['sweep', 'pass'] as const) {
      const probe = setUp(where);
      const before = probe.services.calls.count('SpreadsheetApp', 'Range.getValues');
      run(probe, where);
      const reads = probe.services.calls.count('SpreadsheetApp', 'Range.getValues') - before;
      for (const what of ['insert', 'sort'] as const)
        for (let k = 1; k <= reads; k++) {
          const t = setUp(where);
          ownerAtRead(t, k, what);
          run(t, where);
          if (t.services.calls.onCall) {
            // Fewer reads of 連絡履歴 than the probe's: nothing to do at this k.
            t.services.calls.onCall = undefined;
            continue;
          }
          cases++;
          const keys = () => t.records(LOG).map((r) => String(r['キー']));
          const label = [where, what, k];
          for (const key of stays) expect([label, keys()]).toEqual([label, expect.arrayContaining([key])]);
          if (what === 'insert')
            expect([label, JSON.stringify(t.values(LOG))]).toEqual([
              label,
              expect.stringContaining('店主メモ'),
            ]);
          // The rest goes in the next runs, and the day after is not stopped.
          for (const h of [11, 12]) {
            t.at('2026-12-01', h);
            t.call('runScheduled');
          }
          t.at('2026-12-02');
          expect([label, t.call<Summary>('runDailyFollowUps').stopped]).toEqual([label, undefined]);
          for (const h of [10, 11]) {
            t.at('2026-12-02', h);
            t.call('runScheduled');
          }
          // Each archived contact is in the archive once and out of 連絡履歴; what was not archived is still there.
          const archived = keysIn(t, ARCHIVE);
          expect([label, new Set(archived).size]).toEqual([label, archived.length]);
          for (const key of OLD_KEYS)
            expect([label, key, Number(archived.includes(key)) + Number(keys().includes(key))]).toEqual([
              label,
              key,
              1,
            ]);
        }
    }
    expect(cases).toBeGreaterThan(10);
  });

  test('rows the sweep leaves: one made pending again, and a row the owner copied with its キー (both of them)', () => {
    const t = stoppedBeforeDeleting();
    const sheet = t.services.spreadsheet.sheet(LOG);
    const values = sheet?.getDataRange().getValues() ?? [];
    const header = values[0].map(String);
    const rowOf = (key: string) => values.findIndex((r) => r[header.indexOf('キー')] === key) + 1;
    sheet?.getRange(rowOf(OLD_KEYS[0]), header.indexOf('状態') + 1).setValue('予定');
    // A copy of an archived row at the bottom, the owner's memo in 結果.
    const copy = [...values[rowOf(OLD_KEYS[2]) - 1]];
    copy[header.indexOf('結果')] = '電話でも話した（店主メモ）';
    sheet?.getRange(values.length + 1, 1, 1, copy.length).setValues([copy]);
    t.at('2026-12-01', 10);
    t.call('runScheduled');
    const keys = t.records(LOG).map((r) => String(r['キー']));
    expect(keys).toContain(OLD_KEYS[0]);
    expect(keys).not.toContain(OLD_KEYS[1]);
    expect(keys.filter((k) => k === OLD_KEYS[2])).toHaveLength(2);
    expect(t.records(LOG).map((r) => r['結果'])).toContain('電話でも話した（店主メモ）');
  });
});

/** An Airレジ 会計明細 with five visits of 2021 and one of 2026 by a customer new to 顧客 (Shift_JIS, CRLF). */
function oldExport(): Uint8Array {
  const lines = [
    '会計明細,2021/01/01〜2026/11/23',
    '取引No,会計日,会計時間,合計,メニュー名,顧客番号,顧客名,顧客名(カナ)',
  ];
  ['2021/02/03', '2021/04/05', '2021/06/07', '2021/08/09', '2021/10/11', '2026/10/01'].forEach((day, i) =>
    lines.push(`${1000 + i},${day},11:00,"¥4,400",カット,A-9,山本 花,ヤマモト ハナ`),
  );
  return new Uint8Array(iconv.encode(lines.join('\r\n') + '\r\n', 'cp932'));
}

async function importOld(t: Tsunagu) {
  const server = importServerOf(t);
  const file = readImportFile(oldExport());
  const started = await startImport(server, 'airregi.csv', file.rows);
  if (!started.start.ok) throw new Error(started.start.message);
  const preview = await previewImport(server, started);
  return writeImport(server, started, preview, unattendedDecisions(preview));
}

const PLAN_COLUMNS = ['顧客ID', '次回連絡日', '次回連絡内容', '次回チャネル', '理由', '要確認'];

describe('来店履歴 folding from the daily run', () => {
  test('a long-closed year folds into one row at the month’s first run; the plans are the same; the same export again adds nothing', async () => {
    const [on, off] = [shop('2026-11-30'), shop('2026-11-30')];
    off.services.properties.document.setProperty('tsunagu.archive', 'off');
    for (const t of [on, off]) {
      expect(await importOld(t)).toMatchObject({ added: 6, newCustomers: 1 });
      t.call('runDailyFollowUps');
      t.at('2026-12-01');
    }
    const summary = on.call<Summary & { archived?: { folded?: { before: number; after: number } } }>(
      'runDailyFollowUps',
    );
    off.call('runDailyFollowUps');
    expect(summary.archived?.folded).toMatchObject({ before: 6, after: 2 });
    const visits = on.records('来店履歴');
    expect(visits.map((v) => v['出典'])).toEqual([
      'Airレジ 2026/11/30取込（2021年の来店5回をまとめた行）',
      'Airレジ 2026/11/30取込',
    ]);
    expect(String(visits[0]['取込キー']).split(' ')).toHaveLength(5);
    expect(visits[0]['金額']).toBe(22000);
    const plans = (t: Tsunagu) => t.records('顧客').map((r) => PLAN_COLUMNS.map((c) => String(r[c] ?? '')));
    expect(plans(on)).toEqual(plans(off));
    expect(plans(on).find((p) => p[0] === 'C3')?.[4] ?? '').not.toBe('');
    // The same export again: every visit is there already, folded or not.
    expect(await importOld(on)).toMatchObject({ added: 0, already: 6 });
    expect(on.records('来店履歴')).toHaveLength(2);
  });

  /** The shop of 11-30 with the old export imported and the day run: 12-01's run folds 2021. */
  async function toFold(): Promise<Tsunagu> {
    const t = shop('2026-11-30');
    await importOld(t);
    t.call('runDailyFollowUps');
    t.at('2026-12-01');
    return t;
  }
  const visitRows = (t: Tsunagu) =>
    t.records('来店履歴').map((v) => [v['顧客ID'], v['出典'], v['取込キー'], v['金額']].map(String));

  test('a run stopped anywhere in folding, or out of time among its deletes, counts every visit once', async () => {
    const clean = await toFold();
    const from = clean.services.calls.total();
    clean.call('runDailyFollowUps');
    const total = clean.services.calls.total() - from;
    const want = visitRows(clean);
    expect(want).toHaveLength(2);
    const deleting = clean.services.calls.count('SpreadsheetApp', 'Sheet.deleteRows');
    expect(deleting).toBeGreaterThan(0);

    // Killed at each of the run's last calls (archiving and folding are its end), then the next day's run.
    const stops: string[] = [];
    for (let k = total - 12; k <= total; k++) {
      const t = await toFold();
      stops.push(runKilledAt(t, k, () => t.call('runDailyFollowUps')));
      t.at('2026-12-02');
      t.call('runDailyFollowUps');
      expect([k, visitRows(t)]).toEqual([k, want]);
    }
    expect(stops).toContain('SpreadsheetApp.Sheet.deleteRows');

    // Out of time after the folded row is written: the rows it replaces stay, and count nothing.
    const t = await toFold();
    t.services.calls.onCall = (_service, method, target) => {
      if (method === 'Range.setValues' && target?.sheet === '来店履歴') t.clock.advance(5 * 60 * 1000);
    };
    const summary = t.call<Summary & { archived?: { more?: boolean; folded?: { stopped?: boolean } } }>(
      'runDailyFollowUps',
    );
    t.services.calls.onCall = undefined;
    expect(summary.archived).toMatchObject({ more: true, folded: { stopped: true } });
    const left = t.records('来店履歴');
    expect(left.length).toBeGreaterThan(2);
    expect(String(left[0]['出典'])).toContain('2021年の来店5回をまとめた行');
    t.at('2026-12-02');
    t.call('runDailyFollowUps');
    expect(visitRows(t)).toEqual(want);
  });

  test('the owner sorts 来店履歴 while a fold reads it: every visit counted once, every 取込キー kept once', async () => {
    const probe = await toFold();
    const before = probe.services.calls.count('SpreadsheetApp', 'Range.getValues');
    probe.call('runDailyFollowUps');
    const reads = probe.services.calls.count('SpreadsheetApp', 'Range.getValues') - before;
    let sorted = 0;
    for (let k = 1; k <= reads; k++) {
      const t = await toFold();
      const sheet = t.services.spreadsheet.sheet('来店履歴');
      if (!sheet) throw new Error('no 来店履歴');
      let n = 0;
      t.services.calls.onCall = (_service, method, target) => {
        if (method !== 'Range.getValues' || target?.sheet !== '来店履歴' || ++n !== 1 + (k % 4)) return;
        t.services.calls.onCall = undefined;
        sorted++;
        const last = sheet.getLastRow();
        const width = sheet.getLastColumn();
        const rows = sheet.getRange(2, 1, last - 1, width).getValues();
        rows.sort((a, b) => (b[0] as Date).getTime() - (a[0] as Date).getTime());
        sheet.getRange(2, 1, last - 1, width).setValues(rows);
      };
      t.call('runDailyFollowUps');
      t.services.calls.onCall = undefined;
      for (const day of ['2026-12-02', '2026-12-03']) {
        t.at(day);
        t.call('runDailyFollowUps');
      }
      const visits = t.records('来店履歴');
      const keys = visits.flatMap((v) => String(v['取込キー']).split(' ').filter(Boolean));
      expect([k, keys.sort()]).toEqual([
        k,
        ['airregi:1000', 'airregi:1001', 'airregi:1002', 'airregi:1003', 'airregi:1004', 'airregi:1005'],
      ]);
      const counted = visits.reduce(
        (sum, v) => sum + (Number(/来店(\d+)回/.exec(String(v['出典']))?.[1]) || 1),
        0,
      );
      expect([k, counted]).toEqual([k, 6]);
    }
    expect(sorted).toBeGreaterThan(0);
  });
});
