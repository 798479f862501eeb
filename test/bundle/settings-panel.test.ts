import type { FetchRequest, SheetData } from '../fakes';
import {
  customerSheet,
  dateCell,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

const OWNER_LINE = `U${'f'.repeat(32)}`;
const TOKEN = 'a-long-channel-access-token';

function shop(settings: [string, unknown][] = SHOP_SETTINGS): SheetData[] {
  return [
    customerSheet([
      {
        顧客ID: 'C2',
        氏名: '鈴木 一郎',
        郵便番号: '154-0004',
        住所: '東京都世田谷区太子堂1-2-3',
        最終来店日: dateCell('2026-11-20'),
        来店回数: 2,
        カテゴリ: '整体',
        購入商品: '骨盤調整60分',
      },
    ]),
    settingsSheet(settings as [string, never][]),
  ];
}

interface View {
  hasSheet: boolean;
  items: { item: string; value: string }[];
  problems: string[];
  line: { tokenSet: boolean; secretSet: boolean; ownerUserId: string; webhookSet: boolean };
  autoRun: { on: boolean };
}
const view = (t: Tsunagu) => t.call<View>('getSettingsView');
const setting = (t: Tsunagu, item: string) => t.records('設定').find((r) => r['項目'] === item)?.['値'];

describe('the 設定 tab', () => {
  test('shows every setting with its current value, and of the secrets only whether they are set', () => {
    const t = loadTsunagu({
      sheets: shop(),
      today: '2026-11-22',
      documentProperties: { 'tsunagu.line.token': TOKEN, 'tsunagu.line.ownerUserId': OWNER_LINE },
    });
    const v = view(t);
    expect(v.items.find((i) => i.item === '店名')?.value).toBe('ここち堂');
    expect(v.items.map((i) => i.item)).toEqual(expect.arrayContaining(['毎日の実行時刻', 'オーナー通知']));
    expect(v.line).toEqual({ tokenSet: true, secretSet: false, ownerUserId: OWNER_LINE, webhookSet: false });
    expect(JSON.stringify(v)).not.toContain(TOKEN);
  });

  test('saving writes only what changed into 値, keeps a formula in between, and appends what the sheet lacks', () => {
    // 店舗住所 holds a formula, as a sheet does: its formula and the value it computes.
    const sheets = shop([
      ['店名', 'ここち堂'],
      ['店舗住所', '東京都世田谷区'],
      ['店舗電話', '03-5432-1234'],
    ]);
    const settings = sheets.find((s) => s.name === '設定') as SheetData;
    settings.formulas = { B3: '=CONCAT("東京都","世田谷区")' };
    const t = loadTsunagu({ sheets, today: '2026-11-22' });
    const values = Object.fromEntries(view(t).items.map((i) => [i.item, i.value]));
    const reply = t.call<{ ok: boolean; message: string }>('saveSettings', {
      ...values,
      店名: 'ここち堂 本店',
      店舗電話: '03-0000-0000',
      定休日: '水,日',
      unknown: 'ignored',
    });
    expect(reply).toEqual({ ok: true, message: '3項目を保存しました。' });
    expect(setting(t, '店名')).toBe('ここち堂 本店');
    expect(setting(t, '店舗電話')).toBe('03-0000-0000');
    expect(setting(t, '定休日')).toBe('水,日');
    expect(t.services.spreadsheet.getSheetByName('設定')?.getRange(3, 2).getFormula()).toBe(
      '=CONCAT("東京都","世田谷区")',
    );
    expect(t.records('設定').some((r) => r['項目'] === 'unknown')).toBe(false);
  });

  test('a value that cannot be read is refused with the reason, and not saved', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    const reply = t.call<{ ok: boolean; message: string }>('saveSettings', { 毎日の実行時刻: '朝' });
    expect(reply.ok).toBe(false);
    expect(reply.message).toContain('「朝」は毎日の実行時刻として読めません。');
    expect(setting(t, '毎日の実行時刻')).toBeUndefined();
  });

  test('text that looks like a formula is stored as text', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    t.call('saveSettings', { 署名: '=IMPORTXML("http://evil")' });
    const cell = t.services.spreadsheet.getSheetByName('設定')?.getRange(t.records('設定').length + 1, 2);
    expect(cell?.getFormula()).toBe('');
    expect(String(cell?.getValue())).toContain('IMPORTXML');
  });

  test('LINE secrets go to document properties only; a blank keeps them; a wrong owner id is refused', () => {
    const t = loadTsunagu({
      sheets: shop(),
      today: '2026-11-22',
      fetch: lineStandIn({ token: TOKEN }).handler,
    });
    expect(t.call('saveLineSettings', { token: ` ${TOKEN} `, secret: 's3cret', ownerUserId: '' })).toEqual({
      ok: true,
      message:
        'LINE公式アカウント『ここち堂』とつながりました。チャネルアクセストークン・チャネルシークレットを保存しました。',
    });
    const props = t.services.properties.document;
    expect(props.getProperty('tsunagu.line.token')).toBe(TOKEN);
    expect(props.getProperty('tsunagu.line.channelSecret')).toBe('s3cret');
    expect(t.call('saveLineSettings', { token: '', secret: '' })).toEqual({
      ok: true,
      message: '変更はありません。',
    });
    expect(props.getProperty('tsunagu.line.token')).toBe(TOKEN);
    expect(t.call('saveLineSettings', { ownerUserId: 'taro' })).toMatchObject({ ok: false });
    expect(t.call('saveLineSettings', { token: 'トークン' })).toMatchObject({ ok: false });
    expect(props.getProperty('tsunagu.line.token')).toBe(TOKEN);
    expect(JSON.stringify(t.services.spreadsheet.toData())).not.toContain(TOKEN);
  });

  test('テスト送信 by email goes to the owner', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    expect(t.call('sendTestNotice')).toEqual({
      ok: true,
      message: 'owner@example.com にテストメールを送りました。',
    });
    expect(t.services.exportState().gmail.sent).toEqual([
      expect.objectContaining({ to: 'owner@example.com', subject: '【つなぐ】テスト送信' }),
    ]);
  });

  test('テスト送信 by LINE pushes to the owner’s user id, and says what is missing first', () => {
    const pushes: FetchRequest[] = [];
    const sheets = shop([...SHOP_SETTINGS, ['オーナー通知', 'LINE']]);
    const t = loadTsunagu({
      sheets,
      today: '2026-11-22',
      fetch: (request) => {
        pushes.push(request);
        return { status: 200, body: '{}' };
      },
    });
    expect(t.call('sendTestNotice')).toMatchObject({
      ok: false,
      message: expect.stringContaining('トークン'),
    });
    t.call('saveLineSettings', { token: TOKEN });
    expect(t.call('sendTestNotice')).toMatchObject({
      ok: false,
      message: expect.stringContaining('ユーザーID'),
    });
    t.call('saveLineSettings', { ownerUserId: OWNER_LINE });
    expect(t.call('sendTestNotice')).toMatchObject({ ok: true });
    const sent = pushes.filter((p) => p.url.endsWith('/v2/bot/message/push'));
    expect(sent.map((p) => JSON.parse(p.payload ?? '').to)).toEqual([OWNER_LINE]);
  });

  test('自動実行 on and off from the tab: one hourly trigger, then none', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', preparing: false });
    expect(t.call('setAutoRun', true)).toMatchObject({ on: true });
    expect(t.call('setAutoRun', true)).toMatchObject({ on: true });
    expect(t.services.scriptApp.getProjectTriggers()).toHaveLength(1);
    expect(view(t).autoRun.on).toBe(true);
    expect(t.call('setAutoRun', false)).toMatchObject({ on: false });
    expect(t.services.scriptApp.getProjectTriggers()).toHaveLength(0);
  });
});

