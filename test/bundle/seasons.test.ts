/**
 * A letter's 時候の挨拶 and 和暦 are those of the day it is printed (message-style.md "Seasons and dates"), through
 * the bundle: prepared the day before 立春 (2026-02-04) or 立秋 (2026-08-07) and still waiting the next day.
 */
import {
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

/** A second 整体 visit two days before `due`, by letter only: its お伺い is a letter due on `due`. */
function letterDueOn(due: string, lastVisit: string): Tsunagu {
  return loadTsunagu({
    sheets: [
      customerSheet([
        {
          顧客ID: 'C2',
          氏名: '清水 健一',
          郵便番号: '154-0004',
          住所: '東京都世田谷区太子堂1-2-3',
          最終来店日: dateCell(lastVisit),
          来店回数: 2,
          カテゴリ: '整体',
          購入商品: '骨盤調整60分',
        },
      ]),
      settingsSheet(SHOP_SETTINGS),
      logSheet([]),
    ],
    today: due,
  });
}
/** The 手紙 sheet's text, its cells joined without breaks (however its lines are wrapped). */
const letterText = (t: Tsunagu) =>
  (t.values('手紙') ?? [])
    .flat()
    .map(String)
    .join('')
    .replace(/\s*\n\s*/g, '');
const nextDay = (t: Tsunagu, today: string) => {
  const again = loadTsunagu({
    sheets: t.services.spreadsheet.toData().sheets,
    today,
    state: t.services.exportState(),
  });
  again.call('runDailyFollowUps');
  return again;
};

describe('a letter printed on the edge of a season', () => {
  test('prepared on 2026-02-03 it is still winter; waiting on 2026-02-04 (立春) it is 余寒', () => {
    const t = letterDueOn('2026-02-03', '2026-02-01');
    t.call('runDailyFollowUps');
    const before = letterText(t);
    expect(before).toContain('拝啓\u3000厳寒の候、清水様にはますますご清祥のこととお慶び申し上げます。');
    expect(before).toContain('令和8年2月3日');
    expect(before).not.toMatch(/暦の上では春|余寒/);
    const after = letterText(nextDay(t, '2026-02-04'));
    expect(after).toContain('拝啓\u3000余寒の候、清水様にはますますご清祥のこととお慶び申し上げます。');
    expect(after).toContain('令和8年2月4日');
    expect(after).not.toContain('厳寒');
  });

  test('prepared on 2026-08-06 it is still summer; waiting on 2026-08-07 (立秋) it is 残暑', () => {
    const t = letterDueOn('2026-08-06', '2026-08-04');
    t.call('runDailyFollowUps');
    const before = letterText(t);
    expect(before).toContain('拝啓\u3000盛夏の候、清水様にはますますご清祥のこととお慶び申し上げます。');
    expect(before).not.toMatch(/暦の上では秋|残暑/);
    const after = letterText(nextDay(t, '2026-08-07'));
    expect(after).toContain('拝啓\u3000残暑の候、清水様にはますますご清祥のこととお慶び申し上げます。');
    expect(after).toContain('令和8年8月7日');
  });

  test('one greeting: no spoken seasonal clause stacked after the 〇〇の候', () => {
    const t = letterDueOn('2026-11-22', '2026-11-20');
    t.call('runDailyFollowUps');
    const text = letterText(t);
    expect(text).toContain('拝啓\u3000晩秋の候、清水様にはますますご清祥のこととお慶び申し上げます。');
    expect(text).not.toContain('朝夕の冷え込み');
  });
});
