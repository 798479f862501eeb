import type { ComposedMessage } from '../../core/compose';
import { flagsText } from '../../core/flags';
import { addressFor } from '../../core/guard';
import type { DueContact } from '../../core/plan';
import type { Channel } from '../../core/types';
import type { MailDrafts } from '../../channels/gmail';
import { CHANNELS } from '../../labels';
import type { LogEntry } from '../../sheets/log';
import { Budget } from '../budget';
import type { LoadedWorkbook } from '../workbook';
import { CALL_PREPARER } from './call';
import { LETTER_PREPARER } from './letter';
import { LinePreparer } from './line';
import { MailPreparer } from './mail';
import type { Confirmation, Preparer } from './preparer';

/** What a batch prepared: how many per channel, and why emails were left 失敗. */
export interface Prepared {
  prepared: Record<Channel, number>;
  /** Emails left 失敗 (retried by a later run). */
  failed: number;
  /** Gmail's daily quota stopped the batch. */
  gmailLimit: boolean;
  /** The budget ran out: the rest stay 準備中 for the next hourly run. */
  interrupted: boolean;
  /** Why emails were left 失敗 when the run is another editor's ('' else). */
  ownerOnly: string;
}

/**
 * Prepares due contacts, each by its channel's preparer — for the day's run and for the sidebar's 今すぐ準備 (and
 * LINE 承認, 手紙を作成). Intent first (準備中, flushed), then the side effect, then the confirmed state — all in
 * whole blocks. Near Apps Script's time limit the rest stay 準備中 (their intent is on the sheet) for the next
 * hour's run.
 */
export function prepareContacts(
  wb: LoadedWorkbook,
  due: readonly DueContact[],
  messages: Map<DueContact, ComposedMessage>,
  mail: MailDrafts,
  budget: Budget = new Budget(wb.now.getTime()),
  /** Gmail not permitted: emails are left 失敗 with what to grant, and retried by a later run. */
  mailBlocked = false,
): Prepared {
  const mailer = new MailPreparer(wb, mail, mailBlocked);
  const preparers: Record<Channel, Preparer> = {
    メール: mailer,
    LINE: new LinePreparer(wb),
    手紙: LETTER_PREPARER,
    電話: CALL_PREPARER,
  };
  const intents: LogEntry[] = due.map((d) => {
    const message = messages.get(d);
    return {
      at: wb.now,
      customerId: d.customer.id,
      name: d.customer.name,
      scenario: d.step.scenario,
      step: d.step.step,
      channel: d.channel,
      state: '準備中',
      plannedDay: wb.today,
      content: message ? preparers[d.channel].content(d, message) : '',
      key: d.step.key,
      note: d.reason,
      flags: flagsText(d.step, message?.task),
      address: addressFor(d.customer, d.channel),
    };
  });
  const fresh = due.flatMap((d, i) => (d.retryOf === undefined ? [intents[i]] : []));
  const appended = wb.log.append(fresh);
  const indexes = due.map((d) => (d.retryOf === undefined ? (appended.shift() as number) : d.retryOf));
  due.forEach((d, i) => {
    if (d.retryOf !== undefined) wb.log.update(d.retryOf, intents[i]);
  });
  wb.log.flush();
  SpreadsheetApp.flush();

  const { prepared } = nothingPrepared();
  let failed = 0;
  let interrupted = false;
  const confirmations: [number, Confirmation][] = [];
  for (let i = 0; i < due.length; i++) {
    if (budget.over()) {
      interrupted = true;
      break;
    }
    const contact = due[i];
    const confirmed = preparers[contact.channel].prepare(contact, messages.get(contact) as ComposedMessage);
    confirmations.push([indexes[i], confirmed]);
    if (confirmed.state === '失敗') failed++;
    else prepared[contact.channel]++;
  }
  // A preparer may complete its confirmations once the batch is made (the drafts' threads, in one Gmail read): they
  // are staged after, and written together.
  for (const channel of CHANNELS) preparers[channel].finish?.();
  for (const [index, confirmed] of confirmations) wb.log.update(index, confirmed);
  wb.log.flush();
  return { prepared, failed, interrupted, gmailLimit: mailer.gmailLimit, ownerOnly: mailer.ownerOnly };
}

/** A batch that prepared nothing (a preview, or nothing due). */
export function nothingPrepared(): Prepared {
  const prepared = Object.fromEntries(CHANNELS.map((c) => [c, 0])) as Record<Channel, number>;
  return { prepared, failed: 0, gmailLimit: false, interrupted: false, ownerOnly: '' };
}
