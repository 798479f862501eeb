/**
 * The shop the 「選んだ下書きを送信」 browser tests share: three お伺い emails drafted by the 11-22 morning run, and the
 * sidebar opened on it with the メール group shown.
 */
import type { Browser, Page } from 'playwright-core';
import { openSidebar } from './chromium';
import {
  C1_MAIL,
  customerSheet,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';

/** Three お伺い drafts made by the 11-22 run; the clock then at 10:00. */
export function threeDrafts(): Tsunagu {
  const t = loadTsunagu({
    sheets: [
      customerSheet([
        { ...C1_MAIL },
        { ...C1_MAIL, 顧客ID: 'C2', 氏名: '鈴木 花', メール: 'hana@example.jp' },
        { ...C1_MAIL, 顧客ID: 'C3', 氏名: '高橋 蓮', メール: 'ren@example.jp' },
      ]),
      settingsSheet(SHOP_SETTINGS),
    ],
    today: '2026-11-22',
    hour: 9,
  });
  t.call('runDailyFollowUps');
  t.at('2026-11-22', 10);
  return t;
}

/** The sidebar at its 300 px width, once its メール group is shown. */
export async function openOnMail(browser: Browser, t: Tsunagu): Promise<Page> {
  const page = await openSidebar(browser, t, { width: 300, height: 700 });
  await page.getByRole('heading', { name: /メール/ }).waitFor();
  return page;
}
