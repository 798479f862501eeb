/** Whether a due contact may be prepared: what holds it, the customer's or the shop's (contract 3: held). */
import type { ComposedMessage } from '../../core/compose';
import type { DueContact } from '../../core/plan';
import { footerProblems } from '../../core/templates';
import type { LoadedWorkbook } from '../workbook';

/**
 * LINE's text message: at most 5,000 characters, counted in UTF-16 code units as String.length counts them
 * (https://developers.line.biz/en/reference/messaging-api/#text-message, /docs/messaging-api/text-character-count/).
 */
const LINE_TEXT_LIMIT = 5_000;
/** What 連絡履歴 内容 can keep of an email or a letter with room for its address lines (a cell holds 50,000). */
const MESSAGE_LIMIT = 40_000;

/** The settings the 特定電子メール法 footer still lacks ([] when every email can carry it). */
export function footerProblemsOf(wb: LoadedWorkbook): string[] {
  return footerProblems({
    shopName: wb.settings.shopName,
    address: wb.settings.shopAddress,
    phone: wb.settings.shopPhone,
    email: wb.settings.shopEmail,
  });
}

/**
 * Why a due contact may not be prepared yet, split by whose they are: `row`, this customer's (their 要確認), and
 * `shop`, the shop's (a blank setting or 提案文, the email footer's settings), said once in the summary and the
 * sidebar rather than on every row (message-style.md).
 */
export function heldParts(
  due: DueContact,
  message: ComposedMessage,
  footer: readonly string[],
): { row: string[]; shop: string[] } {
  const row = [...message.problems];
  const shop = [...message.shopProblems];
  // One over-long value (a 購入商品 pasted many times over) holds that customer's message, never the run.
  const limit = due.channel === 'LINE' ? LINE_TEXT_LIMIT : MESSAGE_LIMIT;
  if (message.body.length + message.subject.length > limit)
    row.push(
      `文面が長すぎるため（${String(message.body.length).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}字。${due.channel === 'LINE' ? 'LINEは1通5,000字まで' : '連絡履歴に残せるのは4万字まで'}）、準備していません。購入商品やメモなど、文面に入る欄が長すぎないか確かめてください`,
    );
  if (due.channel === 'メール' && footer.length > 0)
    shop.push(
      'メールの法定表示に必要な設定（店名・店舗住所・連絡先）が足りないため、メールを準備していません',
    );
  return { row, shop };
}

/** Why a due contact may not be prepared yet, all of it (a sidebar card, an action the owner asked for). */
export function heldBecause(due: DueContact, message: ComposedMessage, footer: readonly string[]): string[] {
  const { row, shop } = heldParts(due, message, footer);
  return [...row, ...shop];
}

/** The shop's problems that held contacts, once each with how many they held. */
export function waitingLines(waiting: ReadonlyMap<string, number>): string[] {
  return [...waiting].map(([problem, n]) => `${problem}（${n}件を保留中）`);
}
