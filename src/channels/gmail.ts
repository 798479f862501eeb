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

export type DraftFate = 'draft' | 'sent' | 'deleted';

export interface MailDrafts {
  create(request: DraftRequest): DraftRef;
  /** What became of earlier drafts: still a draft, sent by the owner, or deleted unsent. */
  fates(refs: readonly DraftRef[]): Map<string, DraftFate>;
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
        fates.set(ref.draftId, 'draft');
        continue;
      }
      // Sending a draft keeps its thread; deleting an unsent draft removes a thread that held only it.
      fates.set(ref.draftId, threadWasSent(ref.threadId) ? 'sent' : 'deleted');
    }
    return fates;
  },
};

function threadWasSent(threadId: string): boolean {
  if (!threadId) return false;
  try {
    const thread: GoogleAppsScript.Gmail.GmailThread | null = GmailApp.getThreadById(threadId);
    return thread !== null && thread.getMessages().some((m) => !m.isDraft());
  } catch {
    return false; // Gmail throws for a thread that no longer exists.
  }
}
