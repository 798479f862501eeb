/**
 * Phone numbers as the owner typed them, made tappable on a phone: each number in a text found, shown as typed and
 * given a `tel:` address of its digits. Pure: no Apps Script globals.
 *
 * A `tel:` URI is the number's digits, `+` first for an international one; the hyphens, spaces and brackets people
 * write are "visual separators" the URI may leave out (RFC 3966, https://www.rfc-editor.org/rfc/rfc3966#section-5.1.1).
 * A Japanese number stays in the form the owner dials it (090…, 03…, 0120…): the owner calls from a Japanese phone,
 * and a free-dial 0120 number cannot be reached in the +81 form.
 */

import { parsePhone } from './parse';

/** A piece of text: plain, or a phone number with the `tel:` address it dials. */
export interface TextPart {
  text: string;
  tel?: string;
}

/** Hyphens and dashes people type between digits: ASCII, full-width, the long-vowel mark an IME gives, minus signs. */
const DASHES = '\\-‐‑‒–—―−－ー';
/** One run of digits, brackets and single separators: the candidates for a number inside a text. */
const CANDIDATE = new RegExp(
  `[+＋]?[(（]?[0-9０-９]+(?:(?:[${DASHES}]|[)）][ \u3000]?|[ \u3000][(（]?|[(（])[0-9０-９]+)*`,
  'g',
);

/** Digits of a typed number, half-width, `+` kept only in front: `（03）1234－5678` → `0312345678`. */
function digitsOf(typed: string): string {
  const half = typed.normalize('NFKC');
  const plus = /^\s*\+/.test(half) ? '+' : '';
  return plus + half.replace(/[^0-9]/g, '');
}

/**
 * The `tel:` address of a typed number, or '' when it is not one: a Japanese number as the product reads every phone
 * cell (parsePhone: 10 or 11 digits that look like a landline, mobile, IP or free-dial number; +81 forms dialled
 * as domestic, a number cell's lost leading 0 put back), else an international one, `+` and 7–15 digits (ITU-T
 * E.164: at most 15).
 */
export function telHref(typed: unknown): string {
  const read = parsePhone(typed);
  if (read?.ok) return `tel:${read.value.replace(/\D/g, '')}`;
  if (typeof typed !== 'string') return '';
  const digits = digitsOf(typed);
  return /^\+[1-9]\d{6,14}$/.test(digits) ? `tel:${digits}` : '';
}

/** A customer's phone number for a tap-to-call link: shown as the owner typed it, dialled by its digits. */
export function phoneLink(typed: unknown): { shown: string; href: string } | null {
  const shown = typeof typed === 'number' ? `0${typed}` : String(typed ?? '').trim();
  const href = shown === '' ? '' : telHref(typed);
  return href ? { shown, href } : null;
}

/** A number as LINE's app can find it in a text: half-width digits with ASCII hyphens, nothing else. */
export function dialable(typed: string): string {
  if (!telHref(typed)) return typed;
  return typed
    .normalize('NFKC')
    .replace(/[^0-9+]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** A text cut into plain parts and phone numbers (each shown as typed, with its `tel:` address). */
export function phoneParts(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const found = numberIn(text, match.index ?? 0, match[0]);
    if (!found) continue;
    if (found.at > last) parts.push({ text: text.slice(last, found.at) });
    parts.push({ text: found.text, tel: found.tel });
    last = found.at + found.text.length;
  }
  if (last < text.length || parts.length === 0) parts.push({ text: text.slice(last) });
  return parts;
}

/**
 * The number in a candidate run: the whole run, or else what follows a space in it (「10時 090-…」 reads as 「10」
 * and a number). A run glued to other digits or letters (a date, an id) is no number.
 */
function numberIn(
  text: string,
  at: number,
  run: string,
): { at: number; text: string; tel: string } | undefined {
  for (let start = 0; start >= 0; start = nextStart(run, start)) {
    const candidate = run.slice(start);
    const before = text[at + start - 1] ?? '';
    const after = text[at + run.length] ?? '';
    const tel = /[0-9０-９A-Za-z]/.test(before + after) ? '' : telHref(candidate);
    if (tel) return { at: at + start, text: candidate, tel };
  }
  return undefined;
}

function nextStart(run: string, start: number): number {
  const space = run.slice(start).search(/[ \u3000]/);
  return space < 0 ? -1 : start + space + 1;
}
