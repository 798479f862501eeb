/**
 * The sidebar in real headless Chromium (Debian's package): dist/Sidebar.html with a google.script.run shim whose
 * calls go to dist/Code.js running on the fakes, as they would go to Apps Script. Screenshots land in test/artifacts.
 */
import type { Page } from 'playwright-core';
import { launchChromium, openSidebar, shot } from './chromium';
import { exampleDay } from '../../tools/runner';
import type { SheetData } from '../fakes';
import {
  lineStandIn,
  C4_INQUIRY_SENT,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  THREE_DUE,
  type Tsunagu,
} from '../bundle/harness';

const TOKEN = 'channel-token-never-shown';

const chrome = launchChromium();

/** A salon on 2026-11-22 with an email, a LINE, a call and a letter due, and LINE's API standing by. */
function shop(): SheetData[] {
  // THREE_DUE's customers, with a letter (C2) between them: the order of the cards below is the sheet's.
  const [c1, c3, c4] = THREE_DUE.customers();
  const visit = THREE_DUE.visit();
  return [
    customerSheet([
      c1,
      { 顧客ID: 'C2', 氏名: '鈴木 一郎', 郵便番号: '154-0004', 住所: '東京都世田谷区太子堂1-2-3', ...visit },
      c3,
      c4,
      // Markup in a customer's name must show as text.
      { 顧客ID: 'C5', 氏名: '<img src=x onerror="window.pwned=1">', メール: 'x@example.jp', ...visit },
    ]),
    settingsSheet(SHOP_SETTINGS),
    logSheet([C4_INQUIRY_SENT]),
  ];
}

const line = lineStandIn({ limit: 200, used: 12 });
const { pushes } = line;

const open = (t: Tsunagu): Promise<Page> => openSidebar(chrome.browser, t);

const item = (page: Page, name: string) => page.locator('li.item', { hasText: name });
const log = (t: Tsunagu, key: string) => t.records('連絡履歴').filter((r) => r['キー'] === key);

