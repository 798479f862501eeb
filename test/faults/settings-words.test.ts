/**
 * 設定 as owners fill it (issue 13, item 9, in part): an address that is not one never reaches the legal footer; a
 * daily limit of 0 turns that channel off, and the summary says so.
 */
import type { CellValue } from '../fakes';
import { C1_MAIL, customerSheet, loadTsunagu, settingsSheet, SHOP_SETTINGS } from '../bundle/harness';
import { tally } from './tally';

const withSetting = (item: string, value: CellValue): [string, CellValue][] => [
  ...SHOP_SETTINGS.filter(([k]) => k !== item),
  [item, value],
];

describe('店舗メール', () => {
  test.each([
    ['info@'],
    ['info@kokochido'],
    ['@kokochido.example.jp'],
    ['info kokochido.example.jp'],
    ['なし'],
  ])(
    '「%s」 is reported, never put in the footer, and emails wait for an address (the opt-out contact the law asks for)',
    (value) => {
      const t = loadTsunagu({
        sheets: [customerSheet([{ ...C1_MAIL }]), settingsSheet(withSetting('店舗メール', value))],
        today: '2026-11-22',
        hour: 9,
      });
      t.call('runDailyFollowUps');
      tally.badInputsTried++;
      const told = t.services.spreadsheet.toasts.at(-1)?.message ?? '';
      expect(told).toContain(`設定「店舗メール」の値「${value}」を読めない`);
      expect(told).toContain('配信停止の連絡先');
      expect(t.services.gmail.draftRecords()).toEqual([]);
      expect(String(t.records('顧客')[0]['要確認'])).toContain('法定表示');
    },
  );

  test('「ｉｎｆｏ＠kokochido.example.jp」 (full width) is read as the address', () => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...C1_MAIL }]),
        settingsSheet(withSetting('店舗メール', 'ｉｎｆｏ＠kokochido.example.jp')),
      ],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    expect(t.services.gmail.draftRecords()[0].message.plainBody).toContain('info@kokochido.example.jp');
  });
});

describe('a daily limit of 0', () => {
  test.each([
    ['1日のメール上限', 'メール'],
    ['1日の手紙上限', '手紙'],
  ])('%s 0: %s is not used, and the summary says so', (item, channel) => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...C1_MAIL, 郵便番号: '154-0004', 住所: '東京都世田谷区太子堂1-2-3' }]),
        settingsSheet(withSetting(item, 0)),
      ],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    tally.badInputsTried++;
    expect(t.services.spreadsheet.toasts.at(-1)?.message).toContain(`${channel}は使いません`);
    expect(t.records('顧客')[0]['次回チャネル']).not.toBe(channel);
  });
});
