import { dayOfInstant, isoDay } from '../core/day';
import { heldNote } from '../core/consent';
import { customersById, mailVerdict, type MailRecipient } from '../core/mail-consent';
import type { ContactRecord } from '../core/types';
import { gmailDailyQuota, recipientAddresses, type DraftFate, type MailDrafts } from '../channels/gmail';
import type { ActionReply } from '../shared/sidebar-types';
import { writeWholePlan } from './daily-run';
import { mailOfThisAccount, ownerOnlyMessage } from './owner';
import { followOpenDraft, SENDING_MARK, trackedDraft, withoutSendingMark } from './prepare/mail';
import { openRows, viewOf } from './sidebar-api';
import { loadWorkbook, planOf, withFreshLog, type LoadedWorkbook } from './workbook';

const RELOAD = '一覧を再読み込みしてください。';
/** At most this many drafts in one request: a day's list, not a mailbox. */
const MAX_KEYS = 500;

/**
 * 「選んだ下書きを送信」: sends the chosen Gmail drafts of today's list from the owner's account, as the owner last
 * left them in Gmail, within 1日のメール上限 (emails recorded 送信済 today count), each only if the customer's row
 * allows it at this moment (mailVerdict). A draft the owner already sent from Gmail is recorded 送信済, one deleted
 * is recorded スキップ, as the daily run records them; what is sent is recorded 送信済 the same way (the draft gone and
 * its message in the thread). Another editor's account cannot send the owner's drafts: nothing is done, and said.
 */
export function sendChosenDrafts(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  now: Date,
  request: unknown,
  mail: MailDrafts = mailOfThisAccount(),
): ActionReply {
  const asked = readRequest(request);
  if (!asked) return { ok: false, message: `操作を読み取れませんでした。${RELOAD}` };
  if (mail.ofAnotherAccount) return { ok: false, message: ownerOnlyMessage('Gmailの下書きの送信') };
  const wb = loadWorkbook(ss, now);
  if (asked.today !== isoDay(wb.today)) return { ok: false, message: `日付が変わりました。${RELOAD}` };
  const outcome = send(wb, asked.keys, mail);
  const after = withFreshLog(wb);
  const plan = planOf(after);
  writeWholePlan(after, plan.customers);
  return { ok: outcome.ok, message: outcome.message, view: viewOf(after, plan) };
}

function readRequest(request: unknown): { keys: string[]; today: string } | null {
  if (typeof request !== 'object' || request === null) return null;
  const { keys, today } = request as Record<string, unknown>;
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > MAX_KEYS || typeof today !== 'string')
    return null;
  if (!keys.every((k): k is string => typeof k === 'string' && k.trim() !== '')) return null;
  return { keys: [...new Set(keys)], today };
}

interface Sent {
  ok: boolean;
  message: string;
}

