import type { Channel } from '../labels';
import { memo } from './memo';

export type { Channel };

export interface MessageTemplate {
  scenario: string;
  step: string;
  channel: Channel;
  /** Email subject; for a phone call, the call's purpose; '' for LINE and letters. */
  subject: string;
  body: string;
}

/** Where a merge field's value comes from. */
type FieldSource = 'customer' | 'shop' | 'step' | 'sentence';

interface FieldSpec {
  from: FieldSource;
  /** A sentence Tsunagu writes that the shop may have nothing for: alone on its line, an empty one takes the line. */
  optional?: boolean;
  /**
   * When it is empty, the shop's problem to say once (message-style.md), named for the category a step is of; a
   * field without one is the customer's problem, said on their row.
   */
  shop?: (category: string) => string;
  /** A value as a shop would have it: the tests render every default template with these. */
  example: string;
}

const SETTING_BLANK = (item: string, then: string) =>
  `設定「${item}」が空のため、その欄を使う文面を準備していません。${then}`;

/**
 * The merge fields (followup-rules.md 2, テンプレート): the one registry compose fills (a value for each, checked by
 * the compiler), renderTemplate knows, and the tests render with.
 */
export const MERGE_FIELDS = {
  氏名: { from: 'customer', example: '山田 花子' },
  姓: { from: 'customer', example: '山田' },
  敬称: { from: 'customer', example: '様' },
  購入商品: { from: 'customer', example: 'カット' },
  カテゴリ: { from: 'customer', example: '美容室' },
  最終来店日: { from: 'customer', example: '11月1日' },
  改善内容: { from: 'customer', example: 'ご予約の前日に確認のご連絡をするようにしました' },
  店名: {
    from: 'shop',
    example: '美容室さくら',
    shop: () => SETTING_BLANK('店名', '設定シートに店名を入れてください'),
  },
  差出人名: {
    from: 'shop',
    example: '佐藤',
    shop: () => SETTING_BLANK('差出人名', '設定シートに差出人名（お店の方のお名前）を入れてください'),
  },
  店舗電話: {
    from: 'shop',
    example: '03-1234-5678',
    shop: () => SETTING_BLANK('店舗電話', '設定シートにお店の電話番号を入れてください'),
  },
  署名: {
    from: 'shop',
    example: '美容室さくら　店主 佐藤',
    shop: () =>
      '設定「店名」「差出人名」「署名」がどれも空のため、署名を入れられず、文面を準備していません。設定シートに店名を入れてください',
  },
  時候の挨拶: {
    from: 'shop',
    example: '朝夕の冷え込みが日ごとに増してまいりましたが、お変わりなくお過ごしでしょうか。',
  },
  特典: {
    from: 'shop',
    example: '近所の公園の紅葉マップ',
    shop: () =>
      '設定「半年後の特典」が空のため、クレーム後フォロー（その後の確認）を準備していません。お贈りする品（お店と関係のない物。割引券は不可）を入れてください',
  },
  お役立ち情報: {
    from: 'shop',
    example: 'ドライヤーは根元から乾かすと、まとまりやすくなります。',
    shop: () =>
      '設定「お役立ち情報」が空のため、休眠客フォローを準備していません。お客様のお役に立つ話題を入れてください',
  },
  ニュースレター本文: {
    from: 'shop',
    example: '今月は店の前の花壇にパンジーを植えました。',
    shop: () =>
      '設定「ニュースレター本文」が空のため、ニュースレターを準備していません。今月の本文を入れてください',
  },
  空き枠1: { from: 'step', example: '11月25日（水）10:00〜11:00' },
  空き枠2: { from: 'step', example: '11月26日（木）14:00〜15:00' },
  空き枠3: { from: 'step', example: '11月28日（土）11:00〜12:00' },
  空き枠: { from: 'step', example: '11月27日（金）15:00〜16:00' },
  特別価格: { from: 'step', example: '通常6,000円のところ4,500円' },
  提案: {
    from: 'step',
    example: '前回のカットから一か月ほど経ち、そろそろ毛先が気になり始める頃かと思います。',
    shop: (category) =>
      `カテゴリ「${category}」の提案文が空のため、「提案」を準備していません。カテゴリシートの「提案文」に、ご提案の内容を1〜2文で入れてください`,
  },
  提案の例: { from: 'step', example: '次回のカット' },
  号: { from: 'step', example: '11月号' },
  ご様子伺い: { from: 'sentence', optional: true, example: 'カットについて、その後いかがでしょうか。' },
  特別価格のご案内: {
    from: 'sentence',
    optional: true,
    example: 'この枠に限り、通常6,000円のところ4,500円でご用意できます。',
  },
  特典のお渡し: {
    from: 'sentence',
    example: 'ささやかではございますが、近所の公園の紅葉マップを別便にてお送りいたします。',
    shop: () =>
      '設定「半年後の特典」が空のため、クレーム後フォロー（その後の確認）を準備していません。お贈りする品（お店と関係のない物。割引券は不可）を入れてください',
  },
  金券のご案内: {
    from: 'sentence',
    optional: true,
    example: '心ばかりのお礼のしるしとして、1,000円分の金券を同封いたしました。有効期限はございません。',
  },
  お誕生日: { from: 'step', example: '5月3日' },
  お祝いの言葉: { from: 'sentence', example: 'お誕生日おめでとうございます' },
  誕生日特典のご案内: {
    from: 'sentence',
    optional: true,
    example:
      'ささやかではございますが、お誕生日の特典として、ヘッドスパ10分延長をご用意いたしました。5月31日（日）までにご来店の際、このメールをお見せください。',
  },
  予約日時: { from: 'step', example: '12月5日（土）14:00' },
  店舗住所: {
    from: 'shop',
    example: '東京都世田谷区太子堂2-1-1 さくらビル1階',
    shop: () => SETTING_BLANK('店舗住所', '設定シートにお店の住所を入れてください'),
  },
  予約変更の連絡先: {
    from: 'shop',
    example: '03-1234-5678',
    shop: () =>
      '設定「予約変更の連絡先」と「店舗電話」がどちらも空のため、ご予約前日のご案内を準備していません。設定シートに、ご予約を変更するときの連絡先（電話番号など）を入れてください',
  },
  挨拶状の日付: { from: 'sentence', example: '令和9年 元旦' },
  暑中見舞いの挨拶: { from: 'sentence', example: '暑中お見舞い申し上げます' },
  お祈りの言葉: { from: 'sentence', example: 'ご健康とご多幸をお祈り申し上げます。' },
} as const satisfies Record<string, FieldSpec>;

