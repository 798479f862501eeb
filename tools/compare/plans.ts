/**
 * The old planner against the new: two bundles, each on its own copy of a shop in the same fakes, run day after day
 * (the owner doing nothing: 自動実行 on, nothing approved, printed or called), and after each day the two workbooks
 * and mailboxes compared.
 *
 * Compared: 顧客's Tsunagu columns cell by cell; 連絡履歴 row by row (every column but 備考 and 「お店の作業」; the
 * Gmail ids 下書きID and スレッドID by whether each is filled; 備考 with the owner's tasks taken out, since issue 15
 * item 2 moved them from 備考 into 「お店の作業」); the 手紙 sheet letter by letter (found by their keys' tags) by its
 * text and its rows, and its cover page; every other sheet (電話リスト, LINE送信, 宛名ラベル, 集計, 設定 …) cell by
 * cell; every sheet but 顧客 and 連絡履歴 also by its row heights, column widths, bold and number formats; the Gmail
 * drafts and sent mail (to, subject, bodies); and the run's summary. Days either side's run did not prepare (an
 * exception, a stop, a preview) are counted apart: two runs failing alike compare as equal. Apart from that, 「お店の作業」 is checked against what the old 備考 carried:
 * 手書き推奨 and the task, on every row the runs wrote or that is still pending; お詫び on exactly the steps the old
 * letters treated as apologies. (An old tree that has the column is compared on it.)
 */
import { readFileSync } from 'node:fs';
import { createFakeServices, FakeClock, type SheetData, type SpreadsheetData } from '../../test/fakes';
import { instantOf } from '../../test/fakes/clock';
import { loadBundle, type LoadedBundle } from '../../test/fakes/host';
import { CUSTOMER_COLUMNS, PENDING_STATES, SCENARIO, SHEET, STEP, type ContactState } from '../../src/labels';
import { matchHeaders } from '../../src/sheets/table';
import { exampleShop, randomShop, type Shop } from './shops';

const DAY_MS = 86_400_000;

/** 顧客's columns Tsunagu writes. */
export const CUSTOMER_COMPARED = ['次回連絡日', '次回連絡内容', '次回チャネル', '理由', '要確認'] as const;
/** 連絡履歴's columns compared as they are (備考 apart; 「お店の作業」 is the new column; 下書きID/スレッドID below). */
export const LOG_COMPARED = [
  'キー',
  '顧客ID',
  'シナリオ',
  'ステップ',
  'チャネル',
  '予定日',
  '状態',
  '日時',
  '氏名',
  '結果',
  '内容',
  '宛先',
] as const;
const NOTE = '備考';
/** Gmail's ids differ between two mailboxes: compared by whether each is blank or filled. */
export const LOG_FILLED = ['下書きID', 'スレッドID'] as const;
const FLAGS = 'お店の作業';
/** The steps whose letters the old code wrote as apologies (compose.ts at 17e81db): they carry お詫び now. */
const APOLOGY_STEPS = new Set([
  `${SCENARIO.complaint}|${STEP.apology}`,
  `${SCENARIO.postPurchase}|${STEP.improvement}`,
]);

export interface Difference {
  shop: string;
  day: string;
  /** 「連絡履歴 状態」, 「顧客 理由」, 「手紙」, 「Gmail下書き 本文」 … */
  where: string;
  /** The row: 「行12 顧客ID C0042 キー …」. */
  at: string;
  old: string;
  new: string;
}

export interface PlanReport {
  shops: Shop[];
  /** Shop-days compared. */
  days: number;
  /** Rows compared: customers, 連絡履歴, other sheets' rows, drafts and mails, summaries. */
  rows: number;
  /**
   * Shop-days where either side's run did not do the day: it threw (例外), returned nothing (止まった), stopped for a
   * lost 連絡履歴, or only previewed. Two runs failing alike compare as equal, so these are counted apart.
   */
  failedDays: number;
  /** The first of them: where 「実行」, old and new what each side's run did (「（準備した）」 when it did). */
  firstFailures: Difference[];
  /** Per shop, the contacts each side's runs prepared in all (summary.prepared, every channel). */
  prepared: { shop: string; old: number; new: number }[];
  differences: number;
  /** Counts by where (and シナリオ for 連絡履歴 and 顧客). */
  byWhere: Map<string, number>;
  /** The first differences, in full. */
  first: Difference[];
  /** The old 連絡履歴 has 「お店の作業」 too: it is compared as a column, and nothing is checked against 備考. */
  oldHasFlagsColumn: boolean;
  /** 連絡履歴 rows whose 「お店の作業」 was checked against the old 備考. */
  flagRows: number;
  /** Of them, rows with 手書き推奨, a task, お詫び. */
  flagCounts: { handwritten: number; task: number; apology: number };
  flagDifferences: number;
  /** Counts by シナリオ/ステップ and what the old 備考 and the new column carried. */
  flagKinds: Map<string, number>;
  firstFlagDifferences: Difference[];
}

