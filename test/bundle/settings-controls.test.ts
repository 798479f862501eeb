import { SCOPE, type SheetData } from '../fakes';
import { lineSpec } from '../contracts/line-openapi';
import {
  customerSheet,
  dateCell,
  LINE_BOT,
  LINE_UNAUTHORIZED,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

const TOKEN = 'a-long-channel-access-token-from-line-developers';
const OLD_TOKEN = 'the-token-that-works-today';

function shop(extra: [string, unknown][] = []): SheetData[] {
  return [
    customerSheet([
      {
        顧客ID: 'C1',
        氏名: '佐藤 美咲',
        メール: 'misaki@example.jp',
        最終来店日: dateCell('2026-11-20'),
        来店回数: 2,
      },
    ]),
    settingsSheet([...SHOP_SETTINGS, ...extra] as [string, never][]),
  ];
}

interface Item {
  item: string;
  value: string;
  control: { kind: string; options?: string[]; min?: number; max?: number };
  problem?: string;
  note?: string;
}
interface Reply {
  ok: boolean;
  message: string;
  refused?: Record<string, string>;
}
const items = (t: Tsunagu) => t.call<{ items: Item[]; timeZone: string }>('getSettingsView').items;
const itemOf = (t: Tsunagu, name: string) => items(t).find((i) => i.item === name) as Item;
const sheetOf = (t: Tsunagu) => JSON.stringify(t.services.spreadsheet.sheet('設定')?.toData());

describe('the 設定 tab’s controls, from the server', () => {
  test('every setting comes with its control; choices offer exactly what the reader accepts', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    const all = items(t);
    expect(all.every((i) => typeof i.control?.kind === 'string')).toBe(true);
    expect(itemOf(t, 'オーナー通知').control).toEqual({
      kind: 'choice',
      options: ['メール', 'LINE', 'なし'],
    });
    expect(itemOf(t, '休眠日数').control).toEqual({ kind: 'number', min: 1, max: 3650, unit: '日' });
    expect(itemOf(t, '祝日休業').control).toEqual({ kind: 'switch' });
    expect(itemOf(t, '定休日').control).toEqual({ kind: 'days' });
    expect(itemOf(t, '毎日の実行時刻').control).toEqual({ kind: 'time' });
    expect(t.call<{ timeZone: string }>('getSettingsView').timeZone).toBe('Asia/Tokyo');
  });

  test('a value already in the sheet that cannot be read is shown as written, with its problem', () => {
    const t = loadTsunagu({
      sheets: shop([
        ['休眠日数', '三か月'],
        ['定休日', '水曜（祝日の場合は翌日）'],
      ]),
      today: '2026-11-22',
    });
    expect(itemOf(t, '休眠日数')).toMatchObject({
      value: '三か月',
      problem: '「三か月」は休眠日数として読めません。1から3650までの数字で入れてください。',
    });
    expect(itemOf(t, '定休日')).toMatchObject({
      value: '水曜（祝日の場合は翌日）',
      note: expect.stringContaining('（祝日の場合は翌日）は反映していません'),
    });
    expect(itemOf(t, '定休日').problem).toBeUndefined();
    expect(itemOf(t, '店名').problem).toBeUndefined();
  });
});

