/**
 * 初期設定 as a wizard (issue 16 item 3), server side: what the sidebar's steps read (without writing a cell), the
 * owner's choice of the customer list, the deletion of the example customers, and the last step's preview run.
 */
import type { CellValue, SheetData } from '../fakes';
import type { ActionResult, WizardFinish, WizardView } from '../../src/shared/sidebar-types';
import { dateCell, loadTsunagu, type Tsunagu } from './harness';

/** The owner's list as a shop keeps it: a title row above a header written with notes and aliases. */
const OWNER_HEADER = [
  'お客様番号',
  'お名前',
  'フリガナ',
  'メールアドレス ※PC',
  '最終来店日（yyyy/mm/dd）',
  '来店回数',
  'カテゴリ',
  '購入商品',
  '来店のきっかけ',
  '配信停止',
];

function ownerRow(values: Record<string, CellValue>): CellValue[] {
  return OWNER_HEADER.map((h) => values[h] ?? '');
}

const VISIT = {
  '最終来店日（yyyy/mm/dd）': dateCell('2026-11-20'),
  来店回数: 2,
  カテゴリ: '整体',
  購入商品: '骨盤調整60分',
};
const example = (id: string, name: string) => ({
  お客様番号: id,
  お名前: name,
  配信停止: 'すべて',
  ...VISIT,
});

function ownerList(rows: Record<string, CellValue>[], name = 'お客様リスト'): SheetData {
  return { name, values: [['ここち堂 お客様リスト 2026年'], OWNER_HEADER, ...rows.map(ownerRow)] };
}

const C1 = {
  お客様番号: 'C1',
  お名前: '佐藤 美咲',
  フリガナ: 'サトウ ミサキ',
  'メールアドレス ※PC': 'misaki@example.jp',
  来店のきっかけ: '紹介',
  ...VISIT,
};

/** The whole workbook as Sheets holds it: values, formats, metadata of every sheet. */
const snapshot = (t: Tsunagu) => JSON.stringify(t.services.spreadsheet.toData());
/** A sheet's rows cut or padded to the owner's columns (Sheets' values end at the last filled cell of a row). */
const ownerCells = (t: Tsunagu, sheet = 'お客様リスト') =>
  (t.values(sheet) ?? []).map((row) => OWNER_HEADER.map((_, i) => row[i] ?? ''));
const ids = (t: Tsunagu, sheet = 'お客様リスト') =>
  (t.values(sheet) ?? []).slice(2).map((row) => String(row[0]));

