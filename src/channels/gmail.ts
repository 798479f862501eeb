import { errorText } from '../core/errors';
/** Gmail drafts: the owner reviews and sends them from Gmail; Tsunagu only types them. */

export interface DraftRequest {
  to: string;
  subject: string;
  body: string;
  htmlBody: string;
  senderName: string;
}

export interface DraftRef {
  draftId: string;
  threadId: string;
}

/** A draft to follow up: what it was made with, so its sent mail can be found when its thread is gone. */
export interface TrackedDraft extends DraftRef {
  /** The recipient it was made with ('' when not known). */
  to: string;
  /**
   * The subjects it is known by, newest first: the one a run last saw in Gmail (the owner may change it there),
   * then the one it was made with. Empty when not known.
   */
  subjects: readonly string[];
  /** When it was made: mail sent before then is not it. */
  since: Date;
}

/**
 * What became of a draft. 'unknown' when Gmail failed to answer: nothing may be concluded from that (the row
 * stays as it is and the next run asks again).
 */
export type DraftFate =
  OpenDraft | { kind: 'sent'; at: Date } | { kind: 'deleted' } | { kind: 'unknown'; error: string };

/**
 * A draft still open, as it now is in Gmail: the owner may have changed its subject, which moves it to a new
 * thread (a message belongs to a thread only while "the Subject headers match",
 * https://developers.google.com/gmail/api/guides/threads).
 */
export interface OpenDraft {
  kind: 'draft';
  threadId: string;
  subject: string;
  /** Its recipients as Gmail now has them (GmailMessage.getTo(): the owner may have changed them). */
  to: string;
}

/** A draft sent by Tsunagu: the message GmailDraft.send() returned — when it went, and its thread. */
export interface SentDraft {
  at: Date;
  threadId: string;
}

/**
 * Which of Apps Script's daily Gmail quotas an error says is used up: the exception names the service
 * (https://developers.google.com/apps-script/guides/services/quotas): 'email' for "Email recipients per day" (sending),
 * 'gmail' for "Email read/write (excluding send)"; null when it is no daily quota.
 */
export function gmailDailyQuota(error: unknown): 'email' | 'gmail' | null {
  const found = /too many times for one day: (email|gmail)\b/i.exec(errorText(error));
  return found ? (found[1].toLowerCase() as 'email' | 'gmail') : null;
}

export interface MailDrafts {
  /**
   * Set on the mailbox of an account that is not the owner's (another editor): it refuses to make or delete
   * drafts and knows no fates, so callers can say so before they record anything.
   */
  readonly ofAnotherAccount?: boolean;
  /**
   * Makes a draft. Its threadId may be '' (asking Gmail for the new draft's message is a round trip of its own):
   * threadsOf then gives the threads of a whole batch at once.
   */
  create(request: DraftRequest): DraftRef;
  /** The threads of drafts this mailbox made, by draft id (those it cannot tell are left out). */
  threadsOf?(draftIds: readonly string[]): Map<string, string>;
  /**
   * What became of earlier drafts: still a draft (with its current thread and subject), sent by the owner (and
   * when), deleted unsent, or unknown.
   */
  fates(drafts: readonly TrackedDraft[]): Map<string, DraftFate>;
  /** Deletes a draft that must not go out any more (its window closed). */
  discard(draftId: string): void;
  /**
   * Sends a draft as it now is in Gmail (the owner may have edited it: that is what they approved), from this
   * mailbox, and says when it went and in which thread (from the message sent). Throws when the draft is gone (sent
   * or deleted) or Gmail's daily quota is used up.
   */
  send(draftId: string): SentDraft;
  /**
   * Every draft by recipient and subject (see draftLookupKey): a run interrupted between creating a draft and
   * recording its id left no id behind, so the next run finds the draft this way instead of making a second.
   */
  existing(): Map<string, DraftRef>;
}

/**
 * The addresses of a recipient header. GmailMessage.getTo() gives "the comma-separated recipients of the
 * message" as written (https://developers.google.com/apps-script/reference/gmail/gmail-message#getTo()): a bare
 * address, or `山田 花子 <hanako@example.com>` once the owner picked the contact in Gmail.
 */
