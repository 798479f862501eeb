import { addDays, dayFromYmd } from '../../src/core/day';
import { firstWeek, firstWeekLines, type NextContact } from '../../src/core/first-week';

const today = dayFromYmd(2026, 11, 22);
const on = (days: number, nextContent: string, nextChannel: string): NextContact => ({
  nextDay: addDays(today, days),
  nextContent,
  nextChannel,
});

describe('the first week after 初期設定', () => {
  test('counts the next contacts from today for seven days, by channel, with the letters’ postage', () => {
    const week = firstWeek(
      [
        on(0, '購入後フォロー（お伺い）', 'メール'),
        on(0, '休眠客フォロー（ご無沙汰のご挨拶）', '手紙'),
        // A step on two channels is two things to prepare.
        on(2, '休眠客フォロー（ご無沙汰のご挨拶）', '手紙, メール'),
        on(6, '購入後フォロー（電話確認）', '電話'),
        // The eighth day is not in the first week; nothing planned is nothing.
        on(7, '購入後フォロー（お伺い）', 'メール'),
        { nextContent: '', nextChannel: '' },
      ],
      today,
    );
    expect(week).toMatchObject({ contacts: 5, customers: 4, days: 3, postage: 220 });
    expect(week.byChannel).toEqual([
      { channel: 'メール', count: 2 },
      { channel: '手紙', count: 2 },
      { channel: '電話', count: 1 },
    ]);
    expect(firstWeekLines(week)).toEqual([
      'はじめの1週間（11月22日〜11月28日）：4人のお客様に、連絡 5件を3日に分けて準備します（メール 2通・手紙 2通・電話 1件）。',
      '手紙 2通の郵便代は 約220円です。',
    ]);
  });

  test('an empty week says so', () => {
    expect(firstWeekLines(firstWeek([on(30, '休眠客フォロー', '手紙')], today))).toEqual([
      'はじめの1週間（11月22日〜11月28日）に予定している連絡はありません。',
    ]);
  });
});
