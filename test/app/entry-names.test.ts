/**
 * One name per operation (issue 15 item 7): a global entry point in src/index.ts calls the app/entries.ts function of
 * its own name, and that function calls the use case of the same name. The exceptions are the entry points whose
 * names Apps Script fixes (onOpen, onInstall, doPost) and the two menu items that open one sidebar on either tab.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** Global entry point → the app/entries.ts function it calls. */
function entryCalls(): Map<string, string> {
  const calls = new Map<string, string>();
  for (const [, entry, body] of read('src/index.ts').matchAll(
    /^export const (\w+) = entry\(([\s\S]*?)\);$/gm,
  )) {
    const called = /\bapp\.(\w+)\(/.exec(body) ?? /^\s*\(?[^)]*\)?\s*=>\s*(\w+)\(/.exec(body);
    calls.set(entry, called?.[1] ?? '');
  }
  return calls;
}

/** app/entries.ts function → the use cases (namespace.name) it calls. */
function useCaseCalls(): Map<string, string[]> {
  const source = read('src/app/entries.ts');
  const namespaces = [...source.matchAll(/^import \* as (\w+) from '\.\/[\w-]+';$/gm)].map((m) => m[1]);
  const calls = new Map<string, string[]>();
  const parts = source.split(/^export function /m).slice(1);
  for (const part of parts) {
    const name = /^\w+/.exec(part)?.[0] ?? '';
    const body = part.split(/^}$/m)[0];
    const used = [...body.matchAll(/\b(\w+)\.(\w+)\(/g)]
      .filter(([, ns]) => namespaces.includes(ns))
      .map(([, ns, fn]) => `${ns}.${fn}`);
    calls.set(name, used);
  }
  return calls;
}

/** Entry points whose names are not the operation's: Apps Script calls them by these names. */
const FIXED_NAMES: Record<string, string> = {
  onOpen: 'buildMenu',
  onInstall: 'onOpen',
  doPost: 'handleWebhook',
  showTodaySidebar: 'showSidebar',
  showSettingsSidebar: 'showSidebar',
  showSetupWizard: 'showSidebar',
  showImportSidebar: 'showSidebar',
};

test('every global entry point calls the app function of its own name', () => {
  const calls = entryCalls();
  expect(calls.size).toBeGreaterThanOrEqual(29);
  for (const [entry, called] of calls)
    expect({ entry, called }).toEqual({ entry, called: FIXED_NAMES[entry] ?? entry });
});

test('every app/entries.ts function calls only the use case of its own name', () => {
  const calls = useCaseCalls();
  // The use cases an entry calls besides its own: reading the state to report after a failure, the sidebar's
  // switch that turns the trigger on or off, and the list that writes the plan an action left to it.
  const ALSO: Record<string, string[]> = {
    installAutoRunTrigger: ['getAutoRunState'],
    setAutoRun: ['installAutoRunTrigger', 'removeAutoRunTrigger'],
    // The list, with the whole plan written first when a sidebar action left 次回連絡日 to it.
    getTodayFollowUps: ['refreshedToday'],
  };
  const checked = [...calls].filter(([, used]) => used.length > 0);
  expect(checked.length).toBeGreaterThanOrEqual(20);
  for (const [name, used] of checked)
    for (const call of used) {
      const fn = call.split('.')[1];
      expect({ name, call, same: fn === name || (ALSO[name] ?? []).includes(fn) }).toEqual({
        name,
        call,
        same: true,
      });
    }
});
