import { dayFromYmd, ymdOf, type Day } from './day';

interface Era {
  name: string;
  start: Day;
  firstYear: number;
}

// Newest first; each era starts on the day its first year (元年) begins.
const ERAS: readonly Era[] = [
  { name: '令和', start: dayFromYmd(2019, 5, 1), firstYear: 2019 },
  { name: '平成', start: dayFromYmd(1989, 1, 8), firstYear: 1989 },
  { name: '昭和', start: dayFromYmd(1926, 12, 25), firstYear: 1926 },
  { name: '大正', start: dayFromYmd(1912, 7, 30), firstYear: 1912 },
];

/** 令和8年11月23日; 令和元年5月1日. Before 大正 the Western year is used. */
export function formatWareki(day: Day): string {
  const { year, month, date } = ymdOf(day);
  const era = ERAS.find((e) => day >= e.start);
  if (!era) return `${year}年${month}月${date}日`;
  const eraYear = year - era.firstYear + 1;
  return `${era.name}${eraYear === 1 ? '元' : eraYear}年${month}月${date}日`;
}

// 漢語調 phrase, then a softer seasonal clause, then the 安否の挨拶 suited to an individual customer.
const SEASONAL_OPENINGS: readonly string[] = [
  '厳寒の候、寒さが一段と厳しくなってまいりましたが、',
  '余寒の候、暦の上では春とはいえ、まだ寒い日が続いておりますが、',
  '早春の候、日差しに春の訪れを感じる頃となりましたが、',
  '春暖の候、穏やかな春の日差しが心地よい季節となりましたが、',
  '新緑の候、若葉の緑がまぶしい季節となりましたが、',
  '梅雨の候、紫陽花の花が美しく色づく季節となりましたが、',
  '盛夏の候、暑さが日ごとに増してまいりましたが、',
  '残暑の候、暦の上では秋とはいえ、厳しい暑さが続いておりますが、',
  '初秋の候、朝夕は幾分しのぎやすくなってまいりましたが、',
  '秋冷の候、秋も深まり、朝夕は肌寒さを感じる頃となりましたが、',
  '晩秋の候、朝夕の冷え込みが日ごとに増してまいりましたが、',
  '師走の候、今年も残りわずかとなり、何かと気ぜわしい毎日ですが、',
];
const WELL_WISHING = '皆様にはますますご清祥のこととお慶び申し上げます。';

/** 時候の挨拶 for a month (1–12), with the general 安否の挨拶 (for the {{時候の挨拶}} merge field). */
export function seasonalGreeting(month: number): string {
  return seasonalOpening(month) + WELL_WISHING;
}

function seasonalOpening(month: number): string {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`month must be 1–12, got ${month}`);
  }
  return SEASONAL_OPENINGS[month - 1];
}

/** 安否の挨拶 addressed to the reader: 〇〇様には … ご清祥, or 貴社ますますご清栄 for a company (御中). */
function wellWishing(name: string, honorific: string): string {
  if (honorific.trim() === '御中') return '貴社ますますご清栄のこととお慶び申し上げます。';
  const bare = name.trim().replace(/様$/, '').trim();
  return bare ? `${bare}様にはますますご清祥のこととお慶び申し上げます。` : WELL_WISHING;
}

/**
 * A letter waiting in 印刷待ち is printed on a later day: its 時候の挨拶 and 和暦 date are brought up to the day
 * it is printed, so a November letter printed in January does not greet the reader with 晩秋.
 */
export function refreshLetter(lines: readonly string[], printDay: Day): string[] {
  const { month } = ymdOf(printDay);
  return lines.map((line) => {
    const season = SEASONAL_OPENINGS.find((opening) => line.includes(opening));
    if (season) return line.replace(season, seasonalOpening(month));
    return WAREKI_LINE.test(line) ? formatWareki(printDay) : line;
  });
}

const WAREKI_LINE = /^(令和|平成|昭和|大正)(元|\d+)年\d+月\d+日$/;

export interface LetterShop {
  shopName: string;
  senderName: string;
  address: string;
  phone: string;
}

export interface LetterInput {
  day: Day;
  recipientName: string;
  /** 様 for a person, 御中 for a company; blank means 様. */
  honorific: string;
  postalCode: string;
  address: string;
  /** The template's body paragraphs, already rendered. */
  body: string;
  shop: LetterShop;
  handwritten?: boolean;
  /** An apology: no 時候の挨拶 — it goes straight to the matter after 拝啓. */
  apology?: boolean;
}

export interface ComposedLetter {
  /** 〒123-4567, the address line(s), 氏名 様. */
  addressBlock: string[];
  /** The 和暦 date, also included in lines. */
  dateLine: string;
  /** The letter from 拝啓 to the signature; 敬具 is its own line so the layout can right-align it. */
  lines: string[];
  /** Show 手書き推奨 in the layout; the text itself stays the same. */
  handwritten: boolean;
}