export interface PlanOptions {
  oldBundlePath: string;
  newBundlePath: string;
  /** Days to run the example shop from its demo day (0: not run). */
  exampleDays: number;
  shops: number;
  days: number;
  seed: number;
  /** How many differences to keep in full. */
  keep?: number;
  /** The new side's workbook only, changed before the first run (the test's proof that differences are found). */
  alterNew?: (data: SpreadsheetData) => void;
  /** Progress lines. */
  log?: (line: string) => void;
}

/** One bundle on its own copy of the shop. */
class Side {
  readonly bundle: LoadedBundle;
  readonly clock: FakeClock;

  constructor(code: string, filename: string, data: SpreadsheetData, start: number) {
    const clock = new FakeClock(start);
    this.clock = clock;
    this.bundle = loadBundle({
      code,
      filename,
      clock,
      // No fetch handler: nothing leaves the machine (no LINE token is set, so nothing should try).
      services: (makeDate, makeError) =>
        createFakeServices({ spreadsheet: structuredClone(data), clock, makeDate, makeError }),
    });
    // 自動実行 on: each day's run prepares what is due (drafts, 印刷待ち letters, LINE 承認待ち, calls 予定).
    this.bundle.services.properties.document.replaceAll({ 'tsunagu.preparing': 'on' });
  }

  /** The day's run: its summary, or what stopped it. */
  run(): unknown {
    try {
      const summary = this.bundle.call('runDailyFollowUps');
      if (summary) return summary;
      return { 止まった: this.bundle.services.ui.alerts.at(-1)?.prompt ?? '' };
    } catch (error) {
      return { 例外: error instanceof Error ? error.message : String(error) };
    }
  }

  nextDay(): void {
    this.clock.advance(DAY_MS);
  }
}

type Grid = string[][];

function isDate(value: unknown): value is Date {
  return Object.prototype.toString.call(value) === '[object Date]';
}

/** A cell as text: dates as instants, so the two sides' realms do not matter. */
function cellText(value: unknown): string {
  if (isDate(value)) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  return JSON.stringify(value);
}

/** The sheet's values as text, without trailing empty cells and rows. */
function gridOf(values: readonly (readonly unknown[])[] | undefined): Grid {
  const grid = (values ?? []).map((row) => {
    const cells = row.map(cellText);
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    return cells;
  });
  while (grid.length > 0 && grid[grid.length - 1].length === 0) grid.pop();
  return grid;
}

/** The 手紙 sheet cut at its letters: the owner's cover page, then each letter's rows by its 連絡履歴 key. */
interface Letters {
  cover: string;
  /** The cover page's rows (0: none). */
  coverRows: number;
  /** Each letter's text and rows (to the next letter's first row; the last to the sheet's last row). */
  letters: { key: string; text: string; rows: number }[];
}

/** Where each letter starts: the 'tsunagu.letter' tags (src/sheets/tags.ts) on the first row of each. */
const LETTER_TAG = 'tsunagu.letter';

function lettersOf(sheet: SheetData | undefined): Letters | undefined {
  const starts = (sheet?.developerMetadata ?? [])
    .filter((m) => m.key === LETTER_TAG && m.row !== undefined)
    .map((m) => ({ row: (m.row as number) - 1, key: m.value ?? '' }))
    .sort((a, b) => a.row - b.row);
  if (!sheet || starts.length === 0) return undefined;
  const lines = gridOf(sheet.values).map((row) => row.join('\t'));
  const text = (from: number, to: number) => lines.slice(from, to).join('\n').replace(/\n+$/, '');
  // The sheet's last row: its blank padding rows have no values, but the heights set on every row.
  const end = Math.max(sheet.values.length, ...Object.keys(sheet.rowHeights ?? {}).map(Number));
  return {
    cover: text(0, starts[0].row),
    coverRows: starts[0].row,
    letters: starts.map((start, i) => ({
      key: start.key,
      text: text(start.row, starts[i + 1]?.row),
      rows: (starts[i + 1]?.row ?? end) - start.row,
    })),
  };
}

