import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLE_CODE, C1_MAIL, customerSheet, loadTsunagu } from './harness';

const ENTRY_POINTS = [
  'onOpen',
  'onInstall',
  'showTodaySidebar',
  'setupWorkbook',
  'useSheetAsCustomers',
  'runDailyFollowUps',
  'runScheduled',
  'installAutoRunTrigger',
  'removeAutoRunTrigger',
  'doPost',
  'startPreparing',
  'sendApprovedLine',
  'markLettersPrinted',
  'getTodayFollowUps',
  'getAutoRunState',
  'showSettingsSidebar',
  'createLetterSheet',
  'applyFollowUpAction',
  'getSettingsView',
  'saveSettings',
  'saveLineSettings',
  'sendTestNotice',
  'setAutoRun',
  'getFollowUpPage',
  'getFollowUpDetail',
  'createWebhookUrl',
  'runDiagnosis',
  'startWithoutContactLog',
  'getDiagnosis',
  'showSetupWizard',
  'getSetupWizard',
  'chooseCustomerSheet',
  'deleteExampleCustomers',
  'finishSetupWizard',
  'publishTemplateVersion',
  'showImportSidebar',
  'startImport',
  'checkImportPart',
  'addImportCustomers',
  'writeImportPart',
  'finishImport',
  'getImportSheets',
  'readImportSheet',
  'switchPostcardStock',
];

const oneCustomer = () => customerSheet([{ ...C1_MAIL }]);

describe('dist/Code.js as Apps Script loads it', () => {
  test('is one classic script: no import or export left', () => {
    expect(BUNDLE_CODE).not.toMatch(/^\s*(import|export)\s/m);
  });

  test.each(ENTRY_POINTS)('%s is a top-level function declaration', (name) => {
    expect(BUNDLE_CODE).toMatch(new RegExp(`^function ${name}\\(`, 'm'));
    const t = loadTsunagu({ sheets: [oneCustomer()], today: '2026-11-22' });
    expect(t.bundle.globals()).toContain(name);
  });

  test('onOpen builds the フォローアップ menu, touching nothing but the Ui', () => {
    const t = loadTsunagu({ sheets: [oneCustomer()], today: '2026-11-22' });
    t.call('onOpen', { authMode: 'NONE' });
    const [menu] = t.services.ui.menus;
    expect(menu.caption).toBe('フォローアップ');
    const items = menu.items
      .filter((i) => 'caption' in i)
      .map((i) => [i.caption, (i as { functionName?: string }).functionName]);
    expect(items).toEqual(
      expect.arrayContaining([
        ['今日のフォロー', 'showTodaySidebar'],
        ['今すぐ計画を更新', 'runDailyFollowUps'],
        ['承認したLINEを送信', 'sendApprovedLine'],
        ['手紙を作成', 'createLetterSheet'],
        ['設定', 'showSettingsSidebar'],
        ['初期設定', 'showSetupWizard'],
        ['このシートを顧客の一覧にする', 'useSheetAsCustomers'],
        ['自動実行をオン', 'installAutoRunTrigger'],
        ['自動実行をオフ', 'removeAutoRunTrigger'],
      ]),
    );
    for (const [, fn] of items) expect(ENTRY_POINTS).toContain(fn);
    // getUi, createMenu, one call per item or separator, addToUi: nothing else is touched.
    expect(t.services.calls.total('SpreadsheetApp')).toBe(menu.items.length + 3);
    expect(t.services.calls.total('PropertiesService')).toBe(0);
  });

  test('onInstall builds the same menu', () => {
    const t = loadTsunagu({ sheets: [oneCustomer()], today: '2026-11-22' });
    t.call('onInstall', {});
    expect(t.services.ui.menus[0].caption).toBe('フォローアップ');
  });

  test('showTodaySidebar opens the sidebar titled 今日のフォロー from Sidebar.html', () => {
    // A workbook set up before (導入日): a never set-up one opens on 初期設定 (setup-wizard.test.ts).
    const t = loadTsunagu({
      sheets: [oneCustomer()],
      today: '2026-11-22',
      documentProperties: { 'tsunagu.introDay': '2026-11-01' },
    });
    t.call('showTodaySidebar');
    const [shown] = t.services.ui.shown;
    expect(shown.kind).toBe('sidebar');
    expect(shown.title).toBe('今日のフォロー');
    expect(shown.html).toContain('google.script.run');
  });

  test('showSettingsSidebar opens the same page on its 設定 tab', () => {
    const t = loadTsunagu({ sheets: [oneCustomer()], today: '2026-11-22' });
    t.call('showSettingsSidebar');
    const [shown] = t.services.ui.shown;
    expect(shown).toMatchObject({ kind: 'sidebar', title: 'つなぐの設定' });
    expect(shown.html).toContain('<body data-tab="settings">');
  });

  test('getTodayFollowUps returns JSON-safe data grouped by channel', () => {
    const t = loadTsunagu({ sheets: [oneCustomer()], today: '2026-11-22', preparing: false });
    const view = t.call<Record<string, unknown>>('getTodayFollowUps');
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
    expect(view).toMatchObject({
      today: '2026-11-22',
      preview: true,
      total: 1,
      groups: [
        {
          channel: 'メール',
          items: [{ customerId: 'C1', title: '購入後フォロー（お伺い）', date: '2026-11-22' }],
        },
      ],
    });
  });

  test('installAutoRunTrigger keeps exactly one hourly trigger and turns preparation on; remove deletes it', () => {
    const t = loadTsunagu({ sheets: [oneCustomer()], today: '2026-11-22', preparing: false });
    t.call('installAutoRunTrigger');
    t.call('installAutoRunTrigger');
    const triggers = t.services.exportState().triggers;
    expect(triggers).toHaveLength(1);
    expect(triggers[0]).toMatchObject({ handler: 'runScheduled', eventType: 'CLOCK' });
    expect(t.services.properties.document.getProperty('tsunagu.preparing')).toBe('on');
    expect(t.call<{ on: boolean }>('getAutoRunState').on).toBe(true);
    t.call('removeAutoRunTrigger');
    expect(t.services.exportState().triggers).toHaveLength(0);
  });

  test('doPost rejects a request without the webhook secret and answers LINE verification with it', () => {
    const t = loadTsunagu({
      sheets: [oneCustomer()],
      today: '2026-11-22',
      scriptProperties: { 'tsunagu.webhookSecret': 's'.repeat(40) },
    });
    const post = (secret: string | undefined, contents: string) =>
      JSON.parse(
        (
          t.call('doPost', { parameter: secret ? { secret } : {}, postData: { contents } }) as {
            getContent(): string;
          }
        ).getContent(),
      );
    expect(post(undefined, '{"events":[]}')).toEqual({ status: 'rejected', events: 0 });
    expect(post('wrong', '{"events":[]}')).toEqual({ status: 'rejected', events: 0 });
    expect(post('s'.repeat(40), 'not json')).toEqual({ status: 'rejected', events: 0 });
    expect(post('s'.repeat(40), '{"destination":"x","events":[]}')).toEqual({ status: 'ok', events: 0 });
  });
});