export const LETTER_OPENING = '拝啓';
export const LETTER_CLOSING = '敬具';
const CLOSING_PHRASE = '今後ともどうぞよろしくお願い申し上げます。';
const INDENT = '　';

export function composeLetter(input: LetterInput): ComposedLetter {
  const { month } = ymdOf(input.day);
  const dateLine = formatWareki(input.day);
  const paragraphs = bodyParagraphs(input.body);
  // Owner-edited bodies often end with their own closing; never say it twice.
  const lastLine = paragraphs[paragraphs.length - 1] ?? '';
  if (!lastLine.includes('よろしくお願い')) paragraphs.push(INDENT + CLOSING_PHRASE);
  return {
    addressBlock: addressBlock(input),
    dateLine,
    lines: [
      input.apology
        ? LETTER_OPENING
        : `${LETTER_OPENING}${INDENT}${seasonalOpening(month)}${wellWishing(input.recipientName, input.honorific)}`,
      ...paragraphs,
      LETTER_CLOSING,
      dateLine,
      ...signature(input.shop),
    ],
    handwritten: input.handwritten === true,
  };
}

/** One line per paragraph, indented by a full-width space as Japanese letters are (bullets and indented lines kept). */
function bodyParagraphs(body: string): string[] {
  return splitLines(body).map((line) => (/^[\s・]/.test(line) ? line : INDENT + line));
}

function addressBlock(input: LetterInput): string[] {
  const block: string[] = [];
  const postal = formatPostalCode(input.postalCode);
  if (postal) block.push(postal);
  block.push(...splitLines(input.address));
  block.push(addressee(input.recipientName, input.honorific));
  return block;
}

/** 氏名 + 様/御中, without doubling an honorific the owner typed into 氏名. */
export function addressee(name: string, honorific: string): string {
  const title = honorific.trim() || '様';
  const trimmed = name.trim();
  // The owner may have typed the honorific into 氏名 already.
  const bare = trimmed.endsWith(title) ? trimmed.slice(0, -title.length).trim() : trimmed;
  return `${bare} ${title}`;
}

/** 〒123-4567 from 1234567, 123-4567, 〒１２３－４５６７ …; anything else is shown as typed. */
export function formatPostalCode(raw: string): string {
  const text = raw
    .normalize('NFKC')
    .replace(/[〒\s]/g, '')
    .replace(/[‐‑–—―ー−]/g, '-');
  if (!text) return '';
  const m = /^(\d{3})-?(\d{4})$/.exec(text);
  return m ? `〒${m[1]}-${m[2]}` : `〒${text}`;
}

function signature(shop: LetterShop): string[] {
  const lines = signatureNames(shop.shopName, shop.senderName);
  lines.push(...splitLines(shop.address));
  if (shop.phone.trim()) lines.push(`電話 ${shop.phone.trim()}`);
  return lines.filter((line) => line !== '');
}

// Spaces and the punctuation owners put between a shop's name and a person's: 「ここち堂 店主」 (half- or full-width), 「ここち堂・山本」.
const NAME_SEPARATORS = /^[\s・／/｜|:：、，,]+/;

/**
 * 差出人名 without a leading 店名: 「ここち堂 店主 山本 和也」 with 店名 「ここち堂」 → 「店主 山本 和也」, so that
 * 「{{店名}}の{{差出人名}}です」 names the shop once. '' when the sender name does not start with the shop's name, or
 * is nothing more than it.
 */
export function senderAfterShopName(senderName: string, shopName: string): string {
  const sender = senderName.trim();
  const shop = shopName.trim();
  if (!shop) return '';
  if (sender.startsWith(shop)) return sender.slice(shop.length).replace(NAME_SEPARATORS, '');
  // The same name typed in other widths (「ＡＢＣ美容室 佐藤」 and 店名 「ABC美容室」) still matches.
  const normalizedSender = sender.normalize('NFKC');
  const normalizedShop = shop.normalize('NFKC');
  if (!normalizedSender.startsWith(normalizedShop)) return '';
  return normalizedSender.slice(normalizedShop.length).replace(NAME_SEPARATORS, '');
}

/** True when 差出人名 already starts with 店名, so the shop's name needs no line of its own. */
export function senderNamesShop(senderName: string, shopName: string): boolean {
  const shop = shopName.trim().normalize('NFKC');
  return shop !== '' && senderName.trim().normalize('NFKC').startsWith(shop);
}

/**
 * The name lines of a signature: 店名 then 差出人名, or only 差出人名 when it already starts with 店名
 * (「ここち堂 店主 山本 和也」 is not signed 「ここち堂／ここち堂 店主 山本 和也」). Blank names are left out.
 */
export function signatureNames(shopName: string, senderName: string): string[] {
  const shop = shopName.trim();
  const sender = senderName.trim();
  if (!sender) return shop ? [shop] : [];
  if (!shop || senderNamesShop(sender, shop)) return [sender];
  return [shop, sender];
}

function splitLines(text: string): string[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '');
}
