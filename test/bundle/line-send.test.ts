import { lineSpec, pushBodyErrors } from '../contracts/line-openapi';
import type { FetchRequest, FetchResponse } from '../fakes';
import {
  copyForKen,
  customerSheet,
  hanakoAndKen,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  wall,
  type Tsunagu,
  lineCustomer,
} from './harness';

const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'secret-channel-token-abc';

const MONTHLY = 429.1;
const TIMEOUT = 0;

/**
 * The LINE stand-in answering pushes with the given statuses in turn (then 200), and quota calls with `remaining`
 * of 200 left (no target when not given). MONTHLY is a 429 for the monthly limit, TIMEOUT a fetch that throws.
 */
function lineApi(options: { pushStatus?: number[]; remaining?: number } = {}) {
  const statuses = [...(options.pushStatus ?? [])];
  const limited = options.remaining === undefined ? {} : { limit: 200, used: 200 - options.remaining };
  return lineStandIn({
    ...limited,
    push: () => {
      const status = statuses.shift() ?? 200;
      if (status === TIMEOUT) throw new Error('Timeout: https://api.line.me/v2/bot/message/push');
      if (status === MONTHLY)
        return { status: 429, body: '{"message":"You have reached your monthly limit."}' };
      if (status === 429) return { status, body: '{"message":"Too Many Requests"}' };
      return { status, body: status === 200 ? '{"sentMessages":[{"id":"1"}]}' : '{"message":"error"}' };
    },
  });
}

/** C3 (and `others` more customers) with an お伺い due by LINE on 2026-11-22. */
function shopWithLine(fetch: (r: FetchRequest) => FetchResponse, others = 0): Tsunagu {
  const customer = lineCustomer;

  return loadTsunagu({
    sheets: [
      customerSheet([
        customer('C3', '高橋 花子', LINE_ID),
        ...Array.from({ length: others }, (_, i) =>
          customer(`D${i}`, `客 ${i}`, `U${String(i).padStart(32, 'a')}`),
        ),
      ]),
      settingsSheet(SHOP_SETTINGS),
    ],
    today: '2026-11-22',
    documentProperties: { 'tsunagu.line.token': TOKEN },
    fetch,
  });
}

/** Prepares the お伺い as LINE drafts and ticks 承認 on every row as the owner would. */
function approve(t: Tsunagu): void {
  t.call('runDailyFollowUps');
  const sheet = t.services.spreadsheet.getSheetByName('LINE送信');
  const header = (t.values('LINE送信') ?? [])[0];
  const rows = (t.values('LINE送信') ?? []).length - 1;
  for (let row = 2; row <= rows + 1; row++) sheet?.getRange(row, header.indexOf('承認') + 1).setValue(true);
}

