import fc from 'fast-check';
import { readCallResult, readPhoneAllowed, readSlotOpen, wordOf } from '../../src/core/vocabulary';

/** How owners type a word: full or half width, spaces, brackets around it, a trailing です / でした / ました / 。 */
function asTyped(word: string) {
  return fc
    .record({
      wide: fc.boolean(),
      spaceBefore: fc.constantFrom('', ' ', '　', '\t'),
      spaceAfter: fc.constantFrom('', ' ', '　'),
      bracket: fc.constantFrom(['', ''], ['「', '」'], ['（', '）'], ['(', ')'], ['【', '】'], ['［', '］']),
      polite: fc.constantFrom('', 'です', 'でした', 'ました', '。', 'です。'),
    })
    .map(({ wide, spaceBefore, spaceAfter, bracket, polite }) => {
      const body = wide ? word.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) : word;
      return `${spaceBefore}${bracket[0]}${body}${polite}${bracket[1]}${spaceAfter}`;
    });
}

const SLOT: [string, boolean][] = [
  ['空き', true], ['空', true], ['○', true], ['あり', true], ['空いています', true],
  ['埋まり', false], ['予約済', false], ['予約済み', false], ['満席', false], ['×', false], ['x', false], ['済', false], ['なし', false],
]; // prettier-ignore
const PHONE: [string, boolean][] = [
  ['可', true], ['○', true], ['OK', true], ['ok', true], ['はい', true],
  ['不可', false], ['×', false], ['NG', false], ['x', false], ['いいえ', false], ['なし', false], ['不要', false],
]; // prettier-ignore
const CALL: [string, string][] = [
  ['満足', '満足'], ['良かった', '満足'], ['不満', '不満'], ['クレーム', '不満'],
  ['不在', '不在'], ['留守電', '不在'], ['つながらず', '不在'], ['出ない', '不在'], ['話し中', '不在'],
  ['○', '完了'], ['済', '完了'], ['完了', '完了'], ['電話した', '完了'],
]; // prettier-ignore

describe('the owner’s words, however typed', () => {
  test.each(SLOT)('空き枠 状態 %s → open %s', (word, open) => {
    fc.assert(fc.property(asTyped(word), (typed) => expect(readSlotOpen(typed)).toEqual({ value: open })));
  });

  test.each(PHONE)('カテゴリ 電話 %s → calls %s', (word, allowed) => {
    fc.assert(
      fc.property(asTyped(word), (typed) => expect(readPhoneAllowed(typed)).toEqual({ value: allowed })),
    );
  });

  test.each(CALL)('電話リスト 結果 %s → %s', (word, result) => {
    fc.assert(
      fc.property(asTyped(word), (typed) => expect(readCallResult(typed)).toEqual({ value: result })),
    );
  });

  test('an unknown word is the safe choice, and kept as the owner wrote it', () => {
    expect(readSlotOpen(' 仮押さえ ')).toEqual({ value: false, unknown: '仮押さえ' });
    expect(readPhoneAllowed('要相談')).toEqual({ value: false, unknown: '要相談' });
    expect(readPhoneAllowed('')).toEqual({ value: false, unknown: '' });
    expect(readCallResult('また今度')).toEqual({ value: null, unknown: 'また今度' });
  });

  test('a blank 空き枠 状態 is open (the sheet’s default), and wordOf strips only what is around the word', () => {
    expect(readSlotOpen('')).toEqual({ value: true });
    expect(wordOf('「予約済」です。')).toBe('予約済');
    expect(wordOf('不 可')).toBe('不可');
    expect(wordOf('不可能')).toBe('不可能');
  });
});
