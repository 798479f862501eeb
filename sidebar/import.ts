/**
 * 「CSVを取り込む」 (issue 17): the owner chooses an export (a file read here in the browser, or a sheet of this
 * spreadsheet), sees how its columns were understood and may correct that, sees the preview — who matched, who is
 * uncertain, who is new, which rows cannot be imported — decides, confirms, and the import is written part by part.
 * Every step goes through src/shared/import-driver.ts, the one driver the local runner uses too; nothing is written
 * before the owner confirms.
 */
import {
  previewImport,
  startImport,
  writeImport,
  type ImportPreview,
  type ImportResult,
  type ImportServer,
  type PersonToDecide,
  type StartedImport,
} from '../src/shared/import-driver';
import { readImportFile, type FileEncoding } from '../src/shared/import-file';
import type { ImportMapping, ImportSheet } from '../src/shared/import-types';
import { call } from './api';
import { confirming } from './confirm';
import { busy, button, el, messageOf } from './dom';

/** The server functions the driver calls, over google.script.run. */
const SERVER: ImportServer = {
  startImport: (request) => call('startImport', request),
  checkImportPart: (request) => call('checkImportPart', request),
  addImportCustomers: (request) => call('addImportCustomers', request),
  writeImportPart: (request) => call('writeImportPart', request),
  finishImport: (request) => call('finishImport', request),
};

/** Rows of a sheet read per call (readImportSheet). */
export const SHEET_CHUNK = 2000;
/** People listed at first in a long list (確認が必要, 新しいお客様); the rest on request. */
const LIST_FIRST = 100;

const ENCODING: Record<FileEncoding, string> = {
  'UTF-8': 'UTF-8',
  'UTF-8 (BOM)': 'UTF-8（BOM付き）',
  'UTF-16': 'UTF-16',
  Shift_JIS: 'Shift_JIS',
};

const RESUME =
  '同じファイルをもう一度選ぶと、続きから取り込めます（取り込み済みの行は二重になりません）。確認が必要なお客様と新しいお客様は、もう一度選んでください。';

/** 1204 → 「1,204」 */
const n = (count: number): string => count.toLocaleString('ja-JP');

/** The file (or sheet) in hand: its name, its rows, and what was found when it was read. */
interface Chosen {
  name: string;
  rows: string[][];
  found: string;
}

/** The 取り込み tab. */
export class ImportPanel {
  private chosen: Chosen | null = null;
  private started: StartedImport | null = null;
  private preview: ImportPreview | null = null;
  /** 確認が必要: identity → 顧客ID | 'new' | 'skip' (default 'skip': an uncertain match is never merged unasked). */
  private readonly uncertain = new Map<string, string>();
  /** 新しいお客様 the owner chose to add to 顧客 (default: none). */
  private readonly newChosen = new Set<string>();
  /** A server call is running: the panel is not redrawn under it. */
  private running = false;
  private sheets: ImportSheet[] | null = null;

  private readonly chooser = el('section', 'panel import');
  private readonly layout = el('section', 'panel import');
  private readonly check = el('section', 'panel import');
  private readonly progressLine = el('p', 'import-progress');

  constructor(
    private readonly root: HTMLElement,
    private readonly go: (tab: string) => void,
  ) {
    this.progressLine.setAttribute('role', 'status');
    this.progressLine.hidden = true;
  }

  /** Opening the tab: the chooser, unless an import is under way (its preview stays until written or dropped). */
  async load(): Promise<void> {
    if (this.running) return;
    if (!this.started) this.reset();
    await this.loadSheets();
  }

  /**
   * Bumped whenever the file in hand is dropped (another file, 別のファイルを選ぶ, a new tab visit): a check or a
   * write still awaiting the server sees it changed and stops, so no file's rows meet another file's choices.
   */
  private generation = 0;

  private reset(): void {
    this.generation++;
    this.chosen = null;
    this.started = null;
    this.preview = null;
    this.uncertain.clear();
    this.newChosen.clear();
    this.layout.replaceChildren();
    this.check.replaceChildren();
    this.layout.hidden = true;
    this.check.hidden = true;
    this.progress('');
    this.renderChooser();
    this.chooser.hidden = false;
    this.root.replaceChildren(this.chooser, this.progressLine, this.layout, this.check);
  }

