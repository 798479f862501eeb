import {
  type LineConfig,
  type PushResult,
  lineConfig,
  profile,
  pushText,
  quota,
  retryKeyFor,
} from '../../src/channels/line-api';
import { FakeClock, type FakeServices, type FetchRequest, type FetchResponse } from '../fakes';
import { installGlobals } from '../fakes/globals';
import { lineSpec, pushBodyErrors } from '../contracts/line-openapi';

const TOKEN = 'chan-token-4f9c2e7aXYZ+/=';
const USER = 'U4af4980629e5f2c4d6e1b3a7c9d8e0f1';
const CONFIG: LineConfig = { baseUrl: 'https://api.line.me', token: TOKEN };
const KEY = 'C0001|postPurchase|inquiry|2024-03-01';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

// --- the fakes, installed as the Apps Script globals the module reads

let services: FakeServices;
let answer: (request: FetchRequest) => FetchResponse;
let restore: (() => void) | undefined;

function install(properties: { document?: Record<string, string>; script?: Record<string, string> } = {}) {
  restore?.();
  ({ services, restore } = installGlobals({
    spreadsheet: { id: 'ss', name: 'つなぐテスト', timeZone: 'Asia/Tokyo', sheets: [] },
    clock: new FakeClock('2024-04-01T00:00:00Z'),
    fetch: (request) => answer(request),
    properties,
  }));
}

beforeEach(() => {
  answer = () => json(200, { sentMessages: [{ id: '461230966842064897', quoteToken: 'q' }] });
  install({ document: { 'tsunagu.line.token': TOKEN } });
});

afterEach(() => {
  restore?.();
  restore = undefined;
});

