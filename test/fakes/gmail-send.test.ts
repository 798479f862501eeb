/**
 * GmailDraft.send() as the fake models it (https://developers.google.com/apps-script/reference/gmail/gmail-draft#send()):
 * the message sent comes back, the draft is gone (a second send throws, like getMessage() after deleteDraft()), the
 * draft goes as it now is, and the recipients count against "Email recipients per day" — past it the call throws
 * "Service invoked too many times for one day: email." and sends nothing
 * (https://developers.google.com/apps-script/guides/services/quotas).
 */
import { FakeClock } from './clock';
import { createFakeServices } from './index';

function mailbox(now = '2026-11-22T00:00:00Z') {
  const clock = new FakeClock(now);
  const services = createFakeServices({
    spreadsheet: { id: 's', name: 'n', timeZone: 'Asia/Tokyo', sheets: [{ name: '顧客', values: [['x']] }] },
    clock,
  });
  return { gmail: services.gmail, clock };
}

describe('GmailDraft.send()', () => {
  test('returns the message sent; the draft is gone and a second send throws', () => {
    const { gmail: box } = mailbox();
    const draft = box.createDraft('a@example.jp', '件名', '本文');
    const threadId = draft.getMessage().getThread().getId();
    const message = draft.send();
    expect(message.getSubject()).toBe('件名');
    expect(message.getThread().getId()).toBe(threadId);
    expect(message.isDraft()).toBe(false);
    expect(box.draftRecords()).toEqual([]);
    expect(box.sentRecords().map((m) => m.to)).toEqual(['a@example.jp']);
    expect(() => draft.send()).toThrow('Invalid argument: draftId');
    expect(box.sentRecords()).toHaveLength(1);
  });

  test('a draft the owner edited goes as edited', () => {
    const { gmail: box } = mailbox();
    const draft = box.createDraft('a@example.jp', '件名', '本文');
    box.ownerEditsDraft(draft.getId(), { body: '直した本文' });
    expect(box.getDraft(draft.getId()).send().getPlainBody()).toBe('直した本文');
  });

  test('a deleted draft cannot be sent', () => {
    const { gmail: box } = mailbox();
    const draft = box.createDraft('a@example.jp', '件名', '本文');
    box.ownerDeletesDraft(draft.getId());
    expect(() => draft.send()).toThrow('Invalid argument: draftId');
    expect(box.sentRecords()).toEqual([]);
  });

  test('the daily recipient quota (100 for a consumer account) stops a send before it goes, until 24 hours pass', () => {
    const { gmail: box, clock } = mailbox();
    expect(box.dailyRecipientQuota).toBe(100);
    box.dailyRecipientQuota = 2;
    const drafts = ['a', 'b', 'c'].map((n) => box.createDraft(`${n}@example.jp`, '件名', '本文'));
    drafts[0].send();
    drafts[1].send();
    expect(() => drafts[2].send()).toThrow('Service invoked too many times for one day: email.');
    expect(box.sentRecords()).toHaveLength(2);
    expect(box.draftRecords()).toHaveLength(1);
    // The owner's own sending in Gmail is not the script's quota.
    box.ownerSendsDraft(drafts[2].getId());
    expect(box.sentRecords()).toHaveLength(3);
    const later = box.createDraft('d@example.jp', '件名', '本文');
    clock.advance(24 * 60 * 60 * 1000);
    expect(() => later.send()).not.toThrow();
  });
});
