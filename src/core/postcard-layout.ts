/**
 * The はがき sheet's layout (issue 18 item 3): one 100 × 148 mm card side per printed page at the HAGAKI print
 * settings (print-page.ts), all address sides (宛名面) first, then all message sides (文面) in the same order, so the
 * owner prints one side of the stack, turns it over and prints the other. Pure: channels/postcard-sheet.ts writes the
 * cells this returns.
 *
 * Sources (research18.md):
 * - 郵便番号枠: Japan Post, 郵便番号・バーコードマニュアル「郵便番号枠」 http://post.japanpost.jp/zipcode/zipmanual/p05.html —
 *   for はがき the frame's top is 12.0 mm from the top edge and its right 8.0 mm from the right edge (±1.5 mm); lines
 *   0.4–0.6 mm (boxes 1–3) and 0.2–0.4 mm (boxes 4–7), 朱色 or 金赤. The box sizes (5.7 × 8.0 mm, gaps 1.3 / 1.9 / 1.1 mm,
 *   47.7 mm in all) are read off Japan Post's figure by a third party:
 *   http://webdesign-tokyo.net/ハガキの郵便番号枠を自分で描く際の注意点/ .
 * - 縦書きの宛名: numbers as 漢数字, 0 as 〇, digits one by one (https://korekarano.org/tategaki_suji); the name
 *   centred and larger, one 様 per name in 連名 (http://www.proportal.jp/kakikata/kakikata9.htm); 様 for a person,
 *   御中 for a company, never both (https://auchappy.com/hassou/5839/). The stamp goes top left on a portrait card
 *   (https://support.justsystems.com/faq/1032/app/servlet/qadoc?QID=009068), so that corner stays empty.
 * - 私製はがき: 「郵便はがき」 at the top centre (内国郵便約款 第22条, as quoted by https://aaatoyo.com/sm/siseihagaki-kikaku2.htm).
 */
import type { GiftTask } from './flags';
import { wrapLine, textWidthEm } from './line-break';
import {
  HAGAKI,
  MIN_PAGE_TOLERANCE,
  blockTolerance,
  maxPrintScale,
  mmToPx,
  printableArea,
} from './print-page';

/** The card itself (はがき, portrait). */
export const CARD_MM = { width: 100, height: 148 } as const;

/** Japan Post's 郵便番号枠 for はがき (p05; box sizes from the third-party reading of its figure). */
export const ZIP_FRAME = {
  topMm: 12.0,
  rightMm: 8.0,
  box: { widthMm: 5.7, heightMm: 8.0 },
  /** Gaps after boxes 1–6: 1.3 mm inside the first three, 1.9 mm at the hyphen, 1.1 mm inside the last four. */
  gapsMm: [1.3, 1.3, 1.9, 1.1, 1.1, 1.1],
  color: '#eb6101', // 朱色
} as const;

/** The boxes' left edges, in mm from the card's left edge (the row ends 8.0 mm from the right edge). */
export function zipBoxLeftsMm(): number[] {
  const width = 7 * ZIP_FRAME.box.widthMm + ZIP_FRAME.gapsMm.reduce((a, b) => a + b, 0);
  let x = CARD_MM.width - ZIP_FRAME.rightMm - width;
  const lefts: number[] = [];
  for (let i = 0; i < 7; i++) {
    lefts.push(Math.round(x * 10) / 10);
    x += ZIP_FRAME.box.widthMm + (ZIP_FRAME.gapsMm[i] ?? 0);
  }
  return lefts;
}

/** No ink closer than this to any edge of the card. */
export const INK_MARGIN_MM = 5;

/** Type sizes, in points. */
export const CARD_STYLE = {
  zipPt: 14,
  addressPt: [11, 10, 9],
  namePt: [18, 16, 14, 12],
  senderPt: 8,
  postcardMarkPt: 10,
  titlePt: [20, 16, 14],
  bodyPt: [12, 11, 10, 9],
  textColor: '#000000',
  safetyEm: 1,
} as const;

/**
 * Where the columns start, in mm from the card's left edge: the ink margin, five narrow columns for the sender (bottom
 * left), the name slots, the seven 郵便番号 boxes and the gaps between them (the address runs down the three right-hand
 * box columns below the frame), and the right-hand margin. The last column ends at the printable width.
 */