export function recipientAddresses(header: string): string[] {
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
  return parts
    .map((part) => {
      const angle = /<([^<>]*)>\s*$/.exec(part);
      return (angle ? angle[1] : part).trim().toLowerCase();
    })
    .filter(Boolean);
}

/** The lookup key of a draft by recipient and subject; `to` may be a bare address or `Name <address>`. */
export function draftLookupKey(to: string, subject: string): string {
  return `${recipientAddresses(to).join(',')}\n${subject}`;
}

/**
 * The account whose mailbox holds the drafts. One place, so it can later be the owner recorded at setup
 * instead of whoever the script runs as.
 */
export function mailboxOwner(): string {
  return Session.getEffectiveUser().getEmail();
}

/**
 * Gmail's web address for the drafts of an account (by default this execution's): authuser picks the account by
 * address, not by its position among the accounts signed in.
 */
export function gmailDraftsUrl(account: string = mailboxOwner()): string {
  return `https://mail.google.com/mail/?authuser=${encodeURIComponent(account)}#drafts`;
}

type GmailDraft = GoogleAppsScript.Gmail.GmailDraft;

/**
 * The mailbox of the account this execution runs as, made afresh by each mailOfThisAccount (so never carried from
 * one execution or account to another): it keeps the drafts it made and the ones it last listed, so sending or
 * deleting one of them, or asking the threads of a batch, costs no GmailApp.getDraft round trip of its own.
 */
export function gmailMailbox(): MailDrafts {
  let listed = new Map<string, GmailDraft>();
  const created = new Map<string, GmailDraft>();
  const draftById = (draftId: string): GmailDraft =>
    listed.get(draftId) ?? created.get(draftId) ?? GmailApp.getDraft(draftId);
  return {
    create(request) {
      const draft = GmailApp.createDraft(request.to, request.subject, request.body, {
        htmlBody: request.htmlBody,
        name: request.senderName || undefined,
      });
      const draftId = draft.getId();
      created.set(draftId, draft);
      return { draftId, threadId: '' };
    },
    threadsOf(draftIds) {
      const threads = new Map<string, string>();
      const made = draftIds.flatMap((id) => {
        const draft = created.get(id);
        return draft ? [[id, draft] as const] : [];
      });
      if (made.length === 0) return threads;
      // One read of every draft's message (getDraftMessages), matched by the message id each draft was made with.
      const messages = new Map(GmailApp.getDraftMessages().map((m) => [m.getId(), m]));
      for (const [id, draft] of made) {
        try {
          const message = messages.get(draft.getMessageId()) ?? draft.getMessage();
          threads.set(id, message.getThread().getId());
        } catch {
          // Gone already (the owner deleted it): its row's スレッドID stays blank, and the next run settles it.
        }
      }
      return threads;
    },
    fates(drafts) {
      const fates = new Map<string, DraftFate>();
      if (drafts.length === 0) return fates;
      let open: Map<string, OpenDraft>;
      let failed: Map<string, unknown>;
      let owner: Set<string>;
      try {
        const found = openDrafts(new Set(drafts.map((d) => d.draftId)));
        listed = found.drafts;
        ({ open, failed } = found);
        owner = new Set([mailboxOwner(), ...GmailApp.getAliases()].map((a) => a.toLowerCase()));
      } catch (error) {
        for (const d of drafts) fates.set(d.draftId, { kind: 'unknown', error: errorText(error) });
        return fates;
      }
      let sent: Map<string, Message[]>;
      try {
        sent = sentThreads(
          drafts.filter((d) => !open.has(d.draftId) && !failed.has(d.draftId)),
          owner,
        );
      } catch {
        sent = new Map(); // each thread is then asked for on its own, below
      }
      for (const draft of drafts) {
        try {
          if (failed.has(draft.draftId)) throw failed.get(draft.draftId);
          const current = open.get(draft.draftId);
          if (current) {
            // As it is now: a changed subject gives it a new thread, where its sent message will be.
            fates.set(draft.draftId, current);
            continue;
          }
          // Sending a draft keeps its thread; when the thread is gone (a new subject moved it, or it was deleted
          // for good) the sent mail is looked for by recipient and subject before anything is concluded.
          const inThread = sent.get(draft.threadId);
          const at =
            (inThread ? earliest(sentByOwner(inThread, owner)) : sentInThread(draft, owner)) ??
            sentBySearch(draft, owner);
          fates.set(draft.draftId, at ? { kind: 'sent', at } : { kind: 'deleted' });
        } catch (error) {
          fates.set(draft.draftId, { kind: 'unknown', error: errorText(error) });
        }
      }
      return fates;
    },
    existing() {
      const found = new Map<string, DraftRef>();
      const { drafts, open } = openDrafts();
      listed = drafts;
      for (const [draftId, { to, subject, threadId }] of open)
        found.set(draftLookupKey(to, subject), { draftId, threadId });
      return found;
    },
    send(draftId) {
      // GmailDraft.send() "Sends this draft email message" and returns the message sent
      // (https://developers.google.com/apps-script/reference/gmail/gmail-draft#send()); the draft is gone after.
      // What it returns is the sent mail itself: no search is needed to know it went (a new message may take a
      // moment to show in its thread). A draft already sent or deleted throws, as GmailApp.getDraft would.
      const sent = draftById(draftId).send();
      return { at: new Date(sent.getDate().getTime()), threadId: sent.getThread().getId() };
    },
    discard(draftId) {
      try {
        draftById(draftId).deleteDraft();
      } catch {
        // Already sent or deleted by the owner: nothing left to discard.
      }
    },
  };
}

