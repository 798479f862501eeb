/**
 * The owner's morning notice as the phone's view of the day (issue 16, item 7): each call first — the name, the
 * number to tap, the talking points and the reason — then what waits in Gmail, LINE送信 and 手紙. Three forms of one
 * day: an HTML body for the email, the email's plain body (its fallback), and the LINE text. Pure.
 *
 * The HTML is styled inline only. Gmail itself reads a <style> block, but ignores what it does not support
 * (https://developers.google.com/workspace/gmail/design/css), and the Gmail app reading other accounts (IMAP/POP)
 * drops <style> altogether (Email on Acid, "Developing HTML Emails for Gmail": embedded styles are not supported
 * there): so every rule sits on its element, and only properties on Gmail's supported list are used (no flex, no
 * position). No images and nothing fetched: the notice is whole as it arrives. Every text is escaped.
 */
import { phoneParts, dialable, telHref } from './phone-links';
import { callPoints } from './call-points';
import { yenText } from './postage';

export interface NoticeCall {
  name: string;
  /** 電話 as the owner typed it; '' when the customer has none. */
  phone: string;
  /** The step, in the owner's words: 購入後フォロー（電話確認）. */
  title: string;
  /** 理由 without the step's name in front. */
  reason: string;
  /** The prepared call note (its 【目的】 and 【言わないこと】 are the talking points). */
  note: string;
}

export interface NoticeDay {
  /** 11月22日 */
  date: string;
  subject: string;
  total: number;
  mail: { count: number; draftsUrl: string };
  line: { count: number; toApprove: number; url: string };
  /** Letters and greeting cards waiting to print: cards print from the はがき sheet (postcardsUrl), letters from 手紙. */
  letters: {
    count: number;
    postcards: number;
    letters: number;
    postageYen: number;
    url: string;
    postcardsUrl?: string;
  };
  calls: NoticeCall[];
  /** What a message promised the owner must arrange: 「青木 花子 様＋全角空白＋【別送】…（…）」. */
  tasks: string[];
  /** The long-queue forecast (forecastLines), when there is one. */
  forecast: string[];
  /** The November 年賀状 question (season-forecast.ts), after the calls while it is open; absent or empty else. */
  question?: string[];
  spreadsheetUrl: string;
}

const IDEOGRAPHIC_SPACE = '\u3000';
/**
 * LINE's limit for a text message: 5000 characters (https://developers.line.biz/en/reference/messaging-api/#text-message),
 * counted in UTF-16 code units (https://developers.line.biz/en/docs/messaging-api/text-character-count/), as
 * String.length counts them.
 */
export const LINE_TEXT_MAX = 5000;
const CALL_RESULT_HINT =
  'お電話の結果（満足・不満・不在）は、サイドバー「今日のフォロー」か「電話リスト」の結果の欄に入れてください。';
const NO_PHONE = '電話番号がありません（顧客シートの「電話」に入れてください）';

// --- text (the email's plain body and the LINE notice)

function countLines(day: NoticeDay): string[] {
  const lines = [`・メール ${day.mail.count}件（Gmailの下書きを確認して送信）`];
  if (day.mail.count > 0) lines.push(`${IDEOGRAPHIC_SPACE}${day.mail.draftsUrl}`);
  lines.push(`・LINE ${day.line.count}件（「LINE送信」シートで承認）`);
  if (day.line.toApprove > 0 && day.line.url)
    lines.push(`${IDEOGRAPHIC_SPACE}承認待ち ${day.line.toApprove}件：${day.line.url}`);
  lines.push(`・手紙 ${day.letters.letters}件（「手紙」シートを印刷）`);
  if (day.letters.postcards > 0) lines.push(`・はがき ${day.letters.postcards}枚（「はがき」シートを印刷）`);
  if (day.letters.count > 0) lines.push(`${IDEOGRAPHIC_SPACE}${postageText(day)}`);
  lines.push(`・電話 ${day.calls.length}件`);
  return lines;
}

function postageText(day: NoticeDay): string {
  const { postcards, letters, postageYen } = day.letters;
  const kinds = [postcards > 0 ? `はがき${postcards}枚` : '', letters > 0 ? `封書${letters}通` : '']
    .filter(Boolean)
    .join('・');
  return `郵便代 約${yenText(postageYen)}（${kinds}）`;
}

/** One call in text: the name, then the number alone on its line (so the phone's app can make it tappable). */
function callText(call: NoticeCall, withPoints: boolean): string[] {
  const lines = [`${call.name} 様`, call.phone ? dialable(call.phone) : NO_PHONE];
  lines.push(`${IDEOGRAPHIC_SPACE}${call.title} ${call.reason}`.trimEnd());
  if (!withPoints) return lines;
  const points = callPoints(call.note);
  if (points.purpose) lines.push(`${IDEOGRAPHIC_SPACE}【目的】${points.purpose}`);
  if (points.avoid.length > 0)
    lines.push(
      `${IDEOGRAPHIC_SPACE}【言わないこと】`,
      ...points.avoid.map((a) => `${IDEOGRAPHIC_SPACE}・${a}`),
    );
  if (points.whole) lines.push(...points.whole.split('\n').map((l) => `${IDEOGRAPHIC_SPACE}${l}`));
  return lines;
}