describe('今日のフォロー in Chromium', () => {
  test('list → Gmail draft → approve and send LINE → record a call → skip → snooze, each landing in the workbook', async () => {
    pushes.splice(0);
    const t = loadTsunagu({
      sheets: shop(),
      today: '2026-11-22',
      hour: 10,
      preparing: false,
      fetch: line.handler,
      documentProperties: { 'tsunagu.line.token': TOKEN },
    });
    const page = await open(t);

    // The list: grouped by channel, preview banner, LINE quota.
    await page.getByRole('heading', { name: /メール/ }).waitFor();
    await expect(page.locator('#today h2').allTextContents()).resolves.toEqual([
      '電話1件',
      'LINE1件',
      'メール2件',
      '手紙1件',
    ]);
    await expect(page.locator('#banner').innerText()).resolves.toContain('プレビュー中');
    await expect(page.getByText('今月のLINEの残り: 約188通').count()).resolves.toBe(1);
    await expect(item(page, '<img src=x').count()).resolves.toBe(1);
    expect(await page.evaluate(() => (globalThis as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await shot(page, '01-list');

    // Gmail下書きを作成 → one draft, and the item now opens it in Gmail.
    await item(page, '佐藤 美咲').getByRole('button', { name: 'Gmail下書きを作成' }).click();
    await page.getByText('Gmailの下書き1件を準備しました。').waitFor();
    expect(t.services.exportState().gmail.drafts.map((d) => d.message.to)).toEqual(['misaki@example.jp']);
    await expect(
      item(page, '佐藤 美咲').getByRole('link', { name: 'Gmailで開く' }).getAttribute('href'),
    ).resolves.toMatch(/^https:\/\/mail\.google\.com\//);
    await shot(page, '02-draft');

    // LINEを編集・承認・送信 → the edited text is what LINE receives.
    await item(page, '高橋 花子').getByRole('button', { name: '文面を見る・編集' }).click();
    // 承認 comes with the text, once it has loaded.
    await item(page, '高橋 花子').getByRole('button', { name: '承認して送信' }).waitFor();
    const editor = item(page, '高橋 花子').locator('textarea');
    await expect(editor.inputValue()).resolves.toContain('高橋様、');
    await editor.fill('高橋様、先日はありがとうございました。その後いかがですか？');
    await shot(page, '03-line-edit');
    await item(page, '高橋 花子').getByRole('button', { name: '承認して送信' }).click();
    await page.getByText(/LINEを1件送りました/).waitFor();
    expect(pushes).toHaveLength(1);
    expect(JSON.parse(pushes[0].payload ?? '').messages[0].text).toBe(
      '高橋様、先日はありがとうございました。その後いかがですか？',
    );
    expect(log(t, 'C3|S1|お伺い|2026-11-20')).toEqual([expect.objectContaining({ 状態: '送信済' })]);

    // 電話した: 満足 → 連絡履歴 完了 / 満足, and the call leaves the list.
    await item(page, '田中 健').getByRole('button', { name: '満足' }).click();
    await page.getByText('田中 健 様への電話を「満足」で記録しました。').waitFor();
    expect(log(t, 'C4|S1|電話確認|2026-11-10')).toEqual([
      expect.objectContaining({ 状態: '完了', 結果: '満足' }),
    ]);
    await expect(item(page, '田中 健').count()).resolves.toBe(0);
    await shot(page, '04-called');

    // スキップ asks for a second click, then closes the step.
    const skip = item(page, '<img src=x').getByRole('button', { name: 'スキップ' });
    await skip.click();
    const confirm = item(page, '<img src=x').getByRole('button', {
      name: 'スキップしてよろしいですか？（もう一度押すとスキップ）',
    });
    await confirm.waitFor();
    // A second click, not the same double-click (sidebar/confirm.ts).
    await page.waitForTimeout(1000);
    await confirm.click();
    await page.getByText(/連絡をスキップしました/).waitFor();
    expect(log(t, 'C5|S1|お伺い|2026-11-20')).toEqual([expect.objectContaining({ 状態: 'スキップ' })]);

    // 延期 with the date picker, keyboard only.
    await item(page, '鈴木 一郎').getByRole('button', { name: '延期…' }).click();
    await shot(page, '05-snooze');
    // The date field has focus, a week ahead; Enter submits.
    await page.keyboard.press('Enter');
    await page.getByText('鈴木 一郎 様への連絡を2026/11/29に延期しました。').waitFor();
    expect(log(t, 'C2|S1|お伺い|2026-11-20')).toEqual([expect.objectContaining({ 状態: '延期' })]);
    expect(t.records('顧客').find((r) => r['顧客ID'] === 'C2')?.['次回連絡日']).toEqual(
      dateCell('2026-11-29'),
    );
    await shot(page, '06-after');

    // Nothing of the token reached the page.
    expect(await page.content()).not.toContain(TOKEN);
    await page.close();
  });

  test('a long day: the first 100 of a group, the rest on request, messages fetched when opened, bulk for all', async () => {
    const many = Array.from({ length: 130 }, (_, i) => ({
      顧客ID: `E${String(i).padStart(3, '0')}`,
      氏名: `客 ${i}`,
      メール: `e${i}@example.jp`,
      ...THREE_DUE.visit(),
    }));
    const t = loadTsunagu({
      sheets: [customerSheet(many), settingsSheet([...SHOP_SETTINGS, ['1日のメール上限', 500]])],
      today: '2026-11-22',
      preparing: false,
    });
    const page = await open(t);
    // A group of more than ten comes folded: the owner opens it.
    await page.locator('summary', { hasText: 'メール' }).click();
    await page.getByRole('button', { name: 'さらに表示（残り30件）' }).waitFor();
    await expect(page.locator('li.item').count()).resolves.toBe(100);
    await page.getByRole('button', { name: 'さらに表示（残り30件）' }).click();
    await item(page, '客 129').waitFor();
    await expect(page.locator('li.item').count()).resolves.toBe(130);
    await item(page, '客 129').getByText('文面を見る').click();
    // The message, fetched when opened, opens 「客 129 様」 on its own line (the card's name says it too).
    await item(page, '客 129').locator('pre', { hasText: '客 129 様' }).waitFor();
    await shot(page, '11-long-day');
    await page.getByRole('button', { name: 'まとめてGmail下書きを作成（130件）' }).click();
    await page.getByText('Gmailの下書き130件を準備しました。').waitFor();
    expect(t.services.exportState().gmail.drafts).toHaveLength(130);
    await page.close();
  });

  test('empty state: no follow-ups today, with the next date', async () => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([
          {
            顧客ID: 'C1',
            氏名: '佐藤 美咲',
            メール: 'm@example.jp',
            最終来店日: dateCell('2026-11-20'),
            来店回数: 2,
            カテゴリ: '整体',
          },
        ]),
        settingsSheet(SHOP_SETTINGS),
      ],
      today: '2026-11-20',
    });
    const page = await open(t);
    await page.getByText('今日のフォローはありません。次のフォローは2026年11月22日です。').waitFor();
    await shot(page, '07-empty');
    await page.close();
  });

  test('held contacts, then a lost 連絡履歴: the sidebar says what is held and how to bring the sheet back, line by line', async () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    t.call('runDailyFollowUps');
    // The owner renames a header for a day: pending contacts are held, and the sidebar says so.
    const sheet = t.services.spreadsheet.sheet('顧客');
    const header = sheet?.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] ?? [];
    sheet?.getRange(1, header.indexOf('カテゴリ') + 1).setValue('分類メモ');
    t.at('2026-11-23', 9);
    t.call('runDailyFollowUps');
    let page = await open(t);
    await page.getByText(/見出し「カテゴリ」が見つからないため、\d+件の連絡を保留しています/).waitFor();
    // Each held card says what to fix; the held LINE offers no approval.
    await expect(
      item(page, '高橋 花子')
        .getByText(/直すところ: 顧客シートの「カテゴリ」/)
        .count(),
    ).resolves.toBe(1);
    await expect(item(page, '高橋 花子').getByRole('button', { name: /承認/ }).count()).resolves.toBe(0);
    await shot(page, '13-held');
    await page.close();
    // Then 連絡履歴 is deleted: nothing listed, only how to bring it back — each step on its own line.
    const log = t.services.spreadsheet.getSheetByName('連絡履歴');
    if (log) t.services.spreadsheet.deleteSheet(log);
    page = await open(t);
    const told = page.getByText(/「連絡履歴」シートが見つかりません/);
    await told.waitFor();
    await expect(page.getByText('この版を復元', { exact: false }).count()).resolves.toBeGreaterThan(0);
    const box = await told.boundingBox();
    // Line breaks kept: the advice is several lines tall in a 300-pixel sidebar, not one clipped line.
    expect(box?.height ?? 0).toBeGreaterThan(100);
    await shot(page, '14-lost-log');
    await page.close();
  });

  test('error state: a workbook it cannot read says what is wrong and how to go on; tabs work from the keyboard', async () => {
    const t = loadTsunagu({ sheets: [settingsSheet(SHOP_SETTINGS)], today: '2026-11-22' });
    const page = await open(t);
    await page.getByText(/読み込めませんでした: .*顧客/).waitFor();
    await expect(page.getByText('「再読み込み」を押してください。').count()).resolves.toBe(1);
    await shot(page, '10-error');
    await page.getByRole('tab', { name: '今日のフォロー' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: '設定' }).getAttribute('aria-selected')).resolves.toBe('true');
    await page.getByLabel('店名').waitFor();
    await page.close();
  });

  test('設定: a changed value lands in 設定, the token is stored masked, and 自動実行 can be turned on', async () => {
    const sheets = shop();
    // A two-line address must come back exactly as it was when other settings are saved.
    sheets[1] = settingsSheet([
      ...SHOP_SETTINGS.filter(([k]) => k !== '店舗住所'),
      ['店舗住所', '〒154-0004\n東京都世田谷区太子堂2-14-3'],
    ]);
    const t = loadTsunagu({ sheets, today: '2026-11-22', preparing: false, fetch: line.handler });
    const page = await open(t);
    await page.getByRole('tab', { name: '設定' }).click();
    await page.getByLabel('店名').waitFor();
    await page.getByLabel('店名').fill('ここち堂 三軒茶屋店');
    await page.getByLabel('毎日の実行時刻').selectOption('7');
    await shot(page, '08-settings');
    await page.getByRole('button', { name: '設定を保存', exact: true }).click();
    await page.getByText('2項目を保存しました。').waitFor();
    const settings = new Map(t.records('設定').map((r) => [r['項目'], r['値']]));
    expect(settings.get('店名')).toBe('ここち堂 三軒茶屋店');
    expect(String(settings.get('毎日の実行時刻'))).toBe('7');
    expect(settings.get('店舗住所')).toBe('〒154-0004\n東京都世田谷区太子堂2-14-3');

    await page.getByLabel('チャネルアクセストークン（長期）').fill(TOKEN);
    await page.getByRole('button', { name: 'LINEの設定を保存' }).click();
    await page.getByText('チャネルアクセストークンを保存しました。').waitFor();
    expect(t.services.properties.document.getProperty('tsunagu.line.token')).toBe(TOKEN);
    await expect(
      page.getByLabel('チャネルアクセストークン（長期）').getAttribute('placeholder'),
    ).resolves.toBe('設定済み（変えるときだけ入力）');
    expect(await page.content()).not.toContain(TOKEN);
    expect(JSON.stringify(t.services.spreadsheet.toData())).not.toContain(TOKEN);

    await page.getByRole('button', { name: '自動実行をオンにする' }).click();
    await page.getByText(/自動実行をオンにしました/).waitFor();
    expect(t.services.scriptApp.getProjectTriggers().map((tr) => tr.getHandlerFunction())).toEqual([
      'runScheduled',
    ]);
    await shot(page, '09-settings-saved');
    await page.close();
  });

  test('設定: the webhook URL from the pasted /exec URL (the /dev one refused), then 診断 line by line', async () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', preparing: false });
    const page = await open(t);
    await page.getByRole('tab', { name: '設定' }).click();
    const pasted = page.getByLabel('ウェブアプリのURL（「デプロイを管理」の /exec で終わるURL）');
    await pasted.fill('https://script.google.com/macros/s/AKfycbx-fake-deployment-id/dev');
    await page.getByRole('button', { name: 'Webhook URLを作る' }).click();
    await page.getByText(/末尾が \/dev のURLは試し用/).waitFor();
    await pasted.fill('https://script.google.com/macros/s/AKfycbx-fake-deployment-id/exec');
    await page.getByRole('button', { name: 'Webhook URLを作る' }).click();
    const made = page.getByLabel('このURLをコピーしてください');
    await made.waitFor();
    expect(await made.inputValue()).toMatch(
      /^https:\/\/script\.google\.com\/macros\/s\/AKfycbx-fake-deployment-id\/exec\?secret=[0-9a-f]{64}$/,
    );
    await page.getByRole('button', { name: '診断する' }).click();
    await page.getByText(/診断しました/).waitFor();
    const lines = await page.locator('.diagnosis li').allTextContents();
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.join('\n')).toContain('タイムゾーン: Asia/Tokyo');
    expect(lines.join('\n')).toContain('Webhook: URLは作られていますが、LINEからまだ一度も届いていません');
    await shot(page, '12-settings-webhook-diagnosis');
    await page.close();
  });
});