/** What a sheet looks like printed or on screen besides its values (SheetData in test/fakes/model.ts). */
interface Layout {
  rowHeights: Record<number, number>;
  columnWidths: Record<number, number>;
  /** Bold ranges in A1 notation. */
  bold: string[];
  numberFormats: Grid;
}

function layoutOf(sheet: SheetData): Layout {
  return {
    rowHeights: sheet.rowHeights ?? {},
    columnWidths: sheet.columnWidths ?? {},
    bold: sheet.bold ?? [],
    numberFormats: gridOf(sheet.numberFormats),
  };
}

interface View {
  sheets: Map<string, Grid>;
  layouts: Map<string, Layout>;
  letters: Letters | undefined;
  drafts: Record<string, string>[];
  sent: Record<string, string>[];
  summary: unknown;
}

function viewOf(side: Side, summary: unknown): View {
  const { services } = side.bundle;
  const data = services.spreadsheet.toData();
  const sheets = new Map(data.sheets.map((s) => [s.name, gridOf(s.values)]));
  const layouts = new Map(data.sheets.map((s) => [s.name, layoutOf(s)]));
  const letters = lettersOf(data.sheets.find((s) => s.name === SHEET.letters));
  const gmail = services.gmail.exportState();
  const mail = (m: (typeof gmail.sent)[number]) => ({
    宛先: m.to,
    件名: m.subject,
    本文: m.plainBody,
    HTML本文: m.htmlBody ?? '',
  });
  return {
    sheets,
    layouts,
    letters,
    drafts: gmail.drafts.map((d) => mail(d.message)),
    sent: gmail.sent.map(mail),
    summary,
  };
}

class Comparison {
  rows = 0;
  differences = 0;
  readonly byWhere = new Map<string, number>();
  readonly first: Difference[] = [];
  flagRows = 0;
  readonly flagCounts = { handwritten: 0, task: 0, apology: 0 };
  flagDifferences = 0;
  failedDays = 0;
  readonly firstFailures: Difference[] = [];
  readonly firstFlags: Difference[] = [];
  readonly flagKinds = new Map<string, number>();
  private readonly shown = new Set<string>();
  oldHasFlags = false;
  /** Per shop: what each row's old 備考 carried at some day (row|key → flags). */
  readonly seenNotes = new Map<string, { handwritten: boolean; task: string }>();
  shop = '';
  day = '';

  constructor(private readonly keep: number) {}

  differ(where: string, at: string, oldText: string, newText: string, group = where): void {
    this.differences++;
    this.byWhere.set(group, (this.byWhere.get(group) ?? 0) + 1);
    // The same difference on later days is counted, not shown again.
    const signature = `${this.shop}|${where}|${at}|${oldText}|${newText}`;
    if (this.first.length < this.keep && !this.shown.has(signature) && this.shown.add(signature))
      this.first.push({ shop: this.shop, day: this.day, where, at, old: oldText, new: newText });
  }

  flagDiffer(kind: string, at: string, oldText: string, newText: string): void {
    this.flagDifferences++;
    this.flagKinds.set(kind, (this.flagKinds.get(kind) ?? 0) + 1);
    const signature = `${this.shop}|${kind}|${at}`;
    if (this.firstFlags.length < this.keep && !this.shown.has(signature) && this.shown.add(signature))
      this.firstFlags.push({ shop: this.shop, day: this.day, where: FLAGS, at, old: oldText, new: newText });
  }

  /** Counts a day that either side did not run through (failureOf). */
  ran(oldSummary: unknown, newSummary: unknown): void {
    const [a, b] = [failureOf(oldSummary), failureOf(newSummary)];
    if (a === undefined && b === undefined) return;
    this.failedDays++;
    if (this.firstFailures.length < this.keep)
      this.firstFailures.push({
        shop: this.shop,
        day: this.day,
        where: '実行',
        at: '',
        old: a ?? '（準備した）',
        new: b ?? '（準備した）',
      });
  }

