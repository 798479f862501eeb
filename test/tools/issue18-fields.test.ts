/**
 * Issue 18, item 6: the template, the owner's guide, the 初期設定 wizard's column list and the 設定 tab each cover the
 * columns and settings S9, S10 and S11 brought (誕生日, 喪中, 次回予約日; 誕生日特典, 年賀状, 暑中見舞い, 挨拶状の対象,
 * 予約変更の連絡先). Each through what the owner sees: the committed template.xlsx, docs/guide.md, and the bundle's own
 * getSetupWizard and getSettingsView.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHEET } from '../../src/labels';
import type { SettingsView, WizardView } from '../../src/shared/sidebar-types';
import { TEMPLATE_OUT } from '../../tools/make-template';
import { readWorkbook } from '../../tools/xlsx';
import type { SpreadsheetData } from '../fakes';
import { customerSheet, loadTsunagu, settingsSheet, SHOP_SETTINGS } from '../bundle/harness';

const ROOT = join(__dirname, '../..');
const COLUMNS = ['誕生日', '喪中', '次回予約日'];
const SETTINGS = [
  '誕生日特典',
  '誕生日特典の期限',
  '年賀状',
  '暑中見舞い',
  '挨拶状の対象',
  '予約変更の連絡先',
];

describe('the new columns and settings reach the owner everywhere', () => {
  let template: SpreadsheetData;
  beforeAll(async () => {
    template = (await readWorkbook(join(ROOT, TEMPLATE_OUT))).data;
  });
  const sheetOf = (name: string) => template.sheets.find((s) => s.name === name)?.values ?? [];

  test.each(COLUMNS)('template.xlsx: 顧客 has the column 「%s」', (header) => {
    expect(sheetOf(SHEET.customers)[0]).toContain(header);
  });

  test.each(SETTINGS)('template.xlsx: 設定 has a row 「%s」', (item) => {
    expect(sheetOf(SHEET.settings).map((r) => r[0])).toContain(item);
  });

  test('template.xlsx: an example customer shows 誕生日 and 喪中 written as owners write them', () => {
    const [header, ...rows] = sheetOf(SHEET.customers);
    const column = (name: string) => rows.map((r) => r[header.indexOf(name)]).filter((v) => v);
    expect(column('誕生日')).toEqual(expect.arrayContaining(['5月3日']));
    expect(column('喪中')).toEqual(['令和8年']);
  });

  test.each([...COLUMNS, ...SETTINGS])('docs/guide.md speaks of 「%s」', (name) => {
    expect(readFileSync(join(ROOT, 'docs/guide.md'), 'utf8')).toContain(`「${name}」`);
  });

  test.each([
    ['誕生日', 'お誕生日にお祝い'],
    ['喪中', '寒中見舞い'],
    ['次回予約日', 'ご予約の前日'],
  ])('初期設定: a list without 「%s」 is told what the column enables', (header, enables) => {
    const t = loadTsunagu({
      sheets: [customerSheet([{ 顧客ID: 'C1', 氏名: '佐藤 美咲' }])],
      today: '2026-12-01',
      preparing: false,
    });
    const view = t.call<WizardView>('getSetupWizard');
    const missing = view.customers.missing.find((m) => m.header === header);
    expect(missing?.enables).toContain(enables);
  });

  test.each(SETTINGS)('設定 tab: 「%s」 is an item with its help text', (item) => {
    const t = loadTsunagu({
      sheets: [customerSheet([]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-12-01',
    });
    const found = t.call<SettingsView>('getSettingsView').items.find((i) => i.item === item);
    expect(found?.help).toBeTruthy();
  });
});
