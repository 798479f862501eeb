import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createFakeServices,
  FakeClock,
  type CellValue,
  type FakeServices,
  type FetchHandler,
  type SheetData,
} from '../fakes';
import { instantOf } from '../fakes/clock';
import { loadBundle, type LoadedBundle } from '../fakes/host';

export const TZ = 'Asia/Tokyo';
const DIST = join(__dirname, '../../dist');

/** The bundle clasp pushes, built by `npm test`'s pretest step. */
export const BUNDLE_CODE = readFileSync(join(DIST, 'Code.js'), 'utf8');
const SIDEBAR_HTML = readFileSync(join(DIST, 'Sidebar.html'), 'utf8');

export interface Tsunagu {
  bundle: LoadedBundle;
  services: FakeServices;
  clock: FakeClock;
  call<T = unknown>(name: string, ...args: unknown[]): T;
  /** A sheet's current values, or undefined when it does not exist. */
  values(sheet: string): CellValue[][] | undefined;
  /** Rows of a sheet as records keyed by its header row. */
  records(sheet: string): Record<string, CellValue>[];
  /** Moves the clock to a wall time in Tokyo. */
  at(isoDay: string, hour?: number, minute?: number): void;
}

export interface Options {
  sheets: SheetData[];
  today: string;
  hour?: number;
  preparing?: boolean;
  documentProperties?: Record<string, string>;
  state?: Parameters<typeof createFakeServices>[0]['state'];
  gmailDailyQuota?: number;
  /** Answers UrlFetchApp (e.g. a LINE Messaging API stand-in). */
  fetch?: FetchHandler;
}

/** Loads dist/Code.js into a vm with the fakes, as Apps Script would run it for this spreadsheet. */
export function loadTsunagu(options: Options): Tsunagu {
  const clock = new FakeClock(wall(options.today, options.hour ?? 8));
  const bundle = loadBundle({
    code: BUNDLE_CODE,
    clock,
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
        properties: {
          document: {
            ...(options.preparing === false ? {} : { 'tsunagu.preparing': 'on' }),
            ...options.documentProperties,
          },
        },
      }),
  });
  const values = (name: string) =>
    bundle.services.spreadsheet.toData().sheets.find((s) => s.name === name)?.values;
  return {
    bundle,
    services: bundle.services,
    clock,
    call: <T>(name: string, ...args: unknown[]) => bundle.call(name, ...args) as T,
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
