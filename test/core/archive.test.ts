import {
  archivableRecords,
  archiveLine,
  ARCHIVE_CELL_LIMIT,
  planArchiveWrite,
  type ArchiveRow,
  type KeepReason,
} from '../../src/core/archive';
import type { ContactRecord } from '../../src/core/types';
import { customer, d, record } from './builders';

const TODAY = d('2027-06-01');
const ME = customer({ id: 'C0001', lastVisit: d('2026-11-20'), email: 'misaki@example.jp' });
const OTHERS = ['C0002', 'C0003', 'C0004'].map((id, index) => customer({ id, index: index + 1 }));
const CUSTOMERS = [ME, ...OTHERS];

/** An S4 お役立ち情報 row done by email on `day` (keyed by that occurrence). */
function dormantRow(day: string, overrides: Partial<ContactRecord> = {}): ContactRecord {
  return record({
    customerId: 'C0001',
    key: `C0001|S4|お役立ち情報|${day}`,
    scenario: '休眠客フォロー',
    step: 'お役立ち情報',
    channel: 'メール',
    state: '送信済',
    at: d(day),
    plannedDay: d(day),
    ...overrides,
  });
}

/** The rows with `row`, the S4 row that is the latest of its step for C0001 (so `row` is not). */
function withLatest(...rows: ContactRecord[]): ContactRecord[] {
  return [...rows, dormantRow('2026-03-05')];
}

function decide(records: ContactRecord[], skip?: KeepReason) {
  return archivableRecords(records, CUSTOMERS, TODAY, skip);
}

/** The row is kept for `reason` alone: with that condition left out, it moves. */
function expectKeptFor(row: ContactRecord, records: ContactRecord[], reason: KeepReason): void {
  const kept = decide(records);
  expect(kept.kept.get(row.index)).toBe(reason);
  expect(kept.moving).not.toContain(row);
  expect(decide(records, reason).moving).toContain(row);
}

describe('archivableRecords: a row no rule needs any more moves', () => {
  test('an old S4 contact that is not the latest of its step moves', () => {
    const old = dormantRow('2026-01-05');
    const records = withLatest(old);
    const { moving, kept } = decide(records);
    expect(moving).toEqual([old]);
    expect(kept.get(records[1].index)).toBe('latest');
  });
});

