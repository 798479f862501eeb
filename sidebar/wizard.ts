import type { WizardCustomers, WizardFinish, WizardView } from '../src/shared/sidebar-types';
import { call } from './api';
import { confirmButton } from './confirm';
import { busy, button, el, messageOf } from './dom';

/** The wizard's steps: 例のお客様 only when the list has some. */
type Step = 'welcome' | 'customers' | 'shop' | 'examples' | 'week';

const TITLES: Record<Exclude<Step, 'welcome'>, string> = {
  customers: 'お客様の表',
  shop: 'お店のこと',
  examples: '例のお客様',
  week: 'はじめの1週間',
};

const FOUND_BY: Record<WizardCustomers['by'], string> = {
  choice: 'あなたが選んだシートです',
  name: 'シートの名前で見つけました',
  headers: '見出しに「顧客ID」と「氏名」があるシートです',
  '': '',
};

/**
 * 初期設定 as a short wizard: お客様の表 → お店のこと → (例のお客様) → はじめの1週間. Every step can be gone back to;
 * only the owner's clicks write (choosing the list, deleting the example customers, the last step).
 */
export class WizardPanel {
  private view: WizardView | null = null;
  private step: Step | null = null;
  /** The furthest step reached: the steps up to it can be opened from the list at the top. */
  private reached = 0;
  /** Shop details typed while 設定 did not exist yet: saved by the last step, once it has made the sheet. */
  private pending: Record<string, string> = {};
  private hadExamples = false;
  private finished: WizardFinish | null = null;

  constructor(
    private readonly root: HTMLElement,
    private readonly go: (tab: string) => void,
  ) {}

  async load(): Promise<void> {
    this.root.replaceChildren(el('p', 'muted', '読み込んでいます…'));
    try {
      this.view = await call('getSetupWizard');
    } catch (error) {
      this.root.replaceChildren(el('p', 'error', `読み込めませんでした: ${messageOf(error)}`));
      return;
    }
    if (this.view.examples.length > 0) this.hadExamples = true;
    if (this.step === null) this.step = this.view.setUp ? 'customers' : 'welcome';
    this.render();
  }

  private steps(): Exclude<Step, 'welcome'>[] {
    return ['customers', 'shop', ...(this.hadExamples ? (['examples'] as const) : []), 'week'];
  }

  private open(step: Step): void {
    this.step = step;
    const at = this.steps().indexOf(step as Exclude<Step, 'welcome'>);
    this.reached = Math.max(this.reached, at);
    this.render();
    this.root.querySelector('h2')?.focus();
  }

  private next(): void {
    const steps = this.steps();
    const at = steps.indexOf(this.step as Exclude<Step, 'welcome'>);
    this.open(steps[Math.min(at + 1, steps.length - 1)]);
  }

  private back(): void {
    const steps = this.steps();
    const at = steps.indexOf(this.step as Exclude<Step, 'welcome'>);
    if (at > 0) this.open(steps[at - 1]);
  }

  private render(): void {
    const view = this.view as WizardView;
    if (this.step === 'welcome') {
      this.root.replaceChildren(this.welcome());
      return;
    }
    const body =
      this.step === 'customers'
        ? this.customers(view)
        : this.step === 'shop'
          ? this.shop(view)
          : this.step === 'examples'
            ? this.examples(view)
            : this.week(view);
    this.root.replaceChildren(this.progress(), body);
  }

  /** The steps as a list: done and current ones can be opened again. */
  private progress(): HTMLElement {
    const list = el('ol', 'wizard-steps');
    list.setAttribute('aria-label', '初期設定の手順');
    this.steps().forEach((step, i) => {
      const item = el('li');
      const go = button(`${i + 1}. ${TITLES[step]}`, () => this.open(step));
      go.disabled = i > this.reached;
      if (step === this.step) go.setAttribute('aria-current', 'step');
      item.append(go);
      list.append(item);
    });
    return list;
  }