  /** Compares one day's views; `initialLogRows` are the 連絡履歴 rows the shop started with (header included). */
  compareDay(oldView: View, newView: View, initialLogRows: number): void {
    this.customers(oldView.sheets.get(SHEET.customers) ?? [], newView.sheets.get(SHEET.customers) ?? []);
    this.log(oldView.sheets.get(SHEET.log) ?? [], newView.sheets.get(SHEET.log) ?? [], initialLogRows);
    const names = new Set([...oldView.sheets.keys(), ...newView.sheets.keys()]);
    for (const name of names) {
      if (name === SHEET.customers || name === SHEET.log) continue;
      const [a, b] = [oldView.sheets.get(name), newView.sheets.get(name)];
      if (!a || !b) {
        this.differ(name, 'シート', a ? 'あり' : 'なし', b ? 'あり' : 'なし');
        continue;
      }
      if (name === SHEET.letters && oldView.letters && newView.letters)
        this.letters(oldView.letters, newView.letters);
      else this.grid(name, a, b);
      const [la, lb] = [oldView.layouts.get(name), newView.layouts.get(name)];
      if (la && lb) this.layout(name, la, lb);
    }
    this.mails('Gmail下書き', oldView.drafts, newView.drafts);
    this.mails('送信済みメール', oldView.sent, newView.sent);
    this.rows++;
    const [sa, sb] = [summaryFields(oldView.summary), summaryFields(newView.summary)];
    for (const key of new Set([...Object.keys(sa), ...Object.keys(sb)]))
      if (sa[key] !== sb[key])
        this.differ(`実行の要約 ${key}`, '', sa[key] ?? '（なし）', sb[key] ?? '（なし）');
  }

  private customers(a: Grid, b: Grid): void {
    const [ha, hb] = [a[0] ?? [], b[0] ?? []];
    const id = matchHeaders(ha, CUSTOMER_COLUMNS).columns.id;
    const rows = Math.max(a.length, b.length);
    if (a.length !== b.length) this.differ('顧客 行数', '', String(a.length - 1), String(b.length - 1));
    for (let r = 1; r < rows; r++) {
      this.rows++;
      const [ra, rb] = [a[r] ?? [], b[r] ?? []];
      const at = `行${r + 1} 顧客ID ${id === undefined ? '?' : (ra[id] ?? '')}`;
      const content = (h: readonly string[], row: readonly string[]) => row[h.indexOf('次回連絡内容')] ?? '';
      const scenario = scenarioOf(content(ha, ra)) || scenarioOf(content(hb, rb));
      for (const header of CUSTOMER_COMPARED) {
        const [ca, cb] = [ha.indexOf(header), hb.indexOf(header)];
        const [va, vb] = [ca < 0 ? '（列なし）' : (ra[ca] ?? ''), cb < 0 ? '（列なし）' : (rb[cb] ?? '')];
        if (va !== vb)
          this.differ(`顧客 ${header}`, at, va, vb, `顧客 ${header} ${scenario || '（予定なし）'}`);
      }
    }
  }