const COLUMN_STARTS_MM = [
  0, 5, 10, 15, 20, 25, 30.3, 37.3, 44.3, 50.0, 51.3, 57.0, 58.3, 64.0, 65.9, 71.6, 72.7, 78.4, 79.5, 85.2,
  86.3, 92.0, 95.0,
] as const;

/** The address side's rows, in px: above the frame, the frame, a gap, the address/name/sender row, the slack. */
const ADDRESS_ROWS_PX = [45, 30, 20, 441, 19] as const;
export const ADDRESS_ROW = { mark: 0, zip: 1, main: 3 } as const;
/** The message side's rows: the top margin, the title, 19 lines, the slack. */
const MESSAGE_LINE_ROWS = 19;
const MESSAGE_ROWS_PX = [19, 40, ...Array<number>(MESSAGE_LINE_ROWS).fill(25), 21] as const;

/** Name slots (first name rightmost, as vertical text reads right to left), by the number of names. */
const NAME_SLOTS_MM: readonly (readonly [number, number])[][] = [
  [[44.3, 57.0]],
  [
    [51.3, 64.0],
    [37.3, 50.0],
  ],
  [
    [58.3, 71.6],
    [44.3, 57.0],
    [30.3, 44.3],
  ],
];
/** The address lines, right to left: down the 7th, 6th and 5th box columns. */
const ADDRESS_COLUMNS_MM = [86.3, 79.5, 72.7] as const;
/** The sender's lines, right to left, in the bottom-left corner (below the stamp). */
const SENDER_COLUMNS_MM = [25, 20, 15, 10, 5] as const;
/** How long the sender's lines may run up from the bottom, so the stamp's corner stays empty. */
const SENDER_LENGTH_MM = 56;
/** 「郵便はがき」 on blank card stock: centred over the middle of the card, above the frame's top. */
const POSTCARD_MARK_MM = [37.3, 64.0] as const;
/** The message's text, from margin to margin. */
const MESSAGE_MM = [5, 95] as const;

export interface PostcardLayout {
  columnWidthsPx: number[];
  addressRowsPx: readonly number[];
  messageRowsPx: readonly number[];
  maxScale: number;
  /** The worst tolerance of the two kinds of block (either may be followed by either). */
  tolerance: { over: number; under: number };
}

/** The column grid and row heights at HAGAKI, and how far the print scale may drift with each side one page. */
export function postcardLayout(): PostcardLayout {
  const area = printableArea(HAGAKI);
  const width = Math.floor(area.widthPx);
  const edges = [...COLUMN_STARTS_MM.map((mm) => Math.round(mmToPx(mm, HAGAKI))), width];
  const columnWidthsPx = edges.slice(1).map((edge, i) => edge - edges[i]);
  const maxScale = maxPrintScale(width, HAGAKI);
  const sum = (rows: readonly number[]) => rows.reduce((a, b) => a + b, 0);
  const nextFirst = Math.min(ADDRESS_ROWS_PX[0], MESSAGE_ROWS_PX[0]);
  const tolerances = [ADDRESS_ROWS_PX, MESSAGE_ROWS_PX].map((rows) =>
    blockTolerance(sum(rows), nextFirst, maxScale, HAGAKI),
  );
  const tolerance = {
    over: Math.min(...tolerances.map((t) => t.over)),
    under: Math.min(...tolerances.map((t) => t.under)),
  };
  if (Math.min(tolerance.over, tolerance.under) < MIN_PAGE_TOLERANCE)
    throw new Error('The はがき blocks do not fill one page with room for error at these print settings');
  return {
    columnWidthsPx,
    addressRowsPx: ADDRESS_ROWS_PX,
    messageRowsPx: MESSAGE_ROWS_PX,
    maxScale,
    tolerance,
  };
}

/** The 1-based column that starts at `mm`. */
function columnAt(mm: number): number {
  const i = COLUMN_STARTS_MM.indexOf(mm as (typeof COLUMN_STARTS_MM)[number]);
  if (i < 0) throw new Error(`no column starts at ${mm} mm`);
  return i + 1;
}

