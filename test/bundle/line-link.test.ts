/**
 * Linking customers to LINE (issue 16 item 5; contract section 2, LINE友だち and LINE連携) through the bundle: the
 * webhook with the payload shapes of LINE's own SDK tests, the 連携コード on letters, the sidebar's suggestions with
 * つなぐ / 違う, and the planner using LINE友だち's 顧客ID (and stopping LINE on a conflict).
 */
import { lineSpec } from '../contracts/line-openapi';
import type { CellValue } from '../fakes';
import {
  customerSheet,
  CUSTOMER_HEADER,
  dateCell,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

const SECRET = 'w'.repeat(48);
/** When LINE last delivered an event (a friend's follow) to the webhook in these shops (2026-11-15). */
const DELIVERED_AT = Date.UTC(2026, 10, 15);
/** The user id of line/line-bot-sdk-python tests/text/webhook.json. */
const SDK_USER = 'U206d25c2ea6bd87c17655609a1c37cb8';
const OTHER = `U${'9f8e7d6c'.repeat(4)}`;
const webhookSpec = lineSpec('webhook.yml');
const HEADER = [...CUSTOMER_HEADER, 'ふりがな'];

/**
 * The first event of line/line-bot-sdk-python tests/text/webhook.json (a text message in a 1:1 chat), with the
 * fields today's webhook.yml requires that the older fixture lacks (mode, webhookEventId, deliveryContext,
 * quoteToken) and the text the test needs.
 */
function sdkTextMessage(text: string, timestamp = 1462629479859): Record<string, unknown> {
  return {
    replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
    type: 'message',
    mode: 'active',
    timestamp,
    source: { type: 'user', userId: SDK_USER },
    webhookEventId: `01HMSG${timestamp}`,
    deliveryContext: { isRedelivery: false },
    message: { id: '325708', type: 'text', text, quoteToken: 'q3Plxr4AgKd' },
  };
}

/** The follow event of the same fixture (seventh), likewise completed. */
function sdkFollow(timestamp = 1462629479859, userId = SDK_USER): Record<string, unknown> {
  return {
    replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
    type: 'follow',
    mode: 'active',
    timestamp,
    source: { type: 'user', userId },
    webhookEventId: `01HFOLLOW${timestamp}${userId.slice(-2)}`,
    deliveryContext: { isRedelivery: false },
    follow: { isUnblocked: false },
  };
}

/** A callback body checked against LINE's webhook.yml before it is posted. */
function callback(events: Record<string, unknown>[]): string {
  // The fixture's destination 「U123」 is shorter than today's webhook.yml allows: a bot's user id as LINE sends it.
  const body = { destination: `U${'f'.repeat(32)}`, events };
  const errors = webhookSpec.validate('CallbackRequest', body);
  for (const e of events) {
    const sub = webhookSpec.subtype('Event', e as { type: string });
    errors.push(...(sub ? webhookSpec.validate(sub, e) : [`no event schema for ${String(e.type)}`]));
  }
  expect(errors).toEqual([]);
  return JSON.stringify(body);
}

const post = (t: Tsunagu, contents: string) =>
  JSON.parse(
    (
      t.call('doPost', { parameter: { secret: SECRET }, postData: { contents } }) as {
        getContent(): string;
      }
    ).getContent(),
  ) as { status: string; events: number };

/** 青木 花子: her お伺い (second 整体 visit on 11-20) is due on 11-22; reachable by letter, and by LINE once linked. */
const AOKI: Record<string, CellValue> = {
  顧客ID: 'C7',
  氏名: '青木 花子',
  ふりがな: 'アオキ ハナコ',
  電話: '090-1234-5678',
  郵便番号: '154-0004',
  住所: '東京都世田谷区太子堂2-1-1',
  最終来店日: dateCell('2026-11-20'),
  来店回数: 2,
  カテゴリ: '整体',
  購入商品: '骨盤調整60分',
};

function shop(
  options: {
    friends?: CellValue[][];
    customers?: Record<string, CellValue>[];
    line?: boolean;
    fetch?: Parameters<typeof loadTsunagu>[0]['fetch'];
    /** Whether LINE has ever delivered an event to the webhook (a friend's follow); yes unless said. */
    delivered?: boolean;
    scriptProperties?: Record<string, string>;
    documentProperties?: Record<string, string>;
  } = {},
): Tsunagu {
  return loadTsunagu({
    sheets: [
      customerSheet(options.customers ?? [AOKI], HEADER),
      settingsSheet(SHOP_SETTINGS),
      ...(options.friends ? [{ name: 'LINE友だち', values: options.friends }] : []),
    ],
    today: '2026-11-22',
    hour: 10,
    documentProperties: {
      ...(options.line === false ? {} : { 'tsunagu.line.token': 'token' }),
      ...options.documentProperties,
    },
    scriptProperties: options.scriptProperties ?? {
      'tsunagu.webhookSecret': SECRET,
      ...(options.delivered === false
        ? {}
        : {
            'tsunagu.webhookLastDelivery': String(DELIVERED_AT),
            'tsunagu.webhookLastEvent': String(DELIVERED_AT),
          }),
    },
    // LINE answers GET /v2/bot/info with the account's LINE ID (@123abcde), which invitations name.
    fetch: options.fetch ?? lineStandIn().handler,
  });
}

const FRIENDS_HEADER = [
  'ユーザーID',
  '表示名',
  '状態',
  '日付',
  '顧客ID',
  '届いた電話番号',
  '届いた連携コード',
];
const friendRow = (userId: string, name: string, customerId = ''): CellValue[] => [
  userId,
  name,
  'フォロー中',
  dateCell('2026-11-01'),
  customerId,
  '',
  '',
];

const codeOf = (t: Tsunagu, customerId: string) =>
  String(t.records('LINE連携').find((r) => r['顧客ID'] === customerId)?.['連携コード'] ?? '');
const friend = (t: Tsunagu, userId = SDK_USER) =>
  t.records('LINE友だち').find((r) => r['ユーザーID'] === userId);
const everything = (t: Tsunagu) =>
  JSON.stringify([t.services.properties.script.toRecord(), t.services.spreadsheet.toData()]);

describe('the webhook keeps only a phone number or a 連携コード from a message (LINE SDK payload shapes)', () => {
  test('a follow gives the friend a row whose 顧客ID is left for the owner', () => {
    const t = shop();
    expect(post(t, callback([sdkFollow()]))).toEqual({ status: 'ok', events: 1 });
    t.call('runDailyFollowUps');
    expect(friend(t)).toMatchObject({
      状態: 'フォロー中',
      顧客ID: '',
      届いた電話番号: '',
      届いた連携コード: '',
    });
  });

  test('a message with a phone number: the number is recorded on the friend’s row, the text nowhere', () => {
    const t = shop();
    post(t, callback([sdkFollow(1462629470000)]));
    post(t, callback([sdkTextMessage('青木です。電話番号は０９０－１２３４－５６７８です')]));
    const queuedText = JSON.stringify(t.services.properties.script.toRecord());
    expect(queuedText).toContain('09012345678');
    expect(queuedText).not.toContain('青木です');
    t.call('runDailyFollowUps');
    expect(String(friend(t)?.['届いた電話番号'])).toBe('09012345678');
    expect(friend(t)?.['状態']).toBe('フォロー中');
    expect(everything(t)).not.toContain('青木です');
  });

  test('a message with the customer’s 連携コード: recorded, and the sidebar suggests that customer as certain', () => {
    // The friend's 表示名 (asked of LINE by the hourly run) is her name.
    const t = shop({ friends: [FRIENDS_HEADER, friendRow(SDK_USER, 'あおき はなこ')] });
    t.call('runDailyFollowUps'); // LINE is set up: C7 gets a 連携コード
    const code = codeOf(t, 'C7');
    // No vowels (nor 0/O/1/I): a code on a letter spells no word.
    expect(code).toMatch(/^[2-9B-DF-HJ-NP-TV-Z]{4}-[2-9B-DF-HJ-NP-TV-Z]{2}$/);
    post(t, callback([sdkFollow(1462629470000), sdkTextMessage(`連携コード ${code.toLowerCase()} です`)]));
    const view = t.call<{ suggestions: Record<string, unknown>[] }>('getLineLinks');
    expect(friend(t)?.['届いた連携コード']).toBe(code);
    expect(view.suggestions).toEqual([
      expect.objectContaining({
        userId: SDK_USER,
        customerId: 'C7',
        certain: true,
        why: `LINEで連携コード「${code}」が届きました`,
      }),
    ]);
  });

  test.each([
    [
      'another name (a family member’s LINE)',
      'けん',
      '表示名がお客様のお名前と違います。ご本人のLINEか確かめてください',
    ],
    ['no name yet (LINE not asked)', '', 'LINEの表示名がまだわかりません。ご本人のLINEか確かめてください'],
  ])('the code from a friend with %s: suggested, not certain, with a caution', (_, name, caution) => {
    const t = shop({ friends: [FRIENDS_HEADER, friendRow(SDK_USER, name)] });
    t.call('runDailyFollowUps');
    const code = codeOf(t, 'C7');
    post(t, callback([sdkTextMessage(`連携コード ${code}`)]));
    const view = t.call<{ suggestions: Record<string, unknown>[] }>('getLineLinks');
    expect(view.suggestions.map((s) => [s.customerId, s.certain, s.caution])).toEqual([
      ['C7', false, caution],
    ]);
  });

  test.each([
    ['the SDK fixture’s own text', 'Hello, world'],
    ['a word that only looks like a code', 'THANKS'],
    ['a long number', '予約番号 1234567890123'],
  ])('a message with other text (%s) records nothing', (_, text) => {
    const t = shop();
    post(t, callback([sdkTextMessage(text)]));
    t.call('runDailyFollowUps');
    expect(t.records('LINE友だち')).toEqual([]);
    expect(everything(t)).not.toContain(text);
  });

  test('a message in a group or room is not the customer’s to link (the SDK fixture’s group message)', () => {
    const t = shop();
    const group = {
      ...sdkTextMessage('090-1234-5678'),
      source: { type: 'group', groupId: 'Ca56f94637cc4347f90a25382909b24b9', userId: SDK_USER },
    };
    post(t, callback([group]));
    t.call('runDailyFollowUps');
    expect(t.values('LINE友だち')).toBeUndefined();
  });
});

describe('LINE友だち’s 顧客ID column', () => {
  const tags = (t: Tsunagu) =>
    t.services.spreadsheet
      .getSheetByName('LINE友だち')
      ?.createDeveloperMetadataFinder()
      .withKey('tsunagu.column')
      .find()
      .map((m) => m.getValue());
  const older = [
    ['ユーザーID', '表示名', '状態', '日付', 'メモ'],
    [SDK_USER, 'はなこ', 'フォロー中', dateCell('2026-11-01'), '常連さんの娘さん'],
  ];

  test.each(['runDailyFollowUps', 'setupWorkbook'])(
    '%s adds the missing columns after the owner’s, tagged, and writes no cell below them',
    (entry) => {
      const t = shop({ friends: older });
      t.call(entry);
      const values = t.values('LINE友だち') ?? [];
      expect(values[0]).toEqual([...older[0], '顧客ID', '届いた電話番号', '届いた連携コード']);
      expect(values[1]).toEqual(older[1]);
      expect(tags(t)).toEqual(['顧客ID', '届いた電話番号', '届いた連携コード']);
    },
  );
});

describe('連携コード on letters', () => {
  const letterOf = (t: Tsunagu) =>
    String(t.records('連絡履歴').find((r) => r['チャネル'] === '手紙')?.['内容'] ?? '');

  test('a customer not on LINE gets one sentence with their code before the closing, and the code stays', () => {
    const t = shop();
    t.call('runDailyFollowUps');
    const code = codeOf(t, 'C7');
    expect(letterOf(t)).toContain(
      `LINEアプリで「@123abcde」を検索して当店を友だちに追加し、「連携コード ${code}」とお送りください。`,
    );
    t.call('runDailyFollowUps');
    expect(t.records('LINE連携')).toHaveLength(1);
    expect(codeOf(t, 'C7')).toBe(code);
  });

  test('no sentence while LINE cannot say which account to add (its LINE ID), and no code made', () => {
    const t = shop({ fetch: () => ({ status: 500, body: '{}' }) });
    t.call('runDailyFollowUps');
    expect(letterOf(t)).toContain('拝啓');
    expect(letterOf(t)).not.toContain('連携コード');
    expect(t.values('LINE連携')).toBeUndefined();
  });

  test('a copy whose webhook was already hearing follows before the last-event mark existed keeps inviting', () => {
    // The earlier version recorded deliveries only; LINE友だち's rows came from real follows.
    const t = shop({
      friends: [FRIENDS_HEADER, friendRow(OTHER, 'けん')],
      scriptProperties: {
        'tsunagu.webhookSecret': SECRET,
        'tsunagu.webhookLastDelivery': String(DELIVERED_AT),
      },
    });
    t.call('runDailyFollowUps');
    expect(t.records('LINE連携')).toHaveLength(1);
    expect(t.services.properties.script.getProperty('tsunagu.webhookLastEvent')).toBe(String(DELIVERED_AT));
  });

  test('a delivery mark with no LINE友だち row (only 検証 ever came) is not taken for a real event', () => {
    const t = shop({
      scriptProperties: {
        'tsunagu.webhookSecret': SECRET,
        'tsunagu.webhookLastDelivery': String(DELIVERED_AT),
      },
    });
    t.call('runDailyFollowUps');
    expect(t.values('LINE連携')).toBeUndefined();
  });

  test('no sentence while LINE has never delivered an event (web app not deployed, Webhook off), and no code made', () => {
    const t = shop({ delivered: false });
    t.call('runDailyFollowUps');
    expect(letterOf(t)).toContain('拝啓');
    expect(letterOf(t)).not.toContain('連携コード');
    expect(t.values('LINE連携')).toBeUndefined();
    // LINE's 検証 button (a request with no events) arrives — it does so with 「Webhookの利用」 off too: still none.
    post(t, callback([]));
    t.call('runDailyFollowUps');
    expect(t.values('LINE連携')).toBeUndefined();
    // The owner adds the shop as a friend from their own phone: a real event, so LINE's switch is on.
    post(t, callback([sdkFollow(1462629470000, OTHER)]));
    t.call('runDailyFollowUps');
    expect(t.records('LINE連携')).toHaveLength(1);
  });

  test('a new webhook URL forgets what reached the old one: no new code until LINE delivers an event to it', () => {
    const t = shop({ customers: [AOKI, { ...AOKI, 顧客ID: 'C8', 氏名: '青木 太郎' }] });
    expect(
      t.call('createWebhookUrl', 'https://script.google.com/macros/s/AKfycbx-fake-deployment-id/exec'),
    ).toMatchObject({ ok: true });
    const script = t.services.properties.script.toRecord();
    expect(script['tsunagu.webhookLastDelivery']).toBeUndefined();
    expect(script['tsunagu.webhookLastEvent']).toBeUndefined();
    t.call('runDailyFollowUps');
    expect(t.values('LINE連携')).toBeUndefined();
    expect(letterOf(t)).not.toContain('連携コード');
  });

  test('no sentence while the shop has no LINE, and no LINE連携 sheet', () => {
    const t = shop({ line: false });
    t.call('runDailyFollowUps');
    expect(letterOf(t)).not.toContain('連携コード');
    expect(t.values('LINE連携')).toBeUndefined();
  });

  test('no sentence for a customer already linked through LINE友だち, and no code made for them', () => {
    const t = shop({ friends: [FRIENDS_HEADER, friendRow(SDK_USER, 'はなこ', 'C7')] });
    t.call('runDailyFollowUps');
    expect(letterOf(t)).toContain('拝啓');
    expect(letterOf(t)).not.toContain('連携コード');
    expect(t.values('LINE連携')).toBeUndefined();
  });

  test('the card in the sidebar shows the code', () => {
    const t = shop({ customers: [{ ...AOKI, メモ: '' }] });
    t.call('runDailyFollowUps');
    const view = t.call<{ groups: { items: { lineCode?: string }[] }[] }>('getTodayFollowUps');
    expect(view.groups.flatMap((g) => g.items).map((i) => i.lineCode)).toEqual([codeOf(t, 'C7')]);
  });

  test('only the daily run makes codes: opening the sidebar before it writes no LINE連携 row', () => {
    const t = shop({ customers: [{ ...AOKI, メモ: '' }] });
    t.call('getTodayFollowUps');
    t.call('getLineLinks');
    expect(t.values('LINE連携')).toBeUndefined();
    t.call('runDailyFollowUps');
    expect(t.records('LINE連携')).toHaveLength(1);
  });
});

describe('suggestions in the sidebar: つなぐ and 違う', () => {
  test('表示名 against ふりがな; つなぐ writes only that friend’s 顧客ID, and the next plan uses LINE', () => {
    // No address: before the link nothing can reach her.
    const t = shop({
      customers: [{ ...AOKI, 郵便番号: '', 住所: '' }],
      friends: [FRIENDS_HEADER, friendRow(OTHER, 'けん'), friendRow(SDK_USER, 'あおき はなこ')],
    });
    t.call('runDailyFollowUps');
    expect(t.records('顧客')[0]['次回チャネル']).toBe('');
    const before = t.values('顧客');
    const view = t.call<{ suggestions: Record<string, unknown>[] }>('getLineLinks');
    expect(view.suggestions).toEqual([
      expect.objectContaining({
        userId: SDK_USER,
        customerId: 'C7',
        certain: false,
        why: 'LINEの表示名「あおき はなこ」がふりがな「アオキ ハナコ」と同じです',
      }),
    ]);
    // The owner sorts LINE友だち meanwhile: the row is found again by user id.
    const sheet = t.services.spreadsheet.getSheetByName('LINE友だち');
    sheet?.getRange(2, 1, 2, 7).setValues([friendRow(SDK_USER, 'あおき はなこ'), friendRow(OTHER, 'けん')]);
    const reply = t.call<{ ok: boolean; message: string }>('linkLineFriend', {
      userId: SDK_USER,
      customerId: 'C7',
    });
    expect(reply).toEqual({
      ok: true,
      message: expect.stringContaining('青木 花子様をLINEの友だちとつなぎました'),
    });
    expect(friend(t)?.['顧客ID']).toBe('C7');
    expect(friend(t, OTHER)?.['顧客ID']).toBe('');
    expect(t.values('顧客')).toEqual(before);
    expect(t.call<{ suggestions: unknown[] }>('getLineLinks').suggestions).toEqual([]);
    t.call('runDailyFollowUps');
    expect(t.records('顧客')[0]['次回チャネル']).toBe('LINE');
    expect(t.records('顧客')[0]['LINEユーザーID']).toBe('');
  });

  test('つなぐ does not overwrite a 顧客ID the owner typed meanwhile', () => {
    const t = shop({ friends: [FRIENDS_HEADER, friendRow(SDK_USER, 'あおき はなこ')] });
    t.call('getLineLinks');
    t.services.spreadsheet.getSheetByName('LINE友だち')?.getRange('E2').setValue('C9');
    const reply = t.call<{ ok: boolean; message: string }>('linkLineFriend', {
      userId: SDK_USER,
      customerId: 'C7',
    });
    expect(reply.ok).toBe(false);
    expect(reply.message).toContain('すでに顧客ID「C9」');
    expect(friend(t)?.['顧客ID']).toBe('C9');
  });

  test('違う hides that pair for good', () => {
    const t = shop({ friends: [FRIENDS_HEADER, friendRow(SDK_USER, '青木花子')] });
    expect(t.call<{ suggestions: unknown[] }>('getLineLinks').suggestions).toHaveLength(1);
    expect(t.call<{ ok: boolean }>('dismissLineLink', { userId: SDK_USER, customerId: 'C7' }).ok).toBe(true);
    expect(t.call<{ suggestions: unknown[] }>('getLineLinks').suggestions).toEqual([]);
    expect(friend(t)?.['顧客ID']).toBe('');
  });

  test('the owner’s own LINE (オーナーのLINEユーザーID), added to finish the setup, is neither suggested nor counted', () => {
    const owner = `U${'a'.repeat(32)}`;
    const t = shop({ friends: [FRIENDS_HEADER, friendRow(owner, '青木花子'), friendRow(SDK_USER, 'けん')] });
    const before = t.call<{ suggestions: unknown[]; unlinked: number }>('getLineLinks');
    expect([before.suggestions.length, before.unlinked]).toEqual([1, 2]);
    t.services.properties.document.setProperty('tsunagu.line.ownerUserId', owner);
    expect(t.call<{ suggestions: unknown[]; unlinked: number }>('getLineLinks')).toEqual({
      suggestions: [],
      unlinked: 1,
    });
  });

  test('a request that names no friend is refused with what to do', () => {
    const t = shop({ friends: [FRIENDS_HEADER] });
    expect(t.call('linkLineFriend', { userId: 'x', customerId: 'C7' })).toEqual({
      ok: false,
      message: 'つなぐ相手がわかりませんでした。「再読み込み」を押してください。',
    });
  });
});

describe('conflicts stop LINE for those customers', () => {
  test('顧客’s LINEユーザーID and a LINE友だち link disagree: 要確認 says so, the contact goes by letter', () => {
    const t = shop({
      customers: [{ ...AOKI, LINEユーザーID: OTHER }],
      friends: [FRIENDS_HEADER, friendRow(SDK_USER, 'はなこ', 'C7'), friendRow(OTHER, 'けん')],
    });
    t.call('runDailyFollowUps');
    const row = t.records('顧客')[0];
    expect(row['次回チャネル']).not.toBe('LINE');
    expect(String(row['要確認'])).toContain(
      'LINEのつながりが食い違っています：顧客シートのLINEユーザーIDは友だち「けん」、「LINE友だち」でこの顧客IDが入っているのは友だち「はなこ」です',
    );
    expect(t.records('連絡履歴').map((r) => r['チャネル'])).toEqual(['手紙']);
  });

  test('one friend linked to two customers: neither is planned by LINE', () => {
    const t = shop({
      customers: [AOKI, { ...AOKI, 顧客ID: 'C8', 氏名: '青木 次郎', ふりがな: '' }],
      friends: [
        FRIENDS_HEADER,
        friendRow(SDK_USER, 'はなこ', 'C7'),
        [...friendRow(SDK_USER, 'はなこ', 'C8')],
      ],
    });
    t.call('runDailyFollowUps');
    for (const row of t.records('顧客')) {
      expect(row['次回チャネル']).not.toBe('LINE');
      expect(String(row['要確認'])).toContain('LINEのつながりが食い違っています');
    }
  });
});

describe('a LINE友だち link at the moment of sending', () => {
  /** 青木 花子 reached by LINE only through LINE友だち; her お伺い prepared by LINE and approved. */
  function approved() {
    const line = lineStandIn();
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...AOKI, 郵便番号: '', 住所: '' }], HEADER),
        settingsSheet(SHOP_SETTINGS),
        { name: 'LINE友だち', values: [FRIENDS_HEADER, friendRow(SDK_USER, 'はなこ', 'C7')] },
      ],
      today: '2026-11-22',
      documentProperties: { 'tsunagu.line.token': 'token' },
      scriptProperties: { 'tsunagu.webhookSecret': SECRET },
      fetch: line.handler,
    });
    t.call('runDailyFollowUps');
    const header = (t.values('LINE送信') ?? [])[0];
    expect(t.records('LINE送信')).toEqual([
      expect.objectContaining({ 顧客ID: 'C7', LINEユーザーID: SDK_USER }),
    ]);
    t.services.spreadsheet
      .getSheetByName('LINE送信')
      ?.getRange(2, header.indexOf('承認') + 1)
      .setValue(true);
    t.at('2026-11-22', 10);
    return { t, line };
  }

  test('the linked friend receives it', () => {
    const { t, line } = approved();
    expect(t.call('sendApprovedLine')).toMatchObject({ sent: 1 });
    expect(line.to()).toEqual([SDK_USER]);
  });

  test('LINE友だち is read once for the send (consent and blocks together)', () => {
    const { t } = approved();
    const reads: string[] = [];
    t.services.calls.onCall = (_service, method, target) => {
      if (method === 'Range.getValues' && target?.sheet === 'LINE友だち') reads.push(target.a1);
    };
    t.call('sendApprovedLine');
    t.services.calls.onCall = undefined;
    expect(reads).toHaveLength(1);
  });

  test('a conflict made since withdraws it, saying what disagrees', () => {
    const { t, line } = approved();
    const sheet = t.services.spreadsheet.getSheetByName('LINE友だち');
    sheet?.getRange(3, 1, 1, 7).setValues([friendRow(OTHER, 'けん', 'C7')]);
    t.call('sendApprovedLine');
    expect(line.to()).toEqual([]);
    expect(t.records('LINE送信')[0]).toMatchObject({
      状態: '承認待ち',
      備考: expect.stringContaining('LINEのつながりが食い違っています'),
    });
  });
});

