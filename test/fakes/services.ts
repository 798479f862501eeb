import { createHash, randomUUID } from 'node:crypto';
import { format as formatLine } from 'node:util';
import { Counted, type FakeEnv, enumObject, enumValue, isDate, timeOf } from './calls';
import { instantOf, wallTimeOf } from './clock';
import { urlAllowed } from './manifest';
import { type DescribesHtml, FakeSpreadsheet } from './spreadsheet';

type Byte = number;

// ---------------------------------------------------------------------------------------------------------
// GmailApp

type GasGmailApp = GoogleAppsScript.Gmail.GmailApp;
type GasDraft = GoogleAppsScript.Gmail.GmailDraft;
type GasMessage = GoogleAppsScript.Gmail.GmailMessage;
type GasThread = GoogleAppsScript.Gmail.GmailThread;
type GasMailOptions = GoogleAppsScript.Gmail.GmailAdvancedOptions;

const GMAIL = 'GmailApp';

/** One Gmail message as plain data; dates are ISO strings so state files stay JSON. */
export interface GmailMessageRecord {
  id: string;
  threadId: string;
  from: string;
  /** The To header as Gmail keeps it: `address`, `Name <address>`, or several of these separated by commas. */
  to: string;
  cc?: string;
  bcc?: string;
  replyTo?: string;
  name?: string;
  subject: string;
  plainBody: string;
  htmlBody?: string;
  date: string;
  /** In the Trash: the owner deleted its conversation. It stays until the Trash is emptied. */
  trashed?: boolean;
}

export interface GmailDraftRecord {
  id: string;
  message: GmailMessageRecord;
}

export interface GmailState {
  drafts: GmailDraftRecord[];
  /** What the owner sent. */
  sent: GmailMessageRecord[];
  /** What others sent to the owner (a customer's reply); absent in state files written before it existed. */
  received?: GmailMessageRecord[];
  /** Next number for generated ids, so ids stay unique across chained runs. */
  nextId: number;
}

/** What the owner changes when editing a draft in Gmail. */
export interface DraftChanges {
  to?: string;
  subject?: string;
  body?: string;
  htmlBody?: string;
}

const gasDraft = (draft: FakeGmailDraft): GasDraft => draft as unknown as GasDraft;
const gasMessage = (message: FakeGmailMessage): GasMessage => message as unknown as GasMessage;
const gasThread = (thread: FakeGmailThread): GasThread => thread as unknown as GasThread;

/** The addresses in a header such as `山田 花子 <hanako@example.com>, b@example.jp`, lower-cased. */
export function addressesOf(header: string): string[] {
  return splitRecipients(header).map((part) => {
    const angle = /<([^<>]*)>\s*$/.exec(part);
    return (angle ? angle[1] : part).trim().toLowerCase();
  });
}

/** Splits a recipient header at commas that are not inside a quoted display name. */
function splitRecipients(header: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of String(header)) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.map((p) => p.trim()).filter(Boolean);
}

/** The display name of the first recipient of a header, or '' when it is a bare address. */
function displayNameOf(header: string): string {
  const first = splitRecipients(header)[0] ?? '';
  const angle = /^(.*)<[^<>]*>\s*$/.exec(first);
  return angle ? angle[1].trim().replace(/^"(.*)"$/, '$1') : '';
}

/** One term of a Gmail search query, as the fake understands it. */
type SearchTerm =
  | { kind: 'in'; where: 'sent' | 'drafts' | 'inbox' | 'trash' | 'anywhere' }
  | { kind: 'to' | 'from'; value: string }
  | { kind: 'subject' | 'text'; value: string }
  | { kind: 'after' | 'before'; at: number };

/** A message as search sees it: where it lives, not only what it says. */
interface Searchable {
  record: GmailMessageRecord;
  box: 'sent' | 'drafts' | 'inbox';
}