describe('the wizard reads (steps 1–3) without writing a cell', () => {
  test("the owner's 「お客様リスト」 below a title row: columns understood, the owner's own, the missing ones, the examples", () => {
    const t = loadTsunagu({
      sheets: [
        ownerList([
          example('例1', '見本 花子'),
          C1,
          example('例2', '見本 太郎'),
          // An owner's id that happens to start with 例 is no example without 配信停止 すべて.
          { お客様番号: '例3', お名前: '例田 三郎', ...VISIT },
        ]),
      ],
      today: '2026-11-22',
      preparing: false,
    });
    const before = snapshot(t);
    const view = t.call<WizardView>('getSetupWizard');
    expect(snapshot(t)).toBe(before);
    expect(view.setUp).toBe(false);
    expect(view.customers).toMatchObject({
      state: 'found',
      by: 'name',
      sheetName: 'お客様リスト',
      headerRow: 2,
      rows: 4,
      missingRequired: [],
      problem: '',
      ownColumns: ['来店のきっかけ'],
      system: [],
      systemToAdd: ['次回連絡日', '次回連絡内容', '次回チャネル', '理由', '要確認'],
    });
    expect(view.customers.understood).toEqual([
      { header: 'お客様番号', as: '顧客ID' },
      { header: 'お名前', as: '氏名' },
      { header: 'フリガナ', as: 'ふりがな' },
      { header: 'メールアドレス ※PC', as: 'メール' },
      { header: '最終来店日（yyyy/mm/dd）', as: '最終来店日' },
      { header: '来店回数', as: '来店回数' },
      { header: 'カテゴリ', as: 'カテゴリ' },
      { header: '購入商品', as: '購入商品' },
      { header: '配信停止', as: '配信停止' },
    ]);
    const missing = Object.fromEntries(view.customers.missing.map((m) => [m.header, m.enables]));
    expect(missing['電話']).toContain('電話でフォロー');
    expect(missing['住所']).toContain('手紙');
    expect(missing['LINEユーザーID']).toBe('LINEで連絡できます');
    expect(missing).not.toHaveProperty('メール');
    expect(missing).not.toHaveProperty('次回連絡日');
    expect(view.examples).toEqual([
      { id: '例1', name: '見本 花子', row: 3 },
      { id: '例2', name: '見本 太郎', row: 5 },
    ]);
    expect(view.shop.hasSheet).toBe(false);
    expect(view.shop.items.map((i) => i.item)).toEqual([
      '店名',
      '差出人名',
      '店舗住所',
      '店舗電話',
      '店舗メール',
      '定休日',
    ]);
  });

  test('an email column named without its notes reads as メール: the wizard names the same column a run writes to', () => {
    const t = loadTsunagu({ sheets: [ownerList([C1])], today: '2026-11-22', preparing: false });
    t.call<WizardFinish>('finishSetupWizard', {});
    const header = (t.values('お客様リスト') ?? [])[1];
    expect(header.slice(0, OWNER_HEADER.length)).toEqual(OWNER_HEADER);
    expect(header.slice(OWNER_HEADER.length)).toEqual([
      '次回連絡日',
      '次回連絡内容',
      '次回チャネル',
      '理由',
      '要確認',
    ]);
  });

  test('two sheets that could be the list: nothing is found until the owner picks one, kept by its id', () => {
    const t = loadTsunagu({
      sheets: [ownerList([C1], '顧客リスト'), ownerList([C1, { ...C1, お客様番号: 'C2' }], 'お客様')],
      today: '2026-11-22',
      preparing: false,
    });
    const view = t.call<WizardView>('getSetupWizard');
    expect(view.customers.state).toBe('ambiguous');
    expect(view.customers.candidates.map((c) => [c.name, c.rows])).toEqual([
      ['顧客リスト', 1],
      ['お客様', 2],
    ]);
    expect(view.examples).toEqual([]);
    // The last step stops before writing while the owner has not picked.
    const before = snapshot(t);
    const stopped = t.call<WizardFinish>('finishSetupWizard', {});
    expect(stopped.ok).toBe(false);
    expect(stopped.message).toContain('2つあります');
    expect(snapshot(t)).toBe(before);

    const second = view.customers.candidates[1].sheetId;
    expect(t.call<ActionResult>('chooseCustomerSheet', second)).toEqual({
      ok: true,
      message:
        '「お客様」シートをお客様の一覧として使います（シート名を変えても、このシートを使い続けます）。',
    });
    expect(t.services.exportState().properties.document['tsunagu.customerSheetId']).toBe(String(second));
    expect(t.call<WizardView>('getSetupWizard').customers).toMatchObject({
      state: 'found',
      by: 'choice',
      sheetName: 'お客様',
      rows: 2,
    });
  });

  test('choosing refuses what cannot be the list: an unknown id, a sheet without 顧客ID and 氏名', () => {
    const t = loadTsunagu({
      sheets: [
        ownerList([C1], '顧客リスト'),
        ownerList([C1], 'お客様'),
        { name: 'メモ', values: [['覚え書き']] },
      ],
      today: '2026-11-22',
      preparing: false,
    });
    const memo = t.services.spreadsheet.getSheetByName('メモ')?.getSheetId() as number;
    expect(t.call<ActionResult>('chooseCustomerSheet', 987654)).toMatchObject({ ok: false });
    expect(t.call<ActionResult>('chooseCustomerSheet', '1')).toMatchObject({ ok: false });
    expect(t.call<ActionResult>('chooseCustomerSheet', memo)).toMatchObject({
      ok: false,
      message: expect.stringContaining('「顧客ID」「氏名」が見つかりません'),
    });
    expect(t.services.exportState().properties.document['tsunagu.customerSheetId']).toBeUndefined();
  });

  test('no sheet with 顧客ID and 氏名: step 1 says so, and the last step makes an empty 顧客', () => {
    const t = loadTsunagu({
      sheets: [
        {
          name: '売上メモ',
          values: [
            ['日付', '金額'],
            [dateCell('2026-11-20'), 5000],
          ],
        },
      ],
      today: '2026-11-22',
      preparing: false,
    });
    expect(t.call<WizardView>('getSetupWizard').customers).toMatchObject({ state: 'none', candidates: [] });
    const done = t.call<WizardFinish>('finishSetupWizard', {});
    expect(done).toMatchObject({ ok: true, preview: true });
    expect(done.created).toEqual(expect.arrayContaining(['顧客', '設定', '連絡履歴']));
    expect(t.values('顧客')?.[0]).toEqual(expect.arrayContaining(['顧客ID', '氏名', '次回連絡日']));
    expect(t.values('売上メモ')).toEqual([
      ['日付', '金額'],
      [dateCell('2026-11-20'), 5000],
    ]);
    expect(done.forecast[0]).toBe('はじめの1週間（11月22日〜11月28日）に予定している連絡はありません。');
  });

  test("an owner's column named like a system column, with data: step 1 says it, and the last step writes nothing", () => {
    const header = ['顧客ID', '氏名', '次回連絡日'];
    const t = loadTsunagu({
      sheets: [{ name: '顧客', values: [header, ['C1', '佐藤 美咲', '来月電話']] }],
      today: '2026-11-22',
      preparing: false,
    });
    const before = snapshot(t);
    const view = t.call<WizardView>('getSetupWizard');
    expect(view.customers.problem).toContain('「次回連絡日」列は、お店で使っている列のようです');
    expect(view.customers.system).toEqual(['次回連絡日']);
    expect(snapshot(t)).toBe(before);
    const done = t.call<WizardFinish>('finishSetupWizard', { settings: { 店名: 'ここち堂' } });
    expect(done.ok).toBe(false);
    expect(done.message).toContain('何も書き込まずに止めました');
    expect(snapshot(t)).toBe(before);
  });
});

