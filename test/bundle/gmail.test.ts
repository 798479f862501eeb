/**
 * Gmail as it is: the owner edits a draft before sending it (a new message id), the customer answers in the same
 * thread, a conversation is deleted, Gmail fails — and 連絡履歴 still says what really happened.
 */
import type { CellValue } from '../fakes';
import {
  C1_MAIL,
  customerSheet,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  wall,
  type Tsunagu,
} from './harness';

const KEY = 'C1|S1|お伺い|2026-11-20';
const SERVER_ERROR = "We're sorry, a server error occurred. Please wait a bit and try again.";
const DAILY_LIMIT = 'Service invoked too many times for one day: gmail.';

const run = (t: Tsunagu) => t.call('runDailyFollowUps');
const row = (t: Tsunagu) => t.records('連絡履歴').find((r) => r['キー'] === KEY) as Record<string, CellValue>;
const nextDay = (t: Tsunagu) => t.records('顧客').find((r) => r['顧客ID'] === 'C1')?.['次回連絡日'];
const act = (t: Tsunagu, action: string) =>
  t.call<{ ok: boolean; message: string }>('applyFollowUpAction', { keys: [KEY], action });

/** C1's お伺い drafted by the run of 2026-11-22 08:00; the draft's ids and what it was made with. */
function drafted() {
  const t = loadTsunagu({
    sheets: [customerSheet([{ ...C1_MAIL, 満足度: '' }]), settingsSheet(SHOP_SETTINGS), logSheet([])],
    today: '2026-11-22',
  });
  run(t);
  const [draft] = t.services.gmail.draftRecords();
  expect(row(t)).toMatchObject({ 状態: '下書き', 下書きID: draft.id, スレッドID: draft.message.threadId });
  return { t, draftId: draft.id, threadId: draft.message.threadId, subject: draft.message.subject };
}

/** 送信済, dated when the owner sent it; the 電話確認 counts its 5 days from then. */
function expectSentAt(t: Tsunagu, isoDay: string, hour: number) {
  expect(row(t)).toMatchObject({ 状態: '送信済', 日時: new Date(wall(isoDay, hour)) });
  const [y, m, d] = isoDay.split('-').map(Number);
  expect(nextDay(t)).toEqual(
    new Date(wall(new Date(Date.UTC(y, m - 1, d + 5)).toISOString().slice(0, 10), 0)),
  );
}

/** Fails the named Gmail calls with an error of Apps Script's. */
function failing(t: Tsunagu, methods: readonly string[], message: string) {
  t.services.calls.onCall = (service, method) => {
    if (service === 'GmailApp' && methods.includes(method)) throw new Error(message);
  };
}

describe('a draft the owner edits in Gmail', () => {
  test('is still known by its draft id: edited (new message id, recipient as 佐藤 美咲 <…>) and then sent, it is 送信済 on the day it went out', () => {
    const { t, draftId } = drafted();
    t.at('2026-11-22', 10);
    const before = t.services.gmail.draftRecords()[0].message.id;
    t.services.gmail.ownerEditsDraft(draftId, {
      to: '佐藤 美咲 <misaki@example.jp>',
      body: '書き直しました',
    });
    expect(t.services.gmail.draftRecords()[0].message.id).not.toBe(before);

    t.at('2026-11-23', 8);
    run(t);
    expect(row(t)).toMatchObject({ 状態: '下書き', 下書きID: draftId });
    expect(t.services.gmail.draftRecords()).toHaveLength(1); // recognised, not drafted again

    t.at('2026-11-23', 15);
    t.services.gmail.ownerSendsDraft(draftId);
    t.at('2026-11-24', 8);
    run(t);
    expectSentAt(t, '2026-11-23', 15);
  });

  test('a run interrupted before recording the draft finds it again after the owner made the recipient 佐藤 美咲 <…>', () => {
    const t = loadTsunagu({
      sheets: [customerSheet([{ ...C1_MAIL, 満足度: '' }]), settingsSheet(SHOP_SETTINGS), logSheet([])],
      today: '2026-11-22',
    });
    // The run dies right after Gmail made the draft, before its id reached 連絡履歴.
    failing(t, ['GmailDraft.getId'], 'Exceeded maximum execution time');
    try {
      run(t);
    } catch {
      // the time limit
    }
    t.services.calls.onCall = undefined;
    const [draft] = t.services.gmail.draftRecords();
    expect(row(t)['下書きID']).toBe('');
    t.services.gmail.ownerEditsDraft(draft.id, { to: '佐藤 美咲 <misaki@example.jp>' });
    t.at('2026-11-22', 9);
    run(t);
    expect(t.services.gmail.draftRecords().map((d) => d.id)).toEqual([draft.id]);
    expect(row(t)).toMatchObject({ 状態: '下書き', 下書きID: draft.id });
  });
});

