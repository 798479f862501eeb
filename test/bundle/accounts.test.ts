/**
 * Apps Script as it is for a shop with more than one Google account, and in every context it starts the script
 * in: a menu or sidebar call, the simple trigger onOpen (AuthMode.NONE / LIMITED), the installable hourly trigger
 * (running as its creator), a web app request, and the published editor add-on.
 */
import { bundleCode } from '../../tools/build';
import { createFakeServices, FakeClock } from '../fakes';
import { loadBundle } from '../fakes/host';
import {
  C1_MAIL,
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  dateCell,
  lineStandIn,
  loadTsunagu,
  logSheet,
  OWNER,
  SECOND_VISIT,
  settingsSheet,
  SHOP_SETTINGS,
  TZ,
  wall,
  type Tsunagu,
} from './harness';

const STAFF = 'staff@example.com';

function shop(): Tsunagu {
  return loadTsunagu({
    sheets: [customerSheet([{ ...C1_MAIL }]), settingsSheet(SHOP_SETTINGS)],
    today: '2026-11-22',
    hour: 9,
  });
}

const logStates = (t: Tsunagu) => t.records('連絡履歴').map((r) => [r['キー'], r['状態']]);

describe('one owner account', () => {
  test('the account that turns on 自動実行 is the owner; another editor sees it on, and cannot add a second trigger', () => {
    const t = shop();
    t.call('installAutoRunTrigger');
    expect(t.services.properties.document.getProperty('tsunagu.owner')).toBe(OWNER);
    t.user = STAFF;
    const state = t.call<{ on: boolean; message: string }>('getAutoRunState');
    expect(state).toEqual({ on: true, message: expect.stringContaining(OWNER) });
    const refused = t.call<{ on: boolean; message: string }>('installAutoRunTrigger');
    expect(refused.message).toContain(`オーナー（${OWNER}）のGoogleアカウント`);
    t.call('removeAutoRunTrigger');
    expect(t.services.scriptApp.records()).toHaveLength(1);
    expect(t.services.scriptApp.records()[0].owner).toBe(OWNER);
  });

  test('another editor’s 今すぐ計画を更新 makes no draft in their own Gmail; the owner’s trigger makes it that hour', () => {
    const t = shop();
    t.call('installAutoRunTrigger');
    t.user = STAFF;
    t.call('runDailyFollowUps');
    expect(t.services.mailbox(STAFF).draftRecords()).toEqual([]);
    expect(t.services.gmail.draftRecords()).toEqual([]);
    expect(logStates(t)).toEqual([['C1|S1|お伺い|2026-11-20', '失敗']]);
    expect(t.records('連絡履歴')[0]['備考']).toContain(`オーナー（${OWNER}）`);
    expect(t.services.spreadsheet.toasts.at(-1)?.message).toContain(
      `メール1件の下書きは作っていません。Gmailの下書き作成はオーナー（${OWNER}）のGoogleアカウントで行います。`,
    );
    // No notice to the editor, and the day is not counted as run: the owner's trigger still runs it.
    expect(t.services.mailbox(STAFF).sentRecords()).toEqual([]);
    t.call('runScheduled');
    expect(t.services.gmail.draftRecords()).toHaveLength(1);
    expect(logStates(t)).toEqual([['C1|S1|お伺い|2026-11-20', '下書き']]);
  });

  test('a draft is never recorded as deleted because another editor’s mailbox does not have it', () => {
    const t = shop();
    t.call('installAutoRunTrigger');
    t.call('runScheduled');
    expect(logStates(t)).toEqual([['C1|S1|お伺い|2026-11-20', '下書き']]);
    t.user = STAFF;
    t.at('2026-11-23', 9);
    t.call('runDailyFollowUps');
    t.call('getTodayFollowUps');
    expect(logStates(t)).toEqual([['C1|S1|お伺い|2026-11-20', '下書き']]);
    // The owner sends it; only the owner's run can tell, and does.
    t.services.gmail.ownerSendsDraft(t.services.gmail.draftRecords()[0].id);
    t.call('runScheduled');
    expect(logStates(t)).toEqual([['C1|S1|お伺い|2026-11-20', '送信済']]);
  });

  test('a trigger made by an account that is not the owner does nothing', () => {
    const t = shop();
    t.call('installAutoRunTrigger');
    // A former set-up: the editor's own trigger, made before owners were recorded.
    t.services.enter({ user: STAFF });
    t.services.scriptApp.addTrigger('runScheduled', 'CLOCK', 'CLOCK', { everyHours: 1 });
    t.services.enter({ user: OWNER });
    const summary = t.bundle.callAs(
      { kind: 'installableTrigger', user: STAFF, activeUser: '' },
      'runScheduled',
    );
    expect(summary).toBeNull();
    expect(t.values('連絡履歴')).toBeUndefined();
  });
});