export class FakeGmailApp
  extends Counted
  implements
    Pick<
      GasGmailApp,
      | 'createDraft'
      | 'getDrafts'
      | 'getDraft'
      | 'getDraftMessages'
      | 'getMessagesForThreads'
      | 'getThreadById'
      | 'getMessageById'
      | 'search'
      | 'sendEmail'
      | 'getAliases'
    >
{
  private drafts: GmailDraftRecord[] = [];
  private sent: GmailMessageRecord[] = [];
  private received: GmailMessageRecord[] = [];
  private nextId = 1;
  /** createDraft + sendEmail calls so far, against dailyQuota. */
  used = 0;
  /** Mailbox reads so far (getDrafts, getThreadById, search …), against dailyReadQuota. */
  reads = 0;
  /**
   * Reads allowed before Apps Script's daily-quota error; unlimited when undefined. The quotas page counts
   * "Email read/write (excluding send)" per day and names the exceeded service in the exception
   * (https://developers.google.com/apps-script/guides/services/quotas).
   */
  dailyReadQuota?: number;
  /**
   * Recipients this account may send to per day: "Email recipients per day" is 100 for a consumer account (1,500
   * for Google Workspace), "per user and reset 24 hours after the first request"; past it "your script throws an
   * exception", Service invoked too many times for one day: email.
   * (https://developers.google.com/apps-script/guides/services/quotas). The consumer figure: the stricter one.
   */
  dailyRecipientQuota = 100;
  /** Recipients sent to since recipientsSince (the first send of the current 24 hours). */
  recipientsUsed = 0;
  private recipientsSince?: number;

  constructor(
    env: FakeEnv,
    private readonly userEmail: string,
    /** createDraft/sendEmail calls allowed before Apps Script's daily-quota error; unlimited when undefined. */
    public dailyQuota?: number,
  ) {
    super(env, GMAIL, '');
  }

  private read(method: string): void {
    this.count(method);
    this.reads++;
    if (this.dailyReadQuota !== undefined && this.reads > this.dailyReadQuota) {
      throw this.fail('Service invoked too many times for one day: gmail.');
    }
  }

  private fail(message: string): Error {
    return this.env.realm.error(message);
  }

  /** Hex ids like Gmail's, derived from the clock so they sort by time, unique through nextId. */
  private newId(): string {
    const id = (BigInt(this.env.clock.now) * 1_000_000n + BigInt(this.nextId++)).toString(16);
    return id.padStart(16, '0');
  }

  private spendQuota(): void {
    this.used++;
    if (this.dailyQuota !== undefined && this.used > this.dailyQuota) {
      throw this.fail('Service invoked too many times for one day: gmail.');
    }
  }

  /**
   * Counts a send's recipients (To, Cc and Bcc) against the daily recipient quota, before anything is sent: a send
   * that would pass it throws and sends nothing.
   */
  spendRecipients(...headers: (string | undefined)[]): void {
    const now = this.env.clock.now;
    if (this.recipientsSince === undefined || now - this.recipientsSince >= 24 * 60 * 60 * 1000) {
      this.recipientsSince = now;
      this.recipientsUsed = 0;
    }
    const count = headers.reduce((n, h) => n + (h ? addressesOf(h).length : 0), 0);
    if (this.recipientsUsed + count > this.dailyRecipientQuota)
      throw this.fail('Service invoked too many times for one day: email.');
    this.recipientsUsed += count;
  }

  private checkRecipients(recipients: string): void {
    for (const address of String(recipients).split(',')) {
      if (!/^[^@\s]+@[^@\s]+$/.test(address.trim().replace(/^.*<(.*)>$/, '$1'))) {
        throw this.fail(`Invalid email: ${address.trim()}`);
      }
    }
  }

  private message(
    to: string,
    subject: string,
    body: string,
    options: GasMailOptions = {},
    threadId?: string,
  ) {
    const id = this.newId();
    const record: GmailMessageRecord = {
      id,
      threadId: threadId ?? id,
      from: options.from ?? this.userEmail,
      to: String(to),
      subject: String(subject),
      plainBody: String(body),
      date: new Date(this.env.clock.now).toISOString(),
    };
    const extras = {
      cc: options.cc,
      bcc: options.bcc,
      replyTo: options.replyTo,
      name: options.name,
      htmlBody: options.htmlBody,
    };
    for (const [k, v] of Object.entries(extras))
      if (v !== undefined) Object.assign(record, { [k]: String(v) });
    return record;
  }

  private allMessages(): GmailMessageRecord[] {
    return [...this.sent, ...this.received, ...this.drafts.map((d) => d.message)];
  }

  // --- state and test hooks (uncounted)

  exportState(): GmailState {
    return structuredClone({
      drafts: this.drafts,
      sent: this.sent,
      received: this.received,
      nextId: this.nextId,
    });
  }

  restoreState(state: GmailState): void {
    this.drafts = structuredClone(state.drafts);
    this.sent = structuredClone(state.sent);
    this.received = structuredClone(state.received ?? []);
    this.nextId = Math.max(state.nextId, this.nextId);
  }

  draftRecords(): GmailDraftRecord[] {
    return structuredClone(this.drafts);
  }

  sentRecords(): GmailMessageRecord[] {
    return structuredClone(this.sent);
  }

  receivedRecords(): GmailMessageRecord[] {
    return structuredClone(this.received);
  }

  /**
   * The owner sends the draft from Gmail: it leaves the drafts, keeps its thread and gets a new message id. Gmail's
   * own sending does not count against Apps Script's recipient quota (that is the script's).
   */
  ownerSendsDraft(draftId: string): GmailMessageRecord {
    return structuredClone(this.sendDraft(draftId));
  }

  /** The owner discards the draft in Gmail. */
  ownerDeletesDraft(draftId: string): void {
    this.deleteDraft(draftId);
  }

  /**
   * The owner edits the draft in Gmail. "The message contained within the draft cannot be edited once created,
   * but it can be replaced … the draft resource is simply a container that provides a stable ID because the
   * underlying message IDs change every time the message is replaced"
   * (https://developers.google.com/gmail/api/guides/drafts): same draft id, a new message id. The draft stays in
   * its thread unless the subject changes: a message belongs to a thread only while "the Subject headers
   * match" (https://developers.google.com/gmail/api/guides/threads), so a new subject starts a new thread.
   */
  ownerEditsDraft(draftId: string, changes: DraftChanges): GmailDraftRecord {
    const draft = this.draftRecord(draftId);
    const old = draft.message;
    const id = this.newId();
    const subject = changes.subject ?? old.subject;
    draft.message = {
      ...old,
      id,
      threadId: subject === old.subject ? old.threadId : id,
      to: changes.to ?? old.to,
      subject,
      plainBody: changes.body ?? old.plainBody,
      date: new Date(this.env.clock.now).toISOString(),
    };
    if (changes.htmlBody !== undefined) draft.message.htmlBody = changes.htmlBody;
    else if (changes.body !== undefined) delete draft.message.htmlBody;
    return structuredClone(draft);
  }

  /**
   * The customer answers the owner's mail: Gmail files a reply in the conversation it answers ("Re:" and the
   * same subject, https://developers.google.com/gmail/api/guides/threads). It comes from the customer's
   * address (the first recipient of the owner's first message in the thread, with its display name) to the owner.
   */
  customerReplies(threadId: string, body: string, at?: Date | string | number): GmailMessageRecord {
    const first = this.sent.find((m) => m.threadId === threadId && !m.trashed);
    if (!first) throw new Error(`customerReplies: no sent message in thread ${threadId}`);
    const address = addressesOf(first.to)[0];
    const name = displayNameOf(first.to);
    const record: GmailMessageRecord = {
      id: this.newId(),
      threadId,
      from: address,
      to: this.userEmail,
      subject: /^re:/i.test(first.subject) ? first.subject : `Re: ${first.subject}`,
      plainBody: String(body),
      date: new Date(at === undefined ? this.env.clock.now : new Date(at).getTime()).toISOString(),
      ...(name ? { name } : {}),
    };
    this.received.push(record);
    return structuredClone(record);
  }

  /**
   * The owner deletes a conversation in Gmail: its messages move to the Trash and are deleted forever only when
   * the Trash is emptied (https://support.google.com/mail/answer/7401). A draft in it stays a draft.
   */
  ownerDeletesThread(threadId: string): void {
    const messages = [...this.sent, ...this.received].filter((m) => m.threadId === threadId);
    if (messages.length === 0) throw new Error(`ownerDeletesThread: no thread ${threadId}`);
    for (const m of messages) m.trashed = true;
  }

  /** The Trash is emptied (by the owner, or 30 days later): its messages are gone for good. */
  ownerEmptiesTrash(): void {
    this.sent = this.sent.filter((m) => !m.trashed);
    this.received = this.received.filter((m) => !m.trashed);
  }

  // --- used by the draft, message and thread fakes

  draftRecord(draftId: string): GmailDraftRecord {
    const draft = this.drafts.find((d) => d.id === draftId);
    if (!draft) throw this.fail('Invalid argument: draftId');
    return draft;
  }

  /**
   * A draft sent (by the owner in Gmail, or GmailDraft.send()): it leaves the drafts and a new message with "an
   * updated ID" and the SENT label takes its place in its thread (https://developers.google.com/gmail/api/guides/drafts),
   * as the draft now is (edited or not). A draft already sent or deleted is gone: "Invalid argument: draftId".
   */
  sendDraft(draftId: string): GmailMessageRecord {
    const draft = this.draftRecord(draftId);
    const sent = { ...draft.message, id: this.newId(), date: new Date(this.env.clock.now).toISOString() };
    this.drafts = this.drafts.filter((d) => d !== draft);
    this.sent.push(sent);
    return sent;
  }

  deleteDraft(draftId: string): void {
    this.draftRecord(draftId);
    this.drafts = this.drafts.filter((d) => d.id !== draftId);
  }

  isDraftMessage(messageId: string): boolean {
    return this.drafts.some((d) => d.message.id === messageId);
  }

  threadMessages(threadId: string): GmailMessageRecord[] {
    return this.allMessages()
      .filter((m) => m.threadId === threadId)
      .sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id));
  }

  wrapMessage(record: GmailMessageRecord): GasMessage {
    return gasMessage(new FakeGmailMessage(this.env, this, record));
  }

  wrapThread(threadId: string): GasThread {
    return gasThread(new FakeGmailThread(this.env, this, threadId));
  }

  // --- Apps Script API

  createDraft(recipient: string, subject: string, body: string, options?: GasMailOptions): GasDraft {
    this.count('createDraft');
    this.checkRecipients(recipient);
    this.spendQuota();
    const draft = { id: `r${this.newId()}`, message: this.message(recipient, subject, body, options) };
    this.drafts.push(draft);
    return gasDraft(new FakeGmailDraft(this.env, this, draft.id));
  }

  getDrafts(): GasDraft[] {
    this.read('getDrafts');
    return this.drafts.map((d) => gasDraft(new FakeGmailDraft(this.env, this, d.id)));
  }

  getDraft(draftId: string): GasDraft {
    this.read('getDraft');
    this.draftRecord(draftId);
    return gasDraft(new FakeGmailDraft(this.env, this, draftId));
  }

  getDraftMessages(): GasMessage[] {
    this.read('getDraftMessages');
    return this.drafts.map((d) => this.wrapMessage(d.message));
  }

  /**
   * "Retrieve all messages in the specified threads": one list per thread, in the order given
   * (https://developers.google.com/apps-script/reference/gmail/gmail-app#getMessagesForThreads(GmailThread)), in
   * one mailbox read; each list as GmailThread.getMessages() gives it.
   */
  getMessagesForThreads(threads: GasThread[]): GasMessage[][] {
    this.read('getMessagesForThreads');
    return threads.map((thread) => this.threadMessages(thread.getId()).map((m) => this.wrapMessage(m)));
  }

  /**
   * "the thread with the given ID or null if not found"
   * (https://developers.google.com/apps-script/reference/gmail/gmail-app#getThreadById(String)); the declared
   * type omits the null. A thread in the Trash is still found (GmailThread.isInTrash tells).
   */
  getThreadById(id: string): GasThread {
    this.read('getThreadById');
    return (this.threadMessages(id).length ? this.wrapThread(id) : null) as GasThread;
  }

  /** Null when there is no such message, e.g. the id of a draft that has since been sent or discarded. */
  getMessageById(id: string): GasMessage {
    this.read('getMessageById');
    const record = this.allMessages().find((m) => m.id === id);
    return (record ? this.wrapMessage(record) : null) as GasMessage;
  }

  /**
   * "Search Gmail with the given query … the search query, as you would type it into Gmail", start and max
   * paging the threads (https://developers.google.com/apps-script/reference/gmail/gmail-app#search(String,Integer,Integer)).
   * A thread matches when one of its messages matches every term, and Spam and Trash are left out unless the
   * query asks for them (https://developers.google.com/gmail/api/guides/filtering). The operators are those of
   * https://support.google.com/mail/answer/7190 that Tsunagu uses: in:sent/drafts/inbox/trash/anywhere, to:,
   * from: (from:me), subject:word or subject:"phrase", after:/before: as YYYY/MM/DD — "interpreted as midnight
   * on that date in the PST timezone" — or as seconds since the epoch (filtering guide), and plain words or
   * "phrases". Any other operator throws, so a query the fake does not understand never passes silently.
   */
  search(query: string, start = 0, max = Number.MAX_SAFE_INTEGER): GasThread[] {
    this.read('search');
    const terms = this.parseQuery(String(query));
    const where = terms.find((t) => t.kind === 'in')?.where;
    const candidates: Searchable[] = [
      ...this.sent.map((record) => ({ record, box: 'sent' as const })),
      ...this.received.map((record) => ({ record, box: 'inbox' as const })),
      ...this.drafts.map((d) => ({ record: d.message, box: 'drafts' as const })),
    ].filter(({ record }) =>
      where === 'trash' ? record.trashed : where === 'anywhere' ? true : !record.trashed,
    );
    const latest = new Map<string, string>();
    for (const candidate of candidates) {
      if (!terms.every((term) => this.matches(candidate, term))) continue;
      const { threadId, date } = candidate.record;
      if ((latest.get(threadId) ?? '') < date) latest.set(threadId, date);
    }
    // Newest conversation first, as Gmail lists them.
    return [...latest.entries()]
      .sort((a, b) => b[1].localeCompare(a[1]))
      .slice(start, start + max)
      .map(([threadId]) => this.wrapThread(threadId));
  }

  private parseQuery(query: string): SearchTerm[] {
    const tokens = query.match(/(?:[^\s"]+:)?"[^"]*"|\S+/g) ?? [];
    const unquote = (value: string) => value.replace(/^"(.*)"$/, '$1');
    return tokens.map((token): SearchTerm => {
      const colon = /^([a-z_]+):(.*)$/i.exec(token);
      if (!colon) return { kind: 'text', value: unquote(token) };
      const [, operator, raw] = colon;
      const value = unquote(raw);
      switch (operator.toLowerCase()) {
        case 'in': {
          const box = value.toLowerCase().replace(/^draft$/, 'drafts');
          if (['sent', 'drafts', 'inbox', 'trash', 'anywhere'].includes(box))
            return { kind: 'in', where: box as 'sent' };
          break;
        }
        case 'to':
        case 'from':
          return { kind: operator.toLowerCase() as 'to', value: value.toLowerCase() };
        case 'subject':
          return { kind: 'subject', value };
        case 'after':
        case 'before': {
          const at = this.searchDate(value);
          if (at !== undefined) return { kind: operator.toLowerCase() as 'after', at };
          break;
        }
      }
      throw new Error(`FakeGmailApp.search does not model the term ${token}`);
    });
  }

  /** YYYY/MM/DD at midnight in PST (America/Los_Angeles), or seconds since the epoch. */
  private searchDate(value: string): number | undefined {
    if (/^\d{9,}$/.test(value)) return Number(value) * 1000;
    const ymd = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(value);
    if (!ymd) return undefined;
    return instantOf('America/Los_Angeles', Number(ymd[1]), Number(ymd[2]), Number(ymd[3]), 0, 0);
  }

  private matches({ record, box }: Searchable, term: SearchTerm): boolean {
    const fold = (text: string) => text.toLowerCase().replace(/\s+/g, ' ');
    switch (term.kind) {
      case 'in':
        return term.where === 'trash' || term.where === 'anywhere' || term.where === box;
      case 'to':
        return this.addressMatches(record.to, term.value);
      case 'from':
        return term.value === 'me'
          ? box !== 'inbox'
          : this.addressMatches(record.name ? `${record.name} <${record.from}>` : record.from, term.value);
      case 'subject':
        return fold(record.subject).includes(fold(term.value));
      case 'text':
        return fold(`${record.subject} ${record.plainBody}`).includes(fold(term.value));
      case 'after':
        return Date.parse(record.date) >= term.at;
      case 'before':
        return Date.parse(record.date) < term.at;
    }
  }

  /** to:/from: take a whole address, or a word of a name or address (to:hanako, to:example.com). */
  private addressMatches(header: string, value: string): boolean {
    if (value === 'me') return addressesOf(header).includes(this.userEmail.toLowerCase());
    if (value.includes('@')) return addressesOf(header).includes(value);
    return (
      header
        .toLowerCase()
        .split(/[\s<>@.,"]+/)
        .includes(value) || addressesOf(header).some((a) => a.endsWith(`@${value}`))
    );
  }

  /**
   * "Sends an email message with optional arguments. Email can contain plain text or an HTML body"; options.htmlBody:
   * "if set, devices capable of rendering HTML will use it instead of the required body argument"
   * (https://developers.google.com/apps-script/reference/gmail/gmail-app#sendEmail(String,String,String,Object)).
   * Both are kept: GmailMessage.getBody gives the HTML, getPlainBody the body argument.
   */
  sendEmail(recipient: string, subject: string, body: string, options?: GasMailOptions): GasGmailApp {
    this.count('sendEmail');
    this.checkRecipients(recipient);
    this.spendQuota();
    this.spendRecipients(String(recipient), options?.cc, options?.bcc);
    this.sent.push(this.message(recipient, subject, body, options));
    return this as unknown as GasGmailApp;
  }

  getAliases(): string[] {
    this.count('getAliases');
    return [];
  }
}

export class FakeGmailDraft
  extends Counted
  implements Pick<GasDraft, 'getId' | 'getMessage' | 'getMessageId' | 'deleteDraft' | 'send'>
{
  /**
   * The id of the draft's message when this object was fetched. Gmail lists a draft as its id with its message's
   * id (https://developers.google.com/gmail/api/reference/rest/v1/users.drafts/list); Apps Script does not say
   * whether getMessageId asks again, so the fake keeps the id it was listed with: the stricter reading, under
   * which a draft edited since it was listed has a message id that no longer exists. It asks nothing, so it never
   * throws: a draft gone since fails at getMessage().
   */
  private readonly listedMessageId: string;

  constructor(
    env: FakeEnv,
    private readonly gmail: FakeGmailApp,
    private readonly id: string,
  ) {
    super(env, GMAIL, 'GmailDraft.');
    this.listedMessageId = gmail.draftRecord(id).message.id;
  }

  getId(): string {
    this.count('getId');
    return this.id;
  }

  /** The draft's current message: after the owner edits it, a message with a new id (see ownerEditsDraft). */
  getMessage(): GasMessage {
    this.count('getMessage');
    return this.gmail.wrapMessage(this.gmail.draftRecord(this.id).message);
  }

  getMessageId(): string {
    this.count('getMessageId');
    return this.listedMessageId;
  }

  deleteDraft(): void {
    this.count('deleteDraft');
    this.gmail.deleteDraft(this.id);
  }

  /**
   * "Sends this draft email message" and returns the GmailMessage sent
   * (https://developers.google.com/apps-script/reference/gmail/gmail-draft#send()). The draft is then gone: like
   * getMessage() after deleteDraft() ("Throws exception", same page), a second send() throws. The recipients count
   * against the daily quota (see FakeGmailApp.dailyRecipientQuota); past it, it throws and sends nothing.
   */
  send(): GasMessage {
    this.count('send');
    const { message } = this.gmail.draftRecord(this.id);
    this.gmail.spendRecipients(message.to, message.cc, message.bcc);
    return this.gmail.wrapMessage(this.gmail.sendDraft(this.id));
  }
}

export class FakeGmailMessage
  extends Counted
  implements
    Pick<
      GasMessage,
      | 'getId'
      | 'getThread'
      | 'getSubject'
      | 'getPlainBody'
      | 'getBody'
      | 'getTo'
      | 'getCc'
      | 'getBcc'
      | 'getFrom'
      | 'getReplyTo'
      | 'getDate'
      | 'isDraft'
      | 'isInTrash'
    >
{
  constructor(
    env: FakeEnv,
    private readonly gmail: FakeGmailApp,
    private readonly record: GmailMessageRecord,
  ) {
    super(env, GMAIL, 'GmailMessage.');
  }

  getId(): string {
    this.count('getId');
    return this.record.id;
  }

  getThread(): GasThread {
    this.count('getThread');
    return this.gmail.wrapThread(this.record.threadId);
  }

  getSubject(): string {
    this.count('getSubject');
    return this.record.subject;
  }

  getPlainBody(): string {
    this.count('getPlainBody');
    return this.record.plainBody;
  }

  getBody(): string {
    this.count('getBody');
    return this.record.htmlBody ?? this.record.plainBody;
  }

  /**
   * "Gets the comma-separated recipients of the message"
   * (https://developers.google.com/apps-script/reference/gmail/gmail-message#getTo()): the header as written,
   * so `山田 花子 <hanako@example.com>` when the owner picked the contact in Gmail.
   */
  getTo(): string {
    this.count('getTo');
    return this.record.to;
  }

  getCc(): string {
    this.count('getCc');
    return this.record.cc ?? '';
  }

  getBcc(): string {
    this.count('getBcc');
    return this.record.bcc ?? '';
  }

  /** "Gets the sender of this message" (gmail-message#getFrom()): `Name <address>` when it has a name. */
  getFrom(): string {
    this.count('getFrom');
    return this.record.name ? `${this.record.name} <${this.record.from}>` : this.record.from;
  }

  getReplyTo(): string {
    this.count('getReplyTo');
    return this.record.replyTo ?? '';
  }

  getDate(): Date {
    this.count('getDate');
    return this.env.realm.date(Date.parse(this.record.date));
  }

  isDraft(): boolean {
    this.count('isDraft');
    return this.gmail.isDraftMessage(this.record.id);
  }

  isInTrash(): boolean {
    this.count('isInTrash');
    return Boolean(this.record.trashed);
  }
}

export class FakeGmailThread
  extends Counted
  implements
    Pick<
      GasThread,
      | 'getId'
      | 'getMessages'
      | 'getMessageCount'
      | 'getFirstMessageSubject'
      | 'getLastMessageDate'
      | 'isInTrash'
    >
{
  constructor(
    env: FakeEnv,
    private readonly gmail: FakeGmailApp,
    private readonly id: string,
  ) {
    super(env, GMAIL, 'GmailThread.');
  }

  getId(): string {
    this.count('getId');
    return this.id;
  }

  /** Every message of the conversation, oldest first: the owner's, a customer's reply, an open draft. */
  getMessages(): GasMessage[] {
    this.count('getMessages');
    return this.gmail.threadMessages(this.id).map((m) => this.gmail.wrapMessage(m));
  }

  getMessageCount(): number {
    this.count('getMessageCount');
    return this.gmail.threadMessages(this.id).length;
  }

  getFirstMessageSubject(): string {
    this.count('getFirstMessageSubject');
    return this.gmail.threadMessages(this.id)[0]?.subject ?? '';
  }

  getLastMessageDate(): Date {
    this.count('getLastMessageDate');
    const messages = this.gmail.threadMessages(this.id);
    return this.env.realm.date(Date.parse(messages[messages.length - 1]?.date ?? ''));
  }

  isInTrash(): boolean {
    this.count('isInTrash');
    const messages = this.gmail.threadMessages(this.id);
    return messages.length > 0 && messages.every((m) => m.trashed || this.gmail.isDraftMessage(m.id));
  }
}

// ---------------------------------------------------------------------------------------------------------
// UrlFetchApp

type GasUrlFetchApp = GoogleAppsScript.URL_Fetch.UrlFetchApp;
type GasHttpResponse = GoogleAppsScript.URL_Fetch.HTTPResponse;
type GasFetchOptions = GoogleAppsScript.URL_Fetch.URLFetchRequestOptions;
type GasFetchRequest = GoogleAppsScript.URL_Fetch.URLFetchRequest;
type GasBlob = GoogleAppsScript.Base.Blob;

const URL_FETCH = 'UrlFetchApp';

export interface FetchRequest {
  url: string;
  /** Upper case: GET, POST, ... */
  method: string;
  headers: Record<string, string>;
  contentType?: string;
  /** The body as sent: strings as is, objects form-encoded, blobs as their text. */
  payload?: string;
}

export interface FetchResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export type FetchHandler = (request: FetchRequest) => FetchResponse;

export class FakeHttpResponse
  extends Counted
  implements
    Pick<
      GasHttpResponse,
      'getResponseCode' | 'getContentText' | 'getHeaders' | 'getAllHeaders' | 'getContent' | 'getBlob'
    >
{
  constructor(
    env: FakeEnv,
    private readonly response: FetchResponse,
  ) {
    super(env, URL_FETCH, 'HTTPResponse.');
  }

  getResponseCode(): number {
    this.count('getResponseCode');
    return this.response.status;
  }

  getContentText(): string {
    this.count('getContentText');
    return this.response.body ?? '';
  }

  getHeaders(): Record<string, string> {
    this.count('getHeaders');
    return { ...this.response.headers };
  }

  getAllHeaders(): Record<string, string> {
    this.count('getAllHeaders');
    return { ...this.response.headers };
  }

  getContent(): Byte[] {
    this.count('getContent');
    return signedBytes(Buffer.from(this.response.body ?? '', 'utf8'));
  }

  getBlob(): GasBlob {
    this.count('getBlob');
    const type = Object.entries(this.response.headers ?? {}).find(
      ([k]) => k.toLowerCase() === 'content-type',
    )?.[1];
    return gasBlob(new FakeBlob(this.env, Buffer.from(this.response.body ?? '', 'utf8'), type ?? null, null));
  }
}

export class FakeUrlFetchApp implements Pick<GasUrlFetchApp, 'fetch' | 'fetchAll'> {
  /** Every request made, in order (a request outside the allowlist is refused before it is made). */
  readonly requests: FetchRequest[] = [];

  /**
   * @param allowlist The manifest's urlFetchWhitelist (plus any stand-in a test adds); null when the manifest has
   *   none, and then any URL may be fetched.
   */
  constructor(
    private readonly env: FakeEnv,
    public handler: FetchHandler = (request) => {
      throw new Error(`No fetch handler in the fakes for ${request.method} ${request.url}`);
    },
    readonly allowlist: readonly string[] | null = null,
  ) {}

  private toRequest(url: string, params: GasFetchOptions = {}): FetchRequest {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(params.headers ?? {})) headers[k] = String(v);
    const request: FetchRequest = {
      url: String(url),
      method: (params.method ?? 'get').toUpperCase(),
      headers,
    };
    const payload: unknown = params.payload;
    if (payload === undefined || payload === null) {
      if (params.contentType) request.contentType = params.contentType;
      return request;
    }
    if (payload instanceof FakeBlob) {
      request.payload = payload.text();
      request.contentType = params.contentType ?? payload.type() ?? undefined;
      return request;
    }
    request.payload =
      typeof payload === 'string'
        ? payload
        : new URLSearchParams(
            Object.entries(payload).map(([k, v]): [string, string] => [k, String(v)]),
          ).toString();
    request.contentType = params.contentType ?? 'application/x-www-form-urlencoded';
    return request;
  }

  private send(url: string, params: GasFetchOptions = {}, redirects = 0): GasHttpResponse {
    // https://developers.google.com/apps-script/manifest#Manifest.FIELDS.urlFetchWhitelist: "If present, any URL
    // endpoint fetched must match one of the prefixes in this list." Apps Script names the URL without its query.
    if (this.allowlist && !urlAllowed(String(url), this.allowlist)) {
      throw this.env.realm.error(
        `Request to ${String(url).replace(/\?.*$/s, '')} failed because the URL has not been whitelisted in the script manifest.`,
      );
    }
    const request = this.toRequest(url, params);
    this.requests.push(request);
    let response: FetchResponse;
    try {
      response = this.handler(request);
    } catch (error) {
      throw this.env.realm.error(error instanceof Error ? error.message : String(error));
    }
    // https://developers.google.com/apps-script/reference/url-fetch/url-fetch-app#fetch(String,Object):
    // followRedirects "if false the fetch doesn't automatically follow HTTP redirects; it returns the original HTTP
    // response. The default is true." That page says nothing of the method or of the allowlist, so the rest is HTTP's
    // and our assumptions. The method follows HTTP (RFC 9110 §15.4, https://www.rfc-editor.org/rfc/rfc9110#section-15.4):
    // after 301/302 a client "MAY change the request method from POST to GET" and after 303 it retrieves with GET,
    // so these are fetched again with GET and no body; 307 and 308 "MUST NOT change the request method", so they keep
    // the method and the body. OUR STRICTER ASSUMPTION, not documented: the redirect target must match the manifest's
    // allowlist too (send checks every URL it fetches), so a product that only works when Google skips that check
    // fails here first.
    const location = Object.entries(response.headers ?? {}).find(
      ([k]) => k.toLowerCase() === 'location',
    )?.[1];
    if (response.status >= 300 && response.status < 400 && location && params.followRedirects !== false) {
      if (redirects >= MAX_REDIRECTS)
        throw this.env.realm.error(`Too many redirects for ${originOf(request.url)}`);
      const next = new URL(location, request.url).toString();
      const again = SEE_OTHER.has(response.status)
        ? { ...params, method: 'get' as const, payload: undefined }
        : params;
      return this.send(next, again, redirects + 1);
    }
    if (response.status >= 400 && !params.muteHttpExceptions) {
      const body = response.body ?? '';
      const truncated = body.length > 100 ? `${body.slice(0, 100)}...` : body;
      throw this.env.realm.error(
        `Request failed for ${originOf(request.url)} returned code ${response.status}. Truncated server response: ${truncated} (use muteHttpExceptions option to examine full response)`,
      );
    }
    return new FakeHttpResponse(this.env, response) as unknown as GasHttpResponse;
  }

  fetch(url: string, params?: GasFetchOptions): GasHttpResponse {
    this.env.calls.record(URL_FETCH, 'fetch');
    return this.send(url, params);
  }

  fetchAll(requests: (GasFetchRequest | string)[]): GasHttpResponse[] {
    this.env.calls.record(URL_FETCH, 'fetchAll');
    return requests.map((r) => (typeof r === 'string' ? this.send(r) : this.send(r.url, r)));
  }
}

/** Redirects fetched again with GET (RFC 9110 §15.4.2–15.4.4); 307 and 308 keep the method and body (§15.4.8–9). */
const SEE_OTHER: ReadonlySet<number> = new Set([301, 302, 303]);

/** Redirects followed before a fetch gives up (the number is not documented; a loop must end somewhere). */
const MAX_REDIRECTS = 10;

/** Apps Script names only the scheme and host of a failed request. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

// ---------------------------------------------------------------------------------------------------------
// PropertiesService

type GasProperties = GoogleAppsScript.Properties.Properties;
type GasPropertiesService = GoogleAppsScript.Properties.PropertiesService;

const PROPERTIES = 'PropertiesService';

/**
 * Quotas for Google Services, https://developers.google.com/apps-script/guides/services/quotas: "Properties value
 * size 9 KB / val", "Properties total storage 500 KB / property store". Measured in UTF-8 bytes; the store's total
 * counts keys as well as values (stricter than the page, which does not say; keys do count in practice).
 */
export const PROPERTY_VALUE_MAX_BYTES = 9 * 1024;
export const PROPERTY_STORE_MAX_BYTES = 500 * 1024;
const utf8Bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

export class FakeProperties implements Pick<
  GasProperties,
  | 'getProperty'
  | 'setProperty'
  | 'setProperties'
  | 'getProperties'
  | 'deleteProperty'
  | 'deleteAllProperties'
  | 'getKeys'
> {
  private readonly store = new Map<string, string>();

  constructor(
    private readonly env: FakeEnv,
    initial: Record<string, string> = {},
  ) {
    this.replaceAll(initial);
  }

  private count(method: string): GasProperties {
    this.env.calls.record(PROPERTIES, `Properties.${method}`);
    return this as unknown as GasProperties;
  }

  /** Uncounted snapshot. */
  toRecord(): Record<string, string> {
    return Object.fromEntries(this.store);
  }

  replaceAll(values: Record<string, string>): void {
    this.store.clear();
    for (const [k, v] of Object.entries(values)) this.store.set(k, String(v));
  }

  getProperty(key: string): string | null {
    this.count('getProperty');
    return this.store.get(key) ?? null;
  }

  setProperty(key: string, value: string): GasProperties {
    const self = this.count('setProperty');
    this.write({ [String(key)]: String(value) }, false);
    return self;
  }

  setProperties(properties: Record<string, string>, deleteAllOthers = false): GasProperties {
    const self = this.count('setProperties');
    const values = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, String(v)]));
    this.write(values, deleteAllOthers);
    return self;
  }

  /** All or nothing: a value over 9 KB, or a store that would pass 500 KB, throws and changes nothing. */
  private write(values: Record<string, string>, deleteAllOthers: boolean): void {
    for (const value of Object.values(values)) {
      // The wording Apps Script uses for an over-long value.
      if (utf8Bytes(value) > PROPERTY_VALUE_MAX_BYTES)
        throw this.env.realm.error('Argument too large: value');
    }
    const next = new Map(deleteAllOthers ? [] : this.store);
    for (const [k, v] of Object.entries(values)) next.set(k, v);
    let total = 0;
    for (const [k, v] of next) total += utf8Bytes(k) + utf8Bytes(v);
    if (total > PROPERTY_STORE_MAX_BYTES) {
      throw this.env.realm.error(
        'You have exceeded the property storage quota. Please remove some properties and try again.',
      );
    }
    this.store.clear();
    for (const [k, v] of next) this.store.set(k, v);
  }

  /** Uncounted: the store's size as the 500 KB limit measures it. */
  bytes(): number {
    let total = 0;
    for (const [k, v] of this.store) total += utf8Bytes(k) + utf8Bytes(v);
    return total;
  }

  getProperties(): Record<string, string> {
    this.count('getProperties');
    return this.toRecord();
  }

  deleteProperty(key: string): GasProperties {
    const self = this.count('deleteProperty');
    this.store.delete(key);
    return self;
  }

  deleteAllProperties(): GasProperties {
    const self = this.count('deleteAllProperties');
    this.store.clear();
    return self;
  }

  getKeys(): string[] {
    this.count('getKeys');
    return [...this.store.keys()];
  }
}

