/**
 * ContactLog.records keeps each row as it last read it until the row changes: what it returns is always what a
 * fresh read of the sheet gives, whatever the run appended or wrote since, and what a caller does to a record it
 * got is not what the next caller reads.
 */
import fc from 'fast-check';
import { FakeClock } from '../fakes/clock';
import { createFakeServices } from '../fakes/index';
import type { CellValue } from '../fakes/model';
import { LOG_COLUMNS, type LogField } from '../../src/labels';
import { ContactLog, type LogEntry } from '../../src/sheets/log';
import { dayFromYmd } from '../../src/core/day';

const ZONE = 'Asia/Tokyo';
const TODAY = dayFromYmd(2026, 11, 24);
const FIELDS = Object.keys(LOG_COLUMNS) as LogField[];

/** 連絡履歴 with a Tsunagu row, a row the owner typed without 日時, a blank row and a row of an unknown 状態. */
function setup() {
  const row = (cells: Partial<Record<LogField, CellValue>>): CellValue[] => FIELDS.map((f) => cells[f] ?? '');
  const values = [
    FIELDS.map((f) => LOG_COLUMNS[f].header),
    row({
      at: new Date('2026-11-20T01:00:00Z'),
      customerId: 'C1',
      name: '山田 花子',
      scenario: 'S1',
      step: 'お礼',
      channel: 'メール',
      state: '下書き',
      key: 'C1|S1|お礼|2026-11-20',
    }),
    row({ customerId: 'C2', name: '佐藤 一郎', step: '電話', channel: '電話', state: '済' }),
    row({}),
    row({
      at: new Date('2026-11-21T01:00:00Z'),
      customerId: 'C3',
      scenario: 'S2',
      step: 'お伺い',
      channel: 'LINE',
      state: 'たぶん',
      key: 'C3|S2|お伺い|2026-11-21',
    }),
  ];
  const services = createFakeServices({
    spreadsheet: { id: 'id', name: 'つなぐテスト', timeZone: ZONE, sheets: [{ name: '連絡履歴', values }] },
    clock: new FakeClock('2026-11-24T00:00:00Z'),
  });
  const ss =
    services.spreadsheetApp.getActiveSpreadsheet() as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
  const open = () => ContactLog.open(ss, ZONE, TODAY);
  return { open };
}

const entry = (i: number): LogEntry => ({
  at: new Date(Date.UTC(2026, 10, 22, i)),
  customerId: `C${10 + i}`,
  name: `顧客${i}`,
  scenario: 'S4',
  step: 'お役立ち情報',
  channel: 'メール',
  state: '下書き',
  content: `本文${i}`,
  key: `C${10 + i}|S4|お役立ち情報|2026-11-22`,
  note: '',
});

describe('ContactLog.records', () => {
  test('reads each row once, and again only once it changes', () => {
    const { open } = setup();
    const log = open();
    const first = log.records();
    expect(first.map((r) => r.customerId)).toEqual(['C1', 'C2', 'C3']);
    expect(first[1].filledAt?.day).toBe(TODAY);
    expect(first[2].unreadable).toContain('たぶん');
    // A caller completing or marking its records (matchCustomerIds, the run's own bookkeeping).
    first[0].state = '送信済';
    first[0].unknownCustomer = true;
    expect(log.records()[0]).toMatchObject({ state: '下書き' });
    expect(log.records()[0].unknownCustomer).toBeUndefined();

    log.update(first[2].index, { state: '予定' });
    log.flush();
    const again = log.records();
    expect(again[2].state).toBe('予定');
    expect(again[2].unreadable).toBeUndefined();
    log.append([entry(1)]);
    expect(log.records().map((r) => r.customerId)).toEqual(['C1', 'C2', 'C3', 'C11']);
    expect(log.records()).toEqual(open().records());
  });

  test('whatever is appended and written, records() is what a fresh read of the sheet gives', () => {
    const states = ['予定', '下書き', '送信済', '完了', 'スキップ', '延期'] as const;
    const step = fc.oneof(
      fc.record({ kind: fc.constant('append' as const), n: fc.integer({ min: 1, max: 3 }) }),
      fc.record({
        kind: fc.constant('write' as const),
        row: fc.nat(),
        state: fc.constantFrom(...states),
        note: fc.constantFrom('', '折り返し待ち', '済'),
      }),
      fc.record({ kind: fc.constant('read' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const { open } = setup();
        const log = open();
        let appended = 0;
        for (const s of steps) {
          if (s.kind === 'append') log.append(Array.from({ length: s.n }, () => entry(++appended)));
          else if (s.kind === 'write') {
            log.update(s.row % log.rowCount(), { state: s.state, note: s.note });
            log.flush();
          } else log.records();
        }
        expect(log.records()).toEqual(open().records());
      }),
      { numRuns: 60 },
    );
  });

  test('sheetTable() forgets every row: archiving rewrites the table', () => {
    const { open } = setup();
    const log = open();
    log.records();
    const table = log.sheetTable();
    table.rows.splice(0, 1);
    expect(log.records().map((r) => r.customerId)).toEqual(['C2', 'C3']);
  });
});
