/**
 * The local runner: the exact dist/Code.js that clasp pushes, run in a node:vm context against in-memory fakes of
 * the Apps Script services backed by a real .xlsx workbook. Used by `npm run local`, the demo, tests and the bench.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { readSettings } from '../src/core/settings';
import type { DailyRunSummary } from '../src/app/daily-run';
import { CUSTOMER_COLUMNS, OUTBOX_COLUMNS, SETTINGS_HEADERS, SHEET } from '../src/labels';
import { matchHeaders } from '../src/sheets/table';
import {
  createFakeServices,
  FakeClock,
  parseState,
  type FakeServices,
  type FakeState,
  type SheetData,
  type SpreadsheetData,
} from '../test/fakes';
import { instantOf } from '../test/fakes/clock';
import type { DeveloperMetadataData } from '../test/fakes/model';
import { loadBundle, type LoadedBundle } from '../test/fakes/host';
import { carry } from '../test/fakes/script-run';
import {
  previewImport,
  startImport,
  unattendedDecisions,
  writeImport,
  type ImportResult,
  importServerOver,
  type ImportServer,
} from '../src/shared/import-driver';
import { ImportFileError, readImportFile, type FileEncoding } from '../src/shared/import-file';
import type { ImportSource } from '../src/shared/import-types';
import { fetchSync, isExternal } from './http-sync';
import type { FetchRequest, FetchResponse } from '../test/fakes/services';
import { readWorkbook, writeWorkbook } from './xlsx';
import { ROOT } from './root';
import { DEMO_DAY } from './example/demo-day';

export const BUNDLE_PATH = join(ROOT, 'dist/Code.js');
const SIDEBAR_PATH = join(ROOT, 'dist/Sidebar.html');
/** Set by the trigger path (自動実行 on); absent right after setup (preview). */
const PREPARING_PROPERTY = 'tsunagu.preparing';

export interface RunOptions {
  workbook: string;
  /** YYYY-MM-DD in the spreadsheet's time zone. */
  today: string;
  /** HH:MM; default: 設定 毎日の実行時刻 (8:00). */
  now?: string;
  out?: string;
  /** JSON file: { document?: {...}, script?: {...}, user?: {...} } */
  props?: string;
  preview?: boolean;
  /**
   * URL prefixes UrlFetchApp may fetch besides the manifest's urlFetchWhitelist, e.g. a LINE stand-in on
   * http://127.0.0.1:PORT/ (Apps Script itself would refuse it).
   */
  allowFetch?: string[];
  /**
   * Export files (CSV/TSV from a booking or register system) imported in order before the day's run, as the
   * sidebar's 「CSVを取り込む」 would with every uncertain match left unconfirmed and every new customer confirmed.
   */
  imports?: string[];
  /**
   * Entry points called in order after the day's run, as the owner's clicks in the sidebar would call them through
   * google.script.run once they have read the day (e.g. the answer to the November 年賀状 question); the workbook
   * and state written are those after the clicks, and each reply is kept in the result.
   */
  after?: { name: string; args?: unknown[] }[];
  /**
   * YYYY-MM-DD after `today`: the morning runs go on, one a day at the same hour on the same workbook, through this
   * day (an owner who lets the trigger work); the summary and the workbook written are the last day's.
   */
  until?: string;
  /** Entry points called after every day's run (e.g. 手紙を印刷済みにする, an owner who prints each morning). */
  eachDay?: { name: string; args?: unknown[] }[];
}

/** One customer row of the result, as `--json` prints it. */
export interface CustomerLine {
  顧客ID: string;
  次回連絡日: string | null;
  次回連絡内容: string;
  次回チャネル: string;
  理由: string;
  要確認: string;
}

export interface RunResult {
  summary: DailyRunSummary;
  outPath: string;
  statePath: string;
  /** Folder with drafts/*.eml and line/*.json. */
  filesDir: string;
  customers: CustomerLine[];
  drafts: number;
  lineMessages: number;
  services: FakeServices;
  /** What each --import did, in order. */
  imports: ImportedFile[];
  /** The reply of each of `after`, in order. */
  replies: unknown[];
}

/** The workbook cannot be processed (exit 1); the message is the owner's Japanese message. */
export class RunFailure extends Error {}

