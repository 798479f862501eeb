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
  customerSheet,
  dateCell,
  loadTsunagu,
  OWNER,
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

  function addOn() {
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

  test('自動実行 keeps to the add-on rules: one hourly trigger per user and document', () => {
    const bundle = addOn();
    bundle.call('installAutoRunTrigger');
    bundle.call('installAutoRunTrigger');
    expect(bundle.services.scriptApp.records()).toHaveLength(1);
    bundle.callAs({ kind: 'installableTrigger', activeUser: '' }, 'runScheduled');
    expect(bundle.services.gmail.draftRecords()).toHaveLength(1);
  });
});
