import fc from 'fast-check';
import {
  CHANNEL_PARTICLES,
  CHANNEL_WORDS,
  CONTACT_STATE_WORDS,
  readCallResult,
  readChannel,
  readContactState,
  readOutcome,
  readPhoneAllowed,
  readSlotOpen,
  UNDELIVERED_WORDS,
  wordOf,
} from '../../src/core/vocabulary';
import { readStepName, stepsOf } from '../../src/core/step-names';

/** How owners type a word: full or half width, spaces, brackets around it, a trailing です / でした / 。 */
function asTyped(word: string) {
  return fc
    .record({
      wide: fc.boolean(),
      spaceBefore: fc.constantFrom('', ' ', '　', '\t'),
      spaceAfter: fc.constantFrom('', ' ', '　'),
      bracket: fc.constantFrom(['', ''], ['「', '」'], ['（', '）'], ['(', ')'], ['【', '】'], ['［', '］']),
      polite: fc.constantFrom('', 'です', 'でした', '。', 'です。'),
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

/** Every word of a table, with the value it must read as. */
const STATE_WORDS = CONTACT_STATE_WORDS.flatMap(([state, words]) => words.map((w) => [w, state] as const));
const CHANNEL_TYPED = CHANNEL_WORDS.flatMap(([channel, words]) =>
  words.flatMap((w) => CHANNEL_PARTICLES.map((p) => [w + p, channel] as const)),
);
const LABELS = [...stepsOf()].flatMap(([scenario, steps]) => steps.map((step) => [scenario, step] as const));

describe('連絡履歴 in the owner’s words, however typed', () => {
  test.each(STATE_WORDS)('状態 %s → %s', (word, state) => {
    fc.assert(
      fc.property(asTyped(word), (typed) => expect(readContactState(typed)).toEqual({ value: state })),
    );
  });

  test.each(CHANNEL_TYPED)('チャネル %s → %s', (word, channel) => {
    fc.assert(fc.property(asTyped(word), (typed) => expect(readChannel(typed)).toEqual({ value: channel })));
  });

  test.each(UNDELIVERED_WORDS)('結果 %s → 宛先不明', (word) => {
    fc.assert(
      fc.property(asTyped(word), (typed) => expect(readOutcome(typed)).toEqual({ value: '宛先不明' })),
    );
  });

  test.each(CALL.filter(([, r]) => r !== '完了'))('結果 %s → %s, as on 電話リスト', (word, result) => {
    fc.assert(fc.property(asTyped(word), (typed) => expect(readOutcome(typed)).toEqual({ value: result })));
  });

  test.each(LABELS)('シナリオ %s ステップ %s, in their cells, in one cell, with notes', (scenario, step) => {
    const meant = { scenario, step };
    fc.assert(
      fc.property(
        asTyped(scenario),
        asTyped(step),
        fc.constantFrom('', '（電話）', ' メールで', '(LINE)', '　手紙にて'),
        (s, t, note) => {
          expect(readStepName(s, t + note)).toEqual(meant);
          expect(readStepName(`${s}: ${t}${note}`, '')).toEqual(meant);
          expect(readStepName('', `${s}（${t}）`)).toEqual(meant);
          // The step alone names its scenario: step labels belong to one scenario each.
          expect(readStepName('', t + note)).toEqual(meant);
        },
      ),
    );
  });

  test.each(LABELS)('a prefix of %s / %s names it or nothing, never another label', (scenario, step) => {
    for (let n = 1; n <= step.length; n++) {
      const read = readStepName(scenario, step.slice(0, n));
      expect([step, '']).toContain(read.step);
      expect(readStepName('', step.slice(0, n)).step).toMatch(new RegExp(`^(${step})?$`));
    }
    for (let n = 1; n <= scenario.length; n++) {
      expect(['', scenario]).toContain(readStepName(scenario.slice(0, n), '').scenario);
    }
  });

  test('an unknown word is kept as written and read as nothing: the row is then held', () => {
    expect(readContactState(' 確認中 ')).toEqual({ value: null, unknown: '確認中' });
    expect(readContactState('×')).toEqual({ value: null, unknown: '×' });
    expect(readContactState('')).toEqual({ value: null, unknown: '' });
    expect(readChannel('伝書鳩')).toEqual({ value: null, unknown: '伝書鳩' });
    expect(readStepName('', 'お')).toEqual({ scenario: '', step: '' });
    expect(readStepName('購入後フォロー', '電話')).toEqual({ scenario: '購入後フォロー', step: '' });
    expect(readStepName('', 'ご')).toEqual({ scenario: '', step: '' });
  });
});

describe('tense and the IME’s maru (review findings)', () => {
  test('a future ます is never read as done or open: 「送ります」「空きます」 are unknown, the safe choice', () => {
    expect(readContactState('送ります')).toEqual({ value: null, unknown: '送ります' });
    expect(readContactState('電話します')).toEqual({ value: null, unknown: '電話します' });
    expect(readSlotOpen('空きます')).toEqual({ value: false, unknown: '空きます' });
    // A bare 送信 says nothing about whether it went.
    expect(readContactState('送信').value).toBeNull();
  });

  test('a past ました is: 「電話しました」「送りました」「投函しました」 done, 「埋まりました」 taken', () => {
    expect(readContactState('電話しました').value).toBe('完了');
    expect(readContactState('送りました').value).toBe('送信済');
    expect(readContactState('投函しました').value).toBe('印刷済');
    expect(readSlotOpen('埋まりました')).toEqual({ value: false });
  });

  test('〇 (U+3007, what the IME gives for まる) reads as ○ everywhere', () => {
    expect(readSlotOpen('〇')).toEqual({ value: true });
    expect(readPhoneAllowed('〇')).toEqual({ value: true });
    expect(readCallResult('〇')).toEqual({ value: '完了' });
    expect(readContactState('〇').value).toBe('完了');
  });
});
