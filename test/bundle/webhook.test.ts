import { lineSpec } from '../contracts/line-openapi';
import type { FetchRequest, FetchResponse } from '../fakes';
import { customerSheet, dateCell, loadTsunagu, type Tsunagu } from './harness';

const SECRET = 'w'.repeat(48);
const USER = `U${'1a2b3c4d'.repeat(4)}`;
const webhookSpec = lineSpec('webhook.yml');

function event(type: 'follow' | 'unfollow', timestamp: number) {
  const base = {
    type,
    mode: 'active',
    timestamp,
    source: { type: 'user', userId: USER },
    webhookEventId: `01H${timestamp}`,
    deliveryContext: { isRedelivery: false },
  };
  return type === 'follow' ? { ...base, replyToken: 'r', follow: { isUnblocked: false } } : base;
}

/** A body exactly as LINE would send it: checked against webhook.yml before it is posted. */
function callback(events: ReturnType<typeof event>[]): string {
  const body = { destination: `U${'f'.repeat(32)}`, events };
  const errors = webhookSpec.validate('CallbackRequest', body);
  for (const e of events) {
    const sub = webhookSpec.subtype('Event', e);
    errors.push(...(sub ? webhookSpec.validate(sub, e) : [`no event schema for ${e.type}`]));
  }
  expect(errors).toEqual([]);
  return JSON.stringify(body);
}

function shop(): Tsunagu {
  const profileApi = (request: FetchRequest): FetchResponse =>
    request.url.endsWith(`/v2/bot/profile/${USER}`)
      ? { status: 200, body: JSON.stringify({ displayName: 'はなこ', userId: USER }) }
      : { status: 404, body: '{}' };
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
    ],
    today: '2026-11-22',
    documentProperties: { 'tsunagu.webhookSecret': SECRET, 'tsunagu.line.token': 'token' },
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
  );

describe('doPost: the LINE webhook', () => {
  test('a follow adds the user to LINE友だち with the display name from the profile API', () => {
    const t = shop();
    expect(post(t, callback([event('follow', Date.UTC(2026, 10, 21, 1))]))).toEqual({
      status: 'ok',
      events: 1,
    });
    expect(t.records('LINE友だち')).toEqual([
      { ユーザーID: USER, 表示名: 'はなこ', 状態: 'フォロー中', 日付: new Date(Date.UTC(2026, 10, 21, 1)) },
    ]);
  });

  test('an unfollow marks the same row ブロック, and the next plan uses no LINE for that customer', () => {
    const t = shop();
    post(t, callback([event('follow', Date.UTC(2026, 10, 20))]));
    post(t, callback([event('unfollow', Date.UTC(2026, 10, 21))]));
    expect(t.records('LINE友だち')).toEqual([
      expect.objectContaining({ ユーザーID: USER, 表示名: 'はなこ', 状態: 'ブロック' }),
    ]);
    t.call('runDailyFollowUps');
    const row = t.records('顧客')[0];
    expect(row['次回チャネル']).not.toBe('LINE');
    expect(String(row['要確認'])).toContain('LINEはブロック中か宛先不明');
  });

  test('rejects a missing or wrong secret and a malformed body, writing nothing and echoing nothing', () => {
    const t = shop();
    const body = callback([event('follow', 1)]);
    expect(post(t, body, null)).toEqual({ status: 'rejected', events: 0 });
    expect(post(t, body, 'x'.repeat(48))).toEqual({ status: 'rejected', events: 0 });
    expect(post(t, '<script>alert(1)</script>')).toEqual({ status: 'rejected', events: 0 });
    expect(post(t, '{"events":"no"}')).toEqual({ status: 'rejected', events: 0 });
    expect(t.values('LINE友だち')).toBeUndefined();
  });

  test("answers LINE's verification request (no events) with ok", () => {
    expect(post(shop(), callback([]))).toEqual({ status: 'ok', events: 0 });
  });
});
