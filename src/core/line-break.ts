/**
 * Japanese line breaking for printed text: width estimates in em, and lines split between phrases (BudouX, phrases.ts)
 * keeping 禁則. Pure.
 */
import { phraseBoundaries } from './phrases';

/** Characters a line must not start with (行頭禁則). */
const NO_START = new Set(
  Array.from(
    '、。，．,.・：；:;？！?!）］｝」』】〕〉》〙〗”’)]}ゝゞヽヾー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ…‥％%',
  ),
);
/** Characters a line must not end with (行末禁則). */
const NO_END = new Set(Array.from('（［｛「『【〔〈《〘〖“‘([{'));
const ASCII_WORD = /^[A-Za-z0-9_@.\-/:]$/;
const SPACE = /^[ \u3000]$/;

/** Width of a character in em: CJK is 1; Latin is narrower (estimated on the generous side). */
function charWidthEm(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x80) {
    if (ch === ' ') return 0.35;
    if (ch === 'W' || ch === 'M' || ch === '@' || ch === '%') return 1;
    return /[A-Z&mw]/.test(ch) ? 0.8 : 0.62;
  }
  if (code >= 0xff61 && code <= 0xff9f) return 0.62; // half-width katakana
  return 1;
}

export function textWidthEm(text: string): number {
  let width = 0;
  for (const ch of text) width += charWidthEm(ch);
  return width;
}

/**
 * Where a line may break, as a flag before each character: between phrases (phrases.ts), or after a space that follows
 * Latin text (never inside 「清水 健一」), and never against 禁則 (no 、。」） at a line start, no 「（ at its end) or
 * inside a Latin word or number.
 */
function breakOpportunities(chars: readonly string[]): boolean[] {
  const allowed = chars.map(() => false);
  const boundaries = phraseBoundaries(chars.join(''));
  let offset = 0; // UTF-16 offset of chars[i]
  chars.forEach((ch, i) => {
    if (boundaries.has(offset)) allowed[i] = true;
    offset += ch.length;
  });
  for (let i = 1; i < chars.length; i++) {
    if (SPACE.test(chars[i - 1]) && i >= 2 && chars[i - 2].charCodeAt(0) < 0x80) allowed[i] = true;
    if (NO_START.has(chars[i]) || NO_END.has(chars[i - 1]) || SPACE.test(chars[i])) allowed[i] = false;
    if (ASCII_WORD.test(chars[i]) && ASCII_WORD.test(chars[i - 1])) allowed[i] = false;
  }
  return allowed;
}

/**
 * Splits one line of text into lines at most `capacityEm` wide, between phrases (BudouX), so a word is never cut
 * (「ますますご／清祥」, 「お／気軽に」), keeping 禁則. A phrase longer than a line still breaks, by characters (with
 * 禁則). With `atSpaces` (addresses) it prefers to break after a space in the latter part of the line.
 */
export function wrapLine(text: string, capacityEm: number, options: { atSpaces?: boolean } = {}): string[] {
  const chars = Array.from(text.trimEnd());
  if (chars.length === 0) return [''];
  const allowed = breakOpportunities(chars);
  const lines: string[] = [];
  let start = 0;
  while (start < chars.length) {
    let end = start;
    let width = 0;
    while (end < chars.length && width + charWidthEm(chars[end]) <= capacityEm)
      width += charWidthEm(chars[end++]);
    if (end === start) end = start + 1; // a character wider than the line still goes somewhere
    if (end < chars.length) end = breakPoint(chars, allowed, start, end, options.atSpaces === true);
    lines.push(chars.slice(start, end).join('').trimEnd());
    start = end;
    while (start < chars.length && SPACE.test(chars[start])) start++;
  }
  return lines;
}

/**
 * Moves a break at `end` back: with `atSpaces`, to just after a space in the latter part of the line (an address
 * breaks between the street and the building); else to the last break between phrases on the line; failing that
 * (one phrase longer than the line), between characters so that 禁則 holds and a Latin word stays whole; never to
 * an empty line.
 */
function breakPoint(
  chars: readonly string[],
  allowed: readonly boolean[],
  start: number,
  end: number,
  atSpaces: boolean,
): number {
  if (atSpaces && SPACE.test(chars[end])) return end;
  if (atSpaces) {
    for (let i = end - 1; i > start + (end - start) * 0.6; i--) if (SPACE.test(chars[i])) return i + 1;
  }
  for (let i = end; i > start; i--) if (allowed[i]) return i;
  let at = end;
  if (ASCII_WORD.test(chars[at]) && ASCII_WORD.test(chars[at - 1])) {
    let word = at;
    while (word > start && ASCII_WORD.test(chars[word - 1])) word--;
    if (word > start) at = word;
  }
  while (at - 1 > start && (NO_START.has(chars[at]) || NO_END.has(chars[at - 1]))) at--;
  return at;
}
