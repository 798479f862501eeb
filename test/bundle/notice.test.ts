import { lineSpec, pushBodyErrors } from '../contracts/line-openapi';
import type { CellValue, FetchRequest } from '../fakes';
import {
  C1_MAIL,
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
} from './harness';
import { LONG_NAME, MARKUP_NAME, noticeShop, OWNER_LINE } from './notice-shop';

function shop(extra: [string, string][] = []) {
  return loadTsunagu({
    sheets: [
      customerSheet([C4_CALLER, { ...C1_MAIL }]),
      settingsSheet([...SHOP_SETTINGS, ...extra]),
      logSheet([C4_INQUIRY_SENT]),
    ],
    today: '2026-11-22',
  });
}

const notices = (t: ReturnType<typeof shop>) =>
  t.services.exportState().gmail.sent.filter((m) => m.subject.startsWith('【つなぐ】'));

describe("the owner's morning notice", () => {
  test('by email to the owner, once a day, listing the calls with name, number and reason', () => {
    const t = shop();
    t.call('runDailyFollowUps');
    const [notice] = notices(t);
    expect(notice).toMatchObject({
      to: 'owner@example.com',
      subject: '【つなぐ】今日のフォロー 11月22日（2件）',
    });
    expect(notice.plainBody).toContain('田中 健 様\n090-1111-2222\n');
    expect(notice.plainBody).toContain('購入後フォロー（電話確認）');
    expect(notice.plainBody).toContain('・メール 1件（Gmailの下書きを確認して送信）');
    t.at('2026-11-22', 15);
    t.call('runDailyFollowUps');
    expect(notices(t)).toHaveLength(1);
  });

  test('not in preview, and not when オーナー通知 is なし', () => {
    const preview = loadTsunagu({ sheets: [customerSheet([])], today: '2026-11-22', preparing: false });
    preview.call('runDailyFollowUps');
    expect(preview.services.exportState().gmail.sent).toHaveLength(0);
    const off = shop([['オーナー通知', 'なし']]);
    off.call('runDailyFollowUps');
    expect(notices(off)).toHaveLength(0);
  });
});

/** The hrefs of an HTML text, unescaped. */
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));

describe("the email notice is the phone's view of the day (issue 16, item 7)", () => {
  const t = loadTsunagu(noticeShop());
  t.call('runDailyFollowUps');
  const [notice] = notices(t);
  const html = notice.htmlBody ?? '';
  const ss = t.services.spreadsheetApp.getActiveSpreadsheet();
  const url = ss.getUrl();

  test('sent with an HTML body and the plain text kept as its fallback', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(notice.plainBody).toContain('11月22日のフォロー: 7件');
    expect(notice.plainBody).not.toMatch(/<(p|a|div|h1|h2|ul|li|b|br)\b/);
    expect(notice.plainBody).toContain(`${MARKUP_NAME} 様\n03-5432-9876\n`);
  });

  test('each call first, with a tel: link of the digits shown as the number was written', () => {
    const calls = html.indexOf('今日のお電話（4件）');
    expect(calls).toBeGreaterThan(0);
    expect(calls).toBeLessThan(html.indexOf('Gmailの下書き'));
    const links = [...html.matchAll(/<a href="(tel:[^"]*)"[^>]*>([^<]*)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['tel:09011112222', '電話をかける 090-1111-2222'],
      // 顧客's ０３（５４３２）９８７６, as Tsunagu reads it (half-width, brackets kept).
      ['tel:0354329876', '電話をかける 03(5432)9876'],
      // +81 90-3333-4444 is read as the number dialled in Japan.
      ['tel:09033334444', '電話をかける 090-3333-4444'],
      ['tel:0456789012', '電話をかける 045-678-9012'],
    ]);
  });

  test("the talking points are the call note's 【目的】 and 【言わないこと】, then the reason", () => {
    const card = html.slice(html.indexOf('田中 健 様'), html.indexOf('電話をかける 03(5432)'));
    expect(card).toContain('<b>目的</b>');
    expect(card).toContain('骨盤調整60分にご満足いただけているかの確認です。売り込みの電話ではありません。');
    expect(card).toContain('<li style="margin:2px 0;');
    expect(card).toContain('別の商品やサービスのおすすめ（ご満足を確かめてから、別の機会に）');
    // Only those two sections: the rest of the note is on 電話リスト.
    expect(card).not.toContain('伺うこと');
    expect(card).toContain('理由：お伺い（2026/11/17）の5日後');
    expect(card).toContain('購入後フォロー（電話確認）');
  });

  test('then Gmail, LINE送信 and 手紙, each with what to do and a link to open it', () => {
    expect(hrefs(html)).toContain('https://mail.google.com/mail/u/0/#drafts');
    const outbox = ss.getSheetByName('LINE送信');
    expect(outbox).not.toBeNull();
    expect(hrefs(html)).toContain(`${url}#gid=${outbox?.getSheetId()}`);
    expect(html).toContain('承認待ち 1件：「LINE送信」シートで内容を確かめて承認してください。');
    expect(html).toContain('「手紙」シートを印刷してください。郵便代 約110円（封書1通）');
    expect(notice.plainBody).toContain('郵便代 約110円（封書1通）');
    expect(notice.plainBody).toContain('https://mail.google.com/mail/u/0/#drafts');
  });

  test('a name with markup shows as text; no style sheet, image, script or outside resource', () => {
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt; 様');
    expect(html).toContain(`${LONG_NAME} 様`);
    expect(html).not.toMatch(/<(style|link|script|iframe|object|svg)\b/i);
    expect(html).not.toMatch(/<[^>]*\bsrc=|url\(|@import/i);
    // Each inline style a list of property:value declarations (a missing ; would void the rest).
    for (const [, style] of html.matchAll(/style="([^"]*)"/g))
      for (const declaration of style.split(';').filter(Boolean))
        expect(declaration).toMatch(/^[a-z-]+:[^:;]+$/);
    expect(html).not.toMatch(/display:\s*(flex|grid)|position:/);
    for (const href of hrefs(html))
      expect(href).toMatch(
        /^(tel:\+?\d+|https:\/\/mail\.google\.com\/mail\/u\/0\/#drafts|https:\/\/docs\.google\.com\/spreadsheets\/)/,
      );
    // Every element carries its own style (email apps drop <style>): no class to style by.
    expect(html).not.toContain('class=');
  });

  test('dates and counts in the reasons are not taken for phone numbers: the four calls are the tel: links', () => {
    expect(hrefs(html).filter((h) => h.startsWith('tel:'))).toHaveLength(4);
    expect(html).not.toContain('tel:2026');
  });
});

