/**
 * Limits Google enforces on a script, as the fakes model them: an execution Apps Script stops stays stopped,
 * Properties' size limits, the manifest's urlFetchWhitelist, what google.script.run can carry, and scopes a user
 * did not grant (granular consent).
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { handle, sidebarPage } from '../../tools/sidebar-host';
import { FakeClock } from './clock';
import { loadBundle } from './host';
import { createFakeServices, type FakeAuthorizationInfo } from './index';
import { SCOPE } from './method-scopes';
import { projectManifest, urlAllowed } from './manifest';
import { SIDEBAR_SERVER_FUNCTIONS, carry, illegalPath, illegalValueMessage } from './script-run';
import type { SpreadsheetData } from './model';

function workbook(): SpreadsheetData {
  return {
    id: 'sheet-id',
    name: 'つなぐテスト',
    timeZone: 'Asia/Tokyo',
    sheets: [{ name: '顧客', values: [['x']] }],
  };
}

function services(options: Partial<Parameters<typeof createFakeServices>[0]> = {}) {
  return createFakeServices({
    spreadsheet: workbook(),
    clock: new FakeClock('2026-11-22T00:00:00Z'),
    ...options,
  });
}

describe('an execution Apps Script stops', () => {
  const code = `
    function writesAfterCatching() {
      const sheet = SpreadsheetApp.getActiveSpreadsheet().getSheets()[0];
      try { sheet.getRange(1, 1).setValue('first'); } catch (e) { sheet.getRange(2, 1).setValue('caught: ' + e.message); }
      return 'carried on';
    }
    function swallows() {
      try { SpreadsheetApp.getActiveSpreadsheet(); } catch (e) { return 'swallowed'; }
      return 'not killed';
    }
  `;

  test('every later call of that execution throws, and the execution ends with the kill however the script catches it', () => {
    const fakes = services();
    const loaded = loadBundle({ code, services: fakes });
    fakes.calls.onCall = (_service, method) => {
      if (method === 'Range.setValue') throw fakes.calls.kill();
    };
    expect(() => loaded.call('writesAfterCatching')).toThrow('Exceeded maximum execution time');
    fakes.calls.onCall = undefined;
    expect(fakes.spreadsheet.toData().sheets[0].values).toEqual([['x']]);
    expect(fakes.calls.killed).toBe('Exceeded maximum execution time');
  });

  test('a script that swallows the kill still does not return', () => {
    const fakes = services();
    const loaded = loadBundle({ code, services: fakes });
    fakes.calls.onCall = () => {
      throw fakes.calls.kill('Exceeded maximum execution time');
    };
    expect(() => loaded.call('swallows')).toThrow('Exceeded maximum execution time');
  });

  test('the next execution starts alive; an ordinary injected failure does not kill', () => {
    const fakes = services();
    const loaded = loadBundle({ code, services: fakes });
    fakes.calls.onCall = () => {
      throw fakes.calls.kill();
    };
    expect(() => loaded.call('swallows')).toThrow();
    fakes.calls.onCall = () => {
      throw new Error('Service error: Spreadsheets');
    };
    expect(loaded.call('swallows')).toBe('swallowed');
    fakes.calls.onCall = undefined;
    expect(loaded.call('swallows')).toBe('not killed');
  });
});

describe('Properties limits (Quotas for Google Services: 9 KB per value, 500 KB per store)', () => {
  test('a value over 9 KB is refused with Apps Script wording, and nothing is written', () => {
    const props = services().properties.getDocumentProperties();
    props.setProperty('ok', 'あ'.repeat(3072)); // 9216 bytes in UTF-8: exactly 9 KB
    expect(() => props.setProperty('big', 'あ'.repeat(3073))).toThrow('Argument too large: value');
    expect(() => props.setProperties({ small: '1', big: 'x'.repeat(9 * 1024 + 1) })).toThrow(
      'Argument too large: value',
    );
    expect(props.getKeys()).toEqual(['ok']);
  });

  test('a store past 500 KB in all is refused; deleting makes room again', () => {
    const props = services().properties.getUserProperties();
    const value = 'x'.repeat(9000);
    for (let i = 0; i < 56; i++) props.setProperty(`k${String(i).padStart(2, '0')}`, value); // 504,168 bytes
    expect(() => props.setProperty('one-more', value)).toThrow(
      'You have exceeded the property storage quota. Please remove some properties and try again.',
    );
    expect(props.getProperty('one-more')).toBeNull();
    props.deleteProperty('k00');
    props.setProperty('one-more', value);
    expect(props.getProperty('one-more')).toBe(value);
    // Each store has its own 500 KB.
    expect(() => services().properties.getScriptProperties().setProperty('k', value)).not.toThrow();
  });
});

describe("UrlFetchApp keeps to appsscript.json's urlFetchWhitelist", () => {
  const ok = () => ({ status: 200, body: '{}' });

  test("the manifest allows the LINE API and Google Sheets' data source URLs, nothing else", () => {
    expect(projectManifest().urlFetchWhitelist).toEqual([
      'https://api.line.me/',
      'https://docs.google.com/spreadsheets/d/',
    ]);
    const fetch = services({ fetch: ok }).urlFetch;
    expect(fetch.fetch('https://api.line.me/v2/bot/info').getResponseCode()).toBe(200);
    expect(() => fetch.fetch('https://api.line.me.evil.example/v2/bot/info?x=1')).toThrow(
      'Request to https://api.line.me.evil.example/v2/bot/info failed because the URL has not been whitelisted in the script manifest.',
    );
    expect(() => fetch.fetch('http://127.0.0.1:8080/v2/bot/message/push')).toThrow('not been whitelisted');
    // Refused before anything is sent.
    expect(fetch.requests.map((r) => r.url)).toEqual(['https://api.line.me/v2/bot/info']);
  });

  test('a stand-in is allowed only when the test names it; a manifest without the field allows any URL', () => {
    const standIn = services({ fetch: ok, allowFetch: ['http://127.0.0.1:8080/'] }).urlFetch;
    expect(standIn.fetch('http://127.0.0.1:8080/v2/bot/message/push').getResponseCode()).toBe(200);
    expect(() => standIn.fetch('http://127.0.0.1:9090/')).toThrow('not been whitelisted');
    expect(
      services({ fetch: ok, urlFetchWhitelist: null })
        .urlFetch.fetch('https://example.com/')
        .getResponseCode(),
    ).toBe(200);
  });

  test('a * in a prefix stands for subdomains', () => {
    expect(urlAllowed('https://a.b.example.com/x', ['https://*.example.com/'])).toBe(true);
    expect(urlAllowed('https://example.org/x', ['https://*.example.com/'])).toBe(false);
  });
});

// https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object): followRedirects
// "if false the fetch doesn't automatically follow HTTP redirects; it returns the original HTTP response. The
// default is true."
describe('UrlFetchApp follows redirects unless told not to', () => {
  const START = 'https://docs.google.com/spreadsheets/d/X/gviz/tq';
  const redirecting =
    (to: string, status = 302) =>
    (request: { url: string }) =>
      request.url === START
        ? { status, headers: { Location: to }, body: '' }
        : { status: 200, body: `at ${request.url}` };

  test('by default the response is the redirect target’s', () => {
    const fetch = services({
      fetch: redirecting('/spreadsheets/d/X/other'),
      urlFetchWhitelist: null,
    }).urlFetch;
    const response = fetch.fetch(START);
    expect(response.getResponseCode()).toBe(200);
    expect(response.getContentText()).toBe('at https://docs.google.com/spreadsheets/d/X/other');
    expect(fetch.requests.map((r) => r.url)).toEqual([
      START,
      'https://docs.google.com/spreadsheets/d/X/other',
    ]);
  });

  // RFC 9110 §15.4 (https://www.rfc-editor.org/rfc/rfc9110#section-15.4): the Apps Script page does not say.
  test.each([
    [301, 'GET', undefined],
    [302, 'GET', undefined],
    [303, 'GET', undefined],
    [307, 'POST', 'a=1'],
    [308, 'POST', 'a=1'],
  ])('a POST redirected with %i is fetched again as %s (HTTP’s rule)', (status, method, payload) => {
    const fetch = services({
      fetch: redirecting('/spreadsheets/d/X/other', status),
      urlFetchWhitelist: null,
    }).urlFetch;
    expect(fetch.fetch(START, { method: 'post', payload: 'a=1' }).getResponseCode()).toBe(200);
    expect(fetch.requests.map((r) => [r.method, r.url, r.payload])).toEqual([
      ['POST', START, 'a=1'],
      [method, 'https://docs.google.com/spreadsheets/d/X/other', payload],
    ]);
  });

  test('followRedirects: false returns the redirect itself', () => {
    const fetch = services({ fetch: redirecting('https://accounts.google.com/ServiceLogin') }).urlFetch;
    const response = fetch.fetch(START, { followRedirects: false });
    expect(response.getResponseCode()).toBe(302);
    expect(response.getHeaders()).toMatchObject({ Location: 'https://accounts.google.com/ServiceLogin' });
    expect(fetch.requests).toHaveLength(1);
  });

  test('our stricter assumption, not documented: a redirect target outside the allowlist is refused', () => {
    const fetch = services({ fetch: redirecting('https://accounts.google.com/ServiceLogin') }).urlFetch;
    expect(() => fetch.fetch(START)).toThrow('not been whitelisted');
  });
});

describe('google.script.run carries primitives, plain objects and arrays only', () => {
  test('legal values cross as copies: undefined in an array becomes null, an undefined field is left out', () => {
    expect(carry({ a: 1, b: 'x', c: [true, null, undefined], d: undefined, e: { f: [] } })).toEqual({
      a: 1,
      b: 'x',
      c: [true, null, null],
      e: { f: [] },
    });
    expect(carry(undefined)).toBeUndefined();
    expect(carry(Object.create(null))).toEqual({});
  });

  test.each([
    ['a Date', { when: new Date(0) }, 'when'],
    ['a function', [1, () => 1], '1'],
    ['NaN', { n: Number.NaN }, 'n'],
    ['Infinity', { rows: [{ n: Infinity }] }, 'rows.0.n'],
    ['a Map', new Map(), ''],
    ['a class instance', { x: new (class Point {})() }, 'x'],
    ['a BigInt', { n: BigInt(1) }, 'n'],
  ])('%s fails with Apps Script wording', (_name, value, path) => {
    expect(illegalPath(value)).toBe(path);
    expect(() => carry(value)).toThrow(illegalValueMessage(path));
  });

  test('a circular object fails; the same object twice side by side does not', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(illegalPath({ loop })).toBe('loop.self');
    const shared = { a: 1 };
    expect(illegalPath([shared, shared])).toBeNull();
  });

  test('a plain object made in the bundle realm crosses; a Date made there does not', () => {
    const fakes = services();
    const loaded = loadBundle({
      code: 'function plain() { return { a: [1] }; } function dated() { return { at: new Date() }; }',
      services: fakes,
    });
    expect(carry(loaded.call('plain'))).toEqual({ a: [1] });
    expect(() => carry(loaded.call('dated'))).toThrow('Failed due to illegal value in property: at');
  });

  test('the sidebar host answers a server function returning a Date with a failure, as google.script.run fails', () => {
    const reply = handle(
      '<p>page</p>',
      () => ({ at: new Date(0) }),
      'POST',
      '/__run/getTodayFollowUps',
      '[]',
    );
    expect(JSON.parse(reply.body)).toEqual({
      ok: false,
      message: 'Failed due to illegal value in property: at',
    });
    const fine = handle(
      '<p>page</p>',
      () => ({ n: 1, u: undefined }),
      'POST',
      '/__run/getTodayFollowUps',
      '[]',
    );
    expect(JSON.parse(fine.body)).toEqual({ ok: true, value: { n: 1 } });
  });

  test('the list of server functions is the one the sidebar calls', () => {
    const dir = join(__dirname, '../../sidebar');
    const called = new Set<string>();
    for (const file of readdirSync(dir, { recursive: true }).map(String)) {
      if (!file.endsWith('.ts')) continue;
      for (const m of readFileSync(join(dir, file), 'utf8').matchAll(/\bcall(?:<[^>]*>)?\('([A-Za-z]+)'/g))
        called.add(m[1]);
    }
    expect([...called].sort()).toEqual([...SIDEBAR_SERVER_FUNCTIONS].sort());
  });
});

test('the page shim refuses a Date argument before sending anything, and sends legal ones', () => {
  const page = sidebarPage('<body><script>/* sidebar */</script></body>');
  const shim = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
  const sent: string[] = [];
  const window: Record<string, unknown> = {};
  const fetch = (url: string) => {
    sent.push(url);
    return new Promise(() => undefined);
  };
  vm.runInNewContext(shim, { window, fetch, Proxy });
  const run = (window.google as { script: { run: Record<string, (...args: unknown[]) => void> } }).script.run;
  expect(() => run.saveSettings({ since: new Date() })).toThrow(
    'Failed due to illegal value in property: 0.since',
  );
  expect(sent).toEqual([]);
  run.saveSettings({ 店名: 'ここち堂', list: [undefined] });
  expect(sent).toEqual(['/__run/saveSettings']);
});