describe('the customer who sends their 連携コード hears back once (review 4)', () => {
  const replyBodies = (line: ReturnType<typeof lineStandIn>) =>
    line.replies.map((r) => JSON.parse(r.payload ?? '{}') as Record<string, unknown>);

  function invited() {
    const line = lineStandIn();
    const t = shop({ fetch: line.handler });
    t.call('runDailyFollowUps'); // C7 gets a 連携コード; the webhook learns the codes and the token
    return { t, line, code: codeOf(t, 'C7') };
  }

  test('a message with a 連携コード the shop made: one reply, with LINE’s reply API, as LINE specifies it', () => {
    const { t, line, code } = invited();
    post(t, callback([sdkTextMessage(`連携コード ${code}`)]));
    expect(line.replies).toHaveLength(1);
    expect(line.replies[0].url).toBe('https://api.line.me/v2/bot/message/reply');
    expect(line.replies[0].headers['Authorization']).toBe('Bearer token');
    const [body] = replyBodies(line);
    expect(lineSpec('messaging-api.yml').validate('ReplyMessageRequest', body)).toEqual([]);
    expect(body).toEqual({
      replyToken: 'nHuyWiB7yP5Zw52FIkcQobQuGDXCTA',
      messages: [
        {
          type: 'text',
          text: 'ありがとうございます。連携コードを受け付けました。当店で確認いたします。',
        },
      ],
    });
    // Nothing is pushed (a push would count against the month's messages).
    expect(line.pushes).toEqual([]);
  });

  test.each([
    ['other text', 'Hello, world'],
    ['a phone number', '電話番号は090-1234-5678です'],
    ['a code the shop never made', '連携コード ZZZZ-ZZ'],
  ])('no reply to %s', (_, text) => {
    const { t, line } = invited();
    post(t, callback([sdkTextMessage(text)]));
    expect(line.replies).toEqual([]);
  });

  test('no reply once LINE is turned off (the token gone), and no token kept for the webhook', () => {
    const { t, line, code } = invited();
    t.services.properties.document.deleteProperty('tsunagu.line.token');
    t.call('runDailyFollowUps');
    expect(JSON.stringify(t.services.properties.script.toRecord())).not.toContain('token');
    post(t, callback([sdkTextMessage(`連携コード ${code}`)]));
    expect(line.replies).toEqual([]);
  });
});