describe('a subject the owner changes in Gmail', () => {
  /** The row's cells other than スレッドID and 内容, which following an open draft may change. */
  const untouched = (t: Tsunagu) => {
    const { スレッドID: _thread, 内容: _content, ...rest } = row(t);
    return rest;
  };

  test('seen by a run while the draft is open: only スレッドID and 件名 follow it, the link opens it, and sent before the next run it is 送信済', () => {
    const { t, draftId, threadId, subject } = drafted();
    t.at('2026-11-22', 20);
    const edited = t.services.gmail.ownerEditsDraft(draftId, { subject: `${subject}（再送）` });
    expect(edited.message.threadId).not.toBe(threadId);
    const before = untouched(t);

    t.at('2026-11-23', 8);
    run(t);
    expect(untouched(t)).toEqual(before);
    expect(row(t)['スレッドID']).toBe(edited.message.threadId);
    expect(row(t)['内容']).toContain(`件名: ${subject}（再送）\n元の件名: ${subject}\n`);
    const view = t.call<{ groups: { items: { key: string; draftUrl: string | null }[] }[] }>(
      'getTodayFollowUps',
    );
    const url = view.groups.flatMap((g) => g.items).find((i) => i.key === KEY)?.draftUrl;
    expect(url).toContain(`compose=${edited.message.threadId}`);
    // A run that finds the draft as it was recorded writes nothing.
    const recorded = row(t);
    t.at('2026-11-23', 9);
    run(t);
    expect(row(t)).toEqual(recorded);

    t.at('2026-11-23', 15);
    t.services.gmail.ownerSendsDraft(draftId);
    t.at('2026-11-24', 8);
    run(t);
    expectSentAt(t, '2026-11-23', 15);
  });

  test.each([
    ['changed back to the subject it was made with', (s: string) => s],
    ['changed back and forth to the subject last seen', (s: string) => `${s}（再送）`],
  ])(
    'changed again after the run saw it and sent before the next run (%s): found in sent mail by that subject',
    (_, finalSubject) => {
      const { t, draftId, subject } = drafted();
      t.at('2026-11-22', 20);
      t.services.gmail.ownerEditsDraft(draftId, { subject: `${subject}（再送）` });
      t.at('2026-11-23', 8);
      run(t);
      t.at('2026-11-23', 14);
      t.services.gmail.ownerEditsDraft(draftId, { subject: `${subject}（仮）` });
      t.services.gmail.ownerEditsDraft(draftId, { subject: finalSubject(subject) });
      t.at('2026-11-23', 15);
      t.services.gmail.ownerSendsDraft(draftId);
      t.at('2026-11-24', 8);
      run(t);
      expectSentAt(t, '2026-11-23', 15);
    },
  );

  test('changed back while open: 内容 says the subject it was made with again, without 元の件名', () => {
    const { t, draftId, subject } = drafted();
    const content = row(t)['内容'];
    t.services.gmail.ownerEditsDraft(draftId, { subject: `${subject}（再送）` });
    t.at('2026-11-23', 8);
    run(t);
    t.services.gmail.ownerEditsDraft(draftId, { subject });
    t.at('2026-11-23', 9);
    run(t);
    expect(row(t)['内容']).toBe(content);
  });
});

describe('reading the open drafts', () => {
  test('costs two mailbox reads whatever their number: no draft is fetched on its own', () => {
    const { t } = drafted();
    t.at('2026-11-23', 8);
    t.services.calls.reset();
    run(t);
    expect(t.services.calls.count('GmailApp', 'getDrafts')).toBe(1);
    expect(t.services.calls.count('GmailApp', 'getDraftMessages')).toBe(1);
    expect(t.services.calls.count('GmailApp', 'GmailDraft.getMessage')).toBe(0);
  });

  test('a draft the owner edits between the list and the messages is read on its own, as it now is', () => {
    const { t, draftId, subject } = drafted();
    t.at('2026-11-23', 8);
    let edited: ReturnType<typeof t.services.gmail.ownerEditsDraft> | undefined;
    t.services.calls.onCall = (service, method) => {
      if (service === 'GmailApp' && method === 'getDraftMessages' && !edited)
        edited = t.services.gmail.ownerEditsDraft(draftId, { subject: `${subject}（再送）` });
    };
    t.services.calls.reset();
    run(t);
    expect(edited).toBeDefined();
    expect(t.services.calls.count('GmailApp', 'GmailDraft.getMessage')).toBe(1);
    expect(row(t)).toMatchObject({ 状態: '下書き', スレッドID: edited?.message.threadId });
    expect(row(t)['内容']).toContain(`件名: ${subject}（再送）\n元の件名: ${subject}\n`);
  });
});

