import { monthDayJa, weekdayJa, type Day } from './day';
import { birthdayOfAnchor, giftDeadline, isBelated } from './rules/birthday';
import { greetingFields } from './rules/seasonal';
import { stepLabel } from '../labels';
import type { GiftTask } from './flags';
import {
  composeLetter,
  seasonalGreeting,
  senderAfterShopName,
  senderNamesShop,
  signatureNames,
} from './letter-text';
import type { DueContact } from './plan';
import { AFTERCARE_RULES, POSTCARD_RULES, postBetweenOf } from './registry';
import {
  emailFooter,
  emptyFieldProblem,
  fieldsUsed,
  findTemplate,
  KNOWN_FIELDS,
  OPTIONAL_SENTENCES,
  renderTemplate,
  SHOP_FIELDS,
  shopProblemOf,
  toHtml,
  type FieldName,
  type MessageTemplate,
} from './templates';
import type { Channel, Gift, RuleId, Settings } from './types';

/** A message ready for its channel: an email draft, a LINE text, a printable letter or a call's talking points. */
export interface ComposedMessage {
  channel: Channel;
  subject: string;
  /** Plain text: the email body with its legal footer, the LINE text, the letter's lines, or talking points. */
  body: string;
  /** The HTML alternative of an email body; '' for other channels. */
  htmlBody: string;
  /** Mark the letter 手書き推奨. */
  handwritten: boolean;
  /** What the owner must arrange for this message (the 【同封】/【別送】 banner, the day's list, the notice). */
  task?: GiftTask;
  /** Problems of this customer's message, for their row's 要確認. */
  problems: string[];
  /** Shop-wide content the message waits for (a blank setting or 提案文): said once, not on every row. */
  shopProblems: string[];
}

export interface ComposeContext {
  today: Day;
  settings: Settings;
  /** The owner's テンプレート rows first, then the defaults. */
  templates: readonly MessageTemplate[];
  /** 顧客ID → 連携コード of customers to invite to LINE (the shop has LINE set up, they are not linked yet). */
  lineInvites?: ReadonlyMap<string, string>;
  /** The shop's LINE ID (「@216ru…」) the invitation tells the customer to add and send the code to. */
  lineBasicId?: string;
}