describe('the reply promises only what happens (second review)', () => {
  function invited() {
    const line = lineStandIn();
    const t = shop({ fetch: line.handler });
    t.call('runDailyFollowUps');
    return { t, line, code: codeOf(t, 'C7') };
  }
  const queuedKeys = (t: Tsunagu) =>
    Object.keys(t.services.properties.script.toRecord()).filter((k) => k.startsWith('tsunagu.webhookEvent.'));

  test('a full queue drops the message: no reply, nothing stored for it', () => {
    const { t, line, code } = invited();
    t.services.properties.script.setProperties(
      Object.fromEntries(
        Array.from({ length: 1001 }, (_, i) => [
          `tsunagu.webhookEvent.old${i}.follow`,
          JSON.stringify([OTHER, 1, i, i]),
        ]),
      ),
    );
    post(t, callback([sdkTextMessage(`連携コード ${code}`)]));
    expect(queuedKeys(t).filter((k) => !k.includes('.old'))).toEqual([]);
    expect(line.replies).toEqual([]);
  });

  test('a queue write Apps Script refuses (the 500 KB store full): no reply', () => {
    const { t, line, code } = invited();
    const script = t.services.properties.script;
    // Padding up to a few bytes short of the store's limit (the fakes' PROPERTY_STORE_MAX_BYTES).
    let room = 500 * 1024 - script.bytes() - 40;
    for (let i = 0; room > 0; i++) {
      const key = `pad.${i}`;
      const value = 'x'.repeat(Math.max(1, Math.min(9000, room - key.length)));
      script.setProperty(key, value);
      room -= key.length + value.length;
    }
    expect(() => post(t, callback([sdkTextMessage(`連携コード ${code}`)]))).toThrow(/property storage quota/);
    expect(queuedKeys(t)).toEqual([]);
    expect(line.replies).toEqual([]);
  });

  test('a customer who since put LINE in 配信停止: the webhook no longer knows the code, and says nothing', () => {
    const line = lineStandIn();
    const customers = [AOKI, { ...AOKI, 顧客ID: 'C8', 氏名: '青木 太郎', ふりがな: 'アオキ タロウ' }];
    const t = shop({ fetch: line.handler, customers });
    t.call('runDailyFollowUps');
    const [hanako, taro] = [codeOf(t, 'C7'), codeOf(t, 'C8')];
    expect(hanako).not.toBe('');
    // 青木 花子 asks the shop not to use LINE: the owner writes it in 配信停止.
    const sheet = t.services.spreadsheet.getSheetByName('顧客');
    const header = sheet?.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0] ?? [];
    sheet?.getRange(2, header.indexOf('配信停止') + 1).setValue('LINE');
    t.call('runDailyFollowUps');
    const shared = JSON.stringify(t.services.properties.script.toRecord());
    expect(shared).not.toContain(hanako.replace('-', ''));
    expect(shared).toContain(taro.replace('-', ''));
    post(t, callback([sdkTextMessage(`連携コード ${hanako}`)]));
    expect(line.replies).toEqual([]);
    post(t, callback([sdkTextMessage(`連携コード ${taro}`, 1462629479999)]));
    expect(line.replies).toHaveLength(1);
  });
});

