/**
 * Linking customers to their LINE friends (contract section 2, LINE友だち and LINE連携). Pure: the shell reads 顧客,
 * LINE友だち and LINE連携 and hands them here.
 *
 * A customer reaches LINE through 顧客's LINEユーザーID or through a LINE友だち row whose 顧客ID the owner filled (by
 * hand or by confirming a suggestion): the link is input to planning, and no owner cell in 顧客 is written. When the
 * links disagree — 顧客's id and a LINE友だち row name different friends, two friends name one customer, or one friend
 * is linked to two customers — LINE is not used for those customers until the owner resolves it (要確認 says what).
 */
import { LINE_USER_ID as USER_ID, normalizeText } from './parse';
import type { Customer } from './types';

/** One LINE友だち row as read. */
export interface LineFriend {
  userId: string;
  displayName: string;
  /** 状態 is ブロック. */
  blocked: boolean;
  /** The owner's 顧客ID cell ('' when blank). */
  customerId: string;
  /** The phone number found in the friend's latest message with one (digits only), '' when none. */
  phone: string;
  /** The 連携コード found in the friend's latest message with one (XXXX-XX), '' when none. */
  code: string;
}

/** How a 顧客ID typed in LINE友だち is compared with 顧客's (spaces and widths aside). */
export function sameCustomerId(id: string): string {
  return normalizeText(id).normalize('NFKC').replace(/\s+/g, '');
}

/**
 * The customers as the planner sees them: a customer linked from LINE友だち gets that friend's id as lineUserId; a
 * customer in a conflict gets none, `lineConflict` and a 要確認 note (it holds nothing else: other channels go on).
 */
