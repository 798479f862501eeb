/**
 * The 設定 tab's 「取り込み」 in real headless Chromium (issue 17 item 7): dist/Sidebar.html with the google.script.run
 * shim whose calls go to dist/Code.js on the fakes. 来店履歴 is filled through the one import driver first. The
 * screenshot lands in test/artifacts/settings-import.png.
 */
import type { Page } from 'playwright-core';
import { launchChromium, openSidebar, shot } from './chromium';
import { readImportFile } from '../../src/shared/import-file';
import { previewImport, startImport, unattendedDecisions, writeImport } from '../../src/shared/import-driver';
import {
  customerSheet,
  dateCell,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
  importServerOf,
} from '../bundle/harness';

const chrome = launchChromium();

async function importText(
  t: Tsunagu,
  name: string,
  lines: string[],
  correction?: { mapping: Record<string, number>; label: string },
) {
  const server = importServerOf(t);
  const bytes = new TextEncoder().encode(lines.join('\n') + '\n');
  const started = await startImport(server, name, readImportFile(bytes).rows, correction);
  if (!started.start.ok) throw new Error(started.start.message);
  const preview = await previewImport(server, started);
  await writeImport(server, started, preview, unattendedDecisions(preview));
}

describe('設定 in Chromium: 取り込み', () => {
  test('来店履歴 and the newest import, a remembered layout forgotten, 「CSVを取り込む」 opens the import view', async () => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([
          { 顧客ID: 'C1', 氏名: '佐藤 美咲', 電話: '090-1111-2222', 最終来店日: dateCell('2026-10-01') },
          { 顧客ID: 'C2', 氏名: '田中 一郎', 電話: '03-3333-4444', 最終来店日: dateCell('2026-09-01') },
        ]),
        settingsSheet(SHOP_SETTINGS),
      ],
      today: '2026-11-24',
      hour: 10,
      preparing: false,
    });
    t.call('setupWorkbook');
    // The shop's own booking sheet: 来店日 and お名前 recognised, 連絡先 and 施術内容 mapped by the owner once.
    await importText(
      t,
      '予約表.csv',
      [
        '来店日,お名前,連絡先,施術内容',
        '2026/11/20 13:05,佐藤 美咲,090-1111-2222,骨盤調整60分',
        '2026/11/21 10:30,田中 一郎,03-3333-4444,肩こり集中30分',
      ],
      { mapping: { visitAt: 0, name: 1, phone: 2, menu: 3 }, label: 'うちの予約表' },
    );
    const rows = t.records('来店履歴').length;
    expect(rows).toBe(2);

    const page: Page = await openSidebar(chrome.browser, t);
    await page.getByRole('tab', { name: '設定' }).click();
    const section = page.locator('section.panel', { has: page.getByRole('heading', { name: '取り込み' }) });
    await section.waitFor();
    await expect(section.locator('.import-state').innerText()).resolves.toBe(
      '「来店履歴」は2行です。いちばん新しい取り込みは「うちの予約表 2026/11/24取込」です。',
    );
    await expect(section.locator('.import-layouts li').count()).resolves.toBe(1);
    await expect(section.locator('.import-layouts li').innerText()).resolves.toContain('うちの予約表');
    await expect(section.locator('.import-layouts li').innerText()).resolves.toContain(
      '来店日・お名前・連絡先・施術内容',
    );
    await section.scrollIntoViewIfNeeded();
    await shot(section, 'settings-import');

    await section.getByRole('button', { name: '忘れる' }).click();
    await page.locator('#status', { hasText: '「うちの予約表」の列の対応を忘れました' }).waitFor();
    // The tab reloads: the layout is gone, 来店履歴 stays.
    const reloaded = page.locator('section.panel', { has: page.getByRole('heading', { name: '取り込み' }) });
    await reloaded.locator('.import-state').waitFor();
    await expect(reloaded.locator('.import-layouts').count()).resolves.toBe(0);
    expect(t.records('来店履歴')).toHaveLength(rows);

    const shown = t.services.ui.shown.length;
    await reloaded.getByRole('button', { name: 'CSVを取り込む' }).click();
    // The click answers through the shim: wait for the server to have shown the new sidebar.
    for (let i = 0; i < 50 && t.services.ui.shown.length === shown; i++) await page.waitForTimeout(100);
    expect(t.services.ui.shown).toHaveLength(shown + 1);
    expect(t.services.ui.shown.at(-1)).toMatchObject({ kind: 'sidebar', title: 'CSVを取り込む' });
    expect(t.services.ui.shown.at(-1)?.html).toContain('<body data-tab="import">');
    await page.close();
  });
});
