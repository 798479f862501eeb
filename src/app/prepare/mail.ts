import { errorText } from '../../core/errors';
import type { ComposedMessage } from '../../core/compose';
import { instantOfDay } from '../../core/day';
import type { DueContact } from '../../core/plan';
import type { ContactRecord } from '../../core/types';
import {
  draftLookupKey,
  gmailDailyQuota,
  type DraftRef,
  type MailDrafts,
  type OpenDraft,
  type TrackedDraft,
} from '../../channels/gmail';
import type { LogEntry } from '../../sheets/log';
import { OwnerOnlyError } from '../owner';
import { SCOPE, scopeLabel } from '../scopes';
import type { LoadedWorkbook } from '../workbook';
import type { Confirmation, Preparer } from './preparer';

const GMAIL_PERMISSION_NOTE = `Gmailの許可（「${scopeLabel(SCOPE.gmail)}」）がないため、下書きを作れません。許可すると次の実行で作ります`;
const GMAIL_LIMIT_NOTE = 'Gmailの1日の上限に達したため、次の実行で下書きを作ります';

/**
 * メール: a Gmail draft in the owner's mailbox. Once Gmail says its daily quota is used up, or that this is another
 * editor's run, the remaining emails are left 失敗 without asking again: the next run retries them. Made before the
 * batch's intents are written, so the rows an earlier run left 準備中 or 失敗 are known by their state then.
 */
export class MailPreparer implements Preparer {
  readonly channel = 'メール' as const;
  /** Gmail's daily quota stopped the batch. */
  gmailLimit = false;
  /** Why the emails were left 失敗 when the run is another editor's ('' else). */
  ownerOnly = '';
  /**
   * A row left 準備中 (interrupted) or 失敗 (Gmail threw after making the draft, perhaps) may already have its
   * draft: they are looked up once, only when there are such rows.
   */
  private readonly resumed: Set<number>;
  private drafts: Map<string, DraftRef> | null = null;
  /** Confirmations of drafts made this batch whose thread is asked for at the end (finish). */
  private threadless: Confirmation[] = [];

  constructor(
    private readonly wb: LoadedWorkbook,
    private readonly mail: MailDrafts,
    /** Gmail not permitted: emails are left 失敗 with what to grant, and retried by a later run. */
    private readonly blocked = false,
  ) {
    this.resumed = new Set(
      wb.records.filter((r) => r.state === '準備中' || r.state === '失敗').map((r) => r.index),
    );
  }

  /** An email names its address, so a bounce can be told from a new one (trackedDraft reads both lines back). */
  content(contact: DueContact, message: ComposedMessage): string {
    return `宛先: ${contact.customer.email}\n件名: ${message.subject}\n${message.body}`;
  }

  /**
   * The threads of the drafts made, asked of Gmail once for the batch (MailDrafts.threadsOf): a thread it cannot
   * tell stays blank, and the next run follows the open draft to its thread (followOpenDraft).
   */
  finish(): void {
    if (this.threadless.length === 0 || !this.mail.threadsOf) return;
    try {
      const threads = this.mail.threadsOf(this.threadless.map((c) => c.draftId as string));
      for (const confirmed of this.threadless)
        confirmed.threadId = threads.get(confirmed.draftId as string) ?? '';
    } catch {
      // Gmail failed: the drafts are made and recorded; their threads are followed from the next run.
    }
    this.threadless = [];
  }

  prepare(contact: DueContact, message: ComposedMessage): Confirmation {
    if (this.blocked) return { state: '失敗', note: GMAIL_PERMISSION_NOTE };
    if (this.gmailLimit || this.ownerOnly) return { state: '失敗', note: this.ownerOnly || GMAIL_LIMIT_NOTE };
    try {
      let made: DraftRef | undefined;
      if (contact.retryOf !== undefined && this.resumed.has(contact.retryOf)) {
        this.drafts ??= unclaimedDrafts(this.wb, this.mail);
        const lookup = draftLookupKey(contact.customer.email as string, message.subject);
        made = this.drafts.get(lookup);
        this.drafts.delete(lookup); // one draft answers for one contact
      }
      const ref =
        made ??
        this.mail.create({
          to: contact.customer.email as string,
          subject: message.subject,
          body: message.body,
          htmlBody: message.htmlBody,
          senderName: this.wb.settings.senderName || this.wb.settings.shopName,
        });
      const confirmed: Confirmation = { state: '下書き', draftId: ref.draftId, threadId: ref.threadId };
      if (!ref.threadId) this.threadless.push(confirmed);
      return confirmed;
    } catch (error) {
      // Gmail's daily quota or a passing error: the step stays pending and is retried while its window is open.
      if (error instanceof OwnerOnlyError) {
        // Another editor's run: the owner's next run makes these drafts in the owner's Gmail.
        this.ownerOnly = error.message;
        return { state: '失敗', note: this.ownerOnly };
      }
      // Either of Gmail's daily quotas stops the batch: the next run makes the rest.
      this.gmailLimit = gmailDailyQuota(error) !== null;
      return {
        state: '失敗',
        note: this.gmailLimit
          ? GMAIL_LIMIT_NOTE
          : `Gmailの下書きを作れませんでした（${errorText(error)}）。次の実行でもう一度試します`,
      };
    }
  }
}

