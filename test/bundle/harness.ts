import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createFakeServices,
  FakeClock,
  type CellValue,
  type Execution,
  type FakeServices,
  type FetchHandler,
  type FetchRequest,
  type FetchResponse,
  type SheetData,
} from '../fakes';
import { instantOf } from '../fakes/clock';
import { loadBundle, type LoadedBundle } from '../fakes/host';
import { SIDEBAR_SERVER_FUNCTIONS, carry } from '../fakes/script-run';
import { importServerOver, type ImportServer } from '../../src/shared/import-driver';

const SIDEBAR_CALLS: ReadonlySet<string> = new Set(SIDEBAR_SERVER_FUNCTIONS);

export const TZ = 'Asia/Tokyo';
const DIST = join(__dirname, '../../dist');

/** The bundle clasp pushes, built by `npm test`'s pretest step. */
export const BUNDLE_CODE = readFileSync(join(DIST, 'Code.js'), 'utf8');
const SIDEBAR_HTML = readFileSync(join(DIST, 'Sidebar.html'), 'utf8');

export interface Tsunagu {
  bundle: LoadedBundle;
  services: FakeServices;
  clock: FakeClock;
  /**
   * Calls an entry point as Apps Script would start it: runScheduled as the hourly trigger (running as its
   * creator, no Ui), doPost as a web app request (no document, no document lock), onOpen as a simple trigger in
   * AuthMode.LIMITED, everything else as a menu or sidebar call by `user`.
   */
  call<T = unknown>(name: string, ...args: unknown[]): T;
  /** The account at the keyboard for menu and sidebar calls (default: the owner, owner@example.com). */
  user: string;
  /** A sheet's current values, or undefined when it does not exist. */
  values(sheet: string): CellValue[][] | undefined;
  /** Rows of a sheet as records keyed by its header row. */
  records(sheet: string): Record<string, CellValue>[];
  /** Moves the clock to a wall time in Tokyo. */
  at(isoDay: string, hour?: number, minute?: number): void;
}

export interface Options {
  sheets: SheetData[];
  /** Another build of Code.js (a test's own, e.g. with a throwaway rule); dist/Code.js by default. */
  code?: string;
  today: string;
  hour?: number;
  preparing?: boolean;
  documentProperties?: Record<string, string>;
  /** Script properties (the webhook secret and LINE's queued events live there). */
  scriptProperties?: Record<string, string>;
  state?: Parameters<typeof createFakeServices>[0]['state'];
  gmailDailyQuota?: number;
  /** Answers UrlFetchApp (e.g. a LINE Messaging API stand-in). */
  fetch?: FetchHandler;
  /** The web app URL once deployed (ScriptApp.getService().getUrl()). */
  webAppUrl?: string;
  /** Scopes the owner did not grant on the granular consent screen. */
  withheldScopes?: readonly string[];
  /** The context's Intl.DateTimeFormat (see LoadBundleOptions.intlDateTimeFormat). */
  intlDateTimeFormat?: 'node' | 'withoutOffsetNames';
}

/** Loads dist/Code.js into a vm with the fakes, as Apps Script would run it for this spreadsheet. */
export function loadTsunagu(options: Options): Tsunagu {
  const clock = new FakeClock(wall(options.today, options.hour ?? 8));
  const bundle = loadBundle({
    code: options.code ?? BUNDLE_CODE,
    clock,
    intlDateTimeFormat: options.intlDateTimeFormat,
    services: (makeDate, makeError) =>
      createFakeServices({
        spreadsheet: { id: 'test-sheet', name: 'ここち堂 顧客台帳', timeZone: TZ, sheets: options.sheets },
        clock,
        htmlFiles: { Sidebar: SIDEBAR_HTML },
        makeDate,
        makeError,
        state: options.state,
        gmailDailyQuota: options.gmailDailyQuota,
        fetch: options.fetch,
        webAppUrl: options.webAppUrl,
        withheldScopes: options.withheldScopes,
        properties: {
          document: {
            ...(options.preparing === false ? {} : { 'tsunagu.preparing': 'on' }),
            ...options.documentProperties,
          },
          script: { ...options.scriptProperties },
        },
      }),
  });
  const values = (name: string) =>
    bundle.services.spreadsheet.toData().sheets.find((s) => s.name === name)?.values;
  return {
    bundle,
    services: bundle.services,
    clock,
    user: OWNER,
    // A function the sidebar calls gets and returns only what google.script.run can carry, as copies.
    call<T>(name: string, ...args: unknown[]): T {
      const sidebar = SIDEBAR_CALLS.has(name);
      const { execution, args: given } = executionFor(
        bundle.services,
        name,
        this.user,
        sidebar ? (carry(args) as unknown[]) : args,
      );
      const result = bundle.callAs(execution, name, ...given);
      return (sidebar ? carry(result) : result) as T;
    },
    values,
    records(name) {
      const [header = [], ...rows] = values(name) ?? [];
      return rows.map((row) => Object.fromEntries(header.map((h, i) => [String(h), row[i] ?? ''])));
    },
    at(isoDay, hour = 8, minute = 0) {
      clock.set(wall(isoDay, hour, minute));
    },
  };
}