/** Sets a cell of the first LINE送信 row, as an interrupted run or the owner would have left it. */
function setOutbox(t: Tsunagu, header: string, value: unknown): void {
  const columns = (t.values('LINE送信') ?? [])[0];
  t.services.spreadsheet
    .getSheetByName('LINE送信')
    ?.getRange(2, columns.indexOf(header) + 1)
    .setValue(value as string);
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
    expect(pushBodyErrors(lineSpec('messaging-api.yml'), JSON.parse(push.payload ?? ''))).toEqual([]);
    expect(JSON.parse(push.payload ?? '')).toEqual({
      to: LINE_ID,
      messages: [{ type: 'text', text: expect.stringContaining('高橋様、') }],
    });
    expect(outbox(t)).toMatchObject({ 状態: '送信済' });
    expect(logRow(t)).toMatchObject({ 状態: '送信済' });
    t.call('sendApprovedLine');
    expect(api.pushes).toHaveLength(1);
    // The token never reaches a cell.
    expect(JSON.stringify(t.services.spreadsheet.toData())).not.toContain(TOKEN);
  });

  describe('連絡履歴 follows LINE送信 (a run stopped between a push and its row), read only when the sends changed', () => {
    const C3_KEY = 'C3|S1|お伺い|2026-11-20';
    const D0_KEY = 'D0|S1|お伺い|2026-11-20';
    const logReads = (t: Tsunagu, day: string, hour: number) => {
      const reads: string[] = [];
      t.services.calls.onCall = (_service, method, target) => {
        if (target?.sheet === '連絡履歴' && method === 'Range.getValues') reads.push(target.a1);
      };
      t.at(day, hour);
      t.call('runScheduled', {});
      t.services.calls.onCall = undefined;
      return reads;
    };
    const setOutboxOf = (t: Tsunagu, key: string, header: string, value: unknown) => {
      const values = t.values('LINE送信') ?? [];
      const row = values.findIndex((r) => r.includes(key)) + 1;
      t.services.spreadsheet
        .getSheetByName('LINE送信')
        ?.getRange(row, values[0].indexOf(header) + 1)
        .setValue(value as string);
    };
    const setLogState = (t: Tsunagu, key: string, state: string) => {
      const values = t.values('連絡履歴') ?? [];
      const row = values.findIndex((r) => r.includes(key)) + 1;
      t.services.spreadsheet
        .getSheetByName('連絡履歴')
        ?.getRange(row, values[0].indexOf('状態') + 1)
        .setValue(state);
    };
    const stateOf = (t: Tsunagu, key: string) =>
      t.records('連絡履歴').find((r) => r['キー'] === key)?.['状態'];

    test('after a send, the next hour reads 連絡履歴 once; the hours after it read nothing', () => {
      const t = shopWithLine(lineApi().handler, 3);
      approve(t);
      t.at('2026-11-22', 10);
      expect(t.call('sendApprovedLine')).toMatchObject({ sent: 4 });
      expect(logReads(t, '2026-11-22', 11).length).toBeGreaterThan(0);
      expect(logReads(t, '2026-11-22', 12)).toEqual([]);
      expect(logReads(t, '2026-11-22', 15)).toEqual([]);
      expect(t.records('連絡履歴').filter((r) => r['状態'] === '送信済')).toHaveLength(4);
    });

    test('a send 連絡履歴 does not show is confirmed the next hour, after the others were', () => {
      const t = shopWithLine(lineApi().handler, 1);
      t.call('runDailyFollowUps');
      setOutboxOf(t, C3_KEY, '承認', true);
      t.at('2026-11-22', 10);
      t.call('sendApprovedLine');
      logReads(t, '2026-11-22', 11);
      // A 送信日時 later than now (typed, or read in another time zone) changes nothing below.
      setOutboxOf(t, C3_KEY, '送信日時', new Date(wall('2026-11-22', 19)));
      logReads(t, '2026-11-22', 12);
      // D0 goes out at 13:00, and its 連絡履歴 row is left as a run stopped after the push would leave it.
      setOutboxOf(t, D0_KEY, '承認', true);
      t.at('2026-11-22', 13);
      t.call('sendApprovedLine');
      setLogState(t, D0_KEY, '承認済');
      expect(logReads(t, '2026-11-22', 14).length).toBeGreaterThan(0);
      expect(stateOf(t, D0_KEY)).toBe('送信済');
    });

    test('a row copied for another customer is confirmed on that customer’s row, never the original’s', () => {
      const t = hanakoAndKen(lineApi().handler);
      t.call('runDailyFollowUps');
      // The owner copies C3's message for C4 and approves the copy only: C3's own stays 承認待ち.
      copyForKen(t);
      t.at('2026-11-22', 10);
      expect(t.call('sendApprovedLine')).toMatchObject({ sent: 1 });
      const copied = () => t.records('連絡履歴').find((r) => r['顧客ID'] === 'C4');
      expect(copied()).toMatchObject({ 状態: '送信済' });
      // As a run stopped after the push would leave it.
      setLogState(t, String(copied()?.['キー']), '準備中');
      logReads(t, '2026-11-22', 11);
      expect(copied()).toMatchObject({ 状態: '送信済' });
      expect(stateOf(t, C3_KEY)).toBe('承認待ち');
    });

    test('a 要確認 row the owner settles as 送信済 (as its note asks) brings 連絡履歴 along', () => {
      const api = lineApi();
      const t = shopWithLine(api.handler, 1);
      t.call('runDailyFollowUps');
      // C3 was pushed at 11-22 10:00 by a run stopped before marking it; D0 is approved too.
      setOutboxOf(t, C3_KEY, '承認', true);
      setOutboxOf(t, C3_KEY, '状態', '送信中');
      setOutboxOf(t, C3_KEY, '送信日時', new Date(wall('2026-11-22', 10)));
      setOutboxOf(t, D0_KEY, '承認', true);
      t.at('2026-11-23', 10, 30);
      t.call('sendApprovedLine');
      expect(t.records('LINE送信').find((r) => r['キー'] === C3_KEY)).toMatchObject({ 状態: '要確認' });
      logReads(t, '2026-11-23', 11);
      expect(logReads(t, '2026-11-23', 12)).toEqual([]);
      // The owner checks LINE's manager: it went out.
      setOutboxOf(t, C3_KEY, '状態', '送信済');
      expect(logReads(t, '2026-11-23', 13).length).toBeGreaterThan(0);
      expect(stateOf(t, C3_KEY)).toBe('送信済');
      expect(api.pushes.filter((p) => p.payload?.includes(LINE_ID))).toHaveLength(0);
    });
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
    // One message left when the day was prepared, none by the time the batch goes (sent from the LINE app).
    let remaining = 1;
    const api = lineStandIn({
      get limit() {
        return 200;
      },
      get used() {
        return 200 - remaining;
      },
    });
    const t = shopWithLine(api.handler);
    approve(t);
    remaining = 0;
    t.at('2026-11-22', 10);
    expect(t.call<{ message: string }>('sendApprovedLine').message).toContain('今月のLINEの残りは0通');
    expect(api.pushes).toHaveLength(0);
  });

  test.each([
    ['409: LINE had already accepted this retry key', [409], '送信済', 1, 'LINEを1件送りました'],
    ['500 then 200: retried once with the same retry key', [500, 200], '送信済', 2, 'LINEを1件送りました'],
    [
      'timeout then 200: retried once with the same retry key',
      [TIMEOUT, 200],
      '送信済',
      2,
      'LINEを1件送りました',
    ],
    [
      'three timeouts: left approved for the next hour',
      [TIMEOUT, TIMEOUT, TIMEOUT],
      '承認済',
      3,
      'しばらくしてから',
    ],
    ['429 monthly limit: left approved until next month', [MONTHLY], '承認済', 1, '来月1日'],
    ['429 too many requests: left approved for a few minutes', [429], '承認済', 1, '数分おいて'],
    ['403: left approved, with what to check', [403], '承認済', 1, 'LINE Developers'],
  ])('%s', (_, statuses, state, pushCount, said) => {
    const api = lineApi({ pushStatus: statuses });
    const t = shopWithLine(api.handler);
    approve(t);
    t.at('2026-11-22', 10);
    expect(t.call<{ message: string }>('sendApprovedLine').message).toContain(said);
    expect(api.pushes).toHaveLength(pushCount);
    expect(new Set(api.pushes.map((p) => p.headers['X-Line-Retry-Key'])).size).toBe(1);
    expect(outbox(t)).toMatchObject({ 状態: state });
    expect(logRow(t)?.['状態']).toBe(state === '送信済' ? '送信済' : '承認済');
    if (state === '承認済') {
      expect(outbox(t)['備考']).toContain(said);
      expect(outbox(t)['送信日時']).toBe('');
    }
    for (const body of api.pushes.map((p) => p.payload)) expect(body).toBe(api.pushes[0].payload);
  });

  test('a rate limit stops the batch: the rows not tried stay approved, with no send time', () => {
    const api = lineApi({ pushStatus: [200, 429] });
    const t = shopWithLine(api.handler, 2);
    approve(t);
    t.at('2026-11-22', 10);
    const result = t.call<{ sent: number; waiting: number; message: string }>('sendApprovedLine');
    expect(result).toMatchObject({ sent: 1, waiting: 2 });
    expect(result.message).toContain('LINEを1件送ったところで止めました');
    expect(api.pushes).toHaveLength(2);
    const rows = t.records('LINE送信');
    expect(rows.map((r) => r['状態'])).toEqual(['送信済', '承認済', '承認済']);
    expect(rows.slice(1).map((r) => r['送信日時'])).toEqual(['', '']);
    // An hour later the two go out, each once.
    t.at('2026-11-22', 11);
    expect(t.call<{ sent: number }>('sendApprovedLine').sent).toBe(2);
    expect(api.pushes.map((p) => JSON.parse(p.payload ?? '').to)).toEqual([
      LINE_ID,
      expect.any(String),
      expect.any(String),
      expect.any(String),
    ]);
    expect(new Set(api.pushes.slice(1).map((p) => p.headers['X-Line-Retry-Key'])).size).toBe(2);
  });

  test('a row an interrupted run left 送信中 is pushed again with the same key while LINE remembers it', () => {
    const api = lineApi({ pushStatus: [409] });
    const t = shopWithLine(api.handler);
    approve(t);
    t.at('2026-11-22', 10);
    setOutbox(t, '状態', '送信中');
    setOutbox(t, '送信日時', new Date(wall('2026-11-22', 9, 30)));
    expect(t.call<{ sent: number }>('sendApprovedLine').sent).toBe(1);
    expect(outbox(t)).toMatchObject({ 状態: '送信済' });
  });

  test('after 24 hours an unconfirmed send is never pushed again blindly: 要確認, for the owner to check', () => {
    const api = lineApi();
    const t = shopWithLine(api.handler);
    approve(t);
    t.at('2026-11-23', 10);
    setOutbox(t, '状態', '送信中');
    setOutbox(t, '送信日時', new Date(wall('2026-11-22', 9, 30)));
    expect(t.call<{ sent: number }>('sendApprovedLine').sent).toBe(0);
    expect(api.pushes).toHaveLength(0);
    expect(outbox(t)).toMatchObject({
      状態: '要確認',
      備考: expect.stringContaining('LINEの管理画面で確認'),
    });
  });

  test('without a channel access token it says where to enter one', () => {
    const t = loadTsunagu({ sheets: [customerSheet([])], today: '2026-11-22' });
    t.services.spreadsheet.insertSheet('LINE送信');
    expect(t.call<{ message: string }>('sendApprovedLine').message).toContain('LINE');
  });
});