type Message = GoogleAppsScript.Gmail.GmailMessage;

/**
 * Every open draft by its draft id, in two mailbox reads whatever their number: getDrafts lists them, and
 * getDraftMessages "Retrieves all draft messages"
 * (https://developers.google.com/apps-script/reference/gmail/gmail-app#getDraftMessages()), matched to their
 * draft by GmailDraft.getMessageId, "the ID of the GmailMessage representing this draft"
 * (https://developers.google.com/apps-script/reference/gmail/gmail-draft#getMessageId()). A draft is known by
 * its draft id: editing it in Gmail changes its message id, never the draft's. A draft edited between the two
 * reads has a message id the second did not see, and is read on its own. Only the drafts `wanted` are resolved
 * (all of them when none are named: the owner's own drafts are in the same list).
 */
function openDrafts(wanted?: ReadonlySet<string>): {
  open: Map<string, OpenDraft>;
  drafts: Map<string, GmailDraft>;
  /** Drafts whose message could not be read (gone or failing between the two reads): that draft alone is unknown. */
  failed: Map<string, unknown>;
} {
  const listed = GmailApp.getDrafts();
  const drafts = new Map(listed.map((d) => [d.getId(), d]));
  const open = new Map<string, OpenDraft>();
  const failed = new Map<string, unknown>();
  const asked = wanted ? listed.filter((d) => wanted.has(d.getId())) : listed;
  if (asked.length === 0) return { open, drafts, failed };
  const messages = new Map(GmailApp.getDraftMessages().map((m) => [m.getId(), m]));
  for (const draft of asked) {
    const id = draft.getId();
    try {
      const message = messages.get(draft.getMessageId()) ?? draft.getMessage();
      open.set(id, {
        kind: 'draft',
        threadId: message.getThread().getId(),
        subject: message.getSubject(),
        to: message.getTo(),
      });
    } catch (error) {
      failed.set(id, error);
    }
  }
  return { open, drafts, failed };
}

/** The owner's sent messages among these: not a draft, and from the mailbox's own address or an alias. */
function sentByOwner(messages: readonly Message[], owner: ReadonlySet<string>): Message[] {
  return messages.filter((m) => !m.isDraft() && recipientAddresses(m.getFrom()).some((a) => owner.has(a)));
}