describe('deleteExampleCustomers: only after the click, exactly the example rows, read again first', () => {
  const list = () =>
    ownerList([
      example('例1', '見本 花子'),
      C1,
      example('例2', '見本 太郎'),
      { お客様番号: '例3', お名前: '例田 三郎', ...VISIT },
      example('例4', '見本 次郎'),
      example('例5', '見本 五月'),
    ]);

  test('an owner row between two example rows survives, 例 without すべて stays, one deleteRows per run', () => {
    const t = loadTsunagu({ sheets: [list()], today: '2026-11-22', preparing: false });
    const view = t.call<WizardView>('getSetupWizard');
    expect(view.examples.map((e) => e.id)).toEqual(['例1', '例2', '例4', '例5']);
    const before = t.services.calls.count('SpreadsheetApp', 'Sheet.deleteRows');
    const result = t.call<ActionResult>('deleteExampleCustomers', { ids: view.examples.map((e) => e.id) });
    expect(result).toEqual({ ok: true, message: '「お客様リスト」シートから例のお客様4人を削除しました。' });
    expect(ids(t)).toEqual(['C1', '例3']);
    // 例4 and 例5 are adjacent: three runs, three calls, bottom-up.
    expect(t.services.calls.count('SpreadsheetApp', 'Sheet.deleteRows') - before).toBe(3);
    // The title row and the owner's rows are as they were.
    const values = t.values('お客様リスト') ?? [];
    expect(values[0][0]).toBe('ここち堂 お客様リスト 2026年');
    expect(values[1]).toEqual(OWNER_HEADER);
    expect(ownerCells(t)[2]).toEqual(ownerRow(C1));
  });

  test('rows the owner inserted or changed between the preview and the click are judged as they are at the click', () => {
    const t = loadTsunagu({ sheets: [list()], today: '2026-11-22', preparing: false });
    const view = t.call<WizardView>('getSetupWizard');
    const sheet = t.services.spreadsheet.getSheetByName('お客様リスト');
    if (!sheet) throw new Error('no sheet');
    // The owner inserts two rows under the header — a customer and a new example row the wizard never showed —
    // and clears 例2's 配信停止.
    sheet.insertRowsAfter(2, 2);
    sheet
      .getRange(3, 1, 2, OWNER_HEADER.length)
      .setValues([
        ownerRow({ ...C1, お客様番号: 'C9', お名前: '新井 九' }),
        ownerRow(example('例9', '見本 九')),
      ]);
    sheet.getRange(7, OWNER_HEADER.indexOf('配信停止') + 1).setValue('');
    expect(ids(t)).toEqual(['C9', '例9', '例1', 'C1', '例2', '例3', '例4', '例5']);

    const result = t.call<ActionResult>('deleteExampleCustomers', { ids: view.examples.map((e) => e.id) });
    expect(result.ok).toBe(true);
    expect(result.message).toBe(
      '「お客様リスト」シートから例のお客様3人を削除しました。「例2」は例のお客様ではなくなっていたか見つからなかったため、残しました。',
    );
    expect(ids(t)).toEqual(['C9', '例9', 'C1', '例2', '例3']);
  });

  test('nothing to delete, or a request that is not one: nothing is written', () => {
    const t = loadTsunagu({ sheets: [list()], today: '2026-11-22', preparing: false });
    const before = snapshot(t);
    expect(t.call<ActionResult>('deleteExampleCustomers', { ids: ['C1'] })).toMatchObject({ ok: false });
    expect(t.call<ActionResult>('deleteExampleCustomers', { ids: [] })).toMatchObject({ ok: false });
    expect(t.call<ActionResult>('deleteExampleCustomers', null)).toMatchObject({ ok: false });
    expect(snapshot(t)).toBe(before);
  });
});