  private log(a: Grid, b: Grid, initialRows: number): void {
    const [ha, hb] = [a[0] ?? [], b[0] ?? []];
    const col = (h: readonly string[], header: string) => h.indexOf(header);
    if (a.length !== b.length) this.differ('連絡履歴 行数', '', String(a.length - 1), String(b.length - 1));
    const rows = Math.max(a.length, b.length);
    for (let r = 1; r < rows; r++) {
      this.rows++;
      const [ra, rb] = [a[r] ?? [], b[r] ?? []];
      const get = (row: readonly string[], h: readonly string[], header: string) => {
        const c = col(h, header);
        return c < 0 ? '（列なし）' : (row[c] ?? '');
      };
      const scenario = get(ra, ha, 'シナリオ') || get(rb, hb, 'シナリオ');
      const step = get(ra, ha, 'ステップ') || get(rb, hb, 'ステップ');
      const at = `行${r + 1} キー ${get(ra, ha, 'キー') || get(rb, hb, 'キー') || '（なし）'} ${scenario}/${step}`;
      // An old tree that has 「お店の作業」 already (issue 15 item 2 and later) is compared on it as on any column.
      const oldHasFlags = col(ha, FLAGS) >= 0;
      if (oldHasFlags) this.oldHasFlags = true;
      for (const header of [...LOG_COMPARED, NOTE, ...(oldHasFlags ? [FLAGS] : [])]) {
        let [va, vb] = [get(ra, ha, header), get(rb, hb, header)];
        if (header === NOTE) [va, vb] = [withoutTasks(va), withoutTasks(vb)];
        if (va !== vb)
          this.differ(`連絡履歴 ${header}`, at, va, vb, `連絡履歴 ${header} ${scenario}/${step}`);
      }
      for (const header of LOG_FILLED) {
        const [va, vb] = [filled(get(ra, ha, header)), filled(get(rb, hb, header))];
        if (va !== vb)
          this.differ(`連絡履歴 ${header}`, at, va, vb, `連絡履歴 ${header} ${scenario}/${step}`);
      }
      // 「お店の作業」 against what the old 備考 carried (at any day so far: a later note may replace it), on the
      // rows the runs wrote and the rows still pending (those read once from 備考).
      const state = get(rb, hb, '状態') as ContactState;
      if (oldHasFlags || col(hb, FLAGS) < 0) continue;
      const before = get(ra, ha, NOTE);
      const seen = this.carried(r, get(ra, ha, 'キー'), before);
      if (r < initialRows && !PENDING_STATES.has(state)) continue;
      this.flagRows++;
      const flags = get(rb, hb, FLAGS);
      const want = {
        handwritten: seen.handwritten,
        task: seen.task,
        // Rows the runs wrote; a row from before has no お詫び to read back.
        apology: r >= initialRows && APOLOGY_STEPS.has(`${scenario}|${step}`),
      };
      const got = {
        handwritten: flags.includes('手書き推奨'),
        task: taskIn(flags),
        apology: flags.split('／').includes('お詫び'),
      };
      if (got.handwritten) this.flagCounts.handwritten++;
      if (got.task) this.flagCounts.task++;
      if (got.apology) this.flagCounts.apology++;
      if (want.handwritten !== got.handwritten || want.task !== got.task || want.apology !== got.apology) {
        const kind = `${scenario}/${step} ${r < initialRows ? '元からの行' : '実行が書いた行'}: 旧の備考 ${flagWords(want)} → 新 ${flagWords(got)}`;
        this.flagDiffer(kind, at, `備考「${before}」`, `お店の作業「${flags}」`);
      }
    }
  }

  /** What the old 備考 of a row has carried so far in this shop's run. */
  private carried(row: number, key: string, note: string): { handwritten: boolean; task: string } {
    const id = `${row}|${key}`;
    const seen = this.seenNotes.get(id) ?? { handwritten: false, task: '' };
    seen.handwritten ||= note.includes('手書き推奨');
    seen.task ||= taskIn(note);
    this.seenNotes.set(id, seen);
    return seen;
  }

  private grid(name: string, a: Grid, b: Grid): void {
    const rows = Math.max(a.length, b.length);
    for (let r = 0; r < rows; r++) {
      this.rows++;
      const [ra, rb] = [a[r] ?? [], b[r] ?? []];
      const cols = Math.max(ra.length, rb.length);
      for (let c = 0; c < cols; c++) {
        const [va, vb] = [ra[c] ?? '', rb[c] ?? ''];
        if (va !== vb) this.differ(name, `行${r + 1} 列${c + 1}`, va, vb);
      }
    }
  }

