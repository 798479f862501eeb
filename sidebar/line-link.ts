import type { LineLinkSuggestion, LineLinkView } from '../src/shared/sidebar-types';
import { call } from './api';
import { busy, button, el, messageOf } from './dom';

/** On a customer's card: their 連携コード, while they are not on LINE yet. */
export function lineCodeLine(code: string | undefined): HTMLElement | null {
  return code
    ? el('p', 'line-code', `LINE連携コード: ${code}（お客様がLINEで送ると、つなぐ候補に出ます）`)
    : null;
}

/**
 * 「LINEの友だちとお客様をつなぐ」: the suggestions, certain ones first, each with why; つなぐ writes that friend's
 * 顧客ID in LINE友だち, 違う hides the pair for good. Loaded on its own, after the day's list.
 */
export function lineLinkSection(): HTMLElement {
  const section = el('section', 'line-link');
  section.hidden = true;
  void (async () => {
    try {
      render(section, await call('getLineLinks'));
    } catch {
      // The day's list matters more: without suggestions the section stays hidden.
    }
  })();
  return section;
}

function render(section: HTMLElement, view: LineLinkView): void {
  // Nothing to suggest: the section stays out of the list altogether (no heading left behind).
  section.replaceChildren();
  section.hidden = view.suggestions.length === 0;
  if (view.suggestions.length === 0) return;
  section.append(el('h2', '', 'LINEの友だちとお客様をつなぐ'));
  section.append(
    el(
      'p',
      'muted',
      '同じ人なら「つなぐ」を押してください。「LINE友だち」シートの顧客IDに入り、次の計画からLINEでご連絡できます。',
    ),
  );
  const list = el('ul', 'items');
  for (const s of view.suggestions) list.append(item(section, s));
  section.append(list);
  const others = view.unlinked - new Set(view.suggestions.map((s) => s.userId)).size;
  if (others > 0)
    section.append(
      el(
        'p',
        'muted',
        `ほかに、まだお客様とつながっていない友だちが${others}人います。わかる方は「LINE友だち」シートの顧客IDに入れてください。`,
      ),
    );
}

function item(section: HTMLElement, s: LineLinkSuggestion): HTMLLIElement {
  const li = el('li', 'item');
  li.append(
    el('div', 'name', `${s.customerName} 様（${s.customerId}）`),
    el('div', 'title', `LINEの友だち「${s.displayName || '表示名なし'}」`),
    el('div', s.certain ? 'reason certain' : 'reason', s.why),
  );
  if (s.caution) li.append(el('div', 'reason caution', s.caution));
  const result = el('p', 'muted');
  result.hidden = true;
  const act = (name: 'linkLineFriend' | 'dismissLineLink') => async () => {
    busy(li, true);
    try {
      const pair = { userId: s.userId, customerId: s.customerId };
      const reply =
        name === 'linkLineFriend' ? await call('linkLineFriend', pair) : await call('dismissLineLink', pair);
      result.textContent = reply.message;
      result.className = reply.ok ? 'done' : 'error';
      result.hidden = false;
      if (reply.ok) {
        // Done with this pair: the friend's other suggestions go too once linked — unless the friend's message
        // pointed at several customers, when the owner still sees whom else it may be.
        actions.remove();
        if (name === 'linkLineFriend' && !s.caution) dropOthers(section, li, s.userId);
        return;
      }
    } catch (error) {
      result.textContent = messageOf(error);
      result.className = 'error';
      result.hidden = false;
    }
    busy(li, false);
  };
  const actions = el('div', 'actions');
  actions.append(
    button('つなぐ', () => void act('linkLineFriend')(), 'primary'),
    button('違う', () => void act('dismissLineLink')()),
  );
  li.dataset.user = s.userId;
  li.append(actions, result);
  return li;
}

function dropOthers(section: HTMLElement, kept: HTMLLIElement, userId: string): void {
  for (const other of section.querySelectorAll<HTMLLIElement>('li.item'))
    if (other !== kept && other.dataset.user === userId) other.remove();
}
