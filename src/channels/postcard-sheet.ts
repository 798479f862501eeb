import {
  addressSide,
  messageSide,
  postcardLayout,
  type CardSide,
  type CardStock,
  type PrintableCard,
} from '../core/postcard-layout';
import { taskText } from '../core/flags';
import { HAGAKI_PRINT_SETTINGS_JA } from '../core/print-page';
import { parseKey } from '../core/keys';
import { SHEET, STEP } from '../labels';
import { ensureRows, ensureWidth } from '../sheets/table';
import { SHEET_TAG, letterTags, tagLetterRow, tagSheet } from '../sheets/tags';
import { printedText } from './letter-sheet';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** The name the sheet takes when the owner already has a sheet of their own called はがき (never written to). */
export const POSTCARD_SHEET_FALLBACK = `${SHEET.postcards}（つなぐ）`;

/** Whether Tsunagu made this sheet (its sheet tag): an owner's own 「はがき」 sheet is never rebuilt. */
function isOurs(sheet: Sheet): boolean {
  return sheet.createDeveloperMetadataFinder().withKey(SHEET_TAG).find().length > 0;
}

/**
 * Tsunagu's はがき sheet: 「はがき」 if Tsunagu made it; 「はがき（つなぐ）」 when the owner has (or had) a 「はがき」 of
 * their own — so cards laid out there are still found after the owner deletes their sheet; null when there is none.
 */
export function postcardSheet(ss: Spreadsheet): Sheet | null {
  const named = ss.getSheetByName(SHEET.postcards);
  if (named && isOurs(named)) return named;
  const fallback = ss.getSheetByName(POSTCARD_SHEET_FALLBACK);
  return fallback && isOurs(fallback) ? fallback : null;
}

function createPostcardSheet(ss: Spreadsheet): Sheet {
  const name = ss.getSheetByName(SHEET.postcards) ? POSTCARD_SHEET_FALLBACK : SHEET.postcards;
  const sheet = ss.insertSheet(name);
  tagSheet(sheet, SHEET.postcards);
  return sheet;
}

/** How a 年賀状 on a card that is not a 年賀はがき still arrives on 元日. */
export const NEW_YEAR_MARK_JA =
  '年賀状を年賀はがきではないはがき（私製はがき・ふつうの官製はがき）で出すときは、切手の下に赤で「年賀」と書いてください。書かないと、年内に配達されます。';

/** What the note on A1 says of the card stock the sheet is laid out for, and how to switch. */
export const STOCK_JA: Record<CardStock, string> = {
  bought:
    '用紙: 官製はがき・年賀はがき（郵便番号枠と切手が印刷済みのもの）。郵便番号は印刷済みの枠に入ります。' +
    '白い私製はがきに印刷するときは、メニュー「はがきの用紙を切り替える」で私製はがき用にしてください。',
  blank:
    '用紙: 私製はがき（白いはがき用紙、1枚2〜6g）。郵便番号枠（朱色）と「郵便はがき」も印刷します。切手を貼って出してください。' +
    '官製はがき・年賀はがきに印刷するときは、メニュー「はがきの用紙を切り替える」で官製・年賀はがき用にしてください。',
};

/**
 * The note on A1: what to do with the cards (each task once, with how many cards it is for: 「【投函】12月15日〜25日に
 * 投函してください（3枚）」 — never printed on a card), how to print, in what order, on which card.
 */