/** Drafts in Gmail that no 連絡履歴 row holds yet: the only ones an interrupted contact may take as its own. */
function unclaimedDrafts(wb: LoadedWorkbook, mail: MailDrafts): Map<string, DraftRef> {
  const held = new Set(wb.records.map((r) => r.draftId).filter(Boolean));
  const drafts = mail.existing();
  for (const [lookup, ref] of drafts) if (held.has(ref.draftId)) drafts.delete(lookup);
  return drafts;
}

/**
 * The 件名 line of an email's 内容 (see MailPreparer.content), and the 元の件名 line right after it once the owner
 * changed the subject in Gmail.
 */
const SUBJECT_LINES = /^件名: ([^\n]*)(?:\n元の件名: ([^\n]*))?/m;

/**
 * An open draft as Gmail now has it: when the owner changed its subject (which moves it to a new thread), its row
 * gets the new スレッドID and the new 件名 in 内容, the subject it was made with kept as 元の件名 — only those cells
 * (staged; the caller flushes). So a draft sent later is found in its new thread, or by either subject.
 */
export function followOpenDraft(wb: LoadedWorkbook, record: ContactRecord, now: OpenDraft): void {
  const changes: Partial<LogEntry> = {};
  if (now.threadId && now.threadId !== record.threadId) changes.threadId = now.threadId;
  const content = withSubject(record.content, now.subject);
  if (content !== record.content) changes.content = content;
  if (Object.keys(changes).length === 0) return;
  wb.log.update(record.index, changes);
  Object.assign(record, changes);
}

/** 内容 with the 件名 line saying `subject`, and 元の件名 the subject it was made with when that differs. */
function withSubject(content: string, subject: string): string {
  const current = subject.trim();
  const found = SUBJECT_LINES.exec(content);
  if (!current || !found || found[1].trim() === current) return content;
  const original = (found[2] ?? found[1]).trim();
  const lines = original === current ? `件名: ${current}` : `件名: ${current}\n元の件名: ${original}`;
  return content.replace(SUBJECT_LINES, () => lines);
}

/**
 * A 下書き row as Gmail can be asked about it: its ids, and the recipient and subjects its 内容 recorded (see
 * MailPreparer.content and followOpenDraft) with the day it was prepared, to find its sent mail when its thread is
 * gone.
 */
export function trackedDraft(record: ContactRecord, timeZone: string): TrackedDraft {
  const to = /^宛先: (.*)$/m.exec(record.content)?.[1]?.trim() ?? '';
  const subjects = SUBJECT_LINES.exec(record.content);
  return {
    draftId: record.draftId,
    threadId: record.threadId,
    to,
    subjects: subjects ? [subjects[1], subjects[2] ?? ''].map((s) => s.trim()).filter(Boolean) : [],
    since: record.at === undefined ? new Date(0) : instantOfDay(record.at, timeZone),
  };
}

/**
 * 備考 of a row whose draft is being sent, written before GmailDraft.send() (intent before side effect). Sending a
 * draft removes it from the drafts, so a row left with this mark after a crash is settled by what Gmail shows: the
 * draft gone and the message in its thread → 送信済 (as any run records a draft the owner sent); the draft still
 * there → it was not sent, and may be sent again. Never twice: a draft that is gone cannot be sent. The next run
 * takes the mark off (withoutSendingMark) once Gmail has said what became of the draft.
 */
export const SENDING_MARK = '【サイドバーから送信を開始】';

/** 備考 without SENDING_MARK, or undefined when it has none. */
export function withoutSendingMark(note: string): string | undefined {
  return note.startsWith(SENDING_MARK) ? note.slice(SENDING_MARK.length) : undefined;
}