  /** Row heights, column widths, bold and number formats: a layout change shows on paper, not in the values. */
  private layout(name: string, a: Layout, b: Layout): void {
    const sizes = (what: string, unit: string, x: Record<number, number>, y: Record<number, number>) => {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)]))
        if (x[Number(k)] !== y[Number(k)])
          this.differ(
            `${name} ${what}`,
            `${unit}${k}`,
            String(x[Number(k)] ?? '（既定）'),
            String(y[Number(k)] ?? '（既定）'),
          );
    };
    sizes('行の高さ', '行', a.rowHeights, b.rowHeights);
    sizes('列の幅', '列', a.columnWidths, b.columnWidths);
    const [ba, bb] = [new Set(a.bold), new Set(b.bold)];
    for (const range of ba) if (!bb.has(range)) this.differ(`${name} 太字`, range, '太字', '（なし）');
    for (const range of bb) if (!ba.has(range)) this.differ(`${name} 太字`, range, '（なし）', '太字');
    const rows = Math.max(a.numberFormats.length, b.numberFormats.length);
    for (let r = 0; r < rows; r++) {
      const [ra, rb] = [a.numberFormats[r] ?? [], b.numberFormats[r] ?? []];
      for (let c = 0; c < Math.max(ra.length, rb.length); c++)
        if ((ra[c] ?? '') !== (rb[c] ?? ''))
          this.differ(`${name} 表示形式`, `行${r + 1} 列${c + 1}`, ra[c] ?? '', rb[c] ?? '');
    }
  }

  /** Letter by letter, by their text and rows; the cover page (the owner's tasks) as one text, and its rows. */
  private letters(a: Letters, b: Letters): void {
    this.rows++;
    if (a.cover !== b.cover) this.differ('手紙 表紙', '', a.cover, b.cover);
    if (a.coverRows !== b.coverRows)
      this.differ('手紙 表紙 行数', '', String(a.coverRows), String(b.coverRows));
    const order = (l: Letters) => l.letters.map((x) => x.key).join('\n');
    if (order(a) !== order(b)) this.differ('手紙 並び', '', order(a), order(b));
    const byKey = new Map(b.letters.map((x) => [x.key, x]));
    for (const letter of a.letters) {
      this.rows++;
      const other = byKey.get(letter.key);
      const rule = letter.key.split('|').slice(1, 3).join('|');
      if (other === undefined) this.differ(`手紙 ${rule}`, letter.key, letter.text, '（なし）');
      else {
        if (other.text !== letter.text) this.differ(`手紙 ${rule}`, letter.key, letter.text, other.text);
        if (other.rows !== letter.rows)
          this.differ(`手紙 ${rule} 行数`, letter.key, String(letter.rows), String(other.rows));
      }
    }
    const inA = new Set(a.letters.map((x) => x.key));
    for (const letter of b.letters)
      if (!inA.has(letter.key))
        this.differ(
          `手紙 ${letter.key.split('|').slice(1, 3).join('|')}`,
          letter.key,
          '（なし）',
          letter.text,
        );
  }

  private mails(where: string, a: Record<string, string>[], b: Record<string, string>[]): void {
    if (a.length !== b.length) this.differ(`${where} 件数`, '', String(a.length), String(b.length));
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      this.rows++;
      for (const field of Object.keys(a[i]))
        if (a[i][field] !== b[i][field])
          this.differ(
            `${where} ${field}`,
            `${i + 1}通目 ${a[i].宛先} 「${a[i].件名}」`,
            a[i][field],
            b[i][field],
          );
    }
  }
}

function flagWords(f: { handwritten: boolean; task: string; apology: boolean }): string {
  const words = [
    f.handwritten && '手書き推奨',
    f.task && `【${f.task.replace(':', '】')}`,
    f.apology && 'お詫び',
  ];
  return words.filter(Boolean).join('／') || '（なし）';
}

/** A Gmail id as compared: whether it is there. */
function filled(id: string): string {
  return id === '（列なし）' ? id : id === '' ? '（空）' : '（記入あり）';
}

/** 「購入後フォロー（お伺い）: …」 → 購入後フォロー. */
function scenarioOf(text: string): string {
  return /^([^（:：\s]+)/u.exec(text)?.[1] ?? '';
}

const TASK = /【(同封|別送|来店時)】(?:次のご来店の際に)?(.+?)を(?:封筒に入れて|お送り|お渡し)ください/u;

/** The owner's task as the old 備考 and the new 「お店の作業」 write it (core/flags.ts taskText), '' for none. */
function taskIn(text: string): string {
  const m = TASK.exec(text);
  return m ? `${m[1]}:${m[2]}` : '';
}

/** 備考 without the owner's task the old code put after 理由 (「理由／【別送】…をお送りください」). */
function withoutTasks(note: string): string {
  return note.replace(new RegExp(`／?${TASK.source}`, 'gu'), '');
}

/** Why a run did not do its day (its summary as Side.run returns it), or undefined when it did. */
export function failureOf(summary: unknown): string | undefined {
  if (typeof summary !== 'object' || summary === null) return `要約なし: ${cellText(summary)}`;
  const s = summary as Record<string, unknown>;
  if ('例外' in s) return `例外: ${cellText(s.例外)}`;
  if ('止まった' in s) return `止まった: ${cellText(s.止まった)}`;
  if (s.stopped === true) return `止まった: ${JSON.stringify(s.setupProblems ?? [])}`;
  if (s.preview === true) return 'プレビュー（準備していない）';
  return undefined;
}

