import type { FollowUpItem } from '../src/shared/sidebar-types';
import { confirming, type Confirming } from './confirm';
import { el, jaDate } from './dom';

/**
 * What a call card shows above the talking points (message-style.md): the number as a tap-to-call link (shown as
 * the owner typed it), their メモ, and the last call's note with its date.
 */
export function callCardParts(item: FollowUpItem): HTMLElement[] {
  const parts: HTMLElement[] = [];
  const phone = el('div', 'phone');
  if (item.phone) {
    const link = el('a', 'tel', item.phone.shown);
    link.href = item.phone.href;
    link.setAttribute('aria-label', `${item.name} 様に電話する（${item.phone.shown}）`);
    phone.append(el('span', 'label', '電話 '), link);
  } else phone.append(el('span', 'muted', '電話番号が顧客シートにありません'));
  parts.push(phone);
  if (item.memo) {
    const memo = el('div', 'memo');
    memo.append(el('span', 'label', 'メモ '), document.createTextNode(item.memo));
    parts.push(memo);
  }
  const last = el('div', 'last-call');
  if (item.lastCall) {
    const { date, result, content, note } = item.lastCall;
    last.append(
      el('span', 'label', `前回の電話（${jaDate(date)}）`),
      document.createTextNode(result ? ` ${result}` : ''),
    );
    const said = [note, content].filter(Boolean).join('\n');
    if (said) last.append(el('div', 'scroll small', said));
  } else last.append(el('span', 'label', '前回の電話の記録はありません'));
  parts.push(last);
  return parts;
}

/**
 * 「選んだ下書きを送信」: the chosen drafts of the メール group, kept by key across redraws (a key no longer listed
 * drops out), with the group's bar (すべて選ぶ and the button, which names how many).
 */
export class DraftChooser {
  private readonly chosen = new Set<string>();
  private listed: string[] = [];
  private boxes = new Map<string, HTMLInputElement>();
  private all: HTMLInputElement | null = null;
  private sendButton: HTMLButtonElement | null = null;
  /** The question the button asks before it sends. */
  private confirm: Confirming | null = null;

  constructor(private readonly onSend: (keys: string[], bar: HTMLElement) => void) {}

  /** Starts a redraw of the group: only the drafts listed now can stay chosen. */
  begin(items: readonly FollowUpItem[]): void {
    this.listed = items.filter((i) => i.draftReady).map((i) => i.key);
    for (const key of [...this.chosen]) if (!this.listed.includes(key)) this.chosen.delete(key);
    this.boxes = new Map();
  }

  /** Drafts shown later (さらに表示) can be chosen too. */
  add(item: FollowUpItem): void {
    if (item.draftReady && !this.listed.includes(item.key)) this.listed.push(item.key);
    this.update();
  }

  bar(): HTMLElement | null {
    if (this.listed.length === 0) return null;
    const bar = el('div', 'row choose');
    const label = el('label', 'check');
    const all = el('input');
    all.type = 'checkbox';
    all.addEventListener('change', () => {
      for (const key of this.listed) {
        if (all.checked) this.chosen.add(key);
        else this.chosen.delete(key);
      }
      for (const [key, box] of this.boxes) box.checked = this.chosen.has(key);
      this.update();
    });
    label.append(all, document.createTextNode('下書きをすべて選ぶ'));
    const send = el('button', 'primary', '');
    send.type = 'button';
    // Sending cannot be undone: a first click asks (as スキップ does), a second, deliberate one sends (confirm.ts).
    // A redraw's new button drops the old one's question.
    this.confirm?.cancel();
    this.confirm = confirming(send, {
      ask: () => `${this.chosen.size}件を送信します。よろしいですか？（もう一度押すと送信）`,
      act: () => this.onSend([...this.chosen], bar),
      reset: () => this.update(),
    });
    bar.append(label, send);
    this.all = all;
    this.sendButton = send;
    this.update();
    return bar;
  }

  /** The card's checkbox, for an item whose Gmail draft exists. */
  checkbox(item: FollowUpItem): HTMLElement | null {
    if (!item.draftReady) return null;
    const label = el('label', 'check');
    const box = el('input');
    box.type = 'checkbox';
    box.checked = this.chosen.has(item.key);
    box.setAttribute('aria-label', `${item.name} 様へのメールを送信に選ぶ`);
    box.addEventListener('change', () => {
      if (box.checked) this.chosen.add(item.key);
      else this.chosen.delete(item.key);
      this.update();
    });
    this.boxes.set(item.key, box);
    label.append(box, document.createTextNode('選ぶ'));
    return label;
  }

  private update(): void {
    const n = this.chosen.size;
    this.confirm?.cancel();
    if (this.sendButton) {
      this.sendButton.textContent = `選んだ下書きを送信（${n}件）`;
      this.sendButton.disabled = n === 0;
    }
    if (this.all) this.all.checked = n > 0 && this.listed.every((k) => this.chosen.has(k));
  }
}
