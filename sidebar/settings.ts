import type { ActionResult, SettingsView } from '../src/shared/sidebar-types';
import { call } from './api';
import { busy, button, el, messageOf, say } from './dom';
import { settingField } from './setting-controls';

/** Settings shown first: what every shop fills in; the rest fold away under 「その他の設定」. */
const FIRST = [
  '店名',
  '差出人名',
  '店舗住所',
  '店舗電話',
  '店舗メール',
  '定休日',
  '毎日の実行時刻',
  'オーナー通知',
];

/** The 設定 tab: 設定 values, the LINE channel (secrets masked), テスト送信 and 自動実行. */
export class SettingsPanel {
  constructor(private readonly root: HTMLElement) {}

  async load(): Promise<void> {
    this.root.replaceChildren(el('p', 'muted', '読み込んでいます…'));
    try {
      this.render(await call('getSettingsView'));
    } catch (error) {
      this.root.replaceChildren(el('p', 'error', `読み込めませんでした: ${messageOf(error)}`));
    }
  }

  private render(view: SettingsView): void {
    this.root.replaceChildren(
      this.autoRun(view),
      this.shopForm(view),
      ...(view.seasonLimit ? [this.seasonLimit(view.seasonLimit)] : []),
      this.lineForm(view),
      this.imports(view),
      this.testSend(),
      this.diagnosis(),
    );
  }

  private autoRun(view: SettingsView): HTMLElement {
    const section = this.section('自動実行');
    section.append(el('p', view.autoRun.on ? 'on' : 'muted', view.autoRun.message));
    section.append(
      button(view.autoRun.on ? '自動実行をオフにする' : '自動実行をオンにする', () =>
        this.run(section, async () => {
          const state = await call('setAutoRun', !view.autoRun.on);
          return { ok: true, message: state.message };
        }),
      ),
    );
    return section;
  }