/** Columns from the one starting at `from` to the one ending at `to` (mm): [first column, number of columns]. */
function span(from: number, to: number): [number, number] {
  const first = columnAt(from);
  const end = to >= 100 ? COLUMN_STARTS_MM.length + 1 : columnAt(to);
  return [first, end - first];
}

/** A greeting card waiting to be printed, from its 連絡履歴 content (cardOf). */
export interface PrintableCard {
  key: string;
  /** The 7 digits, or '' when there is no readable 郵便番号. */
  postalCode: string;
  address: string[];
  /** One per person (連名), or the one company. */
  names: string[];
  honorific: '様' | '御中';
  /** The card's text: the greeting, its lines and the date line (「令和○年 元旦」). */
  message: string[];
  /** The shop's name line(s), signed under the message. */
  senderNames: string[];
  /** The shop's address line(s), for the sender on the address side. */
  senderAddress: string[];
  /** What the owner must do with it (S10's 年賀状: 【投函】 when to post it): in the sheet's note, never printed. */
  task?: GiftTask;
}

/** 官製はがき・年賀はがき (bought, printed already) or 私製はがき (blank card stock: we print the frame and 「郵便はがき」). */
export type CardStock = 'bought' | 'blank';

/**
 * A card from its letter lines as composed (letter-text.ts composeGreetingCard): the address block (〒…, the address,
 * 氏名 様), a blank line, the card's lines up to its date line, then the signature (the shop's name, its address, 電話 …).
 */
export function cardOf(key: string, lines: readonly string[]): PrintableCard {
  const all = lines.map((line) => line.trimEnd());
  const blank = all.indexOf('');
  const block = blank < 0 ? [] : all.slice(0, blank);
  const rest = (blank < 0 ? all : all.slice(blank + 1)).filter((line) => line.trim() !== '');
  const postal = block[0]?.startsWith('〒') ? (block.shift() ?? '') : '';
  // 連名: S10 writes each name on its own line, each ending with its 様 (letter-text.ts addressBlock).
  const nameLines: string[] = [];
  while (block.length > 1 && /(様|御中)$/.test(block[block.length - 1].trim()))
    nameLines.unshift(block.pop() ?? '');
  if (nameLines.length === 0) nameLines.push(block.pop() ?? '');
  const addressee = parseAddressee(nameLines.join(' '));
  const dateAt = rest.findIndex((line) => /^(令和|平成)\S*年\s/.test(line.trim()));
  const message = dateAt >= 0 ? rest.slice(0, dateAt + 1) : rest;
  const signature = dateAt >= 0 ? rest.slice(dateAt + 1) : [];
  const firstAddress = signature.findIndex((line) => /〒|\d|[０-９]|[都道府県市区町村郡]/.test(line));
  const names = firstAddress < 0 ? signature : signature.slice(0, firstAddress);
  return {
    key,
    postalCode: postalDigits(postal),
    address: block,
    ...addressee,
    message,
    senderNames: names.filter((line) => !line.startsWith('電話')),
    senderAddress:
      firstAddress < 0 ? [] : signature.slice(firstAddress).filter((line) => !line.startsWith('電話')),
  };
}

/** The 7 digits of a 郵便番号 (〒154-0004, １５４－０００４ …), or '' when it is not 7 digits. */
export function postalDigits(text: string): string {
  const digits = text.normalize('NFKC').replace(/[^\d]/g, '');
  return digits.length === 7 ? digits : '';
}

/**
 * The addressee line (「青木 花子 様」, 「山田 太郎 様 山田 花子 様」, 「山田 太郎・花子 様」, 「株式会社さくら 御中」): the names,
 * one per person, and the honorific. 御中 is for a company and is never combined with 様.
 */
