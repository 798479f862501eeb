/**
 * Header and sheet discovery (issue 13, item 7; contract section 2), through dist/Code.js: "headers are matched
 * after removing notes in brackets and after ※, and the header row may sit below a title row"; "the 顧客 sheet is
 * found by name … or, failing that, as the one sheet whose header row holds 顧客ID and 氏名 — never by creating an
 * empty one beside the owner's list"; "when more than one sheet qualifies, nothing is planned until the owner picks
 * one"; "if the owner's sheet already has a column named like a (system) column with data in it, Tsunagu stops and
 * asks, before writing anything".
 */
import type { CellValue, SheetData } from '../fakes';
import {
  C1_MAIL,
  CUSTOMER_HEADER,
  dateCell,
  lineCustomer,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';
import { tally } from './tally';

const SYSTEM = ['次回連絡日', '次回連絡内容', '次回チャネル', '理由', '要確認'];

/** A customer sheet in the owner's own layout: rows above the header, any header texts, any name. */
function ownerSheet(
  name: string,
  rows: Record<string, CellValue>[],
  options: { header?: string[]; above?: CellValue[][]; keys?: string[] } = {},
): SheetData {
  const { header = CUSTOMER_HEADER, above = [], keys = header } = options;
  return {
    name,
    values: [...above, header, ...rows.map((r) => keys.map((k) => r[k] ?? ''))],
  };
}

function shop(...sheets: SheetData[]): Tsunagu {
  return loadTsunagu({ sheets: [...sheets, settingsSheet(SHOP_SETTINGS)], today: '2026-11-22', hour: 9 });
}

const values = (t: Tsunagu, sheet: string) => t.values(sheet) ?? [];
const snapshot = (t: Tsunagu) =>
  JSON.stringify({ book: t.services.spreadsheet.toData(), gmail: t.services.exportState().gmail });
const lastAlert = (t: Tsunagu) => t.services.ui.alerts.at(-1)?.prompt ?? '';
const draftsTo = (t: Tsunagu) => t.services.gmail.draftRecords().map((d) => d.message.to);

/** The owner's cells: every cell of the columns the fixture had, in every row it had. */
function ownerCells(t: Tsunagu, sheet: string, fixture: SheetData): CellValue[][] {
  const width = Math.max(...fixture.values.map((r) => r.length));
  return values(t, sheet)
    .slice(0, fixture.values.length)
    .map((row) => Array.from({ length: width }, (_, j) => row[j] ?? ''));
}

function expectOwnerCellsKept(t: Tsunagu, sheet: string, fixture: SheetData): void {
  const before = fixture.values.map((row) =>
    Array.from({ length: Math.max(...fixture.values.map((r) => r.length)) }, (_, j) => row[j] ?? ''),
  );
  const after = ownerCells(t, sheet, fixture);
  const changed = after.flat().filter((v, i) => JSON.stringify(v) !== JSON.stringify(before.flat()[i]));
  tally.ownerCellsChanged += changed.length;
  expect(after).toEqual(before);
}

/** The record of the customer on the row below the header that holds 顧客ID. */
function customerRow(t: Tsunagu, sheet: string, id: string): Record<string, CellValue> {
  const rows = values(t, sheet);
  const at = rows.findIndex((r) => r.some((v) => /顧客ID/.test(String(v))));
  const header = rows[at].map(String);
  const row = rows.slice(at + 1).find((r) => r[header.findIndex((h) => /顧客ID/.test(h))] === id) ?? [];
  return Object.fromEntries(header.map((h, i) => [h, row[i] ?? '']));
}

/** Runs the day twice (the second run must add nothing) and checks the one email draft. */
function expectPlannedOnce(t: Tsunagu, sheet: string): void {
  expect(t.call('runDailyFollowUps')).not.toBeNull();
  expect(draftsTo(t)).toEqual([C1_MAIL['メール']]);
  expect(customerRow(t, sheet, 'C1')['次回連絡内容']).toMatch(/購入後フォロー.*お伺い/);
  t.at('2026-11-22', 10);
  expect(t.call('runDailyFollowUps')).not.toBeNull();
  tally.runsRepeated++;
  const drafts = draftsTo(t);
  tally.duplicatesFound += drafts.length - new Set(drafts).size;
  expect(drafts).toEqual([C1_MAIL['メール']]);
}

describe('a header row below a title', () => {
  test.each<[string, CellValue[][]]>([
    ['「顧客リスト 2026年」 in A1', [['顧客リスト 2026年']]],
    ['a title and a blank row', [['顧客リスト 2026年'], []]],
    [
      'a title, a date and a note over two rows',
      [['ここち堂 お客様台帳', '', '更新: 11/20'], ['※ 編集は店長のみ']],
    ],
    ['a blank first row', [[]]],
  ])('%s: no 「1行目に見出し」 stop; planned on the right rows, the title kept', (_case, above) => {
    const fixture = ownerSheet('顧客', [{ ...C1_MAIL }], { above });
    const t = shop(fixture);
    tally.badInputsTried++;
    expectPlannedOnce(t, '顧客');
    expect(lastAlert(t)).not.toContain('1行目に見出し');
    // Tsunagu's headers went on the header row, the title rows got nothing.
    const header = values(t, '顧客')[above.length];
    expect(header).toEqual(expect.arrayContaining(SYSTEM));
    expectOwnerCellsKept(t, '顧客', fixture);
  });

  test('a header the run cannot find in the first rows still stops, naming it, before anything is written', () => {
    const fixture = ownerSheet('顧客', [{ ...C1_MAIL }], {
      header: CUSTOMER_HEADER.map((h) => (h === '氏名' ? 'なまえ' : h)),
      keys: CUSTOMER_HEADER,
      above: [['顧客リスト 2026年']],
    });
    const t = shop(fixture);
    const before = snapshot(t);
    expect(t.call('runDailyFollowUps')).toBeNull();
    expect(lastAlert(t)).toContain('見出し「氏名」がありません');
    expect(snapshot(t)).toBe(before);
  });
});

describe('headers with notes', () => {
  const noted: [string, string, string][] = [
    ['最終来店日', '最終来店日（yyyy/mm/dd）', 'full-width brackets'],
    ['メール', 'メール ※PC', 'after ※'],
    ['カテゴリ', 'カテゴリ(施術)', 'half-width brackets'],
    ['購入商品', ' 購入 商品 ', 'spaces around and inside'],
    ['氏名', '氏名【必須】', '【】'],
    ['顧客ID', '顧客ID［半角］', 'full-width square brackets'],
    ['来店回数', '来店回数 [回]', 'square brackets'],
  ];
  test.each(noted)('「%s」 written 「%s」 (%s) is read', (plain, written) => {
    const header = CUSTOMER_HEADER.map((h) => (h === plain ? written : h));
    const fixture = ownerSheet('顧客', [{ ...C1_MAIL }], { header, keys: CUSTOMER_HEADER });
    const t = shop(fixture);
    tally.badInputsTried++;
    expectPlannedOnce(t, '顧客');
    expectOwnerCellsKept(t, '顧客', fixture);
  });

  test('every header noted at once, below a title, in a sheet named 「お客様リスト」', () => {
    const header = CUSTOMER_HEADER.map((h) => noted.find(([p]) => p === h)?.[1] ?? h);
    const fixture = ownerSheet('お客様リスト', [{ ...C1_MAIL }], {
      header,
      keys: CUSTOMER_HEADER,
      above: [['お客様リスト（2026年度）']],
    });
    const t = shop(fixture);
    tally.badInputsTried++;
    expectPlannedOnce(t, 'お客様リスト');
    expectOwnerCellsKept(t, 'お客様リスト', fixture);
  });
});

describe('the customer sheet found by name or by its headers', () => {
  test.each([['顧客リスト'], ['お客様'], ['顧客 '], ['顧客一覧'], ['お客様リスト　'], ['顧客一覧 ']])(
    'a sheet named 「%s」 is the customer list; no empty 顧客 is made beside it',
    (name) => {
      const fixture = ownerSheet(name, [{ ...C1_MAIL }]);
      const t = shop(fixture);
      tally.badInputsTried++;
      expectPlannedOnce(t, name);
      expect(t.values('顧客')).toBeUndefined();
      expectOwnerCellsKept(t, name, fixture);
    },
  );

  test.each([['台帳'], ['Sheet1'], ['2026年']])(
    'a sheet named 「%s» whose header row holds 顧客ID and 氏名 (below a title) is found by its headers',
    (name) => {
      const fixture = ownerSheet(name, [{ ...C1_MAIL }], { above: [['ここち堂']] });
      const t = shop(fixture, { name: 'メモ', values: [['今月の目標'], ['氏名を覚える']] });
      tally.badInputsTried++;
      expectPlannedOnce(t, name);
      expect(t.values('顧客')).toBeUndefined();
      expectOwnerCellsKept(t, name, fixture);
    },
  );

  test('the sheet found by its headers is remembered: the next run reads only its header, not every sheet’s', () => {
    const fixture = ownerSheet('台帳', [{ ...C1_MAIL }], { above: [['ここち堂']] });
    const notes = (name: string): SheetData => ({
      name,
      values: [
        ['日付', '内容'],
        ...Array.from({ length: 30 }, (_, i) => [`11/${i + 1}`, `${name}のメモ${i}`]),
      ],
    });
    const t = shop(fixture, notes('スタッフメモ'), notes('売上'), notes('仕入れ'));
    const calls = t.services.calls;
    expect(t.call('runDailyFollowUps')).not.toBeNull();
    const first = calls.byMethod();
    calls.reset();
    t.at('2026-11-22', 10);
    expect(t.call('runDailyFollowUps')).not.toBeNull();
    tally.runsRepeated++;
    const second = calls.byMethod();
    const n = (by: Record<string, number>, method: string) => by[`SpreadsheetApp.${method}`] ?? 0;
    // First run: the header of every owner's sheet (台帳 and the three others) was read, and the tags looked up.
    expect(n(first, 'Sheet.getLastColumn')).toBeGreaterThanOrEqual(4);
    // Second run: only 台帳's header is read to find it again; no sheet-tag lookup for the search.
    expect(n(second, 'Sheet.getLastColumn')).toBe(1);
    expect(n(second, 'Sheet.getSheetId')).toBeLessThan(n(first, 'Sheet.getSheetId'));
    expect(calls.total('SpreadsheetApp')).toBeLessThan(Object.values(first).reduce((a, b) => a + b, 0));
    expect(draftsTo(t)).toEqual([C1_MAIL['メール']]);

    // The remembered sheet no longer holding 顧客ID: the search runs again and finds nothing else, and says so.
    t.services.spreadsheet.sheet('台帳')!.getRange(2, 1).setValue('番号');
    t.at('2026-11-22', 11);
    expect(t.call('runDailyFollowUps')).toBeNull();
    expect(lastAlert(t)).toContain('見出しに「顧客ID」と「氏名」があるシートも探しました');
  });

  test('Tsunagu’s own sheet renamed by the owner (LINE送信 → 「LINE（旧）」) is never taken for the customer list', () => {
    const line = lineCustomer('L1', '高橋 花子', `U${'1'.repeat(32)}`);
    const fixture = ownerSheet('台帳', [{ ...C1_MAIL }, line], { above: [['ここち堂']] });
    const t = shop(fixture);
    expect(t.call('runDailyFollowUps')).not.toBeNull();
    expect(t.values('LINE送信')?.[0]).toEqual(expect.arrayContaining(['顧客ID', '氏名']));
    t.services.spreadsheet.sheet('LINE送信')?.setName('LINE（旧）');
    t.at('2026-11-23', 9);
    expect(t.call('runDailyFollowUps')).not.toBeNull();
    tally.runsRepeated++;
    expect(lastAlert(t)).not.toContain('顧客の一覧らしいシート');
    expect(customerRow(t, '台帳', 'C1')['次回連絡内容']).not.toBe('');
  });

  test('no sheet at all: the message says where Tsunagu looked and what to do, nothing is written', () => {
    const t = shop({ name: 'メモ', values: [['今月の目標']] });
    const before = snapshot(t);
    expect(t.call('runDailyFollowUps')).toBeNull();
    expect(lastAlert(t)).toContain('「顧客リスト」「お客様」');
    expect(lastAlert(t)).toContain('「顧客ID」と「氏名」');
    expect(snapshot(t)).toBe(before);
  });
});

describe('two sheets that could be the customer list', () => {
  const second = { ...C1_MAIL, 顧客ID: 'K1', 氏名: '木村 蓮', メール: 'ren@example.jp' };

  test.each<[string, () => SheetData[]]>([
    [
      '顧客 and お客様リスト',
      () => [ownerSheet('顧客', [{ ...C1_MAIL }]), ownerSheet('お客様リスト', [second])],
    ],
    [
      '顧客リスト and 「顧客 」',
      () => [ownerSheet('顧客リスト', [{ ...C1_MAIL }]), ownerSheet('顧客 ', [second])],
    ],
    [
      'two sheets found by their headers',
      () => [ownerSheet('台帳A', [{ ...C1_MAIL }]), ownerSheet('台帳B', [second], { above: [['旧台帳']] })],
    ],
  ])(
    '%s: nothing planned, the message names both; the owner picks one, and it survives a rename',
    (_c, make) => {
      const [first, other] = make();
      const t = shop(first, other);
      const before = snapshot(t);
      expect(t.call('runDailyFollowUps')).toBeNull();
      expect(lastAlert(t)).toContain(`「${first.name}」`);
      expect(lastAlert(t)).toContain(`「${other.name}」`);
      expect(lastAlert(t)).toContain('このシートを顧客の一覧にする');
      expect(snapshot(t)).toBe(before);
      tally.badInputsTried++;

      // The owner opens the second sheet and picks it from the menu.
      const ss = t.services.spreadsheet;
      ss.setActive(ss.sheet(other.name)!);
      expect(t.call('useSheetAsCustomers')).toContain(`「${other.name}」シートを顧客の一覧として使います`);
      expect(t.call('runDailyFollowUps')).not.toBeNull();
      expect(draftsTo(t)).toEqual(['ren@example.jp']);
      expectOwnerCellsKept(t, first.name, first);

      // Renamed, the sheet is still the one chosen (by its id): no question asked again, nothing prepared twice.
      ss.sheet(other.name)!.setName('2026年の顧客');
      t.at('2026-11-23', 9);
      expect(t.call('runDailyFollowUps')).not.toBeNull();
      tally.runsRepeated++;
      expect(draftsTo(t)).toEqual(['ren@example.jp']);
      expect(customerRow(t, '2026年の顧客', 'K1')['次回連絡内容']).not.toBe('');
    },
  );

  test('初期設定 with two candidates creates nothing and names both', () => {
    const t = shop(ownerSheet('顧客', [{ ...C1_MAIL }]), ownerSheet('お客様', [second]));
    const before = snapshot(t);
    const result = t.call<{ message: string }>('setupWorkbook');
    expect(result.message).toContain('「顧客」「お客様」');
    expect(snapshot(t)).toBe(before);
  });

  test('picking a sheet without 顧客ID and 氏名, or one of Tsunagu’s own, is refused and nothing is remembered', () => {
    const t = shop(ownerSheet('顧客', [{ ...C1_MAIL }]), ownerSheet('お客様', [second]), {
      name: 'メモ',
      values: [['今月の目標']],
    });
    const ss = t.services.spreadsheet;
    ss.setActive(ss.sheet('メモ')!);
    expect(t.call('useSheetAsCustomers')).toContain('見つかりません');
    ss.setActive(ss.sheet('設定')!);
    expect(t.call('useSheetAsCustomers')).toMatch(/見つかりません|つなぐが使うシート/);
    expect(t.services.properties.document.toRecord()['tsunagu.customerSheetId']).toBeUndefined();
    expect(t.call('runDailyFollowUps')).toBeNull();
  });
});

describe('an owner’s own column under a system column’s name', () => {
  const withOwnColumn = (header: string, value: CellValue) => {
    const head = [...CUSTOMER_HEADER, header];
    return ownerSheet(
      '顧客',
      [
        { ...C1_MAIL, [header]: value },
        { ...C1_MAIL, 顧客ID: 'C2', メール: '' },
      ],
      {
        header: head,
      },
    );
  };

  test.each<[string, CellValue]>([
    ['要確認', '住所の確認が必要'],
    ['理由', '紹介'],
    ['次回連絡日', dateCell('2026-12-01')],
    ['次回チャネル', 'はがき'],
  ])(
    '「%s」 with data: the run stops before anything is written, naming it and what to do',
    (header, value) => {
      const fixture = withOwnColumn(header, value);
      const t = shop(fixture);
      const before = snapshot(t);
      expect(t.call('runDailyFollowUps')).toBeNull();
      expect(lastAlert(t)).toContain(`「${header}」`);
      expect(lastAlert(t)).toContain(`「お店の${header}」`);
      expect(lastAlert(t)).toContain('何も書き込まずに止めました');
      // Not a cell anywhere, not a draft, not a sheet.
      expect(snapshot(t)).toBe(before);
      tally.badInputsTried++;
      // The sidebar's list stops too rather than show a plan Tsunagu could not write.
      expect(() => t.call('getTodayFollowUps')).toThrow(`「${header}」`);
      expect(snapshot(t)).toBe(before);

      // The owner renames their column as asked: the run goes on, their column untouched, Tsunagu's own at the end.
      const at = (t.values('顧客') ?? [])[0].indexOf(header);
      t.services.spreadsheet
        .sheet('顧客')!
        .getRange(1, at + 1)
        .setValue(`お店の${header}`);
      const renamed = {
        ...fixture,
        values: fixture.values.map((r, i) => (i === 0 ? [...r.slice(0, at), `お店の${header}`] : r)),
      };
      expect(t.call('runDailyFollowUps')).not.toBeNull();
      expect(draftsTo(t)).toEqual([C1_MAIL['メール']]);
      expectOwnerCellsKept(t, '顧客', renamed);
      expect(values(t, '顧客')[0].slice(at + 1)).toEqual(expect.arrayContaining(SYSTEM));
    },
  );

  test('初期設定 on a sheet with an owner’s 要確認 with data: nothing made or written, the message says what to do', () => {
    const t = loadTsunagu({
      sheets: [withOwnColumn('要確認', '住所の確認')],
      today: '2026-11-22',
      preparing: false,
    });
    const before = snapshot(t);
    const result = t.call<{ message: string }>('setupWorkbook');
    expect(result.message).toContain('「お店の要確認」');
    expect(snapshot(t)).toBe(before);
  });

  test('an empty 要確認 column the owner made is adopted: written and tagged', () => {
    const fixture = withOwnColumn('要確認', '');
    const t = shop(fixture);
    expect(t.call('runDailyFollowUps')).not.toBeNull();
    const header = values(t, '顧客')[0];
    expect(header.filter((h) => h === '要確認')).toHaveLength(1);
    const sheet = t.services.spreadsheet.toData().sheets.find((s) => s.name === '顧客');
    expect(sheet?.developerMetadata).toEqual(
      expect.arrayContaining([
        { key: 'tsunagu.column', value: '要確認', column: header.indexOf('要確認') + 1 },
      ]),
    );
  });

  test('Tsunagu’s tagged column keeps working after the owner inserts a column before it', () => {
    const fixture = ownerSheet('顧客', [{ ...C1_MAIL }]);
    const t = shop(fixture);
    expect(t.call('runDailyFollowUps')).not.toBeNull();
    // The owner inserts a column after A and types their own notes in it.
    const sheet = t.services.spreadsheet.sheet('顧客')!;
    sheet.insertColumnsAfter(1, 1);
    sheet.getRange(1, 2).setValue('担当');
    sheet.getRange(2, 2).setValue('山田');
    t.at('2026-11-23', 9);
    expect(t.call('runDailyFollowUps')).not.toBeNull();
    tally.runsRepeated++;
    expect(draftsTo(t)).toEqual([C1_MAIL['メール']]);
    expect(customerRow(t, '顧客', 'C1')['担当']).toBe('山田');
  });

  test('an owner’s 要確認 with data added later, left of Tsunagu’s own: Tsunagu writes only its own', () => {
    const t = shop(ownerSheet('顧客', [{ ...C1_MAIL }]));
    expect(t.call('runDailyFollowUps')).not.toBeNull();
    const sheet = t.services.spreadsheet.sheet('顧客')!;
    sheet.insertColumnsAfter(1, 1);
    sheet.getRange(1, 2).setValue('要確認');
    sheet.getRange(2, 2).setValue('店長に確認');
    t.at('2026-11-23', 9);
    expect(t.call('runDailyFollowUps')).not.toBeNull();
    tally.runsRepeated++;
    expect(values(t, '顧客')[1][1]).toBe('店長に確認');
    expect(draftsTo(t)).toEqual([C1_MAIL['メール']]);
  });
});

describe('an install from before the tags', () => {
  test('its untagged system columns, data and all, are adopted once; an owner’s column added later still stops', () => {
    const header = [...CUSTOMER_HEADER, ...SYSTEM];
    const fixture = ownerSheet(
      '顧客',
      [
        {
          ...C1_MAIL,
          次回連絡日: dateCell('2026-11-22'),
          次回連絡内容: '購入後フォロー（お伺い）',
          次回チャネル: 'メール',
          理由: '前回の計画',
        },
      ],
      { header },
    );
    const t = loadTsunagu({
      sheets: [fixture, settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 9,
      documentProperties: { 'tsunagu.introDay': '2026-11-01' },
    });
    expect(t.call('runDailyFollowUps')).not.toBeNull();
    expect(draftsTo(t)).toEqual([C1_MAIL['メール']]);
    const tags =
      t.services.spreadsheet.toData().sheets.find((s) => s.name === '顧客')?.developerMetadata ?? [];
    expect(tags.map((m) => m.value).sort()).toEqual([...SYSTEM].sort());
    expect(values(t, '顧客')[0]).toEqual(header);

    // The adoption happens once: the owner later renames Tsunagu's 理由 (its tag stays on it) and makes a 理由
    // column of their own with data in it — that one is the owner's, and the run stops before writing.
    const sheet = t.services.spreadsheet.sheet('顧客')!;
    sheet.getRange(1, header.indexOf('理由') + 1).setValue('つなぐの理由');
    sheet.getRange(1, header.length + 1).setValue('理由');
    sheet.getRange(2, header.length + 1).setValue('ご紹介');
    t.at('2026-11-23', 9);
    const before = snapshot(t);
    expect(t.call('runDailyFollowUps')).toBeNull();
    expect(lastAlert(t)).toContain('「理由」');
    expect(snapshot(t)).toBe(before);
  });
});

describe('an owner’s column with a note in its header is the owner’s, never Tsunagu’s (理由, 要確認)', () => {
  const noted = ['理由（来店のきっかけ）', '要確認（スタッフ記入）'];
  const fixtureWith = (header: string[], rows: Record<string, CellValue>[]) =>
    ownerSheet('顧客', rows, { header });
  const tagsOf = (t: Tsunagu) =>
    (t.services.spreadsheet.toData().sheets.find((s) => s.name === '顧客')?.developerMetadata ?? []).map(
      (m) => [m.value, m.column],
    );

  test.each([
    ['a fresh install', {}],
    ['an install from before the tags (導入日 set, not yet tagged)', { 'tsunagu.introDay': '2026-11-01' }],
  ])(
    '%s: 「理由（来店のきっかけ）」 with data and an empty 「要確認（スタッフ記入）」 are kept as they are; Tsunagu makes its own',
    (_, documentProperties) => {
      const header = [...CUSTOMER_HEADER, ...noted];
      const fixture = fixtureWith(header, [
        { ...C1_MAIL, '理由（来店のきっかけ）': '友人の紹介' },
        { ...C1_MAIL, 顧客ID: 'C2', メール: '', '理由（来店のきっかけ）': 'チラシ' },
      ]);
      const t = loadTsunagu({
        sheets: [fixture, settingsSheet(SHOP_SETTINGS)],
        today: '2026-11-22',
        hour: 9,
        documentProperties,
      });
      expectPlannedOnce(t, '顧客');
      tally.badInputsTried++;
      expectOwnerCellsKept(t, '顧客', fixture);
      const after = values(t, '顧客')[0].map(String);
      // Tsunagu's five columns after the owner's, each once; the owner's noted columns untagged and unwritten.
      expect(after.slice(header.length).sort()).toEqual([...SYSTEM].sort());
      expect(customerRow(t, '顧客', 'C1')['理由']).not.toBe('');
      expect(
        tagsOf(t)
          .map(([name]) => name)
          .sort(),
      ).toEqual([...SYSTEM].sort());
      expect(tagsOf(t).every(([, column]) => Number(column) > header.length)).toBe(true);
    },
  );

  test('「ご紹介（山田様）」 and 「次回連絡日（手書き）」 with data: the run goes on and leaves them as they are', () => {
    const header = [...CUSTOMER_HEADER, 'ご紹介（山田様）', '次回連絡日（手書き）'];
    const fixture = fixtureWith(header, [
      { ...C1_MAIL, 'ご紹介（山田様）': '山田様', '次回連絡日（手書き）': dateCell('2026-12-24') },
    ]);
    const t = shop(fixture);
    expectPlannedOnce(t, '顧客');
    tally.badInputsTried++;
    expectOwnerCellsKept(t, '顧客', fixture);
  });

  test('a noted 「理由（来店のきっかけ）」 and an exact untagged 「理由」 with data: the exact one stops the run, nothing written', () => {
    const header = [...CUSTOMER_HEADER, '理由（来店のきっかけ）', '理由'];
    const fixture = fixtureWith(header, [
      { ...C1_MAIL, '理由（来店のきっかけ）': '友人の紹介', 理由: '前からのお客様' },
    ]);
    const t = shop(fixture);
    const before = snapshot(t);
    expect(t.call('runDailyFollowUps')).toBeNull();
    tally.badInputsTried++;
    expect(lastAlert(t)).toContain('「理由」列は');
    expect(lastAlert(t)).toContain('「お店の理由」');
    expect(lastAlert(t)).not.toContain('きっかけ');
    expect(snapshot(t)).toBe(before);
  });
});

describe('初期設定 on the owner’s own list', () => {
  test('a workbook with 顧客リスト: no empty 顧客, Tsunagu’s columns on 顧客リスト, then a real count', () => {
    const fixture = ownerSheet(
      '顧客リスト',
      [{ ...C1_MAIL }, { ...C1_MAIL, 顧客ID: 'C2', 氏名: '鈴木 花' }],
      {
        above: [['顧客リスト 2026年']],
      },
    );
    const t = loadTsunagu({ sheets: [fixture], today: '2026-11-22', hour: 9, preparing: false });
    const result = t.call<{ message: string }>('setupWorkbook');
    expect(t.values('顧客')).toBeUndefined();
    expect(result.message).toContain('「顧客リスト」シート（2行）');
    expect(values(t, '顧客リスト')[1]).toEqual(expect.arrayContaining(SYSTEM));
    expectOwnerCellsKept(t, '顧客リスト', fixture);
    const summary = t.call<{ customers: number } | null>('runDailyFollowUps');
    expect(summary?.customers).toBe(2);
  });

  test('a workbook without any customer list: 顧客 is made, with its columns tagged', () => {
    const t = loadTsunagu({
      sheets: [{ name: 'シート1', values: [[]] }],
      today: '2026-11-22',
      hour: 9,
      preparing: false,
    });
    t.call('setupWorkbook');
    const sheet = t.services.spreadsheet.toData().sheets.find((s) => s.name === '顧客');
    expect(sheet?.developerMetadata?.filter((m) => m.key === 'tsunagu.column').map((m) => m.value)).toEqual(
      SYSTEM,
    );
    expect(sheet?.developerMetadata).toEqual(
      expect.arrayContaining([{ key: 'tsunagu.sheet', value: '顧客' }]),
    );
  });
});