describe('archivableRecords: a row never moves while it …', () => {
  test('is pending', () => {
    const row = dormantRow('2026-01-05', { state: '下書き' });
    expectKeptFor(row, withLatest(row), 'pending');
  });

  test('carries 宛先不明 and the address is unchanged (a changed address lets it go)', () => {
    const bounced = dormantRow('2026-01-05', { result: '宛先不明', content: '宛先: misaki@example.jp' });
    expectKeptFor(bounced, withLatest(bounced), 'unreachable');
    const moved = dormantRow('2026-01-05', { result: '宛先不明', content: '宛先: old@example.jp' });
    expect(decide(withLatest(moved)).moving).toContain(moved);
  });

  test('holds the outcome of the current S1 cycle (a call the owner typed since 最終来店日)', () => {
    const typed = (day: string) =>
      record({
        customerId: 'C0001',
        scenario: '購入後フォロー',
        step: '電話確認',
        channel: '電話',
        state: '完了',
        result: '満足',
        at: d(day),
      });
    const outcome = typed('2026-12-01');
    expectKeptFor(outcome, [outcome, typed('2026-12-10')], 'currentS1');
    // The same call of an earlier visit is no longer the cycle's.
    const earlier = typed('2026-10-01');
    expect(decide([earlier, typed('2026-10-10')]).moving).toContain(earlier);
  });

  test('is the latest row of its rule and step for the customer, and the latest one done', () => {
    const latest = dormantRow('2026-03-05');
    expectKeptFor(latest, [dormantRow('2026-01-05'), latest], 'latest');
    // A pending latest: the last one done stays too (S4 counts its 30 days from it).
    const done = dormantRow('2026-02-05');
    const records = [dormantRow('2026-01-05'), done, dormantRow('2026-03-05', { state: '印刷待ち' })];
    expect(decide(records).kept.get(done.index)).toBe('latest');
    expect(decide(records).moving).toEqual([records[0]]);
  });

  test('is the latest row of a household’s letters (世帯 keys)', () => {
    const letter = (issue: string) =>
      record({
        customerId: 'C0002',
        key: `世帯:154-0004東京都世田谷区太子堂2-1-1|S7|ニュースレター|${issue}`,
        scenario: 'ニュースレター',
        step: 'ニュースレター',
        channel: '手紙',
        state: '印刷済',
        at: d(`${issue}-05`),
        plannedDay: d(`${issue}-05`),
      });
    const [old, last] = [letter('2026-01'), letter('2026-02')];
    const { moving, kept } = decide([old, last]);
    expect(moving).toEqual([old]);
    expect(kept.get(last.index)).toBe('latest');
  });

  test('lies within the 30 days the LINE caps count (a LINE the owner typed)', () => {
    const line = (day: string) =>
      record({
        customerId: 'C0001',
        scenario: '休眠客フォロー',
        step: 'お役立ち情報',
        channel: 'LINE',
        state: '送信済',
        at: d(day),
      });
    const recent = line('2027-05-20');
    expectKeptFor(recent, [recent, line('2027-05-25')], 'recent');
  });

  test('lies within an open window (its 予定日 within the longest window, or its slot ahead)', () => {
    const inWindow = dormantRow('2027-04-20');
    expectKeptFor(inWindow, [inWindow, dormantRow('2027-04-25')], 'window');
    const offer = (slot: string, offered: string) =>
      record({
        customerId: 'C0002',
        key: `C0002|S5|ご案内|${slot}`,
        scenario: '空き枠案内',
        step: 'ご案内',
        channel: 'LINE',
        state: '送信済',
        at: d(offered),
        plannedDay: d(offered),
      });
    const ahead = offer('2027-08-01 10:00', '2027-01-10');
    // The shop's last offer is another customer's.
    const last = record({ ...offer('2027-03-10 10:00', '2027-03-01'), customerId: 'C0003', index: 9_001 });
    expectKeptFor(ahead, [ahead, offer('2027-09-01 10:00', '2027-01-11'), last], 'window');
  });

  test('is the shop’s last S5 offer', () => {
    const offer = (slot: string, offered: string) =>
      record({
        customerId: 'C0003',
        key: `C0003|S5|ご案内|${slot}`,
        scenario: '空き枠案内',
        step: 'ご案内',
        channel: 'LINE',
        state: '送信済',
        at: d(offered),
        plannedDay: d(offered),
      });
    const last = offer('2027-03-10 10:00', '2027-03-01');
    expectKeptFor(last, [last, offer('2027-03-20 10:00', '2027-02-20')], 'lastVacancyOffer');
  });

  test('is a row the owner typed that Tsunagu could not read (and a row without 顧客ID is one)', () => {
    const typed = (day: string, overrides: Partial<ContactRecord> = {}) =>
      record({
        customerId: 'C0001',
        scenario: '休眠客フォロー',
        step: 'お役立ち情報',
        channel: 'LINE',
        state: '送信済',
        at: d(day),
        ...overrides,
      });
    const unread = typed('2026-01-05', { unreadable: '状態「おくった」が分かりません' });
    expectKeptFor(unread, [unread, typed('2026-03-05')], 'unreadable');
    const noId = typed('2026-01-05', { customerId: '', unreadable: '顧客IDが空欄です' });
    expect(decide([noId, typed('2026-03-05')]).kept.get(noId.index)).toBe('unreadable');
  });

  test('is the お手紙確認メール of a printed letter that stays', () => {
    const letter = record({
      customerId: 'C0004',
      key: 'C0004|S4|お役立ち情報|2027-01-05',
      scenario: '休眠客フォロー',
      step: 'お役立ち情報',
      channel: '手紙',
      state: '印刷済',
      at: d('2027-01-05'),
      plannedDay: d('2027-01-05'),
    });
    const check = (printed: string) =>
      record({
        customerId: 'C0004',
        key: `C0004|S8|確認メール|${printed}`,
        scenario: 'お手紙確認メール',
        step: '確認メール',
        channel: 'メール',
        state: 'スキップ',
        at: d(printed),
        plannedDay: d(printed),
      });
    const first = check('2027-01-05');
    expectKeptFor(first, [letter, first, check('2027-02-05')], 'letterCheck');
  });
});

