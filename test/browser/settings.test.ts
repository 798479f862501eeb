/**
 * The 設定 tab's controls in real headless Chromium: dist/Sidebar.html with the google.script.run shim whose calls go
 * to dist/Code.js on the fakes. Screenshots land in test/artifacts (settings-*.png).
 */
import type { Page } from 'playwright-core';
import { launchChromium, openSidebar, shot as screenshot } from './chromium';
import type { CellValue, FetchHandler, SheetData } from '../fakes';
import {
  customerSheet,
  dateCell,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';

const TOKEN = 'token-from-line-developers-never-shown';

const chrome = launchChromium();

function shop(settings: [string, CellValue][], fetch?: FetchHandler): Tsunagu {
  const sheets: SheetData[] = [
    customerSheet([
      {
        顧客ID: 'C1',
        氏名: '佐藤 美咲',
        メール: 'misaki@example.jp',
        最終来店日: dateCell('2026-11-20'),
        来店回数: 2,
      },
    ]),
    settingsSheet([...SHOP_SETTINGS, ...settings]),
  ];
  return loadTsunagu({ sheets, today: '2026-11-22', preparing: false, ...(fetch ? { fetch } : {}) });
}

/** The sidebar on its 設定 tab, 300 px wide as Sheets shows it. */
async function openSettings(t: Tsunagu): Promise<Page> {
  const page = await openSidebar(chrome.browser, t);
  await page.getByRole('tab', { name: '設定' }).click();
  await page.getByLabel('店名').waitFor();
  return page;
}

const shot = (page: Page, name: string) => screenshot(page, `settings-${name}`);
const field = (page: Page, item: string) => page.locator(`.setting[data-item="${item}"]`);
const cell = (t: Tsunagu, item: string) => t.records('設定').find((r) => r['項目'] === item)?.['値'];
const save = (page: Page) => page.getByRole('button', { name: '設定を保存', exact: true }).click();
const status = (page: Page) => page.locator('#status');
/** The 設定 tab's お店の設定 section (the 今日のフォロー tab, hidden, may list the same problems). */
const shopPanel = (page: Page) => page.locator('section.panel', { hasText: 'お店の設定' });

describe('設定 in Chromium: a control for each setting', () => {
  test('each kind renders: select, number with its range, checkbox, hour, day picker, text, multiline', async () => {
    const t = shop([['祝日休業', 'TRUE']]);
    const page = await openSettings(t);
    await page.locator('summary', { hasText: 'その他の設定' }).click();

    const notice = page.getByLabel('オーナー通知');
    await expect(notice.evaluate((n) => n.tagName)).resolves.toBe('SELECT');
    await expect(
      notice.locator('option').evaluateAll((os) => os.map((o) => o.getAttribute('value'))),
    ).resolves.toEqual(['', 'メール', 'LINE', 'なし']);

    const regular = page.getByLabel('常連来店回数');
    await expect(
      Promise.all(['type', 'min', 'max', 'placeholder'].map((a) => regular.getAttribute(a))),
    ).resolves.toEqual(['number', '1', '1000', '3']);
    await expect(field(page, '常連来店回数').locator('.unit').textContent()).resolves.toBe('回');

    await expect(page.getByLabel('祝日休業').isChecked()).resolves.toBe(true);
    await expect(page.getByLabel('LINE自動送信').isChecked()).resolves.toBe(false);
    await expect(
      page
        .getByLabel('毎日の実行時刻')
        .locator('option')
        .evaluateAll((os) => os.map((o) => o.textContent)),
    ).resolves.toEqual(['（空欄: 8時）', ...Array.from({ length: 24 }, (_, h) => `${h}時`)]);
    await expect(field(page, '定休日').getByRole('group', { name: '定休日を選ぶ' }).count()).resolves.toBe(1);
    await expect(page.getByLabel('毎週水曜').count()).resolves.toBe(1);
    await expect(page.getByLabel('第2火曜').count()).resolves.toBe(1);
    await expect(page.getByLabel('署名').evaluate((n) => n.tagName)).resolves.toBe('TEXTAREA');
    await expect(
      page.getByLabel('店名').evaluate((n) => (n as unknown as { type: string }).type),
    ).resolves.toBe('text');
    await shot(page, '01-controls');

    // A checkbox and a select, changed, are saved as the reader reads them; nothing else is sent.
    await page.getByLabel('祝日休業').uncheck();
    await notice.selectOption('LINE');
    await save(page);
    await page.getByText('2項目を保存しました。').waitFor();
    // Written as the text typed (Sheets would re-parse typed text), read back as the switch shows it.
    expect([cell(t, '祝日休業'), cell(t, 'オーナー通知')]).toEqual(['FALSE', 'LINE']);
    expect(t.records('設定')).toHaveLength(SHOP_SETTINGS.length + 2);
    await page.waitForFunction(
      `document.querySelector('input[name="祝日休業"]')?.checked === false &&
       document.querySelector('select[name="オーナー通知"]')?.value === 'LINE'`,
    );
    await page.close();
  });

  test('invalid values are refused beside their field, in the reader’s words, and nothing is sent', async () => {
    const t = shop([['休眠日数', '三か月']]);
    const page = await openSettings(t);
    await page.locator('summary', { hasText: 'その他の設定' }).waitFor();

    // A value already in the sheet that cannot be read: shown as written, with its problem, never replaced.
    const dormant = field(page, '休眠日数');
    await expect(dormant.locator('textarea, input').first().inputValue()).resolves.toBe('三か月');
    await expect(dormant.locator('.problem').textContent()).resolves.toBe(
      '今の値は使えません: 「三か月」は休眠日数として読めません。1から3650までの数字で入れてください。',
    );
    await expect(page.locator('details').first().getAttribute('open')).resolves.not.toBeNull();
    // What the run uses instead is said at the top, as the summary says it.
    await expect(
      shopPanel(page)
        .getByText('設定「休眠日数」の値「三か月」を読めないため、既定値「90」として扱います')
        .count(),
    ).resolves.toBe(1);

    // Typed: out of range, a period it cannot read, an address without its domain.
    await page.getByLabel('常連来店回数').fill('5000');
    await expect(field(page, '常連来店回数').locator('.reason').textContent()).resolves.toBe(
      '「5000」は常連来店回数として読めません。1から1000までの数字で入れてください。',
    );
    await page.getByLabel('休眠フォローの対象').fill('しばらく');
    await page.getByLabel('店舗メール').fill('info@');
    await expect(field(page, '店舗メール').locator('.reason').textContent()).resolves.toBe(
      '「info@」は店舗メールとして読めません。メールアドレスを「info@example.jp」の形で入れてください。',
    );
    await expect(page.getByLabel('店舗メール').getAttribute('aria-invalid')).resolves.toBe('true');
    const before = JSON.stringify(t.values('設定'));
    const calls = t.services.calls.count('SpreadsheetApp', 'Range.setValues');
    await save(page);
    await expect(status(page).textContent()).resolves.toBe(
      '「店舗メール」「休眠フォローの対象」「常連来店回数」を直してから保存してください（理由は各項目の下にあります）。',
    );
    await expect(field(page, '休眠フォローの対象').locator('.reason').textContent()).resolves.toContain(
      '「しばらく」は休眠フォローの対象として読めません。',
    );
    await expect(page.evaluate("document.activeElement?.getAttribute('aria-labelledby')")).resolves.toMatch(
      /-name$/,
    );
    await shot(page, '02-refused');
    expect(JSON.stringify(t.values('設定'))).toBe(before);
    expect(t.services.calls.count('SpreadsheetApp', 'Range.setValues')).toBe(calls);

    // Fixed, the same form saves.
    await page.getByLabel('常連来店回数').fill('5');
    await page.getByLabel('休眠フォローの対象').fill('2年以内');
    await page.getByLabel('店舗メール').fill('info@kokochido.example.jp');
    await expect(field(page, '店舗メール').locator('.reason').isHidden()).resolves.toBe(true);
    await save(page);
    await page.getByText('2項目を保存しました。').waitFor();
    expect([cell(t, '常連来店回数'), cell(t, '休眠フォローの対象'), cell(t, '休眠日数')]).toEqual([
      '5',
      '2年以内',
      '三か月',
    ]);
    await page.close();
  });

  test('the day picker reads 「毎週水曜、第2・第4火曜」, sends nothing untouched, and writes what it reads back', async () => {
    const t = shop([['定休日', '毎週水曜、第2・第4火曜']]);
    const page = await openSettings(t);
    const checked = () =>
      field(page, '定休日')
        .locator('input:checked')
        .evaluateAll((boxes) => boxes.map((b) => b.getAttribute('aria-label')));
    await expect(checked()).resolves.toEqual(['第2火曜', '第4火曜', '毎週水曜']);
    await expect(page.getByLabel('第1水曜').isDisabled()).resolves.toBe(true);
    await shot(page, '03-day-picker');

    // Touched and put back: nothing to save.
    await page.getByLabel('第4火曜').uncheck();
    await page.getByLabel('第4火曜').check();
    await save(page);
    await page.getByText('変更はありません。').waitFor();
    expect(cell(t, '定休日')).toBe('毎週水曜、第2・第4火曜');

    await page.getByLabel('毎週日曜').check();
    await expect(field(page, '定休日').locator('.day-text').textContent()).resolves.toBe(
      '保存する値: 毎週水曜・日曜、第2・第4火曜',
    );
    await save(page);
    await page.getByText('1項目を保存しました。').waitFor();
    expect(cell(t, '定休日')).toBe('毎週水曜・日曜、第2・第4火曜');
    // Reloaded from the sheet, the picker shows what was saved.
    await page.getByLabel('毎週日曜').waitFor();
    await expect(checked()).resolves.toEqual(['第2火曜', '第4火曜', '毎週水曜', '毎週日曜']);
    await expect(page.getByText('設定「定休日」').count()).resolves.toBe(0);
    await page.close();
  });

  test('a 定休日 the picker cannot represent is shown as text and left exactly as it is', async () => {
    const t = shop([['定休日', '水曜（祝日の場合は翌日）']]);
    const page = await openSettings(t);
    const closed = field(page, '定休日');
    await expect(page.getByLabel('定休日').inputValue()).resolves.toBe('水曜（祝日の場合は翌日）');
    await expect(closed.locator('.switch-mode .note').textContent()).resolves.toContain(
      '今の値は曜日の選択では表せないため、書かれたとおりに表示しています',
    );
    await expect(closed.locator('p.note').last().textContent()).resolves.toContain(
      '（祝日の場合は翌日）は反映していません',
    );
    // Said once, beside the field, not again at the top of the form.
    await expect(shopPanel(page).getByText('（祝日の場合は翌日）は反映していません').count()).resolves.toBe(
      1,
    );
    await shot(page, '04-unrepresentable');
    await page.getByLabel('店名').fill('ここち堂 本店');
    await save(page);
    await page.getByText('1項目を保存しました。').waitFor();
    expect(cell(t, '定休日')).toBe('水曜（祝日の場合は翌日）');
    expect(cell(t, '店名')).toBe('ここち堂 本店');

    // Only when the owner chooses to pick the days instead is it replaced.
    await field(page, '定休日').getByRole('button', { name: '曜日を選ぶ' }).click();
    // The picker starts from what was understood (水曜); the owner adds 毎週日曜.
    await expect(page.getByLabel('毎週水曜').isChecked()).resolves.toBe(true);
    await page.getByLabel('毎週日曜').check();
    await save(page);
    await page.getByText('1項目を保存しました。').waitFor();
    expect(cell(t, '定休日')).toBe('毎週水曜・日曜');
    await page.close();
  });

  test('休業日: a date picked from the calendar is added as a line of its own, 毎年 when ticked', async () => {
    const t = shop([['休業日', '2026/12/29〜2027/1/3（年末年始）']]);
    const page = await openSettings(t);
    await page.locator('summary', { hasText: 'その他の設定' }).click();
    const closed = page.getByLabel('休業日', { exact: true });
    await expect(closed.evaluate((n) => n.tagName)).resolves.toBe('TEXTAREA');
    await page.getByLabel('休業日に加える日').fill('2026-09-01');
    await field(page, '休業日').getByRole('button', { name: '加える' }).click();
    await page.getByLabel('休業日に加える日').fill('2026-08-13');
    await field(page, '休業日').getByLabel('毎年').check();
    await field(page, '休業日').getByRole('button', { name: '加える' }).click();
    await expect(closed.inputValue()).resolves.toBe('2026/12/29〜2027/1/3（年末年始）\n2026/9/1\n毎年8/13');
    await expect(field(page, '休業日').locator('.reason').isHidden()).resolves.toBe(true);
    await shot(page, '07-closed-days');
    await save(page);
    await page.getByText('1項目を保存しました。').waitFor();
    expect(cell(t, '休業日')).toBe('2026/12/29〜2027/1/3（年末年始）\n2026/9/1\n毎年8/13');
    await page.close();
  });

  test('the LINE token is checked with LINE: the account’s name, or what LINE said and nothing stored', async () => {
    const line = lineStandIn({ token: TOKEN, bot: { displayName: 'ここち堂 三軒茶屋' } });
    const t = shop([], line.handler);
    const page = await openSettings(t);
    const tokenInput = page.getByLabel('チャネルアクセストークン（長期）');

    await tokenInput.fill('abc');
    await page.getByRole('button', { name: 'LINEの設定を保存' }).click();
    await page.getByText(/LINEがこのチャネルアクセストークンを受け付けませんでした/).waitFor();
    await expect(status(page).textContent()).resolves.toContain('トークンは保存していません');
    await expect(status(page).getAttribute('class')).resolves.toContain('error');
    expect(t.services.properties.document.getProperty('tsunagu.line.token')).toBeNull();
    await expect(tokenInput.getAttribute('placeholder')).resolves.toBe('未設定');
    await shot(page, '05-token-refused');

    await tokenInput.fill(TOKEN);
    await page.getByRole('button', { name: 'LINEの設定を保存' }).click();
    await page.getByText('LINE公式アカウント『ここち堂 三軒茶屋』とつながりました。').waitFor();
    expect(t.services.properties.document.getProperty('tsunagu.line.token')).toBe(TOKEN);
    await expect(tokenInput.getAttribute('placeholder')).resolves.toBe('設定済み（変えるときだけ入力）');
    expect(await page.content()).not.toContain(TOKEN);
    await shot(page, '06-token-connected');
    await page.close();
  });
});
