/**
 * The screenshots of docs/guide.md (使い方ガイド), taken in real headless Chromium from the steps the guide tells the
 * owner to follow: the sidebar (dist/Sidebar.html through tools/sidebar-host.ts, calls going to dist/Code.js on the
 * fakes) and the sheets Tsunagu writes, rendered as a plain table page of Tsunagu's own data. Nothing here draws
 * Google's or LINE's screens. Each guide step is one entry of GUIDE_SHOTS: a new step (e.g. the 初期設定 wizard) is one
 * more entry, and its PNG lands in docs/images/ under the entry's name.
 */
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { handle, sidebarPage } from '../../tools/sidebar-host';
import { MENU } from '../../src/labels';
import type { CellValue, FetchHandler, FetchRequest, FetchResponse, SheetData } from '../fakes';
import {
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  dateCell,
  lineStandIn,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const IMAGES = join(__dirname, '../../docs/images');
const GUIDE = join(__dirname, '../../docs/guide.md');
const ORIGIN = 'http://sidebar.test';
const PAGE = sidebarPage(readFileSync(join(__dirname, '../../dist/Sidebar.html'), 'utf8'));
const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'channel-token-never-shown';
/** Google Sheets' sidebar is 300 px wide, and so is the sidebar's body (styles.css): the shots are what the owner sees. */
const SIDEBAR_WIDTH = 300;

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
/** The PNGs this run wrote: the guide may link only these. */
const written = new Set<string>();
const imagePath = (name: string) => {
  written.add(name);
  return join(IMAGES, `${name}.png`);
};

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install Debian's package (apt-get install chromium), as .ci/run does`,
    );
  mkdirSync(IMAGES, { recursive: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
});

afterAll(async () => {
  await browser?.close();
});

/** A small salon on 2026-11-22: one email, one LINE, one call and one letter due — the guide's example day. */
function smallShop(): SheetData[] {
  const visit = {
    最終来店日: dateCell('2026-11-20'),
    来店回数: 2,
    カテゴリ: '整体',
    購入商品: '骨盤調整60分',
  };
  return [
    customerSheet([
      { 顧客ID: 'C1', 氏名: '佐藤 美咲', メール: 'misaki@example.jp', ...visit },
      { 顧客ID: 'C2', 氏名: '鈴木 一郎', 郵便番号: '154-0004', 住所: '東京都世田谷区太子堂1-2-3', ...visit },
      { 顧客ID: 'C3', 氏名: '高橋 花子', LINEユーザーID: LINE_ID, ...visit },
      { ...C4_CALLER },
    ]),
    settingsSheet(SHOP_SETTINGS),
    logSheet([C4_INQUIRY_SENT]),
  ];
}

/** LINE's Messaging API for the shop's official account: the bot's name (GET /v2/bot/info), quota, pushes. */
function lineApi(): FetchHandler {
  const line = lineStandIn({ limit: 200, used: 12 });
  return (request: FetchRequest): FetchResponse =>
    request.url.endsWith('/v2/bot/info')
      ? {
          status: 200,
          body: JSON.stringify({ userId: 'Ubot', basicId: '@123abcde', displayName: 'ここち堂' }),
        }
      : line.handler(request);
}

function shopDay(): Tsunagu {
  return loadTsunagu({
    sheets: smallShop(),
    today: '2026-11-22',
    hour: 10,
    preparing: false,
    fetch: lineApi(),
    documentProperties: { 'tsunagu.line.token': TOKEN },
  });
}

async function openSidebar(t: Tsunagu): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: SIDEBAR_WIDTH, height: 800 }, locale: 'ja-JP' });
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

const item = (page: Page, name: string) => page.locator('li.item', { hasText: name });

