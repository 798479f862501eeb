import { readFlags, taskText } from '../core/flags';
import { isoDay, monthDayJa } from '../core/day';
import { isPendingState } from '../core/history';
import { lineConfig, pushText, retryKeyFor } from '../channels/line-api';
import { reasonUnder, SHEET, stepLabel } from '../labels';
import { mailKindOf } from '../core/forecast';
import { keyRule } from '../core/keys';
import { postageOf } from '../core/postage';
import { openQuestionLines } from './season-limit';
import { noticeHtml, noticeLine, noticePlain, type NoticeDay } from '../core/notice-view';
import type { LoadedWorkbook } from './workbook';
import { missingFor, permissionMessage } from './scopes';
import { documentProperties } from './document-properties';

const LAST_NOTICE_PROPERTY = 'tsunagu.lastNotice';
export const OWNER_LINE_PROPERTY = 'tsunagu.line.ownerUserId';
const IDEOGRAPHIC_SPACE = '\u3000';

/**
 * The owner's morning notice: today's calls with name, number to tap, talking points and reason, and what waits in
 * Gmail, LINE送信 and 手紙 — so the day can be worked from a phone, where Sheets shows no menus or sidebars. By email
 * (HTML with a plain fallback) unless 設定 オーナー通知 says LINE (text; it uses the shop's LINE quota) or なし. Once a day.
 */
export function sendOwnerNotice(wb: LoadedWorkbook, forecast: readonly string[] = []): string {
  const props = documentProperties();
  const today = isoDay(wb.today);
  if (wb.settings.ownerNotice === 'なし' || props.getProperty(LAST_NOTICE_PROPERTY) === today) return '';
  const { subject, body, html, line } = noticeText(wb, forecast);
  const sent = wb.settings.ownerNotice === 'LINE' ? byLineText(line, today) : byEmail(subject, body, html);
  if (sent) props.setProperty(LAST_NOTICE_PROPERTY, today);
  return sent;
}

/**
 * A notice that stands in for the day's (a stopped run's warning): sent the way オーナー通知 says, once a day, and
 * counted as that day's notice.
 */
export function sendOwnerWarning(
  ownerNotice: LoadedWorkbook['settings']['ownerNotice'],
  today: string,
  subject: string,
  body: string,
): string {
  const props = documentProperties();
  if (ownerNotice === 'なし' || props.getProperty(LAST_NOTICE_PROPERTY) === today) return '';
  const sent = ownerNotice === 'LINE' ? byLine(subject, body, today) : byEmail(subject, body);
  if (sent) props.setProperty(LAST_NOTICE_PROPERTY, today);
  return sent;
}

/** Gmail's drafts folder, where the day's emails wait (u/0: the first account signed in on that browser). */
export const GMAIL_DRAFTS_URL = 'https://mail.google.com/mail/u/0/#drafts';

/**
 * The notice in its three forms (core/notice-view.ts): the email's HTML and plain bodies, and the LINE text.
 * `forecast`: the queue the daily limits make, when it is longer than a day (forecastLines).
 */
export function noticeText(
  wb: LoadedWorkbook,
  forecast: readonly string[] = [],
): { subject: string; body: string; html: string; line: string } {
  const day = noticeDay(wb, forecast);
  return { subject: day.subject, body: noticePlain(day), html: noticeHtml(day), line: noticeLine(day) };
}

