/**
 * Contact keys (followup-rules.md 3, Step life cycle): the one module that builds them and reads them back.
 *
 * - A customer's contact: `顧客ID|rule|step|anchor`, the anchor being the event the step hangs on (a visit, a
 *   cancellation, the slot's 日時, the S4/S7 occurrence). Never today.
 * - A later attempt or a second contact of the same step carries a suffix after the anchor: `#2`, `#3` (a call
 *   retried after 不在), `#手紙` (S6's handwritten letter beside its LINE or email; a call's last resort by letter).
 * - A household's letter (S7, S10): `世帯:<household key>|rule|step|anchor`.
 * - A LINE the owner copied for another customer: `顧客ID|コピー|<the contact's key, its | written />`.
 *
 * Keys are read from the right (rule, step and anchor are the last three parts), so a 顧客ID with a `|` in it still
 * reads. Pure: no Apps Script globals.
 */
import { flat } from './flat-text';
import type { RuleId } from './types';

/** A key's parts; `anchor` without its suffix. */
export interface KeyParts {
  /** 顧客ID, or `世帯:<household key>` for a household's letter. */
  owner: string;
  rule: string;
  step: string;
  anchor: string;
  /** What follows the anchor: '' , `#2`, `#手紙`, `#2#手紙`. */
  suffix: string;
}

/** The suffix of the second contact of a step by letter (S6's handwritten letter, a call's last resort). */
export const LETTER_SUFFIX = '#手紙';

/** The owner part of a household letter's key: `世帯:<household key>`. */
export const HOUSEHOLD_PREFIX = '世帯:';

/** The rule part of a copied LINE's key. */
export const COPY_RULE = 'コピー';

/**
 * `顧客ID|rule|step|anchor`, plus `#n` for the n-th attempt of a retried call, and `suffix` (e.g. LETTER_SUFFIX)
 * for a second contact of the same step. Never depends on today.
 */
export function contactKey(
  owner: string,
  rule: RuleId,
  step: string,
  anchor: string,
  attempt = 1,
  suffix = '',
): string {
  // One flat string (flat-text.ts): a template alone would keep a chain of pieces per key (100,000 customers hold
  // many). Joined with + and flattened, which is quicker than a list's join.
  return flat(`${owner}|${rule}|${step}|${attempt > 1 ? `${anchor}#${attempt}${suffix}` : anchor + suffix}`);
}

/** The owner part of a household's key. */
export function householdOwner(householdKey: string): string {
  return `${HOUSEHOLD_PREFIX}${householdKey}`;
}

export function isHouseholdKey(key: string): boolean {
  return key.startsWith(HOUSEHOLD_PREFIX);
}

/** The household key a household letter's key names ('' for any other key). */
export function householdOf(key: string): string {
  if (!isHouseholdKey(key)) return '';
  return parseKey(key)?.owner.slice(HOUSEHOLD_PREFIX.length) ?? '';
}

/**
 * The 連絡履歴 key of a LINE送信 row the owner copied for another customer. Of no rule (the planner neither plans nor
 * closes it), it counts for that customer's LINE caps.
 */
export function copyKey(customerId: string, key: string): string {
  // ASCII /: a key is read back through NFKC, which would turn ／ into / and lose the row it names.
  return [customerId, COPY_RULE, key.replace(/\|/g, '/')].join('|');
}

export function isCopyKey(key: string): boolean {
  return keyRule(key) === COPY_RULE;
}

/** A key's parts, or undefined for '' and for a key that is not a contact's (too few parts, a copied LINE). */
export function parseKey(key: string): KeyParts | undefined {
  const last = key.lastIndexOf('|');
  const second = last > 0 ? key.lastIndexOf('|', last - 1) : -1;
  const third = second > 0 ? key.lastIndexOf('|', second - 1) : -1;
  if (third <= 0) return undefined;
  const rule = key.slice(third + 1, second);
  if (rule === COPY_RULE) return undefined;
  const tail = key.slice(last + 1);
  const hash = tail.indexOf('#');
  return {
    owner: key.slice(0, third),
    rule,
    step: key.slice(second + 1, last),
    anchor: hash < 0 ? tail : tail.slice(0, hash),
    suffix: hash < 0 ? '' : tail.slice(hash),
  };
}

/**
 * The rule of a key (S1 … S11, or コピー for a copied LINE), '' when it has none. Read in place: the planner asks it
 * of every log row.
 */
export function keyRule(key: string): string {
  const last = key.lastIndexOf('|');
  const second = last > 0 ? key.lastIndexOf('|', last - 1) : -1;
  if (second < 0) return '';
  // A copied LINE: `顧客ID|コピー|…` has its rule second from the right.
  if (key.slice(second + 1, last) === COPY_RULE) return COPY_RULE;
  const third = second > 0 ? key.lastIndexOf('|', second - 1) : -1;
  return third < 0 ? '' : key.slice(third + 1, second);
}

/** The 顧客ID (or household owner) a key belongs to; '' when it is not a key. */
export function keyOwner(key: string): string {
  const copy = key.indexOf(`|${COPY_RULE}|`);
  if (copy > 0) return key.slice(0, copy);
  return parseKey(key)?.owner ?? '';
}

/** The anchor of a key, without its suffix; '' when it is not a key. */
export function keyAnchor(key: string): string {
  return parseKey(key)?.anchor ?? '';
}

/** The key up to its suffix: a step's attempts (`key#2`, `key#手紙`) share it. */
export function baseKey(key: string): string {
  const hash = key.indexOf('#', key.lastIndexOf('|') + 1);
  return hash < 0 ? key : key.slice(0, hash);
}

/** The step's own key, or one of its later attempts (`key#2`, `key#手紙`). */
export function isKeyOfStep(recordKey: string, key: string): boolean {
  if (recordKey === key) return true;
  // Compared in place: the planner asks this for every step of every customer.
  return (
    recordKey.length > key.length && recordKey.charCodeAt(key.length) === HASH && recordKey.startsWith(key)
  );
}

const HASH = '#'.charCodeAt(0);

/**
 * Whether a key is of this owner and rule (and, when given, hangs on this anchor). Compared in place, without
 * splitting: the rules ask it of every 連絡履歴 row of every customer.
 */
export function isKeyOf(key: string, owner: string, rule: RuleId, anchor?: string): boolean {
  const ruleAt = owner.length + 1;
  const stepAt = ruleAt + rule.length + 1;
  if (
    key.length <= stepAt ||
    key.charCodeAt(owner.length) !== PIPE ||
    key.charCodeAt(stepAt - 1) !== PIPE ||
    !key.startsWith(owner) ||
    !key.startsWith(rule, ruleAt)
  )
    return false;
  // Exactly `step|anchor` after the rule.
  const last = key.lastIndexOf('|');
  if (last < stepAt || key.indexOf('|', stepAt) !== last) return false;
  if (anchor === undefined) return true;
  const hash = key.indexOf('#', last + 1);
  const end = hash < 0 ? key.length : hash;
  return end - (last + 1) === anchor.length && key.startsWith(anchor, last + 1);
}

const PIPE = '|'.charCodeAt(0);
