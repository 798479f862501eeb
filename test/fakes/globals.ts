import { FakeClock, createFakeServices, type CreateFakeServicesOptions, type FakeServices } from './index';
import type { FakeSheet } from './spreadsheet';

/**
 * Installs the fakes as the Apps Script globals for a module tested directly (not through the bundle), and
 * returns a function that puts the previous globals back.
 */
export function installGlobals(options: CreateFakeServicesOptions): {
  services: FakeServices;
  restore: () => void;
} {
  const services = createFakeServices(options);
  const saved = new Map(
    Object.keys(services.globals).map((k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)]),
  );
  Object.assign(globalThis, services.globals);
  const restore = () => {
    for (const [key, descriptor] of saved) {
      if (descriptor) Object.defineProperty(globalThis, key, descriptor);
      else delete (globalThis as Record<string, unknown>)[key];
    }
  };
  return { services, restore };
}

/**
 * An empty spreadsheet installed as the Apps Script globals around each test of a file, for a writer of Tsunagu's
 * own sheets: `ss()` as the code sees it, `sheet(name)` for what it wrote (failing when it wrote nothing there).
 */
export function emptySpreadsheetEachTest(at = '2026-11-22T00:00:00Z') {
  let installed: { services: FakeServices; restore: () => void } | undefined;
  beforeEach(() => {
    installed = installGlobals({
      spreadsheet: { id: 'ss', name: 'つなぐテスト', timeZone: 'Asia/Tokyo', sheets: [] },
      clock: new FakeClock(at),
    });
  });
  afterEach(() => installed?.restore());
  const services = (): FakeServices => {
    if (!installed) throw new Error('the fakes are installed only while a test runs');
    return installed.services;
  };
  return {
    services,
    ss: () => services().spreadsheet as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet,
    sheet: (name: string): FakeSheet => {
      const found = services().spreadsheet.sheet(name);
      if (!found) throw new Error(`no ${name} sheet`);
      return found;
    },
  };
}