export type FieldName = keyof typeof MERGE_FIELDS;

export const KNOWN_FIELDS = Object.keys(MERGE_FIELDS) as FieldName[];

/**
 * Fields that hold a whole sentence the shop may have nothing to say for: on a line of its own, an empty one takes
 * its line away instead of holding the message.
 */
export const OPTIONAL_SENTENCES: readonly FieldName[] = KNOWN_FIELDS.filter(
  (name) => (MERGE_FIELDS[name] as FieldSpec).optional === true,
);

/** The shop's problem when a field is empty (said once), or undefined when it is the customer's. */
export function shopProblemOf(name: string, category: string): string | undefined {
  const spec = (MERGE_FIELDS as Record<string, FieldSpec>)[name];
  return spec?.shop?.(category);
}

/** The fields whose emptiness is the shop's problem: compose looks for exactly their reports. */
export const SHOP_FIELDS: readonly FieldName[] = KNOWN_FIELDS.filter(
  (name) => (MERGE_FIELDS[name] as FieldSpec).shop !== undefined,
);

/*
 * Each rule's default テンプレート rows live in its folder (rules/<name>/templates.ts); the registry joins them
 * (DEFAULT_TEMPLATES). They are written to ../shared/docs/message-style.md. Conventions (checked by the tests):
 * - メール: a subject that says what it is about; the body starts with 「{{氏名}} {{敬称}}」 on its own line and ends
 *   with {{署名}} (the legal footer is added later).
 * - LINE: short, no 拝啓, no subject; it opens with {{姓}}{{敬称}}、 (the family name + 様).
 * - 手紙: only the body paragraphs; composeLetter adds 拝啓, the one 時候の挨拶, the closing, 敬具, date and signature
 *   (whose last line is the shop's telephone, so a body says 「お電話」 without the number).
 * - 電話: talking points for the owner (the subject is the call's purpose), starting with 【目的】 and 【言わないこと】.
 * - Every optional customer column has a fallback ({{購入商品|先日のご利用}}): a customer with only 氏名 and one way
 *   to be reached gets a whole message. Sentences the shop may have nothing to say for ({{ご様子伺い}},
 *   {{特別価格のご案内}}, {{金券のご案内}}) stand on a line of their own, which goes when it is empty.
 * - A message says it encloses or sends something only through {{特典のお渡し}} / {{金券のご案内}}, which the step's
 *   gift fills in, so the owner is always given the task.
 */