export function linkLineFriends(customers: readonly Customer[], friends: readonly LineFriend[]): Customer[] {
  const friendById = new Map<string, LineFriend>();
  for (const f of friends)
    if (USER_ID.test(f.userId) && !friendById.has(f.userId)) friendById.set(f.userId, f);
  const byKey = new Map<string, Customer[]>();
  for (const c of customers) {
    if (!c.id) continue;
    const key = sameCustomerId(c.id);
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  // Which friends each customer is linked to, and which customers each friend is: from both sides.
  const idsOf = new Map<Customer, Set<string>>();
  const customersOf = new Map<string, Set<Customer>>();
  const link = (c: Customer, userId: string) => {
    idsOf.set(c, (idsOf.get(c) ?? new Set()).add(userId));
    customersOf.set(userId, (customersOf.get(userId) ?? new Set()).add(c));
  };
  for (const c of customers) if (c.lineUserId && !c.blocked) link(c, c.lineUserId);
  for (const f of friends) {
    if (!f.customerId || !USER_ID.test(f.userId)) continue;
    for (const c of byKey.get(sameCustomerId(f.customerId)) ?? []) if (!c.blocked) link(c, f.userId);
  }
  if (customersOf.size === 0) return [...customers];
  const name = (userId: string) => {
    const shown = friendById.get(userId)?.displayName.trim();
    return shown ? `「${shown}」` : `（ID末尾 ${userId.slice(-4)}）`;
  };
  return customers.map((c) => {
    const ids = idsOf.get(c);
    if (!ids) return c;
    const why = conflictOf(c, ids, customersOf, name);
    if (why) {
      // Its LINE user id cleared, not taken out: every customer keeps one shape (test/core/shapes.test.ts).
      return { ...c, lineUserId: undefined, lineConflict: why, notes: [...(c.notes ?? []), why] };
    }
    const [only] = ids;
    return only === c.lineUserId ? c : { ...c, lineUserId: only };
  });
}

/**
 * LINE友だち rows whose 顧客ID names no customer in 顧客 (a typo, or a customer since removed): said in the run's
 * summary and the sidebar, since there is no customer row to carry a 要確認. '' when there are none.
 */
export function unknownFriendLinks(customers: readonly Customer[], friends: readonly LineFriend[]): string {
  const known = new Set(customers.filter((c) => c.id).map((c) => sameCustomerId(c.id)));
  const unknown = [
    ...new Set(
      friends
        .filter((f) => f.customerId && USER_ID.test(f.userId) && !known.has(sameCustomerId(f.customerId)))
        .map((f) => f.customerId),
    ),
  ];
  if (unknown.length === 0) return '';
  const shown = unknown.slice(0, 5).join('」「');
  const more = unknown.length > 5 ? `ほか${unknown.length - 5}件` : '';
  return `「LINE友だち」の顧客ID「${shown}」${more}に当たるお客様が、顧客シートにいません。顧客IDの書き間違いなら直し、もういないお客様なら「LINE友だち」のその顧客IDを消してください（それまで、その友だちはどのお客様ともつながっていません）。`;
}

/** What disagrees about this customer's LINE, and what to do; '' when nothing. */
function conflictOf(
  customer: Customer,
  ids: ReadonlySet<string>,
  customersOf: ReadonlyMap<string, ReadonlySet<Customer>>,
  name: (userId: string) => string,
): string {
  const after = 'どちらが正しいか確かめて、違う方を消してください。それまでLINEではご連絡しません';
  if (ids.size > 1) {
    const fromSheet = customer.lineUserId;
    const linked = [...ids].filter((id) => id !== fromSheet);
    if (fromSheet)
      return `LINEのつながりが食い違っています：顧客シートのLINEユーザーIDは友だち${name(fromSheet)}、「LINE友だち」でこの顧客IDが入っているのは友だち${linked.map(name).join('、')}です。${after}`;
    return `LINEのつながりが食い違っています：「LINE友だち」で${ids.size}人の友だち（${[...ids].map(name).join('、')}）にこの顧客IDが入っています。${after}`;
  }
  const [only] = ids;
  const others = [...(customersOf.get(only) ?? [])].filter((c) => c !== customer);
  if (others.length > 0)
    return `LINEのつながりが食い違っています：友だち${name(only)}が、顧客ID「${others.map((c) => c.id).join('」「')}」のお客様ともつながっています。${after}`;
  return '';
}

// ——— 連携コード ———

/**
 * What new codes are made of. No 0/O, 1/I: a code read aloud or copied from a letter cannot be mistaken. No A, E, U
 * either (nor O, I): without vowels no code spells a word (BUSU, DEBU, HAGE, BAKA) on a letter to a customer.
 */
export const CODE_ALPHABET = '23456789BCDFGHJKLMNPQRSTVWXYZ';
/** What a code is read with: the alphabet earlier versions made codes from, so every code already made stays valid. */
const READ_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const CODE_LENGTH = 6;

/** XXXX-XX, as printed and as kept in LINE連携. */
export function formatCode(raw: string): string {
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

/**
 * New 連携コード for the customers that have none: 6 characters from CODE_ALPHABET (29^6, about 600 million), never one
 * in `taken` (every code ever made stays in LINE連携, so none is reused). `random` returns [0, 1).
 */
export function newLinkCodes(
  customerIds: readonly string[],
  taken: ReadonlySet<string>,
  random: () => number,
): Map<string, string> {
  const made = new Map<string, string>();
  const used = new Set(taken);
  for (const id of customerIds) {
    if (made.has(id)) continue;
    let code: string;
    do {
      let raw = '';
      for (let i = 0; i < CODE_LENGTH; i++)
        raw += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length) % CODE_ALPHABET.length];
      code = formatCode(raw);
    } while (used.has(code));
    used.add(code);
    made.set(id, code);
  }
  return made;
}

// ——— What a message may carry (the webhook keeps only these, never the text) ———

const CODE_CHARS = `[${READ_ALPHABET}]`;
/** XXXX-XX or XXXXXX standing alone (not inside a longer word or number). */
const CODE_IN_TEXT = new RegExp(
  `(?<![0-9A-Z])(${CODE_CHARS}{4})[-ー－‐]?(${CODE_CHARS}{2})(?![0-9A-Z])`,
  'g',
);

