/**
 * 初期設定 as a short wizard in the sidebar (issue 16 item 3). Steps 1–3 read the workbook and write no cell: where
 * the customer list is and what Tsunagu made of its header row (findCustomerSheet and the header matching of
 * sheets/table.ts, the same a run uses), the shop's details (the 設定 tab's view), and the example customers. The
 * owner's explicit actions write: choosing the customer list (a document property, as このシートを顧客の一覧にする
 * stores it), deleting the example customers (the one time the wizard touches owner rows, after a second click), and
 * the last step, which runs 初期設定 itself, saves the shop's details as the 設定 tab does, and makes a preview run.
 */
import { knownQuota } from '../channels/line-api';
import { isExampleRow } from '../core/examples';
import { firstWeek, firstWeekLines } from '../core/first-week';
import { forecastLines } from '../core/forecast';
import { CUSTOMER_COLUMNS, MENU, SHEET, type CustomerField } from '../labels';
import { findCustomerSheet, isOwnSheetName, systemColumnConflicts } from '../sheets/find-sheets';
import { firstDataRow, readTable, type Table } from '../sheets/table';
import type {
  ActionResult,
  WizardCustomers,
  WizardExample,
  WizardFinish,
  WizardView,
} from '../shared/sidebar-types';
import { getAutoRunState } from './auto-run';
import { runDailyFollowUps } from './daily-run';
import {
  chosenCustomerSheet,
  foundCustomerSheet,
  isPreparing,
  isSetUp,
  setChosenCustomerSheet,
  tagMemo,
  untaggedInstall,
} from './properties';
import { getSettingsView, saveSettings } from './settings-panel';
import { setupWorkbook, whoseAccount } from './setup';
import { summaryText } from './summary';
import { loadWorkbook, planInputOf, planOf } from './workbook';
import { menuPath } from './menu-path';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** The shop's details the wizard asks for (step 2); the rest stay in the 設定 tab. */
export const SHOP_ITEMS = ['店名', '差出人名', '店舗住所', '店舗電話', '店舗メール', '定休日'] as const;

/** The owner's optional columns: neither required nor Tsunagu's own. */
type OptionalField = {
  [F in CustomerField]: (typeof CUSTOMER_COLUMNS)[F] extends { system: true } | { required: true }
    ? never
    : F;
}[CustomerField];

/** What each optional column enables, said to the owner whose list lacks it (step 1). */
export const COLUMN_USES: Readonly<Record<OptionalField, string>> = {
  kana: '電話の前に読み方を確かめられます',
  honorific: '会社のお客様を「御中」で宛名にできます（ないときは「様」）',
  email: 'メールで連絡できます',
  phone: '電話でフォローできます（「電話許可」の列と一緒に使います）',
  lineUserId: 'LINEで連絡できます',
  postalCode: '手紙の宛名に郵便番号を入れられます',
  address: '手紙でフォローできます',
  firstVisit: '来店の間隔から、お休みのお客様を早めに見つけられます',
  lastVisit: 'ご来店・ご購入の後のお伺いと、しばらくお見えでないお客様へのフォローができます',
  visits: '初めてのお客様へのお礼状や、常連のお客様がわかります',
  category: 'カテゴリごとの日数で、お伺いや次のご提案の日を決められます',
  product: 'メッセージに買われた商品やメニューの名前を入れられます',
  amount: '高額のご購入に、手書きのお礼状をおすすめできます',
  satisfaction: 'ご満足・ご不満を書いておくと、ご不満のお客様にご提案を送りません',
  cancelDate: 'キャンセルされたお客様へのフォローができます',
  complaintDate: 'クレームのあとのフォロー（1週間後・半年後・1年後）ができます',
  improvement: 'クレームの1年後のお礼に、改善したことを書けます',
  phoneAllowed: '電話してよいお客様がわかります（ないときは電話しません）',
  regular: '常連のお客様に、空いた枠のご案内ができます',
  emailConsent: 'ニュースレターやご提案をメールで送れます',
  optOut: '連絡してほしくない方法を止められます',
  memo: '電話のときにメモを見られます',
  nextBooking: 'ご予約の前日に、日時と場所をご案内できます（ご予約のある方には、ほかのご案内を控えます）',
  birthday: 'お誕生日にお祝いのメッセージを送れます（「5月3日」のように月日だけでも構いません）',
  mourning: '喪中のご家庭に年賀状を送らず、寒中見舞いをお送りできます（喪中の年か、TRUEと書きます）',
};