describe('the LINE webhook URL from the 設定 tab', () => {
  const EXEC = 'https://script.google.com/macros/s/AKfycbx-fake-deployment-id/exec';
  const post = (t: Tsunagu, secret: string) =>
    JSON.parse(
      (
        t.call('doPost', {
          parameter: { secret },
          postData: { contents: '{"destination":"U1","events":[]}' },
        }) as {
          getContent(): string;
        }
      ).getContent(),
    ) as { status: string };

  test('without a pasted /exec URL (or with the /dev one the editor shows) says where to find it and stores nothing', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', webAppUrl: EXEC });
    for (const pasted of [
      '',
      'https://script.google.com/macros/s/AKfycbx-fake-deployment-id/dev',
      'https://example.com/exec',
    ])
      expect(t.call('createWebhookUrl', pasted)).toMatchObject({
        ok: false,
        message: expect.stringContaining('デプロイを管理'),
      });
    expect(t.services.properties.script.getProperty('tsunagu.webhookSecret')).toBeNull();
  });

  test('makes the pasted /exec URL with a new long secret, which doPost then accepts (and the old one no more)', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', webAppUrl: EXEC });
    expect(view(t).line.webhookSet).toBe(false);
    const first = t.call<{ ok: boolean; url: string }>('createWebhookUrl', EXEC);
    const secret = new URL(first.url).searchParams.get('secret') ?? '';
    expect(first.url.startsWith(`${EXEC}?secret=`)).toBe(true);
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    expect(post(t, secret).status).toBe('ok');
    expect(view(t).line.webhookSet).toBe(true);
    expect(JSON.stringify(view(t))).not.toContain(secret);
    const second = t.call<{ url: string }>('createWebhookUrl', EXEC);
    expect(post(t, secret).status).toBe('rejected');
    expect(post(t, new URL(second.url).searchParams.get('secret') ?? '').status).toBe('ok');
  });

  test('a Google Workspace URL (/a/macros/<domain>/…) is rewritten to the form LINE can reach, and the owner told', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', webAppUrl: EXEC });
    const reply = t.call<{ ok: boolean; url: string; message: string }>(
      'createWebhookUrl',
      'https://script.google.com/a/macros/kokochido.jp/s/AKfycbx-fake-deployment-id/exec',
    );
    expect(
      reply.url.startsWith('https://script.google.com/macros/s/AKfycbx-fake-deployment-id/exec?secret='),
    ).toBe(true);
    expect(reply.message).toContain('/macros/s/…/exec');
  });
});

describe('手紙を作成', () => {
  test('lays out today’s due letters even while previewing, once', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', preparing: false });
    const message = t.call<string>('createLetterSheet');
    expect(message).toBe(
      '手紙1件を準備しました。「手紙」シートに1通あります。印刷したら「手紙を印刷済みにする」を押してください。',
    );
    expect(t.records('連絡履歴').map((r) => r['状態'])).toEqual(['印刷待ち']);
    expect(JSON.stringify(t.values('手紙'))).toContain('鈴木 一郎 様');
    expect(t.call<string>('createLetterSheet')).toBe(
      '「手紙」シートに1通あります。印刷したら「手紙を印刷済みにする」を押してください。',
    );
    expect(t.records('連絡履歴')).toHaveLength(1);
  });
});
