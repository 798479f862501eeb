import {
  CARD_MM,
  INK_MARGIN_MM,
  ZIP_FRAME,
  addressSide,
  cardOf,
  messageSide,
  parseAddressee,
  postcardLayout,
  printedCentreMm,
  tategaki,
  zipBoxLeftsMm,
  type PrintableCard,
} from '../../src/core/postcard-layout';
import { HAGAKI, MIN_PAGE_TOLERANCE, printableArea } from '../../src/core/print-page';
import { postcardNote } from '../../src/channels/postcard-sheet';

const LAYOUT = postcardLayout();
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const MM_PER_PX = 25.4 / 96;

const CARD: PrintableCard = {
  key: '世帯:1540004東京都世田谷区太子堂2-1-1|S10|年賀状|2026-12-10',
  postalCode: '1540004',
  address: ['東京都世田谷区太子堂2-1-1', 'サンハイツB棟 101号'],
  names: ['青木 花子'],
  honorific: '様',
  message: [
    '謹賀新年',
    '旧年中はここち堂をご愛顧いただき、誠にありがとうございました。',
    '本年も皆さまに喜んでいただけるよう努めてまいります。',
    '令和9年 元旦',
  ],
  senderNames: ['ここち堂'],
  senderAddress: ['〒154-0001 東京都世田谷区池尻3-4-5'],
};

describe('HAGAKI print settings and the page arithmetic', () => {
  test('カスタム 3.94 × 5.83 in, margins 0: the printable area is the whole 100 × 148 mm page', () => {
    const { widthPx, heightPx } = printableArea(HAGAKI);
    expect(HAGAKI.paper.widthMm).toBeCloseTo(100.08, 2);
    expect(HAGAKI.paper.heightMm).toBeCloseTo(148.08, 2);
    expect(widthPx).toBeCloseTo(378.24, 2);
    expect(heightPx).toBeCloseTo(559.68, 2);
  });

  test('the columns are as wide as the page allows, and 幅に合わせる prints a hair over 100%', () => {
    expect(sum(LAYOUT.columnWidthsPx)).toBe(378);
    expect(LAYOUT.maxScale).toBeCloseTo(378.24 / 378, 6);
  });

  test('each side fills exactly one page at 100% and 幅に合わせる: it fits, and the next side’s first row does not', () => {
    const h = printableArea(HAGAKI).heightPx;
    for (const rows of [LAYOUT.addressRowsPx, LAYOUT.messageRowsPx]) {
      for (const scale of [1, LAYOUT.maxScale]) {
        expect(sum(rows) * scale).toBeLessThanOrEqual(h);
        for (const next of [LAYOUT.addressRowsPx[0], LAYOUT.messageRowsPx[0]])
          expect((sum(rows) + next) * scale).toBeGreaterThan(h);
      }
    }
    expect(LAYOUT.tolerance.over).toBeGreaterThanOrEqual(MIN_PAGE_TOLERANCE);
    expect(LAYOUT.tolerance.under).toBeGreaterThanOrEqual(MIN_PAGE_TOLERANCE);
  });
});

describe('the 郵便番号 in Japan Post’s 郵便番号枠 (p05: top 12.0 mm, right 8.0 mm; boxes 5.7 × 8.0 mm)', () => {
  test('the boxes: 47.7 mm in all, from 44.3 to 92.0 mm', () => {
    const lefts = zipBoxLeftsMm();
    expect(lefts).toEqual([44.3, 51.3, 58.3, 65.9, 72.7, 79.5, 86.3]);
    expect(lefts[6] + ZIP_FRAME.box.widthMm).toBeCloseTo(CARD_MM.width - ZIP_FRAME.rightMm, 6);
  });

  test.each([
    ['100%', 1],
    ['幅に合わせる', LAYOUT.maxScale],
  ])('each digit’s cell centre prints within 1 mm of its box centre at %s', (_name, scale) => {
    const side = addressSide(CARD, 'bought');
    const digits = side.cells.filter((c) => c.row === 1);
    expect(digits.map((c) => c.text).join('')).toBe('1540004');
    digits.forEach((c, i) => {
      const at = printedCentreMm(LAYOUT, side.rowsPx, c, scale);
      const box = {
        x: zipBoxLeftsMm()[i] + ZIP_FRAME.box.widthMm / 2,
        y: ZIP_FRAME.topMm + ZIP_FRAME.box.heightMm / 2,
      };
      expect(Math.abs(at.x - box.x)).toBeLessThan(1);
      expect(Math.abs(at.y - box.y)).toBeLessThan(1);
    });
  });

  test('blank card stock gets the frame in 朱 (medium lines for boxes 1–3, thin for 4–7) and 「郵便はがき」; bought cards neither', () => {
    const blank = addressSide(CARD, 'blank');
    expect(blank.boxes.map((b) => [b.weight, b.color])).toEqual([
      ...Array(3).fill(['medium', ZIP_FRAME.color]),
      ...Array(4).fill(['thin', ZIP_FRAME.color]),
    ]);
    const digitColumns = blank.cells.filter((c) => c.row === 1).map((c) => c.column);
    expect(blank.boxes.map((b) => b.column)).toEqual(digitColumns);
    expect(blank.cells.some((c) => c.text === '郵便はがき')).toBe(true);
    const bought = addressSide(CARD, 'bought');
    expect(bought.boxes).toEqual([]);
    expect(bought.cells.some((c) => c.text === '郵便はがき')).toBe(false);
  });
});

