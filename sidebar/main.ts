import type {
  ActionReply,
  CallOutcomeName,
  FollowUpAction,
  FollowUpItem,
  TodayView,
} from '../src/shared/sidebar-types';
import { call } from './api';

const content = document.getElementById('content') as HTMLElement;
const banner = document.getElementById('banner') as HTMLElement;
const dateLine = document.getElementById('date') as HTMLElement;
const status = document.getElementById('status') as HTMLElement;

const OUTCOMES: readonly CallOutcomeName[] = ['満足', '不満', '不在'];
/** How long スキップ waits for the confirming second click. */
const CONFIRM_MS = 4000;

/** Creates an element whose text is set as text: customer data never becomes markup. */
function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function button(text: string, onClick: () => void, className = ''): HTMLButtonElement {
  const node = el('button', className, text);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

function jaDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** YYYY-MM-DD plus days, as calendar arithmetic (no time zone involved). */
function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

function say(message: string, isError = false): void {
  status.textContent = message;
  status.className = isError ? 'status error' : 'status';
  status.hidden = message === '';
}

let today = '';

function renderItem(item: FollowUpItem): HTMLLIElement {
  const li = el('li', 'item');
  li.append(el('div', 'name', `${item.name} 様`), el('div', 'title', item.title));
  if (item.daysLate > 0) li.append(el('div', 'late', `${item.daysLate}日遅れ`));
  if (item.state) li.append(el('div', 'muted', `状態: ${item.state}`));
  li.append(el('div', 'reason', item.reason));
  if (item.preview) {
    const details = el('details');
    details.append(el('summary', '', '文面を見る'), el('pre', '', item.preview));
    li.append(details);
  }
  li.append(actionsFor(item, li));
  return li;
}

function actionsFor(item: FollowUpItem, li: HTMLLIElement): HTMLElement {
  const actions = el('div', 'actions');
  const send = (action: FollowUpAction) => void perform(action, li);
  if (item.channel === '電話') {
    const called = el('div', 'row');
    called.setAttribute('role', 'group');
    called.setAttribute('aria-label', `${item.name} 様に電話した結果`);
    called.append(el('span', 'label', '電話した:'));
    for (const outcome of OUTCOMES)
      called.append(button(outcome, () => send({ key: item.key, action: 'called', outcome })));
    actions.append(called);
  }
  const more = el('div', 'row');
  const skip = button('スキップ', () => {
    if (skip.dataset.confirm !== 'yes') {
      skip.dataset.confirm = 'yes';
      skip.textContent = 'もう一度押すとスキップ';
      window.setTimeout(() => {
        skip.dataset.confirm = '';
        skip.textContent = 'スキップ';
      }, CONFIRM_MS);
      return;
    }
    send({ key: item.key, action: 'skip' });
  });
  const snoozeForm = snoozeFormFor(item, (date) => send({ key: item.key, action: 'snooze', date }));
  const snooze = button('延期…', () => {
    snoozeForm.hidden = !snoozeForm.hidden;
    snooze.setAttribute('aria-expanded', String(!snoozeForm.hidden));
    if (!snoozeForm.hidden) snoozeForm.querySelector('input')?.focus();
  });
  snooze.setAttribute('aria-expanded', 'false');
  more.append(skip, snooze);
  actions.append(more, snoozeForm);
  return actions;
}

function snoozeFormFor(item: FollowUpItem, onSnooze: (date: string) => void): HTMLFormElement {
  const form = el('form', 'snooze');
  form.hidden = true;
  const input = el('input');
  input.type = 'date';
  input.required = true;
  input.min = addDays(today, 1);
  input.value = addDays(today, 7) <= (item.lastDate ?? '9999') ? addDays(today, 7) : input.min;
  if (item.lastDate) input.max = item.lastDate;
  const label = el('label', '', '延期する日');
  label.append(input);
  form.append(label, el('button', 'primary', '延期する'));
  if (item.lastDate) form.append(el('p', 'muted', `${jaDate(item.lastDate)}まで選べます`));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (form.reportValidity()) onSnooze(input.value);
  });
  return form;
}

async function perform(action: FollowUpAction, li: HTMLElement): Promise<void> {
  li.querySelectorAll('button, input').forEach((n) => ((n as HTMLButtonElement).disabled = true));
  li.setAttribute('aria-busy', 'true');
  say('処理しています…');
  let reply: ActionReply;
  try {
    reply = await call('applyFollowUpAction', action);
  } catch (error) {
    say(`うまくいきませんでした: ${messageOf(error)}。「再読み込み」を押してください。`, true);
    li.querySelectorAll('button, input').forEach((n) => ((n as HTMLButtonElement).disabled = false));
    li.removeAttribute('aria-busy');
    return;
  }
  say(reply.message, !reply.ok);
  if (reply.view) render(reply.view);
  else {
    li.querySelectorAll('button, input').forEach((n) => ((n as HTMLButtonElement).disabled = false));
    li.removeAttribute('aria-busy');
  }
}

function render(view: TodayView): void {
  today = view.today;
  dateLine.textContent = `${jaDate(view.today)}・${view.total}件`;
  banner.replaceChildren();
  banner.hidden = !view.preview && view.problems.length === 0;
  if (view.preview) {
    banner.append(el('p', '', 'プレビュー中です。次回連絡日を入れるだけで、下書きや手紙はまだ作りません。'));
    banner.append(button('準備する', () => void run(() => call('startPreparing')), 'primary'));
  }
  for (const problem of view.problems) banner.append(el('p', 'error', problem));

  content.replaceChildren();
  if (view.total === 0) {
    const next = view.nextDate ? `次のフォローは${jaDate(view.nextDate)}です。` : '';
    content.append(el('p', 'muted', `今日のフォローはありません。${next}`));
    return;
  }
  for (const group of view.groups) {
    const heading = el('h2');
    heading.append(el('span', '', group.channel), el('span', 'muted', `${group.items.length}件`));
    const list = el('ul');
    group.items.forEach((item) => list.append(renderItem(item)));
    content.append(heading, list);
  }
}

async function run(action: () => Promise<unknown>): Promise<void> {
  content.replaceChildren(el('p', 'muted', '処理しています…'));
  try {
    await action();
  } catch (error) {
    showError(error);
    return;
  }
  await load();
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function showError(error: unknown): void {
  content.replaceChildren(
    el('p', 'error', `読み込めませんでした: ${messageOf(error)}`),
    el('p', 'muted', '「再読み込み」を押してください。'),
  );
}

async function load(): Promise<void> {
  content.replaceChildren(el('p', 'muted', '読み込んでいます…'));
  try {
    render(await call('getTodayFollowUps'));
  } catch (error) {
    showError(error);
  }
}

(document.getElementById('reload') as HTMLButtonElement).addEventListener('click', () => {
  say('');
  void load();
});
void load();
