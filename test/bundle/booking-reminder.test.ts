/**
 * S11 ご予約前日のご案内 at the moment of sending (issue 18 item 4; contract section 3, S11: a moved booking re-times
 * it, a cleared 次回予約日 or a キャンセル日 on the booking's day withdraws it, both checked again at the moment of
 * sending). Approved LINE pushes (sendApprovedLine) and 「選んだ下書きを送信」 (sendChosenDrafts) re-read 顧客 then.
 */
import type { CellValue } from '../fakes';
import {
  CUSTOMER_HEADER,
  customerSheet,
  lineStandIn,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  wall,
  type Tsunagu,
} from './harness';

const HEADER = [...CUSTOMER_HEADER, '次回予約日', 'キャンセル日'];
const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;
const TOKEN = 'secret-channel-token-abc';
const KEY = 'C5|S11|前日のご案内|2026-12-05 14:00';
const at = (day: string, hour: number, minute = 0) => new Date(wall(day, hour, minute));

/** 小林 様, booked for Saturday 12/5 at 14:00, reached by LINE or (without it) by email with no メール同意. */
function bookedShop(by: 'LINE' | 'メール', fetch = lineStandIn().handler): Tsunagu {
  const reach: Record<string, CellValue> =
    by === 'LINE' ? { LINEユーザーID: LINE_ID } : { メール: 'kobayashi@example.jp' };
  return loadTsunagu({
    sheets: [
      customerSheet(
        [{ 顧客ID: 'C5', 氏名: '小林 結衣', ...reach, 次回予約日: at('2026-12-05', 14) }],
        HEADER,
      ),
      settingsSheet(SHOP_SETTINGS),
    ],
    today: '2026-12-04',
    hour: 9,
    documentProperties: { 'tsunagu.line.token': TOKEN },
    fetch,
  });
}

/** The owner edits C5's row on 顧客. */
function ownerTypes(t: Tsunagu, header: string, value: CellValue): void {
  const sheet = t.services.spreadsheet.getSheetByName('顧客');
  sheet?.getRange(2, HEADER.indexOf(header) + 1).setValue(value);
}

/** The run prepares the reminder as a LINE and the owner ticks 承認. */
function approved(t: Tsunagu): void {
  t.call('runDailyFollowUps');
  const header = (t.values('LINE送信') ?? [])[0];
  expect(t.records('LINE送信').map((r) => r['キー'])).toEqual([KEY]);
  t.services.spreadsheet
    .getSheetByName('LINE送信')
    ?.getRange(2, header.indexOf('承認') + 1)
    .setValue(true);
}

const logRow = (t: Tsunagu) => t.records('連絡履歴').find((r) => r['キー'] === KEY);
const outbox = (t: Tsunagu) => t.records('LINE送信')[0];

describe('S11 by LINE: the booking checked again at the moment of sending', () => {
  test('still booked: the LINE goes, with the date and time, the address and how to change it', () => {
    const api = lineStandIn();
    const t = bookedShop('LINE', api.handler);
    approved(t);
    t.at('2026-12-04', 10);
    expect(t.call('sendApprovedLine')).toMatchObject({ sent: 1 });
    const text = JSON.parse(api.pushes[0].payload ?? '').messages[0].text as string;
    expect(text).toContain('12月5日（土）14:00');
    expect(text).toContain('東京都世田谷区太子堂2-14-3');
    expect(text).toContain('03-5432-1234');
    expect(text).not.toContain('明日');
    expect(logRow(t)).toMatchObject({ 状態: '送信済' });
  });

  test.each<[string, (t: Tsunagu) => void, string]>([
    [
      'the booking moved',
      (t) => ownerTypes(t, '次回予約日', at('2026-12-10', 11)),
      'ご予約が2026/12/05 14:00から2026/12/10 11:00に変わったため、送りませんでした',
    ],
    [
      'the 次回予約日 was cleared',
      (t) => ownerTypes(t, '次回予約日', ''),
      '次回予約日が空欄になった（ご予約がなくなった）ため、送りませんでした',
    ],
    [
      'a キャンセル日 on the booking day',
      (t) => ownerTypes(t, 'キャンセル日', at('2026-12-05', 0)),
      'ご予約の日（2026/12/05）にキャンセル日が入っているため、送りませんでした',
    ],
    [
      'the booking has begun',
      (t) => t.at('2026-12-05', 15),
      'ご予約の日時（2026/12/05 14:00）を過ぎたため、送りませんでした',
    ],
  ])('%s after approval: not pushed, スキップ with why in 備考', (_name, change, note) => {
    const api = lineStandIn();
    const t = bookedShop('LINE', api.handler);
    approved(t);
    t.at('2026-12-04', 10);
    change(t);
    t.call('sendApprovedLine');
    expect(api.pushes).toHaveLength(0);
    expect(outbox(t)).toMatchObject({ 状態: 'スキップ' });
    expect(String(outbox(t)['備考'])).toContain(note);
    expect(logRow(t)).toMatchObject({ 状態: 'スキップ', 備考: note });
  });

  test('a 次回予約日 header renamed after approval holds the LINE for the owner, never closes it', () => {
    const api = lineStandIn();
    const t = bookedShop('LINE', api.handler);
    approved(t);
    t.at('2026-12-04', 10);
    t.services.spreadsheet
      .getSheetByName('顧客')
      ?.getRange(1, HEADER.indexOf('次回予約日') + 1)
      .setValue('予約メモ');
    t.call('sendApprovedLine');
    expect(api.pushes).toHaveLength(0);
    expect(outbox(t)).toMatchObject({ 状態: '承認待ち' });
    expect(String(outbox(t)['備考'])).toContain('見出し「次回予約日」が見つからない');
    expect(logRow(t)?.['状態']).not.toBe('スキップ');
  });
});