export async function runLocal(options: RunOptions): Promise<RunResult> {
  const inPath = resolve(options.workbook);
  const outPath = resolve(options.out ?? join('out', basename(inPath)));
  if (outPath === inPath)
    throw new UsageError('--out must differ from --workbook: the input is never modified.');
  validateDay(options.today);
  if (!existsSync(inPath)) throw new RunFailure(`ブック ${inPath} が見つかりません。`);
  const { workbook, data } = await readWorkbook(inPath);
  const statePath = `${inPath}.state.json`;
  const stateText = existsSync(statePath) ? readFileSync(statePath, 'utf8') : undefined;
  const state = stateText === undefined ? undefined : parseState(stateText);
  // A workbook file has no developer metadata: the tags Tsunagu put on its columns travel in the state file.
  const tags = stateText === undefined ? {} : savedMetadata(stateText);
  for (const sheet of data.sheets) if (tags[sheet.name]) sheet.developerMetadata = tags[sheet.name];
  const props = options.props
    ? (JSON.parse(readFileSync(options.props, 'utf8')) as Record<string, Record<string, string>>)
    : {};
  const clock = new FakeClock(startInstant(options, data.timeZone, data.sheets));

  const bundle = bundleOn(data, clock, state, options.allowFetch);
  const { services } = bundle;
  // Seeded outside the bundle, so they do not count as the bundle's service calls.
  for (const store of ['document', 'script', 'user'] as const) {
    const seeded = { ...services.properties[store].toRecord(), ...props[store] };
    if (store === 'document') seeded[PREPARING_PROPERTY] = options.preview ? 'off' : 'on';
    services.properties[store].replaceAll(seeded);
  }

  // --import: each file through the sidebar's own driver, at the run's frozen clock, before the day is planned.
  const imports: ImportedFile[] = [];
  for (const file of options.imports ?? []) imports.push(await importFile(bundleImportServer(bundle), file));

  let summary = bundle.call('runDailyFollowUps') as DailyRunSummary | null;
  // The trigger's hour also sends the LINE already approved (inside 9:00–20:00, with a token set).
  if (summary && !options.preview) bundle.call('sendApprovedLine');
  if (!summary) {
    const alert = services.ui.alerts[services.ui.alerts.length - 1];
    throw new RunFailure(alert ? alert.prompt : '処理できませんでした');
  }
  const click = ({ name, args = [] }: { name: string; args?: unknown[] }) =>
    carry(bundle.call(name, ...args.map((a) => carry(a))));
  for (const call of options.eachDay ?? []) click(call);
  const replies = (options.after ?? []).map(click);
  const days = options.until === undefined ? 0 : daysBetween(options.today, options.until);
  for (let n = 1; n <= days; n++) {
    clock.set(startInstant(options, data.timeZone, data.sheets) + n * MS_PER_DAY);
    summary = (bundle.call('runDailyFollowUps') as DailyRunSummary | null) ?? summary;
    if (!options.preview) bundle.call('sendApprovedLine');
    for (const call of options.eachDay ?? []) click(call);
  }

  const after = services.spreadsheet.toData();
  mkdirSync(dirname(outPath), { recursive: true });
  await writeWorkbook({ workbook, before: data, after, path: outPath });
  const statePathOut = `${outPath}.state.json`;
  const developerMetadata = Object.fromEntries(
    after.sheets.filter((s) => s.developerMetadata).map((s) => [s.name, s.developerMetadata]),
  );
  writeFileSync(
    statePathOut,
    `${JSON.stringify({ ...services.exportState(), developerMetadata }, null, 2)}\n`,
  );
  const filesDir = join(dirname(outPath), basename(outPath, extname(outPath)));
  // Drafts and messages of an earlier run into the same folder would read as this run's.
  rmSync(filesDir, { recursive: true, force: true });
  const drafts = await writeDrafts(services, join(filesDir, 'drafts'));
  const lineMessages = writeLineMessages(after.sheets, join(filesDir, 'line'));
  return {
    summary,
    outPath,
    statePath: statePathOut,
    filesDir,
    customers: customerLines(after.sheets, data.timeZone),
    drafts,
    lineMessages,
    services,
    imports,
    replies,
  };
}

/** One --import: the file, what it was read as, and what the import did. */
export interface ImportedFile extends ImportResult {
  file: string;
  encoding: FileEncoding;
  source: ImportSource;
  /** Visit and booking rows in the file, and the people left for the owner to decide about (never merged here). */
  visits: number;
  bookings: number;
  matchedCustomers: number;
  uncertain: number;
  /** Rows the preview listed as not importable (a totals line, a row without a date). */
  unreadable: number;
}

/**
 * The bundle's import entry points as the sidebar reaches them through google.script.run: asynchronous, and
 * arguments and replies cross as copies (carry refuses what google.script.run cannot carry).
 */
export function bundleImportServer(bundle: LoadedBundle): ImportServer {
  return importServerOver((name, request) =>
    Promise.resolve().then(() => carry(bundle.call(name, carry(request)))),
  );
}

/**
 * Imports one export file through the driver the sidebar uses (start → preview → the unattended decisions →
 * write): every uncertain match left unconfirmed, every new customer confirmed. A file that cannot be read or
 * imported is a RunFailure naming the file, with the owner's message.
 */
