/**
 * The owner's first minutes on a copy of examples/template.xlsx, in real headless Chromium: 初期設定 in the copy,
 * 今すぐ計画を更新, then the sidebar — the example customers counted apart in its banner, nothing to do for them,
 * and the version at its bottom. Screenshots land in test/artifacts.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { handle, sidebarPage } from '../../tools/sidebar-host';
import { readWorkbook } from '../../tools/xlsx';
import { loadTsunagu, type Tsunagu } from '../bundle/harness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '../artifacts');
const ORIGIN = 'http://sidebar.test';
const PAGE = sidebarPage(readFileSync(join(__dirname, '../../dist/Sidebar.html'), 'utf8'));
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
];

let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium`);
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
});

async function open(t: Tsunagu): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 300, height: 700 }, locale: 'ja-JP' });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const request = route.request();
    const answer = handle(
      PAGE,
      (name, args) => t.call(name, ...args),
      request.method(),
      new URL(request.url()).pathname,
      request.postData() ?? '',
    );
    await route.fulfill({ status: answer.status, contentType: answer.contentType, body: answer.body });
  });
  await page.goto(`${ORIGIN}/`);
  return page;
}

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
    await page.screenshot({ path: join(ARTIFACTS, 'template-first-day.png'), fullPage: true });
  }, 60_000);
});