describe('saveSettings refuses what the run could not read', () => {
  test.each([
    [
      'オーナー通知',
      'ライン',
      '「ライン」はオーナー通知として読めません。「メール」・「LINE」・「なし」のどれかを選んでください。',
    ],
    ['休眠日数', '三か月', '「三か月」は休眠日数として読めません。1から3650までの数字で入れてください。'],
    [
      '毎日の実行時刻',
      '朝',
      '「朝」は毎日の実行時刻として読めません。0時から23時までの時刻で入れてください（例: 8、8時、午後3時）。',
    ],
  ])(
    '%s 「%s」 is refused with the reader’s reason, and nothing of the request is written',
    (item, value, reason) => {
      const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
      const before = sheetOf(t);
      const reply = t.call<Reply>('saveSettings', { 店名: 'ここち堂 本店', [item]: value });
      expect(reply.ok).toBe(false);
      expect(reply.refused).toEqual({ [item]: reason });
      expect(reply.message).toContain(`「${item}」を読めないため、保存していません`);
      expect(reply.message).toContain(reason);
      expect(sheetOf(t)).toBe(before);
    },
  );

  test('the same values, readable, are saved; an unchanged unrepresentable 定休日 is not re-written', () => {
    // 定休日's cell computes its text by a formula: a rewrite of the same text would lose the formula.
    const sheets = shop([['定休日', '水曜（祝日の場合は翌日）']]);
    const settings = sheets.find((s) => s.name === '設定') as SheetData;
    const row = SHOP_SETTINGS.length + 2;
    settings.formulas = { [`B${row}`]: '="水曜（祝日の場合は翌日）"' };
    const t = loadTsunagu({ sheets, today: '2026-11-22' });
    const values = Object.fromEntries(items(t).map((i) => [i.item, i.value]));
    expect(values['定休日']).toBe('水曜（祝日の場合は翌日）');
    expect(t.call<Reply>('saveSettings', values)).toEqual({ ok: true, message: '変更はありません。' });
    const reply = t.call<Reply>('saveSettings', { ...values, オーナー通知: 'LINE', 休眠日数: '120' });
    expect(reply.message).toMatch(/^2項目を保存しました。/);
    const value = (item: string) => t.records('設定').find((r) => r['項目'] === item)?.['値'];
    expect([value('オーナー通知'), value('休眠日数')]).toEqual(['LINE', '120']);
    expect(t.services.spreadsheet.getSheetByName('設定')?.getRange(row, 2).getFormula()).toBe(
      '="水曜（祝日の場合は翌日）"',
    );
  });

  test('a 定休日 with a note in brackets may be saved from the form; the reply says what is not applied', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    const reply = t.call<Reply>('saveSettings', { 定休日: '毎週水曜（祝日の場合は翌日）' });
    expect(reply.refused).toBeUndefined();
    expect(reply.message).toContain('1項目を保存しました。');
    expect(reply.message).toContain('（祝日の場合は翌日）は反映していません');
  });
});

