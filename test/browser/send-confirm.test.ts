/**
 * 「選んだ下書きを送信」 asks before it sends (issue 16 item 6, review findings): sending the owner's Gmail drafts cannot
 * be undone, so the first click says how many will go and the second, within a few seconds, sends them; a draft the
 * plan holds has no tick box. In real headless Chromium at the sidebar's width. Screenshots: test/artifacts/send-confirm-*.png.
 */
import type { Page } from 'playwright-core';
import { launchChromium, shot as shotAs } from './chromium';
import { openOnMail, threeDrafts } from './mail-drafts';
import type { Tsunagu } from '../bundle/harness';

const chrome = launchChromium();

const mailGroup = (page: Page) => page.locator('details.group[data-channel="メール"]');
const sentToCustomers = (t: Tsunagu) =>
  t.services.gmail
    .sentRecords()
    .map((m) => m.to)
    .filter((to) => to !== 'owner@example.com');
const shot = (page: Page, name: string) => shotAs(page, `send-confirm-${name}`);

/** The owner types into 顧客 while the sidebar is open. */
function ownerTypes(t: Tsunagu, id: string, header: string, value: string): void {
  const sheet = t.services.spreadsheet.getSheetByName('顧客');
  const values = sheet?.getDataRange().getValues() ?? [];
  sheet?.getRange(values.findIndex((v) => v[0] === id) + 1, values[0].indexOf(header) + 1).setValue(value);
}

describe('選んだ下書きを送信 asks first (Chromium, 300 px)', () => {
  test('the first click asks how many will go and sends nothing; the second sends', async () => {
    const t = threeDrafts();
    const page = await openOnMail(chrome.browser, t);
    const send = mailGroup(page).locator('.choose button');
    await mailGroup(page).getByRole('checkbox', { name: '下書きをすべて選ぶ' }).check();
    await expect(send.innerText()).resolves.toBe('選んだ下書きを送信（3件）');
    await send.click();
    await expect(send.innerText()).resolves.toBe('3件を送信します。よろしいですか？（もう一度押すと送信）');
    await shot(page, 'asks');
    expect(sentToCustomers(t)).toEqual([]);
    // Changing the choice takes the question back: the next click asks again, for the new number.
    await page.getByRole('checkbox', { name: '高橋 蓮 様へのメールを送信に選ぶ' }).uncheck();
    await expect(send.innerText()).resolves.toBe('選んだ下書きを送信（2件）');
    await send.click();
    await expect(send.innerText()).resolves.toBe('2件を送信します。よろしいですか？（もう一度押すと送信）');
    // A second click, not the same double-click (sidebar/confirm.ts).
    await page.waitForTimeout(1000);
    await send.click();
    await page
      .locator('.result')
      .filter({ hasText: 'メール2件を送信しました（佐藤 美咲 様、鈴木 花 様）。' })
      .waitFor();
    expect(sentToCustomers(t).sort()).toEqual(['hana@example.jp', 'misaki@example.jp']);
    await shot(page, 'sent');
    await page.close();
  });

  test('left unanswered, the question goes away and nothing is sent', async () => {
    const t = threeDrafts();
    const page = await openOnMail(chrome.browser, t);
    const send = mailGroup(page).locator('.choose button');
    await page.getByRole('checkbox', { name: '佐藤 美咲 様へのメールを送信に選ぶ' }).check();
    await send.click();
    await expect(send.innerText()).resolves.toBe('1件を送信します。よろしいですか？（もう一度押すと送信）');
    await page.waitForTimeout(4500);
    await expect(send.innerText()).resolves.toBe('選んだ下書きを送信（1件）');
    expect(sentToCustomers(t)).toEqual([]);
    await page.close();
  });

  test('a draft the plan holds shows what to fix and has no tick box', async () => {
    const t = threeDrafts();
    ownerTypes(t, 'C2', '最終来店日', '');
    const page = await openOnMail(chrome.browser, t);
    const card = mailGroup(page).locator('li.item', { hasText: '鈴木 花' });
    await expect(card.innerText()).resolves.toContain('「最終来店日」が空欄か、見出しが見つかりません');
    await expect(card.getByRole('checkbox').count()).resolves.toBe(0);
    await mailGroup(page).getByRole('checkbox', { name: '下書きをすべて選ぶ' }).check();
    await expect(mailGroup(page).locator('.choose button').innerText()).resolves.toBe(
      '選んだ下書きを送信（2件）',
    );
    await shot(page, 'held');
    await page.close();
  });
});