function json(status: number, body: unknown): FetchResponse {
  return { status, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
}

/** Answers in turn; the last one repeats. A thrown Error stands for a timeout. */
function answers(...replies: (FetchResponse | Error)[]): void {
  let i = 0;
  answer = () => {
    const reply = replies[Math.min(i++, replies.length - 1)];
    if (reply instanceof Error) throw reply;
    return reply;
  };
}

function push(text = 'ご購入ありがとうございました。その後いかがですか？'): PushResult {
  return pushText(CONFIG, { to: USER, text, retryKey: retryKeyFor(KEY) });
}

function requests(): FetchRequest[] {
  return services.urlFetch.requests;
}

function logged(): string[] {
  return services.console.messages();
}

function expectNoToken(...values: unknown[]): void {
  for (const text of [...values.map((v) => JSON.stringify(v)), ...logged()])
    expect(text).not.toContain(TOKEN);
}

// --- configuration

describe('lineConfig', () => {
  test('null until the owner has entered a channel access token', () => {
    install();
    expect(lineConfig()).toBeNull();
    install({ document: { 'tsunagu.line.token': '  ' } });
    expect(lineConfig()).toBeNull();
  });

  test('token from document properties, LINE’s own host by default', () => {
    expect(lineConfig()).toEqual({ baseUrl: 'https://api.line.me', token: TOKEN });
  });

  test('a base URL in script properties (a stub server) is used without its trailing slash', () => {
    install({
      document: { 'tsunagu.line.token': TOKEN },
      script: { 'tsunagu.line.baseUrl': 'http://localhost:8080/' },
    });
    expect(lineConfig()).toEqual({ baseUrl: 'http://localhost:8080', token: TOKEN });
  });
});

// --- retry keys

describe('retryKeyFor', () => {
  test('is a v5-layout UUID, lower case', () => {
    expect(retryKeyFor(KEY)).toMatch(UUID);
    expect(retryKeyFor('')).toMatch(UUID);
    expect(retryKeyFor('顧客 ID|キャンセル|ご連絡|2024-04-01 10:00')).toMatch(UUID);
  });

  test('the same contact key gives the same UUID, across runs and releases', () => {
    expect(retryKeyFor(KEY)).toBe(retryKeyFor(KEY));
    install();
    // Pinned: a new value after a deploy would let LINE send a retried message twice.
    expect(retryKeyFor(KEY)).toBe('2fb6c692-7965-5d40-9535-7039355a7f28');
  });

  test('different contact keys give different UUIDs', () => {
    const keys = [
      KEY,
      `${KEY} `,
      'C0001|postPurchase|inquiry|2024-03-02',
      'C0002|postPurchase|inquiry|2024-03-01',
    ];
    expect(new Set(keys.map((k) => retryKeyFor(k))).size).toBe(keys.length);
  });

  test('the recipient is part of the key: a copy of the contact for another LINE user gets its own UUID', () => {
    const other = `U${'f'.repeat(32)}`;
    expect(retryKeyFor(KEY, USER)).toMatch(UUID);
    expect(retryKeyFor(KEY, USER)).toBe(retryKeyFor(KEY, USER));
    expect(new Set([retryKeyFor(KEY), retryKeyFor(KEY, USER), retryKeyFor(KEY, other)]).size).toBe(3);
    // Pinned like the contact key's own: a new value after a deploy would let LINE send a retried message twice.
    install();
    expect(retryKeyFor(KEY, USER)).toBe('a780267d-0dfd-5fc0-9ce7-690223efc121');
  });
});

// --- push

describe('pushText', () => {
  test('sends one text message with the token and the retry key', () => {
    expect(push()).toEqual({ kind: 'sent' });
    expect(requests()).toHaveLength(1);
    const [request] = requests();
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://api.line.me/v2/bot/message/push');
    expect(request.headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expect(request.headers['Content-Type']).toMatch(/^application\/json\b/);
    expect(request.contentType).toMatch(/^application\/json\b/);
    expect(request.headers['X-Line-Retry-Key']).toBe(retryKeyFor(KEY));
    expect(JSON.parse(request.payload ?? '')).toEqual({
      to: USER,
      messages: [{ type: 'text', text: 'ご購入ありがとうございました。その後いかがですか？' }],
    });
  });

  test('409: the retry key was already accepted, so the message went out: treat as sent', () => {
    answers(json(409, { message: 'The retry key is already accepted' }));
    expect(push()).toEqual({ kind: 'alreadyAccepted' });
    expect(requests()).toHaveLength(1);
  });

  test('500 then 200: sent after one retry with the same retry key, after a 1 s wait', () => {
    answers(json(500, { message: 'An error occurred in the server' }), json(200, { sentMessages: [] }));
    const before = services.clock.now;
    expect(push()).toEqual({ kind: 'sent' });
    expect(requests()).toHaveLength(2);
    expect(requests()[1].headers['X-Line-Retry-Key']).toBe(requests()[0].headers['X-Line-Retry-Key']);
    expect(requests()[1].payload).toBe(requests()[0].payload);
    expect(services.clock.now - before).toBe(1000);
  });

  test('500 then 409: LINE had accepted the first attempt after all', () => {
    answers(json(500, {}), json(409, { message: 'The retry key is already accepted' }));
    expect(push()).toEqual({ kind: 'alreadyAccepted' });
  });

  test('three 503s: retryLater after three attempts, waiting 1 s then 2 s', () => {
    answers(json(503, { message: 'Service Unavailable' }));
    const before = services.clock.now;
    const result = push();
    expect(result).toMatchObject({ kind: 'retryLater', status: 503 });
    expect(requests()).toHaveLength(3);
    expect(new Set(requests().map((r) => r.headers['X-Line-Retry-Key'])).size).toBe(1);
    expect(services.clock.now - before).toBe(3000);
    expect(services.calls.count('Utilities', 'sleep')).toBe(2);
    expect(message(result)).toMatch(/しばらくしてから.*もう一度/);
  });

  test('a timeout is retried like a 5xx', () => {
    answers(new Error('Timeout: https://api.line.me/v2/bot/message/push'), json(200, { sentMessages: [] }));
    expect(push()).toEqual({ kind: 'sent' });
    expect(requests()).toHaveLength(2);
    expect(services.clock.now - Date.parse('2024-04-01T00:00:00Z')).toBe(1000);
  });

  test('timeouts every time: retryLater with status 0 and no error text', () => {
    answers(new Error(`Address unavailable: https://api.line.me/v2/bot/message/push`));
    const result = push();
    expect(result).toMatchObject({ kind: 'retryLater', status: 0 });
    expect(message(result)).not.toContain('Address unavailable');
    expect(requests()).toHaveLength(3);
  });

  test('429 with the monthly-limit message: monthlyLimit, not retried', () => {
    answers(json(429, { message: 'You have reached your monthly limit.' }));
    const result = push();
    expect(result).toMatchObject({ kind: 'monthlyLimit', status: 429 });
    expect(message(result)).toContain('今月');
    expect(requests()).toHaveLength(1);
  });

  test('429 for too many requests: rateLimited, not retried here', () => {
    answers(json(429, { message: 'Too Many Requests' }));
    const result = push();
    expect(result).toMatchObject({ kind: 'rateLimited', status: 429 });
    expect(message(result)).toContain('数分おいて');
    expect(requests()).toHaveLength(1);
  });

  test('400: badRequest summarizes LINE’s message without echoing the recipient or the text', () => {
    const text = '山田様、先日はありがとうございました。';
    answers(
      json(400, {
        message: 'The request body has 2 error(s)',
        details: [
          { message: 'Length must be between 0 and 5000', property: 'messages[0].text' },
          { message: `The property, 'to', is invalid: ${USER} ${text}`, property: 'to' },
        ],
      }),
    );
    const result = pushText(CONFIG, { to: USER, text, retryKey: retryKeyFor(KEY) });
    expect(result).toMatchObject({ kind: 'badRequest', status: 400 });
    const said = message(result);
    expect(said).toContain('The request body has 2 error(s)');
    expect(said).toContain('messages[0].text: Length must be between 0 and 5000');
    expect(said).not.toContain(USER);
    expect(said).not.toContain(text);
    expect(said).toMatch(/確かめて.*もう一度送信/);
    expect(requests()).toHaveLength(1);
  });

  test('400 without a JSON body still says what to do', () => {
    answers({ status: 400, body: '<html>Bad Request</html>' });
    const said = message(push());
    expect(said).toMatch(/^LINEが送信内容を受け付けませんでした。.*もう一度送信してください。$/);
    expect(said).not.toContain('LINEの説明');
  });

  test('401: asks for the token again in 設定, and the token appears nowhere', () => {
    answers(json(401, { message: `Authentication failed. Confirm that the access token is valid.` }));
    const result = push();
    expect(result).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(message(result)).toMatch(/「設定」でチャネルアクセストークンを入力し直して/);
    expect(requests()[0].headers.Authorization).toBe(`Bearer ${TOKEN}`);
    expectNoToken(result);
  });

  test('403: forbidden, with what to check', () => {
    answers(json(403, { message: 'Access to this API is not available for your account' }));
    const result = push();
    expect(result).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(message(result)).toContain('確かめて');
  });

  test('no result, message or log line ever carries the token', () => {
    const replies: (FetchResponse | Error)[] = [
      json(200, {}),
      json(409, {}),
      json(500, {}),
      new Error(`Timeout (Authorization: Bearer ${TOKEN})`),
      json(429, { message: 'You have reached your monthly limit.' }),
      json(429, {}),
      json(400, { message: `bad token ${TOKEN}` }),
      json(401, {}),
      json(403, {}),
    ];
    for (const reply of replies) {
      answers(reply);
      expectNoToken(push(), quota(CONFIG), profile(CONFIG, USER));
    }
  });
});

function message(result: PushResult): string {
  if (!('message' in result)) throw new Error(`no message in ${result.kind}`);
  return result.message;
}

// --- quota and profile

describe('quota', () => {
  function quotaAnswers(target: unknown, usage: unknown): void {
    answer = (request) =>
      request.url.endsWith('/v2/bot/message/quota/consumption') ? json(200, usage) : json(200, target);
  }

  test('limited: the target, what was used and what is left', () => {
    quotaAnswers({ type: 'limited', value: 200 }, { totalUsage: 150 });
    expect(quota(CONFIG)).toEqual({ limit: 200, used: 150, remaining: 50 });
    expect(requests().map((r) => [r.method, r.url])).toEqual([
      ['GET', 'https://api.line.me/v2/bot/message/quota'],
      ['GET', 'https://api.line.me/v2/bot/message/quota/consumption'],
    ]);
    expect(requests().every((r) => r.headers.Authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  test('limited and over: nothing left, never negative', () => {
    quotaAnswers({ type: 'limited', value: 200 }, { totalUsage: 230 });
    expect(quota(CONFIG)).toEqual({ limit: 200, used: 230, remaining: 0 });
  });

  test('none: no target limit', () => {
    quotaAnswers({ type: 'none' }, { totalUsage: 12 });
    expect(quota(CONFIG)).toEqual({ limit: null, used: 12, remaining: null });
  });

  test('401 and unreachable: an error the owner can act on', () => {
    answers(json(401, { message: 'Authentication failed' }));
    expect(quota(CONFIG)).toEqual({ error: expect.stringContaining('「設定」でチャネルアクセストークン') });
    answers(new Error('Timeout'));
    expect(quota(CONFIG)).toEqual({ error: expect.stringContaining('しばらくしてから') });
    quotaAnswers({ type: 'limited' }, { totalUsage: 1 });
    expect(quota(CONFIG)).toEqual({ error: expect.any(String) });
  });
});

describe('profile', () => {
  test('the display name of a friend', () => {
    answer = () => json(200, { displayName: '山田 花子', userId: USER, language: 'ja' });
    expect(profile(CONFIG, USER)).toEqual({ displayName: '山田 花子' });
    expect(requests()[0]).toMatchObject({ method: 'GET', url: `https://api.line.me/v2/bot/profile/${USER}` });
  });

  test('null when LINE won’t say (not a friend, blocked) or cannot be reached', () => {
    answers(json(404, { message: 'Not found' }));
    expect(profile(CONFIG, USER)).toBeNull();
    answers(new Error('Timeout'));
    expect(profile(CONFIG, USER)).toBeNull();
  });

  test('a user id is one path segment, whatever it holds', () => {
    answer = () => json(200, { displayName: 'x', userId: 'x' });
    profile(CONFIG, '../quota?x=1');
    expect(requests()[0].url).toBe('https://api.line.me/v2/bot/profile/..%2Fquota%3Fx%3D1');
  });
});

// --- contract: every request matches LINE's OpenAPI definition

interface Operation {
  parameters?: { name: string; in: string; schema?: Record<string, unknown> }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
}
interface OpenApi {
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, { discriminator?: { mapping: Record<string, string> } }> };
}

describe('contract: messaging-api.yml', () => {
  const line = lineSpec('messaging-api.yml');
  const spec = line.spec as unknown as OpenApi;
  const validate = line.validate;

  const validatePush = (body: unknown) => pushBodyErrors(line, body);

  function operation(request: FetchRequest): Operation | undefined {
    const path = new URL(request.url).pathname;
    const template = Object.keys(spec.paths).find((p) =>
      new RegExp(`^${p.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(path),
    );
    return template ? spec.paths[template][request.method.toLowerCase()] : undefined;
  }

  test('the default base URL is the server the spec names', () => {
    expect(spec.servers.map((s) => s.url)).toContain(lineConfig()?.baseUrl);
  });

  test('text messages are the "text" type of the polymorphic Message', () => {
    expect(spec.components.schemas.Message.discriminator?.mapping.text).toBe(
      '#/components/schemas/TextMessage',
    );
    expect(spec.paths['/v2/bot/message/push'].post.requestBody?.content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/PushMessageRequest',
    });
  });

  test('every body pushText builds validates against PushMessageRequest and TextMessage', () => {
    const texts = [
      'ご購入ありがとうございました。その後いかがですか？',
      '行1\n行2\n\n「引用」と “quotes” と \\ バックスラッシュ 😊',
      'x'.repeat(5000),
    ];
    for (const text of texts) pushText(CONFIG, { to: USER, text, retryKey: retryKeyFor(text) });
    expect(requests()).toHaveLength(texts.length);
    for (const request of requests()) {
      const body: unknown = JSON.parse(request.payload ?? '');
      expect(validatePush(body)).toEqual([]);
    }
  });

  test('the validator does reject bodies LINE would refuse', () => {
    const good = { to: USER, messages: [{ type: 'text', text: 'こんにちは' }] };
    expect(validatePush(good)).toEqual([]);
    expect(validatePush({ messages: good.messages })).not.toEqual([]);
    expect(validatePush({ to: USER, messages: [] })).not.toEqual([]);
    expect(validatePush({ to: USER, messages: [{ type: 'text' }] })).not.toEqual([]);
    expect(validatePush({ to: USER, messages: [{ text: 'no type' }] })).not.toEqual([]);
    expect(validatePush({ to: USER, messages: [{ type: 'txt', text: 'x' }] })).not.toEqual([]);
    expect(validatePush({ to: 42, messages: good.messages })).not.toEqual([]);
  });

  test('X-Line-Retry-Key is a declared header of the push operation, and our keys fit its schema', () => {
    const header = spec.paths['/v2/bot/message/push'].post.parameters?.find(
      (p) => p.in === 'header' && p.name === 'X-Line-Retry-Key',
    );
    expect(header?.schema).toMatchObject({ type: 'string', format: 'uuid' });
    expect(line.matches(header?.schema ?? {}, retryKeyFor(KEY))).toBe(true);
    expect(line.matches(header?.schema ?? {}, 'not-a-uuid')).toBe(false);
  });

  test('every request the client makes is an operation in the spec', () => {
    answer = (request) =>
      request.url.includes('/profile/')
        ? json(200, { displayName: '山田', userId: USER })
        : request.url.endsWith('/consumption')
          ? json(200, { totalUsage: 1 })
          : json(200, { type: 'none' });
    pushText(CONFIG, { to: USER, text: 'hi', retryKey: retryKeyFor(KEY) });
    quota(CONFIG);
    profile(CONFIG, USER);
    expect(requests().map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'POST /v2/bot/message/push',
      'GET /v2/bot/message/quota',
      'GET /v2/bot/message/quota/consumption',
      `GET /v2/bot/profile/${USER}`,
    ]);
    for (const request of requests()) expect(operation(request)).toBeDefined();
    expect(operation({ ...requests()[0], method: 'PUT' })).toBeUndefined();
  });

  test('the answers these tests fake are shaped like LINE’s', () => {
    expect(
      validate('PushMessageResponse', { sentMessages: [{ id: '461230966842064897', quoteToken: 'q' }] }),
    ).toEqual([]);
    expect(validate('MessageQuotaResponse', { type: 'limited', value: 200 })).toEqual([]);
    expect(validate('MessageQuotaResponse', { type: 'none' })).toEqual([]);
    expect(validate('QuotaConsumptionResponse', { totalUsage: 150 })).toEqual([]);
    expect(
      validate('UserProfileResponse', { displayName: '山田 花子', userId: USER, language: 'ja' }),
    ).toEqual([]);
    for (const body of [
      { message: 'You have reached your monthly limit.' },
      {
        message: 'The request body has 1 error(s)',
        details: [{ message: 'May not be empty', property: 'to' }],
      },
    ])
      expect(validate('ErrorResponse', body)).toEqual([]);
    expect(validate('MessageQuotaResponse', { type: 'unlimited' })).not.toEqual([]);
  });
});
