import { monthDayJa, ymdOf, type Day } from './day';
import { composeLetter, seasonalGreeting, senderAfterShopName, signatureNames } from './letter';
import type { DueContact } from './plan';
import { emailFooter, findTemplate, renderTemplate, toHtml, type MessageTemplate } from './templates';
import type { Channel, Settings } from './types';

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
  problems: string[];
}

export interface ComposeContext {
  today: Day;
  settings: Settings;
  /** The owner's テンプレート rows first, then the defaults. */
  templates: readonly MessageTemplate[];
}

/** Fills the step's template for its channel with the customer's data and wraps it as the channel requires. */
export function composeMessage(contact: DueContact, ctx: ComposeContext): ComposedMessage {
  const { customer, step, channel } = contact;
  const { settings } = ctx;
  // A message that carries another step (お礼 with the お伺い) uses its own template 「お礼（お伺い）」 when there is one.
  const template =
    (step.carries &&
      findTemplate(ctx.templates, step.scenario, `${step.step}（${step.carries}）`, channel)) ||
    findTemplate(ctx.templates, step.scenario, step.step, channel);
  const empty = { channel, subject: '', body: '', htmlBody: '', handwritten: false };
  if (!template) {
    return {
      ...empty,
      problems: [
        `テンプレート「${step.scenario} / ${step.step} / ${channel}」がありません。テンプレートシートに追加してください`,
      ],
    };
  }
  const fields: Record<string, string | undefined> = {
    氏名: customer.name,
    姓: familyName(customer.name, customer.honorific),
    敬称: customer.honorific,
    店名: settings.shopName,
    差出人名: senderField(settings),
    店舗電話: settings.shopPhone,
    購入商品: customer.product,
    カテゴリ: customer.category,
    最終来店日: customer.lastVisit === undefined ? undefined : monthDayJa(customer.lastVisit),
    改善内容: customer.improvement,
    署名: signatureOf(settings),
    時候の挨拶: seasonalGreeting(ymdOf(ctx.today).month),
    // Shop-wide content from 設定; a rule's own fields win.
    特典: settings.complaintGift,
    お役立ち情報: settings.usefulInfo,
    ニュースレター本文: settings.newsletterBody,
    ...step.fields,
  };
  const rendered = renderTemplate(template, fields);
  const problems = rendered.problems.map((p) => `${step.scenario}「${step.step}」: ${p}`);
  // A promised gift the owner never chose would be embarrassing: ask for the setting instead.
  if (template.body.includes('{{特典}}') && !settings.complaintGift) {
    problems.push('設定「半年後の特典」に、お贈りする品（お店と関係のない物。割引券は不可）を入れてください');
  }
  switch (channel) {
    case 'メール': {
      const body = `${rendered.body}\n\n${emailFooter({
        shopName: settings.shopName,
        address: settings.shopAddress,
        phone: settings.shopPhone,
        email: settings.shopEmail,
      })}`;
      return { ...empty, subject: rendered.subject, body, htmlBody: toHtml(body), problems };
    }
    case '手紙': {
      const letter = composeLetter({
        apology: step.rule === 'S3' && step.step === 'お詫びと確認',
        handwritten: step.handwritten,
        day: ctx.today,
        recipientName: customer.name,
        honorific: customer.honorific,
        postalCode: customer.postalCode ?? '',
        address: customer.address ?? '',
        body: rendered.body,
        shop: {
          shopName: settings.shopName,
          senderName: settings.senderName,
          address: settings.shopAddress,
          phone: settings.shopPhone,
        },
      });
      const body = [...letter.addressBlock, '', ...letter.lines].join('\n');
      return { ...empty, body, handwritten: letter.handwritten, problems };
    }
    default:
      return { ...empty, subject: rendered.subject, body: rendered.body, problems };
  }
}

/**
 * {{差出人名}} is said after the shop's name (「{{店名}}の{{差出人名}}です」), so a sender name that starts with 店名
 * loses it: 「ここち堂 店主 山本 和也」 → 「店主 山本 和也」. When nothing is left, the full sender name, else the shop name.
 */
function senderField(settings: Settings): string {
  const sender = settings.senderName.trim();
  return senderAfterShopName(sender, settings.shopName) || sender || settings.shopName.trim();
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