  private section(title: string): HTMLElement {
    const section = el('section', 'panel wizard');
    const steps = this.steps();
    const at = steps.indexOf(this.step as Exclude<Step, 'welcome'>);
    const heading = el('h2', '', at >= 0 ? `手順${at + 1}/${steps.length} ${title}` : title);
    heading.tabIndex = -1;
    section.append(heading);
    return section;
  }

  /** The buttons at the bottom of a step. */
  private nav(...extra: HTMLElement[]): HTMLElement {
    const row = el('div', 'wizard-nav');
    if (this.steps().indexOf(this.step as Exclude<Step, 'welcome'>) > 0)
      row.append(button('戻る', () => this.back()));
    row.append(...extra);
    return row;
  }

  /** A message next to what was clicked (role=status, so it is read out). */
  private note(section: HTMLElement): (text: string, isError?: boolean) => void {
    const node = el('p', 'wizard-note');
    node.setAttribute('role', 'status');
    node.hidden = true;
    section.append(node);
    return (text, isError = false) => {
      node.textContent = text;
      node.className = isError ? 'wizard-note error' : 'wizard-note';
      node.hidden = text === '';
    };
  }

  private welcome(): HTMLElement {
    const section = this.section('つなぐの初期設定');
    const steps: Record<Exclude<Step, 'welcome'>, string> = {
      customers: 'どのシートのどの列を読むかを確かめます',
      shop: '店名や連絡先を入れます',
      examples: '見本として入っている例のお客様を、消すか決めます',
      week: 'つなぐのシートを作り、最初の1週間の連絡の数を見ます',
    };
    section.append(
      el(
        'p',
        '',
        `つなぐを使い始めるために、${this.steps().length}つの手順で初期設定をします（5分ほどです）。`,
      ),
      this.bullets(this.steps().map((step) => `${TITLES[step]}：${steps[step]}`)),
      el(
        'p',
        'help',
        'あなたのシートの中身は書き換えません（例のお客様を削除するのは、あなたが削除のボタンを押したときだけです）。',
      ),
      this.row(
        button('初期設定を始める', () => this.open('customers'), 'primary'),
        button('あとで（今日のフォローへ）', () => this.go('today')),
      ),
    );
    return section;
  }

  private customers(view: WizardView): HTMLElement {
    const section = this.section(TITLES.customers);
    const c = view.customers;
    const next = button('次へ', () => this.next(), 'primary');
    if (c.state === 'ambiguous') {
      next.disabled = true;
      section.append(this.choose(c));
    } else if (c.state === 'none') {
      section.append(
        el('p', 'error', '「顧客ID」と「氏名」の見出しがあるシートが見つかりませんでした。'),
        this.bullets([
          'お客様の一覧があるとき：その見出しの行に「顧客ID」と「氏名」を入れてから（「お客様番号」「お名前」なども使えます）、「もう一度探す」を押してください。シートの名前を「顧客」や「お客様リスト」にしても見つかります。',
          'まだ一覧がないとき：このまま進むと、最後の手順で見出しだけの「顧客」シートを作ります。そこにお客様を入れてください。',
        ]),
      );
    } else {
      section.append(
        el(
          'p',
          '',
          `お客様の一覧は「${c.sheetName}」シートを使います（${FOUND_BY[c.by]}）。見出しは${c.headerRow}行目、お客様は${c.rows}行です。`,
        ),
      );
      if (c.missingRequired.length > 0)
        section.append(
          el(
            'p',
            'error',
            `見出しに「${c.missingRequired.join('」「')}」がありません。見出しの行に足してから「もう一度探す」を押してください（「顧客ID」は「顧客番号」「会員番号」、「氏名」は「お名前」なども使えます）。`,
          ),
        );
      if (c.problem) section.append(el('p', 'error', c.problem));
      section.append(...this.columns(c));
    }
    section.append(
      this.nav(
        button('もう一度探す', () => void this.load()),
        next,
      ),
    );
    return section;
  }

