/**
 * The owner's first minutes on a copy of examples/template.xlsx, in real headless Chromium: 初期設定 in the copy,
 * 今すぐ計画を更新, then the sidebar — the example customers counted apart in its banner, nothing to do for them,
 * and the version at its bottom. Screenshots land in test/artifacts.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, openSidebar, shot } from './chromium';
import { readWorkbook } from '../../tools/xlsx';
import { loadTsunagu, type Tsunagu } from '../bundle/harness';

const chrome = launchChromium();

const open = (t: Tsunagu): Promise<Page> => openSidebar(chrome.browser, t, { height: 700 });

describe('a copy of the template, in Chromium', () => {
  test('初期設定 adopts its sheets; the sidebar counts the examples apart and shows the version', async () => {
    const { data } = await readWorkbook(join(__dirname, '../../examples/template.xlsx'));
    const t = loadTsunagu({ sheets: data.sheets, today: '2026-12-07', hour: 10, preparing: false });

    // The copy's 初期設定: every sheet is there, nothing is made or refused (the empty system columns are adopted).
    const setup = t.call<{ ok: boolean; message: string }>('setupWorkbook');
    expect(setup.message).toContain('必要なシートはすべてそろっています');
    expect(setup.message).toContain('「顧客」シート（3行）');
    t.call('runDailyFollowUps');
    const rows = t.records('顧客');
    expect(rows.map((r) => [r['顧客ID'], r['次回連絡日'], r['要確認']])).toEqual([
      ['例1', '', ''],
      ['例2', '', ''],
      ['例3', '', ''],
    ]);

    const page = await open(t);
    await page.locator('#banner').getByText('例のお客様 3人').waitFor();
    await expect(page.locator('#today').innerText()).resolves.toContain('今日のフォローはありません');
    const version = await page.locator('#version').innerText();
    expect(version).toMatch(/^つなぐ \d+\.\d+\.\d+ \([0-9a-f]{7,}\)$/);
    // Small and muted, below everything else, inside the sidebar's width.
    // The test's own tsconfig has no DOM types: the page's globals are reached through globalThis.
    type PageGlobals = {
      getComputedStyle(element: unknown): { fontSize: string; color: string };
      document: { documentElement: { scrollWidth: number } };
    };
    const style = await page.locator('#version').evaluate((el) => {
      const computed = (globalThis as unknown as PageGlobals).getComputedStyle(el);
      return { size: computed.fontSize, color: computed.color };
    });
    expect(parseFloat(style.size)).toBeLessThanOrEqual(12);
    expect(style.color).not.toBe('rgb(0, 0, 0)');
    const width = await page.evaluate(
      () => (globalThis as unknown as PageGlobals).document.documentElement.scrollWidth,
    );
    expect(width).toBeLessThanOrEqual(300);
    await shot(page, 'template-first-day');
  }, 60_000);
});
