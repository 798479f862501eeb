import iconv from 'iconv-lite';
import { ImportFileError, readImportFile } from '../../src/shared/import-file';

/** Bytes as a system writes them, built here with iconv-lite (not with the decoder under test). */
const encode = (text: string, encoding: string, bom = false): Uint8Array =>
  new Uint8Array(iconv.encode(text, encoding, { addBOM: bom }));
const utf8 = (text: string, bom = false) => encode(text, 'utf8', bom);

describe('readImportFile', () => {
  test('Shift_JIS (CP932) with CR LF, a title line, a quoted cell holding a line break and a comma, ①㈱髙', () => {
    const text = [
      '売上明細一覧（2026年11月）',
      '会計日時,顧客名,メニュー,金額',
      '2026/11/20 13:05,髙橋 一郎,"カット,カラー\r\n①ロング",12000',
      '2026/11/21 10:00,㈱つなぐ 佐藤,Ⅲ回券（﨑）,"12,000"',
      '合計,,,"24,000"',
      '',
    ].join('\r\n');
    const bytes = encode(text, 'cp932');
    expect(bytes).toContain(0xfb); // 髙 is 0xFBFC, an IBM extension: only CP932 has it
    const file = readImportFile(bytes);
    expect(file.encoding).toBe('Shift_JIS');
    expect(file.delimiter).toBe(',');
    expect(file.rows).toEqual([
      ['売上明細一覧（2026年11月）'],
      ['会計日時', '顧客名', 'メニュー', '金額'],
      ['2026/11/20 13:05', '髙橋 一郎', 'カット,カラー\n①ロング', '12000'],
      ['2026/11/21 10:00', '㈱つなぐ 佐藤', 'Ⅲ回券（﨑）', '12,000'],
      ['合計', '', '', '24,000'],
    ]);
  });

  test('Shift_JIS: NEC special characters and NEC/IBM extensions decode as Windows-31J', () => {
    // https://encoding.spec.whatwg.org/#shift_jis (index-jis0208 holds the NEC and IBM rows)
    const bytes = new Uint8Array([
      ...[0x87, 0x40], // ①
      ...[0x87, 0x8a], // ㈱
      ...[0x87, 0x56], // Ⅲ
      ...[0xfb, 0xfc], // 髙 (IBM extension)
      ...[0xed, 0x40], // 纊 (NEC-selected IBM extension)
      ...[0xfa, 0x40], // ⅰ (IBM extension)
      ...[0x81, 0x60], // ～ (wave dash as Windows writes it: U+FF5E)
      0x2c,
      ...[0xb6, 0xc3], // ｶﾃ half-width katakana
    ]);
    expect(readImportFile(bytes)).toEqual({
      encoding: 'Shift_JIS',
      delimiter: ',',
      rows: [['①㈱Ⅲ髙纊ⅰ～', 'ｶﾃ']],
    });
  });

  test('UTF-8 with a BOM: the BOM is not part of the first header', () => {
    const file = readImportFile(utf8('お名前,電話番号\n山田 花子,090-1234-5678\n', true));
    expect(file.encoding).toBe('UTF-8 (BOM)');
    expect(file.rows).toEqual([
      ['お名前', '電話番号'],
      ['山田 花子', '090-1234-5678'],
    ]);
    expect(file.rows[0][0]).toBe('お名前');
  });

  test('UTF-8 without a BOM, LF and lone CR line ends, "" escapes, blank records in the middle kept as []', () => {
    const file = readImportFile(
      utf8('氏名,メモ\n"佐藤 ""さっちゃん""",はい\r\n,\r鈴木,"複数\r\n行"\n\n\n,,\n'),
    );
    expect(file.encoding).toBe('UTF-8');
    expect(file.rows).toEqual([['氏名', 'メモ'], ['佐藤 "さっちゃん"', 'はい'], [], ['鈴木', '複数\n行']]);
  });

  test("UTF-16LE with a BOM, tab separated (Excel's 「Unicode テキスト」), amounts with commas", () => {
    const text =
      '来店日\tお名前\t金額\r\n2026/11/20\t高橋 一郎\t12,000\r\n2026/11/21\t"田中\t次郎"\t1,200\r\n';
    const bytes = encode(text, 'utf16-le', true);
    expect([bytes[0], bytes[1]]).toEqual([0xff, 0xfe]);
    expect(readImportFile(bytes)).toEqual({
      encoding: 'UTF-16',
      delimiter: '\t',
      rows: [
        ['来店日', 'お名前', '金額'],
        ['2026/11/20', '高橋 一郎', '12,000'],
        ['2026/11/21', '田中\t次郎', '1,200'],
      ],
    });
  });

  test('UTF-16BE with a BOM, and UTF-16LE without one', () => {
    const text = 'a\tb\n1\t2\n';
    const be = new Uint8Array([0xfe, 0xff, ...iconv.encode(text, 'utf16-be')]);
    expect(readImportFile(be)).toMatchObject({
      encoding: 'UTF-16',
      rows: [
        ['a', 'b'],
        ['1', '2'],
      ],
    });
    const le = encode(text, 'utf16-le');
    expect(readImportFile(le)).toMatchObject({
      encoding: 'UTF-16',
      rows: [
        ['a', 'b'],
        ['1', '2'],
      ],
    });
  });

  test('an ASCII-only file is valid as both UTF-8 and Shift_JIS and reads as UTF-8', () => {
    const bytes = utf8('id,date,amount\r\nC1,2026/11/20,12000\r\n');
    expect(Array.from(encode('id,date,amount\r\nC1,2026/11/20,12000\r\n', 'cp932'))).toEqual(
      Array.from(bytes),
    );
    expect(readImportFile(bytes)).toEqual({
      encoding: 'UTF-8',
      delimiter: ',',
      rows: [
        ['id', 'date', 'amount'],
        ['C1', '2026/11/20', '12000'],
      ],
    });
  });

  test('an empty file, and one of blank lines only, has no rows', () => {
    expect(readImportFile(new Uint8Array())).toEqual({ encoding: 'UTF-8', delimiter: ',', rows: [] });
    expect(readImportFile(utf8('\r\n\r\n', true))).toEqual({
      encoding: 'UTF-8 (BOM)',
      delimiter: ',',
      rows: [],
    });
  });

  test('a tab-separated UTF-8 file whose title line has a comma is still tab separated', () => {
    const file = readImportFile(
      utf8('売上, 11月分\n日付\t名前\t金額\n2026/11/20\t山田\t1,000\n2026/11/21\t佐藤\t2,000\n'),
    );
    expect(file.delimiter).toBe('\t');
    expect(file.rows[2]).toEqual(['2026/11/20', '山田', '1,000']);
  });

  test('a comma-separated file whose cells hold tabs in quotes is comma separated', () => {
    const file = readImportFile(utf8('a,b,c\n"x\ty",2,3\n4,5,6\n'));
    expect(file.delimiter).toBe(',');
    expect(file.rows[1]).toEqual(['x\ty', '2', '3']);
  });

  test('an .xlsx file, or a quote never closed, is refused with what to do', () => {
    const xlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]);
    expect(() => readImportFile(xlsx)).toThrow(ImportFileError);
    expect(() => readImportFile(xlsx)).toThrow(/Excel の形式.*CSV/);
    expect(() => readImportFile(utf8('a,b\n1,"2\n3,4\n'))).toThrow(/2行目.*閉じられていない/);
  });
});
