import { dayFromYmd } from '../../src/core/day';
import {
  composeLetter,
  formatWareki,
  refreshLetter,
  senderAfterShopName,
  senderNamesShop,
  signatureNames,
  type LetterInput,
} from '../../src/core/letter-text';

describe('formatWareki', () => {
  test.each([
    [2026, 11, 23, '令和8年11月23日'],
    [2019, 5, 1, '令和元年5月1日'],
    [2019, 4, 30, '平成31年4月30日'],
    [2020, 1, 1, '令和2年1月1日'],
    [1989, 1, 8, '平成元年1月8日'],
    [1989, 1, 7, '昭和64年1月7日'],
    [1926, 12, 25, '昭和元年12月25日'],
    [1926, 12, 24, '大正15年12月24日'],
    [1912, 7, 29, '明治45年7月29日'],
    [1912, 7, 30, '大正元年7月30日'],
    [1900, 1, 1, '明治33年1月1日'],
    [1868, 1, 25, '明治元年1月25日'],
    [1868, 1, 24, '1868年1月24日'],
  ])('%i-%i-%i → %s', (y, m, d, text) => {
    expect(formatWareki(dayFromYmd(y, m, d))).toBe(text);
  });
});

describe('composeLetter', () => {
  const shop = {
    shopName: '美容室さくら',
    senderName: '店主 佐藤一郎',
    address: '東京都杉並区1-2-3',
    phone: '03-1234-5678',
  };
  const base: LetterInput = {
    day: dayFromYmd(2026, 11, 23),
    recipientName: '山田 花子',
    honorific: '様',
    postalCode: '1234567',
    address: '東京都中野区4-5-6',
    body: '先日はご来店ありがとうございました。\n\nその後いかがでしょうか。',
    shop,
  };

  test('frames the body from 拝啓 to the signature after 敬具', () => {
    const letter = composeLetter(base);
    expect(letter.lines[0]).toBe('拝啓\u3000晩秋の候、山田様にはますますご清祥のこととお慶び申し上げます。');
    expect(letter.lines.slice(1, 3)).toEqual([
      '　先日はご来店ありがとうございました。',
      '　その後いかがでしょうか。',
    ]);
    expect(letter.lines[3]).toBe('　今後ともどうぞよろしくお願い申し上げます。');
    const closing = letter.lines.indexOf('敬具');
    expect(closing).toBe(4);
    expect(letter.lines.slice(closing + 1)).toEqual([
      '令和8年11月23日',
      '美容室さくら',
      '店主 佐藤一郎',
      '東京都杉並区1-2-3',
      '電話 03-1234-5678',
    ]);
    expect(letter.dateLine).toBe('令和8年11月23日');
    expect(letter.addressBlock).toEqual(['〒123-4567', '東京都中野区4-5-6', '山田 花子 様']);
    expect(letter.handwritten).toBe(false);
  });

  test('uses 御中 for a company, 様 when blank, and does not double an honorific typed into the name', () => {
    expect(
      composeLetter({ ...base, recipientName: '株式会社つなぐ', honorific: '御中' }).addressBlock[2],
    ).toBe('株式会社つなぐ 御中');
    expect(composeLetter({ ...base, honorific: ' ' }).addressBlock[2]).toBe('山田 花子 様');
    expect(composeLetter({ ...base, recipientName: '山田花子様', honorific: '' }).addressBlock[2]).toBe(
      '山田花子 様',
    );
  });

  test('normalises the postal code', () => {
    expect(composeLetter({ ...base, postalCode: '〒１２３－４５６７' }).addressBlock[0]).toBe('〒123-4567');
    expect(composeLetter({ ...base, postalCode: '' }).addressBlock[0]).toBe('東京都中野区4-5-6');
  });

  test('does not repeat a closing phrase the body already has, and flags handwritten letters', () => {
    const letter = composeLetter({
      ...base,
      body: 'ありがとうございました。\n今後ともよろしくお願いいたします。',
      handwritten: true,
    });
    expect(letter.lines.filter((l) => l.includes('よろしくお願い'))).toHaveLength(1);
    expect(letter.handwritten).toBe(true);
    expect(letter.lines.join('')).not.toContain('手書き');
  });

  test('signs with the sender line alone when it already starts with the shop name', () => {
    const signed = (senderName: string, shopName = 'ここち堂') => {
      const letter = composeLetter({ ...base, shop: { ...shop, shopName, senderName } });
      return letter.lines.slice(letter.lines.indexOf('敬具') + 2);
    };
    expect(signed('ここち堂 店主 山本 和也')).toEqual([
      'ここち堂 店主 山本 和也',
      '東京都杉並区1-2-3',
      '電話 03-1234-5678',
    ]);
    expect(signed('ここち堂')).toEqual(['ここち堂', '東京都杉並区1-2-3', '電話 03-1234-5678']);
    expect(signed('店主 山本 和也')).toEqual([
      'ここち堂',
      '店主 山本 和也',
      '東京都杉並区1-2-3',
      '電話 03-1234-5678',
    ]);
    expect(signed(' ')).toEqual(['ここち堂', '東京都杉並区1-2-3', '電話 03-1234-5678']);
    expect(signed('山本 和也', '')).toEqual(['山本 和也', '東京都杉並区1-2-3', '電話 03-1234-5678']);
  });

  test('the date follows the era boundary', () => {
    expect(composeLetter({ ...base, day: dayFromYmd(2019, 5, 1) }).dateLine).toBe('令和元年5月1日');
  });
});

