/**
 * The household key (contract section 3, Step life cycle): 郵便番号 + 住所 normalised, so the same address typed
 * in another width, with other dashes or spaces, or with 丁目・番地・番・号 instead of dashes is one household:
 * 「1丁目2番3号」 = 「1-2-3」 = 「１−２−３」. Pure: no Apps Script globals.
 */
import { flat } from './flat-text';

/** Every dash an owner types between numbers (after NFKC): hyphens, minus, dashes, long vowel marks. */
const DASHES = /[\u2010-\u2015\u2212\u2500\u30FC\uFF70~〜～]/g;
const SPACES = /\s+/g;
/** What NFKC, the dashes, the spaces or 丁目・番地・番・号 would change: full-width and compatibility forms … */
const NEEDS_WORK =
  /[\s\u2010-\u2015\u2212\u2460-\u24FF\u2500\u3000-\u303F\u3200-\u33FF\uFF00-\uFFEF\u30FC|丁番号のヶヵ~〜]|--/;
const LOOSE_DASH = /-(?![0-9])/g;
/** Kanji numerals, as in 「二丁目十四番三号」. */
const KANJI_NUMBER = /[〇一二三四五六七八九十百千]+(?=丁目|番地|番|号|の[0-9〇一二三四五六七八九十])/g;
const KANJI_DIGITS: Readonly<Record<string, number>> = {
  〇: 0,
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Characters that the passes below need to find before they can change anything. */
const SPACE = /\s/;
/**
 * The passes that put a dash for what follows a number: the number itself is only looked behind (not taken and
 * written back with $1), which gives the same text with less work (100,000 addresses).
 */
const SPACE_BETWEEN_NUMBERS = /(?<=[0-9])\s+(?=[0-9])/g;
const BLOCK_AFTER_NUMBER = /(?<=[0-9])(?:丁目|番地|番)(?:の(?=[0-9]))?/g;
const ROOM_AFTER_NUMBER = /(?<=[0-9])号室?/g;
const NO_BETWEEN_NUMBERS = /(?<=[0-9])の(?=[0-9])/g;
/** 丁目・番地・番・号・の: the kanji numerals and the 1丁目2番3号 forms need one of these. */
const BLOCK_WORDS = /[丁番号の]/;
const SMALL_KE = /[ヶヵ]/;

/** 住所 as a household key part: the same place written another way gives the same text. */
export function normalizeAddress(address: string): string {
  // Most addresses are typed plainly (「東京都世田谷区太子堂2-14-3」): they skip the work below (100,000 customers).
  if (!NEEDS_WORK.test(address)) return address.replace(LOOSE_DASH, '').toUpperCase();
  // Each pass runs only when what it looks for is there (one test instead of several replaces that find nothing):
  // the result is the same.
  let text = address.normalize('NFKC');
  // A space between two numbers separates them (「1-2-3 101」 = 「1-2-3-101」); every other space goes.
  if (SPACE.test(text)) text = text.replace(SPACE_BETWEEN_NUMBERS, '-').replace(SPACES, '');
  if (text.includes('|')) text = text.replace(/\|/g, '');
  // None of the passes below makes or removes 丁・番・号・の, so one test before them holds for all of them.
  const blocks = BLOCK_WORDS.test(text);
  if (blocks) text = text.replace(KANJI_NUMBER, (kanji) => String(kanjiNumber(kanji)));
  if (SMALL_KE.test(text)) text = text.replace(/[ヶヵ]/g, (c) => (c === 'ヶ' ? 'ケ' : 'カ'));
  text = text.replace(DASHES, (dash, at: number, whole: string) =>
    // A long vowel mark is a dash only between numbers: 「コーポ」 keeps its ー.
    dash === 'ー' || dash === 'ｰ' ? (isDigit(whole[at - 1]) && isDigit(whole[at + 1]) ? '-' : dash) : '-',
  );
  // 1丁目2番地3号 / 1丁目2番3 / 2番地の3 / 14の3 → 1-2-3 … Each pass only when its word is there: a pass that
  // cannot match changes nothing.
  if (blocks) {
    if (text.includes('丁目') || text.includes('番')) text = text.replace(BLOCK_AFTER_NUMBER, '-');
    if (text.includes('号')) text = text.replace(ROOM_AFTER_NUMBER, '');
    if (text.includes('の')) text = text.replace(NO_BETWEEN_NUMBERS, '-');
  }
  if (text.includes('--')) text = text.replace(/-+/g, '-');
  // A dash left before words or at the end (「2-14-メゾン」, 「2番地」) says nothing.
  return text.replace(LOOSE_DASH, '').toUpperCase();
}

/** 郵便番号 as digits only: 〒154-0004 = 1540004 = １５４－０００４. */
export function normalizePostalCode(postalCode: string): string {
  return postalCode.normalize('NFKC').replace(/[^0-9]/g, '');
}

/** The household key of a customer with both 郵便番号 and 住所; '' when either is missing. */
export function householdKey(postalCode: string | undefined, address: string | undefined): string {
  if (!postalCode || !address) return '';
  const postal = normalizePostalCode(postalCode);
  const place = normalizeAddress(address);
  // One string, not the template's two pieces: every plan looks households up by it (100,000 customers).
  return postal && place ? flat(`${postal}${place}`) : '';
}

/** The customer's household key: as read (Customer.household), or worked out now for a customer made otherwise. */
export function customerHousehold(c: { postalCode?: string; address?: string; household?: string }): string {
  return c.household ?? householdKey(c.postalCode, c.address);
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** 十四 = 14, 二十 = 20, 百五 = 105, 一〇一 = 101 (digit by digit when there is no 十・百・千). */
function kanjiNumber(kanji: string): number {
  if (!/[十百千]/.test(kanji)) return Number([...kanji].map((c) => KANJI_DIGITS[c]).join(''));
  let total = 0;
  let digit = 0;
  for (const c of kanji) {
    const unit = c === '十' ? 10 : c === '百' ? 100 : c === '千' ? 1000 : 0;
    if (unit === 0) digit = KANJI_DIGITS[c];
    else {
      total += (digit || 1) * unit;
      digit = 0;
    }
  }
  return total + digit;
}
