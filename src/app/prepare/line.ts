import type { ComposedMessage } from '../../core/compose';
import { isCopyKey } from '../../core/keys';
import type { DueContact } from '../../core/plan';
import { appendToOutbox, type OutboxRow } from '../../channels/line-outbox';
import type { LoadedWorkbook } from '../workbook';
import { messageContent, type Confirmation, type Preparer } from './preparer';

/**
 * LINE: a row on LINE送信, 承認待ち for the owner to approve, or 承認済 when LINE自動送信 is on (the hourly batch
 * sends it). The batch's rows go to LINE送信 in one block at the end.
 */
export class LinePreparer implements Preparer {
  readonly channel = 'LINE' as const;
  private readonly outbox: OutboxRow[] = [];

  constructor(private readonly wb: LoadedWorkbook) {}

  content(_contact: DueContact, message: ComposedMessage): string {
    return messageContent(message);
  }

  prepare(contact: DueContact, message: ComposedMessage): Confirmation {
    const approved = this.wb.settings.lineAutoSend;
    this.outbox.push({
      key: contact.step.key,
      customerId: contact.customer.id,
      name: contact.customer.name,
      lineUserId: contact.customer.lineUserId as string,
      message: message.body,
      approved,
      state: approved ? '承認済' : '承認待ち',
    });
    return { state: approved ? '承認済' : '承認待ち' };
  }

  /**
   * LINE drafts still waiting keep their outbox row even if the owner deleted LINE送信: rows already there are
   * left alone by appendToOutbox.
   */
  finish(): void {
    appendToOutbox(this.wb.ss, [...waitingLine(this.wb), ...this.outbox]);
  }
}

function waitingLine(wb: LoadedWorkbook): OutboxRow[] {
  const customers = new Map(wb.customers.map((c) => [c.id, c]));
  return wb.records.flatMap((r): OutboxRow[] => {
    const lineUserId = customers.get(r.customerId)?.lineUserId;
    if (r.channel !== 'LINE' || !r.key || !lineUserId || (r.state !== '承認待ち' && r.state !== '承認済'))
      return [];
    // A copied LINE's row is LINE送信's own: never put back under its 連絡履歴 key (it would go out again).
    if (isCopyKey(r.key)) return [];
    const approved = r.state === '承認済';
    return [
      {
        key: r.key,
        customerId: r.customerId,
        name: r.name,
        lineUserId,
        message: r.content,
        approved,
        state: r.state,
        restored: true,
      },
    ];
  });
}
