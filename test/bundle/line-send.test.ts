import type { FetchRequest, FetchResponse } from '../fakes';
import { customerSheet, dateCell, loadTsunagu, settingsSheet, SHOP_SETTINGS, type Tsunagu } from './harness';

const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'secret-channel-token-abc';

/** A stand-in for the LINE Messaging API: records pushes, answers quota calls, can be told to fail. */
function lineApi(options: { pushStatus?: number[]; remaining?: number } = {}) {
  const pushes: FetchRequest[] = [];
  const statuses = [...(options.pushStatus ?? [])];
  const handler = (request: FetchRequest): FetchResponse => {
    if (request.url.endsWith('/v2/bot/message/quota')) {
      return options.remaining === undefined
        ? { status: 200, body: '{"type":"none"}' }
        : { status: 200, body: '{"type":"limited","value":200}' };
    }
    if (request.url.endsWith('/v2/bot/message/quota/consumption')) {
      return {
        status: 200,
        body: JSON.stringify({ totalUsage: options.remaining === undefined ? 0 : 200 - options.remaining }),
      };
    }
    if (request.url.endsWith('/v2/bot/message/push')) {
      pushes.push(request);
      const status = statuses.shift() ?? 200;
      return { status, body: status === 200 ? '{"sentMessages":[{"id":"1"}]}' : '{"message":"error"}' };
    }
    return { status: 404, body: '{}' };
  };
  return { handler, pushes };
}

function shopWithLine(fetch: (r: FetchRequest) => FetchResponse): Tsunagu {
  return loadTsunagu({
    sheets: [
      customerSheet([
        {
          顧客ID: 'C3',
          氏名: '高橋 花子',
          LINEユーザーID: LINE_ID,
          最終来店日: dateCell('2026-11-20'),
          来店回数: 3,
          カテゴリ: '整体',
          購入商品: 'ヘッドスパ',
        },
      ]),
      settingsSheet(SHOP_SETTINGS),
    ],
    today: '2026-11-22',
    documentProperties: { 'tsunagu.line.token': TOKEN },
    fetch,
  });
}

/** Prepares C3's お伺い as a LINE draft and ticks 承認 as the owner would. */
function approve(t: Tsunagu): void {
  t.call('runDailyFollowUps');
  const sheet = t.services.spreadsheet.getSheetByName('LINE送信');
  const header = (t.values('LINE送信') ?? [])[0];
  sheet?.getRange(2, header.indexOf('承認') + 1).setValue(true);
}

const outbox = (t: Tsunagu) => t.records('LINE送信')[0];
const logRow = (t: Tsunagu) => t.records('連絡履歴').find((r) => r['キー'] === 'C3|S1|お伺い|2026-11-20');

describe('承認したLINEを送信', () => {
  test('pushes each approved row once with a retry key from its contact key, and records it 送信済', () => {
    const api = lineApi();
    const t = shopWithLine(api.handler);
    approve(t);
    t.at('2026-11-22', 10);
    expect(t.call('sendApprovedLine')).toMatchObject({ sent: 1, waiting: 0 });
    expect(api.pushes).toHaveLength(1);
    const push = api.pushes[0];
    expect(push.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(push.headers['X-Line-Retry-Key']).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(JSON.parse(push.payload ?? '')).toEqual({
      to: LINE_ID,
      messages: [{ type: 'text', text: expect.stringContaining('高橋 花子') }],
    });
    expect(outbox(t)).toMatchObject({ 状態: '送信済' });
    expect(logRow(t)).toMatchObject({ 状態: '送信済' });
    t.call('sendApprovedLine');
    expect(api.pushes).toHaveLength(1);
    // The token never reaches a cell.
    expect(JSON.stringify(t.services.spreadsheet.toData())).not.toContain(TOKEN);
  });

  test('waits outside 9:00–20:00, and the hourly trigger sends it once the window opens', () => {
    const api = lineApi();
    const t = shopWithLine(api.handler);
    approve(t);
    t.at('2026-11-22', 21);
    expect(t.call<{ message: string }>('sendApprovedLine').message).toContain('9時から20時');
    expect(api.pushes).toHaveLength(0);
    t.at('2026-11-23', 9, 5);
    t.call('runScheduled', {});
    expect(api.pushes).toHaveLength(1);
    expect(outbox(t)).toMatchObject({ 状態: '送信済' });
  });

  test('a 401 leaves the row approved with a message saying what to do, and stops the batch', () => {
    const api = lineApi({ pushStatus: [401] });
    const t = shopWithLine(api.handler);
    approve(t);
    t.at('2026-11-22', 10);
    const result = t.call<{ sent: number; message: string }>('sendApprovedLine');
    expect(result.sent).toBe(0);
    expect(result.message).toContain('チャネルアクセストークン');
    expect(result.message).not.toContain(TOKEN);
    expect(outbox(t)).toMatchObject({ 状態: '承認済' });
    expect(logRow(t)?.['状態']).not.toBe('送信済');
  });

  test('says how many messages are left this month after sending', () => {
    const api = lineApi({ remaining: 50 });
    const t = shopWithLine(api.handler);
    approve(t);
    t.at('2026-11-22', 10);
    expect(t.call<{ message: string }>('sendApprovedLine').message).toBe(
      'LINEを1件送りました。今月の残りは約49通です。',
    );
  });

  test("never starts a batch the month's remaining messages cannot cover", () => {
    const api = lineApi({ remaining: 0 });
    const t = shopWithLine(api.handler);
    approve(t);
    t.at('2026-11-22', 10);
    expect(t.call<{ message: string }>('sendApprovedLine').message).toContain('今月のLINEの残りは0通');
    expect(api.pushes).toHaveLength(0);
  });

  test('without a channel access token it says where to enter one', () => {
    const t = loadTsunagu({ sheets: [customerSheet([])], today: '2026-11-22' });
    t.services.spreadsheet.insertSheet('LINE送信');
    expect(t.call<{ message: string }>('sendApprovedLine').message).toContain('LINE');
  });
});
