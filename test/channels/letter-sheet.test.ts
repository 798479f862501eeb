import { rebuildLetterSheet } from '../../src/channels/letter-sheet';
import {
  BANNER,
  COVER_TITLE,
  LETTER_STYLE,
  type PrintableLetter,
  letterPageLayout,
} from '../../src/core/letter-layout';
import { textWidthEm } from '../../src/core/line-break';
import { printableArea } from '../../src/core/print-page';
import { dayFromYmd } from '../../src/core/day';
import { composeLetter, type LetterInput } from '../../src/core/letter-text';
import { SHEET } from '../../src/labels';
import type { FakeSheet } from '../fakes';
import { emptySpreadsheetEachTest } from '../fakes/globals';
import { pageStarts } from './page-breaks';

// --- the fakes, installed as the Apps Script globals (the writer itself only uses the spreadsheet it is given)

const fakes = emptySpreadsheetEachTest();
const ss = fakes.ss;
const sheet = (): FakeSheet => fakes.sheet(SHEET.letters);
/** Column A of rows from..to (1-based, inclusive), as printed. */
const texts = (from = 1, to = sheet().toData().values.length) =>
  Array.from({ length: to - from + 1 }, (_, i) => String(sheet().cell(from + i, 1).value));

const LAYOUT = letterPageLayout();
const PAGE = LAYOUT.rowsPerPage;

const INPUT: LetterInput = {
  day: dayFromYmd(2026, 11, 22),
  recipientName: '鈴木 一郎',
  honorific: '',
  postalCode: '1540004',
  address: '東京都世田谷区太子堂1-2-3',
  body: 'このたびはご来店いただき、誠にありがとうございました。\nその後、お体の調子はいかがでしょうか。',
  shop: {
    shopName: 'ここち堂',
    senderName: '店主 山本 和也',
    address: '東京都世田谷区北沢2-10-15',
    phone: '03-1234-5678',
  },
};

/** The lines the daily run stores in 連絡履歴 (address block, a blank line, the letter). */
function letterLines(input: Partial<LetterInput> = {}): string[] {
  const letter = composeLetter({ ...INPUT, ...input });
  return [...letter.addressBlock, '', ...letter.lines];
}

function letter(overrides: Partial<PrintableLetter> = {}, input: Partial<LetterInput> = {}): PrintableLetter {
  return { key: 'C2|S1|お伺い|2026-11-20', lines: letterLines(input), handwritten: false, ...overrides };
}

function rowHeights(s: FakeSheet): number[] {
  const data = s.toData();
  return Array.from({ length: data.values.length }, (_, i) => data.rowHeights?.[i + 1] ?? 21);
}