describe('another editor in the sidebar', () => {
  const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;
  const MAIL = 'C1|S1|お伺い|2026-11-20';
  const MAIL2 = 'C2|S1|お伺い|2026-11-20';
  const LINE = 'C3|S1|お伺い|2026-11-20';
  const CALL = 'C4|S1|電話確認|2026-11-10';
  const OWNER_ONLY = `オーナー（${OWNER}）のGoogleアカウントで行います`;
  const line = lineStandIn();
  beforeEach(() => line.pushes.splice(0));

  interface Item {
    key: string;
    state: string;
    draftUrl: string | null;
  }
  interface View {
    mailOwner: string | null;
    groups: { channel: string; preparable: number; items: Item[] }[];
  }
  interface Reply {
    ok: boolean;
    message: string;
    view?: View;
  }

  /**
   * On 2026-11-22 at 10:00: お伺い due by email to C1 and C2 and by LINE to C3, and C4's 電話確認. The owner is
   * recorded; `drafted` runs the owner's day first (drafts in the owner's Gmail), otherwise Tsunagu previews.
   */
  function office(drafted: boolean): Tsunagu {
    const t = loadTsunagu({
      sheets: [
        customerSheet([
          { ...C1_MAIL },
          { ...C1_MAIL, 顧客ID: 'C2', 氏名: '鈴木 一郎', メール: 'ichiro@example.jp' },
          { 顧客ID: 'C3', 氏名: '高橋 花子', LINEユーザーID: LINE_ID, ...SECOND_VISIT },
          { ...C4_CALLER },
        ]),
        settingsSheet(SHOP_SETTINGS),
        logSheet([C4_INQUIRY_SENT]),
      ],
      today: '2026-11-22',
      hour: 10,
      preparing: drafted,
      fetch: line.handler,
      documentProperties: { 'tsunagu.owner': OWNER, 'tsunagu.line.token': 'channel-token' },
    });
    if (drafted) t.call('runDailyFollowUps');
    t.user = STAFF;
    return t;
  }
  const act = (t: Tsunagu, request: unknown) => t.call<Reply>('applyFollowUpAction', request);
  const state = (t: Tsunagu, key: string) =>
    t
      .records('連絡履歴')
      .filter((r) => r['キー'] === key)
      .map((r) => r['状態']);
  const ownerDrafts = (t: Tsunagu) => t.services.gmail.draftRecords().map((d) => d.message.to);
  const staffMailbox = (t: Tsunagu) => t.services.mailbox(STAFF).exportState();
  const EMPTY_MAILBOX = expect.objectContaining({ drafts: [], sent: [] });

  test.each([
    ['Gmail下書きを作成', [MAIL], 'メール1件のGmailの下書き作成'],
    ['まとめてGmail下書きを作成', 'group', 'メール2件のGmailの下書き作成'],
  ])("%s says it is done from the owner's account, and records nothing", (_, keys, what) => {
    const t = office(false);
    const request =
      keys === 'group'
        ? {
            group: 'メール',
            action: 'prepare',
            today: '2026-11-22',
            count: t.call<View>('getTodayFollowUps').groups.find((g) => g.channel === 'メール')?.preparable,
          }
        : { keys, action: 'prepare' };
    const reply = act(t, request);
    expect(reply).toEqual({
      ok: false,
      message: `${what}はオーナー（${OWNER}）のGoogleアカウントで行います。${OWNER} でログインしてこのスプレッドシートを開き、操作してください。`,
    });
    expect(state(t, MAIL)).toEqual([]);
    expect(state(t, MAIL2)).toEqual([]);
    expect(ownerDrafts(t)).toEqual([]);
    expect(staffMailbox(t)).toEqual(EMPTY_MAILBOX);
    // The owner's own click makes them.
    t.user = OWNER;
    expect(act(t, request)).toMatchObject({ ok: true });
    expect(ownerDrafts(t).sort()).toEqual(
      keys === 'group' ? ['ichiro@example.jp', 'misaki@example.jp'] : ['misaki@example.jp'],
    );
  });

  test('a mixed 準備 prepares the LINE and the call, and names the owner for the email', () => {
    const t = office(false);
    const reply = act(t, { keys: [MAIL, LINE, CALL], action: 'prepare' });
    expect(reply.ok).toBe(true);
    expect(reply.message).toBe(
      `LINEの下書き1件、電話リストの予定1件を準備しました。メール1件のGmailの下書き作成は${OWNER_ONLY}。${OWNER} でログインしてこのスプレッドシートを開き、操作してください。`,
    );
    expect(reply.message).not.toContain('連絡履歴の備考');
    expect(state(t, MAIL)).toEqual([]);
    expect(state(t, LINE)).toEqual(['承認待ち']);
    expect(state(t, CALL)).toEqual(['予定']);
  });

  test.each([
    ['スキップ', { action: 'skip' }],
    ['延期', { action: 'snooze', date: '2026-11-25' }],
  ])(
    "%s of a drafted email is left to the owner: the row stays 下書き and its draft in the owner's Gmail",
    (word, action) => {
      const t = office(true);
      expect(state(t, MAIL)).toEqual(['下書き']);
      const before = t.records('連絡履歴');
      const reply = act(t, { keys: [MAIL], ...action });
      expect(reply).toEqual({ ok: false, message: expect.stringContaining(`${word}（下書きの削除）は`) });
      expect(reply.message).toContain('佐藤 美咲 様へのメールの下書きはオーナーのGmailにあります。');
      expect(reply.message).toContain(OWNER_ONLY);
      expect(t.records('連絡履歴')).toEqual(before);
      expect(ownerDrafts(t)).toEqual(['misaki@example.jp', 'ichiro@example.jp']);
      expect(staffMailbox(t)).toEqual(EMPTY_MAILBOX);
      // From the owner's account it is done, and the draft deleted.
      t.user = OWNER;
      expect(act(t, { keys: [MAIL], ...action })).toMatchObject({ ok: true });
      expect(ownerDrafts(t)).toEqual(['ichiro@example.jp']);
    },
  );

  test('an email not drafted yet is skipped and snoozed by the editor: no Gmail is touched', () => {
    const t = office(false);
    expect(act(t, { keys: [MAIL], action: 'skip' })).toMatchObject({ ok: true });
    expect(act(t, { keys: [MAIL2], action: 'snooze', date: '2026-11-25' })).toMatchObject({ ok: true });
    expect(state(t, MAIL)).toEqual(['スキップ']);
    expect(state(t, MAIL2)).toEqual(['延期']);
    expect(t.services.calls.count('GmailApp', 'getDrafts')).toBe(0);
    expect(staffMailbox(t)).toEqual(EMPTY_MAILBOX);
  });

  test("Gmailで開く opens the owner's drafts, and the list says whose Gmail they are in", () => {
    const t = office(true);
    const view = t.call<View>('getTodayFollowUps');
    expect(view.mailOwner).toBe(OWNER);
    const item = view.groups.flatMap((g) => g.items).find((i) => i.key === MAIL);
    expect(new URL(item?.draftUrl ?? '').searchParams.get('authuser')).toBe(OWNER);
    t.user = OWNER;
    expect(t.call<View>('getTodayFollowUps').mailOwner).toBeNull();
  });

  test('LINE: the editor approves and sends it, and records the call', () => {
    const t = office(false);
    const sent = act(t, { keys: [LINE], action: 'approveLine', send: true });
    expect(sent).toMatchObject({ ok: true, message: expect.stringContaining('LINEを1件送りました') });
    expect(line.to()).toEqual([LINE_ID]);
    expect(state(t, LINE)).toEqual(['送信済']);
    const called = act(t, { keys: [CALL], action: 'called', outcome: '満足' });
    expect(called).toMatchObject({ ok: true, message: '田中 健 様への電話を「満足」で記録しました。' });
    expect(state(t, CALL)).toEqual(['完了']);
    expect(staffMailbox(t)).toEqual(EMPTY_MAILBOX);
  });
});