  private progress(text: string, isError = false): void {
    this.progressLine.textContent = text;
    this.progressLine.className = isError ? 'import-progress error' : 'import-progress';
    this.progressLine.hidden = text === '';
  }

  /** Runs `work` with the panel's controls disabled. */
  private async run(work: () => Promise<void>): Promise<void> {
    this.running = true;
    busy(this.root, true);
    try {
      await work();
    } finally {
      this.running = false;
      busy(this.root, false);
    }
  }

  // 1. Choose -------------------------------------------------------------------------------------------------

  private renderChooser(): void {
    const section = this.chooser;
    const heading = el('h2', '', 'CSVを取り込む');
    section.replaceChildren(
      heading,
      el(
        'p',
        'help',
        '予約やレジのシステムから書き出したファイルを選ぶと、来店の記録を「来店履歴」シートに取り込みます。取り込む前に、どのお客様の来店かを確かめられます。あなたのシートの中身は書き換えません。',
      ),
    );
    const input = el('input', 'sr-only');
    input.type = 'file';
    input.accept = '.csv,.tsv,.txt,text/csv';
    input.tabIndex = -1;
    input.setAttribute('aria-label', '取り込むファイル');
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      // Cleared, so choosing the same file again (to resume) is a change too.
      input.value = '';
      if (file) void this.run(() => this.readFile(file));
    });
    const row = el('div', 'row');
    row.append(
      button('ファイルを選ぶ', () => input.click(), 'primary'),
      input,
    );
    section.append(row, el('p', 'help', 'CSV・タブ区切りのファイル（Shift_JIS・UTF-8のどちらでも読めます）'));
    const sheets = el('div', 'import-sheets');
    section.append(el('h3', '', 'このスプレッドシートのシートから'), sheets);
    this.renderSheets(sheets);
  }

  private async loadSheets(): Promise<void> {
    const box = this.chooser.querySelector<HTMLElement>('.import-sheets');
    try {
      const sheets = await call('getImportSheets');
      // Form responses first, then the rest as the spreadsheet orders them.
      this.sheets = [...sheets.filter((s) => s.form), ...sheets.filter((s) => !s.form)];
    } catch (error) {
      this.sheets = null;
      box?.replaceChildren(el('p', 'error', `シートの一覧を読めませんでした: ${messageOf(error)}`));
      return;
    }
    if (box) this.renderSheets(box);
  }

  private renderSheets(box: HTMLElement): void {
    if (this.sheets === null) {
      box.replaceChildren(el('p', 'muted', '読み込んでいます…'));
      return;
    }
    if (this.sheets.length === 0) {
      box.replaceChildren(
        el('p', 'help', '取り込めるシートはありません（Googleフォームの回答のシートなどが、ここに出ます）。'),
      );
      return;
    }
    const label = el('label', 'field', 'シート');
    const select = el('select');
    for (const sheet of this.sheets) {
      const option = el(
        'option',
        '',
        `${sheet.name}（${sheet.form ? 'フォームの回答・' : ''}${n(Math.max(sheet.rows - 1, 0))}件）`,
      );
      option.value = sheet.name;
      select.append(option);
    }
    label.append(select);
    const read = button('このシートを読む', () => void this.run(() => this.readSheet(select.value)));
    const row = el('div', 'row');
    row.append(read);
    box.replaceChildren(label, row);
  }

  private async readFile(file: File): Promise<void> {
    this.reset();
    this.progress(`「${file.name}」を読んでいます…`);
    let read;
    try {
      read = readImportFile(new Uint8Array(await file.arrayBuffer()));
    } catch (error) {
      this.progress(messageOf(error), true);
      return;
    }
    if (read.rows.length === 0) {
      this.progress(`「${file.name}」には行がありません。書き出したファイルを選んでください。`, true);
      return;
    }
    const separator = read.delimiter === '\t' ? 'タブ区切り' : 'カンマ区切り';
    await this.begin({
      name: file.name,
      rows: read.rows,
      found: `${ENCODING[read.encoding]}・${separator}・${n(read.rows.length)}行`,
    });
  }

  private async readSheet(name: string): Promise<void> {
    this.reset();
    const rows: string[][] = [];
    let total = 0;
    try {
      do {
        this.progress(`シート「${name}」を読んでいます…${total ? ` ${n(rows.length)} / ${n(total)}行` : ''}`);
        const part = await call('readImportSheet', name, rows.length + 1, SHEET_CHUNK);
        total = part.total;
        rows.push(...part.rows);
        if (part.rows.length === 0) break;
      } while (rows.length < total);
    } catch (error) {
      this.progress(`シート「${name}」を読めませんでした: ${messageOf(error)}`, true);
      return;
    }
    if (rows.length === 0) {
      this.progress(`シート「${name}」には行がありません。`, true);
      return;
    }
    await this.begin({ name, rows, found: `シート「${name}」・${n(rows.length)}行` });
  }

  // 2. Layout -------------------------------------------------------------------------------------------------

  /** Recognises the layout (with the owner's correction, when given), then checks every row for the preview. */
  private async begin(chosen: Chosen, correction?: { mapping: ImportMapping; label: string }): Promise<void> {
    const generation = ++this.generation;
    this.chosen = chosen;
    this.preview = null;
    // The file in hand takes the panel; 「別のファイルを選ぶ」 brings the chooser back.
    this.chooser.hidden = true;
    this.check.hidden = true;
    this.progress('ファイルの形式を調べています…');
    try {
      const started = await startImport(SERVER, chosen.name, chosen.rows, correction ?? null);
      if (generation !== this.generation) return;
      this.started = started;
    } catch (error) {
      if (generation !== this.generation) return;
      this.started = null;
      this.chooser.hidden = false;
      this.progress(`読み取れませんでした: ${messageOf(error)}`, true);
      return;
    }
    this.progress('');
    this.renderLayout(!this.started.start.ok);
    // The buttons just made wait too while the rows are checked.
    if (this.running) busy(this.root, true);
    if (this.started.start.ok) await this.checkRows();
  }

  private renderLayout(editing: boolean): void {
    const { start } = this.started as StartedImport;
    const chosen = this.chosen as Chosen;
    const section = this.layout;
    section.hidden = false;
    section.replaceChildren(
      el('h2', '', '読み取った内容'),
      el('p', 'import-file', `${chosen.name}`),
      el('p', 'muted', chosen.found),
    );
    if (!start.ok) section.append(el('p', 'error', start.message));
    else if (start.source.layout !== 'general')
      section.append(el('p', 'import-layout', `${start.source.label}の形式として読みました。`));
    else section.append(el('p', 'import-layout', '見出しの名前から、列の意味を次のように読みました。'));
    if (start.remembered) section.append(el('p', 'help', '前回直した対応を使っています。'));
    if (start.ok && start.message) section.append(el('p', 'help', start.message));
    if (editing) {
      // While the mapping is being corrected, the preview of the old one is out of reach (取り込む included).
      this.check.hidden = true;
      section.append(this.mappingEditor());
      return;
    }
    if (start.source.layout === 'general') section.append(this.mappingList());
    const row = el('div', 'row');
    row.append(
      button('対応を直す', () => this.renderLayout(true)),
      button('別のファイルを選ぶ', () => this.reset()),
    );
    section.append(row);
  }

  /** The mapping as it stands: each field the file has, and the header it is read from. */
  private mappingList(): HTMLElement {
    const { start } = this.started as StartedImport;
    const list = el('ul', 'wizard-cols import-map');
    const missing: string[] = [];
    for (const f of start.fields) {
      if (f.column === null) {
        missing.push(f.label);
        continue;
      }
      const item = el('li', 'ok');
      item.append(
        document.createTextNode(f.label),
        el('span', 'as', ` ← 「${start.headers[f.column] ?? ''}」`),
      );
      list.append(item);
    }
    const box = el('div');
    box.append(list);
    if (missing.length > 0) {
      const more = el('details', 'import-missing');
      more.append(
        el('summary', 'help', `ファイルにない項目 ${missing.length}つ`),
        el('p', 'help', missing.join('、')),
      );
      box.append(more);
    }
    return box;
  }

  /** 「対応を直す」: a header (or なし) for each field, and the system's name; read again with them. */
  private mappingEditor(): HTMLElement {
    const { start } = this.started as StartedImport;
    const form = el('form', 'import-editor');
    form.append(
      el(
        'p',
        'help',
        '項目ごとに、ファイルのどの列かを選んでください。直した対応は覚えておき、同じ見出しのファイルに次から使います。',
      ),
    );
    const selects = new Map<string, HTMLSelectElement>();
    for (const f of start.fields) {
      const label = el('label', 'field');
      label.append(el('span', 'field-name', f.label));
      const select = el('select');
      const none = el('option', '', 'なし');
      none.value = '';
      select.append(none);
      start.headers.forEach((header, i) => {
        const option = el('option', '', header.trim() || `${i + 1}列目（見出しなし）`);
        option.value = String(i);
        select.append(option);
      });
      select.value = f.column === null ? '' : String(f.column);
      label.append(select);
      form.append(label);
      selects.set(f.field, select);
    }
    const name = el('label', 'field');
    name.append(
      el('span', 'field-name', 'システムの名前'),
      el('span', 'help', '来店履歴の「出典」に入ります（例: Airレジ）'),
    );
    const input = el('input');
    input.type = 'text';
    input.value = start.source.label;
    name.append(input);
    form.append(name);
    const save = el('button', 'primary', 'この対応で読み直す');
    save.type = 'submit';
    const row = el('div', 'row');
    row.append(save);
    if (start.ok) row.append(button('やめる', () => this.renderLayout(false)));
    else row.append(button('別のファイルを選ぶ', () => this.reset()));
    form.append(row);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const mapping: ImportMapping = {};
      for (const [field, select] of selects)
        if (select.value !== '') mapping[field as keyof ImportMapping] = Number(select.value);
      const label = input.value.trim() || start.source.label;
      void this.run(() => this.begin(this.chosen as Chosen, { mapping, label }));
    });
    return form;
  }

  // 3. Preview ------------------------------------------------------------------------------------------------

  private async checkRows(): Promise<void> {
    const generation = this.generation;
    const started = this.started as StartedImport;
    this.uncertain.clear();
    this.newChosen.clear();
    this.progress(`確認中… 0 / ${n(started.rows.length)}行`);
    try {
      const preview = await previewImport(SERVER, started, (done, total) => {
        if (generation === this.generation) this.progress(`確認中… ${n(done)} / ${n(total)}行`);
      });
      if (generation !== this.generation) return;
      this.preview = preview;
    } catch (error) {
      if (generation !== this.generation) return;
      this.progress(`確認できませんでした: ${messageOf(error)}`, true);
      return;
    }
    this.progress('');
    for (const p of this.preview.uncertain) this.uncertain.set(p.identity, 'skip');
    this.renderPreview();
  }

  private renderPreview(): void {
    const preview = this.preview as ImportPreview;
    const section = this.check;
    section.hidden = false;
    section.replaceChildren(el('h2', '', '取り込む前の確認'));
    const figures = el('ul', 'import-figures');
    figures.append(
      el('li', '', `来店 ${n(preview.visits)}件・予約 ${n(preview.bookings)}件`),
      el('li', '', `一致したお客様 ${n(preview.matchedCustomers)}人（${n(preview.matchedRows)}行）`),
      el('li', '', `確認が必要 ${n(preview.uncertain.length)}人`),
      el('li', '', `新しいお客様 ${n(preview.newCustomers.length)}人`),
      el('li', '', `取り込めない行 ${n(preview.skipped.length)}行`),
    );
    section.append(figures, el('p', 'help', 'まだ何も書き込んでいません。'));
    if (preview.uncertain.length > 0) section.append(this.uncertainList(preview.uncertain));
    if (preview.newCustomers.length > 0) section.append(this.newList(preview.newCustomers));
    if (preview.skipped.length > 0) section.append(this.skippedList(preview));

    const go = el('button', 'primary import-go', '取り込む');
    go.type = 'button';
    confirming(go, {
      ask: () => `${this.question()}（もう一度押すと取り込みます）`,
      act: () => void this.run(() => this.write()),
    });
    const row = el('div', 'row import-confirm');
    row.append(
      go,
      button('別のファイルを選ぶ', () => this.reset()),
    );
    section.append(row);
  }

  /** What 取り込む will do, with the owner's choices as they stand. */
  private question(): string {
    const { visits, bookings, people } = this.planned();
    const what = bookings > 0 ? `来店 ${n(visits)}件と予約 ${n(bookings)}件` : `来店 ${n(visits)}件`;
    const add = people > 0 ? `、新しいお客様 ${n(people)}人を顧客に追加します` : 'ます';
    return `${what}を来店履歴に取り込み${add}。よろしいですか？`;
  }

  /** The rows that will be written and the customers added, given the decisions. */
  private planned(): { visits: number; bookings: number; people: number } {
    const preview = this.preview as ImportPreview;
    const decisions = this.decisions();
    let visits = 0;
    let bookings = 0;
    for (const c of preview.checks) {
      if (c.status === 'skipped') continue;
      if (c.status !== 'matched' && (decisions[c.identity] ?? 'skip') === 'skip') continue;
      if (c.visit) visits++;
      if (c.booking) bookings++;
    }
    const people = Object.values(decisions).filter((d) => d === 'new').length;
    return { visits, bookings, people };
  }

  /** The owner's decisions by identity: 顧客ID (an uncertain match confirmed), 'new' or 'skip'. */
  private decisions(): Record<string, string> {
    const decisions: Record<string, string> = {};
    for (const [identity, choice] of this.uncertain) decisions[identity] = choice;
    for (const p of (this.preview as ImportPreview).newCustomers)
      decisions[p.identity] = this.newChosen.has(p.identity) ? 'new' : 'skip';
    return decisions;
  }

  /** A person's rows and contact details, as one line. */
  private personLine(p: PersonToDecide): string {
    return [`${n(p.rows)}行`, p.phone && `電話 ${p.phone}`, p.email && p.email].filter(Boolean).join('・');
  }

  /** The first LIST_FIRST of `people`, the rest behind 「残りn人を表示」. */
  private paged(
    list: HTMLElement,
    people: readonly PersonToDecide[],
    item: (p: PersonToDecide) => HTMLElement,
  ): HTMLElement[] {
    const shown = people.slice(0, LIST_FIRST);
    list.append(...shown.map(item));
    if (people.length <= LIST_FIRST) return [list];
    const more = button(`残り${n(people.length - LIST_FIRST)}人を表示`, () => {
      list.append(...people.slice(LIST_FIRST).map(item));
      more.remove();
    });
    return [list, more];
  }

  private uncertainList(people: readonly PersonToDecide[]): HTMLElement {
    const box = el('div', 'import-uncertain');
    box.append(
      el('h3', '', `確認が必要 ${n(people.length)}人`),
      el(
        'p',
        'help',
        '顧客の一覧に、同じ方かもしれないお客様がいます。同じ方なら選んでください。選ばないと、この方の行は取り込みません。',
      ),
    );
    const list = el('ul', 'import-list');
    box.append(
      ...this.paged(list, people, (p) => {
        const item = el('li', 'item');
        const group = el('fieldset', 'import-choice');
        group.append(el('legend', 'name', `${p.name || '（名前なし）'}`));
        group.append(el('div', 'state', this.personLine(p)));
        if (p.why) group.append(el('div', 'reason', p.why));
        const choices: [string, string, string][] = [
          ...p.candidates.map((c): [string, string, string] => [
            c.customerId,
            `${c.name}様（顧客ID ${c.customerId}）と同じ方`,
            c.why,
          ]),
          ['new', '新しいお客様として追加', ''],
          ['skip', '取り込まない', ''],
        ];
        for (const [value, text, why] of choices) {
          const label = el('label', 'choice');
          const radio = el('input');
          radio.type = 'radio';
          radio.name = `import-${p.identity}`;
          radio.value = value;
          radio.checked = (this.uncertain.get(p.identity) ?? 'skip') === value;
          radio.addEventListener('change', () => {
            if (radio.checked) this.uncertain.set(p.identity, value);
          });
          const words = el('span', '', text);
          if (why) words.append(el('span', 'as', `（${why}）`));
          label.append(radio, words);
          group.append(label);
        }
        item.append(group);
        return item;
      }),
    );
    return box;
  }

  private newList(people: readonly PersonToDecide[]): HTMLElement {
    const box = el('div', 'import-new');
    box.append(
      el('h3', '', `新しいお客様 ${n(people.length)}人`),
      el(
        'p',
        'help',
        '顧客の一覧にいない方です。顧客に追加する方を選んでください（選ばなかった方の行は取り込みません）。',
      ),
    );
    const boxes: HTMLInputElement[] = [];
    const allLabel = el('label', 'check import-all');
    const all = el('input');
    all.type = 'checkbox';
    const sync = (): void => {
      all.checked = this.newChosen.size === people.length;
      all.indeterminate = this.newChosen.size > 0 && !all.checked;
    };
    all.addEventListener('change', () => {
      for (const p of people)
        if (all.checked) this.newChosen.add(p.identity);
        else this.newChosen.delete(p.identity);
      for (const b of boxes) b.checked = all.checked;
    });
    allLabel.append(all, document.createTextNode('すべて選ぶ'));
    box.append(allLabel);
    const list = el('ul', 'import-list');
    box.append(
      ...this.paged(list, people, (p) => {
        const item = el('li', 'import-person');
        const label = el('label', 'check');
        const check = el('input');
        check.type = 'checkbox';
        check.checked = this.newChosen.has(p.identity);
        check.addEventListener('change', () => {
          if (check.checked) this.newChosen.add(p.identity);
          else this.newChosen.delete(p.identity);
          sync();
        });
        boxes.push(check);
        label.append(check, el('span', 'name', p.name || '（名前なし）'));
        item.append(label, el('div', 'state', this.personLine(p)));
        return item;
      }),
    );
    return box;
  }

  private skippedList(preview: ImportPreview): HTMLElement {
    const details = el('details', 'import-skipped');
    details.append(el('summary', '', `取り込めない行 ${n(preview.skipped.length)}行`));
    const list = el('ul', 'import-list');
    for (const s of preview.skipped) list.append(el('li', '', `${s.line}行目: ${s.why}`));
    details.append(list);
    return details;
  }

  // 4. Write --------------------------------------------------------------------------------------------------

  private async write(): Promise<void> {
    const started = this.started as StartedImport;
    const preview = this.preview as ImportPreview;
    this.progress(`取り込み中… 0 / ${n(started.rows.length)}行`);
    let result: ImportResult;
    try {
      result = await writeImport(SERVER, started, preview, this.decisions(), (done, total) =>
        this.progress(`取り込み中… ${n(done)} / ${n(total)}行`),
      );
    } catch (error) {
      this.progress('');
      this.renderFailure(messageOf(error));
      return;
    }
    this.progress('');
    this.renderResult(result);
  }

  private renderFailure(message: string): void {
    const section = this.check;
    section.replaceChildren(
      el('h2', '', '取り込みが途中で止まりました'),
      el('p', 'error', message),
      el('p', '', RESUME),
    );
    // What happened first, then the chooser for choosing the same file again.
    this.started = null;
    this.layout.hidden = true;
    this.chooser.hidden = false;
    this.root.prepend(section);
  }

  private renderResult(result: ImportResult): void {
    const section = this.check;
    section.replaceChildren(el('h2', '', `「${(this.chosen as Chosen).name}」を取り込みました`));
    if (result.summary) section.append(el('p', 'result', result.summary));
    const lines: [number, string][] = [
      [result.added, `来店履歴に追加 ${n(result.added)}件`],
      [result.merged, `同じ日の来店にまとめた ${n(result.merged)}件`],
      [result.already, `取り込み済みだった ${n(result.already)}件`],
      [result.newCustomers, `顧客に追加したお客様 ${n(result.newCustomers)}人`],
      [result.skipped, `取り込まなかった行 ${n(result.skipped)}行`],
      [result.withdrawn, `取り消された予約 ${n(result.withdrawn)}件`],
    ];
    const figures = el('ul', 'import-figures');
    for (const [count, text] of lines)
      if (count > 0 || text.startsWith('来店履歴')) figures.append(el('li', '', text));
    section.append(figures);
    for (const problem of result.problems) section.append(el('p', 'error', problem));
    section.append(
      el(
        'p',
        'help',
        '取り込んだ来店は、次に計画を更新したときから使われます（明朝の自動実行、またはメニューの「フォローアップ」→「今すぐ計画を更新」）。',
      ),
    );
    const row = el('div', 'row');
    row.append(
      button('今日のフォローへ', () => this.go('today'), 'primary'),
      button('ほかのファイルを取り込む', () => this.reset()),
    );
    section.append(row);
    this.started = null;
    this.layout.hidden = true;
  }
}
