/**
 * 空き枠 状態 in the owner's words (issue 13, item 4; contract section 2 「空き枠」), through dist/Code.js: a slot is
 * offered only when it is surely open. Taken words and any word Tsunagu cannot read keep the slot from being
 * offered; the unknown word is kept as the owner wrote it and named in the summary.
 */
import {
  CUSTOMER_HEADER,
  customerSheet,
  dateCell,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
} from '../bundle/harness';
import { tally } from './tally';

const HEADER = [...CUSTOMER_HEADER, '初回来店日', '常連', 'メール同意'];

/** A regular who can take an offer by email, and one 空き枠 row with 案内 TRUE whose 状態 the owner typed. */
function withSlotState(state: string) {
  const t = loadTsunagu({
    sheets: [
      customerSheet(
        [
          {
            顧客ID: 'R1',
            氏名: '山本 京子',
            メール: 'kyoko@example.jp',
            初回来店日: dateCell('2025-06-01'),
            最終来店日: dateCell('2026-10-30'),
            来店回数: 8,
            常連: true,
            メール同意: true,
          },
        ],
        HEADER,
      ),
      settingsSheet(SHOP_SETTINGS),
      {
        name: '空き枠',
        values: [
          ['日時', '所要(分)', '特別価格', '案内', '状態'],
          ['2026/11/26 10:00', 60, '4,000円', true, state],
        ],
      },
    ],
    today: '2026-11-22',
    hour: 9,
  });
  const summary = t.call<{ setupProblems: string[] }>('runDailyFollowUps');
  const offered = t.records('連絡履歴').filter((r) => r['シナリオ'] === '空き枠案内');
  const slotCell = t.records('空き枠')[0]['状態'];
  return { offered, summary, slotCell };
}

describe('空き枠 状態 in the owner’s words', () => {
  test.each(['空き', '空', '○', 'あり', '', '　空き ', '（空き）', '空きです'])(
    '「%s」 is open: the slot is offered',
    (word) => {
      tally.badInputsTried++;
      expect(withSlotState(word).offered).toHaveLength(1);
    },
  );

  test.each(['埋まり', '予約済', '予約済み', '満席', '×', '済', 'なし', '埋まりました', 'ｘ'])(
    '「%s」 is taken: nothing is offered, nothing reported',
    (word) => {
      tally.badInputsTried++;
      const { offered, summary } = withSlotState(word);
      expect(offered).toEqual([]);
      expect(summary.setupProblems.join('\n')).not.toContain('状態');
    },
  );

  test.each(['仮押さえ', '要相談', 'キャンセル待ち', '?'])(
    'the unknown word 「%s」 is read as taken, kept as written and named in the summary',
    (word) => {
      tally.badInputsTried++;
      const { offered, summary, slotCell } = withSlotState(word);
      expect(offered).toEqual([]);
      expect(slotCell).toBe(word);
      expect(summary.setupProblems.join('\n')).toContain(`「${word}」`);
    },
  );
});