export class FakePropertiesService implements Pick<
  GasPropertiesService,
  'getDocumentProperties' | 'getScriptProperties' | 'getUserProperties'
> {
  readonly document: FakeProperties;
  readonly script: FakeProperties;
  readonly user: FakeProperties;
  private readonly defaultUser: string;

  constructor(
    private readonly env: FakeEnv,
    initial: {
      document?: Record<string, string>;
      script?: Record<string, string>;
      user?: Record<string, string>;
    } = {},
  ) {
    this.defaultUser = env.execution.user;
    this.document = new FakeProperties(env, initial.document);
    this.script = new FakeProperties(env, initial.script);
    this.user = new FakeProperties(env, initial.user);
  }

  /**
   * "Gets a property store … that all users can access within the open document … When document properties are not
   * available, this method returns null." A web app request has no open document, so this fake is strict and gives
   * null there (https://developers.google.com/apps-script/reference/properties/properties-service#getDocumentProperties()).
   */
  getDocumentProperties(): GasProperties {
    this.env.calls.record(PROPERTIES, 'getDocumentProperties');
    if (this.env.execution.kind === 'webApp') return null as unknown as GasProperties;
    return this.document as unknown as GasProperties;
  }

  getScriptProperties(): GasProperties {
    this.env.calls.record(PROPERTIES, 'getScriptProperties');
    return this.script as unknown as GasProperties;
  }

  /**
   * "Gets a property store that only the current user can access": one store per account
   * (https://developers.google.com/apps-script/reference/properties/properties-service#getUserProperties()).
   * `user` is the default account's store.
   */
  getUserProperties(): GasProperties {
    this.env.calls.record(PROPERTIES, 'getUserProperties');
    return this.userStore(this.env.execution.user) as unknown as GasProperties;
  }

  private readonly otherUsers = new Map<string, FakeProperties>();

  /** Uncounted: the user properties of one account. */
  userStore(email: string): FakeProperties {
    if (email === this.defaultUser) return this.user;
    let store = this.otherUsers.get(email);
    if (!store) this.otherUsers.set(email, (store = new FakeProperties(this.env)));
    return store;
  }
}

