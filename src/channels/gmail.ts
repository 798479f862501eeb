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

export type DraftFate = { kind: 'draft' } | { kind: 'sent'; at: Date } | { kind: 'deleted' };

export interface MailDrafts {
  create(request: DraftRequest): DraftRef;
  /** What became of earlier drafts: still a draft, sent by the owner (and when), or deleted unsent. */
  fates(refs: readonly DraftRef[]): Map<string, DraftFate>;
  /** Deletes a draft that must not go out any more (its window closed). */
  discard(draftId: string): void;
  /**
   * Every draft by recipient and subject (see draftLookupKey): a run interrupted between creating a draft and
   * recording its id left no id behind, so the next run finds the draft this way instead of making a second.
   */
  existing(): Map<string, DraftRef>;
}

export function draftLookupKey(to: string, subject: string): string {
  return `${to.trim().toLowerCase()}\n${subject}`;
}

export const gmailDrafts: MailDrafts = {
  create(request) {
    const draft = GmailApp.createDraft(request.to, request.subject, request.body, {
      htmlBody: request.htmlBody,
      name: request.senderName || undefined,
    });
    return { draftId: draft.getId(), threadId: draft.getMessage().getThread().getId() };
  },
  fates(refs) {
    const fates = new Map<string, DraftFate>();
    if (refs.length === 0) return fates;
    const open = new Set(GmailApp.getDrafts().map((d) => d.getId()));
    for (const ref of refs) {
      if (open.has(ref.draftId)) {
        fates.set(ref.draftId, { kind: 'draft' });
        continue;
      }
      // Sending a draft keeps its thread; deleting an unsent draft removes a thread that held only it.
      const sentAt = sentDate(ref.threadId);
      fates.set(ref.draftId, sentAt ? { kind: 'sent', at: sentAt } : { kind: 'deleted' });
    }
    return fates;
  },
  existing() {
    const found = new Map<string, DraftRef>();
    for (const draft of GmailApp.getDrafts()) {
      const message = draft.getMessage();
      found.set(draftLookupKey(message.getTo(), message.getSubject()), {
        draftId: draft.getId(),
        threadId: message.getThread().getId(),
      });
    }
    return found;
  },
  discard(draftId) {
    try {
      GmailApp.getDraft(draftId).deleteDraft();
    } catch {
      // Already sent or deleted by the owner: nothing left to discard.
    }
  },
};

/** When the owner sent the draft's message, or undefined when its thread holds no sent message. */
function sentDate(threadId: string): Date | undefined {
  if (!threadId) return undefined;
  try {
    const thread: GoogleAppsScript.Gmail.GmailThread | null = GmailApp.getThreadById(threadId);
    const sent = thread?.getMessages().filter((m) => !m.isDraft()) ?? [];
    return sent.length > 0 ? new Date(sent[sent.length - 1].getDate().getTime()) : undefined;
  } catch {
    return undefined; // Gmail throws for a thread that no longer exists.
  }
}