/**
 * The columns a booking or register export fills instead (contract section 2, 来店履歴): 最終来店日, 来店回数,
 * 初回来店日, 購入商品, 購入金額, 次回予約日 are the latest of the owner's cell and 来店履歴, カテゴリ comes from the
 * imported メニュー through the カテゴリ sheet's キーワード.
 */
export const IMPORT_FILLS: ReadonlySet<OptionalField> = new Set<OptionalField>([
  'lastVisit',
  'visits',
  'firstVisit',
  'product',
  'amount',
  'category',
  'nextBooking',
]);

/** Said beside each such column when the list lacks it. */
export const FROM_IMPORT = '予約やレジのCSVを取り込めば、この列がなくても来店履歴から使います';

/** Step 1 says once where visits can come from instead of typing them. */
export function importNote(): string {
  return `来店日・来店回数・買われたもの・次のご予約は、予約システムやレジから書き出したCSVを${menuPath(MENU.importCsv)}で取り込むと使えます。取り込んだ来店は「${SHEET.visits}」シートに入り、この表のセルは書き換えません。`;
}

/** A 顧客ID as compared between the wizard's view and the owner's click. */
const idText = (value: unknown) => String(value ?? '').trim();

/** Whether the wizard should greet a workbook that was never set up (the first sidebar open). */
export function neverSetUp(): boolean {
  return !isSetUp();
}

/** Steps 1–3 as they stand: nothing is written to a cell (the search may remember which sheet it found, as a run does). */
export function getSetupWizard(ss: Spreadsheet): WizardView {
  const { customers, table } = customersOf(ss);
  const settings = getSettingsView(ss);
  const items: readonly string[] = SHOP_ITEMS;
  return {
    setUp: isSetUp(),
    preparing: isPreparing(),
    customers,
    shop: { hasSheet: settings.hasSheet, items: settings.items.filter((i) => items.includes(i.item)) },
    examples: table && table.missingRequired.length === 0 ? examplesOf(table) : [],
  };
}

/** Where the customer list is and what its header row says, as a run would read it. */
function customersOf(ss: Spreadsheet): { customers: WizardCustomers; table: Table<CustomerField> | null } {
  const empty: WizardCustomers = {
    state: 'none',
    by: '',
    sheetName: '',
    headerRow: 0,
    rows: 0,
    candidates: [],
    understood: [],
    system: [],
    systemToAdd: [],
    ownColumns: [],
    missing: [],
    missingRequired: [],
    problem: '',
  };
  const search = findCustomerSheet(ss, chosenCustomerSheet(), foundCustomerSheet);
  if (search.kind === 'none') return { customers: empty, table: null };
  if (search.kind === 'ambiguous')
    return {
      customers: {
        ...empty,
        state: 'ambiguous',
        candidates: search.candidates.map((sheet) => ({
          sheetId: sheet.getSheetId(),
          name: sheet.getName(),
          rows: filledRows(readTable(sheet, CUSTOMER_COLUMNS)),
        })),
      },
      table: null,
    };
  const table = readTable(search.sheet, CUSTOMER_COLUMNS);
  return {
    customers: { ...empty, ...columnsOf(table), state: 'found', by: search.by, importNote: importNote() },
    table,
  };
}

function filledRows(table: Table<string>): number {
  return table.rows.filter((r) => r.some((v) => String(v ?? '').trim() !== '')).length;
}

