import type {
  CallOutcomeName,
  FollowUpAction,
  FollowUpDetail,
  FollowUpGroup,
  FollowUpItem,
  TodayView,
  RememberedRows,
} from '../src/shared/sidebar-types';
import { call } from './api';
import { addDays, busy, button, el, jaDate, messageOf, say } from './dom';
import { confirmButton } from './confirm';
import { callCardParts, DraftChooser } from './today-cards';
import { lineCodeLine, lineLinkSection } from './line-link';
import { seasonSection } from './today-season';

const OUTCOMES: readonly CallOutcomeName[] = ['満足', '不満', '不在'];
/** Groups up to this many items open unfolded (until the owner opens or closes one: that choice is kept). */
const OPEN_GROUP_MAX = 10;

/** What 準備 makes, per channel: the words on the item's and the group's button. */
const PREPARE_LABEL: Record<string, string> = {
  メール: 'Gmail下書きを作成',
  LINE: 'LINE下書きを作成',
  手紙: '手紙に追加',
  電話: '電話リストに追加',
};

/** 空き枠のご案内: which slot was offered to whom, so the owner knows who may answer. */
function vacancySection(view: TodayView): HTMLElement {
  const section = el('section', 'vacancy');
  section.append(el('h2', '', '空き枠のご案内'));
  for (const offer of view.vacancyOffers ?? []) {
    const line = el('p');
    line.append(el('strong', '', offer.slot), document.createTextNode(`: ${offer.to.join('、')}`));
    section.append(line);
  }
  return section;
}

/** The 今日 tab: today's and overdue follow-ups by channel, each with what the owner can do with it. */
export class TodayPanel {
  private today = '';
  /** The owner's own choice of open and closed groups, by channel: kept across every redraw. */
  private readonly openGroups = new Map<string, boolean>();
  /** Cards whose message the owner opened, by key: opened again after a redraw. */
  private readonly openMessages = new Set<string>();
  /** Another editor: the owner's address (drafts are not theirs to send); '' for the owner. */
  private mailOwner = '';
  private readonly drafts = new DraftChooser((keys, bar) => this.sendDrafts(keys, bar));
  /** Actions sent and not answered yet. */
  private actionsInFlight = 0;
  /** Counts every action sent and every one answered: a list read during which it moved is not shown. */
  private actionsSeen = 0;
  /** The list read in the background after actions (refreshLater): one at a time, and one more when it is wanted. */
  private refreshing = false;
  private refreshWanted = false;
  /** The latest result an action showed: shown again where it was when the list is drawn again. */
  private lastResult: { place: Place; message: string; isError: boolean } | null = null;