function textOf(day: NoticeDay, calls: readonly NoticeCall[], withPoints: boolean): string {
  const lines = [`${day.date}のフォロー: ${day.total}件`, ''];
  if (calls.length > 0) {
    lines.push('【今日のお電話】');
    for (const call of calls) lines.push(...callText(call, withPoints), '');
    const left = day.calls.length - calls.length;
    if (left > 0) lines.push(`ほか${left}件のお電話は「電話リスト」シートにあります。`, '');
    lines.push(CALL_RESULT_HINT, '');
  }
  // The November question: after the calls (they come first), before the rest of the day.
  if (day.question && day.question.length > 0) lines.push(...day.question, '');
  lines.push(...countLines(day), '');
  if (day.forecast.length > 0) lines.push(...day.forecast, '');
  if (day.tasks.length > 0) lines.push('【お送りするもの・お渡しするもの】', ...day.tasks, '');
  lines.push(`スプレッドシート: ${day.spreadsheetUrl}`);
  return lines.join('\n');
}

/** The email's plain body: the whole day as text, for a mail app that shows no HTML. */
export function noticePlain(day: NoticeDay): string {
  return textOf(day, day.calls, true);
}

/**
 * The LINE notice: the same text under the subject, within LINE's 5000 characters — the talking points go first
 * when it is too long (電話リスト has them), then the last calls (the text says how many more are on 電話リスト).
 */
export function noticeLine(day: NoticeDay): string {
  const fits = (text: string) => text.length <= LINE_TEXT_MAX;
  const withSubject = (body: string) => `${day.subject}\n${body}`;
  const full = withSubject(textOf(day, day.calls, true));
  if (fits(full)) return full;
  for (let n = day.calls.length; n >= 0; n--) {
    const text = withSubject(textOf(day, day.calls.slice(0, n), false));
    if (fits(text)) return text;
  }
  return withSubject(textOf(day, [], false)).slice(0, LINE_TEXT_MAX);
}

// --- HTML (the email's body)

/** Text for HTML: & < > " ' escaped, so a name with markup shows as the characters it is. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const COLOR = {
  text: '#202124',
  muted: '#5f6368',
  line: '#dadce0',
  link: '#1a56c4',
  card: '#ffffff',
  page: '#f3f3f0',
};
/** Wrapping anywhere a line would overflow: a long name or address never widens the page. */
const WRAP = 'overflow-wrap:anywhere;word-wrap:break-word;word-break:break-word;';
const LINK = `color:${COLOR.link};text-decoration:underline;${WRAP}`;

/** Text with every phone number in it made a tel: link, escaped. */
function withTel(text: string): string {
  return phoneParts(text)
    .map((p) =>
      p.tel ? `<a href="${escapeHtml(p.tel)}" style="${LINK}">${escapeHtml(p.text)}</a>` : escapeHtml(p.text),
    )
    .join('');
}

function heading(text: string): string {
  return `<h2 style="margin:20px 0 8px;font-size:17px;line-height:1.4;color:${COLOR.text};${WRAP}">${escapeHtml(text)}</h2>`;
}

function paragraph(html: string, style = ''): string {
  return `<p style="margin:4px 0;${WRAP}${style}">${html}</p>`;
}

function card(inner: string): string {
  return `<div style="margin:0 0 12px;padding:12px;background:${COLOR.card};border:1px solid ${COLOR.line};border-radius:8px;${WRAP}">${inner}</div>`;
}

/** A link that looks like a button: big enough to tap with a thumb. */
function button(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" style="display:inline-block;margin:6px 0 2px;padding:10px 14px;border:1px solid ${COLOR.link};border-radius:6px;color:${COLOR.link};font-weight:bold;text-decoration:none;${WRAP}">${escapeHtml(label)}</a>`;
}

function callHtml(call: NoticeCall): string {
  const points = callPoints(call.note);
  const tel = call.phone ? telHref(call.phone) : '';
  const number = !call.phone
    ? paragraph(escapeHtml(NO_PHONE), `color:${COLOR.muted};`)
    : tel
      ? `<p style="margin:6px 0;"><a href="${escapeHtml(tel)}" style="display:inline-block;padding:10px 14px;border:1px solid ${COLOR.link};border-radius:6px;color:${COLOR.link};font-size:18px;font-weight:bold;text-decoration:none;${WRAP}">電話をかける ${escapeHtml(call.phone)}</a></p>`
      : // Not a number a phone can dial as written (too few digits, words): shown, with the links it holds.
        paragraph(`電話 ${withTel(call.phone)}`);
  const parts = [
    `<p style="margin:0;font-size:18px;font-weight:bold;${WRAP}">${escapeHtml(call.name)} 様</p>`,
    number,
    paragraph(escapeHtml(call.title), `color:${COLOR.muted};font-size:14px;`),
  ];
  if (points.purpose) parts.push(paragraph(`<b>目的</b>${IDEOGRAPHIC_SPACE}${withTel(points.purpose)}`));
  if (points.avoid.length > 0)
    parts.push(
      paragraph('<b>言わないこと</b>'),
      `<ul style="margin:2px 0 4px;padding:0 0 0 20px;">${points.avoid
        .map((a) => `<li style="margin:2px 0;${WRAP}">${withTel(a)}</li>`)
        .join('')}</ul>`,
    );
  if (points.whole)
    parts.push(
      paragraph(
        points.whole
          .split('\n')
          .map((l) => withTel(l))
          .join('<br>'),
      ),
    );
  if (call.reason)
    parts.push(paragraph(`理由：${withTel(call.reason)}`, `color:${COLOR.muted};font-size:14px;`));
  return card(parts.join(''));
}