/** Fills the step's template for its channel with the customer's data and wraps it as the channel requires. */
export function composeMessage(contact: DueContact, ctx: ComposeContext): ComposedMessage {
  const { customer, step, channel } = contact;
  const { settings } = ctx;
  // A message that carries another step (お礼 with the お伺い) uses its own template 「お礼（お伺い）」 when there is one.
  const found =
    (step.carries &&
      findTemplate(ctx.templates, step.scenario, `${step.step}（${step.carries}）`, channel)) ||
    findTemplate(ctx.templates, step.scenario, step.step, channel);
  const empty = { channel, subject: '', body: '', htmlBody: '', handwritten: false, shopProblems: [] };
  if (!found) {
    return {
      ...empty,
      problems: [
        `テンプレート「${step.scenario}」「${step.step}」「${channel}」がありません。テンプレートシートに追加してください`,
      ],
    };
  }
  const task = giftTask(step.gift, channel) ?? postingTask(step.rule, step.step, channel);
  const fieldContext: FieldContext = { contact, settings, today: ctx.today };
  // Only the fields the template says, once its empty optional sentences are gone: a field's value may take some
  // working out (a signature, a season's greeting), and a template says a handful of the 36. The optional sentences
  // are worked out first, all of them: taking one line out can join a stray {{ and }} around another.
  const fields: Partial<Record<FieldName, string>> = {};
  for (let i = 0; i < OPTIONAL_SENTENCES.length; i++) {
    const name = OPTIONAL_SENTENCES[i];
    fields[name] = FIELD_VALUES[name](fieldContext);
  }
  const template = withoutEmptyLines(found, fields);
  const used = fieldsOf(template, template === found);
  for (let i = 0; i < used.length; i++)
    if (!(used[i] in fields)) fields[used[i]] = FIELD_VALUES[used[i]](fieldContext);
  const rendered = renderTemplate(template, fields);
  const label = stepLabel(step.scenario, step.step);
  const problems: string[] = [];
  const shopProblems: string[] = [];
  // An empty field the shop fills (a setting, 提案文) is the shop's problem, said once; the rest are this row's.
  const shopsOwn = new Set<string>();
  for (const name of SHOP_FIELDS) {
    const reported = emptyFieldProblem(name);
    if (!rendered.problems.includes(reported)) continue;
    shopProblems.push(shopProblemOf(name, step.fields?.カテゴリ ?? '') as string);
    shopsOwn.add(reported);
  }
  for (const p of rendered.problems) if (!shopsOwn.has(p)) problems.push(`${label}: ${p}`);
  // The template's own words, not what the shop's content merged into it says (改善内容, お役立ち情報 …).
  const unarranged = promiseWithoutTask(`${template.subject}\n${template.body}`, task);
  if (unarranged) problems.push(`${label}: ${unarranged}`);
  switch (channel) {
    case 'メール': {
      const body = `${rendered.body}\n\n${emailFooter({
        shopName: settings.shopName,
        address: settings.shopAddress,
        phone: settings.shopPhone,
        email: settings.shopEmail,
      })}`;
      return composed(channel, rendered.subject, body, toHtml(body), false, shopProblems, task, problems);
    }
    case '手紙': {
      const letter = composeLetter({
        // Apologies go straight to the matter, with no 時候の挨拶: S3's お詫び and S1's 改善フォロー.
        apology: step.apology === true,
        // Greeting postcards (S10) in their own form: no 拝啓, 時候の挨拶 or 敬具.
        greetingCard: POSTCARD_RULES.has(step.rule),
        handwritten: step.handwritten,
        day: ctx.today,
        recipientName: step.addressedTo?.[0]?.name ?? customer.name,
        honorific: step.addressedTo?.[0]?.honorific ?? customer.honorific,
        alsoTo: step.addressedTo?.slice(1),
        postalCode: customer.postalCode ?? '',
        address: customer.address ?? '',
        body: rendered.body,
        lineInvite: invitesToLine(step) ? lineInviteOf(ctx, customer.id) : undefined,
        shop: {
          shopName: settings.shopName,
          senderName: settings.senderName,
          address: settings.shopAddress,
          phone: settings.shopPhone,
        },
      });
      const body = [...letter.addressBlock, '', ...letter.lines].join('\n');
      return composed(channel, '', body, '', letter.handwritten, shopProblems, task, problems);
    }
    default:
      return composed(channel, rendered.subject, rendered.body, '', false, shopProblems, task, problems);
  }
}

/**
 * A composed message, every field written out in one order (the order the spread of an empty message gave): one
 * object of one shape for every message, where a spread and then its overrides made each one field by field.
 */
function composed(
  channel: Channel,
  subject: string,
  body: string,
  htmlBody: string,
  handwritten: boolean,
  shopProblems: string[],
  task: GiftTask | undefined,
  problems: string[],
): ComposedMessage {
  return { channel, subject, body, htmlBody, handwritten, shopProblems, task, problems };
}

/** What a merge field's value is made from: the contact (its customer, step and channel), the shop, the day. */
interface FieldContext {
  contact: DueContact;
  settings: Settings;
  today: Day;
}

const stepField = (name: string) => (c: FieldContext) => c.contact.step.fields?.[name];

/**
 * The value of every merge field (templates.ts MERGE_FIELDS): the compiler checks that each has one. A rule's own
 * fields (the step's) are its value for `step` fields.
 */
