/**
 * The today tab's season card in real headless Chromium (issue 18): the November 年賀状 question with 「送る」 and
 * 「今年は送らない」, and the 11-20 forecast's 「この期間だけ手紙の上限をN通にする」, shown and removable in the 設定
 * tab. Screenshots in test/artifacts/season-*.png.
 */
import type { CellValue } from '../fakes';
import { launchChromium, openSidebar, shot } from './chromium';
import {
  CUSTOMER_HEADER,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';

const chrome = launchChromium();
const HEADER = [...CUSTOMER_HEADER, '喪中'];

function shop(today: string, n: number, settings: [string, CellValue][] = []): Tsunagu {
  const rows = Array.from({ length: n }, (_, i) => ({
    顧客ID: `C${String(i + 1).padStart(3, '0')}`,
    氏名: `山田 ${i + 1}郎`,
    郵便番号: '154-0004',
    住所: `東京都世田谷区太子堂${i + 1}-1-1`,
    最終来店日: dateCell('2026-03-01'),
    来店回数: 3,
    喪中: i === 0 ? 2026 : '',
  }));
  return loadTsunagu({
    sheets: [
      customerSheet(rows, HEADER),
      settingsSheet([...SHOP_SETTINGS, ['休眠日数', 3650], ...settings]),
      logSheet([]),
    ],
    today,
    hour: 10,
    documentProperties: { 'tsunagu.introDay': '2026-01-01' },
  });
}

const setting = (t: Tsunagu, item: string) => t.records('設定').find((r) => r['項目'] === item)?.['値'];

describe('the season card in the today tab', () => {
  test('the November question: 「送る」 turns 設定 年賀状 TRUE and the question goes', async () => {
    const t = shop('2026-11-05', 4, [['年賀状', 'FALSE']]);
    const page = await openSidebar(chrome.browser, t);
    const card = page.locator('section.season');
    await card.getByRole('heading', { name: '今年の年賀状' }).waitFor();
    // A card, not a channel group: the groups' h2 stay the list's outline.
    await expect(page.locator('#today h2').count()).resolves.toBe(0);
    await expect(card.innerText()).resolves.toContain('今年の年賀状をお送りしますか');
    await expect(card.innerText()).resolves.toContain('3軒のご家庭にはがき3枚（郵便代 約255円）');
    await expect(card.innerText()).resolves.toContain(
      '喪中はがきが届いたご家庭は、顧客シートの喪中の列に、ご不幸のあった年',
    );
    await shot(page, 'season-01-question');
    await card.getByRole('button', { name: '送る', exact: true }).click();
    await page.getByText('設定「年賀状」をTRUEにしました').waitFor();
    // The question is gone; the forecast of the season now on takes its place until the window opens.
    await page.getByRole('heading', { name: '季節のご挨拶の見込み' }).waitFor();
    await expect(page.getByRole('heading', { name: '今年の年賀状' }).count()).resolves.toBe(0);
    await expect(page.locator('section.season').innerText()).resolves.toContain('期間内に全部用意できます');
    await shot(page, 'season-04-answered');
    expect(String(setting(t, '年賀状'))).toBe('TRUE');
    await page.close();
  });

  test('「今年は送らない」: the card goes and 設定 stays as it was', async () => {
    const t = shop('2026-11-05', 2);
    const page = await openSidebar(chrome.browser, t);
    const card = page.locator('section.season');
    await card.getByRole('button', { name: '今年は送らない' }).click();
    await page.getByText('今年は年賀状をお送りしません').waitFor();
    await expect(page.locator('section.season').count()).resolves.toBe(0);
    expect(setting(t, '年賀状')).toBeUndefined();
    await page.close();
  });

  test('the forecast offers a higher limit for the window; the 設定 tab shows it and takes it back', async () => {
    const t = shop('2026-11-21', 21, [
      ['年賀状', 'TRUE'],
      ['1日の手紙上限', 1],
    ]);
    const page = await openSidebar(chrome.browser, t);
    const card = page.locator('section.season');
    await card.getByRole('heading', { name: '季節のご挨拶の見込み' }).waitFor();
    await expect(card.innerText()).resolves.toContain('期間内に15枚しか用意できません');
    await shot(page, 'season-02-forecast');
    await card.getByRole('button', { name: 'この期間だけ手紙の上限を2通にする' }).click();
    await page.getByText('12月10日〜24日だけ、1日の手紙上限を2通にしました').waitFor();
    await page.locator('section.season', { hasText: '（この期間だけ）' }).waitFor();
    await expect(page.locator('section.season').innerText()).resolves.toContain('期間内に全部用意できます');
    await page.getByRole('tab', { name: '設定' }).click();
    const panel = page.locator('section.panel', { hasText: '期間だけの手紙の上限' });
    await expect(panel.innerText()).resolves.toContain('12月10日〜24日は1日2通');
    await shot(panel, 'season-03-settings');
    await panel.getByRole('button', { name: '取り消す' }).click();
    await page.getByText('期間だけの手紙の上限を取り消しました').waitFor();
    await expect(page.locator('section.panel', { hasText: '期間だけの手紙の上限' }).count()).resolves.toBe(0);
    await page.close();
  });
});