describe('ink keeps 5 mm from every edge, and the stamp corner stays empty', () => {
  const inked = (side: ReturnType<typeof addressSide>) => side.cells.filter((c) => c.text !== '');
  test.each([
    ['address side, bought', addressSide(CARD, 'bought')],
    ['address side, blank', addressSide(CARD, 'blank')],
    ['message side', messageSide(CARD)],
  ])('%s', (_name, side) => {
    for (const c of inked(side)) {
      const left = sum(LAYOUT.columnWidthsPx.slice(0, c.column - 1)) * MM_PER_PX;
      const right = sum(LAYOUT.columnWidthsPx.slice(0, c.column - 1 + c.columns)) * MM_PER_PX;
      const top = sum(side.rowsPx.slice(0, c.row)) * MM_PER_PX;
      const bottom = sum(side.rowsPx.slice(0, c.row + 1)) * MM_PER_PX;
      expect(left).toBeGreaterThanOrEqual(INK_MARGIN_MM - 0.01);
      expect(right).toBeLessThanOrEqual(CARD_MM.width - INK_MARGIN_MM + 0.01);
      // A cell's text keeps its padding (3 px ≈ 0.8 mm) from a cell edge the text is aligned to.
      const padMm = 3 * MM_PER_PX;
      if (c.valign === 'bottom') expect(bottom - padMm).toBeLessThanOrEqual(CARD_MM.height - INK_MARGIN_MM);
      else expect(bottom).toBeLessThanOrEqual(CARD_MM.height - INK_MARGIN_MM);
      if (c.valign === 'top') expect(top + padMm).toBeGreaterThanOrEqual(INK_MARGIN_MM);
      // No ink in the stamp's corner (top left, about 30 × 40 mm) but the blank card's 「郵便はがき」 mark.
      if (c.text !== '郵便はがき' && left < 30 && c.vertical) expect(c.valign).toBe('bottom');
    }
  });
});

describe('vertical address text (縦書き): 漢数字', () => {
  test.each([
    ['1-2-3', '一の二の三'],
    ['10', '一〇'],
    ['101号', '一〇一号'],
    ['2丁目', '二丁目'],
    ['１２３－４', '一二三の四'],
    ['太子堂2−1−1', '太子堂二の一の一'],
    ['サンハイツB棟 101号', 'サンハイツＢ棟\u3000一〇一号'],
    ['Maison Blanc 3F', 'Ｍａｉｓｏｎ\u3000Ｂｌａｎｃ\u3000三Ｆ'],
    // Upright in Sheets' stacked text, a 「ー」 or dash would read as 「一」: written as 「｜」.
    ['ハイツー', 'ハイツ｜'],
    ['コーポ三茶', 'コ｜ポ三茶'],
    ['メゾンB-201', 'メゾンＢ｜二〇一'],
    ['〒154-0001', '〒一五四｜〇〇〇一'],
  ])('%s → %s', (from, to) => {
    expect(tategaki(from)).toBe(to);
  });

  test('the address side writes the address in 漢数字 down the right, the name with 様 down the middle', () => {
    const side = addressSide(CARD, 'bought');
    const vertical = side.cells.filter((c) => c.vertical);
    expect(vertical.map((c) => c.text)).toEqual([
      '東京都世田谷区太子堂二の一の一',
      'サンハイツＢ棟\u3000一〇一号',
      '青木\u3000花子\u3000様',
      '〒一五四｜〇〇〇一',
      '東京都世田谷区池尻三の四の五',
      'ここち堂',
    ]);
    const name = vertical[2];
    const centre = printedCentreMm(LAYOUT, side.rowsPx, name, 1);
    expect(Math.abs(centre.x - CARD_MM.width / 2)).toBeLessThan(1.5);
    expect(name.pt).toBeGreaterThan(vertical[0].pt);
  });
});