const FIELD_VALUES: { [F in FieldName]: (c: FieldContext) => string | undefined } = {
  氏名: ({ contact }) => contact.customer.name,
  姓: ({ contact }) => familyName(contact.customer.name, contact.customer.honorific),
  // LINE is a chat: a company is greeted 「三軒茶屋ファミリー歯科様、」, never 「…御中、」.
  敬称: ({ contact: { customer, channel } }) =>
    channel === 'LINE' && customer.honorific === '御中' ? '様' : customer.honorific,
  購入商品: ({ contact }) => contact.customer.product,
  カテゴリ: ({ contact }) => contact.step.fields?.カテゴリ ?? contact.customer.category,
  最終来店日: ({ contact }) =>
    contact.customer.lastVisit === undefined ? undefined : monthDayJa(contact.customer.lastVisit),
  // The owner writes it as a sentence (「…するようにしました。」); the template adds its own 。.
  改善内容: ({ contact }) => contact.customer.improvement.trim().replace(/[。．.]+$/u, ''),
  店名: ({ settings }) => settings.shopName,
  差出人名: ({ settings }) => senderField(settings),
  店舗電話: ({ settings }) => settings.shopPhone,
  署名: ({ settings }) => signatureOf(settings),
  時候の挨拶: ({ today }) => seasonalGreeting(today),
  特典: ({ settings, contact }) => contact.step.fields?.特典 ?? settings.complaintGift,
  お役立ち情報: ({ settings, contact }) => contact.step.fields?.お役立ち情報 ?? settings.usefulInfo,
  ニュースレター本文: ({ settings }) => settings.newsletterBody,
  空き枠1: stepField('空き枠1'),
  空き枠2: stepField('空き枠2'),
  空き枠3: stepField('空き枠3'),
  空き枠: stepField('空き枠'),
  特別価格: stepField('特別価格'),
  提案: stepField('提案'),
  提案の例: stepField('提案の例'),
  号: stepField('号'),
  ご様子伺い: ({ contact: { step, customer, channel } }) =>
    step.asksOutcome ? askHowItWent(customer.product, channel) : '',
  特別価格のご案内: ({ contact: { step, channel } }) => specialPrice(step.fields?.特別価格, channel),
  特典のお渡し: ({ contact: { step, channel } }) => giftSentences(step.gift, channel).特典のお渡し,
  金券のご案内: ({ contact: { step, channel } }) => giftSentences(step.gift, channel).金券のご案内,
  お誕生日: stepField('お誕生日'),
  お祝いの言葉: ({ contact: { step, channel }, today }) => birthdayWishes(step.anchor, today, channel),
  誕生日特典のご案内: ({ contact: { step, channel }, settings, today }) =>
    birthdayGiftSentence(step.anchor, today, channel, settings),
  予約日時: stepField('予約日時'),
  店舗住所: ({ settings }) => settings.shopAddress,
  // 設定 予約変更の連絡先, or 店舗電話 while it is blank (contract section 2).
  予約変更の連絡先: ({ settings }) => settings.bookingChangeContact.trim() || settings.shopPhone,
  // S10: dated as its season requires, and 残暑見舞い once composed after 7-31 (rules/seasonal greetingFields).
  挨拶状の日付: ({ contact: { step }, today }) => greetingFields(step.step, step.anchor, today)?.挨拶状の日付,
  暑中見舞いの挨拶: ({ contact: { step }, today }) =>
    greetingFields(step.step, step.anchor, today)?.暑中見舞いの挨拶,
  // S10's 年賀状: an organisation (御中: a company, a clinic) is wished 発展, a family 皆さまの ご健康とご多幸, one
  // person theirs.
  お祈りの言葉: ({ contact: { step, customer } }) => {
    const to = step.addressedTo ?? [customer];
    if ((to[0]?.honorific ?? '').trim() === '御中')
      return '皆さまのますますのご発展を心よりお祈り申し上げます。';
    return to.length > 1
      ? 'ご家族の皆さまのご健康とご多幸をお祈り申し上げます。'
      : 'ご健康とご多幸をお祈り申し上げます。';
  },
};

/** S9: 「お誕生日おめでとうございます」, or 「遅ればせながら、…」 when it reaches the customer after the day. */
function birthdayWishes(anchor: string, today: Day, channel: Channel): string | undefined {
  const day = birthdayOfAnchor(anchor);
  if (day === undefined) return undefined;
  return isBelated(day, today, channel === '手紙')
    ? '遅ればせながら、お誕生日おめでとうございます'
    : 'お誕生日おめでとうございます';
}

/** S9: the 誕生日特典 offered until 誕生日特典の期限, as the channel says it; '' when the shop has none. */
function birthdayGiftSentence(anchor: string, today: Day, channel: Channel, settings: Settings): string {
  const day = birthdayOfAnchor(anchor);
  const gift = settings.birthdayGift.trim();
  if (day === undefined || !gift) return '';
  const until = giftDeadline(day, today, settings);
  const when = `${monthDayJa(until)}（${weekdayJa(until)}）まで`;
  if (channel === 'LINE')
    return `ささやかですが、お誕生日の特典として${gift}をご用意しました。${when}にご来店の際、このLINEをお見せください。`;
  const show = channel === '手紙' ? 'このお手紙をお持ちください' : 'このメールをお見せください';
  return `ささやかではございますが、お誕生日の特典として${gift}をご用意いたしました。${when}にご来店の際、${show}。`;
}