describe('granular consent: scopes the user did not grant', () => {
  const FULL = 'FULL' as unknown as GoogleAppsScript.Script.AuthMode;

  test('a call that needs a withheld scope throws as Apps Script does; others work', () => {
    const fakes = services({
      withheldScopes: [SCOPE.gmail, SCOPE.scriptApp],
      fetch: () => ({ status: 200 }),
    });
    expect(() => fakes.gmail.getDrafts()).toThrow(
      'You do not have permission to call GmailApp.getDrafts. Required permissions: https://mail.google.com/',
    );
    expect(() => fakes.scriptApp.newTrigger('runScheduled')).toThrow(
      'Required permissions: https://www.googleapis.com/auth/script.scriptapp',
    );
    expect(fakes.spreadsheetApp.getActiveSpreadsheet().getName()).toBe('つなぐテスト');
    expect(fakes.urlFetch.fetch('https://api.line.me/v2/bot/info').getResponseCode()).toBe(200);
    expect(fakes.session.getEffectiveUser().getEmail()).toBe('owner@example.com');
    expect(fakes.properties.getDocumentProperties().getKeys()).toEqual([]);
  });

  test('each scope guards its service', () => {
    const cases: [string, (f: ReturnType<typeof services>) => unknown][] = [
      [SCOPE.spreadsheets, (f) => f.spreadsheetApp.getActiveSpreadsheet()],
      [SCOPE.ui, (f) => f.ui.alert('x')],
      [SCOPE.fetch, (f) => f.urlFetch.fetch('https://api.line.me/')],
      [SCOPE.email, (f) => f.session.getEffectiveUser()],
      [SCOPE.gmail, (f) => f.gmail.createDraft('a@example.jp', 's', 'b')],
      [SCOPE.scriptApp, (f) => f.scriptApp.getProjectTriggers()],
    ];
    for (const [scope, use] of cases) {
      expect(() => use(services({ withheldScopes: [scope] }))).toThrow(`Required permissions: ${scope}`);
    }
  });

  test('getAuthorizationInfo answers for the scopes asked about, or for all of the manifest', () => {
    const app = services({ withheldScopes: [SCOPE.gmail] }).scriptApp;
    const gmail = app.getAuthorizationInfo(FULL, [SCOPE.gmail]);
    expect(gmail.getAuthorizationStatus()).toBe('REQUIRED');
    expect(gmail.getAuthorizationUrl()).toMatch(/^https:\/\/script\.google\.com\//);
    const both = app.getAuthorizationInfo(FULL, [
      SCOPE.gmail,
      SCOPE.spreadsheets,
    ]) as unknown as FakeAuthorizationInfo;
    expect(both.getAuthorizedScopes()).toEqual([SCOPE.spreadsheets]);
    expect(app.getAuthorizationInfo(FULL, [SCOPE.spreadsheets]).getAuthorizationStatus()).toBe(
      'NOT_REQUIRED',
    );
    expect(app.getAuthorizationInfo(FULL, [SCOPE.spreadsheets]).getAuthorizationUrl()).toBeNull();
    expect(app.getAuthorizationInfo(FULL).getAuthorizationStatus()).toBe('REQUIRED');
    expect(services().scriptApp.getAuthorizationInfo(FULL).getAuthorizationStatus()).toBe('NOT_REQUIRED');
  });

  test('requireScopes ends the execution and asks for the missing scopes; granted ones pass', () => {
    const fakes = services({ withheldScopes: [SCOPE.scriptApp] });
    const loaded = loadBundle({
      code: `function turnOn() {
        ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, ['${SCOPE.spreadsheets}']);
        try { ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, ['${SCOPE.scriptApp}', '${SCOPE.spreadsheets}']); }
        catch (e) { SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange(1, 1).setValue('carried on'); }
        return 'done';
      }`,
      services: fakes,
    });
    expect(() => loaded.call('turnOn')).toThrow('Authorization is required to perform that action.');
    expect(fakes.scriptApp.consentPrompts).toEqual([[SCOPE.scriptApp]]);
    expect(fakes.spreadsheet.toData().sheets[0].values).toEqual([['x']]);
  });
});