// ---------------------------------------------------------------------------------------------------------
// LockService

type GasLock = GoogleAppsScript.Lock.Lock;
type GasLockService = GoogleAppsScript.Lock.LockService;

const LOCKS = 'LockService';

export type LockKind = 'document' | 'script' | 'user';

/** One lock as this execution sees it; "other" is another execution of the script. */
class LockState {
  heldByUs = false;
  heldByOther = false;
  /** When the other execution lets go (ms on the fake clock); never when undefined. */
  otherReleasesAt?: number;
}

export class FakeLock
  extends Counted
  implements Pick<GasLock, 'tryLock' | 'waitLock' | 'releaseLock' | 'hasLock'>
{
  constructor(
    env: FakeEnv,
    private readonly state: LockState,
  ) {
    super(env, LOCKS, 'Lock.');
  }

  /** Waits on the fake clock: up to the timeout, or until the other execution lets go. */
  private acquire(timeoutInMillis: number): boolean {
    const s = this.state;
    if (s.heldByUs) return true;
    if (s.heldByOther) {
      const clock = this.env.clock;
      if (s.otherReleasesAt === undefined || s.otherReleasesAt > clock.now + timeoutInMillis) {
        clock.advance(Math.max(0, timeoutInMillis));
        return false;
      }
      clock.advance(Math.max(0, s.otherReleasesAt - clock.now));
      s.heldByOther = false;
      s.otherReleasesAt = undefined;
    }
    s.heldByUs = true;
    return true;
  }

  tryLock(timeoutInMillis: number): boolean {
    this.count('tryLock');
    return this.acquire(timeoutInMillis);
  }

  waitLock(timeoutInMillis: number): void {
    this.count('waitLock');
    if (!this.acquire(timeoutInMillis)) {
      throw this.env.realm.error('Lock timeout: another process was holding the lock for too long.');
    }
  }

  releaseLock(): void {
    this.count('releaseLock');
    this.state.heldByUs = false;
  }

  hasLock(): boolean {
    this.count('hasLock');
    return this.state.heldByUs;
  }
}