export const OWNER = 'owner@example.com';

/** How Apps Script would start `name` (see Tsunagu.call), and the event object it would pass. */
export function executionFor(
  services: FakeServices,
  name: string,
  user: string,
  args: unknown[],
): { execution: Partial<Execution>; args: unknown[] } {
  switch (name) {
    case 'runScheduled': {
      // An installable trigger runs as the account that created it, which need not be who is looking.
      const trigger = services.scriptApp.records().find((t) => t.handler === name);
      const creator = trigger ? services.scriptApp.ownerOf(trigger) : user;
      return { execution: { kind: 'installableTrigger', user: creator, activeUser: '' }, args };
    }
    case 'doPost':
    case 'doGet':
      // appsscript.json: executeAs USER_DEPLOYING, access ANYONE_ANONYMOUS — runs as the owner, nobody at the keyboard.
      return { execution: { kind: 'webApp', user: OWNER, activeUser: '' }, args };
    case 'onOpen':
      return {
        execution: { kind: 'simpleTrigger', authMode: 'LIMITED', user, activeUser: user },
        args: args.length > 0 ? args : [{ authMode: 'LIMITED' }],
      };
    case 'onInstall':
      return {
        execution: { kind: 'simpleTrigger', authMode: 'FULL', user },
        args: args.length > 0 ? args : [{ authMode: 'FULL' }],
      };
    default:
      return { execution: { kind: 'editor', authMode: 'FULL', user }, args };
  }
}

export function wall(isoDay: string, hour: number, minute = 0): number {
  const [y, m, d] = isoDay.split('-').map(Number);
  return instantOf(TZ, y, m, d, hour, minute);
}

/** A date cell as Sheets holds it: midnight of that day in Tokyo. */
export function dateCell(isoDay: string): Date {
  return new Date(wall(isoDay, 0));
}

export const CUSTOMER_HEADER = [
  '顧客ID',
  '氏名',
  'メール',
  '電話',
  'LINEユーザーID',
  '郵便番号',
  '住所',
  '初回来店日',
  '最終来店日',
  '来店回数',
  'カテゴリ',
  '購入商品',
  '満足度',
  '電話許可',
  '配信停止',
  'メモ',
];

/** A 顧客 sheet from partial rows keyed by header. */
export function customerSheet(rows: Record<string, CellValue>[], header = CUSTOMER_HEADER): SheetData {
  return { name: '顧客', values: [header, ...rows.map((r) => header.map((h) => r[h] ?? ''))] };
}

export function settingsSheet(rows: [string, CellValue][]): SheetData {
  return { name: '設定', values: [['項目', '値'], ...rows] };
}

/** A shop's 設定 with everything the email footer and letters need. */
export const SHOP_SETTINGS: [string, CellValue][] = [
  ['店名', 'ここち堂'],
  ['店舗住所', '〒154-0004 東京都世田谷区太子堂2-14-3'],
  ['店舗電話', '03-5432-1234'],
  ['店舗メール', 'info@kokochido.example.jp'],
];

const LOG_HEADER = [
  '日時',
  '顧客ID',
  '氏名',
  'シナリオ',
  'ステップ',
  'チャネル',
  '状態',
  '予定日',
  '結果',
  '内容',
  'キー',
  '備考',
];

/** A 連絡履歴 sheet from partial rows keyed by header. */
export function logSheet(rows: Record<string, CellValue>[]): SheetData {
  return { name: '連絡履歴', values: [LOG_HEADER, ...rows.map((r) => LOG_HEADER.map((h) => r[h] ?? ''))] };
}