describe('the webhook’s copy of the token (second review)', () => {
  const COPY = 'tsunagu.webhookLineToken';
  const script = (t: Tsunagu) => t.services.properties.script.toRecord();

  test('without a webhook secret the daily run keeps no copy, and deletes one left behind', () => {
    const t = shop({ scriptProperties: { [COPY]: 'token' } });
    t.call('runDailyFollowUps');
    expect(script(t)[COPY]).toBeUndefined();
    expect(JSON.stringify(script(t))).not.toContain('token');
  });

  test('saving a new token in 設定 updates the copy at once; with no token left it is deleted', () => {
    const line = lineStandIn();
    const t = shop({ fetch: line.handler });
    t.call('runDailyFollowUps');
    expect(script(t)[COPY]).toBe('token');
    const NEW = 'n'.repeat(40);
    expect(t.call('saveLineSettings', { token: NEW })).toMatchObject({ ok: true });
    expect(script(t)[COPY]).toBe(NEW);
    // The token removed (in the Apps Script editor's プロジェクトの設定): the next save in 設定 removes the copy.
    t.services.properties.document.deleteProperty('tsunagu.line.token');
    t.call('saveLineSettings', {});
    expect(script(t)[COPY]).toBeUndefined();
  });

  test('saving a token before any webhook URL is made keeps no copy', () => {
    const t = shop({ line: false, scriptProperties: {} });
    expect(t.call('saveLineSettings', { token: 'n'.repeat(40) })).toMatchObject({ ok: true });
    expect(script(t)[COPY]).toBeUndefined();
  });
});