  /** The candidates when several sheets could be the list: the owner picks one. */
  private choose(c: WizardCustomers): HTMLElement {
    const form = el('form', 'wizard-choose');
    const legend = el('fieldset');
    form.append(
      el(
        'p',
        '',
        `お客様の一覧らしいシートが${c.candidates.length}つあります。使うシートを選んでください（選ぶまで、つなぐは計画を作りません）。`,
      ),
    );
    legend.append(el('legend', '', '使うシート'));
    for (const sheet of c.candidates) {
      const label = el('label', 'choice');
      const radio = el('input');
      radio.type = 'radio';
      radio.name = 'sheet';
      radio.value = String(sheet.sheetId);
      label.append(radio, document.createTextNode(` 「${sheet.name}」（${sheet.rows}行）`));
      legend.append(label);
    }
    const use = el('button', 'primary', 'このシートを使う');
    use.type = 'submit';
    form.append(legend, use);
    // The answer appears under the button that was clicked.
    const say = this.note(form);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const picked = form.querySelector<HTMLInputElement>('input[name="sheet"]:checked');
      if (!picked) {
        say('シートを1つ選んでください。', true);
        return;
      }
      void (async () => {
        busy(form, true);
        try {
          const result = await call('chooseCustomerSheet', Number(picked.value));
          if (!result.ok) {
            say(result.message, true);
            busy(form, false);
            return;
          }
          await this.load();
          this.root.querySelector('.wizard-note')?.remove();
          const shown = this.note(this.root.querySelector('section') as HTMLElement);
          shown(result.message);
        } catch (error) {
          say(`うまくいきませんでした: ${messageOf(error)}`, true);
          busy(form, false);
        }
      })();
    });
    return form;
  }

  /** What Tsunagu understood of the header row, what it leaves alone, and what more columns would enable. */
  private columns(c: WizardCustomers): HTMLElement[] {
    const parts: HTMLElement[] = [];
    parts.push(el('h3', '', `わかった列（${c.understood.length}）`));
    const understood = el('ul', 'wizard-cols');
    for (const col of c.understood) {
      const item = el('li', 'ok');
      item.append(el('span', 'col', col.header));
      if (col.header !== col.as) item.append(el('span', 'as', ` → ${col.as}として読みます`));
      understood.append(item);
    }
    parts.push(understood);
    if (c.ownColumns.length > 0) {
      parts.push(el('h3', '', `つなぐが使わない列（${c.ownColumns.length}）`));
      parts.push(el('p', 'help', 'お店の列です。そのまま残し、読みも書きもしません。'));
      parts.push(this.list(c.ownColumns, 'wizard-cols own'));
    }
    parts.push(el('h3', '', 'つなぐが書き込む列'));
    const system = [...c.system, ...c.systemToAdd.map((h) => `${h}（最後の手順で右端に足します）`)];
    parts.push(el('p', 'help', 'つなぐが書き込むのは、この列だけです。'));
    parts.push(this.list(system, 'wizard-cols system'));
    if (c.missing.length > 0) {
      const more = el('details', 'wizard-missing');
      more.open = true;
      more.append(el('summary', '', `ない列（${c.missing.length}）：足すとできること`));
      const list = el('ul', 'wizard-cols');
      for (const m of c.missing) {
        const item = el('li');
        item.append(el('span', 'col', m.header), el('span', 'as', `：${m.enables}`));
        if (m.fromImport) item.append(el('span', 'from-import', `（${m.fromImport}）`));
        list.append(item);
      }
      more.append(list, el('p', 'help', 'なくても使えます。列を足したら「もう一度探す」で確かめられます。'));
      parts.push(more);
    }
    if (c.importNote) parts.push(el('p', 'help wizard-import', c.importNote));
    return parts;
  }

  private shop(view: WizardView): HTMLElement {
    const section = this.section(TITLES.shop);
    section.append(
      el('p', 'help', 'メールや手紙の差出人・署名に使います。あとから「設定」タブでも変えられます。'),
    );
    const form = el('form', 'settings');
    const inputs = new Map<string, HTMLInputElement>();
    for (const item of view.shop.items) {
      const field = el('label', 'field');
      const input = el('input');
      input.name = item.item;
      input.value = this.pending[item.item] ?? item.value;
      if (item.defaultText) input.placeholder = `空欄なら ${item.defaultText.slice(0, 20)}`;
      field.append(el('span', 'field-name', item.item), input, el('span', 'help', item.help));
      inputs.set(item.item, input);
      form.append(field);
    }
    if (!view.shop.hasSheet)
      form.append(
        el(
          'p',
          'help',
          '「設定」シートはまだありません。入力した内容は、最後の手順で「設定」シートを作ってから保存します。',
        ),
      );
    const save = el('button', 'primary', view.shop.hasSheet ? '保存して次へ' : '次へ');
    save.type = 'submit';
    form.append(this.nav(save));
    section.append(form);
    const say = this.note(section);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // Only what the owner changed is sent: every other cell of 設定 stays exactly as it is.
      const loaded = new Map(view.shop.items.map((i) => [i.item, i.value]));
      const changed = Object.fromEntries(
        [...inputs].filter(([item, input]) => input.value !== loaded.get(item)).map(([i, n]) => [i, n.value]),
      );
      if (!view.shop.hasSheet) {
        this.pending = changed;
        this.next();
        return;
      }
      if (Object.keys(changed).length === 0) {
        this.next();
        return;
      }
      void (async () => {
        busy(form, true);
        say('保存しています…');
        try {
          const result = await call('saveSettings', changed);
          if (result.ok) {
            await this.load();
            this.next();
            return;
          }
          say(result.message, true);
        } catch (error) {
          say(`保存できませんでした: ${messageOf(error)}`, true);
        }
        busy(form, false);
      })();
    });
    return section;
  }

  private examples(view: WizardView): HTMLElement {
    const section = this.section(TITLES.examples);
    const next = button(view.examples.length > 0 ? '残しておく（次へ）' : '次へ', () => this.next());
    if (view.examples.length === 0) {
      section.append(el('p', '', '例のお客様はいません。'), this.nav(next));
      return section;
    }
    section.append(
      el(
        'p',
        '',
        `顧客IDが「例」で始まり、配信停止が「すべて」のお客様が${view.examples.length}人います。使い方の見本として入っているお客様で、つなぐは連絡しません。`,
      ),
      this.list(
        view.examples.map((e) => `${e.id} ${e.name}（${e.row}行目）`),
        'wizard-cols',
      ),
      el(
        'p',
        'help',
        '削除すると、この行だけをシートから消します（ほかの行はそのままです）。押す前に増えた行や並べ替えた行も、押したときのシートで確かめます。',
      ),
    );
    const label = `例のお客様${view.examples.length}人を削除`;
    // A deletion asks first; a double-click does not answer its own question (confirm.ts).
    const ask = `${view.examples.length}人の行を削除します。よろしいですか？（もう一度押すと削除）`;
    const remove = confirmButton(label, ask, () => {
      void (async () => {
        busy(section, true);
        try {
          const result = await call('deleteExampleCustomers', { ids: view.examples.map((e) => e.id) });
          await this.load();
          const say = this.note(this.root.querySelector('section') as HTMLElement);
          say(result.message, !result.ok);
        } catch (error) {
          say(`うまくいきませんでした: ${messageOf(error)}`, true);
          busy(section, false);
        }
      })();
    });
    section.append(this.nav(remove, next));
    const say = this.note(section);
    return section;
  }

  private week(view: WizardView): HTMLElement {
    const section = this.section(TITLES.week);
    if (this.finished) return this.afterFinish(section, this.finished, view);
    section.append(
      el('p', '', 'ここで初期設定をします。'),
      this.bullets([
        'つなぐのシート（設定・カテゴリ・テンプレート・空き枠・連絡履歴）のうち、ないものを作ります',
        'お客様の表の右端に、つなぐが書き込む列を足します',
        'プレビューで、お客様ごとの次回連絡日を入れます（Gmailの下書きなどはまだ作りません）',
      ]),
    );
    const pending = Object.keys(this.pending);
    if (pending.length > 0)
      section.append(el('p', 'help', `お店のこと（${pending.join('・')}）も、「設定」シートに保存します。`));
    const start = button(
      '初期設定をして、はじめの1週間を見る',
      () => {
        void (async () => {
          busy(section, true);
          say('初期設定をしています…（少し時間がかかります）');
          try {
            const result = await call('finishSetupWizard', { settings: this.pending });
            if (result.ok || result.summary) {
              this.finished = result;
              this.pending = {};
              await this.load();
              return;
            }
            say(result.message, true);
          } catch (error) {
            say(`うまくいきませんでした: ${messageOf(error)}`, true);
          }
          busy(section, false);
        })();
      },
      'primary',
    );
    if (view.customers.state === 'ambiguous') {
      start.disabled = true;
      section.append(el('p', 'error', '手順1で、お客様の一覧のシートを選んでください。'));
    }
    section.append(this.nav(start));
    const say = this.note(section);
    return section;
  }

  /** The last step's outcome: the first week, the preview, and what to do next. */
  private afterFinish(section: HTMLElement, done: WizardFinish, view: WizardView): HTMLElement {
    const lines = (text: string, className = '') =>
      text
        .split('\n')
        .filter(Boolean)
        .map((line) => el('p', className, line));
    section.append(
      ...lines(done.message, done.ok ? 'muted' : 'error'),
      el('h3', '', 'はじめの1週間'),
      ...done.forecast.map((line) => el('p', 'forecast', line)),
      el('h3', '', done.preview ? 'プレビューの結果' : 'いまの様子'),
      ...lines(done.summary, 'muted'),
      el('h3', '', 'これから'),
    );
    const say = this.note(section);
    if (view.preparing || !done.preview) {
      section.append(el('p', '', '「今日のフォロー」で、今日の分を確かめてください。'));
    } else {
      section.append(
        el(
          'p',
          '',
          'まだプレビュー中です（顧客シートの「次回連絡日」を見て、予定を確かめてください）。よければ、次のどちらかで始めます。',
        ),
        this.bullets([
          '自動実行をオン：毎朝、その日の分をGmailの下書き・LINE送信・手紙・電話リストに準備します',
          '今日の分を準備する：今すぐ今日の分だけ準備します（自動実行はオフのまま）',
        ]),
      );
      const auto = button(
        '自動実行をオンにする',
        () =>
          void (async () => {
            busy(section, true);
            try {
              const state = await call('setAutoRun', true);
              say(state.message, !state.on);
            } catch (error) {
              say(`うまくいきませんでした: ${messageOf(error)}`, true);
            }
            busy(section, false);
          })(),
        'primary',
      );
      const prepare = button(
        '今日の分を準備する',
        () =>
          void (async () => {
            busy(section, true);
            try {
              const summary = await call('startPreparing');
              say(
                summary
                  ? '今日の分を準備しました。「今日のフォロー」で確かめてください。'
                  : '準備できませんでした。メニュー「診断」で確かめてください。',
                !summary,
              );
            } catch (error) {
              say(`うまくいきませんでした: ${messageOf(error)}`, true);
            }
            busy(section, false);
          })(),
      );
      section.append(this.row(auto, prepare));
    }
    // After changing an earlier step, the owner can look at the first week again.
    const again = button('もう一度見る', () => {
      this.finished = null;
      this.render();
    });
    section.append(
      this.nav(
        button('今日のフォローを見る', () => this.go('today')),
        again,
      ),
    );
    // The note sits below the buttons, next to what was clicked.
    section.append(section.querySelector('.wizard-note') as HTMLElement);
    return section;
  }

  private bullets(items: readonly string[]): HTMLElement {
    const list = el('ul', 'wizard-bullets');
    for (const text of items) list.append(el('li', '', text));
    return list;
  }

  private list(items: readonly string[], className: string): HTMLElement {
    const list = el('ul', className);
    for (const text of items) list.append(el('li', '', text));
    return list;
  }

  private row(...buttons: HTMLElement[]): HTMLElement {
    const row = el('div', 'wizard-nav');
    row.append(...buttons);
    return row;
  }
}