describe('when the owner sent it', () => {
  test("is the owner's message: the customer's reply days later moves neither the date nor counts as sent", () => {
    const { t, draftId, threadId } = drafted();
    t.at('2026-11-22', 15);
    t.services.gmail.ownerSendsDraft(draftId);
    t.services.gmail.customerReplies(
      threadId,
      'ありがとうございます。腰の調子は良いです',
      wall('2026-11-25', 20),
    );
    t.at('2026-11-26', 8);
    run(t);
    expectSentAt(t, '2026-11-22', 15);
    const messages = t.services.gmail.receivedRecords();
    expect(messages).toEqual([expect.objectContaining({ threadId, from: 'misaki@example.jp' })]);
  });

  test('the sidebar records the send date too when the owner skips a draft already sent and answered', () => {
    const { t, draftId, threadId } = drafted();
    t.at('2026-11-22', 15);
    t.services.gmail.ownerSendsDraft(draftId);
    t.services.gmail.customerReplies(threadId, 'はい', wall('2026-11-22', 18));
    t.at('2026-11-22', 19);
    expect(act(t, 'skip')).toMatchObject({ ok: true, message: expect.stringContaining('送信済みでした') });
    expect(row(t)).toMatchObject({ 状態: '送信済', 日時: new Date(wall('2026-11-22', 15)) });
  });

  test('a conversation the owner deleted after sending is in the Trash, and still sent', () => {
    const { t, draftId, threadId } = drafted();
    t.at('2026-11-22', 15);
    t.services.gmail.ownerSendsDraft(draftId);
    t.services.gmail.ownerDeletesThread(threadId);
    t.at('2026-11-23', 8);
    run(t);
    expectSentAt(t, '2026-11-22', 15);
  });

  test('a thread that is gone (the subject was changed and changed back) is found in sent mail by recipient and subject', () => {
    const { t, draftId, threadId, subject } = drafted();
    t.at('2026-11-22', 14);
    t.services.gmail.ownerEditsDraft(draftId, { subject: `${subject}（仮）` });
    t.services.gmail.ownerEditsDraft(draftId, { subject });
    t.at('2026-11-22', 15);
    const sent = t.services.gmail.ownerSendsDraft(draftId);
    expect(sent.threadId).not.toBe(threadId);
    t.at('2026-11-23', 8);
    run(t);
    expectSentAt(t, '2026-11-22', 15);
    expect(t.services.calls.count('GmailApp', 'search')).toBeGreaterThan(0);
  });

  test('a row without スレッドID is found in sent mail by recipient and subject', () => {
    const { t, draftId } = drafted();
    const sheet = t.services.spreadsheet.getSheetByName('連絡履歴');
    if (!sheet) throw new Error('no 連絡履歴');
    const header = sheet.getRange(1, 1, 1, sheet.getLastColumn()).getValues()[0];
    sheet.getRange(2, header.indexOf('スレッドID') + 1).setValue('');
    t.at('2026-11-22', 15);
    t.services.gmail.ownerSendsDraft(draftId);
    t.at('2026-11-23', 8);
    run(t);
    expectSentAt(t, '2026-11-22', 15);
  });
});