describe('addressees: one 様 per name in 連名, 御中 alone', () => {
  test.each([
    ['青木 花子 様', ['青木 花子'], '様'],
    ['山田 太郎 様\u3000山田 花子 様', ['山田 太郎', '山田 花子'], '様'],
    // A 「・」 inside a name is part of it: one person per 様.
    ['ジョン・スミス 様', ['ジョン・スミス'], '様'],
    ['株式会社さくら企画 御中', ['株式会社さくら企画'], '御中'],
    ['株式会社さくら企画 様 御中', ['株式会社さくら企画'], '御中'],
  ])('%s', (line, names, honorific) => {
    expect(parseAddressee(line)).toEqual({ names, honorific });
  });

  test('連名: each name its own column with its own 様, right to left, the group about the card’s centre', () => {
    const side = addressSide({ ...CARD, ...parseAddressee('山田 太郎 様　山田 花子 様') }, 'bought');
    const names = side.cells.filter((c) => c.text.endsWith('様'));
    expect(names.map((c) => c.text)).toEqual(['山田\u3000太郎\u3000様', '山田\u3000花子\u3000様']);
    const [first, second] = names.map((c) => printedCentreMm(LAYOUT, side.rowsPx, c, 1).x);
    expect(first).toBeGreaterThan(second);
    expect(Math.abs((first + second) / 2 - CARD_MM.width / 2)).toBeLessThan(1.5);
  });

  test('a company: 御中 alone, never 様', () => {
    const side = addressSide({ ...CARD, ...parseAddressee('株式会社さくら企画 御中') }, 'bought');
    const texts = side.cells.map((c) => c.text);
    expect(texts).toContain('株式会社さくら企画\u3000御中');
    expect(texts.filter((t) => t.includes('様'))).toEqual([]);
  });
});

describe('the message side and the card from its 連絡履歴 content', () => {
  const LINES = [
    '〒154-0004',
    '東京都世田谷区太子堂2-1-1',
    '青木 花子 様',
    '',
    '謹賀新年',
    '旧年中はここち堂をご愛顧いただき、誠にありがとうございました。',
    '本年も皆さまに喜んでいただけるよう努めてまいります。',
    '令和9年 元旦',
    'ここち堂',
    '東京都世田谷区池尻3-4-5',
    '電話 03-1234-5678',
  ];

  test('cardOf reads the address block, the card’s lines to its date line, and the sender', () => {
    expect(cardOf('k', LINES)).toEqual({
      key: 'k',
      postalCode: '1540004',
      address: ['東京都世田谷区太子堂2-1-1'],
      names: ['青木 花子'],
      honorific: '様',
      message: LINES.slice(4, 8),
      senderNames: ['ここち堂'],
      senderAddress: ['東京都世田谷区池尻3-4-5'],
    });
  });

  test('cardOf reads 連名 written one name a line (S10 family cards), and a two-line address', () => {
    const family = [
      '〒154-0004',
      '東京都世田谷区太子堂2-1-1',
      'さくらハイツ101',
      '佐藤 美咲 様',
      '佐藤 健 様',
      ...LINES.slice(3),
    ];
    expect(cardOf('k', family)).toMatchObject({
      address: ['東京都世田谷区太子堂2-1-1', 'さくらハイツ101'],
      names: ['佐藤 美咲', '佐藤 健'],
      honorific: '様',
    });
  });

  test('the title centred and larger, lines broken between phrases, the date, the shop on the right', () => {
    const side = messageSide(cardOf('k', LINES));
    const texts = side.cells.map((c) => c.text).filter((t) => t !== '');
    expect(texts[0]).toBe('謹賀新年');
    expect(side.cells[0]).toMatchObject({ align: 'center', pt: 20 });
    expect(texts.join('')).toBe(
      '謹賀新年' +
        '旧年中はここち堂をご愛顧いただき、誠にありがとうございました。' +
        '本年も皆さまに喜んでいただけるよう努めてまいります。' +
        '令和9年 元旦' +
        'ここち堂',
    );
    // BudouX: no line starts with 、。 and 「ご愛顧」 is not cut.
    for (const t of texts) expect(t).not.toMatch(/^[、。]/);
    expect(texts.some((t) => t.includes('ご愛顧'))).toBe(true);
    expect(side.cells.find((c) => c.text === 'ここち堂')?.align).toBe('right');
    expect(sum(side.rowsPx)).toBe(sum(LAYOUT.messageRowsPx));
  });
});

describe('an address too long for the card is said, not silently cut', () => {
  test('three columns hold it: nothing said; longer even at the smallest size: the side says so, and the note names them', () => {
    expect(addressSide(CARD, 'bought').addressTooLong).toBeUndefined();
    const long: PrintableCard = {
      ...CARD,
      address: [
        '東京都世田谷区太子堂二丁目十四番三号',
        'グランドメゾン三軒茶屋ウエストタワーレジデンス',
        '二十三階二三〇五号室 株式会社ここち企画気付',
        '山田太郎様方 ご家族の皆さま宛て 南側の郵便受け',
      ],
    };
    expect(addressSide(long, 'bought').addressTooLong).toBe(true);
    const note = postcardNote([CARD, long], 'bought', [long]);
    expect(note).toContain('住所が長く、はがきの宛名面に収まらない方がいます: 青木 花子 様。');
    expect(note).toContain('「宛名ラベル」シート');
  });
});
