/**
 * The LINE webhook as Apps Script really runs it: doPost is a web app request (no open document, so no document
 * lock and no document properties), it never waits for the script lock and touches no sheet; it queues each
 * follow / unfollow in the script properties, and the next run or sidebar action applies the queue to LINE友だち.
 */
import { lineSpec } from '../contracts/line-openapi';
import type { FetchRequest, FetchResponse } from '../fakes';
import { customerSheet, dateCell, loadTsunagu, type Tsunagu } from './harness';

const SECRET = 'w'.repeat(48);
const USER = `U${'1a2b3c4d'.repeat(4)}`;
const OTHER = `U${'9f8e7d6c'.repeat(4)}`;
const webhookSpec = lineSpec('webhook.yml');

type LineEvent = Record<string, unknown>;

function event(
  type: 'follow' | 'unfollow',
  timestamp: number,
  options: { userId?: string; id?: string; redelivery?: boolean } = {},
): LineEvent {
  const base = {
    type,
    mode: 'active',
    timestamp,
    source: { type: 'user', userId: options.userId ?? USER },
    webhookEventId: options.id ?? `01H${type}${timestamp}`,
    deliveryContext: { isRedelivery: options.redelivery ?? false },
  };
  return type === 'follow' ? { ...base, replyToken: 'r', follow: { isUnblocked: false } } : base;
}

/** A body exactly as LINE would send it: checked against LINE's webhook.yml before it is posted. */
function callback(events: LineEvent[]): string {
  const body = { destination: `U${'f'.repeat(32)}`, events };
  const errors = webhookSpec.validate('CallbackRequest', body);
  for (const e of events) {
    const sub = webhookSpec.subtype('Event', e as { type: string });
    errors.push(...(sub ? webhookSpec.validate(sub, e) : [`no event schema for ${String(e.type)}`]));
  }
  expect(errors).toEqual([]);
  return JSON.stringify(body);
}

const profileApi = (request: FetchRequest): FetchResponse => {
  const name = { [USER]: 'はなこ', [OTHER]: 'けん' }[request.url.split('/').pop() ?? ''];
  return name
    ? { status: 200, body: JSON.stringify({ displayName: name, userId: request.url.split('/').pop() }) }
    : { status: 404, body: '{}' };
};

function shop(extra: { friends?: unknown[][]; formulas?: Record<string, string> } = {}): Tsunagu {
  return loadTsunagu({
    sheets: [
      customerSheet([
        {
          顧客ID: 'C3',
          氏名: '高橋 花子',
          LINEユーザーID: USER,
          最終来店日: dateCell('2026-11-20'),
          来店回数: 3,
          カテゴリ: '整体',
          購入商品: 'ヘッドスパ',
        },
      ]),
      ...(extra.friends
        ? [{ name: 'LINE友だち', values: extra.friends as never, formulas: extra.formulas }]
        : []),
    ],
    today: '2026-11-22',
    hour: 10,
    documentProperties: { 'tsunagu.line.token': 'token' },
    scriptProperties: { 'tsunagu.webhookSecret': SECRET },
    fetch: profileApi,
  });
}

const post = (t: Tsunagu, contents: string, secret: string | null = SECRET) =>
  JSON.parse(
    (
      t.call('doPost', { parameter: secret ? { secret } : {}, postData: { contents } }) as {
        getContent(): string;
      }
    ).getContent(),
  ) as { status: string; events: number };

const queued = (t: Tsunagu) =>
  Object.keys(t.services.properties.script.toRecord()).filter((k) => k.startsWith('tsunagu.webhookEvent.'));

