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

/** A regular (8 visits, active) who can take a vacancy offer by email. */
const REGULAR = {
  顧客ID: 'R1',
  氏名: '山本 京子',
  メール: 'kyoko@example.jp',
  初回来店日: dateCell('2025-06-01'),
  最終来店日: dateCell('2026-10-30'),
  来店回数: 8,
  常連: true,
  メール同意: true,
};

/** A regular who can take an offer by email, and one 空き枠 row with 案内 TRUE whose 状態 the owner typed. */
function withSlotState(state: string) {
  const t = loadTsunagu({
    sheets: [
      customerSheet([{ ...REGULAR }], HEADER),
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

describe('空き枠 with a header renamed (the column reads as blank cells, and a blank 状態 is open)', () => {
  const SLOT_HEADER = ['日時', '所要(分)', '特別価格', '案内', '状態'];
  const CUSTOMERS = [...HEADER, 'キャンセル日'];
  /**
   * A regular who can take a vacancy offer, a customer who cancelled on 11-20 (her ご連絡 offers three open
   * slots), and 空き枠 as the owner keeps it: one slot offered to regulars and three others, all booked.
   */
  function shopWithSlots(header: string[], state = '予約済') {
    const t = loadTsunagu({
      sheets: [
        customerSheet(
          [
            { ...REGULAR },
            {
              顧客ID: 'C1',
              氏名: '佐藤 美咲',
              メール: 'misaki@example.jp',
              最終来店日: dateCell('2026-10-01'),
              来店回数: 2,
              キャンセル日: dateCell('2026-11-20'),
            },
          ],
          CUSTOMERS,
        ),
        settingsSheet(SHOP_SETTINGS),
        {
          name: '空き枠',
          values: [
            header,
            ['2026/11/26 10:00', 60, '4,000円', true, state],
            ['2026/11/26 14:00', 60, '', false, state],
            ['2026/11/27 10:00', 60, '', false, state],
            ['2026/11/27 14:00', 60, '', false, state],
          ],
        },
      ],
      today: '2026-11-22',
      hour: 9,
    });
    const summary = t.call<{ setupProblems: string[] }>('runDailyFollowUps');
    const vacancy = t.records('連絡履歴').filter((r) => r['シナリオ'] === '空き枠案内');
    const bodies = t.services.gmail.draftRecords().map((d) => d.message.plainBody ?? '');
    const slotShown = bodies.some((b) => /11月2[67]日/.test(b));
    const problems = summary.setupProblems;
    const said = (text: string) => problems.filter((p) => p.includes(text)).length;
    return { t, vacancy, slotShown, problems, said };
  }

  test('control: with 「状態」 予約済, no slot is offered in the vacancy offer or the cancellation ご連絡', () => {
    const { vacancy, slotShown, problems } = shopWithSlots(SLOT_HEADER);
    expect(vacancy).toEqual([]);
    expect(slotShown).toBe(false);
    expect(problems.join('\n')).not.toContain('見出し');
  });

  test('「状態」 renamed 「予約状況」: every slot is taken — none offered (S5) nor shown in a cancellation (S2) — and the summary says so once', () => {
    const header = SLOT_HEADER.map((h) => (h === '状態' ? '予約状況' : h));
    const { vacancy, slotShown, said, t } = shopWithSlots(header);
    tally.badInputsTried++;
    expect(vacancy).toEqual([]);
    expect(slotShown).toBe(false);
    expect(said('「空き枠」シートに「状態」の見出しがない')).toBe(1);
    expect(said('「状態」に戻して')).toBe(1);
    // The owner's 予約状況 cells are as they were.
    expect(t.records('空き枠').map((r) => r['予約状況'])).toEqual(['予約済', '予約済', '予約済', '予約済']);
    // The next run says it again, once, and still offers nothing.
    t.at('2026-11-22', 10);
    const again = t.call<{ setupProblems: string[] }>('runDailyFollowUps');
    tally.runsRepeated++;
    expect(again.setupProblems.filter((p) => p.includes('「状態」の見出し'))).toHaveLength(1);
    expect(t.records('連絡履歴').filter((r) => r['シナリオ'] === '空き枠案内')).toEqual([]);
  });

  test('「日時」 renamed 「日にち」: no slot is read, and the summary says so once', () => {
    const header = SLOT_HEADER.map((h) => (h === '日時' ? '日にち' : h));
    const { vacancy, slotShown, said } = shopWithSlots(header, '空き');
    tally.badInputsTried++;
    expect(vacancy).toEqual([]);
    expect(slotShown).toBe(false);
    expect(said('「空き枠」シートに「日時」の見出しがない')).toBe(1);
  });

  test('「案内」 renamed 「ご案内する」: no vacancy offer; the open slots still go to the cancellation; said once', () => {
    const header = SLOT_HEADER.map((h) => (h === '案内' ? 'ご案内する' : h));
    const { vacancy, slotShown, said } = shopWithSlots(header, '空き');
    tally.badInputsTried++;
    expect(vacancy).toEqual([]);
    expect(slotShown).toBe(true);
    expect(said('「空き枠」シートに「案内」の見出しがない')).toBe(1);
  });

  test('control: every header in place and 空き: the offer goes to the regular', () => {
    const { vacancy, said } = shopWithSlots(SLOT_HEADER, '空き');
    expect(vacancy).toHaveLength(1);
    expect(said('見出し')).toBe(0);
  });
});
