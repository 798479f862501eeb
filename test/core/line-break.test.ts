import { letterPageLayout } from '../../src/core/letter-layout';
import { textWidthEm, wrapLine } from '../../src/core/line-break';

const LAYOUT = letterPageLayout();

describe('wrapLine', () => {
  test('splits at the capacity and keeps every character, in order', () => {
    const text = 'あ'.repeat(100);
    const lines = wrapLine(text, 43);
    expect(lines.map((l) => l.length)).toEqual([43, 43, 14]);
    expect(lines.join('')).toBe(text);
  });

  test('never starts a line with 。、」 nor ends one with 「', () => {
    const text = `${'あ'.repeat(42)}。${'い'.repeat(41)}「う」、${'え'.repeat(10)}`;
    const lines = wrapLine(text, 43);
    expect(lines.join('')).toBe(text);
    for (const line of lines) {
      expect(line).not.toMatch(/^[。、」]/);
      expect(line).not.toMatch(/「$/);
      expect(textWidthEm(line)).toBeLessThanOrEqual(43);
    }
  });

  /**
   * Paragraphs of the example day's letters (npm run demo, 2026-11-24) whose fixed-width cuts split a word, and the
   * words they split (「ますますご／清祥」, 「お／気軽に」 from issue 14; the others found by reading every letter).
   */
  const EXAMPLE_DAY = [
    '拝啓\u3000晩秋の候、朝夕の冷え込みが日ごとに増してまいりましたが、清水 健一様にはますますご清祥のこととお慶び申し上げます。',
    '拝啓\u3000晩秋の候、朝夕の冷え込みが日ごとに増してまいりましたが、藤田 綾様にはますますご清祥のこととお慶び申し上げます。',
    '\u3000ご参考になれば幸いです。ご不明な点がございましたら、お電話（03-5432-1234）にてお気軽にお尋ねください。',
    '\u3000あれから半年ほどが経ちましたが、その後、問題などはございませんでしょうか。その節は大変ご迷惑をおかけいたしましたので、その後も気にかかっておりました。',
    '\u3000ヘッドスパ30分はいかがでしたでしょうか。ご期待にお応えできていたか気にかかり、お便りいたしました。',
    '\u3000もし「思っていたのと少し違った」「ここが少し気になる」と感じられることがございましたら、どうぞご遠慮なくお知らせください。調整やちょっとしたアドバイスなど、できる限りのことをさせていただきます。',
    '\u3000ささやかではございますが、三軒茶屋の老舗和菓子店の季節の焼き菓子をお届けいたします。少しでもお楽しみいただければ幸いです。',
    '\u3000ご興味がございましたら、お電話（03-5432-1234）またはご来店の折に、お気軽にご相談ください。もちろん、無理におすすめするものではございませんので、ご参考までにお読みいただければ幸いです。',
    '\u3000また、整体コース45分について気になることがございましたら、まずはそちらをお聞かせください。',
    '\u3000姿勢改善プログラム(5回券)のことはもちろん、その後お気づきのことがございましたら、どうぞお気軽にお声がけください。末永くお役に立てますよう、心を込めてお手伝いさせていただきます。',
    '\u3000すっかりご無沙汰しております。本日は、日々の暮らしに少しでもお役に立てばと思い、ちょっとした情報をお便りにいたしました。',
    '\u3000お電話（03-5432-1234）でも、ご来店の折にでも、お気軽にお声がけいただければ幸いです。',
  ];
  const WORDS = [
    'ご清祥',
    'お気軽に',
    'お慶び',
    '大変',
    '気に',
    'ございましたら',
    'こと',
    '幸いです',
    'お便り',
    'いたしました',
    'いただければ',
    'お聞かせ',
    'ください',
    'どうぞ',
    'いただきます',
    '03-5432-1234',
    '清水 健一様',
  ];

  /** The words of `text` that a set of lines cuts across a line end. */
  function splitWords(text: string, lines: readonly string[]): string[] {
    const cuts = new Set<number>();
    let at = 0;
    for (const line of lines.slice(0, -1)) {
      at = text.indexOf(line, at) + line.length;
      cuts.add(at);
    }
    return WORDS.filter((word) => {
      for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1))
        for (let c = i + 1; c < i + word.length; c++) if (cuts.has(c)) return true;
      return false;
    });
  }

  test('breaks between phrases, never inside a word (「ますますご／清祥」, 「お／気軽に」), at every line width', () => {
    // From a width with room for the longest phrases (「清水 健一様にはますますご清祥の」, 16) to the letter's.
    for (const text of EXAMPLE_DAY)
      for (let capacity = 20; capacity <= LAYOUT.lineCapacity.body; capacity++) {
        const lines = wrapLine(text, capacity);
        expect(lines.join('')).toBe(text); // nothing lost
        expect({ text, capacity, split: splitWords(text, lines) }).toEqual({ text, capacity, split: [] });
        for (const line of lines) {
          expect(textWidthEm(line)).toBeLessThanOrEqual(capacity);
          expect(line).not.toMatch(/^[、。」）]/);
          expect(line).not.toMatch(/[「（]$/);
        }
      }
  });

  test("the issue's cuts: the greeting and お気軽に at the letter's width", () => {
    const [greeting, , inquiry] = EXAMPLE_DAY;
    expect(wrapLine(greeting, LAYOUT.lineCapacity.body)).toEqual([
      '拝啓\u3000晩秋の候、朝夕の冷え込みが日ごとに増してまいりましたが、',
      '清水 健一様にはますますご清祥のこととお慶び申し上げます。',
    ]);
    expect(wrapLine(inquiry, LAYOUT.lineCapacity.body)).toEqual([
      '\u3000ご参考になれば幸いです。ご不明な点がございましたら、お電話',
      '（03-5432-1234）にてお気軽にお尋ねください。',
    ]);
  });

  test('a phrase longer than the line still breaks, by characters, keeping 禁則', () => {
    const lines = wrapLine('ご清祥のこととお慶び申し上げます。', 4);
    expect(lines.join('')).toBe('ご清祥のこととお慶び申し上げます。');
    for (const line of lines) {
      expect(textWidthEm(line)).toBeLessThanOrEqual(4);
      expect(line).not.toMatch(/^。/);
    }
  });

  test('counts half-width characters narrower, and keeps a Latin word whole', () => {
    const lines = wrapLine(`ご予約は ${'x'.repeat(10)} https://example.jp/reserve から`, 20);
    expect(lines.some((l) => l.includes('https://example.jp/reserve'))).toBe(true);
    for (const line of lines) expect(textWidthEm(line)).toBeLessThanOrEqual(20);
  });
});