/** The email's HTML body, laid out for a phone 360 px wide (and no wider than 600 px on a computer). */
export function noticeHtml(day: NoticeDay): string {
  const body: string[] = [
    `<h1 style="margin:0 0 4px;font-size:20px;line-height:1.4;${WRAP}">${escapeHtml(`${day.date}のフォロー（${day.total}件）`)}</h1>`,
  ];
  if (day.calls.length > 0) {
    body.push(heading(`今日のお電話（${day.calls.length}件）`), ...day.calls.map(callHtml));
    body.push(paragraph(escapeHtml(CALL_RESULT_HINT), `color:${COLOR.muted};font-size:14px;`));
  }
  // The November question: after the calls (they come first), before the rest of the day; a card with a bold title
  // rather than a heading, so the notice's headings stay the day's calls and channels.
  if (day.question && day.question.length > 0)
    body.push(
      card(
        `<p style="margin:0 0 4px;font-size:17px;font-weight:bold;${WRAP}">${escapeHtml('今年の年賀状')}</p>` +
          day.question.map((q) => paragraph(escapeHtml(q))).join(''),
      ),
    );
  body.push(heading(`Gmailの下書き（メール ${day.mail.count}件）`));
  body.push(
    day.mail.count > 0
      ? paragraph('下書きを確かめて、送信してください。') + button(day.mail.draftsUrl, 'Gmailの下書きを開く')
      : paragraph('今日はありません。', `color:${COLOR.muted};`),
  );
  body.push(heading(`LINE送信（${day.line.count}件）`));
  if (day.line.count === 0) body.push(paragraph('今日はありません。', `color:${COLOR.muted};`));
  else {
    body.push(
      paragraph(
        day.line.toApprove > 0
          ? escapeHtml(
              `承認待ち ${day.line.toApprove}件：「LINE送信」シートで内容を確かめて承認してください。`,
            )
          : escapeHtml('承認済みです。次の送信でお届けします。'),
      ),
    );
    if (day.line.url) body.push(button(day.line.url, '「LINE送信」シートを開く'));
  }
  const { letters, postcards } = day.letters;
  body.push(
    heading(postcards > 0 ? `手紙（${letters}件）・はがき（${postcards}枚）` : `手紙（${letters}件）`),
  );
  if (day.letters.count === 0) body.push(paragraph('今日はありません。', `color:${COLOR.muted};`));
  else {
    const sheets = [letters > 0 ? '「手紙」' : '', postcards > 0 ? '「はがき」' : '']
      .filter(Boolean)
      .join('と');
    body.push(paragraph(escapeHtml(`${sheets}シートを印刷してください。${postageText(day)}`)));
    if (letters > 0 && day.letters.url) body.push(button(day.letters.url, '「手紙」シートを開く'));
    if (postcards > 0 && day.letters.postcardsUrl)
      body.push(button(day.letters.postcardsUrl, '「はがき」シートを開く'));
  }
  if (day.tasks.length > 0) {
    body.push(heading('お送りするもの・お渡しするもの'));
    body.push(
      `<ul style="margin:2px 0;padding:0 0 0 20px;">${day.tasks
        .map((t) => `<li style="margin:2px 0;${WRAP}">${withTel(t)}</li>`)
        .join('')}</ul>`,
    );
  }
  if (day.forecast.length > 0) {
    // The forecast's first line names it (【順番待ちの見込み】…): no heading of its own.
    body.push(
      `<div style="margin:20px 0 0;">${day.forecast.map((f) => paragraph(withTel(f), 'font-size:14px;')).join('')}</div>`,
    );
  }
  body.push(
    `<p style="margin:24px 0 0;">${button(day.spreadsheetUrl, 'スプレッドシートを開く')}</p>`,
    paragraph(
      escapeHtml('このメールは「つなぐ」が毎朝お送りしています。'),
      `color:${COLOR.muted};font-size:12px;`,
    ),
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="ja"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(day.subject)}</title></head>`,
    `<body style="margin:0;padding:0;background:${COLOR.page};">`,
    `<div style="max-width:600px;margin:0 auto;padding:12px;font-family:sans-serif;font-size:16px;line-height:1.6;color:${COLOR.text};${WRAP}">`,
    ...body,
    '</div></body></html>',
  ].join('\n');
}
