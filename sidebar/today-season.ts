/**
 * The today tab's season card (issue 18): the November 年賀状 question with 「送る」 and 「今年は送らない」, the season
 * forecast until its window opens, and the higher letter limit it offers for the window's days.
 */
import type { SeasonCardView } from '../src/shared/sidebar-types';
import { call } from './api';
import { busy, button, el, messageOf, say } from './dom';

/** A card, not a channel group: its titles are h3, so the groups' h2 stay the list's outline. */
export function seasonSection(card: SeasonCardView, reload: () => Promise<void>): HTMLElement {
  const section = el('section', 'season');
  const act = async (work: () => Promise<{ ok: boolean; message: string }>) => {
    busy(section, true);
    say('保存しています…');
    try {
      const reply = await work();
      say(reply.message, !reply.ok);
    } catch (error) {
      say(`保存できませんでした: ${messageOf(error)}`, true);
    }
    busy(section, false);
    await reload();
  };
  if (card.question) {
    section.append(el('h3', '', '今年の年賀状'));
    for (const line of card.question.lines) section.append(el('p', 'season-line', line));
    const actions = el('div', 'actions');
    actions.append(
      button('送る', () => void act(() => call('answerNewYearCards', true)), 'primary'),
      button('今年は送らない', () => void act(() => call('answerNewYearCards', false))),
    );
    section.append(actions);
  }
  if (card.forecast.length > 0) {
    section.append(el('h3', '', '季節のご挨拶の見込み'));
    for (const line of card.forecast) section.append(el('p', 'season-line', line));
  }
  if (card.offer) {
    const actions = el('div', 'actions');
    actions.append(button(card.offer.label, () => void act(() => call('acceptSeasonLimit')), 'primary'));
    section.append(actions);
  }
  if (card.accepted) section.append(el('p', 'muted', `${card.accepted}。設定タブで取り消せます。`));
  return section;
}