describe('S11 by メール: 「選んだ下書きを送信」 checks the booking again', () => {
  const send = (t: Tsunagu) =>
    t.call<{ ok: boolean; message: string }>('sendChosenDrafts', { keys: [KEY], today: '2026-12-04' });
  const toCustomer = (t: Tsunagu) =>
    t.services.gmail.sentRecords().filter((m) => m.to === 'kobayashi@example.jp');

  function drafted(): Tsunagu {
    const t = bookedShop('メール');
    t.call('runDailyFollowUps');
    // A service message: drafted without メール同意.
    expect(logRow(t)).toMatchObject({ 状態: '下書き', チャネル: 'メール' });
    t.at('2026-12-04', 10);
    return t;
  }

  test('still booked: the email goes', () => {
    const t = drafted();
    expect(send(t).ok).toBe(true);
    expect(toCustomer(t)).toHaveLength(1);
    expect(toCustomer(t)[0].subject).toContain('12月5日（土）14:00');
    expect(logRow(t)).toMatchObject({ 状態: '送信済' });
  });

  test('the booking moved: not sent, its draft deleted, スキップ with why, and the owner told', () => {
    const t = drafted();
    ownerTypes(t, '次回予約日', at('2026-12-10', 11));
    const reply = send(t);
    expect(toCustomer(t)).toHaveLength(0);
    expect(
      t.services.gmail.draftRecords().filter((d) => d.message.to === 'kobayashi@example.jp'),
    ).toHaveLength(0);
    expect(logRow(t)).toMatchObject({
      状態: 'スキップ',
      備考: 'ご予約が2026/12/05 14:00から2026/12/10 11:00に変わったため、送りませんでした',
    });
    expect(reply.message).toContain('ご予約が2026/12/05 14:00から2026/12/10 11:00に変わったため');
  });

  test('a キャンセル日 on the booking day: not sent, スキップ', () => {
    const t = drafted();
    ownerTypes(t, 'キャンセル日', at('2026-12-05', 0));
    send(t);
    expect(toCustomer(t)).toHaveLength(0);
    expect(logRow(t)).toMatchObject({ 状態: 'スキップ' });
  });
});

describe('設定 予約変更の連絡先 (blank = 店舗電話)', () => {
  test('the 設定 tab shows it, saves it, and the next reminder names it instead of 店舗電話', () => {
    const api = lineStandIn();
    const t = bookedShop('LINE', api.handler);
    const view = t.call<{ items: { item: string; value: string; control?: { kind: string } }[] }>(
      'getSettingsView',
    );
    expect(view.items.find((i) => i.item === '予約変更の連絡先')).toMatchObject({ value: '' });
    const reply = t.call<{ ok: boolean }>('saveSettings', {
      予約変更の連絡先: 'https://kokochido.example.jp/yoyaku',
    });
    expect(reply.ok).toBe(true);
    expect(t.records('設定').find((r) => r['項目'] === '予約変更の連絡先')?.['値']).toBe(
      'https://kokochido.example.jp/yoyaku',
    );
    approved(t);
    t.at('2026-12-04', 10);
    t.call('sendApprovedLine');
    const text = JSON.parse(api.pushes[0].payload ?? '').messages[0].text as string;
    expect(text).toContain('https://kokochido.example.jp/yoyaku');
    expect(text).not.toContain('03-5432-1234');
  });
});

describe('初期設定: the column list', () => {
  test('a list without 次回予約日 is told it enables the day-before message, and that an import can fill it', () => {
    const t = loadTsunagu({
      sheets: [customerSheet([{ 顧客ID: 'C1', 氏名: '佐藤 美咲' }])],
      today: '2026-12-01',
      preparing: false,
    });
    const view = t.call<{
      customers: { missing: { header: string; enables: string; fromImport?: string }[] };
    }>('getSetupWizard');
    const booking = view.customers.missing.find((m) => m.header === '次回予約日');
    expect(booking?.enables).toContain('ご予約の前日に、日時と場所をご案内');
    expect(booking?.fromImport).toBeTruthy();
  });
});

describe('S11 through the pipeline: 顧客, the sidebar card, 集計', () => {
  test('the day before: 次回連絡日 and 理由 on 顧客, a card in 今日のフォロー, and a row in 集計 once sent', () => {
    const api = lineStandIn();
    const t = bookedShop('LINE', api.handler);
    approved(t);
    const row = t.records('顧客')[0];
    expect(row['次回連絡内容']).toBe('ご予約前日のご案内');
    expect(String(row['理由'])).toContain('次回予約日（2026/12/05 14:00）の前日');
    const view = t.call<{
      groups: { channel: string; items: { key: string; title: string; reason: string }[] }[];
    }>('getTodayFollowUps');
    const card = view.groups
      .flatMap((g) => g.items.map((i) => ({ ...i, channel: g.channel })))
      .find((i) => i.key === KEY);
    expect(card).toMatchObject({ channel: 'LINE', title: expect.stringContaining('ご予約前日のご案内') });
    expect(card?.reason).toContain('次回予約日（2026/12/05 14:00）の前日');
    t.at('2026-12-04', 10);
    t.call('sendApprovedLine');
    t.at('2026-12-05', 8);
    t.call('runDailyFollowUps');
    const summary = (t.values('集計') ?? []).find((r) => r[0] === 'ご予約前日のご案内');
    expect(summary?.[2]).toBe(1);
  });
});
