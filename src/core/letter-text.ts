import { dayFromYmd, ymdOf, type Day } from './day';
import { JAPANESE_ERAS } from './parse';
import { RISSHUN_FEBRUARY, RISSHUU_AUGUST, SOLAR_TERM_YEARS } from './solar-terms';

/**
 * 令和8年11月23日; 令和元年5月1日; 明治45年7月29日. Every era from 明治 (core/parse.ts JAPANESE_ERAS, the same table
 * the date parser reads); a day where two eras meet (1926-12-25) is in the new one. Before 明治 the Western year.
 */
export function formatWareki(day: Day): string {
  const { year, month, date } = ymdOf(day);
  const era = JAPANESE_ERAS.find((e) => day >= e.start);
  if (!era) return `${year}年${month}月${date}日`;
  const eraYear = year - ymdOf(era.start).year + 1;
  return `${era.name}${eraYear === 1 ? '元' : eraYear}年${month}月${date}日`;
}

/**
 * 立春 of a year (the day in Japan the Sun's apparent longitude reaches 315°), from the table tools/make-solar-terms.ts
 * computes with astronomy-engine and test/core/seasons.test.ts checks against the 国立天文台 暦要項. Outside the
 * table's years, 2月4日.
 */
export function risshun(year: number): Day {
  return dayFromYmd(year, 2, solarTermDate(RISSHUN_FEBRUARY, year, 4));
}

/** 立秋 of a year (apparent longitude 135°), like risshun; outside the table's years, 8月7日. */
export function risshuu(year: number): Day {
  return dayFromYmd(year, 8, solarTermDate(RISSHUU_AUGUST, year, 7));
}

function solarTermDate(table: string, year: number, usual: number): number {
  if (year < SOLAR_TERM_YEARS.first || year > SOLAR_TERM_YEARS.last) return usual;
  return Number(table[year - SOLAR_TERM_YEARS.first]);
}

/**
 * A season of letters: the 漢語調 phrase that opens a letter (「晩秋の候、」, followed by the 安否の挨拶 to the reader)
 * and the spoken greeting that stands alone ({{時候の挨拶}}). message-style.md: one of the two, never both.
 */
interface Season {
  phrase: string;
  spoken: string;
}

const SEASONS = {
  newYear: {
    phrase: '新春の候、',
    spoken: '新しい年を迎え、お健やかにお過ごしのことと存じます。',
  },
  midwinter: {
    phrase: '厳寒の候、',
    spoken: '寒さが一段と厳しくなってまいりましたが、お変わりなくお過ごしでしょうか。',
  },
  lateCold: {
    phrase: '余寒の候、',
    spoken: '暦の上では春とはいえ、まだ寒い日が続いておりますが、お変わりなくお過ごしでしょうか。',
  },
  earlySpring: {
    phrase: '早春の候、',
    spoken: '日差しに春の訪れを感じる頃となりましたが、お変わりなくお過ごしでしょうか。',
  },
  spring: {
    phrase: '春暖の候、',
    spoken: '穏やかな春の日差しが心地よい季節となりましたが、お変わりなくお過ごしでしょうか。',
  },
  freshGreen: {
    phrase: '新緑の候、',
    spoken: '若葉の緑がまぶしい季節となりましたが、お変わりなくお過ごしでしょうか。',
  },
  rainy: {
    phrase: '梅雨の候、',
    spoken: '紫陽花の花が美しく色づく季節となりましたが、お変わりなくお過ごしでしょうか。',
  },
  midsummer: {
    phrase: '盛夏の候、',
    spoken: '暑さが日ごとに増してまいりましたが、お変わりなくお過ごしでしょうか。',
  },
  lateHeat: {
    phrase: '残暑の候、',
    spoken: '暦の上では秋とはいえ、厳しい暑さが続いておりますが、お変わりなくお過ごしでしょうか。',
  },
  earlyAutumn: {
    phrase: '初秋の候、',
    spoken: '朝夕は幾分しのぎやすくなってまいりましたが、お変わりなくお過ごしでしょうか。',
  },
  autumn: {
    phrase: '秋冷の候、',
    spoken: '秋も深まり、朝夕は肌寒さを感じる頃となりましたが、お変わりなくお過ごしでしょうか。',
  },
  lateAutumn: {
    phrase: '晩秋の候、',
    spoken: '朝夕の冷え込みが日ごとに増してまいりましたが、お変わりなくお過ごしでしょうか。',
  },
  yearEnd: {
    phrase: '師走の候、',
    spoken: '今年も残りわずかとなり、何かと気ぜわしい毎日ですが、お変わりなくお過ごしでしょうか。',
  },
} as const satisfies Record<string, Season>;
const ALL_SEASONS: readonly Season[] = Object.values(SEASONS);
/** 3月 to 6月 and 9月 to 12月 by the month; January, February, July and August turn on 松の内, 立春 and 立秋. */
const BY_MONTH: Readonly<Record<number, Season>> = {
  3: SEASONS.earlySpring,
  4: SEASONS.spring,
  5: SEASONS.freshGreen,
  6: SEASONS.rainy,
  9: SEASONS.earlyAutumn,
  10: SEASONS.autumn,
  11: SEASONS.lateAutumn,
  12: SEASONS.yearEnd,
};