describe('many drafts sent since the last run', () => {
  const CUSTOMERS = [
    { ...C1_MAIL, 満足度: '' },
    { ...C1_MAIL, 満足度: '', 顧客ID: 'C2', 氏名: '鈴木 花', メール: 'hana@example.jp' },
    { ...C1_MAIL, 満足度: '', 顧客ID: 'C5', 氏名: '田中 一郎', メール: 'ichiro@example.jp' },
  ];
  const threeCustomers = () =>
    loadTsunagu({
      sheets: [customerSheet(CUSTOMERS), settingsSheet(SHOP_SETTINGS), logSheet([])],
      today: '2026-11-22',
    });
  const rowOf = (t: Tsunagu, id: string) =>
    t.records('連絡履歴').find((r) => r['顧客ID'] === id) as Record<string, CellValue>;

  test('are found in one search of the sent mail and one read of their threads; a thread in the Trash on its own', () => {
    const t = threeCustomers();
    run(t);
    const drafts = t.services.gmail.draftRecords();
    expect(drafts).toHaveLength(3);
    t.at('2026-11-22', 15);
    for (const d of drafts) t.services.gmail.ownerSendsDraft(d.id);
    t.services.gmail.ownerDeletesThread(drafts[2].message.threadId);
    t.at('2026-11-23', 8);
    t.services.calls.reset();
    run(t);
    for (const id of ['C1', 'C2', 'C5'])
      expect(rowOf(t, id)).toMatchObject({ 状態: '送信済', 日時: new Date(wall('2026-11-22', 15)) });
    expect(t.services.calls.count('GmailApp', 'getMessagesForThreads')).toBe(1);
    // Only the thread in the Trash (which a search of the sent mail leaves out) is asked for by its id.
    expect(t.services.calls.count('GmailApp', 'getThreadById')).toBe(1);
  });

  test('made in one run, their threads are asked of Gmail once; if that fails, the next run follows them', () => {
    const t = threeCustomers();
    run(t);
    expect(t.services.calls.count('GmailApp', 'createDraft')).toBe(3);
    expect(t.services.calls.count('GmailApp', 'GmailDraft.getMessage')).toBe(0);
    expect(t.services.calls.count('GmailApp', 'getDraftMessages')).toBe(1);
    const threads = new Map(t.services.gmail.draftRecords().map((d) => [d.id, d.message.threadId]));
    for (const id of ['C1', 'C2', 'C5'])
      expect(rowOf(t, id)['スレッドID']).toBe(threads.get(rowOf(t, id)['下書きID'] as string));

    const u = threeCustomers();
    failing(u, ['getDraftMessages'], SERVER_ERROR);
    run(u);
    for (const id of ['C1', 'C2', 'C5'])
      expect(rowOf(u, id)).toMatchObject({ 状態: '下書き', スレッドID: '' });
    u.services.calls.onCall = undefined;
    u.at('2026-11-22', 9);
    run(u);
    const made = new Map(u.services.gmail.draftRecords().map((d) => [d.id, d.message.threadId]));
    for (const id of ['C1', 'C2', 'C5'])
      expect(rowOf(u, id)['スレッドID']).toBe(made.get(rowOf(u, id)['下書きID'] as string));
  });

  test('one draft gone between the list and its message is unknown alone; the others are followed', () => {
    const t = threeCustomers();
    run(t);
    const [first, second] = t.services.gmail.draftRecords();
    t.at('2026-11-22', 20);
    t.services.gmail.ownerEditsDraft(second.id, { subject: '件名を変えました' });
    t.at('2026-11-23', 8);
    let gone = false;
    t.services.calls.onCall = (service, method) => {
      // Edited since it was listed (its message id is new), then deleted before its message is read on its own.
      if (service === 'GmailApp' && method === 'getDraftMessages' && !gone) {
        gone = true;
        t.services.gmail.ownerEditsDraft(first.id, { subject: 'もう一度' });
        t.services.gmail.ownerDeletesDraft(first.id);
      }
    };
    run(t);
    expect(gone).toBe(true);
    const byDraft = (id: string) =>
      t.records('連絡履歴').find((r) => r['下書きID'] === id) as Record<string, CellValue>;
    // Not concluded from a failed read: still 下書き, and asked again next run (then スキップ, deleted unsent).
    expect(byDraft(first.id)).toMatchObject({ 状態: '下書き' });
    expect(byDraft(second.id)['内容']).toContain('件名: 件名を変えました\n');
    t.services.calls.onCall = undefined;
    t.at('2026-11-24', 8);
    run(t);
    expect(byDraft(first.id)).toMatchObject({ 状態: 'スキップ' });
  });

  test('a failing search decides nothing: each thread is asked for by its id, as before', () => {
    const t = threeCustomers();
    run(t);
    const drafts = t.services.gmail.draftRecords();
    t.at('2026-11-22', 15);
    for (const d of drafts) t.services.gmail.ownerSendsDraft(d.id);
    t.at('2026-11-23', 8);
    failing(t, ['search'], SERVER_ERROR);
    run(t);
    for (const id of ['C1', 'C2', 'C5']) expect(rowOf(t, id)).toMatchObject({ 状態: '送信済' });
    expect(t.services.calls.count('GmailApp', 'getThreadById')).toBe(3);
  });
});