describe('finishSetupWizard: 初期設定, the shop, a preview run and the first week', () => {
  test("on the owner's list: sheets made, shop saved through saveSettings, 次回連絡日 filled, nothing prepared", () => {
    const t = loadTsunagu({
      sheets: [
        ownerList([
          example('例1', '見本 花子'),
          C1,
          { ...C1, お客様番号: 'C2', お名前: '鈴木 一郎', 'メールアドレス ※PC': 'ichiro@example.jp' },
        ]),
      ],
      today: '2026-11-22',
      preparing: false,
    });
    const owner = ownerCells(t);
    const done = t.call<WizardFinish>('finishSetupWizard', {
      settings: {
        店名: 'ここち堂',
        店舗住所: '〒154-0004 東京都世田谷区太子堂2-14-3',
        店舗電話: '03-5432-1234',
        店舗メール: 'info@kokochido.example.jp',
      },
    });
    expect(done).toMatchObject({ ok: true, preview: true, autoRun: false });
    expect(done.created).toEqual(['設定', 'カテゴリ', 'テンプレート', '空き枠', '連絡履歴', '来店履歴']);
    expect(done.message.split('\n')[0]).toBe(
      'お客様の一覧は「お客様リスト」シートを使います。「設定」「カテゴリ」「テンプレート」「空き枠」「連絡履歴」「来店履歴」シートを作りました。',
    );
    // Whose Gmail and trigger, as 初期設定 says it; not its request to fill in 設定 by hand (the wizard just did).
    expect(done.message).toContain('「自動実行をオン」を押したGoogleアカウントで行います');
    expect(done.message).not.toContain('まずは「設定」シートに');
    expect(done.message).toContain('お店のこと: 4項目を保存しました。');
    const settings = Object.fromEntries(t.records('設定').map((r) => [r['項目'], r['値']]));
    expect(settings['店名']).toBe('ここち堂');
    expect(settings['店舗電話']).toBe('03-5432-1234');
    // The owner's cells (examples included: they go only on the owner's click) are as they were.
    expect(ownerCells(t)).toEqual(owner);
    const rows = (t.values('お客様リスト') ?? []).slice(2);
    const next = (t.values('お客様リスト') ?? [])[1].indexOf('次回連絡日');
    expect(rows.map((r) => r[next])).toEqual(['', dateCell('2026-11-22'), dateCell('2026-11-22')]);
    // A preview: no draft, no 連絡履歴 row, still previewing.
    expect(t.services.gmail.draftRecords()).toHaveLength(0);
    expect(t.records('連絡履歴')).toEqual([]);
    expect(t.services.exportState().properties.document['tsunagu.preparing']).not.toBe('on');
    expect(done.summary).toContain('プレビュー: 2人中2人に次回連絡日を入れました');
    expect(done.summary).toContain('例のお客様 1人');
    // Each お伺い by email on 11/22, then (no phone) each 電話確認 by email five days after it was sent.
    expect(done.forecast).toEqual([
      'はじめの1週間（11月22日〜11月28日）：2人のお客様に、連絡 4件を2日に分けて準備します（メール 4通）。',
      '毎日の分をその日のうちに済ませた（メールとLINEは送信、手紙は印刷、電話はかけた）場合の見込みです。お伺いの数日後の電話確認のように、済ませた連絡に続く連絡も数えています。',
    ]);
    // 初期設定 is done: the next sidebar opens on the day.
    expect(t.call<WizardView>('getSetupWizard').setUp).toBe(true);
  });

  test('already preparing: the plan is shown, nothing is prepared by the wizard', () => {
    const t = loadTsunagu({ sheets: [ownerList([C1])], today: '2026-11-22', preparing: true });
    const done = t.call<WizardFinish>('finishSetupWizard', {});
    expect(done).toMatchObject({ ok: true, preview: false });
    expect(done.summary).toContain('すでに準備を始めています');
    expect(done.forecast[0]).toContain('連絡 2件を2日に分けて');
    expect(t.services.gmail.draftRecords()).toHaveLength(0);
    expect(t.records('連絡履歴')).toEqual([]);
  });
});

