import type { FollowUpItem, TodayView } from '../src/shared/sidebar-types';
import { call } from './api';

const content = document.getElementById('content') as HTMLElement;
const banner = document.getElementById('banner') as HTMLElement;
const dateLine = document.getElementById('date') as HTMLElement;

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

function slashDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

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
  return li;
}

function render(view: TodayView): void {
  dateLine.textContent = `${slashDate(view.today)}・${view.total}件`;
  banner.replaceChildren();
  banner.hidden = !view.preview && view.problems.length === 0;
  if (view.preview) {
    banner.append(el('p', '', 'プレビュー中です。次回連絡日を入れるだけで、下書きや手紙はまだ作りません。'));
    const start = el('button', 'primary', '準備する');
    start.type = 'button';
    start.addEventListener('click', () => void run(() => call('startPreparing')));
    banner.append(start);
  }
  for (const problem of view.problems) banner.append(el('p', 'error', problem));

  content.replaceChildren();
  if (view.total === 0) {
    const next = view.nextDate ? `次のフォローは${slashDate(view.nextDate)}です。` : '';
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

function showError(error: unknown): void {
  const message = error instanceof Error ? error.message : String(error);
  content.replaceChildren(
    el('p', 'error', `読み込めませんでした: ${message}`),
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

(document.getElementById('reload') as HTMLButtonElement).addEventListener('click', () => void load());
void load();