describe('sender and shop names', () => {
  test.each([
    ['ここち堂 店主 山本 和也', 'ここち堂', '店主 山本 和也'],
    ['ここち堂\u3000店主\u3000山本 和也', 'ここち堂', '店主\u3000山本 和也'],
    ['ここち堂・山本', 'ここち堂', '山本'],
    ['ここち堂店主 山本', ' ここち堂 ', '店主 山本'],
    ['ＡＢＣ美容室 佐藤', 'ABC美容室', '佐藤'],
    ['ここち堂', 'ここち堂', ''],
    ['ここち堂 ', 'ここち堂', ''],
    ['店主 山本 和也', 'ここち堂', ''],
    ['整体院ここち堂 山本', 'ここち堂', ''],
    ['山本', '', ''],
    ['', 'ここち堂', ''],
  ])('senderAfterShopName(%j, %j) → %j', (sender, shopName, rest) => {
    expect(senderAfterShopName(sender, shopName)).toBe(rest);
  });

  test('senderNamesShop and signatureNames', () => {
    expect(senderNamesShop('ここち堂 店主 山本 和也', 'ここち堂')).toBe(true);
    expect(senderNamesShop('店主 山本 和也', 'ここち堂')).toBe(false);
    expect(senderNamesShop('山本', '')).toBe(false);
    expect(signatureNames('ここち堂', 'ここち堂 店主 山本 和也')).toEqual(['ここち堂 店主 山本 和也']);
    expect(signatureNames('ここち堂', '店主 山本 和也')).toEqual(['ここち堂', '店主 山本 和也']);
    expect(signatureNames('ここち堂', 'ここち堂')).toEqual(['ここち堂']);
    expect(signatureNames('ここち堂', '')).toEqual(['ここち堂']);
    expect(signatureNames('', '山本')).toEqual(['山本']);
    expect(signatureNames('', '')).toEqual([]);
  });
});

describe('letter etiquette by recipient and occasion', () => {
  const input: LetterInput = {
    day: dayFromYmd(2026, 11, 23),
    recipientName: '株式会社みどり工務店',
    honorific: '御中',
    postalCode: '154-0004',
    address: '東京都世田谷区太子堂1-1-1',
    body: '先日はありがとうございました。',
    shop: { shopName: 'ここち堂', senderName: '山本', address: '東京都', phone: '03' },
  };

  test('a company (御中) is wished 貴社ますますご清栄', () => {
    expect(composeLetter(input).lines[0]).toContain('貴社ますますご清栄のこととお慶び申し上げます。');
  });

  test('an apology goes straight to the matter after 拝啓, without the season', () => {
    expect(composeLetter({ ...input, honorific: '様', apology: true }).lines[0]).toBe('拝啓');
  });

  test("a letter printed later gets that day's season and date", () => {
    const november = composeLetter({ ...input, honorific: '様', recipientName: '山田 花子' });
    const printed = refreshLetter(november.lines, dayFromYmd(2027, 1, 10));
    expect(printed[0]).toContain('厳寒の候');
    expect(printed[0]).toBe('拝啓\u3000厳寒の候、山田様にはますますご清祥のこととお慶び申し上げます。');
    expect(printed).toContain('令和9年1月10日');
    expect(printed).not.toContain('令和8年11月23日');
  });
});