/**
 * The 連携コード candidates in a message (XXXX-XX), widths and case aside. A candidate is kept only when LINE連携 has
 * it (the shell checks), so 「THANKS」 records nothing.
 */
export function codesIn(text: string): string[] {
  const upper = text.normalize('NFKC').toUpperCase();
  return [...upper.matchAll(CODE_IN_TEXT)].map((m) => `${m[1]}-${m[2]}`);
}

/**
 * The first Japanese phone number in a message, digits only: 10 or 11 digits starting with 0, written with or
 * without hyphens or spaces, and not part of a longer number. '' when none.
 */
export function phoneIn(text: string): string {
  const plain = text.normalize('NFKC').replace(/[‐ー－―−]/g, '-');
  for (const m of plain.matchAll(/(?<![\d-])0\d(?:[\d -]{7,12})\d(?![\d-])/g)) {
    const digits = m[0].replace(/\D/g, '');
    if (digits.length === 10 || digits.length === 11) return digits;
  }
  return '';
}

// ——— Suggestions for the sidebar ———

/** One suggested pair, as the sidebar shows it (src/shared/sidebar-types.ts names this type for the sidebar). */
export interface LinkSuggestion {
  userId: string;
  displayName: string;
  customerId: string;
  customerName: string;
  /** Why it is suggested, in the owner's words. */
  why: string;
  /** The customer's own phone number or 連携コード, pointing at this customer alone: not a guess from a name. */
  certain: boolean;
  /**
   * Why the owner must check before つなぐ ('' when nothing): the friend's message points at more than one customer
   * (a home number several customers share, or a family member sending someone else's 連携コード), or a code came
   * from a friend whose 表示名 is not that customer's name. The friend's other suggestions stay after つなぐ.
   */
  caution: string;
}

/** What a suggestion is made from: the customers after linking, and each customer's 連携コード. */
export interface SuggestionInput {
  customers: readonly Customer[];
  friends: readonly LineFriend[];
  /** 連携コード → 顧客ID (every code ever made). */
  codes: ReadonlyMap<string, string>;
  /** `userId|顧客ID` pairs the owner said 違う to. */
  dismissed: ReadonlySet<string>;
}

/** The key a dismissed suggestion is remembered by. */
export function suggestionKey(userId: string, customerId: string): string {
  return `${userId}|${customerId}`;
}

export const SHARED_PHONE_CAUTION = '同じ電話番号のお客様が複数います。どなたのLINEか確かめてください';
export const SEVERAL_CUSTOMERS_CAUTION =
  'この友だちには、ほかのお客様の候補もあります。ご家族のLINEかもしれません。どなたのLINEか確かめてください';

export const NAME_MISMATCH_CAUTION = '表示名がお客様のお名前と違います。ご本人のLINEか確かめてください';
export const NAME_UNKNOWN_CAUTION = 'LINEの表示名がまだわかりません。ご本人のLINEか確かめてください';

/** A customer LINE may reach: not blocked, and LINE not in 配信停止 (すべて included, so no example customer). */
function reachableByLine(c: Customer): boolean {
  return !c.blocked && !c.optOut.has('LINE');
}

/**
 * Friends not yet linked (no 顧客ID, not blocked, not any customer's LINEユーザーID) against customers not yet
 * linked and not refusing LINE (配信停止): a 連携コード or phone number from the friend's message first, then 表示名
 * equal to 氏名 or ふりがな once spaces, widths and katakana/hiragana are set aside. A suggestion is certain only when
 * everything the friend sent points at that one customer: a number several customers share, or a friend whose code
 * names one customer and whose name or number another, gets every candidate with a caution and none certain; so
 * does a code sent by a friend whose 表示名 is not that customer's name (or not known yet). Dismissed pairs are left
 * out.
 */