describe("the example shop's day in Chromium", () => {
  test('the forecast, the vacancy offers and a gift to send, as the owner sees them on the demo day', async () => {
    const bundle = await exampleDay(10);
    const t = {
      call: (name: string, ...args: unknown[]) => bundle.call(name, ...args),
    } as unknown as Tsunagu;
    const page = await open(t);
    await page.getByText('【順番待ちの見込み】').waitFor();
    const banner = await page.locator('.forecast').allTextContents();
    expect(banner.join('\n')).toMatch(/休眠客フォロー \d+件：1日20通で\d+日間、郵便代 約[\d,]+円/);
    // Who was offered which slot: three regulars at most.
    const offers = await page.getByText(/11月26日（木）10:00〜11:00/).count();
    expect(offers).toBeGreaterThan(0);
    // The S3 letter's gift is the owner's task on its card, not in its reason.
    await page.locator('details, .group').first().waitFor();
    await shot(page, '15-demo-day');
    const task = page.locator('p.task', { hasText: '【別送】' });
    if ((await task.count()) === 0) {
      // The letters group folds after ten: open it to find the card.
      for (const more of await page.getByRole('button', { name: /もっと見る|残り/ }).all())
        await more.click();
    }
    expect(await page.locator('p.task', { hasText: /【別送】.+をお送りください/ }).count()).toBe(1);
    await page.close();
  });
});