export async function importFile(server: ImportServer, path: string): Promise<ImportedFile> {
  if (!existsSync(path)) throw new RunFailure(`取り込むファイル ${resolve(path)} が見つかりません。`);
  return importBytes(server, basename(path), new Uint8Array(readFileSync(path)));
}

/** importFile on a file's bytes (the sidebar reads them from the file the owner picked). */
export async function importBytes(
  server: ImportServer,
  file: string,
  bytes: Uint8Array,
): Promise<ImportedFile> {
  let read;
  try {
    read = readImportFile(bytes);
  } catch (error) {
    if (error instanceof ImportFileError) throw new RunFailure(`${file}: ${error.message}`);
    throw error;
  }
  try {
    const started = await startImport(server, file, read.rows);
    if (!started.start.ok) throw new RunFailure(`${file}: ${started.start.message}`);
    const preview = await previewImport(server, started);
    const result = await writeImport(server, started, preview, unattendedDecisions(preview));
    return {
      ...result,
      file,
      encoding: read.encoding,
      source: started.start.source,
      visits: preview.visits,
      bookings: preview.bookings,
      matchedCustomers: preview.matchedCustomers,
      uncertain: preview.uncertain.length,
      unreadable: preview.skipped.length,
    };
  } catch (error) {
    // A server call that failed (its message is the owner's): the parts written so far stay, and importing the
    // same file again resumes.
    if (error instanceof RunFailure) throw error;
    throw new RunFailure(`${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One line for the owner about an --import (the runner prints it; the demo too). */
export function importLine(i: ImportedFile): string {
  const counts = [
    `来店履歴に追加 ${i.added}件`,
    i.merged > 0 ? `同じ日の来店にまとめた ${i.merged}件` : '',
    i.already > 0 ? `取込済み ${i.already}件` : '',
    `新しいお客様 ${i.newCustomers}人`,
    i.uncertain > 0 ? `確認が必要で取り込まなかった方 ${i.uncertain}人` : '',
    i.withdrawn > 0 ? `取り消した予約 ${i.withdrawn}件` : '',
    i.unreadable > 0 ? `取り込めない行 ${i.unreadable}行` : '',
  ].filter(Boolean);
  const rows = `来店 ${i.visits}件・予約 ${i.bookings}件`;
  // What the owner must do about it (a customer the source says unsubscribed, a chosen 顧客ID gone), each on a line.
  const notes = i.problems.map((p) => `\n  ${p}`).join('');
  return `取り込み: ${i.file}（${i.source.label}・${i.encoding}）${rows} → ${counts.join('、')}${notes}`;
}

/** The developer metadata a state file carries, by sheet name ({} when it has none). */
function savedMetadata(stateText: string): Record<string, DeveloperMetadataData[]> {
  const parsed = JSON.parse(stateText) as { developerMetadata?: Record<string, DeveloperMetadataData[]> };
  return parsed.developerMetadata ?? {};
}

/** dist/Code.js in a vm with the fakes over a workbook's sheets; UrlFetchApp makes real HTTP requests. */
export function bundleOn(
  data: SpreadsheetData,
  clock: FakeClock,
  state?: Partial<FakeState>,
  allowFetch?: string[],
  /** Answers UrlFetchApp instead of the network (e.g. the bench's LINE stand-in). */
  fetch?: (request: FetchRequest) => FetchResponse,
): LoadedBundle {
  return loadBundle({
    code: readFileSync(BUNDLE_PATH, 'utf8'),
    filename: BUNDLE_PATH,
    clock,
    services: (makeDate, makeError) =>
      createFakeServices({
        spreadsheet: data,
        clock,
        htmlFiles: existsSync(SIDEBAR_PATH) ? { Sidebar: readFileSync(SIDEBAR_PATH, 'utf8') } : {},
        state,
        makeDate,
        makeError,
        allowFetch,
        fetch:
          fetch ??
          ((request) => {
            if (!isExternal(request.url)) throw new Error(`The local runner has no ${request.url}`);
            return fetchSync(request);
          }),
      }),
  });
}

/** --now, or 設定 毎日の実行時刻 (the hour the trigger would plan the day). */
function startInstant(options: RunOptions, timeZone: string, sheets: readonly SheetData[]): number {
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(options.today);
  if (!day) throw new UsageError('--today must be YYYY-MM-DD');
  let hour: number;
  let minute = 0;
  if (options.now) {
    const time = /^(\d{1,2}):(\d{2})$/.exec(options.now);
    if (!time || Number(time[1]) > 23 || Number(time[2]) > 59) throw new UsageError('--now must be HH:MM');
    [hour, minute] = [Number(time[1]), Number(time[2])];
  } else {
    const settingsSheet = sheets.find((s) => s.name === SHEET.settings);
    const rows = (settingsSheet?.values ?? []).slice(1);
    const { columns } = matchHeaders(settingsSheet?.values[0] ?? [], {
      item: { header: SETTINGS_HEADERS[0] },
      value: { header: SETTINGS_HEADERS[1] },
    });
    const pairs = rows.map((r) => [r[columns.item ?? 0], r[columns.value ?? 1]] as const);
    hour = readSettings(pairs, timeZone).settings.runHour;
  }
  return instantOf(timeZone, Number(day[1]), Number(day[2]), Number(day[3]), hour, minute);
}

export class UsageError extends Error {}

const MS_PER_DAY = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `until` (both YYYY-MM-DD), refusing an `until` that is not after `from`. */
function daysBetween(from: string, until: string): number {
  validateDay(until);
  const days = (Date.parse(`${until}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / MS_PER_DAY;
  if (days < 1) throw new UsageError(`--until must be after --today (got ${until})`);
  return days;
}

function validateDay(text: string): void {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!date || date.toISOString().slice(0, 10) !== text) {
    throw new UsageError(`--today must be a real date as YYYY-MM-DD (got ${text})`);
  }
}

function customerLines(sheets: readonly SheetData[], timeZone: string): CustomerLine[] {
  const sheet = sheets.find((s) => s.name === SHEET.customers);
  if (!sheet) return [];
  const { columns } = matchHeaders(sheet.values[0] ?? [], CUSTOMER_COLUMNS);
  const text = (row: readonly unknown[], col: number | undefined) =>
    col === undefined ? '' : String(row[col] ?? '').trim();
  return sheet.values
    .slice(1)
    .filter((row) => text(row, columns.id) || text(row, columns.name))
    .map((row) => {
      const next = columns.nextDay === undefined ? '' : row[columns.nextDay];
      return {
        顧客ID: text(row, columns.id),
        次回連絡日: isDate(next) ? ymdIn(next, timeZone) : null,
        次回連絡内容: text(row, columns.nextContent),
        次回チャネル: text(row, columns.nextChannel),
        理由: text(row, columns.reason),
        要確認: text(row, columns.attention),
      };
    });
}

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

function ymdIn(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(date);
}

/** Every open Gmail draft as an .eml file a mail program can open. */
async function writeDrafts(services: FakeServices, dir: string): Promise<number> {
  const drafts = services.exportState().gmail.drafts;
  if (drafts.length > 0) mkdirSync(dir, { recursive: true });
  for (const draft of drafts) {
    const m = draft.message;
    const eml = await new Promise<Buffer>((ok, fail) =>
      new MailComposer({
        from: m.name ? { name: m.name, address: m.from } : m.from,
        to: m.to,
        subject: m.subject,
        text: m.plainBody,
        html: m.htmlBody,
        date: new Date(m.date),
        messageId: `<${draft.id}@tsunagu.local>`,
      })
        .compile()
        .build((error, message) => (error ? fail(error) : ok(message))),
    );
    writeFileSync(join(dir, `${safeName(draft.id)}.eml`), eml);
  }
  return drafts.length;
}

/** LINE送信 rows as the push request body LINE would receive (POST /v2/bot/message/push). */
function writeLineMessages(sheets: readonly SheetData[], dir: string): number {
  const sheet = sheets.find((s) => s.name === SHEET.lineOutbox);
  if (!sheet) return 0;
  const { columns } = matchHeaders(sheet.values[0] ?? [], OUTBOX_COLUMNS);
  const rows = sheet.values.slice(1).filter((r) => String(r[columns.key ?? 0] ?? '').trim());
  if (rows.length > 0) mkdirSync(dir, { recursive: true });
  for (const row of rows) {
    const cell = (col: number | undefined) => (col === undefined ? '' : String(row[col] ?? ''));
    const body = {
      key: cell(columns.key),
      state: cell(columns.state),
      request: { to: cell(columns.lineUserId), messages: [{ type: 'text', text: cell(columns.message) }] },
    };
    writeFileSync(join(dir, `${safeName(cell(columns.key))}.json`), `${JSON.stringify(body, null, 2)}\n`);
  }
  return rows.length;
}

function safeName(text: string): string {
  return text.replace(/[\\/:*?"<>|#\s]+/g, '_');
}

/**
 * The example shop on its demo day at `hour`, after the morning run prepared the day (自動実行 on): what `npm run
 * preview` serves and the browser test looks at. The workbook lives in memory.
 */
export async function exampleDay(hour = 10): Promise<LoadedBundle> {
  const { data } = await readWorkbook(join(ROOT, 'examples/sample-shop.xlsx'));
  const [y, m, d] = DEMO_DAY.split('-').map(Number);
  const bundle = bundleOn(data, new FakeClock(instantOf(data.timeZone, y, m, d, hour, 0)));
  bundle.services.properties.document.replaceAll({ 'tsunagu.preparing': 'on' });
  bundle.call('runDailyFollowUps');
  return bundle;
}