export class FakeLockService implements Pick<
  GasLockService,
  'getDocumentLock' | 'getScriptLock' | 'getUserLock'
> {
  private readonly states: Record<LockKind, LockState> = {
    document: new LockState(),
    script: new LockState(),
    user: new LockState(),
  };

  constructor(private readonly env: FakeEnv) {}

  /** Test hook: another execution holds the lock, until `releaseAtMs` on the fake clock or for good. */
  holdByOther(kind: LockKind, releaseAtMs?: number): void {
    this.states[kind].heldByOther = true;
    this.states[kind].otherReleasesAt = releaseAtMs;
  }

  releaseByOther(kind: LockKind): void {
    this.states[kind].heldByOther = false;
    this.states[kind].otherReleasesAt = undefined;
  }

  /** Whether this execution holds the lock (uncounted). */
  isHeld(kind: LockKind): boolean {
    return this.states[kind].heldByUs;
  }

  private lock(kind: LockKind, method: string): GasLock {
    this.env.calls.record(LOCKS, method);
    return new FakeLock(this.env, this.states[kind]) as unknown as GasLock;
  }

  /**
   * "If this method is called outside of the context of a containing document (such as from a standalone script or
   * webapp), null is returned." — https://developers.google.com/apps-script/reference/lock/lock-service#getDocumentLock()
   */
  getDocumentLock(): GasLock {
    const lock = this.lock('document', 'getDocumentLock');
    return this.env.execution.kind === 'webApp' ? (null as unknown as GasLock) : lock;
  }

  getScriptLock(): GasLock {
    return this.lock('script', 'getScriptLock');
  }

  getUserLock(): GasLock {
    return this.lock('user', 'getUserLock');
  }
}

// ---------------------------------------------------------------------------------------------------------
// ScriptApp

type GasScriptApp = GoogleAppsScript.Script.ScriptApp;
type GasTrigger = GoogleAppsScript.Script.Trigger;
type GasTriggerBuilder = GoogleAppsScript.Script.TriggerBuilder;
type GasClockBuilder = GoogleAppsScript.Script.ClockTriggerBuilder;
type GasSheetTriggerBuilder = GoogleAppsScript.Script.SpreadsheetTriggerBuilder;
type GasEventType = GoogleAppsScript.Script.EventType;
type GasTriggerSource = GoogleAppsScript.Script.TriggerSource;

const SCRIPT = 'ScriptApp';
const MAX_TRIGGERS = 20;

export type TriggerEventType = 'CLOCK' | 'ON_OPEN' | 'ON_EDIT' | 'ON_CHANGE' | 'ON_FORM_SUBMIT';

export interface ClockSchedule {
  everyMinutes?: number;
  everyHours?: number;
  everyDays?: number;
  everyWeeks?: number;
  atHour?: number;
  nearMinute?: number;
  onWeekDay?: string;
  onMonthDay?: number;
  /** One-off: ms after creation, or an ISO instant. */
  after?: number;
  at?: string;
  inTimezone?: string;
}

export interface TriggerRecord {
  id: string;
  handler: string;
  eventType: TriggerEventType;
  source: 'CLOCK' | 'SPREADSHEETS';
  /** The spreadsheet the trigger belongs to (its source for spreadsheet triggers). */
  documentId: string;
  schedule?: ClockSchedule;
  createdAt: string;
  /** The account that created it: the trigger runs as that account and only it sees it (older state: the default user). */
  owner?: string;
}

export interface ScriptAppOptions {
  scriptId?: string;
  /** Enforce add-on trigger rules: at most hourly, one trigger of each event type per document. */
  addOn?: boolean;
  /** The web app's /exec URL once the script is deployed as one; null (Apps Script's answer) before. */
  webAppUrl?: string | null;
  /** The manifest's oauthScopes (the scopes the script asks for). */
  oauthScopes?: readonly string[];
  /** Scopes of the manifest the user did not grant on the granular consent screen. */
  withheldScopes?: readonly string[];
}

type GasAuthorizationInfo = GoogleAppsScript.Script.AuthorizationInfo;
type GasAuthorizationStatus = GoogleAppsScript.Script.AuthorizationStatus;

/**
 * https://developers.google.com/apps-script/reference/script/authorization-info: whether the user must still
 * authorize the script (for the scopes asked about, or all the script's), the URL to do it (null when nothing is
 * required), and the scopes granted (of those asked about, when a list was given).
 */
export class FakeAuthorizationInfo implements Pick<
  GasAuthorizationInfo,
  'getAuthorizationStatus' | 'getAuthorizationUrl'
> {
  constructor(
    private readonly app: FakeScriptApp,
    private readonly requested: readonly string[],
  ) {}

  private missing(): string[] {
    return this.requested.filter((scope) => !this.app.granted(scope));
  }

  getAuthorizationStatus(): GasAuthorizationStatus {
    this.app.count('AuthorizationInfo.getAuthorizationStatus');
    return enumValue<GasAuthorizationStatus>(this.missing().length > 0 ? 'REQUIRED' : 'NOT_REQUIRED');
  }

  getAuthorizationUrl(): string {
    this.app.count('AuthorizationInfo.getAuthorizationUrl');
    // null when no authorization is required (the reference's String|null).
    return (
      this.missing().length > 0 ? `https://script.google.com/macros/d/${this.app.scriptId}/authorize` : null
    ) as string;
  }

  getAuthorizedScopes(): string[] {
    this.app.count('AuthorizationInfo.getAuthorizedScopes');
    return this.requested.filter((scope) => this.app.granted(scope));
  }
}

type GasService = GoogleAppsScript.Script.Service;

/** ScriptApp.getService(): the web app deployment, as far as a script can see it. */
export class FakeService implements Pick<GasService, 'getUrl' | 'isEnabled'> {
  constructor(
    private readonly env: FakeEnv,
    private readonly url: string | null,
  ) {}

  /**
   * "Returns the URL of the web app, if it has been deployed; otherwise returns null. If you are running the
   * development mode web app, this returns the development mode url."
   * (https://developers.google.com/apps-script/reference/script/service#getUrl()). Called from the editor, a menu or
   * the sidebar it gives the owner-only /dev URL (the finding on real spreadsheets); only a request to the
   * deployed /exec web app sees /exec. LINE cannot reach /dev.
   */
  getUrl(): string {
    this.env.calls.record(SCRIPT, 'Service.getUrl');
    if (this.url === null) return null as unknown as string;
    return this.env.execution.kind === 'webApp' ? this.url : this.url.replace(/\/exec$/, '/dev');
  }

  isEnabled(): boolean {
    this.env.calls.record(SCRIPT, 'Service.isEnabled');
    return this.url !== null;
  }
}

export class FakeTrigger
  extends Counted
  implements
    Pick<
      GasTrigger,
      'getHandlerFunction' | 'getUniqueId' | 'getEventType' | 'getTriggerSource' | 'getTriggerSourceId'
    >
{
  constructor(
    env: FakeEnv,
    readonly record: TriggerRecord,
  ) {
    super(env, SCRIPT, 'Trigger.');
  }

  getHandlerFunction(): string {
    this.count('getHandlerFunction');
    return this.record.handler;
  }

  getUniqueId(): string {
    this.count('getUniqueId');
    return this.record.id;
  }

  getEventType(): GasEventType {
    this.count('getEventType');
    return enumValue<GasEventType>(this.record.eventType);
  }

  getTriggerSource(): GasTriggerSource {
    this.count('getTriggerSource');
    return enumValue<GasTriggerSource>(this.record.source);
  }

  getTriggerSourceId(): string {
    this.count('getTriggerSourceId');
    return this.record.source === 'SPREADSHEETS' ? this.record.documentId : '';
  }
}

class FakeTriggerBuilder implements Pick<GasTriggerBuilder, 'timeBased' | 'forSpreadsheet'> {
  constructor(
    private readonly app: FakeScriptApp,
    private readonly handler: string,
  ) {}

  timeBased(): GasClockBuilder {
    this.app.count('TriggerBuilder.timeBased');
    return new FakeClockTriggerBuilder(this.app, this.handler) as unknown as GasClockBuilder;
  }

  forSpreadsheet(sheet: GoogleAppsScript.Spreadsheet.Spreadsheet | string): GasSheetTriggerBuilder {
    this.app.count('TriggerBuilder.forSpreadsheet');
    const target = sheet as unknown;
    const id = target instanceof FakeSpreadsheet ? target.id : String(sheet);
    return new FakeSpreadsheetTriggerBuilder(this.app, this.handler, id) as unknown as GasSheetTriggerBuilder;
  }
}

const EVERY_MINUTES = [1, 5, 10, 15, 30];
const EVERY_HOURS = [1, 2, 4, 6, 8, 12];

class FakeClockTriggerBuilder implements Pick<
  GasClockBuilder,
  | 'everyMinutes'
  | 'everyHours'
  | 'everyDays'
  | 'everyWeeks'
  | 'atHour'
  | 'nearMinute'
  | 'onWeekDay'
  | 'onMonthDay'
  | 'after'
  | 'at'
  | 'inTimezone'
  | 'create'