/** The contacts a run prepared (summary.prepared, every channel). */
function preparedIn(summary: unknown): number {
  const prepared = (summary as { prepared?: Record<string, unknown> } | null)?.prepared ?? {};
  return Object.values(prepared).reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 0), 0);
}

/** The summary's fields as text (a field only one side has counts as a difference). */
function summaryFields(summary: unknown): Record<string, string> {
  if (typeof summary !== 'object' || summary === null) return { 要約: cellText(summary) };
  return Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, JSON.stringify(v)]));
}

function logRowsOf(data: SpreadsheetData): number {
  return gridOf(data.sheets.find((s) => s.name === SHEET.log)?.values).length;
}

/** Both bundles on one shop for `days` days from its first day. */
function compareShop(
  shop: Shop,
  days: number,
  code: { old: string; new: string; oldPath: string; newPath: string },
  comparison: Comparison,
  alterNew?: (data: SpreadsheetData) => void,
): { old: number; new: number } {
  const [y, m, d] = shop.firstDay.split('-').map(Number);
  const start = instantOf(shop.data.timeZone, y, m, d, 8, 0);
  const newData = structuredClone(shop.data);
  alterNew?.(newData);
  const oldSide = new Side(code.old, code.oldPath, shop.data, start);
  const newSide = new Side(code.new, code.newPath, newData, start);
  const initialLogRows = logRowsOf(shop.data);
  comparison.shop = shop.name;
  comparison.seenNotes.clear();
  const prepared = { old: 0, new: 0 };
  for (let day = 0; day < days; day++) {
    comparison.day = new Date(start + day * DAY_MS + 9 * 3_600_000).toISOString().slice(0, 10);
    const oldView = viewOf(oldSide, oldSide.run());
    const newView = viewOf(newSide, newSide.run());
    comparison.ran(oldView.summary, newView.summary);
    prepared.old += preparedIn(oldView.summary);
    prepared.new += preparedIn(newView.summary);
    comparison.compareDay(oldView, newView, initialLogRows);
    oldSide.nextDay();
    newSide.nextDay();
  }
  return prepared;
}

export async function comparePlans(options: PlanOptions): Promise<PlanReport> {
  const code = {
    old: readFileSync(options.oldBundlePath, 'utf8'),
    new: readFileSync(options.newBundlePath, 'utf8'),
    oldPath: options.oldBundlePath,
    newPath: options.newBundlePath,
  };
  const comparison = new Comparison(options.keep ?? 20);
  const shops: Shop[] = [];
  const prepared: PlanReport['prepared'] = [];
  let days = 0;
  const run = (shop: Shop, n: number) => {
    const before = comparison.differences;
    const failedBefore = comparison.failedDays;
    const started = Date.now();
    const made = compareShop(shop, n, code, comparison, options.alterNew);
    shops.push(shop);
    prepared.push({ shop: shop.name, ...made });
    days += n;
    const found = comparison.differences - before;
    const failed = comparison.failedDays - failedBefore;
    options.log?.(
      `  ${shop.name} ${n}日: ${found === 0 ? '同じ' : `違い ${found}件`}、準備 旧${made.old}・新${made.new}件${failed ? `、準備しなかった日 ${failed}` : ''}（${((Date.now() - started) / 1000).toFixed(1)} 秒）${shop.varied.length ? ` — ${shop.varied.join('、')}` : ''}`,
    );
  };
  if (options.exampleDays > 0) run(await exampleShop(), options.exampleDays);
  for (let i = 0; i < options.shops; i++) run(await randomShop(options.seed, i), options.days);
  return {
    shops,
    days,
    rows: comparison.rows,
    failedDays: comparison.failedDays,
    firstFailures: comparison.firstFailures,
    prepared,
    differences: comparison.differences,
    byWhere: comparison.byWhere,
    first: comparison.first,
    flagRows: comparison.flagRows,
    flagCounts: comparison.flagCounts,
    flagDifferences: comparison.flagDifferences,
    oldHasFlagsColumn: comparison.oldHasFlags,
    flagKinds: comparison.flagKinds,
    firstFlagDifferences: comparison.firstFlags,
  };
}