/** A cell as the owner reads it in Sheets: dates as 2026/11/22 (the vm's Date is from another realm). */
function cellText(value: CellValue | undefined): string {
  if (value === undefined || value === null) return '';
  if (Object.prototype.toString.call(value) === '[object Date]') {
    const d = value as Date;
    const jst = new Date(d.getTime() + 9 * 3600 * 1000);
    return `${jst.getUTCFullYear()}/${String(jst.getUTCMonth() + 1).padStart(2, '0')}/${String(jst.getUTCDate()).padStart(2, '0')}`;
  }
  return String(value);
}

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** Rows of a sheet, keeping only the named columns (all of them when `columns` is omitted), blank rows dropped. */
function table(values: CellValue[][] | undefined, columns?: readonly string[]): string {
  const [header = [], ...rows] = values ?? [];
  const keep = header
    .map((h, i) => ({ h: String(h), i }))
    .filter(({ h }) => h !== '' && (!columns || columns.includes(h)));
  const body = rows
    .filter((row) => row.some((cell) => cellText(cell) !== ''))
    .map((row) => `<tr>${keep.map(({ i }) => `<td>${escapeHtml(cellText(row[i]))}</td>`).join('')}</tr>`)
    .join('');
  return `<table><thead><tr>${keep.map(({ h }) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}

/** A sheet's text cells in reading order (手紙 is a page layout, not a table with a header). */
function textLines(values: CellValue[][] | undefined, limit: number): string {
  const lines = (values ?? [])
    .map((row) =>
      row
        .map(cellText)
        .filter((s) => s !== '')
        .join('　'),
    )
    .filter((s) => s !== '')
    .slice(0, limit);
  return `<div class="letter">${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('')}</div>`;
}

/** A plain page of Tsunagu's data, clearly not a drawing of Google Sheets. */
function dataPage(title: string, note: string, content: string): string {
  return `<!doctype html><html lang="ja"><head><meta charset="utf-8"><style>
    body { font-family: 'Noto Sans CJK JP', sans-serif; font-size: 13px; margin: 12px; color: #222; }
    h1 { font-size: 15px; margin: 0 0 4px; }
    p.note { margin: 0 0 10px; color: #555; }
    table { border-collapse: collapse; }
    th, td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; max-width: 280px; }
    th { background: #eef3ea; }
    .letter { border: 1px solid #bbb; padding: 8px 14px; width: 560px; }
    .letter p { margin: 0 0 4px; white-space: pre-wrap; }
  </style></head><body><h1>${escapeHtml(title)}</h1><p class="note">${escapeHtml(note)}</p>${content}</body></html>`;
}

async function shootPage(name: string, html: string, width: number): Promise<void> {
  const page = await browser.newPage({ viewport: { width, height: 400 }, locale: 'ja-JP' });
  await page.setContent(html);
  await page.screenshot({ path: imagePath(name), fullPage: true });
  await page.close();
}

const shotSidebar = (page: Page, name: string) => page.screenshot({ path: imagePath(name), fullPage: true });

interface GuideShot {
  /** The step's name, and the PNG's name in docs/images/ when it takes one (the guide links `images/<name>.png`). */
  name: string;
  /** The guide's step this shows, in the owner's words. */
  step: string;
  take: () => Promise<void>;
}

/**
 * One entry per step of the guide that happens in Tsunagu, in the guide's order, most with their picture. Add a step
 * (e.g. the wizard) as one more entry.
 */
const GUIDE_SHOTS: GuideShot[] = [
  {
    name: 'today',
    step: '毎日の使い方: 今日のフォローを開く',
    take: async () => {
      const page = await openSidebar(shopDay());
      await page.getByRole('heading', { name: /メール/ }).waitFor();
      await expect(page.locator('#today h2').allTextContents()).resolves.toEqual([
        '電話1件',
        'LINE1件',
        'メール1件',
        '手紙1件',
      ]);
      await shotSidebar(page, 'today');
      await page.close();
    },
  },
  {
    name: 'today-actions',
    step: '毎日の使い方: Gmailの下書き、LINEの承認、電話の記録',
    take: async () => {
      const t = shopDay();
      const page = await openSidebar(t);
      await item(page, '佐藤 美咲').getByRole('button', { name: 'Gmail下書きを作成' }).click();
      await page.getByText('Gmailの下書き1件を準備しました。').waitFor();
      await item(page, '高橋 花子').getByRole('button', { name: '文面を見る・編集' }).click();
      await item(page, '高橋 花子').getByRole('button', { name: '承認して送信' }).waitFor();
      await expect(item(page, '高橋 花子').locator('textarea').inputValue()).resolves.toContain('高橋様、');
      await shotSidebar(page, 'today-line');
      await item(page, '高橋 花子').getByRole('button', { name: '承認して送信' }).click();
      await page.getByText(/LINEを1件送りました/).waitFor();
      await item(page, '田中 健').getByRole('button', { name: '満足' }).click();
      await page.getByText('田中 健 様への電話を「満足」で記録しました。').waitFor();
      expect(t.records('連絡履歴').filter((r) => r['状態'] === '完了' && r['結果'] === '満足')).toHaveLength(
        1,
      );
      await shotSidebar(page, 'today-actions');
      await page.close();
    },
  },
  {
    name: 'settings',
    step: '設定: サイドバーの「設定」タブ',
    take: async () => {
      const page = await openSidebar(shopDay());
      await page.getByRole('tab', { name: '設定' }).click();
      await page.getByLabel('店名').waitFor();
      await expect(page.getByLabel('店名').inputValue()).resolves.toBe('ここち堂');
      await shotSidebar(page, 'settings');
      await page.close();
    },
  },
  {
    name: 'diagnosis',
    step: '診断: 「診断する」の結果',
    take: async () => {
      const page = await openSidebar(shopDay());
      await page.getByRole('tab', { name: '設定' }).click();
      await page.getByRole('button', { name: '診断する' }).click();
      await page.getByText(/診断しました/).waitFor();
      const lines = await page.locator('.diagnosis li').allTextContents();
      expect(lines.join('\n')).toContain('タイムゾーン: Asia/Tokyo');
      expect(lines.join('\n')).toContain('ここち堂');
      // Only the diagnosis: the list of checks is what the guide explains line by line.
      await page.locator('.diagnosis').screenshot({ path: imagePath('diagnosis') });
      expect(await page.content()).not.toContain(TOKEN);
      await page.close();
    },
  },
  {
    name: 'day-steps',
    step: '毎日の使い方: 手紙に追加、スキップ（2回押す）、延期…（日付を選ぶ）',
    take: async () => {
      const t = shopDay();
      const page = await openSidebar(t);
      await item(page, '鈴木 一郎').getByRole('button', { name: '手紙に追加' }).click();
      const status = page.getByRole('status');
      await status.waitFor();
      await expect(status.innerText()).resolves.toBe('手紙1件を準備しました。');
      expect(t.records('連絡履歴').find((r) => r['顧客ID'] === 'C2')?.['状態']).toBe('印刷待ち');
      await expect(item(page, '鈴木 一郎').getByRole('button', { name: '手紙に追加' }).count()).resolves.toBe(
        0,
      );
      // スキップ: the first press only asks.
      await item(page, '佐藤 美咲').getByRole('button', { name: 'スキップ' }).click();
      expect(t.records('連絡履歴').filter((r) => r['状態'] === 'スキップ')).toHaveLength(0);
      await item(page, '佐藤 美咲').getByRole('button', { name: 'もう一度押すとスキップ' }).click();
      await page.getByText(/連絡をスキップしました/).waitFor();
      expect(
        t.records('連絡履歴').filter((r) => r['顧客ID'] === 'C1' && r['状態'] === 'スキップ'),
      ).toHaveLength(1);
      // 延期…: a date a week ahead is offered; choosing it brings the contact back on that day.
      await item(page, '高橋 花子').getByRole('button', { name: '延期…' }).click();
      await page.keyboard.press('Enter');
      await page.getByText('高橋 花子 様への連絡を2026/11/29に延期しました。').waitFor();
      expect(t.records('顧客').find((r) => r['顧客ID'] === 'C3')?.['次回連絡日']).toEqual(
        dateCell('2026-11-29'),
      );
      await page.close();
    },
  },
  {
    name: 'line-token',
    step: 'LINE をつなぐ 3: トークンを設定タブに入れて保存し、「診断する」で公式アカウントの名前を見る',
    take: async () => {
      const t = loadTsunagu({
        sheets: smallShop(),
        today: '2026-11-22',
        hour: 10,
        preparing: false,
        fetch: lineApi(),
      });
      const page = await openSidebar(t);
      await page.getByRole('tab', { name: '設定' }).click();
      await page.getByLabel('チャネルアクセストークン（長期）').fill(TOKEN);
      await page.getByRole('button', { name: 'LINEの設定を保存' }).click();
      await page.getByText('チャネルアクセストークンを保存しました。').waitFor();
      await page.getByRole('button', { name: '診断する' }).click();
      await page.getByText(/診断しました/).waitFor();
      const lineRow = await page.locator('.diagnosis li', { hasText: /^✓ LINE:/ }).innerText();
      expect(lineRow).toContain('ここち堂');
      expect(await page.content()).not.toContain(TOKEN);
      await page.close();
    },
  },
  {
    name: 'auto-run',
    step: '診断: 「自動実行をオン」を押すと、オーナーと自動実行の行が ✓ になる',
    take: async () => {
      const page = await openSidebar(shopDay());
      await page.getByRole('tab', { name: '設定' }).click();
      await page.getByRole('button', { name: '自動実行をオンにする' }).click();
      await page.getByText(/自動実行をオンにしました/).waitFor();
      await page.getByRole('button', { name: '診断する' }).click();
      await page.getByText(/診断しました/).waitFor();
      const lines = await page.locator('.diagnosis li').allTextContents();
      expect(lines.find((l) => l.includes('オーナー:'))).toMatch(/^✓/);
      expect(lines.find((l) => l.includes('自動実行:'))).toMatch(/^✓/);
      await page.close();
    },
  },
  {
    name: 'webhook',
    step: 'LINE をつなぐ: ウェブアプリのURLから Webhook URL を作る',
    take: async () => {
      const page = await openSidebar(shopDay());
      await page.getByRole('tab', { name: '設定' }).click();
      const pasted = page.getByLabel('ウェブアプリのURL（「デプロイを管理」の /exec で終わるURL）');
      await pasted.fill('https://script.google.com/macros/s/AKfycbx-example-deployment/exec');
      await page.getByRole('button', { name: 'Webhook URLを作る' }).click();
      const made = page.getByLabel('このURLをコピーしてください');
      await made.waitFor();
      expect(await made.inputValue()).toMatch(/\/exec\?secret=[0-9a-f]{64}$/);
      // The secret is the one thing the owner must see once; the guide's picture shows the field, not a real secret.
      await made.evaluate((field: { value: string }, shown: string) => {
        field.value = shown;
      }, 'https://script.google.com/macros/s/AKfycbx-example-deployment/exec?secret=（長い文字列）');
      // The whole Webhook panel: the pasted /exec URL, the button, and the URL to copy.
      await page.locator('section.panel', { has: made }).screenshot({ path: imagePath('webhook') });
      await page.close();
    },
  },
  {
    name: 'sheets',
    step: '毎日の使い方: つなぐが書く列とシート（顧客・連絡履歴・手紙）',
    take: async () => {
      const t = loadTsunagu({ sheets: smallShop(), today: '2026-11-22', hour: 10 });
      t.call('runDailyFollowUps');
      t.call('createLetterSheet');
      const customers = t.records('顧客');
      expect(customers.find((r) => r['顧客ID'] === 'C2')?.['次回チャネル']).toBe('手紙');
      const tsunaguColumns = [
        '顧客ID',
        '氏名',
        '次回連絡日',
        '次回連絡内容',
        '次回チャネル',
        '理由',
        '要確認',
      ];
      await shootPage(
        'sheet-customers',
        dataPage(
          '顧客シート（つなぐが書く列）',
          'つなぐが実行後に書いた値を表にしたものです（スプレッドシートの画面ではありません）。顧客ID・氏名はお店の列、ほかの5列はつなぐの列です。',
          table(t.values('顧客'), tsunaguColumns),
        ),
        900,
      );
      await shootPage(
        'sheet-log',
        dataPage(
          '連絡履歴シート',
          'つなぐが実行後に書いた値を表にしたものです（スプレッドシートの画面ではありません）。',
          table(t.values('連絡履歴'), [
            '日時',
            '顧客ID',
            '氏名',
            'シナリオ',
            'ステップ',
            'チャネル',
            '状態',
            '予定日',
            '結果',
            '備考',
          ]),
        ),
        1100,
      );
      const letters = t.values('手紙');
      expect(letters?.some((row) => row.some((cell) => String(cell).includes('鈴木')))).toBe(true);
      await shootPage(
        'sheet-letters',
        dataPage(
          '手紙シート（1通目の最初の部分）',
          'つなぐが書いた手紙の文字を順に並べたものです（スプレッドシートの画面ではありません）。',
          textLines(letters, 14),
        ),
        620,
      );
    },
  },
];

describe('使い方ガイドの画面写真 (docs/images)', () => {
  test.each(GUIDE_SHOTS.map((shot) => [shot.name, shot] as const))('%s', async (_name, shot) => {
    await shot.take();
  });

  test("every menu item the guide names is one of Tsunagu's menu items", () => {
    const guide = readFileSync(GUIDE, 'utf8');
    const named = [...guide.matchAll(new RegExp(`メニュー「${MENU.title}」→「([^」]+)」`, 'g'))].map(
      (m) => m[1],
    );
    expect(named.length).toBeGreaterThan(5);
    expect(named.filter((item) => !(Object.values(MENU) as string[]).includes(item))).toEqual([]);
  });

  test('the guide links only pictures this run took, and each is small', () => {
    const guide = readFileSync(GUIDE, 'utf8');
    const linked = [...guide.matchAll(/\(images\/([a-z0-9-]+)\.png\)/g)].map((m) => m[1]);
    expect(linked.length).toBeGreaterThan(0);
    expect(linked.filter((name) => !written.has(name))).toEqual([]);
    for (const name of written) expect(statSync(join(IMAGES, `${name}.png`)).size).toBeLessThan(400_000);
  });
});