/** A second 整体 visit on 2026-11-20: its お伺い is due on 2026-11-22. */
export const SECOND_VISIT: Record<string, CellValue> = {
  最終来店日: dateCell('2026-11-20'),
  来店回数: 2,
  カテゴリ: '整体',
  購入商品: '骨盤調整60分',
};

/** A second-visit 整体 customer with an email address, whose お伺い (by email) is due on 2026-11-22. */
export const C1_MAIL: Record<string, CellValue> = {
  顧客ID: 'C1',
  氏名: '佐藤 美咲',
  メール: 'misaki@example.jp',
  ...SECOND_VISIT,
};

/** A regular (5 visits) who allows calls, whose お伺い went out on 2026-11-17 (C4_INQUIRY_SENT). */
export const C4_CALLER: Record<string, CellValue> = {
  顧客ID: 'C4',
  氏名: '田中 健',
  メール: 'ken@example.jp',
  電話: '090-1111-2222',
  電話許可: true,
  最終来店日: dateCell('2026-11-10'),
  来店回数: 5,
  カテゴリ: '整体',
  購入商品: '骨盤調整60分',
};

/** C4's お伺い, sent on 2026-11-17: their 電話確認 falls on 2026-11-22. */
export const C4_INQUIRY_SENT: Record<string, CellValue> = {
  日時: dateCell('2026-11-17'),
  顧客ID: 'C4',
  氏名: '田中 健',
  シナリオ: '購入後フォロー',
  ステップ: 'お伺い',
  チャネル: 'メール',
  状態: '送信済',
  キー: 'C4|S1|お伺い|2026-11-10',
};

/** 高橋 花子's LINE user id (THREE_DUE). */
export const HANAKO_TAKAHASHI_LINE = `U${'0123456789abcdef'.repeat(2)}`;

/**
 * Three customers with a follow-up each due on 2026-11-22 (with C4_INQUIRY_SENT in 連絡履歴): C1's お伺い by email, C3's
 * by LINE and C4's 電話確認 — the sidebar's clicks on each channel (targeted-actions, list-said).
 */
export const THREE_DUE: {
  customers: () => Record<string, CellValue>[];
  /** The visit C1 and C3 made on 2026-11-20 (整体, second visit): for another customer due the same day. */
  visit: () => Record<string, CellValue>;
  mail: string;
  line: string;
  call: string;
} = {
  visit: () => ({
    最終来店日: dateCell('2026-11-20'),
    来店回数: 2,
    カテゴリ: '整体',
    購入商品: '骨盤調整60分',
  }),
  customers: () => {
    const visit = THREE_DUE.visit();
    return [
      { 顧客ID: 'C1', 氏名: '佐藤 美咲', メール: 'misaki@example.jp', ...visit },
      { 顧客ID: 'C3', 氏名: '高橋 花子', LINEユーザーID: HANAKO_TAKAHASHI_LINE, ...visit },
      C4_CALLER,
    ];
  },
  mail: 'C1|S1|お伺い|2026-11-20',
  line: 'C3|S1|お伺い|2026-11-20',
  call: 'C4|S1|電話確認|2026-11-10',
};

/**
 * A stand-in for the LINE Messaging API: answers this month's quota (no target, or `limit` with `used` spent),
 * records every push and answers it with `push` (accepted unless told otherwise). `to()` lists whom pushes went to.
 * GET /v2/bot/info answers the official account (`bot`, as LINE's BotInfoResponse in
 * ../shared/contracts/line-openapi/messaging-api.yml). With `token`, any other bearer token is answered 401 as LINE
 * does (https://developers.line.biz/en/reference/messaging-api/#status-codes: "401 Unauthorized — Authentication
 * failed."; the body is LINE's ErrorResponse with the message LINE sends, as quoted in
 * https://github.com/line/line-bot-sdk-java/issues/1026).
 */