/**
 * The season of a day (message-style.md "Seasons and dates"): 1/1–1/7 (松の内) 新春; then 厳寒 until the day before
 * 立春; 余寒 (「暦の上では春」) from 立春; 盛夏 in July until the day before 立秋; 残暑 (「暦の上では秋」) from 立秋.
 */
function seasonOf(day: Day): Season {
  const { year, month, date } = ymdOf(day);
  if (month === 1) return date <= 7 ? SEASONS.newYear : SEASONS.midwinter;
  if (month === 2) return day < risshun(year) ? SEASONS.midwinter : SEASONS.lateCold;
  if (month === 7) return SEASONS.midsummer;
  if (month === 8) return day < risshuu(year) ? SEASONS.midsummer : SEASONS.lateHeat;
  return BY_MONTH[month];
}

/**
 * 時候の挨拶 of a day, for the {{時候の挨拶}} merge field: one spoken greeting that stands alone in a letter, an
 * email or a LINE (「朝夕の冷え込みが日ごとに増してまいりましたが、お変わりなくお過ごしでしょうか。」). A letter whose
 * body has it opens with it after 拝啓 and adds no 「〇〇の候」 of its own.
 */
export function seasonalGreeting(day: Day): string {
  return seasonOf(day).spoken;
}

/** 安否の挨拶 after the 「〇〇の候、」: 青木様には … ご清祥 (the family name when 氏名 has a space), or 貴社 … ご清栄. */
function wellWishing(name: string, honorific: string): string {
  if (honorific.trim() === '御中') return '貴社ますますご清栄のこととお慶び申し上げます。';
  const bare = name.trim().replace(/様$/, '').trim();
  const [family] = bare.split(/[ \u3000]+/u);
  return bare ? `${family}様にはますますご清祥のこととお慶び申し上げます。` : WELL_WISHING;
}
const WELL_WISHING = '皆様にはますますご清祥のこととお慶び申し上げます。';

/**
 * The openings letters were written with before one greeting per letter (a phrase and a spoken clause stacked):
 * a letter still waiting in 印刷待ち from then is printed with one greeting.
 */