  private shopForm(view: SettingsView): HTMLElement {
    const section = this.section('お店の設定');
    if (!view.hasSheet) {
      section.append(
        el('p', 'error', '「設定」シートがありません。メニューの「初期設定」を実行してください。'),
      );
      return section;
    }
    // A value's own problem is shown beside it (settingField); here only what that does not already say word for word.
    const besideField = new Set(view.items.flatMap((i) => [i.problem, i.note]).filter(Boolean));
    for (const problem of view.problems)
      if (!besideField.has(`${problem}。`)) section.append(el('p', 'error', problem));
    const form = el('form', 'settings');
    form.noValidate = true;
    const more = el('details');
    more.append(el('summary', '', 'その他の設定'));
    const fields = view.items.map((item) => settingField(item, view.timeZone ?? 'Asia/Tokyo'));
    for (const field of fields) (FIRST.includes(field.item) ? form : more).append(field.element);
    // A setting with a problem is not folded away.
    if (view.items.some((i) => i.problem && !FIRST.includes(i.item))) more.open = true;
    const save = el('button', 'primary', '設定を保存');
    save.type = 'submit';
    form.append(more, save);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // Only what the owner changed is sent: every other cell of 設定 stays exactly as it is.
      const changed = fields.filter((f) => f.changed());
      const refused = changed.filter((f) => !f.check());
      if (refused.length > 0) {
        more.open = more.open || refused.some((f) => !FIRST.includes(f.item));
        refused[0].focus();
        say(
          `${refused.map((f) => `「${f.item}」`).join('')}を直してから保存してください（理由は各項目の下にあります）。`,
          true,
        );
        return;
      }
      const values = Object.fromEntries(changed.map((f) => [f.item, f.value()]));
      void (async () => {
        busy(form, true);
        say('保存しています…');
        try {
          const reply = await call('saveSettings', values);
          say(reply.message, !reply.ok);
          busy(form, false);
          if (reply.refused) {
            // Kept as typed, each with the server's reason, for the owner to fix.
            for (const field of fields)
              if (reply.refused[field.item]) field.refuse(reply.refused[field.item]);
            return;
          }
          await this.load();
        } catch (error) {
          say(`うまくいきませんでした: ${messageOf(error)}`, true);
          busy(form, false);
        }
      })();
    });
    section.append(form);
    return section;
  }

  private lineForm(view: SettingsView): HTMLElement {
    const section = this.section('LINE');
    const form = el('form', 'settings');
    const secret = (name: string, label: string, isSet: boolean) => {
      const field = el('label', 'field');
      const input = el('input');
      input.type = 'password';
      input.name = name;
      input.autocomplete = 'off';
      input.placeholder = isSet ? '設定済み（変えるときだけ入力）' : '未設定';
      field.append(el('span', 'field-name', label), input);
      return { field, input };
    };
    const token = secret('token', 'チャネルアクセストークン（長期）', view.line.tokenSet);
    const channelSecret = secret('secret', 'チャネルシークレット', view.line.secretSet);
    const owner = el('label', 'field');
    const ownerInput = el('input');
    ownerInput.name = 'ownerUserId';
    ownerInput.value = view.line.ownerUserId;
    ownerInput.placeholder = 'U で始まる33文字';
    owner.append(
      el('span', 'field-name', 'オーナーのLINEユーザーID'),
      ownerInput,
      el('span', 'help', '毎朝のお知らせをLINEで受け取るときに使います'),
    );
    const save = el('button', 'primary', 'LINEの設定を保存');
    save.type = 'submit';
    form.append(token.field, channelSecret.field, owner, save);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.run(form, async () => {
        const result = await call('saveLineSettings', {
          token: token.input.value,
          secret: channelSecret.input.value,
          ownerUserId: ownerInput.value,
        });
        // Typed secrets leave the page as soon as they are stored.
        token.input.value = '';
        channelSecret.input.value = '';
        return result;
      });
    });
    section.append(
      el(
        'p',
        'help',
        'トークンとシークレットはこのスプレッドシートのドキュメントプロパティに保存し、シートには書きません。',
      ),
      form,
      this.webhook(view),
    );
    return section;
  }

  /** LINE友だち's feed: a new webhook URL to paste into LINE Developers, shown once. */
  private webhook(view: SettingsView): HTMLElement {
    const box = el('div', 'webhook');
    box.append(
      el('span', 'field-name', 'Webhook（友だち追加・ブロックの記録）'),
      el(
        'p',
        'help',
        view.line.webhookSet ? '設定済みです。作り直すと前のURLは使えなくなります。' : '未設定です。',
      ),
    );
    const pasted = el('label', 'field', 'ウェブアプリのURL（「デプロイを管理」の /exec で終わるURL）');
    const exec = el('input');
    exec.type = 'url';
    exec.placeholder = 'https://script.google.com/macros/s/…/exec';
    pasted.append(exec);
    box.append(pasted);
    const make = button(view.line.webhookSet ? 'Webhook URLを作り直す' : 'Webhook URLを作る', () => {
      void (async () => {
        busy(box, true);
        try {
          const reply = await call('createWebhookUrl', exec.value);
          say(reply.message, !reply.ok);
          if (reply.url) {
            const label = el('label', 'field', 'このURLをコピーしてください');
            const url = el('input');
            url.readOnly = true;
            url.value = reply.url;
            label.append(url);
            box.append(label);
            url.select();
          }
        } catch (error) {
          say(`うまくいきませんでした: ${messageOf(error)}`, true);
        }
        busy(box, false);
      })();
    });
    box.append(make);
    return box;
  }

  /** 診断: the checks only the real spreadsheet can answer, one line each. */
  private diagnosis(): HTMLElement {
    const section = this.section('診断');
    const list = el('ul', 'diagnosis');
    section.append(
      el('p', 'help', 'このスプレッドシートで、つなぐが正しく動くかを確かめます（何も書き換えません）。'),
      button('診断する', () => {
        void (async () => {
          busy(section, true);
          say('診断しています…');
          try {
            const lines = await call('getDiagnosis');
            list.replaceChildren(
              ...lines.map((line) =>
                el(
                  'li',
                  line.mark === '✓' ? 'ok' : line.mark === '✗' ? 'bad' : 'warn',
                  `${line.mark} ${line.topic}: ${line.text}`,
                ),
              ),
            );
            const problems = lines.filter((l) => l.mark !== '✓').length;
            say(
              problems === 0
                ? '診断しました。問題はありません。'
                : `診断しました。確認が必要な項目が${problems}件あります。`,
              problems > 0,
            );
          } catch {
            say('診断できませんでした。時間をおいてもう一度「診断する」を押してください。', true);
          }
          busy(section, false);
        })();
      }),
      list,
    );
    return section;
  }

  /** 取り込み: what 来店履歴 holds, the newest import, the remembered layouts (each can be forgotten), and the way in. */
  private imports(view: SettingsView): HTMLElement {
    const section = this.section('取り込み');
    const overview = view.imports;
    section.append(
      el(
        'p',
        'help',
        '予約システムやレジから書き出したCSVの来店を「来店履歴」シートに入れます。顧客シートのセルは書き換えません。',
      ),
    );
    if (overview) {
      section.append(
        el(
          'p',
          'import-state',
          !overview.hasSheet || overview.rows === 0
            ? 'まだ取り込んでいません。'
            : `「来店履歴」は${overview.rows}行です。${overview.latest ? `いちばん新しい取り込みは「${overview.latest}」です。` : ''}`,
        ),
      );
      if (overview.layouts.length > 0) {
        section.append(
          el('h3', 'import-sub', '覚えている列の対応'),
          el(
            'p',
            'help',
            '列の対応を直したファイルは、同じ見出しのファイルを次から同じように読みます。忘れると、次は最初から確かめます。',
          ),
        );
        const list = el('ul', 'import-layouts');
        for (const layout of overview.layouts) {
          const item = el('li');
          const headers = layout.headers.slice(0, 4).join('・');
          const more = layout.headers.length > 4 ? '…' : '';
          item.append(
            el('span', 'label', layout.label || '名前のないファイル'),
            el('span', 'help', `（見出し: ${headers}${more}）`),
            button('忘れる', () => this.run(item, () => call('forgetImportLayout', layout.signature))),
          );
          list.append(item);
        }
        section.append(list);
      }
    }
    section.append(
      button(
        'CSVを取り込む',
        () =>
          void (async () => {
            busy(section, true);
            try {
              // The same sidebar, opened again on its import view.
              await call('showImportSidebar');
            } catch (error) {
              say(`開けませんでした: ${messageOf(error)}`, true);
              busy(section, false);
            }
          })(),
        'primary',
      ),
    );
    return section;
  }

  private testSend(): HTMLElement {
    const section = this.section('テスト送信');
    section.append(
      el('p', 'help', '毎朝のお知らせと同じ方法（設定「オーナー通知」）で、オーナーにテストを送ります。'),
      button('テスト送信', () => this.run(section, () => call('sendTestNotice'))),
    );
    return section;
  }

  /** A temporary 1日の手紙上限 for a season's window (accepted in the today tab's season card): removable. */
  private seasonLimit(text: string): HTMLElement {
    const section = this.section('期間だけの手紙の上限');
    section.append(
      el('p', '', text),
      el('p', 'muted', 'ほかの日は設定「1日の手紙上限」の通りです。'),
      button('取り消す', () => this.run(section, () => call('removeSeasonLimit'))),
    );
    return section;
  }

  private section(title: string): HTMLElement {
    const section = el('section', 'panel');
    section.append(el('h2', '', title));
    return section;
  }

  /** Runs a request with progress and its message in the status line; reloads the tab afterwards. */
  private run(region: HTMLElement, request: () => Promise<ActionResult>): void {
    void (async () => {
      busy(region, true);
      say('保存しています…');
      try {
        const result = await request();
        say(result.message, !result.ok);
      } catch (error) {
        say(`うまくいきませんでした: ${messageOf(error)}`, true);
      }
      busy(region, false);
      await this.load();
    })();
  }
}
