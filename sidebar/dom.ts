/** Creates an element whose text is set as text: customer data never becomes markup. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

export function button(text: string, onClick: () => void, className = ''): HTMLButtonElement {
  const node = el('button', className, text);
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}

/** 2026-11-24 → 2026年11月24日 */
export function jaDate(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

/** YYYY-MM-DD plus days, as calendar arithmetic (no time zone involved). */
export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const CONTROLS = 'button, input, textarea, select';

/**
 * Disables the region's controls (the region too, when it is one) while a request runs, and marks it busy for
 * screen readers.
 */
export function busy(region: HTMLElement, on: boolean): void {
  const controls = [...(region.matches(CONTROLS) ? [region] : []), ...region.querySelectorAll(CONTROLS)];
  for (const n of controls) (n as HTMLButtonElement).disabled = on;
  if (on) region.setAttribute('aria-busy', 'true');
  else region.removeAttribute('aria-busy');
}

const status = () => document.getElementById('status') as HTMLElement;

/**
 * The one status line under the header (role=status, so it is read out). `visible` false: read out only, for a
 * result the list shows next to what was clicked.
 */
export function say(message: string, isError = false, visible = true): void {
  const node = status();
  node.textContent = message;
  node.className = `${isError ? 'status error' : 'status'}${visible ? '' : ' sr-only'}`;
  node.hidden = message === '';
}