  /** 「LINEの友だちとお客様をつなぐ」, made at load and kept across the redraws after actions. */
  private lineLinks: HTMLElement | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly banner: HTMLElement,
    private readonly dateLine: HTMLElement,
  ) {}

  async load(): Promise<void> {
    this.root.replaceChildren(el('p', 'muted', '読み込んでいます…'));
    // Asked once per load, not after every action: each ask reads the whole workbook again.
    this.lineLinks = lineLinkSection();
    try {
      this.render(await call('getTodayFollowUps'));
    } catch (error) {
      this.root.replaceChildren(
        el('p', 'error', `読み込めませんでした: ${messageOf(error)}`),
        el('p', 'muted', '「再読み込み」を押してください。'),
      );
    }
  }

  render(view: TodayView): void {
    // Where the owner was: a redraw after an action keeps the scroll position.
    const scroller = document.scrollingElement;
    const top = scroller?.scrollTop ?? 0;
    this.today = view.today;
    this.mailOwner = view.mailOwner ?? '';
    this.dateLine.textContent = `${jaDate(view.today)}・${view.total}件`;
    this.renderBanner(view);
    this.root.replaceChildren();
    if (view.season) this.root.append(seasonSection(view.season, () => this.load()));
    if (view.total === 0) {
      const next = view.nextDate ? `次のフォローは${jaDate(view.nextDate)}です。` : '';
      this.root.append(el('p', 'empty', `今日のフォローはありません。${next}`));
    }
    for (const group of view.groups) this.root.append(this.renderGroup(group, view));
    if (view.vacancyOffers && view.vacancyOffers.length > 0) this.root.append(vacancySection(view));
    if (this.lineLinks) this.root.append(this.lineLinks);
    if (scroller) scroller.scrollTop = top;
  }

  private renderBanner(view: TodayView): void {
    this.banner.replaceChildren();
    this.banner.hidden =
      !view.preview && view.problems.length === 0 && view.forecast.length === 0 && !view.examples;
    if (view.preview) {
      this.banner.append(
        el('p', '', 'プレビュー中です。次回連絡日を入れるだけで、下書きや手紙はまだ作りません。'),
        button('準備する', () => void this.startPreparing(), 'primary'),
      );
    }
    for (const problem of view.problems) this.banner.append(el('p', 'error', problem));
    // The queue the daily limits make: information, not a problem.
    for (const line of view.forecast) this.banner.append(el('p', 'forecast', line));
    // The template's example customers: information, counted apart.
    if (view.examples) this.banner.append(el('p', 'muted', view.examples));
  }

  private async startPreparing(): Promise<void> {
    busy(this.banner, true);
    say('準備しています…（数十秒かかることがあります）');
    try {
      await call('startPreparing');
      say('準備しました。');
    } catch (error) {
      say(`準備できませんでした: ${messageOf(error)}`, true);
    }
    busy(this.banner, false);
    await this.load();
  }

  private renderGroup(group: FollowUpGroup, view: TodayView): HTMLElement {
    // A long group folds, so the others stay in reach at the sidebar's height.
    const section = el('details', 'group');
    section.dataset.channel = group.channel;
    section.open = this.openGroups.get(group.channel) ?? group.items.length <= OPEN_GROUP_MAX;
    section.addEventListener('toggle', () => this.openGroups.set(group.channel, section.open));
    const heading = el('h2');
    heading.append(el('span', '', group.channel), el('span', 'count', `${group.total}件`));
    const summary = el('summary');
    summary.append(heading);
    section.append(summary);
    if (group.channel === 'LINE' && view.lineRemaining !== null)
      section.append(el('p', 'muted', `今月のLINEの残り: 約${view.lineRemaining}通`));
    // Another editor: the drafts are the owner's, and so is what touches them.
    if (group.channel === 'メール' && view.mailOwner)
      section.append(
        el(
          'p',
          'muted',
          `メールの下書きはオーナー（${view.mailOwner}）のGmailにあります。下書きの作成と、下書きのあるメールのスキップ・延期は ${view.mailOwner} で行ってください。「Gmailで開く」は ${view.mailOwner} でログインしているときに開けます。`,
        ),
      );

    const bulk = el('div', 'row bulk');
    if (group.preparable > 1)
      bulk.append(
        button(`まとめて${PREPARE_LABEL[group.channel]}（${group.preparable}件）`, () =>
          this.perform(
            { group: group.channel, action: 'prepare', today: this.today, count: group.preparable },
            section,
          ),
        ),
      );
    if (group.channel === 'LINE' && group.sendable > 1)
      bulk.append(
        button(`まとめて承認して送信（${group.sendable}件）`, () =>
          this.perform(
            { group: 'LINE', action: 'approveLine', send: true, today: this.today, count: group.sendable },
            section,
          ),
        ),
      );
    if (bulk.childElementCount > 0) section.append(bulk);
    if (group.channel === 'メール') {
      this.drafts.begin(this.mailOwner ? [] : group.items);
      const choose = this.drafts.bar();
      if (choose) section.append(choose);
      if (this.mailOwner && group.items.some((i) => i.draftReady))
        section.append(el('p', 'muted', `下書きの送信も ${this.mailOwner} で行ってください。`));
    }

    const list = el('ul');
    for (const item of group.items) list.append(this.renderItem(item));
    section.append(list);
    if (group.total > group.items.length) section.append(this.moreButton(group, list));
    return section;
  }

  /** A long group shows its first page; the rest come a page at a time, by what is not shown yet. */
  private moreButton(group: FollowUpGroup, list: HTMLUListElement): HTMLButtonElement {
    const shown = group.items.map((i) => i.key);
    const more = button(`さらに表示（残り${group.total - shown.length}件）`, () => {
      void (async () => {
        busy(more, true);
        try {
          const page = await call('getFollowUpPage', group.channel, shown);
          for (const item of page.items) {
            list.append(this.renderItem(item));
            shown.push(item.key);
            if (item.channel === 'メール' && !this.mailOwner) this.drafts.add(item);
          }
          more.textContent = `さらに表示（残り${page.remaining}件）`;
          more.hidden = page.remaining === 0;
        } catch (error) {
          say(`読み込めませんでした: ${messageOf(error)}`, true);
        }
        busy(more, false);
      })();
    });
    return more;
  }

  private renderItem(item: FollowUpItem): HTMLLIElement {
    const li = el('li', 'item');
    li.dataset.key = item.key;
    const choose = this.mailOwner ? null : this.drafts.checkbox(item);
    if (choose) li.append(choose);
    li.append(el('div', 'name', `${item.name} 様`), el('div', 'title', item.title));
    if (item.channel === '電話') li.append(...callCardParts(item));
    if (item.daysLate > 0) li.append(el('div', 'late', `${item.daysLate}日遅れ`));
    if (item.state) li.append(el('div', 'state', `状態: ${item.state}`));
    li.append(el('div', 'reason', item.reason));
    if (item.task) li.append(el('p', 'task', item.task));
    const lineCode = lineCodeLine(item.lineCode);
    if (lineCode) li.append(lineCode);
    if (item.problem) li.append(el('p', 'error', `直すところ: ${item.problem}`));
    if (item.channel !== 'LINE') {
      // The message is fetched when the owner opens it: a long day's list stays small.
      const details = el('details');
      // The whole message, scrolling inside the card when long.
      const text = el('pre', 'message muted', '読み込んでいます…');
      details.append(el('summary', '', item.channel === '電話' ? '話すことを見る' : '文面を見る'), text);
      details.addEventListener('toggle', () => {
        if (details.open) this.openMessages.add(item.key);
        else this.openMessages.delete(item.key);
        if (details.open && !details.dataset.loaded) {
          details.dataset.loaded = 'yes';
          void this.detail(item.key).then((d) => {
            text.className = 'message';
            text.textContent = d?.preview ?? '見つかりませんでした。再読み込みしてください。';
          });
        }
      });
      li.append(details);
      if (this.openMessages.has(item.key)) details.open = true;
    }
    li.append(this.actionsFor(item, li));
    return li;
  }

  private actionsFor(item: FollowUpItem, li: HTMLLIElement): HTMLElement {
    const actions = el('div', 'actions');
    // The row the list read the item on goes along: the server checks it holds this キー before using it.
    const send = (action: FollowUpAction) =>
      this.perform(item.row ? { ...action, rows: { [item.key]: item.row } } : action, li);
    const keys = [item.key];
    const main = el('div', 'row');
    if (item.state === '' && item.problem === '' && item.channel !== 'LINE')
      main.append(button(PREPARE_LABEL[item.channel], () => send({ keys, action: 'prepare' }), 'primary'));
    if (item.draftUrl) {
      const open = el('a', 'button primary', 'Gmailで開く');
      open.href = item.draftUrl;
      open.target = '_blank';
      open.rel = 'noopener';
      main.append(open);
    }
    if (item.channel === '手紙' && item.state === '印刷待ち')
      main.append(el('span', 'muted', `「${item.printOn ?? '手紙'}」シートから印刷してください`));
    actions.append(main);
    if (item.channel === 'LINE' && item.problem === '') actions.prepend(this.lineEditor(item, send));
    if (item.channel === '電話') {
      const called = el('div', 'row');
      called.setAttribute('role', 'group');
      called.setAttribute('aria-label', `${item.name} 様に電話した結果`);
      called.append(el('span', 'label', '電話した:'));
      for (const outcome of OUTCOMES)
        called.append(button(outcome, () => send({ keys, action: 'called', outcome })));
      actions.prepend(called);
    }
    const skip = confirmButton('スキップ', 'スキップしてよろしいですか？（もう一度押すとスキップ）', () =>
      send({ keys, action: 'skip' }),
    );
    const form = this.snoozeForm(item, (date) => send({ keys, action: 'snooze', date }));
    const snooze = button('延期…', () => {
      form.hidden = !form.hidden;
      snooze.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) form.querySelector('input')?.focus();
    });
    snooze.setAttribute('aria-expanded', 'false');
    main.append(skip);
    // On the last day of its window there is no later day to snooze to.
    if (!item.lastDate || item.lastDate > this.today) main.append(snooze);
    actions.append(form);
    return actions;
  }

  /** The LINE message opens for editing on request; 承認 and 承認して送信 send the text as it then stands. */
  private lineEditor(item: FollowUpItem, send: (action: FollowUpAction) => void): HTMLElement {
    const box = el('div', 'line-editor');
    const label = el('label', '', 'LINEのメッセージ（編集できます）');
    const text = el('textarea');
    text.rows = 6;
    text.maxLength = 5000;
    label.append(text);
    label.hidden = true;
    let original: string | null = null;
    const edited = () => (original !== null && text.value !== original ? { text: text.value } : {});
    const open = button('文面を見る・編集', () => {
      void (async () => {
        busy(box, true);
        const detail = await this.detail(item.key);
        busy(box, false);
        // Nothing to show: the editor stays closed (approving then would approve text the owner never saw).
        if (!detail) return;
        original = detail.lineText ?? '';
        text.value = original;
        label.hidden = false;
        open.hidden = true;
        approve.hidden = false;
        text.focus();
      })();
    });
    // The owner approves a message they have read: the buttons come with the text.
    const approve = el('div', 'row');
    approve.hidden = true;
    approve.append(
      button('承認', () => send({ keys: [item.key], action: 'approveLine', send: false, ...edited() })),
      button(
        '承認して送信',
        () => send({ keys: [item.key], action: 'approveLine', send: true, ...edited() }),
        'primary',
      ),
    );
    const row = el('div', 'row');
    row.append(open);
    box.append(label, approve, row);
    return box;
  }

  private async detail(key: string): Promise<FollowUpDetail | null> {
    try {
      return await call('getFollowUpDetail', key);
    } catch (error) {
      say(`読み込めませんでした: ${messageOf(error)}`, true);
      return null;
    }
  }

  private snoozeForm(item: FollowUpItem, onSnooze: (date: string) => void): HTMLFormElement {
    const form = el('form', 'snooze');
    form.hidden = true;
    const input = el('input');
    input.type = 'date';
    input.required = true;
    input.min = addDays(this.today, 1);
    const week = addDays(this.today, 7);
    input.value = !item.lastDate || week <= item.lastDate ? week : input.min;
    if (item.lastDate) input.max = item.lastDate;
    const label = el('label', '', '延期する日');
    label.append(input);
    const submit = el('button', 'primary', '延期する');
    submit.type = 'submit';
    form.append(label, submit);
    if (item.lastDate) form.append(el('p', 'muted', `${jaDate(item.lastDate)}まで選べます`));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (form.reportValidity()) onSnooze(input.value);
    });
    return form;
  }

  private perform(action: FollowUpAction & RememberedRows, region: HTMLElement): void {
    // What leaves today's list once done (a call recorded, a skip, a snooze to a later day) leaves it at once: the
    // list read after it can take a while at a large shop (about 12 s at 10,000 customers). An approved LINE stays,
    // shown as approved, until that read.
    const leaves = action.action === 'skip' || action.action === 'called' || action.action === 'snooze';
    this.request(region, () => call('applyFollowUpAction', action), leaves);
  }

  /** 「選んだ下書きを送信」: the chosen drafts go from the owner's Gmail; the result shows by the group's button. */
  private sendDrafts(keys: string[], bar: HTMLElement): void {
    if (keys.length === 0) return;
    this.request(bar, () => call('sendChosenDrafts', { keys, today: this.today }));
  }

  /**
   * Runs an action on a card or a group, redraws the list it returns (groups, opened messages and the scroll
   * position kept) and shows the result next to what was clicked, in a live region of its own (read out to
   * screen readers as the status line is).
   */
  private request(
    region: HTMLElement,
    run: () => Promise<{ ok: boolean; message: string; view?: TodayView; done?: string[] }>,
    doneLeaves = false,
  ): void {
    const place = placeOf(region);
    void (async () => {
      busy(region, true);
      say('処理しています…', false, false);
      this.actionsInFlight++;
      this.actionsSeen++;
      try {
        const reply = await run().finally(() => {
          this.actionsInFlight--;
          this.actionsSeen++;
        });
        if (reply.view) this.render(reply.view);
        else busy(region, false);
        if (doneLeaves && reply.ok && !reply.view) this.removeCards(reply.done ?? []);
        say('');
        this.showLatest(place, reply.message, !reply.ok);
        // An action that read only its own rows answers without the list: it is read again in the background, and
        // the result shown again where the card was.
        if (reply.ok && !reply.view) this.refreshWanted = true;
      } catch (error) {
        busy(region, false);
        say('');
        this.showLatest(
          place,
          `うまくいきませんでした: ${messageOf(error)}。「再読み込み」を押してください。`,
          true,
        );
      } finally {
        void this.refreshLater();
      }
    })();
  }

  /** An action's result, shown by what was clicked and kept to be shown again after the list is drawn again. */
  private showLatest(place: Place, message: string, isError: boolean): void {
    this.lastResult = { place, message, isError };
    this.showResult(place, message, isError);
  }

  /**
   * The list read again after actions that answered without it, once none is waiting for its answer; the latest
   * result shown again where it was. One read at a time: at 10,000 customers a read takes about 12 s, and an owner
   * going down the list clicks faster than that. A read during which an action was sent or answered is not shown
   * (its card could come back): another follows it, whatever that action's answer (a failure, a list of its own).
   */
  private async refreshLater(): Promise<void> {
    if (this.refreshing || this.actionsInFlight > 0 || !this.refreshWanted) return;
    this.refreshing = true;
    this.refreshWanted = false;
    try {
      const seen = this.actionsSeen;
      const view = await call('getTodayFollowUps');
      if (seen !== this.actionsSeen) this.refreshWanted = true;
      else {
        this.render(view);
        const last = this.lastResult;
        if (last) this.showResult(last.place, last.message, last.isError);
      }
    } catch {
      // The result stays on screen; 「再読み込み」 reads the list again.
    } finally {
      this.refreshing = false;
    }
    void this.refreshLater();
  }

  /** The cards of these keys, taken off the list (the result is then shown where they were). */
  private removeCards(keys: readonly string[]): void {
    for (const key of keys)
      this.root.querySelector<HTMLElement>(`li.item[data-key="${CSS.escape(key)}"]`)?.remove();
  }

  /** The result by the card clicked; when the card is gone, where it was (before the next card still listed). */
  private showResult(place: Place, message: string, isError: boolean): void {
    for (const old of this.root.querySelectorAll('.result')) old.remove();
    const byKey = (key: string) =>
      this.root.querySelector<HTMLElement>(`li.item[data-key="${CSS.escape(key)}"]`);
    const group = this.root.querySelector<HTMLElement>(
      `details.group[data-channel="${CSS.escape(place.channel)}"]`,
    );
    const card = place.key ? byKey(place.key) : null;
    const next = place.nextKeys.map(byKey).find((n) => n !== null);
    const list = group?.querySelector('ul');
    const inList = !card && place.inList && (next !== undefined || list);
    const note = el(inList ? 'li' : 'p', isError ? 'result error' : 'result');
    // A live region present before its text arrives is read out when the text comes.
    note.setAttribute('role', isError ? 'alert' : 'status');
    if (card) card.append(note);
    else if (next) next.before(note);
    else if (inList && list) list.append(note);
    else if (group) (group.querySelector('.choose, .bulk') ?? group.querySelector('summary'))?.after(note);
    else this.root.prepend(note);
    window.setTimeout(() => {
      note.textContent = message;
      note.scrollIntoView({ block: 'nearest' });
    }, 50);
  }
}

/** Where an action was clicked: its card (by key) and the cards after it, or its group. */
interface Place {
  key: string;
  channel: string;
  nextKeys: string[];
  inList: boolean;
}

function placeOf(region: HTMLElement): Place {
  const card = region.closest<HTMLElement>('li.item');
  const group = region.closest<HTMLElement>('details.group');
  const nextKeys: string[] = [];
  for (let n = card?.nextElementSibling; n; n = n.nextElementSibling)
    if (n instanceof HTMLElement && n.dataset.key) nextKeys.push(n.dataset.key);
  return {
    key: card?.dataset.key ?? '',
    channel: group?.dataset.channel ?? '',
    nextKeys,
    inList: card !== null,
  };
}
