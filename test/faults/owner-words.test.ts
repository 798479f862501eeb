/**
 * The owner's own words (issue 13, item 4), through dist/Code.js: 電話リスト 結果 and カテゴリ 電話 as owners type
 * them; an unknown word is kept as written, reported, and read as the safe choice (no outcome, no call).
 */
import {
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';
import { tally } from './tally';

const CALL_KEY = 'C4|S1|電話確認|2026-11-10';

/** C4's 電話確認 is on 電話リスト on 2026-11-22. */
function callDay(categories?: unknown[][]): Tsunagu {
  const t = loadTsunagu({
    sheets: [
      customerSheet([{ ...C4_CALLER }]),
      settingsSheet(SHOP_SETTINGS),
      logSheet([C4_INQUIRY_SENT]),
      ...(categories ? [{ name: 'カテゴリ', values: categories as never }] : []),
    ],
    today: '2026-11-22',
    hour: 9,
  });
  t.call('runDailyFollowUps');
  return t;
}

function ownerWritesResult(t: Tsunagu, word: string): void {
  const header = (t.values('電話リスト') ?? [])[0];
  t.services.spreadsheet
    .getSheetByName('電話リスト')
    ?.getRange(2, header.indexOf('結果') + 1)
    .setValue(word);
}

const callRow = (t: Tsunagu) => t.records('連絡履歴').find((r) => r['キー'] === CALL_KEY) ?? {};

describe('電話リスト 結果 in the owner’s words', () => {
  test.each([
    ['留守電', '不在'],
    ['留守番電話でした', '不在'],
    ['つながらず', '不在'],
    ['出ない', '不在'],
    ['満足です', '満足'],
    ['（不満）', '不満'],
  ])('「%s」 → %s', (word, result) => {
    const t = callDay();
    ownerWritesResult(t, word);
    t.at('2026-11-24', 9);
    t.call('runDailyFollowUps');
    tally.badInputsTried++;
    expect(callRow(t)).toMatchObject({ 状態: '完了', 結果: result });
  });

  test.each([['済'], ['○'], ['完了'], ['電話した']])(
    '「%s」: the call was made, outcome not given',
    (word) => {
      const t = callDay();
      ownerWritesResult(t, word);
      t.at('2026-11-24', 9);
      t.call('runDailyFollowUps');
      tally.badInputsTried++;
      expect(callRow(t)).toMatchObject({ 状態: '完了', 結果: '' });
    },
  );

  test.each([['また今度'], ['ＯＫ？'], ['折り返し待ち']])(
    'an unknown word 「%s」 stays on the rebuilt list, the call stays 予定, and the summary says so',
    (word) => {
      const t = callDay();
      ownerWritesResult(t, word);
      t.call('runDailyFollowUps');
      tally.badInputsTried++;
      expect(callRow(t)['状態']).toBe('予定');
      expect(t.records('電話リスト')).toEqual([expect.objectContaining({ キー: CALL_KEY, 結果: word })]);
      expect(t.services.spreadsheet.toasts.at(-1)?.message).toContain(`電話リストの結果「${word}」`);
    },
  );
});

describe('カテゴリ 電話 in the owner’s words', () => {
  const header = ['カテゴリ', '初回フォロー日数', '電話確認日数', '提案日数', '電話', '提案の例'];
  test.each([['×'], ['NG'], ['いいえ'], ['なし'], ['不要'], ['電話しない'], ['']])(
    '整体 電話 「%s」: the 電話確認 does not go by phone',
    (word) => {
      const t = callDay([header, ['整体', '2', '5', '14', word, '次回の施術']]);
      tally.badInputsTried++;
      expect(t.records('電話リスト')).toEqual([]);
      expect(t.records('顧客')[0]['次回チャネル']).not.toBe('電話');
      // A word Tsunagu does not know (or none) is reported; a known 不可 needs no word about it.
      const told = t.services.spreadsheet.toasts.at(-1)?.message ?? '';
      expect(told.includes('このカテゴリのお客様には電話しません')).toBe(
        word === '電話しない' || word === '',
      );
    },
  );

  test.each([['可'], ['○'], ['OK'], ['はい'], ['（可）']])('整体 電話 「%s」: called', (word) => {
    const t = callDay([header, ['整体', '2', '5', '14', word, '次回の施術']]);
    tally.badInputsTried++;
    expect(t.records('電話リスト')).toEqual([expect.objectContaining({ キー: CALL_KEY })]);
  });
});
