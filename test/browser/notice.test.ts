/**
 * The owner's morning notice as a phone shows it (issue 16, item 7): the HTML body the day's run sent through the
 * fake GmailApp, rendered in real headless Chromium (Debian's package) 360 px wide — a small Android phone's CSS
 * width. Offline: any request the page makes fails the test (the notice fetches nothing). Screenshots land in
 * test/artifacts.
 */
import type { Page } from 'playwright-core';
import { launchChromium, shot } from './chromium';
import { loadTsunagu } from '../bundle/harness';
import { LONG_NAME, MARKUP_NAME, noticeShop } from '../bundle/notice-shop';

const PHONE_WIDTH = 360;
const chrome = launchChromium();

/** The day's notice as sent: its HTML body. */
function noticeHtml(): string {
  const t = loadTsunagu(noticeShop());
  t.call('runDailyFollowUps');
  const notice = t.services.exportState().gmail.sent.find((m) => m.subject.startsWith('【つなぐ】'));
  if (!notice?.htmlBody) throw new Error('the notice was sent without an HTML body');
  return notice.htmlBody;
}

async function onPhone(html: string): Promise<{ page: Page; requests: string[] }> {
  const page = await chrome.browser.newPage({
    viewport: { width: PHONE_WIDTH, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'ja-JP',
  });
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests };
}

describe('the morning notice on a phone 360 px wide', () => {
  let page: Page;
  let requests: string[];

  beforeAll(async () => {
    ({ page, requests } = await onPhone(noticeHtml()));
    await shot(page, 'notice-phone');
  });

  afterAll(async () => {
    await page?.close();
  });

  test('no horizontal scroll, and nothing fetched', async () => {
    const width = await page.evaluate<number>('document.scrollingElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(PHONE_WIDTH);
    expect(requests).toEqual([]);
  });

  test('every phone number on the page is a tel: link of its digits', async () => {
    const links = await page
      .locator('a[href^="tel:"]')
      .evaluateAll((as) =>
        as.map((a) => ({ href: a.getAttribute('href') ?? '', text: a.textContent ?? '' })),
      );
    expect(links.map((l) => l.href)).toEqual([
      'tel:09011112222',
      'tel:0354329876',
      'tel:09033334444',
      'tel:0456789012',
    ]);
    for (const { href, text } of links) expect(text.normalize('NFKC').replace(/\D/g, '')).toBe(href.slice(4));
    // A number written in the text but outside a link would be one the owner cannot tap.
    let rest = await page.locator('body').innerText();
    for (const { text } of links) rest = rest.replace(text, '');
    const loose = [...rest.normalize('NFKC').matchAll(/0\d{1,4}[-(]\d{1,4}[-)]\d{3,4}/g)].map((m) => m[0]);
    expect(loose).toEqual([]);
    // Big enough to tap with a thumb: at least 44 px high (Apple's Human Interface Guidelines ask for 44 pt).
    for (const box of await page
      .locator('a[href^="tel:"]')
      .evaluateAll((as) => as.map((a) => a.getBoundingClientRect().height)))
      expect(box).toBeGreaterThanOrEqual(44);
  });

  test('a long name wraps inside its card, and a name with markup is shown as text', async () => {
    // The text itself, not its box: a word too long for the line would run past the box's right edge.
    const right = await page.locator('p', { hasText: `${LONG_NAME} 様` }).evaluate((p) => {
      const range = p.ownerDocument.createRange();
      range.selectNodeContents(p);
      return Math.max(...[...range.getClientRects()].map((r) => r.right));
    });
    expect(right).toBeLessThanOrEqual(PHONE_WIDTH);
    await expect(page.getByText(`${MARKUP_NAME} 様`).count()).resolves.toBe(1);
    await expect(page.locator('img').count()).resolves.toBe(0);
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
  });

  test('the calls come first, then Gmail, LINE送信 and 手紙 with their links', async () => {
    const headings = await page.locator('h2').allTextContents();
    expect(headings).toEqual([
      '今日のお電話（4件）',
      'Gmailの下書き（メール 1件）',
      'LINE送信（1件）',
      '手紙（1件）',
    ]);
    await expect(page.getByRole('link', { name: 'Gmailの下書きを開く' }).getAttribute('href')).resolves.toBe(
      'https://mail.google.com/mail/u/0/#drafts',
    );
    await expect(
      page.getByRole('link', { name: '「LINE送信」シートを開く' }).getAttribute('href'),
    ).resolves.toMatch(/^https:\/\/docs\.google\.com\/spreadsheets\/d\/[^/]+\/edit#gid=\d+$/);
  });
});