/** What the notice says of the day: what waits today (or before) on each channel, the calls first. */
export function noticeDay(wb: LoadedWorkbook, forecast: readonly string[] = []): NoticeDay {
  const customers = new Map(wb.customers.map((c) => [c.id, c]));
  const waiting = wb.log
    .records()
    .filter((r) => isPendingState(r.state) && r.channel && (r.plannedDay ?? r.at ?? wb.today) <= wb.today);
  const on = (channel: string) => waiting.filter((r) => r.channel === channel);
  const total = waiting.length;
  const calls = on('電話').map((call) => {
    const title = stepLabel(call.scenario, call.step);
    // 備考 starts with 理由, which names the step again: say it once.
    return {
      name: call.name,
      phone: customers.get(call.customerId)?.phone ?? '',
      title,
      reason: reasonUnder(title, call.note),
      note: call.content,
    };
  });
  // What a message promised the owner must arrange (message-style.md): from the step's task, never the text.
  // A posting time (S10's 年賀状: 「【投函】12月15日〜25日…」) is the same for every card of a season: one line for
  // them all, with their count, not one per household.
  const posting = new Map<string, number>();
  const tasks = waiting.flatMap((r) => {
    const { task } = readFlags(r.flags ?? '');
    if (!task) return [];
    if (task.how !== '投函')
      return [`${r.name} 様${IDEOGRAPHIC_SPACE}${taskText(task)}（${stepLabel(r.scenario, r.step)}）`];
    const line = `${r.step}|${task.what}`;
    posting.set(line, (posting.get(line) ?? 0) + 1);
    return [];
  });
  for (const [line, count] of posting) {
    const [step, when] = line.split('|');
    tasks.push(`${step} ${count}枚：${when}に投函してください`);
  }
  const letters = on('手紙');
  // A letter is a 封書 unless its rule sends はがき (the forecast and 集計 count postage the same way).
  const postcards = letters.filter((r) => r.key && mailKindOf(keyRule(r.key)) === 'postcard').length;
  const url = wb.ss.getUrl();
  // A tab is looked up only when the notice links it (something waits there).
  const tab = (name: string, count: number) => {
    if (count === 0) return url;
    const sheet = wb.ss.getSheetByName(name);
    return sheet ? `${url}#gid=${sheet.getSheetId()}` : url;
  };
  const date = monthDayJa(wb.today);
  const question = openQuestionLines(wb);
  return {
    date,
    subject: `【つなぐ】今日のフォロー ${date}（${total}件）`,
    total,
    mail: { count: on('メール').length, draftsUrl: GMAIL_DRAFTS_URL },
    line: {
      count: on('LINE').length,
      toApprove: on('LINE').filter((r) => r.state === '承認待ち').length,
      url: tab(SHEET.lineOutbox, on('LINE').length),
    },
    letters: {
      count: letters.length,
      postcards,
      letters: letters.length - postcards,
      postageYen: postageOf('postcard', postcards) + postageOf('letter', letters.length - postcards),
      url: tab(SHEET.letters, letters.length - postcards),
      postcardsUrl: tab(SHEET.postcards, postcards),
    },
    calls,
    tasks,
    // The November question goes first; the rest of the forecast stays where it was.
    forecast: forecast.filter((f) => !question.includes(f)),
    question,
    spreadsheetUrl: url,
  };
}

function byEmail(subject: string, body: string, htmlBody?: string): string {
  // Needs the owner's address and Gmail (granular consent may have left either out): no notice then.
  const missing = missingFor('notice');
  if (missing.length > 0) {
    console.warn(`owner notice not sent: ${permissionMessage('notice', missing)}`);
    return '';
  }
  const to = Session.getEffectiveUser().getEmail();
  if (!to) return '';
  try {
    // htmlBody: "devices capable of rendering HTML will use it instead of the required body argument" — the plain
    // body stays the fallback (https://developers.google.com/apps-script/reference/gmail/gmail-app#sendEmail(String,String,String,Object)).
    GmailApp.sendEmail(to, subject, body, htmlBody ? { name: 'つなぐ', htmlBody } : { name: 'つなぐ' });
    return to;
  } catch (error) {
    console.warn(`owner notice not sent: ${error instanceof Error ? error.message : String(error)}`);
    return '';
  }
}

function byLine(subject: string, body: string, today: string): string {
  return byLineText(`${subject}\n${body}`, today);
}

function byLineText(text: string, today: string): string {
  return toOwnerByLine(text, `owner-notice|${today}`).ok ? 'LINE' : '';
}

/** A LINE message to the owner (設定's オーナーのLINEユーザーID); when it cannot go, what to do about it. */
export function toOwnerByLine(text: string, key: string): { ok: true } | { ok: false; message: string } {
  const missing = missingFor('line');
  if (missing.length > 0) return { ok: false, message: permissionMessage('line', missing) };
  const config = lineConfig();
  const to = documentProperties().getProperty(OWNER_LINE_PROPERTY) ?? '';
  if (!config) return { ok: false, message: 'LINEのチャネルアクセストークンを先に保存してください。' };
  if (!to) return { ok: false, message: 'オーナーのLINEユーザーIDを先に保存してください。' };
  const result = pushText(config, { to, text, retryKey: retryKeyFor(key) });
  return result.kind === 'sent' || result.kind === 'alreadyAccepted'
    ? { ok: true }
    : { ok: false, message: result.message };
}