/** Step 1's columns: understood (and as what), Tsunagu's own, the owner's own, and the optional ones missing. */
function columnsOf(table: Table<CustomerField>): Partial<WizardCustomers> {
  const fields = Object.keys(CUSTOMER_COLUMNS) as CustomerField[];
  const label = (f: CustomerField): { header: string; system?: true; required?: true } => CUSTOMER_COLUMNS[f];
  const present = fields
    .filter((f) => table.columns[f] !== undefined)
    .sort((a, b) => (table.columns[a] as number) - (table.columns[b] as number));
  const written = (f: CustomerField) => String(table.header[table.columns[f] as number] ?? '').trim();
  const used = new Set(present.map((f) => table.columns[f] as number));
  return {
    sheetName: table.sheet.getName(),
    headerRow: table.headerRow,
    rows: filledRows(table),
    understood: present
      .filter((f) => !label(f).system)
      .map((f) => ({ header: written(f), as: label(f).header })),
    system: present.filter((f) => label(f).system).map(written),
    systemToAdd: fields
      .filter((f) => label(f).system && table.columns[f] === undefined)
      .map((f) => label(f).header),
    ownColumns: table.header
      .map((h, i) => ({ h: String(h ?? '').trim(), i }))
      .filter(({ h, i }) => h !== '' && !used.has(i))
      .map(({ h }) => h),
    missing: (Object.keys(COLUMN_USES) as OptionalField[])
      .filter((f) => table.columns[f] === undefined)
      .map((f) => ({
        header: label(f).header,
        enables: COLUMN_USES[f],
        ...(IMPORT_FILLS.has(f) ? { fromImport: FROM_IMPORT } : {}),
      })),
    missingRequired: table.missingRequired,
    problem:
      table.missingRequired.length === 0
        ? systemColumnConflicts(table, CUSTOMER_COLUMNS, untaggedInstall(), tagMemo)
        : '',
  };
}

function examplesOf(table: Table<CustomerField>): WizardExample[] {
  const { id, name, optOut } = table.columns;
  if (id === undefined) return [];
  const first = firstDataRow(table);
  return table.rows.flatMap((row, i) =>
    isExampleRow(row[id], optOut === undefined ? '' : row[optOut])
      ? [{ id: idText(row[id]), name: name === undefined ? '' : idText(row[name]), row: first + i }]
      : [],
  );
}

/**
 * The owner's pick among the sheets that could be the customer list, remembered by the sheet's id as
 * このシートを顧客の一覧にする remembers it (setChosenCustomerSheet): a rename keeps it.
 */
export function chooseCustomerSheet(ss: Spreadsheet, sheetId: unknown): ActionResult {
  if (typeof sheetId !== 'number' || !Number.isInteger(sheetId))
    return { ok: false, message: '選んだシートを読み取れませんでした。もう一度選んでください。' };
  const sheet = ss.getSheets().find((s) => s.getSheetId() === sheetId);
  if (!sheet)
    return {
      ok: false,
      message: '選んだシートが見つかりません（削除されたかもしれません）。「もう一度探す」を押してください。',
    };
  const name = sheet.getName();
  if (isOwnSheetName(name))
    return {
      ok: false,
      message: `「${name}」はつなぐが使うシートです。お客様の一覧のシートを選んでください。`,
    };
  const table = readTable(sheet, CUSTOMER_COLUMNS);
  if (table.missingRequired.length > 0)
    return {
      ok: false,
      message: `「${name}」シートの見出しに「${table.missingRequired.join('」「')}」が見つかりません。見出しを直してから「もう一度探す」を押してください。`,
    };
  setChosenCustomerSheet(sheetId);
  return {
    ok: true,
    message: `「${name}」シートをお客様の一覧として使います（シート名を変えても、このシートを使い続けます）。`,
  };
}

/**
 * Deletes the example customers the owner saw and confirmed (their 顧客ID), after reading the customer list again
 * just before: a row the owner added, moved or changed since is judged as it is now. Only rows that are still
 * example customers (例… and 配信停止 すべて) AND were shown are deleted, bottom-up, one deleteRows per run of
 * adjacent rows, so the rows above each run stay where they were read.
 */
