/**
 * What every browser test shares: Debian's Chromium launched headless and offline (once per test file), the folder
 * screenshots land in, and a page opened on the sidebar — dist/Sidebar.html (or the HTML an entry point handed to
 * Sheets) with tools/sidebar-host.ts's google.script.run shim, whose calls go to dist/Code.js running on the fakes,
 * as they would go to Apps Script. Playwright routes the page's requests: no socket is opened.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type ElementHandle, type Locator, type Page } from 'playwright-core';
import { handle, sidebarPage } from '../../tools/sidebar-host';
import type { Tsunagu } from '../bundle/harness';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(__dirname, '../artifacts');
const ORIGIN = 'http://sidebar.test';

/** Flags for a headless, offline root container: no sandbox (root), no GPU, no background connections. */
export const FLAGS = [
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

/**
 * Launches Chromium before the file's tests and closes it after them (jest's beforeAll/afterAll, registered where
 * this is called): `const chrome = launchChromium();` at the top of a test file, then `chrome.browser` in a test.
 */
export function launchChromium(): { readonly browser: Browser } {
  let launched: Browser | undefined;
  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium), as .ci/run does`,
      );
    mkdirSync(ARTIFACTS, { recursive: true });
    launched = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  });
  afterAll(async () => {
    await launched?.close();
  });
  return {
    get browser(): Browser {
      if (!launched) throw new Error('Chromium is launched in beforeAll: use chrome.browser inside a test');
      return launched;
    },
  };
}

let built: string | undefined;

/** dist/Sidebar.html as `npm run build` wrote it (read once). */
export function builtSidebar(): string {
  built ??= readFileSync(join(__dirname, '../../dist/Sidebar.html'), 'utf8');
  return built;
}

export interface SidebarOptions {
  /** The sidebar's HTML; dist/Sidebar.html when not given (an entry point's shown HTML for the wizard). */
  html?: string;
  /** Sheets' sidebar is 300 px wide. */
  width?: number;
  height?: number;
  /**
   * Server functions that answer late, in ms: the bundle runs when the call arrives (it reads what it reads then) and
   * the answer is held back, as a whole-workbook read of a large shop would be (npm run bench: 12 s at 10,000).
   */
  slow?: Readonly<Record<string, number>>;
  /** Told of each call as it starts and as its answer goes back. */
  onCall?: (name: string, phase: 'start' | 'end') => void;
}

/** A new page on the sidebar, its google.script.run calls answered by the bundle `t`. */
export async function openSidebar(browser: Browser, t: Tsunagu, options: SidebarOptions = {}): Promise<Page> {
  const { width = 300, height = 900 } = options;
  const html = sidebarPage(options.html ?? builtSidebar());
  const page = await browser.newPage({ viewport: { width, height }, locale: 'ja-JP' });
  await page.route(`${ORIGIN}/**`, async (route) => {
    const request = route.request();
    const path = new URL(request.url()).pathname;
    const name = /^\/__run\/(\w+)$/.exec(path)?.[1];
    if (name) options.onCall?.(name, 'start');
    const answer = handle(
      html,
      (called, args) => t.call(called, ...args),
      request.method(),
      path,
      request.postData() ?? '',
    );
    const late = name ? options.slow?.[name] : undefined;
    if (late) await new Promise((resolve) => setTimeout(resolve, late));
    if (name) options.onCall?.(name, 'end');
    await route.fulfill({ status: answer.status, contentType: answer.contentType, body: answer.body });
  });
  await page.goto(`${ORIGIN}/`);
  return page;
}

/** A screenshot into test/artifacts/<name>.png: the whole page, or one element of it. */
export async function shot(
  target: Page | Locator | ElementHandle,
  name: string,
  fullPage = true,
): Promise<Buffer> {
  const path = join(ARTIFACTS, `${name}.png`);
  return 'goto' in target ? target.screenshot({ path, fullPage }) : target.screenshot({ path });
}