describe('planArchiveWrite: one row per customer and year, searchable, written once', () => {
  const moving = [
    dormantRow('2025-03-02'),
    dormantRow('2025-04-02', { channel: '手紙', state: '印刷済' }),
    dormantRow('2026-01-05'),
  ];

  test('a line per contact, in words the owner searches', () => {
    expect(archiveLine(moving[0])).toBe('2025/03/02 休眠客フォロー（お役立ち情報） メール・送信済');
    const call = record({
      customerId: 'C0001',
      scenario: '購入後フォロー',
      step: '電話確認',
      channel: '電話',
      state: '完了',
      result: '不在',
      at: d('2025-05-01'),
      note: '折り返しなし',
    });
    expect(archiveLine(call)).toBe('2025/05/01 購入後フォロー（電話確認） 電話・完了・不在（折り返しなし）');
  });

  test('groups by customer and calendar year', () => {
    const write = planArchiveWrite([], moving);
    expect(write.appends.map((r) => [r.customerId, r.year, r.count])).toEqual([
      ['C0001', 2025, 2],
      ['C0001', 2026, 1],
    ]);
    expect(write.appends[0].keys).toEqual([moving[0].key, moving[1].key]);
    expect(write.archived).toHaveLength(3);
  });

  test('a later archiving grows the customer-year’s row; a row archived already is not added again', () => {
    const existing: ArchiveRow[] = [
      {
        index: 4,
        customerId: 'C0001',
        name: '',
        year: 2025,
        count: 1,
        lines: [archiveLine(moving[0])],
        keys: [moving[0].key],
      },
    ];
    const write = planArchiveWrite(existing, moving);
    expect(write.already).toBe(1);
    expect(write.updates).toHaveLength(1);
    expect(write.updates[0]).toMatchObject({ index: 4, count: 2 });
    expect(write.updates[0].lines).toHaveLength(2);
    expect(write.appends.map((r) => r.year)).toEqual([2026]);
    // A row the owner typed (no キー) is known by its line.
    const typed = record({
      customerId: 'C0001',
      scenario: '休眠客フォロー',
      step: 'お役立ち情報',
      channel: 'LINE',
      state: '送信済',
      at: d('2025-06-01'),
    });
    const again = planArchiveWrite([{ ...existing[0], lines: [archiveLine(typed)], keys: [] }], [typed]);
    expect(again).toMatchObject({ already: 1, updates: [], appends: [] });
  });

  test('household letters go to the household’s row', () => {
    const letter = record({
      customerId: 'C0002',
      name: '田中 一郎',
      key: '世帯:154-0004東京都世田谷区太子堂2-1-1|S7|ニュースレター|2025-01',
      scenario: 'ニュースレター',
      step: 'ニュースレター',
      channel: '手紙',
      state: '印刷済',
      at: d('2025-01-05'),
    });
    expect(planArchiveWrite([], [letter]).appends[0]).toMatchObject({
      customerId: '世帯:154-0004東京都世田谷区太子堂2-1-1',
      name: '田中 一郎',
      year: 2025,
    });
  });

  test('a cell never passes Sheets’ 50,000 characters: the year continues in another row', () => {
    const many = Array.from({ length: 1200 }, (_, i) =>
      dormantRow('2025-03-02', { key: `C0001|S4|お役立ち情報|2025-03-02#${i}`, note: 'あ'.repeat(40) }),
    );
    const write = planArchiveWrite([], many);
    expect(write.appends.length).toBeGreaterThan(1);
    for (const row of write.appends) {
      expect(row.year).toBe(2025);
      expect(row.lines.join('\n').length).toBeLessThanOrEqual(ARCHIVE_CELL_LIMIT);
    }
    expect(write.appends.reduce((n, r) => n + r.count, 0)).toBe(1200);
  });
});

describe('rows the owner typed twice alike', () => {
  test('two identical typed rows are two lines of the archive, and each is archived once', () => {
    const me = customer({ id: 'C0001', lastVisit: d('2026-11-20') });
    const twice = [0, 1].map((i) =>
      record({
        index: i,
        customerId: 'C0001',
        scenario: '休眠客フォロー',
        step: '',
        channel: '電話',
        state: '完了',
        result: '不在',
        at: d('2026-01-05'),
        key: '',
      }),
    );
    const latest = record({
      index: 2,
      customerId: 'C0001',
      scenario: '休眠客フォロー',
      step: '',
      channel: '電話',
      state: '完了',
      at: d('2026-04-05'),
      key: '',
    });
    const { moving } = archivableRecords([...twice, latest], [me], d('2027-06-01'));
    expect(moving.map((r) => r.index).sort()).toEqual([0, 1]);
    const first = planArchiveWrite([], moving);
    expect(first.appends.reduce((n, r) => n + r.lines.length, 0)).toBe(2);
    expect(first.appends[0].count).toBe(2);
    // A run stopped before the rows were deleted: the next one finds both lines there and adds neither again.
    const written = first.appends.map((row, index) => ({ ...row, index }));
    const again = planArchiveWrite(written, moving);
    expect(again.already).toBe(2);
    expect(again.appends).toHaveLength(0);
  });
});