/** The earliest of these messages' dates: a customer's later reply never moves when the owner sent. */
function earliest(messages: readonly Message[]): Date | undefined {
  const times = messages.map((m) => m.getDate().getTime());
  return times.length > 0 ? new Date(Math.min(...times)) : undefined;
}

/**
 * When the owner sent the draft's thread, or undefined when the thread holds no sent message. getThreadById
 * returns "the thread with the given ID or null if not found"
 * (https://developers.google.com/apps-script/reference/gmail/gmail-app#getThreadById(String)).
 */
function sentInThread(draft: TrackedDraft, owner: ReadonlySet<string>): Date | undefined {
  if (!draft.threadId) return undefined;
  const thread = GmailApp.getThreadById(draft.threadId) as GoogleAppsScript.Gmail.GmailThread | null;
  return thread ? earliest(sentByOwner(thread.getMessages(), owner)) : undefined;
}

/** The most threads one GmailApp.search returns (its max; later ones are asked for one by one). */
const SENT_PAGE = 500;

/**
 * The messages of the gone drafts' threads that hold mail the owner sent since the earliest of them, in two
 * mailbox reads however many drafts went out: one search of the sent mail (after: in seconds, as sentWithSubject)
 * and getMessagesForThreads, "Retrieve all messages in the specified threads"
 * (https://developers.google.com/apps-script/reference/gmail/gmail-app#getMessagesForThreads(GmailThread)). A
 * thread not among them (in the Trash, past the page, or holding no sent mail) is not here: the caller asks for it
 * by its id, as it always did. With one thread or none, asking by id is as cheap.
 */
function sentThreads(gone: readonly TrackedDraft[], owner: ReadonlySet<string>): Map<string, Message[]> {
  const wanted = new Set(gone.map((d) => d.threadId).filter(Boolean));
  if (wanted.size < 2 || owner.size === 0) return new Map();
  const since = Math.floor(Math.min(...gone.map((d) => d.since.getTime())) / 1000);
  const threads = GmailApp.search(`in:sent after:${since}`, 0, SENT_PAGE).filter((t) =>
    wanted.has(t.getId()),
  );
  if (threads.length === 0) return new Map();
  const messages = GmailApp.getMessagesForThreads(threads);
  return new Map(threads.map((thread, i) => [thread.getId(), messages[i] ?? []]));
}

/** Threads one search looks at: the owner's sent mail to one customer with one subject is a short list. */
const SEARCH_PAGE = 20;

/**
 * The owner's sent mail to the draft's recipient with one of its subjects (the last one seen in Gmail first, then
 * the one it was made with), made no earlier than the draft, found with Gmail's search operators
 * (https://support.google.com/mail/answer/7190); the date is given in seconds, since a YYYY/MM/DD date is read as
 * midnight in PST (https://developers.google.com/gmail/api/guides/filtering). The search only finds candidates:
 * recipient, subject and date are then checked exactly.
 */
function sentBySearch(draft: TrackedDraft, owner: ReadonlySet<string>): Date | undefined {
  const address = recipientAddresses(draft.to)[0];
  if (!address || /[\s"]/.test(address)) return undefined;
  const subjects = [...new Set(draft.subjects.map((s) => s.trim()).filter(Boolean))];
  for (const subject of subjects) {
    const at = sentWithSubject(draft, address, subject, owner);
    if (at) return at;
  }
  return undefined;
}

function sentWithSubject(
  draft: TrackedDraft,
  address: string,
  subject: string,
  owner: ReadonlySet<string>,
): Date | undefined {
  const since = Math.floor(draft.since.getTime() / 1000);
  const phrase = subject.replace(/"/g, ' ').replace(/\s+/g, ' ').trim();
  const query = `in:sent to:${address} subject:"${phrase}" after:${since}`;
  const matching = GmailApp.search(query, 0, SEARCH_PAGE).flatMap((thread) =>
    sentByOwner(thread.getMessages(), owner).filter(
      (m) =>
        m.getSubject().trim() === subject &&
        recipientAddresses(m.getTo()).includes(address) &&
        m.getDate().getTime() >= draft.since.getTime(),
    ),
  );
  return earliest(matching);
}