describe('doPost: a web app request that only queues', () => {
  test('answers at once while a run holds the script lock, touching no sheet and no lock', () => {
    const t = shop();
    t.services.locks.holdByOther('script');
    t.services.calls.reset();
    expect(post(t, callback([event('follow', Date.UTC(2026, 10, 21, 1))]))).toEqual({
      status: 'ok',
      events: 1,
    });
    const calls = t.services.calls.byMethod();
    expect(
      Object.keys(calls).filter((m) => m.startsWith('SpreadsheetApp') || m.startsWith('LockService')),
    ).toEqual([]);
    expect(t.values('LINE友だち')).toBeUndefined();
    expect(queued(t)).toHaveLength(1);
  });

  test('the hourly run applies the queue: a new friend gets a row with the name from the profile API', () => {
    const t = shop();
    post(t, callback([event('follow', Date.UTC(2026, 10, 21, 1))]));
    t.call('runScheduled');
    expect(t.records('LINE友だち')).toEqual([
      {
        ユーザーID: USER,
        表示名: 'はなこ',
        状態: 'フォロー中',
        日付: new Date(Date.UTC(2026, 10, 21, 1)),
        // The owner's column for linking the friend to a customer, and what a message may carry: blank.
        顧客ID: '',
        届いた電話番号: '',
        届いた連携コード: '',
      },
    ]);
    expect(queued(t)).toEqual([]);
  });

  test('a sidebar action applies it too (the name follows in the hourly run)', () => {
    const t = shop();
    post(t, callback([event('follow', Date.UTC(2026, 10, 21, 1))]));
    t.call('applyFollowUpAction', { keys: ['nothing'], action: 'skip' });
    expect(t.records('LINE友だち')).toEqual([
      expect.objectContaining({
        ユーザーID: USER,
        表示名: '',
        状態: 'フォロー中',
        日付: new Date(Date.UTC(2026, 10, 21, 1)),
      }),
    ]);
    t.call('runScheduled');
    expect(t.records('LINE友だち')[0]['表示名']).toBe('はなこ');
  });

  test('an unfollow marks the same row ブロック, and the next plan uses no LINE for that customer', () => {
    const t = shop();
    post(t, callback([event('follow', Date.UTC(2026, 10, 20))]));
    t.call('runScheduled');
    post(t, callback([event('unfollow', Date.UTC(2026, 10, 21))]));
    t.call('runDailyFollowUps');
    expect(t.records('LINE友だち')).toEqual([
      expect.objectContaining({ ユーザーID: USER, 表示名: 'はなこ', 状態: 'ブロック' }),
    ]);
    const row = t.records('顧客')[0];
    expect(row['次回チャネル']).not.toBe('LINE');
    expect(String(row['要確認'])).toContain('LINEはブロック中か宛先不明');
  });

  test('several events of one request: per user the newest by timestamp wins, new and known users alike', () => {
    const t = shop({
      friends: [
        ['ユーザーID', '表示名', '状態', '日付'],
        [OTHER, 'けん', 'フォロー中', dateCell('2026-11-01')],
      ],
    });
    post(
      t,
      callback([
        event('unfollow', Date.UTC(2026, 10, 21, 3), { userId: OTHER }),
        event('follow', Date.UTC(2026, 10, 21, 1)),
        event('unfollow', Date.UTC(2026, 10, 21, 2)),
        event('follow', Date.UTC(2026, 10, 21, 2, 30), { userId: OTHER }),
      ]),
    );
    t.call('runDailyFollowUps');
    const rows = t.records('LINE友だち');
    expect(rows.find((r) => r['ユーザーID'] === USER)).toMatchObject({ 状態: 'ブロック' });
    expect(rows.find((r) => r['ユーザーID'] === OTHER)).toMatchObject({
      表示名: 'けん',
      状態: 'ブロック',
      日付: new Date(Date.UTC(2026, 10, 21, 3)),
    });
  });

  test('a redelivered older event never overrides a newer one, and a repeated webhookEventId is harmless', () => {
    const t = shop();
    const follow = event('follow', Date.UTC(2026, 10, 20), { id: '01HFOLLOW' });
    post(t, callback([follow]));
    post(t, callback([follow]));
    expect(queued(t)).toHaveLength(1);
    post(t, callback([event('unfollow', Date.UTC(2026, 10, 21))]));
    t.call('runDailyFollowUps');
    post(t, callback([{ ...follow, deliveryContext: { isRedelivery: true } }]));
    t.call('runDailyFollowUps');
    expect(t.records('LINE友だち')).toEqual([
      expect.objectContaining({ ユーザーID: USER, 状態: 'ブロック' }),
    ]);
  });

  test('rows that did not change are not rewritten: the owner’s 顧客ID column and formulas stay', () => {
    const header = ['ユーザーID', '表示名', '状態', '日付', '顧客ID', 'メモ'];
    const t = shop({
      friends: [
        header,
        [OTHER, 'けん', 'フォロー中', dateCell('2026-11-01'), 'C9', '=LEN(A2)'],
        [USER, 'はなこ', 'フォロー中', dateCell('2026-11-01'), 'C3', '0354321234'],
      ],
      formulas: { F2: '=LEN(A2)' },
    });
    post(t, callback([event('unfollow', Date.UTC(2026, 10, 21))]));
    const writes: string[] = [];
    t.services.calls.onCall = (_service, method, target) => {
      if (method === 'Range.setValues' && target?.sheet === 'LINE友だち') writes.push(target.a1);
    };
    t.call('runDailyFollowUps');
    t.services.calls.onCall = undefined;
    // The two columns a message fills are added at the end (header cells only), then the one changed row.
    expect(writes).toEqual(['G1:H1', 'C3:D3']);
    const rows = t.values('LINE友だち') ?? [];
    expect(rows[0]).toEqual([...header, '届いた電話番号', '届いた連携コード']);
    expect(rows[1]).toEqual([OTHER, 'けん', 'フォロー中', dateCell('2026-11-01'), 'C9', expect.anything()]);
    expect(t.services.spreadsheet.sheet('LINE友だち')?.getRange('F2').getFormula()).toBe('=LEN(A2)');
    expect(rows[2]).toEqual([
      USER,
      'はなこ',
      'ブロック',
      new Date(Date.UTC(2026, 10, 21)),
      'C3',
      '0354321234',
    ]);
  });

  test.each(['0354321234', '2026/11/24', '1,000', '50%', 'TRUE', '=1+1', "'quoted"])(
    'a display name like %j reads back as written, in a new row and in a 表示名 cell the owner made plain text',
    (name) => {
      const t = shop();
      t.services.urlFetch.handler = (request: FetchRequest) =>
        request.url.endsWith(USER)
          ? { status: 200, body: JSON.stringify({ displayName: name, userId: USER }) }
          : profileApi(request);
      // A new row (appended): 表示名 is automatic there.
      post(t, callback([event('follow', Date.UTC(2026, 10, 21, 1))]));
      t.call('runScheduled');
      expect(t.records('LINE友だち')[0]['表示名']).toBe(name);
      // The owner makes 表示名 plain text; a follower whose name comes later gets it written into that cell.
      const sheet = t.services.spreadsheet.getSheetByName('LINE友だち');
      sheet?.getRange('B2:B3').setNumberFormat('@');
      t.services.urlFetch.handler = (request: FetchRequest) =>
        request.url.endsWith(OTHER)
          ? { status: 200, body: JSON.stringify({ displayName: name, userId: OTHER }) }
          : profileApi(request);
      post(t, callback([event('follow', Date.UTC(2026, 10, 21, 2), { userId: OTHER })]));
      t.call('applyFollowUpAction', { keys: ['nothing'], action: 'skip' }); // applies it without the name
      expect(t.records('LINE友だち')[1]['表示名']).toBe('');
      t.call('runScheduled');
      expect(t.records('LINE友だち').map((r) => r['表示名'])).toEqual([name, name]);
      expect(sheet?.getRange('B3').getNumberFormat()).toBe('@');
    },
  );

  test('a redelivery with the same timestamp does not undo what the owner typed in that row', () => {
    const t = shop();
    const follow = event('follow', Date.UTC(2026, 10, 20), { id: '01HFOLLOW' });
    post(t, callback([follow]));
    t.call('runDailyFollowUps');
    t.services.spreadsheet.sheet('LINE友だち')?.getRange('C2').setValue('ブロック');
    post(t, callback([{ ...follow, deliveryContext: { isRedelivery: true } }]));
    t.call('runDailyFollowUps');
    expect(t.records('LINE友だち')[0]['状態']).toBe('ブロック');
  });

  test('names are asked a few at a time within the hour’s budget, newest first, and the rest the next hour', () => {
    const users = Array.from({ length: 30 }, (_, i) => `U${String(i).padStart(32, '0')}`);
    let slow = 0;
    const t = loadTsunagu({
      sheets: [customerSheet([])],
      today: '2026-11-22',
      hour: 10,
      documentProperties: { 'tsunagu.line.token': 'token' },
      scriptProperties: { 'tsunagu.webhookSecret': SECRET },
      fetch: (request) => {
        // LINE is slow today: 20 s an answer.
        t.clock.advance(20_000);
        slow++;
        const id = request.url.split('/').pop() ?? '';
        return { status: 200, body: JSON.stringify({ displayName: `name-${id.slice(-2)}`, userId: id }) };
      },
    });
    post(t, callback(users.map((u, i) => event('follow', Date.UTC(2026, 10, 21, 0, i), { userId: u }))));
    t.call('runScheduled');
    const named = () => t.records('LINE友だち').filter((r) => r['表示名'] !== '').length;
    expect(queued(t)).toEqual([]);
    expect(slow).toBeLessThanOrEqual(20);
    expect(named()).toBe(slow);
    expect(t.records('LINE友だち').at(-1)?.['表示名']).toBe('name-29'); // newest first
    t.at('2026-11-22', 11);
    t.call('runScheduled');
    t.at('2026-11-22', 12);
    t.call('runScheduled');
    expect(named()).toBe(30);
  });

  test('the owner sorting LINE友だち while names are asked: each name lands on its own user’s row', () => {
    const t = shop({
      friends: [
        ['ユーザーID', '表示名', '状態', '日付'],
        [OTHER, '', 'フォロー中', dateCell('2026-11-01')],
      ],
    });
    post(t, callback([event('follow', Date.UTC(2026, 10, 21))]));
    let sorted = false;
    t.services.calls.onCall = (service) => {
      if (service !== 'UrlFetchApp' || sorted) return;
      sorted = true;
      // The owner sorts by 日付, newest first: USER's new row moves above OTHER's.
      const sheet = t.services.spreadsheet.sheet('LINE友だち');
      const rows = sheet?.getRange('A2:D3').getValues() ?? [];
      sheet?.getRange('A2:D3').setValues([rows[1], rows[0]]);
    };
    t.call('runScheduled');
    t.services.calls.onCall = undefined;
    const byId = new Map(t.records('LINE友だち').map((r) => [r['ユーザーID'], r['表示名']]));
    expect(sorted).toBe(true);
    expect(byId.get(USER)).toBe('はなこ');
    expect(byId.get(OTHER)).toBe('けん');
  });

  test('a full queue (no run for a long time) still takes a block, which stops LINE to that customer', () => {
    const t = shop();
    const full = Object.fromEntries(
      Array.from({ length: 1001 }, (_, i) => [
        `tsunagu.webhookEvent.old${i}.follow`,
        JSON.stringify([OTHER, 1, i, i]),
      ]),
    );
    t.services.properties.script.setProperties(full);
    post(
      t,
      callback([
        event('unfollow', Date.UTC(2026, 10, 21)),
        event('follow', Date.UTC(2026, 10, 21), { userId: `U${'7'.repeat(32)}` }),
      ]),
    );
    expect(queued(t).filter((k) => !k.includes('.old'))).toEqual([expect.stringMatching(/\.unfollow$/)]);
  });

  test('rejects a missing or wrong secret and a malformed body, queueing nothing and echoing nothing', () => {
    const t = shop();
    const body = callback([event('follow', 1)]);
    expect(post(t, body, null)).toEqual({ status: 'rejected', events: 0 });
    expect(post(t, body, 'x'.repeat(48))).toEqual({ status: 'rejected', events: 0 });
    expect(post(t, '<script>alert(1)</script>')).toEqual({ status: 'rejected', events: 0 });
    expect(post(t, '{"events":"no"}')).toEqual({ status: 'rejected', events: 0 });
    expect(queued(t)).toEqual([]);
  });

  test("answers LINE's verification request (no events) with ok, and notes that LINE reached it", () => {
    const t = shop();
    expect(post(t, callback([]))).toEqual({ status: 'ok', events: 0 });
    expect(t.services.properties.script.getProperty('tsunagu.webhookLastDelivery')).toBe(String(t.clock.now));
  });

  test('a secret made by an earlier version (document properties) is moved by the next run, same URL', () => {
    const t = shop();
    t.services.properties.script.deleteProperty('tsunagu.webhookSecret');
    t.services.properties.document.setProperty('tsunagu.webhookSecret', SECRET);
    t.call('runDailyFollowUps');
    expect(t.services.properties.document.getProperty('tsunagu.webhookSecret')).toBeNull();
    expect(post(t, callback([event('follow', 5)]))).toEqual({ status: 'ok', events: 1 });
  });
});

