/**
 * 「LINEの友だちとお客様をつなぐ」 in real headless Chromium (Debian's package): the sidebar suggests a link, the owner
 * clicks つなぐ, and the customer's follow-up is then planned by LINE. Screenshots land in test/artifacts.
 */
import type { Page } from 'playwright-core';
import { launchChromium, openSidebar, shot } from './chromium';
import {
  customerSheet,
  CUSTOMER_HEADER,
  dateCell,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';

const HANAKO = `U${'1a2b3c4d'.repeat(4)}`;
const KEN = `U${'9f8e7d6c'.repeat(4)}`;

const chrome = launchChromium();

const visit = {
  最終来店日: dateCell('2026-11-20'),
  来店回数: 2,
  カテゴリ: '整体',
  購入商品: '骨盤調整60分',
};

/**
 * A salon on 2026-11-22 with LINE set up: 青木 花子 (no address, no email: nothing reaches her yet) and 田中 健 (a
 * letter); two friends in LINE友だち, 「あおき はなこ」 and 「けん」, neither linked.
 */
function shop(): Tsunagu {
  return loadTsunagu({
    sheets: [
      customerSheet(
        [
          { 顧客ID: 'C7', 氏名: '青木 花子', ふりがな: 'アオキ ハナコ', ...visit },
          {
            顧客ID: 'C8',
            氏名: '田中 健',
            郵便番号: '154-0004',
            住所: '東京都世田谷区太子堂1-2-3',
            ...visit,
          },
        ],
        [...CUSTOMER_HEADER, 'ふりがな'],
      ),
      settingsSheet(SHOP_SETTINGS),
      {
        name: 'LINE友だち',
        values: [
          ['ユーザーID', '表示名', '状態', '日付', '顧客ID'],
          [HANAKO, 'あおき はなこ', 'フォロー中', dateCell('2026-11-21'), ''],
          [KEN, 'けん', 'フォロー中', dateCell('2026-11-21'), ''],
        ],
      },
    ],
    today: '2026-11-22',
    hour: 10,
    preparing: false,
    fetch: lineStandIn({ limit: 200, used: 12 }).handler,
    documentProperties: { 'tsunagu.line.token': 'channel-token-never-shown' },
    // LINE has delivered an event (the owner's own follow) to the webhook: letters may invite customers.
    scriptProperties: {
      'tsunagu.webhookSecret': 'w'.repeat(48),
      'tsunagu.webhookLastDelivery': String(Date.UTC(2026, 10, 15)),
      'tsunagu.webhookLastEvent': String(Date.UTC(2026, 10, 15)),
    },
  });
}

/**
 * 青木 太郎 and 青木 花子 share a home number; a friend 「hana」 sent that number (LINE友だち's 届いた電話番号), and
 * 田中 健 is there so the list has someone else.
 */
function family(): Tsunagu {
  const aoki = { ふりがな: '', 電話: '03-5432-9876', ...visit };
  return loadTsunagu({
    sheets: [
      customerSheet(
        [
          { 顧客ID: 'C8', 氏名: '青木 太郎', ...aoki },
          { 顧客ID: 'C7', 氏名: '青木 花子', ...aoki },
        ],
        [...CUSTOMER_HEADER, 'ふりがな'],
      ),
      settingsSheet(SHOP_SETTINGS),
      {
        name: 'LINE友だち',
        values: [
          ['ユーザーID', '表示名', '状態', '日付', '顧客ID', '届いた電話番号', '届いた連携コード'],
          [HANAKO, 'hana', 'フォロー中', dateCell('2026-11-21'), '', '0354329876', ''],
        ],
      },
    ],
    today: '2026-11-22',
    hour: 10,
    preparing: false,
    fetch: lineStandIn({ limit: 200, used: 12 }).handler,
    documentProperties: { 'tsunagu.line.token': 'channel-token-never-shown' },
    scriptProperties: { 'tsunagu.webhookSecret': 'w'.repeat(48) },
  });
}

const open = (t: Tsunagu): Promise<Page> => openSidebar(chrome.browser, t);

describe('LINEの友だちとお客様をつなぐ in Chromium', () => {
  test('a suggestion with its reason → つなぐ → the customer is planned by LINE; the letter card shows its code', async () => {
    const t = shop();
    // The morning run makes the 連携コード (opening the sidebar only reads them).
    t.call('runDailyFollowUps');
    const page = await open(t);
    const section = page.locator('section.line-link');
    await section.getByText('LINEの友だちとお客様をつなぐ').waitFor();

    // One suggestion: 表示名 against ふりがな, with why. 「けん」 matches no one.
    const suggestion = section.locator('li.item');
    await expect(suggestion.count()).resolves.toBe(1);
    await expect(suggestion.textContent()).resolves.toContain('青木 花子 様（C7）');
    await expect(suggestion.textContent()).resolves.toContain(
      'LINEの表示名「あおき はなこ」がふりがな「アオキ ハナコ」と同じです',
    );
    // 「けん」 is counted, with where to link him by hand.
    await expect(section.textContent()).resolves.toContain('まだお客様とつながっていない友だちが1人います');
    // 田中 健's letter card carries his 連携コード; 青木 花子 has nothing due yet (no channel reaches her).
    const code = String(t.records('LINE連携').find((r) => r['顧客ID'] === 'C8')?.['連携コード']);
    expect(code).toMatch(/^[2-9B-DF-HJ-NP-TV-Z]{4}-[2-9B-DF-HJ-NP-TV-Z]{2}$/);
    await expect(
      page.locator('li.item', { hasText: '田中 健' }).locator('.line-code').textContent(),
    ).resolves.toContain(`LINE連携コード: ${code}`);
    await expect(page.locator('details.group li.item', { hasText: '青木 花子' }).count()).resolves.toBe(0);
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'line-link-1-suggestion');

    await suggestion.getByRole('button', { name: 'つなぐ' }).click();
    await suggestion.locator('.done').waitFor();
    await expect(suggestion.locator('.done').textContent()).resolves.toContain(
      '青木 花子様をLINEの友だちとつなぎました',
    );
    await shot(page, 'line-link-2-linked');

    // In the workbook: only that friend's 顧客ID; 顧客 keeps its blank LINEユーザーID.
    expect(t.records('LINE友だち').map((r) => [r['表示名'], r['顧客ID']])).toEqual([
      ['あおき はなこ', 'C7'],
      ['けん', ''],
    ]);
    expect(t.records('顧客').find((r) => r['顧客ID'] === 'C7')?.['LINEユーザーID']).toBe('');

    // 再読み込み: her お伺い is today's LINE, and the suggestion is gone.
    await page.getByRole('button', { name: '再読み込み' }).click();
    const lineGroup = page.locator('details.group', { hasText: 'LINE' }).first();
    await lineGroup.locator('li.item', { hasText: '青木 花子' }).waitFor();
    await expect(section.isHidden()).resolves.toBe(true);
    await shot(page, 'line-link-3-planned-by-line');
    await page.close();
  });

  test('a number two customers share: both shown with what to check, and つなぐ keeps the other', async () => {
    const t = family();
    const page = await open(t);
    const section = page.locator('section.line-link');
    await section.getByText('LINEの友だちとお客様をつなぐ').waitFor();
    const items = section.locator('li.item');
    await expect(items.count()).resolves.toBe(2);
    for (const name of ['青木 太郎', '青木 花子']) {
      const item = items.filter({ hasText: name });
      await expect(item.locator('.reason.caution').textContent()).resolves.toBe(
        '同じ電話番号のお客様が複数います。どなたのLINEか確かめてください',
      );
      await expect(item.locator('.reason.certain').count()).resolves.toBe(0);
    }
    await section.scrollIntoViewIfNeeded();
    await shot(page, 'line-link-4-shared-number');

    await items.filter({ hasText: '青木 太郎' }).getByRole('button', { name: 'つなぐ' }).click();
    await items.filter({ hasText: '青木 太郎' }).locator('.done').waitFor();
    // 花子's suggestion is still there, with its buttons: the owner sees whom else it may be.
    const hanako = items.filter({ hasText: '青木 花子' });
    await expect(hanako.getByRole('button', { name: 'つなぐ' }).isVisible()).resolves.toBe(true);
    await shot(page, 'line-link-5-shared-number-linked');
    await page.close();
  });
});