describe('the sidebar opens on the wizard', () => {
  test('from the menu 初期設定, and on the first open of a workbook never set up; the day once it is', () => {
    const t = loadTsunagu({ sheets: [ownerList([C1])], today: '2026-11-22', preparing: false });
    t.call('onOpen');
    const setup = t.services.ui.menus[0].items.find((i) => 'caption' in i && i.caption === '初期設定');
    expect(setup).toMatchObject({ functionName: 'showSetupWizard' });
    t.call('showTodaySidebar');
    expect(t.services.ui.shown.at(-1)).toMatchObject({ kind: 'sidebar', title: 'つなぐの初期設定' });
    expect(t.services.ui.shown.at(-1)?.html).toContain('<body data-tab="wizard">');
    t.call('finishSetupWizard', {});
    t.call('showTodaySidebar');
    expect(t.services.ui.shown.at(-1)).toMatchObject({ title: '今日のフォロー' });
    expect(t.services.ui.shown.at(-1)?.html).toContain('<body>');
    t.call('showSetupWizard');
    expect(t.services.ui.shown.at(-1)).toMatchObject({ title: 'つなぐの初期設定' });
    expect(t.services.ui.shown.at(-1)?.html).toContain('<body data-tab="wizard">');
  });
});

describe('step 1 says what importing a booking or register export gives (issue 17)', () => {
  const FILLED = ['最終来店日', '来店回数', '初回来店日', '購入商品', '購入金額', 'カテゴリ', '次回予約日'];

  test('each missing column an export can fill says so; the others do not; 「CSVを取り込む」 is named once', () => {
    // Only 顧客ID and 氏名: every optional column is missing.
    const t = loadTsunagu({
      sheets: [
        {
          name: '顧客',
          values: [
            ['顧客ID', '氏名'],
            ['C1', '佐藤 美咲'],
          ],
        },
      ],
      today: '2026-11-22',
      preparing: false,
    });
    const before = snapshot(t);
    const c = t.call<WizardView>('getSetupWizard').customers;
    expect(snapshot(t)).toBe(before);
    const fromImport = c.missing.filter((m) => m.fromImport).map((m) => m.header);
    expect(fromImport.sort()).toEqual([...FILLED].sort());
    for (const m of c.missing.filter((x) => x.fromImport)) {
      expect(m.fromImport).toContain('CSVを取り込めば');
      expect(m.fromImport).toContain('来店履歴');
      // What the column itself enables is still said.
      expect(m.enables).not.toBe('');
    }
    // Contact details and consent cannot come from a visit export.
    for (const header of ['メール', '電話', '住所', 'LINEユーザーID', '配信停止', 'メール同意', '電話許可'])
      expect(c.missing.find((m) => m.header === header)?.fromImport).toBeUndefined();
    const step = [c.importNote ?? '', ...c.missing.map((m) => `${m.enables}${m.fromImport ?? ''}`)].join(
      '\n',
    );
    expect(step.match(/「CSVを取り込む」/g)).toHaveLength(1);
    expect(c.importNote).toContain('メニュー「フォローアップ」→「CSVを取り込む」');
    expect(c.importNote).toContain('書き換えません');
  });

  test('a list that has those columns is not told to import them', () => {
    const t = loadTsunagu({ sheets: [ownerList([C1])], today: '2026-11-22', preparing: false });
    const c = t.call<WizardView>('getSetupWizard').customers;
    const headers = c.missing.filter((m) => m.fromImport).map((m) => m.header);
    // The owner's list has 最終来店日, 来店回数, カテゴリ, 購入商品.
    expect(headers.sort()).toEqual(['初回来店日', '購入金額', '次回予約日'].sort());
  });
});