export function postcardNote(
  cards: readonly PrintableCard[],
  stock: CardStock,
  tooLong: readonly PrintableCard[] = [],
): string {
  const count = cards.length;
  const tasks = new Map<string, number>();
  for (const card of cards)
    if (card.task) tasks.set(taskText(card.task), (tasks.get(taskText(card.task)) ?? 0) + 1);
  const steps = new Set(cards.map((card) => parseKey(card.key)?.step));
  const pages =
    count === 1
      ? '1ページ目が宛名面、2ページ目が文面です。宛名面を印刷したら、はがきを裏返してプリンターに戻し、文面を印刷してください。'
      : `1〜${count}ページ目が宛名面、${count + 1}〜${2 * count}ページ目が文面（同じ順番）です。` +
        '宛名面をまとめて印刷したら、はがきの束を裏返してプリンターに戻し、文面を印刷してください。';
  return [
    ...[...tasks].map(([text, n]) => `${text}（${n}枚）`),
    `はがき${count}枚分です。${pages}行を削除したり挿入したりしないでください（表と裏の順番がずれます）。`,
    // A 年賀状 on a card that is not a 年賀はがき is delivered as ordinary mail unless 「年賀」 is written under the
    // stamp (research18.md, 年賀状 / 季節の挨拶 conventions).
    ...(steps.has(STEP.newYearCard) ? [NEW_YEAR_MARK_JA] : []),
    ...(steps.has(STEP.midwinterCard) ? ['寒中見舞いには、年賀はがきを使わないでください。'] : []),
    ...(tooLong.length > 0
      ? [
          `住所が長く、はがきの宛名面に収まらない方がいます: ${tooLong.map((c) => `${c.names.join('・')} ${c.honorific}`).join('、')}。` +
            'この方々は「宛名ラベル」シートのラベルを貼るか、宛名を手書きしてください。',
        ]
      : []),
    STOCK_JA[stock],
    HAGAKI_PRINT_SETTINGS_JA,
  ].join('\n\n');
}

/**
 * Rebuilds the はがき sheet from the greeting cards waiting to be printed: one page-sized block of rows per card side,
 * every address side first (pages 1…N), then every message side in the same order (pages N+1…2N). Values and formats
 * go in one call each over the whole sheet; each card costs a few calls more (its merges, its stacked-text row, its
 * tag, and on blank stock the 郵便番号枠's seven boxes). Each card's first row carries its 連絡履歴 key as developer
 * metadata (tagLetterRow, as on the 手紙 sheet): it never prints, follows the row when the owner inserts rows above
 * it, and goes when the owner deletes the card's rows, so 「手紙を印刷済みにする」 marks exactly the cards still on the
 * sheet. No header rows: the instructions are in the note on A1, which does not print. The sheet carries Tsunagu's
 * sheet tag; an owner's own sheet called 「はがき」 is left alone and the cards go on 「はがき（つなぐ）」.
 */
export function rebuildPostcardSheet(
  ss: Spreadsheet,
  cards: readonly PrintableCard[],
  stock: CardStock,
): void {
  const existing = postcardSheet(ss);
  const sheet = existing ?? createPostcardSheet(ss);
  if (existing) {
    // The last build's merges, rows and tags go (Sheet.clear keeps developer metadata).
    sheet.getRange(1, 1, sheet.getMaxRows(), sheet.getMaxColumns()).breakApart();
    const old = sheet.getMaxRows();
    sheet.insertRowsAfter(old, 1);
    sheet.deleteRows(1, old);
  }
  sheet.clear();
  if (cards.length === 0) {
    sheet.getRange(1, 1).setValue('印刷待ちのはがきはありません');
    return;
  }
  const layout = postcardLayout();
  const width = layout.columnWidthsPx.length;
  const sides: { side: CardSide; key?: string }[] = [
    ...cards.map((card) => ({ side: addressSide(card, stock), key: card.key })),
    ...cards.map((card) => ({ side: messageSide(card) })),
  ];
  const total = sides.reduce((n, s) => n + s.side.rowsPx.length, 0);
  ensureRows(sheet, total);
  ensureWidth(sheet, width);

  const grid = <T>(value: T): T[][] => Array.from({ length: total }, () => Array<T>(width).fill(value));
  const values = grid<unknown>('');
  const sizes = grid(10);
  const colors = grid('#000000');
  const aligns = grid<'left' | 'center' | 'right'>('left');
  const valigns = grid<'top' | 'middle' | 'bottom'>('bottom');
  let first = 1;
  const starts: number[] = [];
  for (const { side } of sides) {
    starts.push(first);
    for (const c of side.cells) {
      const [r, col] = [first - 1 + c.row, c.column - 1];
      values[r][col] = c.text === '' ? '' : printedText(c.text);
      sizes[r][col] = c.pt;
      colors[r][col] = c.color;
      aligns[r][col] = c.align;
      valigns[r][col] = c.valign;
    }
    first += side.rowsPx.length;
  }
  const range = sheet.getRange(1, 1, total, width);
  range.setValues(values);
  range.setFontSizes(sizes);
  range.setFontColors(colors);
  range.setHorizontalAlignments(aligns);
  range.setVerticalAlignments(valigns);
  // Lines are already split to fit; wrapping only keeps an underestimated line inside its cell.
  range.setWrap(true);
  layout.columnWidthsPx.forEach((w, c) => sheet.setColumnWidth(c + 1, w));
  const lists: SideLists = { width, stacked: [], boxes: new Map() };
  sides.forEach(({ side, key }, i) => writeSide(sheet, starts[i], side, key, lists));
  // The stacked rows and the frame's boxes of every card in one call each (RangeList), not one per cell: 250 cards
  // would otherwise cost thousands of calls.
  if (lists.stacked.length > 0) sheet.getRangeList(lists.stacked).setVerticalText(true);
  for (const [style, cells] of lists.boxes) {
    const [weight, color] = style.split('|');
    sheet
      .getRangeList(cells)
      .setBorder(
        true,
        true,
        true,
        true,
        null,
        null,
        color,
        weight === 'medium' ? SpreadsheetApp.BorderStyle.SOLID_MEDIUM : SpreadsheetApp.BorderStyle.SOLID,
      );
  }
  const tooLong = cards.filter((_, i) => sides[i].side.addressTooLong);
  sheet.getRange(1, 1).setNote(postcardNote(cards, stock, tooLong));
}

