import { instantOfDay } from '../../core/day';
import { rebuildPhoneList, type UnreadResult } from '../../channels/phone-list';
import { stepLabel } from '../../labels';
import type { LoadedWorkbook } from '../workbook';
import type { Preparer } from './preparer';

/**
 * 電話: a call planned (予定) on 電話リスト, rebuilt from every planned call afterwards (rebuildCalls). A call's
 * purpose heads its talking points as 【目的】 already: no 件名 (an email's word) above them.
 */
export const CALL_PREPARER: Preparer = {
  channel: '電話',
  content: (_contact, message) => message.body,
  prepare: () => ({ state: '予定' }),
};

/** 電話リスト shows every call planned for today or before that is not done yet. */
export function rebuildCalls(wb: LoadedWorkbook, unread?: readonly UnreadResult[]): void {
  const customers = new Map(wb.customers.map((c) => [c.id, c]));
  const calls = wb.log
    .records()
    .filter((r) => r.channel === '電話' && r.state === '予定' && (r.plannedDay ?? wb.today) <= wb.today);
  rebuildPhoneList(
    wb.ss,
    calls.map((r) => ({
      plannedDay: instantOfDay(r.plannedDay ?? wb.today, wb.timeZone),
      customerId: r.customerId,
      name: r.name,
      phone: customers.get(r.customerId)?.phone ?? '',
      title: stepLabel(r.scenario, r.step),
      reason: r.note,
      talkingPoints: r.content,
      key: r.key,
    })),
    unread,
  );
}