describe('one owner account: what the code review found', () => {
  test('before 自動実行 is on, the first account whose Gmail gets a draft becomes the owner; no one else’s run calls it deleted', () => {
    const t = shop();
    t.user = STAFF;
    t.call('startPreparing');
    expect(t.services.mailbox(STAFF).draftRecords()).toHaveLength(1);
    expect(t.services.properties.document.getProperty('tsunagu.owner')).toBe(STAFF);
    t.user = OWNER;
    t.at('2026-11-23', 9);
    t.call('runDailyFollowUps');
    expect(logStates(t)).toEqual([['C1|S1|お伺い|2026-11-20', '下書き']]);
    expect(t.call<{ message: string }>('installAutoRunTrigger').message).toContain(`オーナー（${STAFF}）`);
  });

  test('another editor’s run never clears the checkpoint the owner’s unfinished run left', () => {
    const t = shop();
    t.call('installAutoRunTrigger');
    t.services.properties.document.setProperty('tsunagu.resume', 'yes');
    t.user = STAFF;
    t.call('runDailyFollowUps');
    expect(t.services.properties.document.getProperty('tsunagu.resume')).toBe('yes');
  });

  test('without the permission to read the address, the hourly trigger stops with what to grant, in Japanese', () => {
    const t = loadTsunagu({
      sheets: [customerSheet([{ ...C1_MAIL }]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 9,
      documentProperties: { 'tsunagu.owner': OWNER },
      withheldScopes: ['https://www.googleapis.com/auth/userinfo.email'],
    });
    expect(() => t.call('runScheduled')).toThrow(/メインのメールアドレスの参照/);
    expect(t.services.gmail.draftRecords()).toEqual([]);
  });

  test('テスト送信 by email from another editor says it is the owner’s, and mails no one', () => {
    const t = shop();
    t.call('installAutoRunTrigger');
    t.user = STAFF;
    expect(t.call<{ ok: boolean; message: string }>('sendTestNotice')).toEqual({
      ok: false,
      message: expect.stringContaining(`オーナー（${OWNER}）`),
    });
    expect(t.services.mailbox(STAFF).sentRecords()).toEqual([]);
    expect(t.services.gmail.sentRecords()).toEqual([]);
  });

  test('turning 自動実行 on again makes the new trigger before removing the old one', () => {
    const t = shop();
    t.call('installAutoRunTrigger');
    const first = t.services.scriptApp.records()[0].id;
    t.call('installAutoRunTrigger');
    const records = t.services.scriptApp.records();
    expect(records).toHaveLength(1);
    expect(records[0].id).not.toBe(first);
  });
});

describe('execution contexts', () => {
  test('onOpen in AuthMode.NONE (an add-on not yet used in this file) builds the menu and touches nothing else', () => {
    const t = shop();
    t.bundle.callAs({ kind: 'simpleTrigger', authMode: 'NONE', activeUser: '' }, 'onOpen', {
      authMode: 'NONE',
    });
    expect(t.services.ui.menus[0].items.length).toBeGreaterThan(5);
  });

  test('the fakes refuse in AuthMode.NONE what the docs say needs authorisation', () => {
    const t = shop();
    expect(() =>
      t.bundle.callAs({ kind: 'simpleTrigger', authMode: 'NONE' }, 'runDailyFollowUps'),
    ).not.toThrow(); // the entry point catches and tells …
    expect(t.services.ui.alerts.at(-1)?.prompt).toBeDefined();
    expect(t.values('連絡履歴')).toBeUndefined(); // … and nothing was written
  });

  test('ScriptApp.getService().getUrl() is the /dev URL outside a web app request, /exec inside', () => {
    const services = createFakeServices({
      spreadsheet: { id: 's', name: 's', timeZone: TZ, sheets: [] },
      clock: new FakeClock(wall('2026-11-22', 9)),
      webAppUrl: 'https://script.google.com/macros/s/AKfycbx-id-0123456789/exec',
    });
    expect(services.scriptApp.getService().getUrl()).toMatch(/\/dev$/);
    const back = services.enter({ kind: 'webApp' });
    expect(services.scriptApp.getService().getUrl()).toMatch(/\/exec$/);
    expect(services.locks.getDocumentLock()).toBeNull();
    expect(services.properties.getDocumentProperties()).toBeNull();
    expect(services.spreadsheetApp.getActiveSpreadsheet()).toBeNull();
    back();
    expect(services.locks.getDocumentLock()).not.toBeNull();
  });

  test('runs and sidebar actions take the script lock, never the document lock', () => {
    const t = shop();
    t.services.locks.holdByOther('script');
    t.call('runDailyFollowUps');
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain('別の処理');
    expect(t.services.calls.count('LockService', 'getDocumentLock')).toBe(0);
  });
});

describe('published as an editor add-on', () => {
  let addOnCode = '';
  beforeAll(async () => {
    addOnCode = await bundleCode({ addOn: true });
  });

  function addOn(extra: Pick<Parameters<typeof createFakeServices>[0], 'fetch' | 'properties'> = {}) {
    const clock = new FakeClock(wall('2026-11-22', 9));
    return loadBundle({
      code: addOnCode,
      clock,
      services: (makeDate, makeError) =>
        createFakeServices({
          spreadsheet: {
            id: 'addon-sheet',
            name: 'ここち堂 顧客台帳',
            timeZone: TZ,
            sheets: [
              customerSheet([{ ...C1_MAIL, 最終来店日: dateCell('2026-11-20') }]),
              settingsSheet(SHOP_SETTINGS),
            ],
          },
          clock,
          makeDate,
          makeError,
          addOn: true,
          ...extra,
        }),
    });
  }

  test('onOpen in AuthMode.NONE puts the items under 拡張機能 (createAddonMenu), onInstall the same', () => {
    const bundle = addOn();
    bundle.callAs({ kind: 'simpleTrigger', authMode: 'NONE', activeUser: '' }, 'onOpen', {
      authMode: 'NONE',
    });
    bundle.callAs({ kind: 'simpleTrigger', authMode: 'FULL' }, 'onInstall', { authMode: 'FULL' });
    expect(bundle.services.ui.menus.map((m) => m.addOn)).toEqual([true, true]);
    expect(bundle.services.calls.count('SpreadsheetApp', 'Ui.createMenu')).toBe(0);
  });

  test('what a bound script keeps per script is kept per document: the document’s lock, this sheet’s triggers, no webhook', () => {
    const bundle = addOn();
    bundle.call('runDailyFollowUps');
    bundle.call('installAutoRunTrigger');
    const calls = bundle.services.calls;
    expect(calls.count('LockService', 'getDocumentLock')).toBeGreaterThan(0);
    expect(calls.count('LockService', 'getScriptLock')).toBe(0);
    expect(calls.count('ScriptApp', 'getProjectTriggers')).toBe(0);
    expect(calls.count('ScriptApp', 'getUserTriggers')).toBeGreaterThan(0);
    bundle.services.properties.script.setProperty('tsunagu.webhookSecret', 'w'.repeat(48));
    const reply = bundle.callAs({ kind: 'webApp', activeUser: '' }, 'doPost', {
      parameter: { secret: 'w'.repeat(48) },
      postData: { contents: '{"events":[]}' },
    }) as { getContent(): string };
    expect(JSON.parse(reply.getContent())).toEqual({ status: 'rejected', events: 0 });
    expect(
      bundle.call('createWebhookUrl', 'https://script.google.com/macros/s/AKfycbx-fake-deployment-id/exec'),
    ).toMatchObject({
      ok: false,
      message: expect.stringContaining('アドオン版'),
    });
  });

  test('no shop’s LINE token is ever copied into the script properties every shop shares', () => {
    const TOKEN = 't'.repeat(40);
    const bundle = addOn({
      fetch: lineStandIn().handler,
      // What a bound copy would have: a webhook secret, and LINE's events reaching it (set here by hand).
      properties: {
        document: { 'tsunagu.line.token': 'old-token-of-this-shop' },
        script: {
          'tsunagu.webhookSecret': 'w'.repeat(48),
          'tsunagu.webhookLastEvent': String(Date.UTC(2026, 10, 15)),
        },
      },
    });
    bundle.call('runDailyFollowUps');
    expect(bundle.call('saveLineSettings', { token: TOKEN })).toMatchObject({ ok: true });
    bundle.call('runDailyFollowUps');
    const shared = JSON.stringify(bundle.services.properties.script.toRecord());
    expect(shared).not.toContain(TOKEN);
    expect(shared).not.toContain('old-token-of-this-shop');
    expect(shared).not.toContain('webhookLineToken');
    // No 連携コード either: nothing would hear one.
    expect(bundle.services.spreadsheet.toData().sheets.map((s) => s.name)).not.toContain('LINE連携');
  });

  test('自動実行 keeps to the add-on rules: one hourly trigger per user and document', () => {
    const bundle = addOn();
    bundle.call('installAutoRunTrigger');
    bundle.call('installAutoRunTrigger');
    expect(bundle.services.scriptApp.records()).toHaveLength(1);
    bundle.callAs({ kind: 'installableTrigger', activeUser: '' }, 'runScheduled');
    expect(bundle.services.gmail.draftRecords()).toHaveLength(1);
  });
});