export function parseAddressee(line: string): { names: string[]; honorific: '様' | '御中' } {
  const text = line.trim();
  if (/御中$/.test(text)) {
    const name = text
      .replace(/\s*御中$/, '')
      .replace(/\s*様$/, '')
      .trim();
    return { names: [name], honorific: '御中' };
  }
  // One person per 様: a 「・」 inside a name is part of it (「ジョン・スミス 様」 is one person).
  const names = text
    .split(/\s*様(?:\s+|$)/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
  return { names, honorific: '様' };
}

const KANJI_DIGITS = '〇一二三四五六七八九';
const HYPHENS = /[-‐‑‒–—―−ーｰ－]/;

/**
 * An address or name for vertical writing (縦書き): digits as 漢数字 one by one (0 → 〇, 10 → 一〇, 101号 → 一〇一号),
 * full-width digits too; a hyphen between numbers as 「の」 (1-2-3 → 一の二の三), any other dash or 「ー」 as the upright
 * 「｜」 (コーポ → コ｜ポ, B-201 → Ｂ｜二〇一); Latin letters, spaces and other ASCII
 * in full width, so each stands upright in the column (サンビルB棟 → サンビルＢ棟). A 郵便番号 after 〒 keeps its hyphen as
 * the vertical 「｜」 (〒154-0001 → 〒一五四｜〇〇〇一).
 */
export function tategaki(text: string): string {
  const chars = Array.from(
    text
      .normalize('NFKC')
      .replace(/〒\s*(\d{3})[-‐‑‒–—―−ーｰ－]?(\d{4})/g, (_m, a: string, b: string) => `〒${a}｜${b}`),
  );
  let out = '';
  chars.forEach((ch, i) => {
    if (/\d/.test(ch)) out += KANJI_DIGITS[Number(ch)];
    else if (HYPHENS.test(ch) && /\d/.test(chars[i - 1] ?? '') && /[\dA-Za-z]/.test(chars[i + 1] ?? ''))
      out += 'の';
    // Sheets' stacked text keeps each character upright (TextRotation vertical: "the orientation of individual
    // characters is unchanged", developers.google.com/sheets/api/reference/rest/v4/spreadsheets/other#textrotation):
    // a 「ー」 or a dash would lie across the column and read as 「一」, so it is written as the vertical 「｜」.
    else if (HYPHENS.test(ch)) out += '｜';
    else if (ch === ' ') out += '\u3000';
    else if (ch >= '!' && ch <= '~') out += String.fromCharCode(ch.charCodeAt(0) + 0xfee0);
    else out += ch;
  });
  return out;
}

type Align = 'left' | 'center' | 'right';
type VAlign = 'top' | 'middle' | 'bottom';

/** 「〒154-0001 東京都…」 as two lines: the 郵便番号, then the address. */
function splitPostal(line: string): string[] {
  const m = /^(〒\s*\S+)\s+(.+)$/.exec(line.trim());
  return m ? [m[1], m[2]] : [line];
}

/** One cell of a card side (row 0-based within the side's block; column 1-based; `columns` > 1 is a merge). */
export interface CardCell {
  row: number;
  column: number;
  columns: number;
  text: string;
  pt: number;
  color: string;
  align: Align;
  valign: VAlign;
  vertical: boolean;
}

/** A 郵便番号 box drawn on blank card stock: the cell's four sides in 朱, medium (boxes 1–3) or thin (4–7). */
export interface CardBox {
  row: number;
  column: number;
  weight: 'medium' | 'thin';
  color: string;
}

export interface CardSide {
  rowsPx: readonly number[];
  cells: CardCell[];
  boxes: CardBox[];
  /** The address did not fit in its three columns even at the smallest size: its end may be cut off. */
  addressTooLong?: boolean;
}

const MM_PER_PX = 25.4 / HAGAKI.dpi;

/** Full-width characters down a cell `heightPx` tall at `pt` (the cell's padding and one em of safety left free). */
function columnCapacity(heightPx: number, pt: number): number {
  return Math.max(
    1,
    Math.floor((heightPx - 2 * HAGAKI.cellPaddingPx) / ((pt / 72) * HAGAKI.dpi)) - CARD_STYLE.safetyEm,
  );
}

function cell(
  row: number,
  [column, columns]: [number, number],
  text: string,
  pt: number,
  align: Align,
  valign: VAlign,
  vertical = false,
  color: string = CARD_STYLE.textColor,
): CardCell {
  return { row, column, columns, text, pt, color, align, valign, vertical };
}

/** The lines of `texts` wrapped to `capacity`, each continuation indented by one character. */
function verticalLines(texts: readonly string[], capacity: number): string[] {
  return texts.flatMap((text) =>
    wrapLine(text, capacity, { atSpaces: true }).map((line, i) => (i === 0 ? line : `\u3000${line}`)),
  );
}

/**
 * The address side (宛名面): the 郵便番号 digits in the frame's boxes, the address down the right in 漢数字, the
 * name(s) larger down the middle, each with its 様 (or the company's 御中), the sender small at the bottom left, the
 * stamp's corner (top left) empty. On blank card stock also the frame in 朱 and 「郵便はがき」 at the top centre.
 */
export function addressSide(card: PrintableCard, stock: CardStock): CardSide {
  const mainPx = ADDRESS_ROWS_PX[ADDRESS_ROW.main];
  const cells: CardCell[] = [];
  const boxes: CardBox[] = [];
  const lefts = zipBoxLeftsMm();
  Array.from(card.postalCode).forEach((digit, i) =>
    cells.push(cell(ADDRESS_ROW.zip, [columnAt(lefts[i]), 1], digit, CARD_STYLE.zipPt, 'center', 'middle')),
  );
  if (stock === 'blank') {
    lefts.forEach((left, i) =>
      boxes.push({
        row: ADDRESS_ROW.zip,
        column: columnAt(left),
        weight: i < 3 ? 'medium' : 'thin',
        color: ZIP_FRAME.color,
      }),
    );
    cells.push(
      cell(
        ADDRESS_ROW.mark,
        span(...POSTCARD_MARK_MM),
        '郵便はがき',
        CARD_STYLE.postcardMarkPt,
        'center',
        'bottom',
        false,
        ZIP_FRAME.color,
      ),
    );
  }

  // The address: as few columns as fit, at the largest size that fits in three.
  const address = card.address.map(tategaki);
  let addressPt: number = CARD_STYLE.addressPt[0];
  let lines: string[] = [];
  for (const pt of CARD_STYLE.addressPt) {
    addressPt = pt;
    lines = verticalLines(address, columnCapacity(mainPx, pt) - 1);
    if (lines.length <= ADDRESS_COLUMNS_MM.length) break;
  }
  const addressTooLong = lines.length > ADDRESS_COLUMNS_MM.length;
  if (addressTooLong)
    lines = [
      ...lines.slice(0, ADDRESS_COLUMNS_MM.length - 1),
      lines.slice(ADDRESS_COLUMNS_MM.length - 1).join(''),
    ];
  lines.forEach((line, i) =>
    cells.push(
      cell(ADDRESS_ROW.main, [columnAt(ADDRESS_COLUMNS_MM[i]), 1], line, addressPt, 'center', 'top', true),
    ),
  );

  // The names, one 様 each (or 御中), centred; the largest size at which every name fits down the row.
  const names =
    card.names.length > 3 ? [...card.names.slice(0, 2), card.names.slice(2).join('・')] : card.names;
  const texts = names.map((name) => `${tategaki(name)}\u3000${card.honorific}`);
  const longest = Math.max(0, ...texts.map(textWidthEm));
  const namePt =
    CARD_STYLE.namePt.find((pt) => longest <= columnCapacity(mainPx, pt)) ?? CARD_STYLE.namePt[3];
  const slots = NAME_SLOTS_MM[Math.max(0, names.length - 1)] ?? [];
  texts.forEach((text, i) =>
    cells.push(
      cell(ADDRESS_ROW.main, span(slots[i][0], slots[i][1]), text, namePt, 'center', 'middle', true),
    ),
  );

  // The sender, bottom left: the address on the right, the shop's name to its left.
  const senderCapacity = columnCapacity(mmToPx(SENDER_LENGTH_MM, HAGAKI), CARD_STYLE.senderPt);
  const sender = [
    ...verticalLines(
      card.senderAddress.flatMap((line) => splitPostal(line)).map(tategaki),
      senderCapacity - 1,
    ),
    ...verticalLines(card.senderNames.map(tategaki), senderCapacity),
  ].slice(0, SENDER_COLUMNS_MM.length);
  sender.forEach((line, i) =>
    cells.push(
      cell(
        ADDRESS_ROW.main,
        [columnAt(SENDER_COLUMNS_MM[i]), 1],
        line,
        CARD_STYLE.senderPt,
        'center',
        'bottom',
        true,
      ),
    ),
  );
  return { rowsPx: ADDRESS_ROWS_PX, cells, boxes, ...(addressTooLong ? { addressTooLong } : {}) };
}

/**
 * The message side (文面): the greeting's first line as a title, centred and larger; the card's lines broken between
 * phrases (BudouX, line-break.ts) at the largest size that fits; the date line (「令和○年 元旦」); the shop's name on
 * the right. All inside the 5 mm margins. A text too long for the card at the smallest size keeps its last lines together in the last row.
 */
export function messageSide(card: PrintableCard): CardSide {
  const textPx = mmToPx(MESSAGE_MM[1] - MESSAGE_MM[0], HAGAKI) - 2 * HAGAKI.cellPaddingPx;
  const capacity = (pt: number) =>
    Math.max(1, Math.floor(textPx / ((pt / 72) * HAGAKI.dpi)) - CARD_STYLE.safetyEm);
  const columns = span(MESSAGE_MM[0], MESSAGE_MM[1]);
  const [first, ...rest] = card.message;
  const isTitle =
    first !== undefined && textWidthEm(first) <= capacity(CARD_STYLE.titlePt[2]) && !/[。、]/.test(first);
  const titleText = isTitle ? first : '';
  const titlePt =
    CARD_STYLE.titlePt.find((pt) => textWidthEm(titleText) <= capacity(pt)) ?? CARD_STYLE.titlePt[2];
  const body = isTitle ? rest : card.message;
  const dateAt = body.findIndex((line) => /^(令和|平成)\S*年\s/.test(line.trim()));
  const lines = dateAt >= 0 ? body.slice(0, dateAt) : body;
  const date = dateAt >= 0 ? body[dateAt].trim() : '';

  let rows: { text: string; align: Align }[] = [];
  let bodyPt: number = CARD_STYLE.bodyPt[0];
  for (const pt of CARD_STYLE.bodyPt) {
    bodyPt = pt;
    rows = [
      { text: '', align: 'left' },
      ...lines.flatMap((line) =>
        wrapLine(line.trim(), capacity(pt)).map((text) => ({ text, align: 'left' as Align })),
      ),
      ...(date
        ? [
            { text: '', align: 'left' as Align },
            { text: date, align: 'left' as Align },
          ]
        : []),
      { text: '', align: 'left' },
      ...card.senderNames.flatMap((name) =>
        wrapLine(name, capacity(pt)).map((text) => ({ text, align: 'right' as Align })),
      ),
    ];
    if (rows.length <= MESSAGE_LINE_ROWS) break;
  }
  if (rows.length > MESSAGE_LINE_ROWS) {
    const last = rows.slice(MESSAGE_LINE_ROWS - 1);
    rows = [
      ...rows.slice(0, MESSAGE_LINE_ROWS - 1),
      { text: last.map((r) => r.text).join(''), align: 'left' },
    ];
  }
  // A short text starts one row lower, so the title stands apart from it.
  const lead = Math.min(1, Math.floor((MESSAGE_LINE_ROWS - rows.length) / 2));
  rows = [...Array.from({ length: lead }, () => ({ text: '', align: 'left' as Align })), ...rows];
  const cells: CardCell[] = [cell(1, columns, titleText, titlePt, 'center', 'bottom')];
  rows.forEach((r, i) => cells.push(cell(2 + i, columns, r.text, bodyPt, r.align, 'middle')));
  return { rowsPx: MESSAGE_ROWS_PX, cells, boxes: [] };
}

/** Where a cell's centre prints, in mm from the page's top-left corner, at print scale `scale`. */
export function printedCentreMm(
  layout: PostcardLayout,
  rowsPx: readonly number[],
  c: Pick<CardCell, 'row' | 'column' | 'columns'>,
  scale: number,
): { x: number; y: number } {
  const left = layout.columnWidthsPx.slice(0, c.column - 1).reduce((a, b) => a + b, 0);
  const width = layout.columnWidthsPx
    .slice(c.column - 1, c.column - 1 + c.columns)
    .reduce((a, b) => a + b, 0);
  const top = rowsPx.slice(0, c.row).reduce((a, b) => a + b, 0);
  return {
    x: (left + width / 2) * scale * MM_PER_PX,
    y: (top + rowsPx[c.row] / 2) * scale * MM_PER_PX,
  };
}