describe('rebuildLetterSheet', () => {
  test('a letter block: address, date right, 拝啓 … 敬具 right, signature right; the key only in metadata', () => {
    rebuildLetterSheet(ss(), [letter()]);
    const rows = texts(1, PAGE);
    expect(rows.slice(0, 8)).toEqual([
      '',
      '〒154-0004',
      '東京都世田谷区太子堂1-2-3',
      '鈴木 一郎 様',
      '',
      '令和8年11月22日',
      '',
      expect.stringMatching(/^拝啓\u3000晩秋の候、/),
    ]);
    const closing = rows.indexOf('敬具');
    expect(rows.slice(closing, closing + 5)).toEqual([
      '敬具',
      '',
      'ここち堂',
      '店主 山本 和也',
      '東京都世田谷区北沢2-10-15',
    ]);
    expect(rows[closing + 5]).toBe('電話 03-1234-5678');
    // The closing paragraph is the last before 敬具; the body paragraphs keep their order above it.
    expect(rows[closing - 1]).toContain('よろしくお願い申し上げます。');
    expect(rows.findIndex((r) => r.includes('ご来店いただき'))).toBeLessThan(
      rows.findIndex((r) => r.includes('お体の調子')),
    );
    // No internal code prints: the foot of a one-page letter is blank, and the key is the first row's metadata.
    expect(rows[PAGE - 1]).toBe('');
    expect(rows.join('\n')).not.toMatch(/C2|S1|お伺い\||2026-11-20/);
    expect(sheet().toData().developerMetadata).toEqual([
      { key: 'tsunagu.letter', value: 'C2|S1|お伺い|2026-11-20', row: 1 },
    ]);

    const s = sheet();
    const align = (r: number) => s.cell(r, 1).horizontalAlignment;
    expect([2, 3, 4, 8].map(align)).toEqual(['left', 'left', 'left', 'left']);
    expect(align(6)).toBe('right');
    for (let r = closing + 1; r <= closing + 6; r++) if (rows[r - 1]) expect(align(r)).toBe('right');
    expect(s.cell(4, 1).fontSize).toBe(LETTER_STYLE.namePt);
    expect(s.cell(8, 1).fontSize).toBe(LETTER_STYLE.bodyPt);
    expect(s.cell(PAGE, 1)).toMatchObject({
      fontSize: LETTER_STYLE.footerPt,
      fontColor: LETTER_STYLE.footerColor,
    });
    expect(s.cell(1, 1).bold).toBe(false);
    // Print geometry: every row forced to the layout's height, the column as wide as the page allows.
    const data = s.toData();
    expect(data.columnWidths).toEqual({ 1: 659 });
    expect(new Set(Object.values(data.rowHeights ?? {}))).toEqual(new Set([LAYOUT.rowHeightPx]));
    expect(Object.keys(data.rowHeights ?? {})).toHaveLength(PAGE);
  });

  test('a company is addressed 御中', () => {
    rebuildLetterSheet(ss(), [letter({}, { recipientName: '株式会社ひまわり', honorific: '御中' })]);
    expect(texts(4, 4)).toEqual(['株式会社ひまわり 御中']);
  });

  test('each letter starts a new printed page: blocks of rowsPerPage rows, and the page breaks fall on them', () => {
    rebuildLetterSheet(ss(), [letter({ key: 'K1' }), letter({ key: 'K2' }), letter({ key: 'K3' })]);
    const rows = texts(1, 3 * PAGE);
    expect(Object.keys(sheet().toData().rowHeights ?? {})).toHaveLength(3 * PAGE);
    expect([rows[PAGE - 1], rows[2 * PAGE - 1], rows[3 * PAGE - 1]]).toEqual(['', '', '']);
    expect(sheet().toData().developerMetadata).toEqual([
      { key: 'tsunagu.letter', value: 'K1', row: 1 },
      { key: 'tsunagu.letter', value: 'K2', row: PAGE + 1 },
      { key: 'tsunagu.letter', value: 'K3', row: 2 * PAGE + 1 },
    ]);
    expect([rows[1], rows[PAGE + 1], rows[2 * PAGE + 1]]).toEqual(['〒154-0004', '〒154-0004', '〒154-0004']);
    const { heightPx } = printableArea();
    for (const scale of [1, LAYOUT.maxScale])
      expect(pageStarts(rowHeights(sheet()), heightPx, scale)).toEqual([1, PAGE + 1, 2 * PAGE + 1]);
  });

  test('a long paragraph is split across rows, each within the line, nothing lost', () => {
    const paragraph =
      '先日はお忙しいところご来店いただき、誠にありがとうございました。施術のあと、肩や腰の具合はいかがでしょうか。' +
      '季節の変わり目は体が冷えやすく、疲れも出やすい時期です。どうぞお体を大切になさってください。' +
      'また何か気になることがございましたら、いつでもお気軽にご相談ください。';
    rebuildLetterSheet(ss(), [letter({}, { body: paragraph })]);
    const rows = texts(1, PAGE);
    const first = rows.findIndex((r) => r.startsWith('　先日は'));
    const closing = rows.findIndex((r) => r.includes('今後とも'));
    const split = rows.slice(first, closing);
    expect(split.length).toBeGreaterThanOrEqual(4);
    expect(split.join('')).toBe(`\u3000${paragraph}`);
    for (const line of split) {
      expect(textWidthEm(line)).toBeLessThanOrEqual(LAYOUT.lineCapacity.body);
      expect(line).not.toMatch(/^[。、]/);
    }
    // The greeting line is split too.
    expect(rows[7].startsWith('拝啓')).toBe(true);
    expect(textWidthEm(rows[7])).toBeLessThanOrEqual(LAYOUT.lineCapacity.body);
  });

  test('a letter longer than a page continues on a second whole page, never squeezed', () => {
    const body = Array.from({ length: 50 }, (_, i) => `${i + 1}番目の段落です。`).join('\n');
    rebuildLetterSheet(ss(), [letter({ key: 'LONG' }, { body }), letter({ key: 'NEXT' })]);
    const rows = texts(1, 3 * PAGE);
    expect(Object.keys(sheet().toData().rowHeights ?? {})).toHaveLength(3 * PAGE);
    expect(rows[PAGE - 1]).toBe('1/2');
    expect(rows[2 * PAGE - 1]).toBe('2/2');
    expect(rows[3 * PAGE - 1]).toBe('');
    expect(sheet().toData().developerMetadata).toEqual([
      { key: 'tsunagu.letter', value: 'LONG', row: 1 },
      { key: 'tsunagu.letter', value: 'NEXT', row: 2 * PAGE + 1 },
    ]);
    // Nothing is lost between the pages, and the next letter starts on its own page.
    const paragraphs = rows.filter((r) => /番目の段落です。$/.test(r));
    expect(paragraphs).toHaveLength(50);
    expect(rows.slice(PAGE, 2 * PAGE)).toContain('敬具');
    expect(rows[2 * PAGE + 1]).toBe('〒154-0004');
    const { heightPx } = printableArea();
    expect(pageStarts(rowHeights(sheet()), heightPx, 1)).toEqual([1, PAGE + 1, 2 * PAGE + 1]);
  });

  test("手書き推奨 is a bold banner on its draft; what to enclose or send is on the owner's cover page, not on a letter", () => {
    rebuildLetterSheet(ss(), [
      letter({ key: 'A', handwritten: true }),
      letter({ key: 'B', task: { how: '同封', what: '金券' } }),
      letter({ key: 'C' }),
      letter({ key: 'D', task: { how: '別送', what: '焼き菓子' } }),
    ]);
    const s = sheet();
    // The cover page comes first, one page long, and names each letter by its place and addressee.
    expect(s.cell(1, 1)).toMatchObject({ value: COVER_TITLE, bold: true });
    const coverText = Array.from({ length: PAGE }, (_, i) => String(s.cell(i + 1, 1).value));
    expect(coverText).toContain('2通目\u3000鈴木 一郎 様\u3000【同封】金券を封筒に入れてください');
    expect(coverText).toContain('4通目\u3000鈴木 一郎 様\u3000【別送】焼き菓子をお送りください');
    const top = (block: number) => s.cell((block + 1) * PAGE + 1, 1);
    expect(top(0)).toMatchObject({ value: BANNER.handwritten, bold: true });
    for (const block of [1, 2, 3]) expect(top(block)).toMatchObject({ value: '', bold: false });
    for (let block = 0; block < 4; block++) {
      expect(s.cell((block + 1) * PAGE + 2, 1).value).toBe('〒154-0004');
      const page = Array.from({ length: PAGE }, (_, i) =>
        String(s.cell((block + 1) * PAGE + i + 1, 1).value),
      );
      expect(page.join('\n')).not.toMatch(/【(同封|別送|来店時)】/);
    }
  });

  test('no cover page when no letter comes with anything to enclose or send', () => {
    rebuildLetterSheet(ss(), [letter({ key: 'A', handwritten: true }), letter({ key: 'B' })]);
    expect(sheet().cell(1, 1).value).toBe(BANNER.handwritten);
  });

  test('text that looks like a formula or a number stays text', () => {
    const lines = [
      '〒154-0004',
      '=HYPERLINK("http://evil.example","住所")',
      '@山田 様',
      '',
      '拝啓',
      '+81 90 1234 5678',
      '-- 追伸',
      '1,000',
      '敬具',
      '令和8年11月22日',
      'ここち堂',
    ];
    rebuildLetterSheet(ss(), [{ key: 'F', lines, handwritten: false }]);
    const rows = texts(1, PAGE);
    for (const line of lines.filter((l) => l && l !== '令和8年11月22日')) expect(rows).toContain(line);
    expect(sheet().formulaCells()).toEqual({});
    expect(sheet().cell(rows.indexOf('1,000') + 1, 1).value).toBe('1,000');
  });

  test('lines in another shape (no address block) are kept in order as body', () => {
    rebuildLetterSheet(ss(), [
      { key: 'X', lines: ['拝啓', '　本文です。', '敬具', 'ここち堂'], handwritten: false },
    ]);
    expect(texts(1, 9)).toEqual(['', '', '', '', '拝啓', '　本文です。', '敬具', '', 'ここち堂']);
  });

  test('no letters: the sheet says so', () => {
    rebuildLetterSheet(ss(), [letter()]);
    rebuildLetterSheet(ss(), []);
    expect(sheet().toData().values).toEqual([['印刷待ちの手紙はありません']]);
    // The last build's tags went with its rows.
    expect(sheet().toData().developerMetadata).toBeUndefined();
  });

  test('Spreadsheet calls do not grow with the number of letters, but for one tag per letter', () => {
    const callsFor = (n: number) => {
      fakes.services().calls.reset();
      rebuildLetterSheet(
        ss(),
        Array.from({ length: n }, (_, i) => letter({ key: `K${i}`, handwritten: i % 3 === 0 })),
      );
      return fakes.services().calls.byMethod();
    };
    const TAG = ['SpreadsheetApp.Sheet.getRange', 'SpreadsheetApp.Range.addDeveloperMetadata'];
    const untagged = (calls: Record<string, number>) =>
      Object.fromEntries(Object.entries(calls).filter(([method]) => !TAG.includes(method)));
    callsFor(1); // creates the sheet
    const one = callsFor(1);
    for (const n of [20, 60]) {
      const many = callsFor(n);
      expect(untagged(many)).toEqual(untagged(one));
      expect(many['SpreadsheetApp.Range.addDeveloperMetadata']).toBe(n);
      expect(many['SpreadsheetApp.Sheet.getRange']).toBe(one['SpreadsheetApp.Sheet.getRange'] + n - 1);
      expect(sheet().toData().developerMetadata).toHaveLength(n);
    }
    expect(one['SpreadsheetApp.Range.setValues']).toBe(1);
    expect(one['SpreadsheetApp.Sheet.setRowHeightsForced']).toBe(1);
    expect(Object.values(untagged(one)).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(18);
  });
});
