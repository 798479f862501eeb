/**
 * Example customers (followup-rules.md 2): the rows the template ships with to show how 顧客 is filled. One is an
 * example only when BOTH its 顧客ID starts with 「例」 AND its 配信停止 reads すべて (every channel, readably): such a
 * row is never planned or contacted, never reported in 要確認, and counted apart. A 顧客ID starting with 「例」 with
 * any other 配信停止 is an ordinary customer (an owner may well number a real one 例…); nothing is guessed.
 */
import { CHANNELS } from '../labels';
import { normalizeText, parseChannelList } from './parse';
import type { Customer } from './types';

export const EXAMPLE_ID_PREFIX = '例';

/** What 理由 says on an example customer's row. */
export const EXAMPLE_REASON = '例のお客様です（顧客IDが「例」で始まり、配信停止が「すべて」）。連絡しません';

export function isExampleCustomer(customer: Pick<Customer, 'id' | 'optOut' | 'optOutUnreadable'>): boolean {
  // 配信停止 first: most customers have none, and then their 顧客ID is not normalised (every customer, every run).
  if (customer.optOut.size < CHANNELS.length || !CHANNELS.every((channel) => customer.optOut.has(channel)))
    return false;
  // An opt-out Tsunagu could not fully read blocks every channel for safety, but is not the owner's すべて.
  if (customer.optOutUnreadable) return false;
  return normalizeText(customer.id).startsWith(EXAMPLE_ID_PREFIX);
}

/** The same test on a 顧客 row's raw cells, for code that has not read the row as a Customer (the 初期設定 wizard). */
export function isExampleRow(id: unknown, optOut: unknown): boolean {
  const parsed = parseChannelList(optOut);
  if (parsed === null || !parsed.ok) return false;
  return isExampleCustomer({ id: normalizeText(id), optOut: parsed.value });
}

/** How many of the customers are examples. */
export function countExamples(customers: readonly Customer[]): number {
  let n = 0;
  for (let i = 0; i < customers.length; i++) if (isExampleCustomer(customers[i])) n++;
  return n;
}

/** The one line the run summary, the sidebar and 集計 say about them ('' when there are none). */
export function examplesLine(count: number): string {
  return count > 0
    ? `例のお客様 ${count}人（顧客IDが「例」で始まる見本の行です。連絡はしません。不要になったら顧客シートの行を削除してください）`
    : '';
}