export function suggestLinks(input: SuggestionInput): LinkSuggestion[] {
  const open = input.customers.filter((c) => reachableByLine(c) && c.id && !c.lineUserId && !c.lineConflict);
  const linkedIds = new Set(input.customers.map((c) => c.lineUserId).filter(Boolean));
  const byId = new Map(open.map((c) => [sameCustomerId(c.id), c]));
  const digits = (phone: string | undefined) => (phone ?? '').replace(/\D/g, '');
  const suggestions: LinkSuggestion[] = [];
  for (const f of input.friends) {
    if (!USER_ID.test(f.userId) || f.blocked || f.customerId || linkedIds.has(f.userId)) continue;
    const found = new Map<Customer, { why: string; certain: boolean }>();
    let caution = '';
    const codeOwner = f.code ? input.codes.get(f.code) : undefined;
    const byCode = codeOwner === undefined ? undefined : byId.get(sameCustomerId(codeOwner));
    if (byCode) found.set(byCode, { why: `LINEで連携コード「${f.code}」が届きました`, certain: true });
    if (f.phone) {
      // Every customer with the number counts, on LINE or not: a shared number is nobody's for certain.
      const sharing = input.customers.filter((c) => c.id && digits(c.phone) === f.phone);
      if (sharing.length > 1) caution = SHARED_PHONE_CAUTION;
      for (const c of open)
        if (!found.has(c) && digits(c.phone) === f.phone)
          found.set(c, {
            why: `LINEで届いた電話番号（${showPhone(f.phone)}）が、顧客シートの電話と同じです`,
            certain: sharing.length === 1,
          });
    }
    const shown = nameKey(f.displayName);
    if (shown)
      for (const c of open) {
        if (found.has(c)) continue;
        if (nameKey(c.name) === shown)
          found.set(c, { why: `LINEの表示名「${f.displayName.trim()}」が氏名と同じです`, certain: false });
        else if (c.kana && nameKey(c.kana) === shown)
          found.set(c, {
            why: `LINEの表示名「${f.displayName.trim()}」がふりがな「${c.kana}」と同じです`,
            certain: false,
          });
      }
    // What the friend sent names one customer and something else another: the owner decides, with everything shown.
    if (!caution && found.size > 1 && [...found.values()].some((v) => v.certain))
      caution = SEVERAL_CUSTOMERS_CAUTION;
    // A code is certain only from the customer's own LINE: a family member may send it for them (or a letter may be
    // read by someone else), so a friend whose 表示名 is not the code's customer's 氏名 or ふりがな is to be checked.
    if (!caution && byCode && !sameName(f.displayName, byCode))
      caution = f.displayName.trim() ? NAME_MISMATCH_CAUTION : NAME_UNKNOWN_CAUTION;
    for (const [c, { why, certain }] of found) {
      if (input.dismissed.has(suggestionKey(f.userId, c.id))) continue;
      suggestions.push({
        userId: f.userId,
        displayName: f.displayName.trim(),
        customerId: c.id,
        customerName: c.name,
        why,
        certain: certain && !caution,
        caution,
      });
    }
  }
  return suggestions.sort((a, b) => Number(b.certain) - Number(a.certain));
}

/** Whether a LINE 表示名 is the customer's 氏名 or ふりがな (as nameKey compares them). */
function sameName(displayName: string, c: Customer): boolean {
  const shown = nameKey(displayName);
  return shown !== '' && (nameKey(c.name) === shown || (!!c.kana && nameKey(c.kana) === shown));
}

/**
 * A name as compared: NFKC (全角/半角), no spaces or middle dots, katakana as hiragana, lower case, and a trailing
 * さん/様 dropped. 「アオキ ハナコ」 (full-width space), 「あおき はなこ」 and 「ｱｵｷﾊﾅｺ」 are one name.
 */
export function nameKey(name: string): string {
  const plain = name
    .normalize('NFKC')
    .replace(/[\s・･.]/g, '')
    .replace(/(さん|様|さま)$/, '')
    .toLowerCase();
  return plain.replace(/[\u30a1-\u30f6]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0x60));
}

function showPhone(digits: string): string {
  if (digits.length === 11) return `${digits.slice(0, 3)}-${digits.slice(3, 7)}-${digits.slice(7)}`;
  return digits;
}