> {
  private readonly schedule: ClockSchedule = {};

  constructor(
    private readonly app: FakeScriptApp,
    private readonly handler: string,
  ) {}

  private set<K extends keyof ClockSchedule>(method: K, value: ClockSchedule[K]): GasClockBuilder {
    this.app.count(`ClockTriggerBuilder.${method}`);
    this.schedule[method] = value;
    return this as unknown as GasClockBuilder;
  }

  everyMinutes(n: number): GasClockBuilder {
    if (!EVERY_MINUTES.includes(n)) {
      throw this.app.fail(
        'The value passed to everyMinutes() is invalid. Accepted values are 1, 5, 10, 15 and 30.',
      );
    }
    return this.set('everyMinutes', n);
  }

  everyHours(n: number): GasClockBuilder {
    if (!EVERY_HOURS.includes(n)) {
      throw this.app.fail(
        'The value passed to everyHours() is invalid. Accepted values are 1, 2, 4, 6, 8 and 12.',
      );
    }
    return this.set('everyHours', n);
  }

  everyDays(n: number): GasClockBuilder {
    return this.set('everyDays', n);
  }

  everyWeeks(n: number): GasClockBuilder {
    return this.set('everyWeeks', n);
  }

  atHour(hour: number): GasClockBuilder {
    if (!Number.isInteger(hour) || hour < 0 || hour > 23) throw this.app.fail('Invalid argument: hour');
    return this.set('atHour', hour);
  }

  nearMinute(minute: number): GasClockBuilder {
    if (!Number.isInteger(minute) || minute < 0 || minute > 59)
      throw this.app.fail('Invalid argument: minute');
    return this.set('nearMinute', minute);
  }

  onWeekDay(day: GoogleAppsScript.Base.Weekday): GasClockBuilder {
    return this.set('onWeekDay', String(day));
  }

  onMonthDay(day: number): GasClockBuilder {
    return this.set('onMonthDay', day);
  }

  after(durationMilliseconds: number): GasClockBuilder {
    return this.set('after', durationMilliseconds);
  }

  at(date: GoogleAppsScript.Base.Date): GasClockBuilder {
    if (!isDate(date)) throw this.app.fail('Invalid argument: date');
    return this.set('at', new Date(timeOf(date)).toISOString());
  }

  inTimezone(timezone: string): GasClockBuilder {
    return this.set('inTimezone', timezone);
  }

  create(): GasTrigger {
    this.app.count('ClockTriggerBuilder.create');
    const s = this.schedule;
    const recurring = [s.everyMinutes, s.everyHours, s.everyDays, s.everyWeeks].filter(
      (v) => v !== undefined,
    );
    if (recurring.length + (s.after !== undefined ? 1 : 0) + (s.at !== undefined ? 1 : 0) !== 1) {
      throw this.app.fail(
        'A time-based trigger needs exactly one of everyMinutes/everyHours/everyDays/everyWeeks/after/at.',
      );
    }
    if (
      (s.atHour !== undefined || s.nearMinute !== undefined) &&
      s.everyDays === undefined &&
      s.everyWeeks === undefined
    ) {
      throw this.app.fail('atHour() and nearMinute() need everyDays() or everyWeeks().');
    }
    return this.app.addTrigger(this.handler, 'CLOCK', 'CLOCK', { ...s });
  }
}

class FakeSpreadsheetTriggerBuilder implements Pick<
  GasSheetTriggerBuilder,
  'onOpen' | 'onEdit' | 'onChange' | 'onFormSubmit' | 'create'
> {
  private eventType?: TriggerEventType;

  constructor(
    private readonly app: FakeScriptApp,
    private readonly handler: string,
    private readonly spreadsheetId: string,
  ) {}

  private on(eventType: TriggerEventType, method: string): GasSheetTriggerBuilder {
    this.app.count(`SpreadsheetTriggerBuilder.${method}`);
    this.eventType = eventType;
    return this as unknown as GasSheetTriggerBuilder;
  }

  onOpen(): GasSheetTriggerBuilder {
    return this.on('ON_OPEN', 'onOpen');
  }

  onEdit(): GasSheetTriggerBuilder {
    return this.on('ON_EDIT', 'onEdit');
  }

  onChange(): GasSheetTriggerBuilder {
    return this.on('ON_CHANGE', 'onChange');
  }

  onFormSubmit(): GasSheetTriggerBuilder {
    return this.on('ON_FORM_SUBMIT', 'onFormSubmit');
  }

  create(): GasTrigger {
    this.app.count('SpreadsheetTriggerBuilder.create');
    if (!this.eventType) throw this.app.fail('Choose an event type (onOpen, onEdit, ...) before create().');
    return this.app.addTrigger(this.handler, this.eventType, 'SPREADSHEETS', undefined, this.spreadsheetId);
  }
}

export class FakeScriptApp implements Pick<
  GasScriptApp,
  | 'newTrigger'
  | 'getProjectTriggers'
  | 'getUserTriggers'
  | 'deleteTrigger'
  | 'getScriptId'
  | 'getService'
  | 'getAuthorizationInfo'
  | 'requireScopes'
> {
  readonly AuthMode = enumObject('NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL');
  readonly EventType = enumObject(
    'CLOCK',
    'ON_OPEN',
    'ON_EDIT',
    'ON_FORM_SUBMIT',
    'ON_CHANGE',
    'ON_EVENT_UPDATED',
  );
  readonly TriggerSource = enumObject('SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR');
  readonly WeekDay = enumObject('SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY');
  readonly AuthorizationStatus = enumObject('REQUIRED', 'NOT_REQUIRED');
  private triggers: TriggerRecord[] = [];
  readonly scriptId: string;
  private readonly addOn: boolean;
  /** The manifest's scopes, and those the user withheld. */
  readonly oauthScopes: readonly string[];
  readonly withheldScopes: ReadonlySet<string>;
  /** Scopes requireScopes asked the user for, one list per consent prompt Apps Script showed. */
  readonly consentPrompts: string[][] = [];

  constructor(
    private readonly env: FakeEnv,
    private readonly documentId: string,
    options: ScriptAppOptions = {},
  ) {
    this.scriptId = options.scriptId ?? 'fake-script-id';
    this.defaultUser = env.execution.user;
    this.addOn = options.addOn ?? false;
    this.webAppUrl = options.webAppUrl ?? null;
    this.oauthScopes = [...(options.oauthScopes ?? [])];
    this.withheldScopes = new Set(options.withheldScopes ?? []);
  }

  /** Whether the user granted a scope (one the manifest does not list is never granted). */
  granted(scope: string): boolean {
    return this.oauthScopes.includes(scope) && !this.withheldScopes.has(scope);
  }

  /**
   * https://developers.google.com/apps-script/reference/script/script-app#getAuthorizationInfo(AuthMode,String):
   * authorization information for the given scopes, or for all the script's scopes without a list.
   */
  getAuthorizationInfo(
    authMode: GoogleAppsScript.Script.AuthMode,
    oAuthScopes?: string[],
  ): GasAuthorizationInfo {
    this.count('getAuthorizationInfo');
    this.checkAuthMode(authMode);
    const requested = oAuthScopes === undefined ? this.oauthScopes : oAuthScopes.map(String);
    return new FakeAuthorizationInfo(this, requested) as unknown as GasAuthorizationInfo;
  }

  /**
   * https://developers.google.com/apps-script/reference/script/script-app#requireScopes(AuthMode,String): "If any of
   * the specified consents are not granted, this method ends the current execution and renders an authorization
   * prompt to request the missing scopes." The execution ends as a kill does: nothing after it runs.
   */
  requireScopes(authMode: GoogleAppsScript.Script.AuthMode, oAuthScopes: string[]): void {
    this.count('requireScopes');
    this.checkAuthMode(authMode);
    const missing = oAuthScopes.map(String).filter((scope) => !this.granted(scope));
    if (missing.length === 0) return;
    this.consentPrompts.push(missing);
    throw this.fail(this.env.calls.kill('Authorization is required to perform that action.').message);
  }

  private checkAuthMode(authMode: unknown): void {
    if (typeof authMode !== 'string' || !(authMode in this.AuthMode))
      throw this.fail('Invalid argument: authMode');
  }

  private readonly webAppUrl: string | null;
  private readonly defaultUser: string;

  getService(): GasService {
    this.count('getService');
    return new FakeService(this.env, this.webAppUrl) as unknown as GasService;
  }

  count(method: string): void {
    this.env.calls.record(SCRIPT, method);
  }

  fail(message: string): Error {
    return this.env.realm.error(message);
  }

  exportState(): TriggerRecord[] {
    return structuredClone(this.triggers);
  }

  restoreState(triggers: TriggerRecord[]): void {
    this.triggers = structuredClone(triggers);
  }

  /** Uncounted view of the installed triggers. */
  records(): TriggerRecord[] {
    return structuredClone(this.triggers);
  }

  addTrigger(
    handler: string,
    eventType: TriggerEventType,
    source: TriggerRecord['source'],
    schedule?: ClockSchedule,
    documentId = this.documentId,
  ): GasTrigger {
    if (this.mine().length >= MAX_TRIGGERS) {
      throw this.fail(
        'This script has too many triggers. Triggers must be deleted from the script before more can be added.',
      );
    }
    const owner = this.env.execution.user;
    if (this.addOn) {
      if (schedule?.everyMinutes !== undefined)
        throw this.fail('Add-ons cannot create time-based triggers that run more often than hourly.');
      if (
        this.triggers.some(
          (t) => t.eventType === eventType && t.documentId === documentId && this.ownerOf(t) === owner,
        )
      ) {
        throw this.fail(`An add-on can only have one ${eventType} trigger per user per document.`);
      }
    }
    const id = String(Math.max(1_000_000, ...this.triggers.map((t) => Number(t.id) || 0)) + 1);
    const record: TriggerRecord = {
      id,
      handler,
      eventType,
      source,
      documentId,
      createdAt: new Date(this.env.clock.now).toISOString(),
      owner,
    };
    if (schedule) record.schedule = schedule;
    this.triggers.push(record);
    return new FakeTrigger(this.env, record) as unknown as GasTrigger;
  }

  newTrigger(functionName: string): GasTriggerBuilder {
    this.count('newTrigger');
    return new FakeTriggerBuilder(this, String(functionName)) as unknown as GasTriggerBuilder;
  }

  /** Installable triggers belong to the account that made them; state written before owners were kept: the default user. */
  ownerOf(record: TriggerRecord): string {
    return record.owner ?? this.defaultUser;
  }

  private mine(): TriggerRecord[] {
    const user = this.env.execution.user;
    return this.triggers.filter((t) => this.ownerOf(t) === user);
  }

  /**
   * "Gets all installable triggers associated with the current project and current user."
   * (https://developers.google.com/apps-script/reference/script/script-app#getProjectTriggers()): another editor's
   * trigger is invisible here.
   */
  getProjectTriggers(): GasTrigger[] {
    this.count('getProjectTriggers');
    return this.mine().map((t) => new FakeTrigger(this.env, t) as unknown as GasTrigger);
  }

  /** "Gets all installable triggers owned by this user in the given document, for this script or add-on only." */
  getUserTriggers(document: unknown): GasTrigger[] {
    this.count('getUserTriggers');
    if (!(document instanceof FakeSpreadsheet)) throw this.fail('Invalid argument: document');
    return this.mine()
      .filter((t) => t.documentId === document.id)
      .map((t) => new FakeTrigger(this.env, t) as unknown as GasTrigger);
  }

  deleteTrigger(trigger: GasTrigger): void {
    this.count('deleteTrigger');
    const target = trigger as unknown;
    if (!(target instanceof FakeTrigger)) throw this.fail('Invalid argument: trigger');
    if (this.ownerOf(target.record) !== this.env.execution.user) throw this.fail('Invalid argument: trigger');
    this.triggers = this.triggers.filter((t) => t.id !== target.record.id);
  }

  getScriptId(): string {
    this.count('getScriptId');
    return this.scriptId;
  }
}