function send(wb: LoadedWorkbook, keys: readonly string[], mail: MailDrafts): Sent {
  const plan = planOf(wb);
  const drafted = new Map(
    openRows(wb, plan)
      .filter((r) => r.channel === 'メール' && r.state === '下書き' && r.draftId && r.key)
      .map((r) => [r.key, r]),
  );
  const chosen = keys.map((k) => drafted.get(k)).filter((r): r is ContactRecord => r !== undefined);
  const said: string[] = [];
  const byId = customersById(wb.customers);
  // A draft no longer on today's list since it was shown (its window ended, the customer's row changed): not sent,
  // and the owner is told why (the plan and the next run decide what becomes of it).
  const closing = new Map(plan.closed.map((c) => [c.record.key, c]));
  let gone = 0;
  for (const key of keys) {
    if (drafted.has(key)) continue;
    const lapsed =
      closing.get(key)?.record ??
      wb.records.find((r) => r.key === key && r.state === '下書き' && r.channel === 'メール');
    if (!lapsed || lapsed.state !== '下書き' || lapsed.channel !== 'メール') {
      gone++;
      continue;
    }
    const verdict = mailVerdict(recipientOf(lapsed, wb, undefined), byId);
    // Its rule, checking again now, says it is never to go (S11: the booking moved, was cleared, cancelled or
    // passed): skipped now, in the owner's words, its draft deleted, as a contact closed at sending is.
    if (verdict.kind === 'close' && verdict.logNote) {
      mail.discard(lapsed.draftId);
      wb.log.update(lapsed.index, { state: 'スキップ', at: wb.now, note: verdict.logNote });
    }
    const because = closing.get(key)?.note;
    const why =
      verdict.kind !== 'send'
        ? verdict.note
        : `予定が変わったため、送りませんでした${because ? `（${because}）` : ''}。${RELOAD}`;
    said.push(`${lapsed.name} 様: ${why}`);
  }
  if (chosen.length === 0) {
    wb.log.flush();
    return {
      ok: false,
      message: said.length > 0 ? said.join('') : `選んだメールの下書きが見つかりませんでした。${RELOAD}`,
    };
  }
  const sentToday = wb.records.filter(
    (r) => r.channel === 'メール' && r.state === '送信済' && r.at === wb.today,
  ).length;

  // What Gmail says of each now: sent by the owner already, deleted, or still a draft (followed, so its thread is
  // the one its sent message will be in).
  const before = mail.fates(chosen.map((r) => trackedDraft(r, wb.timeZone)));
  const names = (rows: readonly ContactRecord[]) => rows.map((r) => `${r.name} 様`).join('、');
  const already: ContactRecord[] = [];
  const deleted: ContactRecord[] = [];
  const unknown: ContactRecord[] = [];
  const open: ContactRecord[] = [];
  let sentTodayAfter = sentToday;
  for (const r of chosen) {
    const fate = before.get(r.draftId);
    if (fate?.kind === 'draft') {
      followOpenDraft(wb, r, fate);
      open.push(r);
    } else if (fate?.kind === 'sent') {
      recordSent(wb, r, fate.at);
      if (dayOfInstant(fate.at, wb.timeZone) === wb.today) sentTodayAfter++;
      already.push(r);
    } else if (fate?.kind === 'deleted') {
      wb.log.update(r.index, { state: 'スキップ', at: wb.now, note: '下書きが送信されずに削除されました' });
      deleted.push(r);
    } else unknown.push(r);
  }

  // Consent as the customer's row says now, then what the plan holds by data to fix (contract 3: held is not sent).
  const ready: ContactRecord[] = [];
  const closed: ContactRecord[] = [];
  const held: { r: ContactRecord; note: string }[] = [];
  for (const r of open) {
    const verdict = mailVerdict(recipientOf(r, wb, before.get(r.draftId)), byId);
    const holding = plan.heldKeys.get(r.key);
    if (verdict.kind === 'send' && holding) held.push({ r, note: heldNote('メール', holding) });
    else if (verdict.kind === 'send') ready.push(r);
    else if (verdict.kind === 'withdraw') held.push({ r, note: verdict.note });
    else {
      mail.discard(r.draftId);
      wb.log.update(r.index, { state: 'スキップ', at: wb.now, note: verdict.logNote ?? verdict.note });
      closed.push(r);
    }
  }

  // The day's limit: what was sent today counts.
  const room = Math.max(0, wb.settings.dailyEmailLimit - sentTodayAfter);
  const batch = ready.slice(0, room);
  const overLimit = ready.slice(room);

  // Intent first: the rows say they are being sent before anything goes out.
  const notes = new Map(batch.map((r) => [r.index, withoutSendingMark(r.note) ?? r.note]));
  for (const r of batch) wb.log.update(r.index, { note: `${SENDING_MARK}${notes.get(r.index) ?? ''}` });
  wb.log.flush();

  // What GmailDraft.send() returns is the message sent: recorded 送信済 from it, at once.
  const sent: ContactRecord[] = [];
  const threw: { r: ContactRecord; error: string; quota: boolean }[] = [];
  let quota: 'email' | 'gmail' | null = null;
  let tried = 0;
  for (const r of batch) {
    if (quota) break;
    tried++;
    try {
      const went = mail.send(r.draftId);
      recordSent(wb, r, went.at, notes.get(r.index), went.threadId);
      sent.push(r);
    } catch (error) {
      quota = gmailDailyQuota(error);
      threw.push({ r, error: error instanceof Error ? error.message : String(error), quota: quota !== null });
    }
  }
  const notTried = batch.slice(tried);
  for (const r of notTried) wb.log.update(r.index, { note: notes.get(r.index) ?? '' });

  // A quota refusal sends nothing (https://developers.google.com/apps-script/guides/services/quotas). Any other
  // error may come after Gmail sent it (a time-out): Gmail is asked. Still a draft: not sent. Gone: sent (recorded),
  // or not to be concluded here — the mark stays and the next run settles it from Gmail.
  const unsent = threw.filter((t) => t.quota);
  const asked = threw.filter((t) => !t.quota);
  const after = mail.fates(asked.map(({ r }) => trackedDraft(r, wb.timeZone)));
  for (const failed of asked) {
    const { r } = failed;
    const fate: DraftFate | undefined = after.get(r.draftId);
    if (fate?.kind === 'draft') unsent.push(failed);
    else if (fate?.kind === 'sent') {
      recordSent(wb, r, fate.at, notes.get(r.index));
      sent.push(r);
    } else unknown.push(r);
  }
  for (const { r } of unsent) wb.log.update(r.index, { note: notes.get(r.index) ?? '' });
  wb.log.flush();

  if (sent.length > 0) said.push(`メール${sent.length}件を送信しました（${names(sent)}）。`);
  if (already.length > 0)
    said.push(`${names(already)}へのメールはGmailから送信済みでした。送信済として記録しました。`);
  if (deleted.length > 0)
    said.push(
      `${names(deleted)}への下書きはGmailで削除されていたため、送っていません（スキップとして記録しました）。`,
    );
  if (closed.length > 0)
    said.push(`${names(closed)}は配信停止（メール）になっていたため、送らずに下書きを削除しました。`);
  for (const { r, note } of held) said.push(`${r.name} 様: ${note}`);
  const failed = unsent.filter((u) => !u.quota);
  const waiting = [...unsent.filter((u) => u.quota).map(({ r }) => r), ...notTried, ...overLimit];
  if (quota === 'email')
    said.push(
      `Gmailの1日の送信数の上限に達したため、${waiting.length}件は送っていません（${names(waiting)}）。下書きは残っています。明日以降にもう一度選んでください。`,
    );
  else if (quota === 'gmail')
    said.push(
      `Gmailの1日の利用回数の上限に達したため、${waiting.length}件は送っていません（${names(waiting)}）。下書きは残っています。明日以降にもう一度選んでください。`,
    );
  else if (overLimit.length > 0)
    said.push(
      wb.settings.dailyEmailLimit === 0
        ? `設定「1日のメール上限」が0件のため、${waiting.length}件は送っていません（${names(waiting)}）。下書きは残っています。送るときは、「設定」タブ（メニュー「設定」で開きます）で「1日のメール上限」を1件以上にしてから、もう一度選んでください。`
        : `設定「1日のメール上限」（${wb.settings.dailyEmailLimit}件）に達したため、${waiting.length}件は送っていません（${names(waiting)}）。下書きは残っています。明日もう一度選んでください。`,
    );
  const badAddress = failed.filter(({ error }) => /invalid email/i.test(error)).map(({ r }) => r);
  const otherwise = failed.filter(({ r }) => !badAddress.includes(r)).map(({ r }) => r);
  if (badAddress.length > 0)
    said.push(
      `${names(badAddress)}へのメールは、宛先のメールアドレスが正しくないため送れませんでした。下書きは残っています。顧客シートの「メール」とGmailの下書きの宛先を正しいアドレスに直してから、もう一度選んでください。`,
    );
  if (otherwise.length > 0)
    said.push(
      `${names(otherwise)}へのメールは、Gmailで送れませんでした。下書きは残っています。しばらくしてから、もう一度選んでください（続くときはGmailで下書きを開いて送ってください）。`,
    );
  if (unknown.length > 0)
    said.push(
      `${names(unknown)}へのメールが送信されたかどうか、Gmailに確認できませんでした。次の実行で確かめて記録します（二重には送りません）。`,
    );
  if (gone > 0) said.push(`${gone}件は下書きの状態ではなくなっていました。${RELOAD}`);
  return { ok: sent.length > 0 || already.length > 0, message: said.join('') };
}

/** The email as mailVerdict checks it: its step, the address it was made with and the one Gmail has now. */
function recipientOf(r: ContactRecord, wb: LoadedWorkbook, fate: DraftFate | undefined): MailRecipient {
  return {
    customerId: r.customerId,
    key: r.key,
    step: r.step,
    madeTo: trackedDraft(r, wb.timeZone).to,
    sending: {
      now: wb.moment,
      lostHeader: (header) => wb.missingHeaders.has(header),
      slots: () => wb.slots,
    },
    ...(fate?.kind === 'draft' ? { draftTo: recipientAddresses(fate.to) } : {}),
  };
}

/** 送信済 as the daily run records a draft the owner sent: its 日時 is when it was sent (and its thread, known). */
function recordSent(wb: LoadedWorkbook, r: ContactRecord, at: Date, note?: string, threadId?: string): void {
  wb.log.update(r.index, {
    state: '送信済',
    at,
    ...(note !== undefined ? { note } : {}),
    ...(threadId && threadId !== r.threadId ? { threadId } : {}),
  });
}