/**
 * The sentence that hands over S3's gift, said as the channel says it: 半年後の特典 sent separately or given at the
 * next visit; 感謝の金券 enclosed in the letter, or shown from the LINE or email itself. Without a gift they are ''.
 */
function giftSentences(gift: Gift | undefined, channel: Channel): Record<string, string | undefined> {
  // Without a 半年後の特典 the step waits for it (its field stays empty and is reported); no voucher, no sentence.
  if (!gift) return { 特典のお渡し: undefined, 金券のご案内: '' };
  const line = channel === 'LINE';
  switch (gift.how) {
    case '別送':
      return {
        特典のお渡し: line
          ? `ささやかですが、${gift.what}を別便でお送りしますね。少しでもお楽しみいただければうれしいです。`
          : `ささやかではございますが、${gift.what}を別便にてお送りいたします。少しでもお楽しみいただければ幸いです。`,
        金券のご案内: '',
      };
    case '来店時':
      return {
        特典のお渡し: line
          ? `次にお越しの際に、ささやかですが${gift.what}をお渡しできればと思っています。`
          : `次にお越しの際に、ささやかではございますが${gift.what}をお渡しできればと存じます。`,
        金券のご案内: '',
      };
    case '金券':
      return {
        特典のお渡し: '',
        金券のご案内:
          channel === '手紙'
            ? `心ばかりのお礼のしるしとして、${gift.what}を同封いたしました。有効期限はございませんので、ご都合のよろしいときにお使いいただければ幸いです。`
            : line
              ? `心ばかりのお礼のしるしに、${gift.what}をご用意しました。有効期限はありませんので、ご来店の際にこのLINEをお見せください。`
              : `心ばかりのお礼のしるしとして、${gift.what}をご用意いたしました。有効期限はございませんので、ご来店の際にこのメールをお見せください。`,
      };
  }
}

/** What the owner arranges for a gift on this channel: a voucher by LINE or email is the message itself. */
/** A letter of a step that says when to post it (S10's 年賀状): 【投函】 on the list, the cover page and the notice. */
function postingTask(rule: RuleId, step: string, channel: Channel): GiftTask | undefined {
  const when = channel === '手紙' ? postBetweenOf(rule, step) : undefined;
  return when ? { how: '投函', what: when } : undefined;
}

function giftTask(gift: Gift | undefined, channel: Channel): GiftTask | undefined {
  if (!gift) return undefined;
  if (gift.how === '金券') return channel === '手紙' ? { how: '同封', what: gift.what } : undefined;
  return { how: gift.how, what: gift.what };
}

/**
 * S1's 提案 when no one could ask how the purchase went (contract S1): the proposal first asks. '' when the
 * customer's outcome is known.
 */
function askHowItWent(product: string, channel: Channel): string {
  const what = product.trim() || '前回のご利用';
  return channel === 'LINE'
    ? `${what}について、その後いかがですか？気になることがあれば、まずはそちらを教えてくださいね。`
    : `${what}について、その後いかがでしょうか。気になっていることがございましたら、まずはそちらをお聞かせください。`;
}

/** S5's price line, when the slot has a 特別価格; '' offers the slot without one. */
function specialPrice(price: string | undefined, channel: Channel): string {
  if (!price?.trim()) return '';
  if (channel === 'メール') return `・料金：${price}（この枠に限ったご案内です）`;
  return `この枠に限り、${price}でご用意できます。`;
}

/** Lines of the template that hold only an optional sentence with nothing to say go, so no blank paragraph stays. */
function withoutEmptyLines(
  template: MessageTemplate,
  values: Readonly<Record<string, string | undefined>>,
): MessageTemplate {
  let body = template.body;
  for (let i = 0; i < OPTIONAL_SENTENCES.length; i++) {
    const name = OPTIONAL_SENTENCES[i];
    if (!values[name] && body.includes(name)) body = body.replace(placeholderLine(name), '');
  }
  return body === template.body ? template : { ...template, body };
}