export function lineStandIn(
  options: {
    limit?: number;
    used?: number;
    push?: (request: FetchRequest) => FetchResponse;
    token?: string;
    bot?: Partial<BotInfo>;
  } = {},
) {
  const pushes: FetchRequest[] = [];
  /** POST /v2/bot/message/reply requests (answered 200 with sentMessages, as LINE's ReplyMessageResponse). */
  const replies: FetchRequest[] = [];
  const handler = (request: FetchRequest): FetchResponse => {
    if (options.token !== undefined && request.headers['Authorization'] !== `Bearer ${options.token}`)
      return { status: 401, body: JSON.stringify({ message: LINE_UNAUTHORIZED }) };
    if (request.url.endsWith('/v2/bot/info')) {
      if (request.method !== 'GET') return { status: 405, body: '{}' };
      return { status: 200, body: JSON.stringify({ ...LINE_BOT, ...options.bot }) };
    }
    if (request.url.endsWith('/v2/bot/message/quota')) {
      const target =
        options.limit === undefined ? { type: 'none' } : { type: 'limited', value: options.limit };
      return { status: 200, body: JSON.stringify(target) };
    }
    if (request.url.endsWith('/v2/bot/message/quota/consumption'))
      return { status: 200, body: JSON.stringify({ totalUsage: options.used ?? 0 }) };
    if (request.url.endsWith('/v2/bot/message/reply')) {
      replies.push(request);
      return { status: 200, body: '{"sentMessages":[{"id":"2","quoteToken":"q"}]}' };
    }
    if (!request.url.endsWith('/v2/bot/message/push')) return { status: 404, body: '{}' };
    pushes.push(request);
    return options.push?.(request) ?? { status: 200, body: '{"sentMessages":[{"id":"1"}]}' };
  };
  const to = () => pushes.map((p) => (JSON.parse(p.payload ?? '{}') as { to: string }).to);
  return { handler, pushes, to, replies };
}

/** GET /v2/bot/info's answer (BotInfoResponse): required userId, basicId, displayName, chatMode, markAsReadMode. */
export interface BotInfo {
  userId: string;
  basicId: string;
  displayName: string;
  premiumId?: string;
  pictureUrl?: string;
  chatMode: 'chat' | 'bot';
  markAsReadMode: 'auto' | 'manual';
}

/** The stand-in's official account. */
export const LINE_BOT: BotInfo = {
  userId: `U${'9'.repeat(32)}`,
  basicId: '@123abcde',
  displayName: 'ここち堂',
  chatMode: 'chat',
  markAsReadMode: 'manual',
};

/** What LINE says to a token it does not know. */
export const LINE_UNAUTHORIZED =
  'Authentication failed. Confirm that the access token in the authorization header is valid.';

/** LINE as the Messaging API behaves: a retry key it accepted once is answered 409 and not delivered again. */
export function lineWithRetryKeys() {
  const delivered: string[] = [];
  const accepted = new Set<string>();
  const { handler } = lineStandIn({
    push: (request) => {
      const key = request.headers['X-Line-Retry-Key'];
      if (accepted.has(key)) return { status: 409, body: '{"message":"The retry key is already accepted"}' };
      accepted.add(key);
      delivered.push(JSON.parse(request.payload ?? '').to as string);
      return { status: 200, body: '{"sentMessages":[{"id":"1"}]}' };
    },
  });
  return { handler, delivered };
}

/**
 * What a day left behind, in a form two runs can be compared by (the kill and time-budget suites): 連絡履歴 but the
 * row the day started with, drafts, LINE送信, 電話リスト and the S1 letters, each sorted.
 */
export function dayOutcome(t: Tsunagu, startedWith: Record<string, CellValue> = C4_INQUIRY_SENT) {
  const keyState = (r: Record<string, CellValue>) => `${String(r['キー'])} ${String(r['状態'])}`;
  return {
    log: t
      .records('連絡履歴')
      .filter((r) => r['キー'] !== startedWith['キー'])
      .map(keyState)
      .sort(),
    drafts: t.services
      .exportState()
      .gmail.drafts.map((d) => `${d.message.to} ${d.message.subject}`)
      .sort(),
    outbox: t.records('LINE送信').map(keyState).sort(),
    calls: t.records('電話リスト').map((r) => String(r['キー'])),
    // The letters on the 手紙 sheet, by the key each one's first row carries (developer metadata; nothing prints it).
    letters: (t.services.spreadsheet.sheet('手紙')?.toData().developerMetadata ?? [])
      .filter((m) => m.key === 'tsunagu.letter' && /\|S1\|/.test(String(m.value)))
      .map((m) => String(m.value))
      .sort(),
  };
}

