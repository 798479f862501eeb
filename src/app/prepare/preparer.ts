import type { ComposedMessage } from '../../core/compose';
import type { DueContact } from '../../core/plan';
import type { Channel } from '../../core/types';
import type { LogEntry } from '../../sheets/log';

/** What a contact's 連絡履歴 row becomes once its channel acted: the confirmed state, or 失敗 with why in 備考. */
export type Confirmation = Partial<LogEntry> & Pick<LogEntry, 'state'>;

/**
 * How one channel prepares a due contact (issue 15 item 4): メール a Gmail draft, LINE a LINE送信 row, 手紙 a letter
 * waiting to be printed on the 手紙 sheet, 電話 a call on 電話リスト. The driver (prepareContacts) writes every
 * contact's intent (準備中) to 連絡履歴 first; a preparer then makes its channel's side effect for one contact and
 * says what the row becomes, which the driver writes after.
 */
export interface Preparer {
  readonly channel: Channel;
  /** 連絡履歴 内容, written with the intent: what goes out, as this channel sends it. */
  content(contact: DueContact, message: ComposedMessage): string;
  /** The side effect for one contact whose intent is on 連絡履歴; 失敗 (with why) when it could not be made. */
  prepare(contact: DueContact, message: ComposedMessage): Confirmation;
  /**
   * Once after the batch, interrupted or not, before the confirmations are written: it may still complete the
   * confirmations its prepare returned (the mail preparer fills in the drafts' threads).
   */
  finish?(): void;
}

/** 内容 of a LINE or a letter: its 件名 (when it has one) above the text. */
export function messageContent(message: ComposedMessage): string {
  return message.subject ? `件名: ${message.subject}\n${message.body}` : message.body;
}