describe('the manifest clasp pushes', () => {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../dist/appsscript.json'), 'utf8'));

  test('is the source manifest: V8, Asia/Tokyo, Stackdriver, explicit narrow scopes, LINE and Sheets for UrlFetch', () => {
    expect(manifest).toEqual(JSON.parse(readFileSync(join(__dirname, '../../appsscript.json'), 'utf8')));
    expect(manifest).toMatchObject({
      runtimeVersion: 'V8',
      timeZone: 'Asia/Tokyo',
      exceptionLogging: 'STACKDRIVER',
    });
    expect(manifest.oauthScopes).toContain('https://www.googleapis.com/auth/spreadsheets.currentonly');
    expect(manifest.oauthScopes).not.toContain('https://www.googleapis.com/auth/spreadsheets');
    expect(manifest.oauthScopes).toContain('https://mail.google.com/');
    // LINE's API, and the template's 「はじめに」 as CSV for 診断 (src/app/version-check.ts).
    expect(manifest.urlFetchWhitelist).toEqual([
      'https://api.line.me/',
      'https://docs.google.com/spreadsheets/d/',
    ]);
    // openById/openByUrl need the full spreadsheets scope (every spreadsheet of the owner's): never used.
    expect(BUNDLE_CODE).not.toMatch(/\.openBy(Id|Url)\(/);
  });

  test('every Apps Script service the bundle touches is covered by a scope', () => {
    const needs: [RegExp, string][] = [
      [/GmailApp\./, 'https://mail.google.com/'],
      [/UrlFetchApp\./, 'https://www.googleapis.com/auth/script.external_request'],
      [/ScriptApp\.newTrigger/, 'https://www.googleapis.com/auth/script.scriptapp'],
      [/\.showSidebar\(/, 'https://www.googleapis.com/auth/script.container.ui'],
    ];
    for (const [use, scope] of needs)
      if (use.test(BUNDLE_CODE)) expect(manifest.oauthScopes).toContain(scope);
  });
});