// ---------------------------------------------------------------------------------------------------------
// HtmlService

type GasHtmlService = GoogleAppsScript.HTML.HtmlService;
type GasHtmlOutput = GoogleAppsScript.HTML.HtmlOutput;

const HTML = 'HtmlService';

export class FakeHtmlOutput
  implements
    Pick<
      GasHtmlOutput,
      | 'setTitle'
      | 'getTitle'
      | 'setWidth'
      | 'getWidth'
      | 'setHeight'
      | 'getHeight'
      | 'getContent'
      | 'setContent'
      | 'append'
      | 'setSandboxMode'
      | 'setXFrameOptionsMode'
      | 'addMetaTag'
      | 'setFaviconUrl'
    >,
    DescribesHtml
{
  private title = '';
  private width?: number;
  private height?: number;
  readonly metaTags: { name: string; content: string }[] = [];
  sandboxMode?: string;
  xFrameOptionsMode?: string;
  faviconUrl?: string;

  constructor(
    private readonly env: FakeEnv,
    private html: string,
  ) {}

  private count(method: string): GasHtmlOutput {
    this.env.calls.record(HTML, `HtmlOutput.${method}`);
    return this as unknown as GasHtmlOutput;
  }

  describeHtml(): { title: string; html: string; width?: number; height?: number } {
    return { title: this.title, html: this.html, width: this.width, height: this.height };
  }

  setTitle(title: string): GasHtmlOutput {
    this.title = String(title);
    return this.count('setTitle');
  }

  getTitle(): string {
    this.count('getTitle');
    return this.title;
  }

  setWidth(width: number): GasHtmlOutput {
    this.width = width;
    return this.count('setWidth');
  }

  getWidth(): number {
    this.count('getWidth');
    return this.width ?? 0;
  }

  setHeight(height: number): GasHtmlOutput {
    this.height = height;
    return this.count('setHeight');
  }

  getHeight(): number {
    this.count('getHeight');
    return this.height ?? 0;
  }

  getContent(): string {
    this.count('getContent');
    return this.html;
  }

  setContent(content: string): GasHtmlOutput {
    this.html = String(content);
    return this.count('setContent');
  }

  append(addedContent: string): GasHtmlOutput {
    this.html += String(addedContent);
    return this.count('append');
  }

  setSandboxMode(mode: unknown): GasHtmlOutput {
    this.sandboxMode = String(mode);
    return this.count('setSandboxMode');
  }

  setXFrameOptionsMode(mode: unknown): GasHtmlOutput {
    this.xFrameOptionsMode = String(mode);
    return this.count('setXFrameOptionsMode');
  }

  addMetaTag(name: string, content: string): GasHtmlOutput {
    this.metaTags.push({ name: String(name), content: String(content) });
    return this.count('addMetaTag');
  }

  setFaviconUrl(iconUrl: string): GasHtmlOutput {
    this.faviconUrl = String(iconUrl);
    return this.count('setFaviconUrl');
  }
}