describe('a number several customers share (review 1)', () => {
  const TARO: Record<string, CellValue> = {
    ...AOKI,
    顧客ID: 'C8',
    氏名: '青木 太郎',
    ふりがな: 'アオキ タロウ',
    電話: '03-5432-9876',
  };
  const HANAKO = { ...AOKI, 電話: '0354329876' };

  test('both are suggested, neither as certain, with what to check; つなぐ says nothing of the other', () => {
    const t = shop({ customers: [TARO, HANAKO] });
    post(t, callback([sdkFollow(1462629470000), sdkTextMessage('青木です。03-5432-9876 です')]));
    const view = t.call<{ suggestions: Record<string, unknown>[] }>('getLineLinks');
    expect(view.suggestions.map((s) => [s.customerId, s.certain, s.caution])).toEqual([
      ['C8', false, '同じ電話番号のお客様が複数います。どなたのLINEか確かめてください'],
      ['C7', false, '同じ電話番号のお客様が複数います。どなたのLINEか確かめてください'],
    ]);
  });
});

describe('customers who declined LINE (review 2)', () => {
  test.each(['LINE', 'すべて'])(
    '配信停止 %s: not suggested; linked by hand, LINE is not promised',
    (optOut) => {
      const t = shop({
        customers: [{ ...AOKI, 配信停止: optOut }],
        friends: [FRIENDS_HEADER, friendRow(SDK_USER, 'あおき はなこ')],
      });
      expect(t.call<{ suggestions: unknown[] }>('getLineLinks').suggestions).toEqual([]);
      const reply = t.call<{ ok: boolean; message: string }>('linkLineFriend', {
        userId: SDK_USER,
        customerId: 'C7',
      });
      expect(reply).toEqual({
        ok: true,
        message:
          '青木 花子様をLINEの友だちとつなぎました。配信停止にLINEが入っているため、LINEではご連絡しません。',
      });
    },
  );
});