/**
 * The shapes LINE's own SDKs use in their webhook tests (line-bot-sdk-python tests/v3/text/webhook.json, read, not
 * copied): a follow and an unfollow of one user with the same timestamp and the same webhookEventId, group and room
 * sources, member ids that are not user ids, an event type no schema knows, redeliveries. None of it may throw;
 * the last of the follow / unfollow pair wins.
 */
describe('doPost with the payload shapes of LINE’s SDK tests', () => {
  const U = 'U206d25c2ea6bd87c17655609a1c37cb8';
  const common = { mode: 'active', timestamp: 1462629479859, webhookEventId: 'testwebhookeventid' };
  const delivered = { deliveryContext: { isRedelivery: false } };
  const sdkLike = {
    destination: 'U123',
    events: [
      { ...common, ...delivered, replyToken: 'x', type: 'message', source: { type: 'user', userId: U }, message: { id: '1', type: 'text', text: 'Hello, world', quoteToken: 'q' } },
      { ...common, ...delivered, replyToken: 'x', type: 'message', source: { type: 'room', roomId: 'Ra8dbf4673c4c812cd491258042226c99' }, message: { id: '1', type: 'text', text: 'hi' } },
      { ...common, ...delivered, replyToken: 'x', type: 'follow', source: { type: 'user', userId: U }, follow: { isUnblocked: true } },
      { ...common, ...delivered, type: 'unfollow', source: { type: 'user', userId: U } },
      { ...common, ...delivered, replyToken: 'x', type: 'join', source: { type: 'group', groupId: 'Ca56f94637cc4347f90a25382909b24b9' } },
      { ...common, ...delivered, type: 'memberLeft', source: { type: 'group', groupId: 'C4af4980629...' }, left: { members: [{ type: 'user', userId: 'U4af4980629...' }] } },
      { ...common, ...delivered, type: 'unsend', source: { type: 'group', groupId: 'Ca56f94637cc4347f90a25382909b24b9', userId: U }, unsend: { messageId: '325708' } },
      { ...common, deliveryContext: { isRedelivery: true }, type: 'undefined', source: { type: 'user', userId: U }, undefinedField: { 1: 1 } },
    ],
  }; // prettier-ignore

  test('drives doPost without error; the run records the user as ブロック', () => {
    const t = shop();
    expect(post(t, JSON.stringify(sdkLike))).toEqual({ status: 'ok', events: 8 });
    expect(queued(t)).toHaveLength(2);
    t.call('runScheduled');
    expect(t.records('LINE友だち')).toEqual([
      expect.objectContaining({ ユーザーID: U, 状態: 'ブロック', 日付: new Date(1462629479859) }),
    ]);
  });
});