/** The A1 notations every side adds to, for the calls made once for the whole sheet. */
interface SideLists {
  /** The card's columns. */
  width: number;
  /** Whole rows whose text is stacked (縦書き). */
  stacked: string[];
  /** The 郵便番号枠's boxes, by 'weight|color'. */
  boxes: Map<string, string[]>;
}

/** A1 of a cell or a row span: column numbers as letters (A … Z, AA …). */
function a1(row: number, column: number, lastColumn = column): string {
  const letters = (n: number): string =>
    (n > 26 ? letters(Math.floor((n - 1) / 26)) : '') + String.fromCharCode(65 + ((n - 1) % 26));
  return lastColumn === column
    ? `${letters(column)}${row}`
    : `${letters(column)}${row}:${letters(lastColumn)}${row}`;
}

/**
 * A side's row heights, merges and (for an address side) its card's tag; its stacked rows and frame boxes go on
 * `lists`, for one call each over the whole sheet.
 */
function writeSide(
  sheet: Sheet,
  first: number,
  side: CardSide,
  key: string | undefined,
  lists: SideLists,
): void {
  let row = first;
  side.rowsPx.forEach((height, i) => {
    // Runs of equal rows in one call.
    if (i > 0 && side.rowsPx[i - 1] === height) return;
    let n = 1;
    while (side.rowsPx[i + n] === height) n++;
    sheet.setRowHeightsForced(row, n, height);
    row += n;
  });
  const merged = side.cells.filter((c) => c.columns > 1);
  const across =
    merged.length > 1 &&
    merged.every((c) => c.column === merged[0].column && c.columns === merged[0].columns);
  if (across) {
    // The message side: every line across the same columns, in one call.
    const rows = merged.map((c) => c.row);
    const top = Math.min(...rows);
    sheet
      .getRange(first + top, merged[0].column, Math.max(...rows) - top + 1, merged[0].columns)
      .mergeAcross();
  } else {
    for (const c of merged) sheet.getRange(first + c.row, c.column, 1, c.columns).merge();
  }
  for (const r of new Set(side.cells.filter((c) => c.vertical).map((c) => c.row)))
    lists.stacked.push(a1(first + r, 1, lists.width));
  for (const box of side.boxes) {
    const style = `${box.weight}|${box.color}`;
    lists.boxes.set(style, [...(lists.boxes.get(style) ?? []), a1(first + box.row, box.column)]);
  }
  if (key) tagLetterRow(sheet, first, key);
}

/** The 連絡履歴 keys of the cards on the はがき sheet now (those whose first row the owner has not deleted). */
export function postcardsOnSheet(ss: Spreadsheet): Set<string> {
  const sheet = postcardSheet(ss);
  return sheet ? new Set(letterTags(sheet)) : new Set();
}
