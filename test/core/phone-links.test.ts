import { dialable, phoneParts, telHref } from '../../src/core/phone-links';
import { callPoints } from '../../src/core/call-points';

describe('a typed phone number made tappable', () => {
  test.each([
    ['090-1111-2222', 'tel:09011112222'],
    ['03-5432-1234', 'tel:0354321234'],
    ['０３（５４３２）１２３４', 'tel:0354321234'],
    ['０４５ー６７８ー９０１２', 'tel:0456789012'],
    ['0120-123-456', 'tel:0120123456'],
    ['0800-123-4567', 'tel:08001234567'],
    ['+81 90-1111-2222', 'tel:09011112222'],
    ['＋８１ ９０ １１１１ ２２２２', 'tel:09011112222'],
  ])('%s → %s', (typed, href) => {
    expect(telHref(typed)).toBe(href);
  });

  test.each(['', '110', '2026/11/22', '090-1111', '090-1111-2222-3333', '+0 90 1111', 'なし'])(
    '%s is no number to dial',
    (typed) => {
      expect(telHref(typed)).toBe('');
    },
  );

  test('for LINE: half-width digits and hyphens only', () => {
    expect(dialable('０３（５４３２）１２３４')).toBe('03-5432-1234');
    expect(dialable('03(5432)1234')).toBe('03-5432-1234');
    expect(dialable('０４５ー６７８ー９０１２')).toBe('045-678-9012');
    expect(dialable('+81 90 1111 2222')).toBe('+81-90-1111-2222');
    expect(dialable('わかりません')).toBe('わかりません');
  });

  test('numbers inside a text become links; dates, amounts and ids do not', () => {
    expect(phoneParts('ご予約の変更は03-5432-1234（平日10時〜）まで')).toEqual([
      { text: 'ご予約の変更は' },
      { text: '03-5432-1234', tel: 'tel:0354321234' },
      { text: '（平日10時〜）まで' },
    ]);
    expect(phoneParts('携帯 090-1111-2222／自宅 ０３（３３３３）４４４４')).toEqual([
      { text: '携帯 ' },
      { text: '090-1111-2222', tel: 'tel:09011112222' },
      { text: '／自宅 ' },
      { text: '０３（３３３３）４４４４', tel: 'tel:0333334444' },
    ]);
    for (const text of [
      'お伺い（2026/11/17）の5日後',
      '購入金額 30000円',
      '会員番号A0312345678',
      '2026-11-22',
    ])
      expect(phoneParts(text)).toEqual([{ text }]);
    expect(phoneParts('')).toEqual([{ text: '' }]);
  });
});

describe("a call note's talking points", () => {
  test('【目的】 and 【言わないこと】, bullets dropped, the rest left to 電話リスト', () => {
    const note = [
      '【目的】骨盤調整60分にご満足いただけているかの確認です。',
      '売り込みの電話ではありません。',
      '【言わないこと】',
      '・別の商品のおすすめ',
      '・お客様を責める言い方',
      '【伺うこと】',
      '・ご期待どおりだったか',
    ].join('\n');
    expect(callPoints(note)).toEqual({
      purpose: '骨盤調整60分にご満足いただけているかの確認です。売り込みの電話ではありません。',
      avoid: ['別の商品のおすすめ', 'お客様を責める言い方'],
      whole: '',
    });
  });

  test('a note the owner rewrote without those headings is given whole', () => {
    expect(callPoints('前回の施術の具合を聞く\n次回予約の相談')).toEqual({
      purpose: '',
      avoid: [],
      whole: '前回の施術の具合を聞く\n次回予約の相談',
    });
  });
});