/**
 * The merge fields a template's subject or body says, as renderTemplate reads them (fieldsUsed: the name before the
 * bar, NFKC). Kept for a template of the テンプレート sheet (`kept`); one with a line taken out is a message's own.
 */
const USED_FIELDS = new WeakMap<MessageTemplate, readonly FieldName[]>();
function fieldsOf(template: MessageTemplate, kept: boolean): readonly FieldName[] {
  let used = kept ? USED_FIELDS.get(template) : undefined;
  if (used === undefined) {
    const said = new Set([...fieldsUsed(template.subject), ...fieldsUsed(template.body)]);
    used = KNOWN_FIELDS.filter((name) => said.has(name));
    if (kept) USED_FIELDS.set(template, used);
  }
  return used;
}

/**
 * The line of an optional sentence's placeholder, with the line breaks before it: made once per field, not once per
 * message (thousands a day). Neither global nor sticky, so `replace` keeps no state in it between messages.
 */
const PLACEHOLDER_LINES = new Map<string, RegExp>();
function placeholderLine(name: string): RegExp {
  let line = PLACEHOLDER_LINES.get(name);
  if (line === undefined) {
    line = new RegExp(`\\n*^[ \\t\\u3000]*[{｛]{2}\\s*${name}\\s*[}｝]{2}[ \\t\\u3000]*$`, 'mu');
    PLACEHOLDER_LINES.set(name, line);
  }
  return line;
}

/**
 * A message may say it encloses or sends something only when the step arranges it (message-style.md): a template
 * the owner edited to say 同封 or お送り with nothing to enclose or send is held for them to look at. This checks the
 * text; the task itself always comes from the step.
 */
function promiseWithoutTask(text: string, task: GiftTask | undefined): string | undefined {
  if (/同封/.test(text) && task?.how !== '同封')
    return '文面に「同封」とありますが、この連絡では同封する物を用意しません。テンプレートの文面を直してください';
  if (/別送|別便|お送り/.test(text) && task?.how !== '別送')
    return '文面に「お送り」「別送」とありますが、この連絡では別にお送りする物を用意しません。テンプレートの文面を直してください';
  return undefined;
}

/**
 * {{差出人名}} is said after the shop's name (「{{店名}}の{{差出人名}}です」), so a sender name that starts with 店名
 * loses it: 「ここち堂 店主 山本 和也」 → 「店主 山本 和也」. When nothing is left, the full sender name, else ''.
 */
function senderField(settings: Settings): string {
  const sender = settings.senderName.trim();
  // Without one, '' lets the template say its fallback (「（お名前）」), never 「ここち堂のここち堂です」.
  return (
    senderAfterShopName(sender, settings.shopName) ||
    (senderNamesShop(sender, settings.shopName) ? '' : sender)
  );
}

function signatureOf(settings: Settings): string {
  if (settings.signature) return settings.signature;
  return [...signatureNames(settings.shopName, settings.senderName), settings.shopPhone.trim()]
    .filter(Boolean)
    .join('\n');
}

/**
 * How a LINE greets (message-style.md): the family name when 氏名 has a space (half- or full-width) to split at,
 * the whole 氏名 otherwise and for a company (御中) — never a guessed surname (佐々木, 長谷川).
 */
export function familyName(name: string, honorific: string): string {
  if (honorific === '御中') return name;
  const [family] = name.split(/[ \u3000]+/u);
  return family && family !== name ? family : name;
}

/**
 * Whether a letter of this step may carry the LINE invitation, from the step's and its rule's declarations: not an
 * apology (that letter is about the matter alone), not a letter the owner writes by hand (a code copied by hand can be
 * miscopied), and no step of a complaint aftercare rule (registry.ts: no offer while the matter is open).
 */
function invitesToLine(step: DueContact['step']): boolean {
  return step.apology !== true && step.handwritten !== true && !AFTERCARE_RULES.has(step.rule);
}

/** A customer's LINE invitation: their 連携コード and the shop's LINE ID, or nothing when either is missing. */
function lineInviteOf(
  ctx: ComposeContext,
  customerId: string,
): { code: string; basicId: string } | undefined {
  const code = ctx.lineInvites?.get(customerId);
  return code && ctx.lineBasicId ? { code, basicId: ctx.lineBasicId } : undefined;
}
