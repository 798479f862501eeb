/**
 * A shop's 定休日 and 休業日 as salons write them, through the bundle: the planner moves a call off a 第n closed
 * day, and the summary, the 設定 tab and 診断 say what was understood and what was not applied.
 */
import type { CellValue } from '../fakes';
import {
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  wall,
  type Tsunagu,
} from './harness';

/** C4's 電話確認 falls on 2026-11-22, the fourth Sunday of November (the 23rd is 勤労感謝の日, a Monday). */
function salon(closed: [string, CellValue][]): Tsunagu {
  return loadTsunagu({
    sheets: [
      customerSheet([{ ...C4_CALLER, 満足度: '' }]),
      settingsSheet([...SHOP_SETTINGS, ...closed]),
      logSheet([C4_INQUIRY_SENT]),
    ],
    today: '2026-11-22',
  });
}
const run = (t: Tsunagu) =>
  t.call<{ prepared: Record<string, number>; setupProblems: string[] }>('runDailyFollowUps');
const c4 = (t: Tsunagu) => t.records('顧客').find((r) => r['顧客ID'] === 'C4');

const NOTE_MESSAGE =
  '設定「定休日」は毎週月曜・第4日曜として扱います。（祝日の場合は翌日）は反映していません（その日を休みにするときは「休業日」に日付で入れてください）';

describe('定休日 in salon wording', () => {
  test('「毎週月曜」 alone: the call is prepared today (the fourth Sunday is open)', () => {
    const t = salon([['定休日', '毎週月曜']]);
    expect(run(t).prepared['電話']).toBe(1);
    expect(c4(t)?.['次回連絡日']).toEqual(new Date(wall('2026-11-22', 0)));
  });

  test('「毎週月曜・第4日曜（祝日の場合は翌日）」 moves the call off the fourth Sunday and the Monday holiday, and says what was understood', () => {
    const t = salon([['定休日', '毎週月曜・第4日曜（祝日の場合は翌日）']]);
    const summary = run(t);
    expect(summary.prepared['電話']).toBe(0);
    expect(c4(t)).toMatchObject({
      次回連絡日: new Date(wall('2026-11-24', 0)),
      次回連絡内容: '購入後フォロー（電話確認）',
      次回チャネル: '電話',
    });
    expect(String(c4(t)?.['理由'])).toContain('2026/11/22はお休み');
    // The summary (the run's toast), the 設定 tab and 診断 say it in the same words.
    expect(summary.setupProblems).toEqual([NOTE_MESSAGE]);
    expect(t.services.spreadsheet.toasts.at(-1)?.message).toContain(NOTE_MESSAGE);
    expect(t.call<{ problems: string[] }>('getSettingsView').problems).toEqual([NOTE_MESSAGE]);
    const calendarLine = t
      .call<{ mark: string; topic: string; text: string }[]>('getDiagnosis')
      .find((l) => l.topic === '営業日');
    expect(calendarLine).toEqual({
      mark: '！',
      topic: '営業日',
      text: `定休日は毎週月曜・第4日曜、休業日はなし、祝日はお休みとして扱います。／${NOTE_MESSAGE}`,
    });
  });

  test('「毎年12/29〜1/3」 in 休業日 is read whole, and 診断 says so', () => {
    const t = salon([
      ['定休日', '第2・第4火曜'],
      ['休業日', '毎年12/29〜1/3'],
    ]);
    expect(t.call<{ problems: string[] }>('getSettingsView').problems).toEqual([]);
    const calendarLine = t
      .call<{ mark: string; topic: string; text: string }[]>('getDiagnosis')
      .find((l) => l.topic === '営業日');
    expect(calendarLine).toEqual({
      mark: '✓',
      topic: '営業日',
      text: '定休日は第2・第4火曜、休業日は毎年12/29〜1/3、祝日はお休みとして扱います。',
    });
  });
});