describe('the LINE notice (オーナー通知 LINE) stays text that reads on a phone', () => {
  const linePushes = (requests: FetchRequest[]) =>
    requests.filter((r) => r.url.endsWith('/v2/bot/message/push')).map((r) => JSON.parse(r.payload ?? ''));

  function lineDay(extra: [string, CellValue][] = [], callers = 0) {
    const options = noticeShop([['オーナー通知', 'LINE'], ...extra]);
    const requests: FetchRequest[] = [];
    const answer = options.fetch;
    options.fetch = (request) => {
      requests.push(request);
      return answer ? answer(request) : { status: 404, body: '{}' };
    };
    if (callers > 0) {
      const [customers, , log] = options.sheets;
      const header = customers.values[0] as string[];
      const logHeader = log.values[0] as string[];
      const template = customers.values[4] as CellValue[]; // C4, the caller
      const sent = log.values[1] as CellValue[];
      for (let i = 0; i < callers; i++) {
        const id = `T${i}`;
        const row = [...template];
        row[header.indexOf('顧客ID')] = id;
        row[header.indexOf('氏名')] = `お客様${i}`;
        row[header.indexOf('電話')] = `090-5555-${String(1000 + i)}`;
        customers.values.push(row);
        const logRow = [...sent];
        logRow[logHeader.indexOf('顧客ID')] = id;
        logRow[logHeader.indexOf('氏名')] = `お客様${i}`;
        logRow[logHeader.indexOf('キー')] = `${id}|S1|お伺い|2026-11-10`;
        log.values.push(logRow);
      }
    }
    const t = loadTsunagu(options);
    t.call('runDailyFollowUps');
    return { t, pushes: linePushes(requests).filter((p) => p.to === OWNER_LINE) };
  }

  test("one text message to the owner, valid for LINE's API, each number alone on its line", () => {
    const { t, pushes } = lineDay();
    expect(notices(t)).toHaveLength(0);
    expect(pushes).toHaveLength(1);
    expect(pushBodyErrors(lineSpec('messaging-api.yml'), pushes[0])).toEqual([]);
    const text: string = pushes[0].messages[0].text;
    expect(text.split('\n')[0]).toBe('【つなぐ】今日のフォロー 11月22日（7件）');
    // Half-width digits and hyphens, nothing else on the line: what LINE's app turns into a number to tap.
    for (const number of ['090-1111-2222', '03-5432-9876', '090-3333-4444', '045-678-9012'])
      expect(text).toContain(`\n${number}\n`);
    expect(text).toContain(`${MARKUP_NAME} 様`);
    expect(text).toContain('【目的】骨盤調整60分にご満足いただけているかの確認です。');
    expect(text).toMatch(/承認待ち 1件：https:\/\/docs\.google\.com\/spreadsheets\/d\/[^#]+#gid=\d+/);
  });

  test("a long day fits LINE's 5000 characters: the talking points give way first, then the last calls", () => {
    const { pushes } = lineDay([['1日の電話上限', '80']], 76);
    expect(pushes).toHaveLength(1);
    expect(pushBodyErrors(lineSpec('messaging-api.yml'), pushes[0])).toEqual([]);
    const text: string = pushes[0].messages[0].text;
    expect(text.length).toBeLessThanOrEqual(5000);
    expect(text).not.toContain('【目的】');
    expect(text).toMatch(/ほか\d+件のお電話は「電話リスト」シートにあります。/);
    expect(text).toContain('スプレッドシート: https://docs.google.com/');
  });
});