describe('opening the sidebar writes nothing (review 3)', () => {
  test('getTodayFollowUps and getLineLinks write no cell, column or tag to an older LINE友だち', () => {
    const older = [
      ['ユーザーID', '表示名', '状態', '日付'],
      [SDK_USER, 'あおき はなこ', 'フォロー中', dateCell('2026-11-01')],
    ];
    const t = shop({ friends: older });
    const writes: string[] = [];
    t.services.calls.onCall = (_service, method, target) => {
      // (An install with no 連絡履歴 yet gets one on any read: not LINE's, and not this test's matter.)
      if (
        /^(Range|Sheet)\.(set|insert|append|add|delete|clear)/.test(method) &&
        target?.sheet === 'LINE友だち'
      )
        writes.push(`${method} ${target.a1 ?? ''}`);
    };
    t.call('getTodayFollowUps');
    t.call('getLineLinks');
    t.services.calls.onCall = undefined;
    expect(writes).toEqual([]);
    expect(t.values('LINE友だち')).toEqual(older);
    const tags = t.services.spreadsheet.getSheetByName('LINE友だち')?.createDeveloperMetadataFinder().find();
    expect(tags).toEqual([]);
  });
});

describe('a LINE友だち 顧客ID that names no customer (review 5)', () => {
  test('the run summary and the sidebar say which, and what to do', () => {
    const t = shop({ friends: [FRIENDS_HEADER, friendRow(SDK_USER, 'はなこ', 'C77')] });
    const summary = t.call<string>('runDailyFollowUps');
    const said =
      '「LINE友だち」の顧客ID「C77」に当たるお客様が、顧客シートにいません。顧客IDの書き間違いなら直し、もういないお客様なら「LINE友だち」のその顧客IDを消してください';
    expect(JSON.stringify(summary)).toContain(said);
    const view = t.call<{ problems: string[] }>('getTodayFollowUps');
    expect(view.problems.join('\n')).toContain(said);
  });
});