export interface RenderedMessage {
  subject: string;
  body: string;
  problems: string[];
}

/**
 * What an empty field without a fallback is reported as: one text per field, not one per message that asks (compose
 * asks it of every shop field, thousands a day).
 */
export const emptyFieldProblem: (name: string) => string = memo(
  (name: string) => `差し込み項目「${name}」が空です`,
);

// {{氏名}}, {{ 氏名 }}, ｛｛氏名｝｝ (and mixed widths): owners type these in a cell, often with an IME.
const PLACEHOLDER = /[{｛]{2}([^{}｛｝]*)[}｝]{2}/g;
const BRACE_RUN = /[{}｛｝]{2,}/g;
const BRACE = /[{}｛｝]/;
const KNOWN: ReadonlySet<string> = new Set(KNOWN_FIELDS);

/**
 * Fills {{…}} merge fields in one pass, so a value is inserted verbatim and never expanded again.
 * Unknown or empty fields become '' and are reported; stray braces from the template are dropped and reported.
 */
export function renderTemplate(
  template: { subject: string; body: string },
  fields: Readonly<Record<string, string | undefined>>,
): RenderedMessage {
  const problems = new Set<string>();
  const subject = fill(template.subject, fields, problems);
  const body = fill(template.body, fields, problems);
  return { subject, body, problems: [...problems] };
}

function fill(
  text: string,
  fields: Readonly<Record<string, string | undefined>>,
  problems: Set<string>,
): string {
  const { literals, strays, slots } = parsed(text);
  const pieces: string[] = [];
  for (let k = 0; k < slots.length; k++) {
    if (strays[k]) problems.add(STRAY_BRACES);
    pieces.push(literals[k], fieldValue(slots[k], fields, problems));
  }
  if (strays[slots.length]) problems.add(STRAY_BRACES);
  pieces.push(literals[slots.length]);
  return pieces.join('');
}

/** A template's text read once (parsed): what is between its merge fields, cleaned, and the fields. */
interface ParsedText {
  /** The text before each field and after the last (one more than `slots`), without stray braces. */
  literals: readonly string[];
  /** Whether each of `literals` lost a stray brace (a problem to report, in its place among the fields'). */
  strays: readonly boolean[];
  slots: readonly Slot[];
}

/**
 * One merge field: `{{購入商品}}`, or `{{購入商品|先日のご利用}}` whose text after the bar (half- or full-width, as an
 * IME types it) is said when the value is empty (followup-rules.md 2, テンプレート). The fallback is the template's own
 * text: it is never looked up as a field.
 */
interface Slot {
  /** The name as renderTemplate reads it: before the bar, NFKC, trimmed. */
  name: string;
  fallback: string | undefined;
  /** What an unknown name is reported as; '' for a known one. */
  unknown: string;
}

const STRAY_BRACES = 'テンプレートに対になっていない「{{」「}}」があったため、取り除きました';

/**
 * Each template text read once, not once per message: a shop's few dozen テンプレート rows (and the messages' own
 * versions with an empty optional line taken out) fill thousands of messages a day.
 */
const parsed = memo(parse, 1000);

function parse(text: string): ParsedText {
  const literals: string[] = [];
  const strays: boolean[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    const start = match.index ?? 0;
    const literal = cleanLiteral(text.slice(last, start), last > 0, true);
    literals.push(literal.cleaned);
    strays.push(literal.stray);
    slots.push(slotOf(match[1]));
    last = start + match[0].length;
  }
  const literal = cleanLiteral(text.slice(last), last > 0, false);
  literals.push(literal.cleaned);
  strays.push(literal.stray);
  return { literals, strays, slots };
}

function slotOf(rawField: string): Slot {
  const bar = rawField.search(/[|｜]/);
  const rawName = bar < 0 ? rawField : rawField.slice(0, bar);
  const name = rawName.normalize('NFKC').trim();
  return {
    name,
    fallback: bar < 0 ? undefined : rawField.slice(bar + 1).trim(),
    unknown: KNOWN.has(name) ? '' : `テンプレートの差し込み項目「{{${rawName.trim()}}}」は使えません`,
  };
}