export class FakeHtmlService
  extends Counted
  implements
    Pick<
      GasHtmlService,
      // Only what the product calls (https://developers.google.com/apps-script/reference/html/html-service).
      'createHtmlOutput' | 'createHtmlOutputFromFile'
    >
{
  readonly SandboxMode = enumObject('EMULATED', 'IFRAME', 'NATIVE');
  readonly XFrameOptionsMode = enumObject('ALLOWALL', 'DEFAULT');

  constructor(
    env: FakeEnv,
    /** Project HTML files by name, with or without '.html'. */
    private readonly files: Record<string, string> = {},
  ) {
    super(env, HTML, '');
  }

  private file(name: string): string {
    const html = this.files[name] ?? this.files[`${name}.html`];
    if (html === undefined) throw this.env.realm.error(`No HTML file named ${name} was found.`);
    return html;
  }

  private text(source: unknown): string {
    if (source === undefined) return '';
    if (source instanceof FakeBlob) return source.text();
    return String(source);
  }

  createHtmlOutput(html?: string | GoogleAppsScript.Base.BlobSource): GasHtmlOutput {
    this.count('createHtmlOutput');
    return new FakeHtmlOutput(this.env, this.text(html)) as unknown as GasHtmlOutput;
  }

  createHtmlOutputFromFile(filename: string): GasHtmlOutput {
    this.count('createHtmlOutputFromFile');
    return new FakeHtmlOutput(this.env, this.file(filename)) as unknown as GasHtmlOutput;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Session

type GasSession = GoogleAppsScript.Base.Session;
type GasUser = GoogleAppsScript.Base.User;

/** Who runs is the execution's (FakeEnv.execution); the session knows only the script's zone and locale. */
export interface SessionOptions {
  scriptTimeZone: string;
  locale?: string;
}

class FakeUser implements Pick<GasUser, 'getEmail'> {
  constructor(
    private readonly env: FakeEnv,
    private readonly email: string,
  ) {}

  getEmail(): string {
    this.env.calls.record('Session', 'User.getEmail');
    return this.email;
  }
}

export class FakeSession
  extends Counted
  implements
    Pick<
      GasSession,
      | 'getScriptTimeZone'
      | 'getEffectiveUser'
      | 'getActiveUser'
      | 'getTemporaryActiveUserKey'
      | 'getActiveUserLocale'
    >
{
  constructor(
    env: FakeEnv,
    readonly options: SessionOptions,
  ) {
    super(env, 'Session', '');
  }

  private user(email: string): GasUser {
    return new FakeUser(this.env, email) as unknown as GasUser;
  }

  getScriptTimeZone(): string {
    this.count('getScriptTimeZone');
    return this.options.scriptTimeZone;
  }

  /**
   * The account the script runs as: the user at the keyboard for a menu or sidebar call, the trigger's creator for
   * an installable trigger, the deploying owner for a web app executed as USER_DEPLOYING
   * (https://developers.google.com/apps-script/reference/base/session#getEffectiveUser()).
   */
  getEffectiveUser(): GasUser {
    this.count('getEffectiveUser');
    return this.user(this.env.execution.user);
  }

  /** '' where Apps Script keeps the user's identity back (https://developers.google.com/apps-script/reference/base/session#getActiveUser()). */
  getActiveUser(): GasUser {
    this.count('getActiveUser');
    return this.user(this.env.execution.activeUser);
  }

  getTemporaryActiveUserKey(): string {
    this.count('getTemporaryActiveUserKey');
    return createHash('sha256').update(`key:${this.env.execution.activeUser}`).digest('base64').slice(0, 43);
  }

  getActiveUserLocale(): string {
    this.count('getActiveUserLocale');
    return this.options.locale ?? 'ja';
  }
}

// ---------------------------------------------------------------------------------------------------------
// Utilities

type GasUtilities = GoogleAppsScript.Utilities.Utilities;

const UTILITIES = 'Utilities';

/** Java bytes, as Apps Script returns them: -128..127. */
function signedBytes(buffer: Buffer): Byte[] {
  return Array.from(new Int8Array(buffer.buffer, buffer.byteOffset, buffer.length));
}

function toBuffer(data: Byte[] | string, charset?: unknown): Buffer {
  if (typeof data === 'string') return Buffer.from(data, String(charset) === 'US_ASCII' ? 'latin1' : 'utf8');
  return Buffer.from(data.map((b) => b & 0xff));
}

const gasBlob = (blob: FakeBlob): GasBlob => blob as unknown as GasBlob;

export class FakeBlob
  extends Counted
  implements
    Pick<
      GasBlob,
      | 'getDataAsString'
      | 'getBytes'
      | 'getContentType'
      | 'getName'
      | 'setName'
      | 'setContentType'
      | 'setDataFromString'
      | 'copyBlob'
    >
{
  constructor(
    env: FakeEnv,
    private data: Buffer,
    private contentType: string | null,
    private name: string | null,
  ) {
    super(env, UTILITIES, 'Blob.');
  }

  /** Uncounted, for other fakes (payloads, HTML). */
  text(): string {
    return this.data.toString('utf8');
  }

  type(): string | null {
    return this.contentType;
  }

  getDataAsString(charset?: string): string {
    this.count('getDataAsString');
    return this.data.toString(charset && /ascii|8859/i.test(charset) ? 'latin1' : 'utf8');
  }

  getBytes(): Byte[] {
    this.count('getBytes');
    return signedBytes(this.data);
  }

  getContentType(): string | null {
    this.count('getContentType');
    return this.contentType;
  }

  getName(): string | null {
    this.count('getName');
    return this.name;
  }

  setName(name: string): GasBlob {
    this.count('setName');
    this.name = name;
    return gasBlob(this);
  }

  setContentType(contentType: string | null): GasBlob {
    this.count('setContentType');
    this.contentType = contentType;
    return gasBlob(this);
  }

  setDataFromString(text: string, charset?: string): GasBlob {
    this.count('setDataFromString');
    this.data = toBuffer(text, charset === 'US-ASCII' ? 'US_ASCII' : undefined);
    return gasBlob(this);
  }

  copyBlob(): GasBlob {
    this.count('copyBlob');
    return gasBlob(new FakeBlob(this.env, Buffer.from(this.data), this.contentType, this.name));
  }
}

const DIGESTS: Record<string, string> = {
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
]; // prettier-ignore
const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const validZones = new Map<string, boolean>();

/** Java falls back to GMT for an unknown zone id, and so does Apps Script. */
function javaZone(timeZone: string): string {
  let ok = validZones.get(timeZone);
  if (ok === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      ok = true;
    } catch {
      ok = false;
    }
    validZones.set(timeZone, ok);
  }
  return ok ? timeZone : 'UTC';
}

/**
 * SimpleDateFormat's `Z` ("-0800") and `X`: hours and minutes of the offset, whose seconds (a local mean time's,
 * before about 1920) are dropped, the offset in minutes being truncated toward zero as Java's integer division does
 * (https://docs.oracle.com/javase/8/docs/api/java/text/SimpleDateFormat.html, "RFC 822 time zone").
 */
function offsetText(offsetMinutes: number, colon: boolean): string {
  const minutes = Math.trunc(offsetMinutes);
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${sign}${hh}${colon ? ':' : ''}${mm}`;
}

/** java.text.SimpleDateFormat, the pattern language of Utilities.formatDate. */
export function formatJavaDate(ms: number, timeZone: string, pattern: string): string {
  const zone = javaZone(timeZone);
  const t = wallTimeOf(ms, zone);
  const num = (n: number, width: number) => String(n).padStart(width, '0');
  let out = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      if (end === i + 1) out += "'";
      else out += pattern.slice(i + 1, end < 0 ? undefined : end).replace(/''/g, "'");
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    switch (ch) {
      case 'G':
        out += 'AD';
        break;
      case 'y':
      case 'Y':
        out += n === 2 ? num(t.year % 100, 2) : num(t.year, n);
        break;
      case 'M':
      case 'L':
        out +=
          n >= 4
            ? MONTH_NAMES[t.month - 1]
            : n === 3
              ? MONTH_NAMES[t.month - 1].slice(0, 3)
              : num(t.month, n);
        break;
      case 'd':
        out += num(t.day, n);
        break;
      case 'D': {
        const dayOfYear =
          Math.round((Date.UTC(t.year, t.month - 1, t.day) - Date.UTC(t.year, 0, 1)) / 86_400_000) + 1;
        out += num(dayOfYear, n);
        break;
      }
      case 'E':
        out += n >= 4 ? DAY_NAMES[t.weekday] : DAY_NAMES[t.weekday].slice(0, 3);
        break;
      case 'u':
        out += num(t.weekday === 0 ? 7 : t.weekday, n);
        break;
      case 'a':
        out += t.hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += num(t.hour, n);
        break;
      case 'k':
        out += num(t.hour === 0 ? 24 : t.hour, n);
        break;
      case 'K':
        out += num(t.hour % 12, n);
        break;
      case 'h':
        out += num(t.hour % 12 || 12, n);
        break;
      case 'm':
        out += num(t.minute, n);
        break;
      case 's':
        out += num(t.second, n);
        break;
      case 'S':
        out += num(t.millisecond, n);
        break;
      case 'z':
        out += zoneName(ms, zone, n >= 4);
        break;
      case 'Z':
        out += offsetText(t.offsetMinutes, false);
        break;
      case 'X':
        out +=
          t.offsetMinutes === 0
            ? 'Z'
            : n === 1
              ? offsetText(t.offsetMinutes, false).slice(0, 3)
              : offsetText(t.offsetMinutes, n >= 3);
        break;
      default:
        throw new Error(`Illegal pattern character '${ch}'`);
    }
  }
  return out;
}

function zoneName(ms: number, timeZone: string, long: boolean): string {
  if (timeZone === 'Asia/Tokyo') return long ? 'Japan Standard Time' : 'JST';
  const part = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: long ? 'long' : 'short' })
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? timeZone;
}

/** The numeric subset of SimpleDateFormat parsing: y M d H h m s S a and literals. */
export function parseJavaDate(text: string, timeZone: string, pattern: string): number | null {
  const fields: string[] = [];
  let source = '';
  for (let i = 0; i < pattern.length;) {
    const ch = pattern[i];
    if (ch === "'") {
      const end = pattern.indexOf("'", i + 1);
      source += escapeRegex(end === i + 1 ? "'" : pattern.slice(i + 1, end < 0 ? undefined : end));
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    let n = 1;
    while (pattern[i + n] === ch) n++;
    i += n;
    if ('yMdHhmsS'.includes(ch)) {
      fields.push(ch);
      source += n >= 3 && ch === 'M' ? '([A-Za-z]+)' : '(\\d+)';
    } else if (ch === 'a') {
      fields.push('a');
      source += '(AM|PM|am|pm)';
    } else if (/[A-Za-z]/.test(ch)) {
      return null;
    } else {
      source += escapeRegex(ch.repeat(n));
    }
  }
  const m = new RegExp(`^\\s*${source}`).exec(text);
  if (!m) return null;
  const v: Record<string, number> = { y: 1970, M: 1, d: 1, H: 0, h: 0, m: 0, s: 0, S: 0 };
  let pm: boolean | undefined;
  fields.forEach((f, k) => {
    const raw = m[k + 1];
    if (f === 'a') pm = raw.toUpperCase() === 'PM';
    else if (f === 'M' && /[A-Za-z]/.test(raw))
      v.M = MONTH_NAMES.findIndex((name) => name.toLowerCase().startsWith(raw.toLowerCase())) + 1;
    else v[f] = Number(raw);
  });
  if (fields.includes('h')) v.H = (v.h % 12) + (pm ? 12 : 0);
  if (v.M < 1) return null;
  return instantOf(javaZone(timeZone), v.y, v.M, v.d, v.H, v.m, v.s, v.S);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class FakeUtilities
  extends Counted
  implements
    Pick<
      GasUtilities,
      // Only what the product calls (https://developers.google.com/apps-script/reference/utilities/utilities): a
      // method the product starts to use is added here with its reference page.
      'formatDate' | 'getUuid' | 'computeDigest' | 'sleep'
    >
{
  readonly DigestAlgorithm = enumObject('MD2', 'MD5', 'SHA_1', 'SHA_256', 'SHA_384', 'SHA_512');
  readonly Charset = enumObject('US_ASCII', 'UTF_8');

  constructor(
    env: FakeEnv,
    /** Replace for reproducible ids. */
    public uuid: () => string = randomUUID,
  ) {
    super(env, UTILITIES, '');
  }

  private fail(message: string): Error {
    return this.env.realm.error(message);
  }

  formatDate(date: GoogleAppsScript.Base.Date, timeZone: string, format: string): string {
    this.count('formatDate');
    if (!isDate(date))
      throw this.fail("The parameters (date) don't match the method signature for Utilities.formatDate.");
    try {
      return formatJavaDate(timeOf(date), String(timeZone), String(format));
    } catch (error) {
      throw this.fail(error instanceof Error ? error.message : String(error));
    }
  }

  getUuid(): string {
    this.count('getUuid');
    return this.uuid();
  }

  computeDigest(algorithm: unknown, value: Byte[] | string, charset?: unknown): Byte[] {
    this.count('computeDigest');
    const name = DIGESTS[String(algorithm)];
    if (!name) throw this.fail(`Unsupported digest algorithm in the fakes: ${String(algorithm)}`);
    return signedBytes(createHash(name).update(toBuffer(value, charset)).digest());
  }

  /** Moves the fake clock instead of waiting. */
  sleep(milliseconds: number): void {
    this.count('sleep');
    this.env.clock.advance(Math.max(0, Number(milliseconds) || 0));
  }
}

// ---------------------------------------------------------------------------------------------------------
// ContentService

type GasContentService = GoogleAppsScript.Content.ContentService;
type GasTextOutput = GoogleAppsScript.Content.TextOutput;
type GasContentMimeType = GoogleAppsScript.Content.MimeType;

const CONTENT = 'ContentService';

export class FakeTextOutput implements Pick<
  GasTextOutput,
  | 'append'
  | 'clear'
  | 'getContent'
  | 'setContent'
  | 'getMimeType'
  | 'setMimeType'
  | 'downloadAsFile'
  | 'getFileName'
> {
  private mimeType = 'TEXT';
  private fileName: string | null = null;

  constructor(
    private readonly env: FakeEnv,
    private content: string,
  ) {}

  private count(method: string): GasTextOutput {
    this.env.calls.record(CONTENT, `TextOutput.${method}`);
    return this as unknown as GasTextOutput;
  }

  append(addedContent: string): GasTextOutput {
    this.content += String(addedContent);
    return this.count('append');
  }

  clear(): GasTextOutput {
    this.content = '';
    return this.count('clear');
  }

  getContent(): string {
    this.count('getContent');
    return this.content;
  }

  setContent(content: string): GasTextOutput {
    this.content = String(content);
    return this.count('setContent');
  }

  getMimeType(): GasContentMimeType {
    this.count('getMimeType');
    return enumValue<GasContentMimeType>(this.mimeType);
  }

  setMimeType(mimeType: unknown): GasTextOutput {
    this.mimeType = String(mimeType);
    return this.count('setMimeType');
  }

  downloadAsFile(filename: string): GasTextOutput {
    this.fileName = String(filename);
    return this.count('downloadAsFile');
  }

  getFileName(): string {
    this.count('getFileName');
    return this.fileName ?? '';
  }
}

export class FakeContentService implements Pick<GasContentService, 'createTextOutput'> {
  readonly MimeType = enumObject('ATOM', 'CSV', 'ICAL', 'JAVASCRIPT', 'JSON', 'RSS', 'TEXT', 'VCARD', 'XML');

  constructor(private readonly env: FakeEnv) {}

  createTextOutput(content?: string): GasTextOutput {
    this.env.calls.record(CONTENT, 'createTextOutput');
    return new FakeTextOutput(
      this.env,
      content === undefined ? '' : String(content),
    ) as unknown as GasTextOutput;
  }
}

// ---------------------------------------------------------------------------------------------------------
// console

export type ConsoleLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

/** Records lines instead of printing; not counted as service calls. */
export class FakeConsole {
  readonly lines: { level: ConsoleLevel; message: string }[] = [];
  private readonly timers = new Map<string, number>();

  constructor(private readonly env: FakeEnv) {}

  private write(level: ConsoleLevel, args: unknown[]): void {
    this.lines.push({ level, message: formatLine(...args) });
  }

  log(...args: unknown[]): void {
    this.write('log', args);
  }

  info(...args: unknown[]): void {
    this.write('info', args);
  }

  warn(...args: unknown[]): void {
    this.write('warn', args);
  }

  error(...args: unknown[]): void {
    this.write('error', args);
  }

  debug(...args: unknown[]): void {
    this.write('debug', args);
  }

  time(label = 'default'): void {
    this.timers.set(label, this.env.clock.now);
  }

  timeEnd(label = 'default'): void {
    const start = this.timers.get(label);
    this.timers.delete(label);
    this.write('log', [`${label}: ${start === undefined ? 0 : this.env.clock.now - start}ms`]);
  }

  /** Messages at the given levels (all when none given), for assertions. */
  messages(...levels: ConsoleLevel[]): string[] {
    return this.lines.filter((l) => !levels.length || levels.includes(l.level)).map((l) => l.message);
  }
}
