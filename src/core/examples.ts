/**
 * Example customers (followup-rules.md section 2; the template's first rows): a 顧客ID starting with 「例」 and
 * 配信停止 すべて. They are never contacted (配信停止 すべて sees to that) and the 初期設定 wizard offers to delete
 * them. Both conditions are needed: an owner's own id that happens to start with 「例」 is never taken for one. Pure.
 */
import { normalizeText, parseChannelList } from './parse';
import { CHANNELS } from '../labels';

export const EXAMPLE_ID_MARK = '例';

/** Whether a 顧客 row is an example customer: its 顧客ID starts with 例 and its 配信停止 reads as every channel. */
export function isExampleCustomer(id: unknown, optOut: unknown): boolean {
  if (!normalizeText(id).startsWith(EXAMPLE_ID_MARK)) return false;
  const parsed = parseChannelList(optOut);
  return parsed !== null && parsed.ok && CHANNELS.every((c) => parsed.value.has(c));
}
