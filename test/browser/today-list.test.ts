/**
 * The day's list an owner can finish (issue 16 item 6), in real headless Chromium at the sidebar's width (300 px):
 * call cards with a tap-to-call number, メモ and the last call's note; whole messages; groups and scroll kept after
 * an action, its result next to what was clicked; choosing Gmail drafts and sending them from the owner's account.
 * Screenshots land in test/artifacts (today-*.png).
 */
import type { Page } from 'playwright-core';
import { launchChromium, openSidebar, shot } from './chromium';
import type { CellValue, SheetData } from '../fakes';
import {
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';

const chrome = launchChromium();

const visit = { 最終来店日: dateCell('2026-11-20'), 来店回数: 2, カテゴリ: '整体', 購入商品: '骨盤調整60分' };
/** Twelve email customers: more than ten, so their group starts folded. */
const MAILED = Array.from({ length: 12 }, (_, i) => ({
  顧客ID: `M${String(i + 1).padStart(2, '0')}`,
  氏名: `メール 客${i + 1}`,
  メール: `m${i + 1}@example.jp`,
  ...visit,
}));
/** The owner's own note of an earlier call, typed into 連絡履歴 by hand. */
const EARLIER_CALL: Record<string, CellValue> = {
  日時: dateCell('2026-08-01'),
  顧客ID: 'C4',
  氏名: '田中 健',
  シナリオ: '購入後フォロー',
  ステップ: '電話確認',
  チャネル: '電話',
  状態: '完了',
  結果: '満足',
  内容: '肩の張りが楽になったとのこと',
  備考: '平日の夕方なら電話に出られる',
};

function shop(): SheetData[] {
  return [
    customerSheet([
      // The number as the owner typed it: full-width digits and brackets.
      { ...C4_CALLER, 電話: '０９０（１１１１）２２２２', メモ: '腰痛持ち。お子さんの受験で忙しい時期' },
      ...MAILED,
    ]),
    settingsSheet(SHOP_SETTINGS),
    logSheet([EARLIER_CALL, C4_INQUIRY_SENT]),
  ];
}

async function open(t: Tsunagu, width = 300): Promise<Page> {
  const page = await openSidebar(chrome.browser, t, { width, height: 700 });
  await page.getByRole('heading', { name: /メール/ }).waitFor();
  return page;
}

const item = (page: Page, name: string) => page.locator('li.item', { hasText: name });
const row = (t: Tsunagu, id: string) =>
  t.records('連絡履歴').find((r) => String(r['キー']).startsWith(`${id}|S1|お伺い|`));
const mailGroup = (page: Page) => page.locator('details.group[data-channel="メール"]');
/** The page's globals these tests read (their tsconfig has no DOM library). */
interface PageWindow {
  scrollY: number;
  scrollBy(x: number, y: number): void;
  getComputedStyle(node: unknown): { overflowY: string };
  document: { documentElement: { scrollWidth: number; clientWidth: number } };
}

/** Waits for the locator to show this text (the whole of it), then returns it. */
async function shows(locator: ReturnType<Page['locator']>, text: string): Promise<string> {
  await locator.filter({ hasText: text }).first().waitFor();
  return locator.first().innerText();
}
const noSideScroll = (page: Page) =>
  page.evaluate(() => {
    const { documentElement } = (globalThis as unknown as PageWindow).document;
    return documentElement.scrollWidth <= documentElement.clientWidth;
  });

function day(): Tsunagu {
  const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', hour: 9 });
  t.call('runDailyFollowUps');
  t.at('2026-11-22', 10);
  return t;
}

describe('今日のフォロー: a day the owner can finish (Chromium, 300 px)', () => {
  test('a call card: the number as a tel: link shown as typed, メモ, and the last call with its date', async () => {
    const t = day();
    const page = await open(t);
    const card = item(page, '田中 健');
    const tel = card.getByRole('link', { name: /田中 健 様に電話する/ });
    await expect(tel.getAttribute('href')).resolves.toBe('tel:09011112222');
    await expect(tel.innerText()).resolves.toBe('０９０（１１１１）２２２２');
    await expect(card.locator('.memo').innerText()).resolves.toBe(
      'メモ 腰痛持ち。お子さんの受験で忙しい時期',
    );
    const last = await card.locator('.last-call').innerText();
    expect(last).toContain('前回の電話（2026年8月1日） 満足');
    expect(last).toContain('平日の夕方なら電話に出られる');
    expect(last).toContain('肩の張りが楽になったとのこと');
    // The talking points open under it.
    await card.getByText('話すことを見る').click();
    expect(await shows(card.locator('pre.message'), '【目的】')).toContain('【目的】');
    expect(await noSideScroll(page)).toBe(true);
    await shot(page, 'today-call-card', false);
    await page.close();
  });

  test('the whole message, scrolling inside the card: nothing cut at 240 characters', async () => {
    const t = day();
    const page = await open(t);
    await mailGroup(page).locator(':scope > summary').click();
    const card = item(page, 'メール 客1 様');
    await card.getByText('文面を見る').click();
    const text = card.locator('pre.message');
    expect(await shows(text, 'までご連絡ください。')).toContain('までご連絡ください。');
    const { length, scrolls } = await text.evaluate((n) => ({
      length: (n.textContent ?? '').length,
      scrolls:
        n.scrollHeight > n.clientHeight &&
        (globalThis as unknown as PageWindow).getComputedStyle(n).overflowY === 'auto',
    }));
    expect(length).toBeGreaterThan(240);
    expect(scrolls).toBe(true);
    // The end of the message is reached by scrolling inside the card.
    await text.evaluate((n) => n.scrollTo(0, n.scrollHeight));
    await shot(card, 'today-full-message');
    await page.close();
  });

  test('after an action the opened group stays open, the scroll stays, and the result shows where the card was', async () => {
    const t = day();
    const page = await open(t);
    // More than ten: folded at first; the owner opens it.
    await expect(mailGroup(page).evaluate((n) => (n as unknown as { open: boolean }).open)).resolves.toBe(
      false,
    );
    await mailGroup(page).locator(':scope > summary').click();
    const target = item(page, 'メール 客6 様');
    await target.scrollIntoViewIfNeeded();
    await page.evaluate(() => (globalThis as unknown as PageWindow).scrollBy(0, 120));
    const before = await page.evaluate(() => (globalThis as unknown as PageWindow).scrollY);
    expect(before).toBeGreaterThan(300);
    await target.getByRole('button', { name: 'スキップ' }).click();
    const confirm = target.getByRole('button', {
      name: 'スキップしてよろしいですか？（もう一度押すとスキップ）',
    });
    await confirm.waitFor();
    // A second click, not the same double-click (sidebar/confirm.ts).
    await page.waitForTimeout(1000);
    await confirm.click();
    const result = page.locator('.result');
    expect(await shows(result, 'メール 客6 様への連絡をスキップしました。')).toBe(
      'メール 客6 様への連絡をスキップしました。',
    );
    expect(row(t, 'M06')).toMatchObject({ 状態: 'スキップ' });
    // Still open, eleven cards, the result where メール 客6 was: right before メール 客7.
    await expect(mailGroup(page).evaluate((n) => (n as unknown as { open: boolean }).open)).resolves.toBe(
      true,
    );
    await expect(mailGroup(page).locator('li.item').count()).resolves.toBe(11);
    const nextText = await result.evaluate((n) => n.nextElementSibling?.textContent ?? '');
    expect(nextText).toContain('メール 客7');
    // In view, and the page did not jump to the top.
    const after = await page.evaluate(() => (globalThis as unknown as PageWindow).scrollY);
    expect(Math.abs(after - before)).toBeLessThan(250);
    const box = await result.boundingBox();
    const height = page.viewportSize()?.height ?? 0;
    expect(box && box.y >= 0 && box.y + box.height <= height).toBe(true);
    // A live region: read out to screen readers.
    await expect(result.getAttribute('role')).resolves.toBe('status');
    await shot(page, 'today-after-skip', false);
    // The owner closes the group: it stays closed after the next action too.
    await mailGroup(page).locator(':scope > summary').click();
    await item(page, '田中 健').getByRole('button', { name: '不在' }).click();
    expect(await shows(page.locator('.result'), '田中 健 様への電話を「不在」で記録しました。')).toContain(
      '田中 健 様への電話を「不在」で記録しました。',
    );
    await expect(mailGroup(page).evaluate((n) => (n as unknown as { open: boolean }).open)).resolves.toBe(
      false,
    );
    await page.close();
  });

  test('選んだ下書きを送信: choose two drafts, send them from the owner Gmail, recorded 送信済', async () => {
    const t = day();
    const page = await open(t);
    await mailGroup(page).locator(':scope > summary').click();
    const send = mailGroup(page).locator('.choose button');
    await expect(send.innerText()).resolves.toBe('選んだ下書きを送信（0件）');
    await expect(send.isDisabled()).resolves.toBe(true);
    await page.getByRole('checkbox', { name: 'メール 客1 様へのメールを送信に選ぶ' }).check();
    await page.getByRole('checkbox', { name: 'メール 客2 様へのメールを送信に選ぶ' }).check();
    await expect(send.innerText()).resolves.toBe('選んだ下書きを送信（2件）');
    await shot(page, 'today-choose-drafts', false);
    // Sending cannot be undone: the first click asks, the second sends (send-confirm.test.ts) — a second later, not
    // as a double-click (double-click.test.ts).
    await send.click();
    await page.waitForTimeout(1000);
    await send.click();
    expect(
      await shows(page.locator('.result'), 'メール2件を送信しました（メール 客1 様、メール 客2 様）。'),
    ).toBe('メール2件を送信しました（メール 客1 様、メール 客2 様）。');
    expect(row(t, 'M01')).toMatchObject({ 状態: '送信済' });
    expect(row(t, 'M02')).toMatchObject({ 状態: '送信済' });
    expect(
      t.services.gmail
        .sentRecords()
        .map((m) => m.to)
        .filter((to) => to !== 'owner@example.com')
        .sort(),
    ).toEqual(['m1@example.jp', 'm2@example.jp']);
    // The group stays open with the ten left, none chosen; the result sits by the button.
    await expect(mailGroup(page).evaluate((n) => (n as unknown as { open: boolean }).open)).resolves.toBe(
      true,
    );
    await expect(mailGroup(page).locator('li.item').count()).resolves.toBe(10);
    await expect(send.innerText()).resolves.toBe('選んだ下書きを送信（0件）');
    await expect(page.locator('.choose + .result').count()).resolves.toBe(1);
    // すべて選ぶ chooses every draft listed.
    await mailGroup(page).getByRole('checkbox', { name: '下書きをすべて選ぶ' }).check();
    await expect(send.innerText()).resolves.toBe('選んだ下書きを送信（10件）');
    expect(await noSideScroll(page)).toBe(true);
    await shot(page, 'today-after-send', false);
    await shot(page, 'today-list-300');
    await page.close();
  });

  test('another editor sees no draft checkboxes and is told sending is for the owner', async () => {
    const t = day();
    t.user = 'staff@example.com';
    const page = await open(t);
    await mailGroup(page).locator(':scope > summary').click();
    await expect(mailGroup(page).getByRole('checkbox').count()).resolves.toBe(0);
    await expect(
      mailGroup(page).getByText('下書きの送信も owner@example.com で行ってください。').count(),
    ).resolves.toBe(1);
    await page.close();
  });
});