const STACKED_OPENINGS: readonly string[] = [
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

/**
 * A letter waiting in 印刷待ち is printed on a later day: its 時候の挨拶 and 和暦 date are brought up to the day
 * it is printed, so a November letter printed in January does not greet the reader with 晩秋 (and a letter
 * printed on 2月3日 is not yet 余寒). A letter written with two stacked greetings is printed with one.
 */
export function refreshLetter(lines: readonly string[], printDay: Day): string[] {
  const season = seasonOf(printDay);
  const lateSummer = ymdOf(printDay).month >= 8;
  return lines.map((line) => {
    let text = line;
    // A 暑中見舞い printed after 7-31 is a 残暑見舞い (followup-rules.md S10), its date 晩夏; a card's other date
    // lines (「令和9年 元旦」, 「令和9年 一月」) are the season's whatever the day.
    if (lateSummer && text === SUMMER_GREETING) return LATE_SUMMER_GREETING;
    if (lateSummer && SUMMER_DATE_LINE.test(text)) return text.replace(/盛夏$/, '晩夏');
    if (text.startsWith(LETTER_OPENING)) {
      const stacked = STACKED_OPENINGS.find((opening) => text.includes(opening));
      if (stacked) text = text.replace(stacked, season.phrase);
      const phrase = ALL_SEASONS.find((s) => text.includes(s.phrase));
      if (phrase) text = text.replace(phrase.phrase, season.phrase);
    }
    const spoken = ALL_SEASONS.find((s) => text.includes(s.spoken));
    if (spoken) text = text.replace(spoken.spoken, season.spoken);
    return WAREKI_LINE.test(text) ? formatWareki(printDay) : text;
  });
}

const WAREKI_LINE = /^(令和|平成|昭和|大正|明治)(元|\d+)年\d+月\d+日$/;
const SUMMER_GREETING = '暑中お見舞い申し上げます';
const LATE_SUMMER_GREETING = '残暑お見舞い申し上げます';
const SUMMER_DATE_LINE = /^(令和|平成)(元|\d+)年 盛夏$/;

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
  /** 連名 (S10's household cards): further names, each on its own line with its own 様. */
  alsoTo?: readonly { name: string; honorific: string }[];
  postalCode: string;
  address: string;
  /** The template's body paragraphs, already rendered. */
  body: string;
  shop: LetterShop;
  handwritten?: boolean;
  /** An apology: no 時候の挨拶 — it goes straight to the matter after 拝啓. */
  apology?: boolean;
  /**
   * A greeting postcard (S10): its own form (followup-rules.md, テンプレート) — the body as written, opening with the
   * greeting itself and ending with its date line (「令和○年 元旦」); no 拝啓, 時候の挨拶, closing phrase or 敬具.
   */
  greetingCard?: boolean;
  /** The customer's 連携コード (XXXX-XX) and the shop's LINE ID: one sentence before the closing invites them to LINE. */
  lineInvite?: { code: string; basicId: string };
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
  if (input.greetingCard) return composeGreetingCard(input);
  const dateLine = formatWareki(input.day);
  // A body with the spoken greeting ({{時候の挨拶}}) has its season already; an apology has none at all.
  const spoken = ALL_SEASONS.map((s) => s.spoken).filter((greeting) => input.body.includes(greeting));
  const body = input.apology
    ? spoken.reduce((text, greeting) => text.split(greeting).join(''), input.body)
    : input.body;
  const paragraphs = bodyParagraphs(body);
  // Owner-edited bodies often end with their own closing; never say it twice.
  const lastLine = paragraphs[paragraphs.length - 1] ?? '';
  if (input.lineInvite) {
    const invite = INDENT + lineInvite(input.lineInvite.code, input.lineInvite.basicId);
    // Before the owner's own closing line, when the body ends with one.
    if (lastLine.includes('よろしくお願い')) paragraphs.splice(paragraphs.length - 1, 0, invite);
    else paragraphs.push(invite);
  }
  if (!lastLine.includes('よろしくお願い')) paragraphs.push(INDENT + CLOSING_PHRASE);
  let opening = LETTER_OPENING;
  if (!input.apology && spoken.length === 0)
    opening = `${LETTER_OPENING}${INDENT}${seasonOf(input.day).phrase}${wellWishing(input.recipientName, input.honorific)}`;
  else if (!input.apology && spoken.some((greeting) => paragraphs[0]?.trim().startsWith(greeting)))
    opening = `${LETTER_OPENING}${INDENT}${(paragraphs.shift() ?? '').trim()}`;
  return {
    addressBlock: addressBlock(input),
    dateLine,
    lines: [opening, ...paragraphs, LETTER_CLOSING, dateLine, ...signature(input.shop)],
    handwritten: input.handwritten === true,
  };
}

/** The one sentence that invites a customer to LINE with their 連携コード (message-style.md: natural, no jargon). */
export function lineInvite(code: string, basicId: string): string {
  return `なお、LINEでのご連絡をご希望でしたら、LINEアプリで「${basicId}」を検索して当店を友だちに追加し、「連携コード ${code}」とお送りください。`;
}

/** A greeting postcard: the body's lines as written (its last the card's date line), then the signature. */
function composeGreetingCard(input: LetterInput): ComposedLetter {
  const lines = input.body
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const last = lines[lines.length - 1] ?? '';
  return {
    addressBlock: addressBlock(input),
    dateLine: /^(令和|平成)\S*年\s/.test(last) ? last : formatWareki(input.day),
    lines: [...lines, ...signature(input.shop)],
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
  for (const other of input.alsoTo ?? []) block.push(addressee(other.name, other.honorific));
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