/** One customer for each of email, LINE and letter, each with a second 整体 visit whose お伺い is due on 11-22. */
export const ONE_PER_CHANNEL: Record<string, CellValue>[] = [
  { 顧客ID: 'M1', 氏名: '佐藤 美咲', メール: 'm1@example.jp', ...SECOND_VISIT },
  { 顧客ID: 'L1', 氏名: '高橋 花子', LINEユーザーID: `U${'1'.repeat(32)}`, ...SECOND_VISIT },
  {
    顧客ID: 'P1',
    氏名: '鈴木 一郎',
    郵便番号: '154-0004',
    住所: '東京都世田谷区太子堂1-2-3',
    ...SECOND_VISIT,
  },
];

/** A 整体 customer reached by LINE whose お伺い (second visit, 11-20) is due by LINE on 2026-11-22. */
export function lineCustomer(
  id: string,
  name: string,
  lineUserId: string,
  extra: Record<string, CellValue> = {},
): Record<string, CellValue> {
  return {
    顧客ID: id,
    氏名: name,
    LINEユーザーID: lineUserId,
    最終来店日: dateCell('2026-11-20'),
    来店回数: 3,
    カテゴリ: '整体',
    購入商品: 'ヘッドスパ',
    ...extra,
  };
}

/** Two customers whose お伺い draft waits in Gmail since 11-22; the clock moved to 11-23. */
export function draftsWaiting(): Tsunagu {
  const t = loadTsunagu({
    sheets: [
      customerSheet([
        { ...C1_MAIL },
        { ...C1_MAIL, 顧客ID: 'C2', 氏名: '鈴木 花', メール: 'hana@example.jp' },
      ]),
      settingsSheet(SHOP_SETTINGS),
    ],
    today: '2026-11-22',
    hour: 9,
  });
  t.call('runDailyFollowUps');
  expect(t.services.gmail.draftRecords()).toHaveLength(2);
  t.at('2026-11-23', 9);
  return t;
}

/**
 * Runs `run` with Apps Script stopping the execution at its k-th service call (the fakes' kill: every later call
 * throws, whatever the code catches), checks that it stopped there, and returns which call it was.
 */
export function runKilledAt(t: Tsunagu, k: number, run: () => unknown): string {
  let seen = 0;
  let killedAt = '';
  t.services.calls.onCall = (service, method) => {
    if (++seen === k) {
      killedAt = `${service}.${method}`;
      throw t.services.calls.kill();
    }
  };
  try {
    expect(run).toThrow('Exceeded maximum execution time');
  } finally {
    t.services.calls.onCall = undefined;
  }
  return killedAt;
}

/** The import's server as the sidebar reaches it: each function a sidebar call by the owner (carried as copies). */
export function importServerOf(t: Tsunagu): ImportServer {
  return importServerOver(async (name, request) => t.call(name, request));
}

/** 高橋 花子's and 田中 健's LINEユーザーID. */
export const HANAKO = `U${'0123456789abcdef'.repeat(2)}`;
export const KEN = `U${'fedcba9876543210'.repeat(2)}`;

/** 高橋 花子 (C3), whose お伺い goes by LINE on 11-22, and 田中 健 (C4), a LINE friend with nothing due. */
export function hanakoAndKen(fetch: (r: FetchRequest) => FetchResponse): Tsunagu {
  return loadTsunagu({
    sheets: [
      customerSheet([
        lineCustomer('C3', '高橋 花子', HANAKO),
        lineCustomer('C4', '田中 健', KEN, { 最終来店日: '' }),
      ]),
      settingsSheet(SHOP_SETTINGS),
    ],
    today: '2026-11-22',
    hour: 9,
    fetch,
    documentProperties: { 'tsunagu.line.token': 'token' },
  });
}

/** The owner copies 高橋 花子's LINE送信 row to the row below it for 田中 健, and approves it; returns the original. */
export function copyForKen(t: Tsunagu): unknown[] {
  const header = (t.values('LINE送信') ?? [])[0].map(String);
  const [first] = (t.values('LINE送信') ?? []).slice(1);
  const copy = header.map(
    (h, i) =>
      ({ 顧客ID: 'C4', 氏名: '田中 健', LINEユーザーID: KEN, 承認: true, 状態: '承認済' })[h] ??
      (h === '送信日時' || h === '備考' || h.startsWith('送信キー') ? '' : first[i]),
  );
  t.services.spreadsheet.sheet('LINE送信')?.getRange(3, 1, 1, header.length).setValues([copy]);
  return first;
}