describe('the LINE token is asked of LINE before it is saved', () => {
  const load = (handler: ReturnType<typeof lineStandIn>['handler']) =>
    loadTsunagu({
      sheets: shop(),
      today: '2026-11-22',
      fetch: handler,
      documentProperties: { 'tsunagu.line.token': OLD_TOKEN },
    });
  const stored = (t: Tsunagu) => t.services.properties.document.getProperty('tsunagu.line.token');

  test('LINE knows it: the official account’s name is shown and the token saved', () => {
    const line = lineStandIn({ token: TOKEN, bot: { displayName: 'ここち堂 三軒茶屋' } });
    const t = load(line.handler);
    expect(t.call('saveLineSettings', { token: ` ${TOKEN} ` })).toEqual({
      ok: true,
      message:
        'LINE公式アカウント『ここち堂 三軒茶屋』とつながりました。チャネルアクセストークンを保存しました。',
    });
    expect(stored(t)).toBe(TOKEN);
    // The account's LINE ID, kept for the letters' LINE invitation (not a secret).
    expect(t.services.properties.document.getProperty('tsunagu.line.basicId')).toBe('@123abcde');
    const asked = t.services.urlFetch.requests.filter((r) => r.url.endsWith('/v2/bot/info'));
    expect(asked).toEqual([
      expect.objectContaining({
        url: 'https://api.line.me/v2/bot/info',
        method: 'GET',
        headers: { Authorization: `Bearer ${TOKEN}` },
      }),
    ]);
  });

  test.each([
    ['401 (a wrong or expired token)', lineStandIn({ token: TOKEN }).handler, '受け付けませんでした'],
    ['500', () => ({ status: 500, body: '{"message":"Internal server error"}' }), 'つながらず'],
    [
      'no answer',
      () => {
        throw new Error('Address unavailable: https://api.line.me/v2/bot/info');
      },
      'つながらず',
    ],
    ['429', () => ({ status: 429, body: '{"message":"Too many requests"}' }), '集中しています'],
  ])('LINE answers %s: it says so in Japanese and nothing is saved', (_case, handler, said) => {
    const t = load(handler);
    const reply = t.call<Reply>('saveLineSettings', { token: 'abc', secret: 'new-secret' });
    expect(reply.ok).toBe(false);
    expect(reply.message).toContain(said);
    // Every field typed in the form is named: none of them was saved.
    expect(reply.message).toContain(
      'チャネルアクセストークン・チャネルシークレットは、どちらも保存していません（前の値があれば、そのまま使います）。保存するときは、もう一度入力してください。',
    );
    expect(reply.message).not.toContain('保存しました');
    expect(stored(t)).toBe(OLD_TOKEN);
    expect(t.services.properties.document.getProperty('tsunagu.line.channelSecret')).toBeNull();
    const seen = JSON.stringify([reply, t.services.console.lines, t.services.spreadsheet.toData()]);
    expect(seen).not.toContain('abc');
  });

  test('a refused token names the secret and the owner’s LINE ID typed with it, and saves none of them', () => {
    const t = load(lineStandIn({ token: TOKEN }).handler);
    const owner = `U${'e'.repeat(32)}`;
    const reply = t.call<Reply>('saveLineSettings', {
      token: 'abc',
      secret: 'new-secret',
      ownerUserId: owner,
    });
    expect(reply).toEqual({
      ok: false,
      message: expect.stringMatching(
        /受け付けませんでした.*チャネルアクセストークン・チャネルシークレット・オーナーのLINEユーザーIDは、いずれも保存していません/,
      ),
    });
    const props = t.services.properties.document;
    expect(stored(t)).toBe(OLD_TOKEN);
    expect(props.getProperty('tsunagu.line.channelSecret')).toBeNull();
    expect(props.getProperty('tsunagu.line.ownerUserId')).toBeNull();
    // A token alone says the token (the message before the form had other fields).
    expect(t.call<Reply>('saveLineSettings', { token: 'abc' }).message).toMatch(
      /トークンは保存していません（前のトークンがあれば、そのまま使います）。$/,
    );
  });

  test('without the permission to reach LINE, it names the permission and saves nothing', () => {
    const t = loadTsunagu({
      sheets: shop(),
      today: '2026-11-22',
      fetch: lineStandIn({ token: TOKEN }).handler,
      withheldScopes: [SCOPE.fetch],
    });
    const reply = t.call<Reply>('saveLineSettings', { token: TOKEN });
    expect(reply.ok).toBe(false);
    expect(reply.message).toContain('「外部サービスへの接続」');
    expect(reply.message).toContain('トークンは保存していません');
    expect(stored(t)).toBeNull();
    expect(t.services.urlFetch.requests).toEqual([]);
  });

  test('a blank token keeps the stored one and asks LINE nothing', () => {
    const t = load(lineStandIn({ token: OLD_TOKEN }).handler);
    expect(t.call('saveLineSettings', { token: '', ownerUserId: `U${'f'.repeat(32)}` })).toEqual({
      ok: true,
      message: 'オーナーのLINEユーザーIDを保存しました。',
    });
    expect(t.services.urlFetch.requests).toEqual([]);
  });
});

describe('the LINE stand-in answers as LINE’s OpenAPI file says', () => {
  const spec = lineSpec('messaging-api.yml');
  const get = (handler: ReturnType<typeof lineStandIn>['handler'], token: string) =>
    handler({
      url: 'https://api.line.me/v2/bot/info',
      method: 'GET',
      headers: { Authorization: `Bearer ${token}` },
    });

  test('GET /v2/bot/info is a BotInfoResponse; a wrong token gets an ErrorResponse with 401', () => {
    const { handler } = lineStandIn({ token: TOKEN });
    const ok = get(handler, TOKEN);
    expect(ok.status).toBe(200);
    expect(spec.validate('BotInfoResponse', JSON.parse(ok.body ?? ''))).toEqual([]);
    expect(JSON.parse(ok.body ?? '')).toEqual(LINE_BOT);
    const refused = get(handler, 'abc');
    expect(refused.status).toBe(401);
    expect(spec.validate('ErrorResponse', JSON.parse(refused.body ?? ''))).toEqual([]);
    expect(JSON.parse(refused.body ?? '')).toEqual({ message: LINE_UNAUTHORIZED });
    const paths = (spec.spec as unknown as { paths: Record<string, Record<string, unknown>> }).paths;
    expect(Object.keys(paths['/v2/bot/info'])).toEqual(['get']);
  });
});