function fieldValue(
  slot: Slot,
  fields: Readonly<Record<string, string | undefined>>,
  problems: Set<string>,
): string {
  if (slot.unknown !== '') {
    problems.add(slot.unknown);
    return slot.fallback ?? '';
  }
  const value = fields[slot.name];
  if (value === undefined || value.trim() === '') {
    if (slot.fallback) return slot.fallback;
    problems.add(emptyFieldProblem(slot.name));
    return '';
  }
  return value;
}

/** The field names a template's text uses (without their fallbacks). */
export function fieldsUsed(text: string): string[] {
  return parsed(text).slots.map((slot) => slot.name);
}

/** True when the template says `{{name}}` with no fallback, so an empty value holds the message. */
export function needsField(text: string, name: string): boolean {
  return [...text.matchAll(PLACEHOLDER)].some((m) => {
    const [field, ...rest] = m[1].split(/[|｜]/);
    return field.normalize('NFKC').trim() === name && rest.join('').trim() === '';
  });
}

/**
 * Template text between placeholders must not yield `{{` or `}}`: runs of braces go, and so does a single brace
 * touching a placeholder (it would join with a neighbouring brace once an empty field collapses).
 */
function cleanLiteral(
  text: string,
  afterField: boolean,
  beforeField: boolean,
): { cleaned: string; stray: boolean } {
  let cleaned = text.replace(BRACE_RUN, '');
  if (afterField && BRACE.test(cleaned.charAt(0))) cleaned = cleaned.slice(1);
  if (beforeField && BRACE.test(cleaned.charAt(cleaned.length - 1))) cleaned = cleaned.slice(0, -1);
  return { cleaned, stray: cleaned !== text };
}

/**
 * The owner's テンプレート rows win over the defaults: the caller passes them first. A row whose 本文 is blank is
 * an unfinished edit, so it does not hide the default.
 */
export function findTemplate(
  templates: readonly MessageTemplate[],
  scenario: string,
  step: string,
  channel: Channel,
): MessageTemplate | undefined {
  return templates.find(
    (t) =>
      t.scenario.trim() === scenario.trim() &&
      t.step.trim() === step.trim() &&
      t.channel === channel &&
      t.body.trim() !== '',
  );
}

export interface ShopContact {
  shopName: string;
  address: string;
  phone: string;
  email: string;
}

/**
 * The 特定電子メール法 display: sender's name, postal address, a contact for inquiries, and the statement that the
 * recipient can refuse further mail with the address to send that to. Missing settings are left out here and
 * reported through footerProblems.
 */
export function emailFooter(shop: ShopContact): string {
  const shopName = shop.shopName.trim();
  const address = shop.address.trim();
  const phone = shop.phone.trim();
  const email = shop.email.trim();
  const contacts = [phone && `電話 ${phone}`, email && `メール ${email}`].filter(Boolean).join('／');
  const lines = ['――――――――――――――――――――'];
  if (shopName) lines.push(`送信者：${shopName}`);
  if (address) lines.push(`住所：${address}`);
  if (contacts) lines.push(`お問い合わせ：${contacts}`);
  lines.push(
    '',
    '今後このようなメールがご不要の場合は、配信を停止することができます。',
    `ご希望の際は、このメールに「配信停止」とご返信いただくか、${email ? `${email} まで` : '上記まで'}ご連絡ください。`,
  );
  return lines.join('\n');
}

/** Settings the legal footer needs but are blank, as messages for the owner. */
export function footerProblems(shop: ShopContact): string[] {
  const problems: string[] = [];
  if (!shop.shopName.trim())
    problems.push('設定「店名」が空のため、メールの法定表示（送信者の名称）が不完全です');
  if (!shop.address.trim())
    problems.push('設定「店舗住所」が空のため、メールの法定表示（送信者の住所）が不完全です');
  if (!shop.email.trim()) {
    problems.push('設定「店舗メール」が空のため、メールの法定表示（配信停止の連絡先）が不完全です');
    if (!shop.phone.trim()) {
      problems.push('設定「店舗電話」も空のため、メールの法定表示（お問い合わせ先）が不完全です');
    }
  }
  return problems;
}

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Plain text → the HTML alternative of an email body; customer-provided text can never become markup. */
export function toHtml(plain: string): string {
  return plain.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]).replace(/\r\n|\r|\n/g, '<br>');
}