describe('a draft deleted unsent', () => {
  test('is スキップ only when neither the drafts nor the sent mail hold it — other mail to the customer does not count', () => {
    const { t, draftId, threadId, subject } = drafted();
    const gmail = t.services.gmail;
    // The same subject to the customer before the draft was made, another subject after it, the same subject to
    // someone else, and the customer's own mail with that subject: none of them is this draft sent.
    t.at('2026-11-21', 12);
    gmail.sendEmail('misaki@example.jp', subject, '前回のご案内');
    t.at('2026-11-22', 12);
    gmail.sendEmail('misaki@example.jp', '営業時間のお知らせ', '別件');
    gmail.sendEmail('ken@example.jp', subject, '別の方');
    gmail.ownerSendsDraft(gmail.createDraft('misaki@example.jp', 'テスト', 'x').getId());
    gmail.ownerDeletesDraft(draftId);
    expect(gmail.threadMessages(threadId)).toEqual([]);
    t.at('2026-11-23', 8);
    run(t);
    expect(row(t)).toMatchObject({ 状態: 'スキップ', 備考: expect.stringContaining('削除') });
  });
});

describe('Gmail failing during the check decides nothing', () => {
  const points: [string, readonly string[], string][] = [
    ['the drafts cannot be listed (daily quota)', ['getDrafts'], DAILY_LIMIT],
    ['the thread cannot be read', ['getThreadById'], SERVER_ERROR],
    ["the thread's messages cannot be read", ['GmailThread.getMessages'], SERVER_ERROR],
    ['the sent mail cannot be searched', ['search'], SERVER_ERROR],
  ];

  test.each(points)(
    'sent, but %s: the row stays 下書き, and the next run records 送信済 on the right day',
    (_, methods, message) => {
      const { t, draftId, subject } = drafted();
      t.at('2026-11-22', 14);
      // A subject changed and back leaves the recorded thread empty, so the check reaches the search too.
      if (methods.includes('search')) {
        t.services.gmail.ownerEditsDraft(draftId, { subject: `${subject}（仮）` });
        t.services.gmail.ownerEditsDraft(draftId, { subject });
      }
      t.at('2026-11-22', 15);
      t.services.gmail.ownerSendsDraft(draftId);
      t.at('2026-11-23', 8);
      const before = row(t);
      failing(t, methods, message);
      run(t);
      t.services.calls.onCall = undefined;
      expect(row(t)).toEqual(before);
      t.at('2026-11-23', 9);
      run(t);
      expectSentAt(t, '2026-11-22', 15);
    },
  );

  test('deleted unsent, but the search fails: never スキップ on that, only once Gmail has answered', () => {
    const { t, draftId } = drafted();
    t.services.gmail.ownerDeletesDraft(draftId);
    t.at('2026-11-23', 8);
    failing(t, ['search'], SERVER_ERROR);
    run(t);
    t.services.calls.onCall = undefined;
    expect(row(t)['状態']).toBe('下書き');
    t.at('2026-11-23', 9);
    run(t);
    expect(row(t)['状態']).toBe('スキップ');
  });

  test('sent on the last day of its window, but Gmail fails the day after: not closed 期限切れ, 送信済 once Gmail answers', () => {
    const { t, draftId } = drafted();
    t.at('2026-12-13', 15);
    t.services.gmail.ownerSendsDraft(draftId);
    t.at('2026-12-14', 8);
    const before = row(t);
    failing(t, ['getThreadById'], SERVER_ERROR);
    run(t);
    t.services.calls.onCall = undefined;
    expect(row(t)).toEqual(before);
    t.at('2026-12-14', 9);
    run(t);
    expect(row(t)).toMatchObject({ 状態: '送信済', 日時: new Date(wall('2026-12-13', 15)) });
  });

  test('over the daily read quota, the sidebar refuses to skip a draft it cannot check, and says why', () => {
    const { t, draftId } = drafted();
    t.services.gmail.ownerSendsDraft(draftId);
    t.services.gmail.dailyReadQuota = t.services.gmail.reads;
    const reply = act(t, 'skip');
    expect(reply).toMatchObject({
      ok: false,
      message: expect.stringContaining('Gmailに確認できませんでした'),
    });
    expect(row(t)['状態']).toBe('下書き');
    expect(t.services.gmail.sentRecords().filter((m) => m.to === 'misaki@example.jp')).toHaveLength(1);
  });
});

describe('Gmail links', () => {
  test("open the owner's mailbox by address (authuser=), never the browser's first account (/u/0/)", () => {
    const { t, threadId } = drafted();
    const view = t.call<{ groups: { items: { key: string; draftUrl: string | null }[] }[] }>(
      'getTodayFollowUps',
    );
    const url = view.groups.flatMap((g) => g.items).find((i) => i.key === KEY)?.draftUrl ?? '';
    expect(new URL(url).searchParams.get('authuser')).toBe('owner@example.com');
    expect(url).toContain('authuser=owner%40example.com');
    expect(url).toContain(`#drafts?compose=${threadId}`);
    expect(url).not.toContain('/u/0/');
  });
});
