/**
 * Buttons whose action cannot be undone — 「選んだ下書きを送信」, スキップ, deleting the example customers — ask
 * first: the first click turns the button into the question (「…よろしいですか？」), a second, deliberate click within
 * CONFIRM_MS acts, and left unanswered the button goes back to what it was. A double-click is one gesture, not a
 * question and its answer: its second click (event.detail > 1, or within DOUBLE_CLICK_MS of the asking click) is
 * ignored, and the question stays for a deliberate click. The question is longer than the label, so the buttons
 * around it move as it appears: the double-click's second click may land on another one (次へ, 延期…), and is
 * swallowed there too.
 */
import { el } from './dom';

/** How long a question waits for its answering click. */
export const CONFIRM_MS = 4000;
/** A click this soon after the asking one belongs to the same double-click. */
export const DOUBLE_CLICK_MS = 600;

export interface Confirming {
  /** Drops the pending question, if any (the caller sets the button's label). */
  cancel(): void;
}

/**
 * Makes `node` ask before it acts: `ask` is the question shown on the button, `act` runs on the answering click,
 * `reset` puts the button back once the question is answered or left unanswered (by default, to the label it had).
 */
export function confirming(
  node: HTMLButtonElement,
  options: { ask: () => string; act: () => void; reset?: () => void },
): Confirming {
  node.classList.add('confirming');
  let label = '';
  let askedAt: number | null = null;
  let timer: number | undefined;
  const cancel = (): void => {
    window.clearTimeout(timer);
    askedAt = null;
    delete node.dataset.confirm;
  };
  const restore = (): void => {
    cancel();
    if (options.reset) options.reset();
    else node.textContent = label;
  };
  node.addEventListener('click', (event) => {
    if (askedAt === null) {
      askedAt = event.timeStamp;
      swallowRestOfDoubleClick(event.timeStamp);
      label = node.textContent ?? '';
      node.dataset.confirm = 'yes';
      node.textContent = options.ask();
      timer = window.setTimeout(restore, CONFIRM_MS);
      return;
    }
    // Only the time: a deliberate second click on a slow double-click setting still counts (the rest of a real
    // double-click is swallowed before it gets here).
    if (event.timeStamp - askedAt < DOUBLE_CLICK_MS) return;
    restore();
    options.act();
  });
  return { cancel };
}

/**
 * For DOUBLE_CLICK_MS after the asking click, the rest of a double-click (event.detail > 1) does nothing wherever it
 * lands, and selects no text.
 */
function swallowRestOfDoubleClick(since: number): void {
  const swallow = (event: MouseEvent): void => {
    if (event.detail <= 1 || event.timeStamp - since >= DOUBLE_CLICK_MS) return;
    event.preventDefault();
    if (event.type === 'click') event.stopPropagation();
  };
  document.addEventListener('mousedown', swallow, true);
  document.addEventListener('click', swallow, true);
  window.setTimeout(() => {
    document.removeEventListener('mousedown', swallow, true);
    document.removeEventListener('click', swallow, true);
  }, DOUBLE_CLICK_MS);
}

/** A button labelled `text` that asks `ask` before it does `act`. */
export function confirmButton(text: string, ask: string, act: () => void): HTMLButtonElement {
  const node = el('button', '', text);
  node.type = 'button';
  confirming(node, { ask: () => ask, act });
  return node;
}