export function deleteExampleCustomers(ss: Spreadsheet, request: unknown): ActionResult {
  const ids =
    typeof request === 'object' && request !== null && Array.isArray((request as { ids?: unknown }).ids)
      ? ((request as { ids: unknown[] }).ids.filter((i) => typeof i === 'string') as string[])
      : [];
  if (ids.length === 0) return { ok: false, message: '削除する例のお客様が選ばれていません。' };
  const search = findCustomerSheet(ss, chosenCustomerSheet(), foundCustomerSheet);
  if (search.kind !== 'found')
    return {
      ok: false,
      message:
        'お客様の一覧のシートが決まっていないため、何も削除していません。手順1からやり直してください。',
    };
  const table = readTable(search.sheet, CUSTOMER_COLUMNS);
  const wanted = new Set(ids.map(idText));
  const found = new Set<string>();
  const rows = examplesOf(table)
    .filter((e) => wanted.has(e.id))
    .map((e) => {
      found.add(e.id);
      return e.row;
    });
  if (rows.length === 0)
    return {
      ok: false,
      message:
        '例のお客様は見つかりませんでした（もう削除されたか、変更されたようです）。何も削除していません。',
    };
  const runs: { start: number; count: number }[] = [];
  for (const row of rows) {
    const last = runs[runs.length - 1];
    if (last && last.start + last.count === row) last.count++;
    else runs.push({ start: row, count: 1 });
  }
  for (const run of runs.reverse()) search.sheet.deleteRows(run.start, run.count);
  const kept = [...wanted].filter((id) => !found.has(id));
  const keptText =
    kept.length > 0
      ? `「${kept.join('」「')}」は例のお客様ではなくなっていたか見つからなかったため、残しました。`
      : '';
  return {
    ok: true,
    message: `「${search.sheet.getName()}」シートから例のお客様${rows.length}人を削除しました。${keptText}`,
  };
}

/**
 * The last step: 初期設定 (setupWorkbook, unchanged: the sheets Tsunagu needs), the shop's details typed before 設定
 * existed (saveSettings, as the 設定 tab saves them), then — while previewing — a preview run (次回連絡日 filled,
 * nothing prepared), and the first week as the plan has it now.
 */
export function finishSetupWizard(ss: Spreadsheet, now: Date, input: unknown): WizardFinish {
  const before = customersOf(ss).customers;
  const setup = setupWorkbook(ss, now);
  const stopped = before.state === 'ambiguous' || before.missingRequired.length > 0 || before.problem !== '';
  const autoRun = getAutoRunState().on;
  if (stopped)
    return {
      ok: false,
      message: setup.message,
      created: setup.created,
      forecast: [],
      summary: '',
      preview: true,
      autoRun,
    };
  const settings =
    typeof input === 'object' && input !== null ? (input as { settings?: unknown }).settings : undefined;
  const saved =
    typeof settings === 'object' && settings !== null && Object.keys(settings).length > 0
      ? saveSettings(ss, settings)
      : null;
  const preview = !isPreparing();
  let summary: string;
  let queue: string[];
  if (preview) {
    const run = runDailyFollowUps(ss, now);
    summary = summaryText({ ...run, forecast: [] });
    queue = run.forecast;
  } else {
    summary =
      'すでに準備を始めています（自動実行か「準備する」で、毎日の分をGmailの下書きなどにしています）。';
    queue = [];
  }
  // The plan as it stands after the run (or as the next run will have it): the first week from today.
  const wb = loadWorkbook(ss, now);
  const lineAllowance = knownQuota()?.remaining;
  if (!preview) queue = forecastLines(planOf(wb, lineAllowance).queues);
  // Seven days of the planner, each day's contacts done by the owner that day (core/first-week.ts says why).
  const forecast = [...firstWeekLines(firstWeek({ ...planInputOf(wb), lineAllowance })), ...queue];
  // 初期設定's own message asks the owner to fill in 設定 by hand: here the wizard has just asked for it.
  const sheets =
    setup.created.length > 0
      ? `「${setup.created.join('」「')}」シートを作りました。`
      : '必要なシートはすべてそろっています。';
  const list = before.state === 'found' ? `お客様の一覧は「${before.sheetName}」シートを使います。` : '';
  return {
    ok: saved === null || saved.ok,
    message: [`${list}${sheets}`, saved ? `お店のこと: ${saved.message}` : '', whoseAccount()]
      .filter(Boolean)
      .join('\n'),
    created: setup.created,
    forecast,
    summary,
    preview,
    autoRun,
  };
}
