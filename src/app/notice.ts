import { readFlags, taskText } from '../core/flags';
import { isoDay, monthDayJa } from '../core/day';
import { isPendingState } from '../core/history';
import { lineConfig, pushText, retryKeyFor } from '../channels/line-api';
import { CHANNELS, reasonUnder, stepLabel } from '../labels';
import type { LoadedWorkbook } from './workbook';
import { missingFor, permissionMessage } from './scopes';

const LAST_NOTICE_PROPERTY = 'tsunagu.lastNotice';
export const OWNER_LINE_PROPERTY = 'tsunagu.line.ownerUserId';
const IDEOGRAPHIC_SPACE = '\u3000';

/**
 * The owner's morning notice: today's calls with name, number and reason, and what waits in Gmail, LINE送信 and
 * 手紙 — so the day can be worked from a phone, where Sheets shows no menus or sidebars. By email unless 設定
 * オーナー通知 says LINE (which uses the shop's LINE quota) or なし. Once a day.
 */
export function sendOwnerNotice(wb: LoadedWorkbook, forecast: readonly string[] = []): string {
  const props = PropertiesService.getDocumentProperties();
  const today = isoDay(wb.today);
  if (wb.settings.ownerNotice === 'なし' || props.getProperty(LAST_NOTICE_PROPERTY) === today) return '';
  const { subject, body } = noticeText(wb, forecast);
  const sent = wb.settings.ownerNotice === 'LINE' ? byLine(subject, body, today) : byEmail(subject, body);
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
  const props = PropertiesService.getDocumentProperties();
  if (ownerNotice === 'なし' || props.getProperty(LAST_NOTICE_PROPERTY) === today) return '';
  const sent = ownerNotice === 'LINE' ? byLine(subject, body, today) : byEmail(subject, body);
  if (sent) props.setProperty(LAST_NOTICE_PROPERTY, today);
  return sent;
}

/** `forecast`: the queue the daily limits make, when it is longer than a day (forecastLines). */
export function noticeText(
  wb: LoadedWorkbook,
  forecast: readonly string[] = [],
): { subject: string; body: string } {
  const customers = new Map(wb.customers.map((c) => [c.id, c]));
  const waiting = wb.log
    .records()
    .filter((r) => isPendingState(r.state) && r.channel && (r.plannedDay ?? r.at ?? wb.today) <= wb.today);
  const count = (channel: string) => waiting.filter((r) => r.channel === channel).length;
  const total = waiting.length;
  const lines = [`${monthDayJa(wb.today)}のフォロー: ${total}件`, ''];
  lines.push(...CHANNELS.map((c) => `・${c} ${count(c)}件${hintFor(c)}`), '');
  if (forecast.length > 0) lines.push(...forecast, '');
  const calls = waiting.filter((r) => r.channel === '電話');
  if (calls.length > 0) {
    lines.push('【今日のお電話】');
    for (const call of calls) {
      const phone = customers.get(call.customerId)?.phone ?? '番号なし';
      const label = stepLabel(call.scenario, call.step);
      // 備考 starts with 理由, which names the step again: say it once.
      const why = reasonUnder(label, call.note);
      lines.push(
        `${call.name} 様${IDEOGRAPHIC_SPACE}${phone}`,
        `${IDEOGRAPHIC_SPACE}${label} ${why}`.trimEnd(),
      );
    }
    lines.push(
      '',
      'お電話の結果（満足・不満・不在）は、サイドバー「今日のフォロー」か「電話リスト」の結果の欄に入れてください。',
      '',
    );
  }
  // What a message promised the owner must arrange (message-style.md): from the step's task, never the text.
  const tasks = waiting.flatMap((r) => {
    const { task } = readFlags(r.flags ?? '');
    return task
      ? [`${r.name} 様${IDEOGRAPHIC_SPACE}${taskText(task)}（${stepLabel(r.scenario, r.step)}）`]
      : [];
  });
  if (tasks.length > 0) lines.push('【お送りするもの・お渡しするもの】', ...tasks, '');
  lines.push(`スプレッドシート: ${wb.ss.getUrl()}`);
  return {
    subject: `【つなぐ】今日のフォロー ${monthDayJa(wb.today)}（${total}件）`,
    body: lines.join('\n'),
  };
}

function hintFor(channel: string): string {
  if (channel === 'メール') return '（Gmailの下書きを確認して送信）';
  if (channel === 'LINE') return '（「LINE送信」シートで承認）';
  if (channel === '手紙') return '（「手紙」シートを印刷）';
  return '';
}

function byEmail(subject: string, body: string): string {
  // Needs the owner's address and Gmail (granular consent may have left either out): no notice then.
  const missing = missingFor('notice');
  if (missing.length > 0) {
    console.warn(`owner notice not sent: ${permissionMessage('notice', missing)}`);
    return '';
  }
  const to = Session.getEffectiveUser().getEmail();
  if (!to) return '';
  try {
    GmailApp.sendEmail(to, subject, body, { name: 'つなぐ' });
    return to;
  } catch (error) {
    console.warn(`owner notice not sent: ${error instanceof Error ? error.message : String(error)}`);
    return '';
  }
}

function byLine(subject: string, body: string, today: string): string {
  return toOwnerByLine(`${subject}\n${body}`, `owner-notice|${today}`).ok ? 'LINE' : '';
}

/** A LINE message to the owner (設定's オーナーのLINEユーザーID); when it cannot go, what to do about it. */
export function toOwnerByLine(text: string, key: string): { ok: true } | { ok: false; message: string } {
  const missing = missingFor('line');
  if (missing.length > 0) return { ok: false, message: permissionMessage('line', missing) };
  const config = lineConfig();
  const to = PropertiesService.getDocumentProperties().getProperty(OWNER_LINE_PROPERTY) ?? '';
  if (!config) return { ok: false, message: 'LINEのチャネルアクセストークンを先に保存してください。' };
  if (!to) return { ok: false, message: 'オーナーのLINEユーザーIDを先に保存してください。' };
  const result = pushText(config, { to, text, retryKey: retryKeyFor(key) });
  return result.kind === 'sent' || result.kind === 'alreadyAccepted'
    ? { ok: true }
    : { ok: false, message: result.message };
}
