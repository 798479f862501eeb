/**
 * 「CSVを取り込む」 in real headless Chromium (Debian's package): the sidebar the menu opens on its 取り込み tab, with
 * a google.script.run shim whose calls go to dist/Code.js on the fakes. The file is built here as a shop's register
 * would write it (Shift_JIS, a title line above the header, a totals line at the end), chosen through the file
 * input, read in the browser, previewed, decided and imported; the workbook is checked afterwards. Screenshots land
 * in test/artifacts (import-*.png).
 */
import iconv from 'iconv-lite';
import type { Page } from 'playwright-core';
import { launchChromium, openSidebar, shot } from './chromium';
import type { CellValue, SheetData } from '../fakes';
import {
  customerSheet,
  dateCell,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';

const chrome = launchChromium();

const VISIT = { 最終来店日: dateCell('2026-10-01'), 来店回数: 2, カテゴリ: '整体', 購入商品: '骨盤調整60分' };

/** Three customers of ここち堂: 佐藤 (matched by phone), 鈴木 (the file's 鈴木 has another phone), 高橋. */
function shop(extra: SheetData[] = []): SheetData[] {
  return [
    customerSheet([
      { 顧客ID: 'C1', 氏名: '佐藤 美咲', 電話: '090-1111-2222', メール: 'misaki@example.jp', ...VISIT },
      { 顧客ID: 'C2', 氏名: '鈴木 一郎', 電話: '090-3333-4444', ...VISIT },
      { 顧客ID: 'C3', 氏名: '高橋 花子', メール: 'hanako@example.jp', ...VISIT },
    ]),
    settingsSheet(SHOP_SETTINGS),
    ...extra,
  ];
}

/** A register's sales export as Excel on Windows saves it: Shift_JIS, CR LF, a title line, a totals line. */
function registerCsv(): Buffer {
  const lines = [
    'ここち堂 会計明細 2026年11月',
    '会計日時,お名前,フリガナ,電話番号,メニュー,金額',
    '2026/11/20 13:05,佐藤 美咲,サトウ ミサキ,09011112222,骨盤調整60分,"¥6,600"',
    '2026/11/20 15:30,鈴木 一郎,スズキ イチロウ,080-9999-0000,肩こりケア30分,"¥3,300"',
    '2026/11/21 10:00,山本 さくら,ヤマモト サクラ,070-5555-6666,骨盤調整60分,"¥6,600"',
    '合計,,,,,"¥16,500"',
  ];
  return iconv.encode(`${lines.join('\r\n')}\r\n`, 'Shift_JIS');
}

/** Opens the sidebar as the menu's 「CSVを取り込む」 does: the HTML showImportSidebar handed to Sheets. */
async function open(t: Tsunagu): Promise<Page> {
  t.call('showImportSidebar');
  const shown = t.services.ui.shown.at(-1);
  if (!shown?.html) throw new Error('no sidebar shown');
  return openSidebar(chrome.browser, t, { html: shown.html });
}

const panel = (page: Page) => page.locator('#import');

async function chooseFile(page: Page, buffer: Buffer, name = 'uriage_202611.csv'): Promise<void> {
  await panel(page).locator('input[type=file]').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

/** The preview's figures, once the preview is on screen. */
async function previewFigures(page: Page): Promise<string[]> {
  await panel(page).getByRole('heading', { name: '取り込む前の確認' }).waitFor();
  return panel(page).locator('.import-figures li').allInnerTexts();
}

/** 取り込む, then the question's deliberate second click (sidebar/confirm.ts). */
async function confirmImport(page: Page, question: string): Promise<void> {
  await panel(page).getByRole('button', { name: '取り込む', exact: true }).click();
  const ask = panel(page).getByRole('button', { name: `${question}（もう一度押すと取り込みます）` });
  await ask.waitFor();
  await page.waitForTimeout(1000);
  await ask.click();
}

describe('CSVを取り込む in Chromium', () => {
  test('a Shift_JIS register export: preview, the uncertain one confirmed, the new one added; twice adds nothing', async () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', hour: 10, preparing: false });
    const before = t.values('顧客') as CellValue[][];
    const page = await open(t);
    await expect(page.locator('#tab-import').getAttribute('aria-selected')).resolves.toBe('true');
    await panel(page).getByRole('button', { name: 'ファイルを選ぶ' }).waitFor();
    await shot(page, 'import-01-choose');

    await chooseFile(page, registerCsv());
    await panel(page).getByText('Shift_JIS・カンマ区切り・6行').waitFor();
    await expect(previewFigures(page)).resolves.toEqual([
      '来店 3件・予約 0件',
      '一致したお客様 1人（1行）',
      '確認が必要 1人',
      '新しいお客様 1人',
      '取り込めない行 1行',
    ]);
    // Nothing is written before the owner confirms.
    expect(t.records('来店履歴')).toEqual([]);
    expect(t.values('顧客')).toEqual(before);
    // The uncertain one is not imported unless the owner says so; the new one is not added unless chosen.
    const suzuki = panel(page).locator('fieldset', { hasText: '鈴木 一郎' });
    await expect(suzuki.getByLabel('取り込まない').isChecked()).resolves.toBe(true);
    const yamamoto = panel(page).getByRole('checkbox', { name: '山本 さくら' });
    await expect(yamamoto.isChecked()).resolves.toBe(false);
    await panel(page).locator('summary', { hasText: '取り込めない行 1行' }).click();
    await panel(page)
      .getByText(/^6行目: /)
      .waitFor();
    await shot(page, 'import-02-preview');

    await suzuki.getByLabel('鈴木 一郎様（顧客ID C2）と同じ方').check();
    await yamamoto.check();
    await confirmImport(
      page,
      '来店 3件を来店履歴に取り込み、新しいお客様 1人を顧客に追加します。よろしいですか？',
    );
    await panel(page).getByRole('heading', { name: '「uriage_202611.csv」を取り込みました' }).waitFor();
    await expect(panel(page).locator('.import-figures li').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining(['来店履歴に追加 3件', '顧客に追加したお客様 1人']),
    );
    await shot(page, 'import-03-done');

    // 顧客 gained exactly one row, at the end; every other cell is as it was.
    const after = t.values('顧客') as CellValue[][];
    expect(after).toHaveLength(before.length + 1);
    expect(after.slice(0, before.length)).toEqual(before);
    const added = t.records('顧客').at(-1) as Record<string, CellValue>;
    expect(added['氏名']).toBe('山本 さくら');
    const newId = String(added['顧客ID']);
    expect(newId).not.toBe('');
    const visits = t.records('来店履歴');
    expect(visits.map((v) => v['顧客ID']).sort()).toEqual(['C1', 'C2', newId].sort());

    // The same file again adds nothing.
    await panel(page).getByRole('button', { name: 'ほかのファイルを取り込む' }).click();
    await chooseFile(page, registerCsv());
    await previewFigures(page);
    await panel(page).getByRole('button', { name: '取り込む', exact: true }).click();
    const ask = panel(page).getByRole('button', { name: /よろしいですか/ });
    await page.waitForTimeout(1000);
    await ask.click();
    await panel(page)
      .getByRole('heading', { name: /を取り込みました/ })
      .waitFor();
    await panel(page).getByText('来店履歴に追加 0件').waitFor();
    expect(t.records('来店履歴')).toEqual(visits);
    expect(t.values('顧客')).toEqual(after);
    await shot(page, 'import-04-again');
    await page.close();
  });

  test('a long export goes in parts; a part that fails resumes when the same file is chosen again', async () => {
    // 300 customers, four visits each on four days: 1,200 rows, three parts of PART_ROWS.
    const pad = (i: number) => String(i).padStart(4, '0');
    const people = Array.from({ length: 300 }, (_, i) => ({
      顧客ID: `C${pad(i)}`,
      氏名: `お客様 ${pad(i)}`,
      電話: `090-1000-${pad(i)}`,
      ...VISIT,
    }));
    const day = (k: number, i: number) => {
      const d = new Date(Date.UTC(2026, 0, 1 + k * 60 + (i % 50)));
      return `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} 11:00`;
    };
    const rows = people.flatMap((p, i) =>
      [0, 1, 2, 3].map((k) => `${day(k, i)},${p.氏名},${p.電話},骨盤調整60分,6600`),
    );
    const csv = iconv.encode(['会計日時,お名前,電話番号,メニュー,金額', ...rows].join('\r\n'), 'Shift_JIS');
    const t = loadTsunagu({
      sheets: [customerSheet(people), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 10,
      preparing: false,
    });
    const before = t.values('顧客');
    const page = await open(t);
    // The second part's call fails as a call to Apps Script can (the first part is written, the rest not).
    let writes = 0;
    await page.route('http://sidebar.test/__run/writeImportPart', async (route) => {
      writes++;
      if (writes !== 2) return route.fallback();
      return route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({ ok: false, message: 'サーバーとの通信が切れました。' }),
      });
    });
    await chooseFile(page, csv, 'kaikei.csv');
    await expect(previewFigures(page)).resolves.toEqual([
      '来店 1,200件・予約 0件',
      '一致したお客様 300人（1,200行）',
      '確認が必要 0人',
      '新しいお客様 0人',
      '取り込めない行 0行',
    ]);
    await confirmImport(page, '来店 1,200件を来店履歴に取り込みます。よろしいですか？');
    await panel(page).getByRole('heading', { name: '取り込みが途中で止まりました' }).waitFor();
    await panel(page).getByText('サーバーとの通信が切れました。').waitFor();
    await panel(page)
      .getByText(/^同じファイルをもう一度選ぶと、続きから取り込めます/)
      .waitFor();
    await shot(page, 'import-06-stopped');
    const partly = t.records('来店履歴').length;
    expect(partly).toBeGreaterThan(0);
    expect(partly).toBeLessThan(1200);

    // The same file again: the rest goes in, what was written is not written twice.
    await chooseFile(page, csv, 'kaikei.csv');
    await previewFigures(page);
    await confirmImport(page, '来店 1,200件を来店履歴に取り込みます。よろしいですか？');
    await panel(page).getByRole('heading', { name: '「kaikei.csv」を取り込みました' }).waitFor();
    await panel(page)
      .getByText(`来店履歴に追加 ${(1200 - partly).toLocaleString('ja-JP')}件`)
      .waitFor();
    const visits = t.records('来店履歴');
    expect(visits).toHaveLength(1200);
    expect(new Set(visits.map((v) => v['取込キー'])).size).toBe(1200);
    expect(t.values('顧客')).toEqual(before);
    await page.close();
  });

  test('a 20,000-row export: read in the browser, checked and written part by part, 150 new customers all chosen', async () => {
    const pad = (i: number) => String(i).padStart(4, '0');
    const people = Array.from({ length: 2000 }, (_, i) => ({
      顧客ID: `C${pad(i)}`,
      氏名: `お客様 ${pad(i)}`,
      電話: `090-1000-${pad(i)}`,
    }));
    const rows: string[] = [];
    // Ten visits of each customer, a month apart: 20,000 rows.
    for (let k = 0; k < 10; k++)
      for (let i = 0; i < 2000; i++) {
        const d = new Date(Date.UTC(2025, 0, 1 + k * 30 + (i % 28)));
        rows.push(
          `${d.getUTCFullYear()}/${d.getUTCMonth() + 1}/${d.getUTCDate()} 11:00,${people[i].氏名},${people[i].電話},骨盤調整60分,"¥6,600"`,
        );
      }
    for (let i = 0; i < 150; i++) rows.push(`2026/11/01 10:00,新規 ${pad(i)},080-2000-${pad(i)},カット,3000`);
    const csv = iconv.encode(['会計日時,お名前,電話番号,メニュー,金額', ...rows].join('\r\n'), 'Shift_JIS');
    const t = loadTsunagu({
      sheets: [customerSheet(people), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 10,
      preparing: false,
    });
    const page = await open(t);
    const calls: string[] = [];
    page.on('request', (r) => {
      const run = /\/__run\/(\w+)$/.exec(r.url());
      if (run) calls.push(run[1]);
    });
    await chooseFile(page, csv, 'big.csv');
    await panel(page)
      .getByText(/^確認中… [\d,]+ \/ 20,150行$/)
      .waitFor();
    await expect(previewFigures(page)).resolves.toEqual([
      '来店 20,150件・予約 0件',
      '一致したお客様 2,000人（20,000行）',
      '確認が必要 0人',
      '新しいお客様 150人',
      '取り込めない行 0行',
    ]);
    // The first 100 listed; すべて選ぶ chooses the ones not listed yet too.
    await expect(panel(page).locator('.import-new li').count()).resolves.toBe(100);
    await panel(page).getByRole('button', { name: '残り50人を表示' }).waitFor();
    await panel(page).getByText('すべて選ぶ').click();
    await shot(page, 'import-08-large', false);
    await confirmImport(
      page,
      '来店 20,150件を来店履歴に取り込み、新しいお客様 150人を顧客に追加します。よろしいですか？',
    );
    await panel(page)
      .getByRole('heading', { name: '「big.csv」を取り込みました' })
      .waitFor({ timeout: 300_000 });
    await panel(page).getByText('来店履歴に追加 20,150件').waitFor();
    expect(t.records('来店履歴')).toHaveLength(20150);
    expect(t.records('顧客')).toHaveLength(2150);
    // One call per part of PART_ROWS (500) rows, to check and to write.
    expect(calls.filter((c) => c === 'checkImportPart')).toHaveLength(41);
    expect(calls.filter((c) => c === 'writeImportPart')).toHaveLength(41);
    await page.close();
  }, 600_000);

  test('a mapping the owner corrects is used, and remembered for the next file with the same header', async () => {
    // UTF-8 with a BOM, tab separated; 「ご来店」 and 「コース」 are no usual names, so the date column is not found.
    const tsv = (rows: string[][]) =>
      Buffer.from(`\uFEFF${rows.map((r) => r.join('\t')).join('\n')}\n`, 'utf8');
    const file = tsv([
      ['ご来店', 'お名前', '電話番号', 'コース'],
      ['2026/11/20', '佐藤 美咲', '090-1111-2222', '骨盤調整60分'],
    ]);
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', hour: 10, preparing: false });
    const page = await open(t);
    await chooseFile(page, file, 'mini.tsv');
    await panel(page).getByText('UTF-8（BOM付き）・タブ区切り・2行').waitFor();
    const editor = panel(page).locator('form.import-editor');
    await editor.waitFor();
    await expect(panel(page).locator('p.error').innerText()).resolves.not.toBe('');
    await shot(page, 'import-07-mapping');
    await editor.getByLabel('来店日時').selectOption({ label: 'ご来店' });
    await editor.getByLabel('メニュー・商品').selectOption({ label: 'コース' });
    await editor.getByRole('textbox').fill('ミニ予約');
    await editor.getByRole('button', { name: 'この対応で読み直す' }).click();
    await expect(previewFigures(page)).resolves.toEqual([
      '来店 1件・予約 0件',
      '一致したお客様 1人（1行）',
      '確認が必要 0人',
      '新しいお客様 0人',
      '取り込めない行 0行',
    ]);
    await expect(panel(page).locator('.import-map li').allInnerTexts()).resolves.toEqual(
      expect.arrayContaining(['来店日時 ← 「ご来店」', 'メニュー・商品 ← 「コース」']),
    );
    await confirmImport(page, '来店 1件を来店履歴に取り込みます。よろしいですか？');
    await panel(page).getByText('来店履歴に追加 1件').waitFor();
    expect(t.records('来店履歴')).toEqual([
      expect.objectContaining({
        顧客ID: 'C1',
        メニュー: '骨盤調整60分',
        出典: expect.stringContaining('ミニ予約'),
      }),
    ]);

    // Next month's file from the same system: read with the correction, no question asked.
    await panel(page).getByRole('button', { name: 'ほかのファイルを取り込む' }).click();
    await chooseFile(
      page,
      tsv([
        ['ご来店', 'お名前', '電話番号', 'コース'],
        ['2026/11/21', '高橋 花子', '', 'ヘッドスパ'],
      ]),
      'mini-2.tsv',
    );
    await panel(page).getByText('前回直した対応を使っています。').waitFor();
    await previewFigures(page);
    await page.close();
  });

  test('a Google Form responses sheet of this spreadsheet', async () => {
    const form: SheetData = {
      name: 'フォームの回答 1',
      values: [
        ['タイムスタンプ', 'お名前', '電話番号', 'メールアドレス', 'ご感想'],
        [new Date('2026-11-20T05:00:00Z'), '佐藤 美咲', '090-1111-2222', 'misaki@example.jp', 'また来ます'],
        [new Date('2026-11-21T02:30:00Z'), '高橋 花子', '', 'hanako@example.jp', '肩が軽くなりました'],
      ],
    };
    const t = loadTsunagu({ sheets: shop([form]), today: '2026-11-22', hour: 10, preparing: false });
    const before = t.values('顧客');
    const page = await open(t);
    const select = panel(page).getByLabel('シート');
    await expect(select.locator('option').first().innerText()).resolves.toMatch(
      /^フォームの回答 1（フォームの回答・/,
    );
    await panel(page).getByRole('button', { name: 'このシートを読む' }).click();
    await panel(page).getByText('シート「フォームの回答 1」・3行').waitFor();
    await panel(page).getByText('Googleフォームの形式として読みました。').waitFor();
    await expect(previewFigures(page)).resolves.toEqual([
      '来店 2件・予約 0件',
      '一致したお客様 2人（2行）',
      '確認が必要 0人',
      '新しいお客様 0人',
      '取り込めない行 0行',
    ]);
    await shot(page, 'import-05-form');
    await confirmImport(page, '来店 2件を来店履歴に取り込みます。よろしいですか？');
    await panel(page).getByText('来店履歴に追加 2件').waitFor();
    expect(t.records('来店履歴').map((v) => v['顧客ID'])).toEqual(['C1', 'C3']);
    expect(t.values('顧客')).toEqual(before);
    expect(t.values('フォームの回答 1')).toEqual(form.values);
    await page.close();
  });
});
