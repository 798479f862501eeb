import { isoDay } from '../../src/core/day';
import {
  emailKey,
  kanaKey,
  looksLikeTotals,
  nameKey,
  phoneKey,
  readImportAmount,
  readImportMoment,
} from '../../src/core/import/values';
import { TZ } from './builders';

/** '2026-11-20 13:05' for a moment, so a failure shows the day and time read. */
const at = (text: string, timeZone = TZ): string | null => {
  const m = readImportMoment(text, timeZone);
  if (m === null) return null;
  const hh = String(Math.floor(m.minutes / 60)).padStart(2, '0');
  return `${isoDay(m.day)} ${hh}:${String(m.minutes % 60).padStart(2, '0')}`;
};

describe('readImportMoment', () => {
  test.each([
    ['2026/11/20 13:05', '2026-11-20 13:05'],
    ['2026/11/20 13:05:00', '2026-11-20 13:05'],
    ['2026/11/20 13:05:59', '2026-11-20 13:05'],
    ['2026/11/20', '2026-11-20 00:00'],
    ['2026/11/20 9:05', '2026-11-20 09:05'],
    ['2026-11-20 13:05:00', '2026-11-20 13:05'],
    ['2026-11-20T13:05:00', '2026-11-20 13:05'],
    ['2026-11-20 13:05:00.000', '2026-11-20 13:05'],
    ['2026年11月20日 13時05分', '2026-11-20 13:05'],
    ['2026年11月20日13時5分', '2026-11-20 13:05'],
    ['2026年11月20日 13時', '2026-11-20 13:00'],
    ['令和8年11月20日', '2026-11-20 00:00'],
    ['令和8年11月20日 13:05', '2026-11-20 13:05'],
    ['R8.11.20', '2026-11-20 00:00'],
    ['２０２６／１１／２０　１３：０５', '2026-11-20 13:05'],
    ['2026/11/20(金) 13:05', '2026-11-20 13:05'],
    ['2026/11/20（金）13:05', '2026-11-20 13:05'],
    ['20261120', '2026-11-20 00:00'],
    ['2026/11/20 午後1:05', '2026-11-20 13:05'],
    ['2026/11/20 1:05 PM', '2026-11-20 13:05'],
    ['2026/11/20 12:30 AM', '2026-11-20 00:30'],
    ['2026/11/20 13:05〜14:00', '2026-11-20 13:05'],
    ['  2026/11/20 13:05  ', '2026-11-20 13:05'],
  ])('%s → %s', (text, expected) => {
    expect(at(text)).toBe(expected);
  });

  test('an instant with its offset is the day and time in the spreadsheet time zone', () => {
    expect(at('2026-11-20T13:05:00+09:00')).toBe('2026-11-20 13:05');
    expect(at('2026-11-20T13:05:00+0900')).toBe('2026-11-20 13:05');
    expect(at('2026-11-20T20:05:00Z')).toBe('2026-11-21 05:05');
    expect(at('2026-11-20T13:05:00+09:00', 'America/Los_Angeles')).toBe('2026-11-19 20:05');
    // The same wall clock without an offset is not an instant: it is read as written.
    expect(at('2026-11-20T13:05:00', 'America/Los_Angeles')).toBe('2026-11-20 13:05');
  });

  test.each([
    [''],
    ['   '],
    ['-'],
    ['13:05'],
    ['13時05分'],
    ['11/20'],
    ['11/20 13:05'],
    ['11月20日 13:05'],
    ['2026/11/20 25:00'],
    ['2026/11/20 13:60'],
    ['2026/11/20 13:05:61'],
    ['2026/11/20 13:05 PM'],
    ['2026/02/30'],
    ['令和8年'],
    ['時計修理'],
    ['12,000'],
  ])('%j is not a moment', (text) => {
    expect(readImportMoment(text, TZ)).toBeNull();
  });
});

describe('readImportAmount', () => {
  test.each([
    ['¥12,000', 12000],
    ['￥12,000', 12000],
    ['12,000円', 12000],
    ['12000', 12000],
    ['12000.00', 12000],
    ['１２，０００円', 12000],
    ['¥ 12,000 (税込)', 12000],
    ['-1,200', -1200],
    ['−1,200', -1200],
    ['△1,200', -1200],
    ['▲1,200', -1200],
    ['(1,200)', -1200],
    ['（１，２００）', -1200],
    ['¥-1,200', -1200],
    ['-¥1,200', -1200],
    ['0', 0],
    ['-0', 0],
  ])('%s → %d', (text, value) => {
    expect(readImportAmount(text)).toEqual({ ok: true, value });
  });

  test('blank or a dash is no amount', () => {
    expect(readImportAmount('')).toBeNull();
    expect(readImportAmount('  ')).toBeNull();
    expect(readImportAmount('-')).toBeNull();
  });

  test.each([['無料'], ['12.5'], ['1,2,3'], ['(-1,200)'], ['--1,200'], ['▲'], ['2026/11/20'], ['()']])(
    '%s is unreadable',
    (text) => {
      expect(readImportAmount(text)).toEqual({ ok: false });
    },
  );
});

describe('looksLikeTotals', () => {
  test.each([
    [['合計', '', '', '24,000']],
    [['総計', '24000']],
    [['小計', '¥12,000']],
    [['計', '3', '¥36,000']],
    [['合計金額', '36,000円']],
    [['', '', '【合計】', '', '36,000']],
    [['3', '合計:', '36,000']],
    [['総合計', '2026/11/01〜2026/11/30', '36,000']],
  ])('%j is a totals line', (cells) => {
    expect(looksLikeTotals(cells, TZ)).toBe(true);
  });

  test.each([
    [['2026/11/20 13:05', '時計修理', '計', '12,000']], // a visit whose product is 時計修理, with 計 as a later cell
    [['時計修理', '2026/11/20', '12,000']],
    [['計', '2026/11/20', '12,000']], // the word, but a date: a visit
    [['合計', '令和8年11月20日']],
    [['山田 花子', '合計', '12,000']].map((r) => ['2026/11/20', ...r]),
    [['1', '2', '合計']], // the word is not among the first two filled cells
    [['合計点数', '12']],
    [[]],
    [['', '']],
  ])('%j is not a totals line', (cells) => {
    expect(looksLikeTotals(cells, TZ)).toBe(false);
  });
});

describe('matching keys', () => {
  test.each([
    ['090-1234-5678', '09012345678'],
    ['+81 90-1234-5678', '09012345678'],
    ['+81-90-1234-5678', '09012345678'],
    ['+819012345678', '09012345678'],
    ['+81 (0)90 1234 5678', '09012345678'],
    ['9012345678', '09012345678'], // Excel dropped the leading 0
    ['312345678', '0312345678'],
    ['03(1234)5678', '0312345678'],
    ['０３−１２３４−５６７８', '0312345678'],
    ['TEL: 03-1234-5678', '0312345678'],
    ['', ''],
    ['-', ''],
    ['1234', ''],
    ['090-1234-567', ''],
    ['不明', ''],
    ['090-1234-5678 / 03-1234-5678', ''],
  ])('phoneKey(%j) = %j', (text, key) => {
    expect(phoneKey(text)).toBe(key);
  });

  test('the same number written three ways has one key', () => {
    expect(new Set(['090-1234-5678', '+81 90 1234 5678', '9012345678'].map(phoneKey))).toEqual(
      new Set(['09012345678']),
    );
  });

  test.each([
    ['  Hanako@Example.JP ', 'hanako@example.jp'],
    ['ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ', 'hanako@example.jp'],
    ['mailto:hanako@example.jp', 'hanako@example.jp'],
    ['taro..x@docomo.ne.jp', 'taro..x@docomo.ne.jp'],
    ['', ''],
    ['hanako', ''],
    ['hanako@example', ''],
    ['hanako @example.jp', ''],
    ['a@b@example.jp', ''],
    ['なし', ''],
  ])('emailKey(%j) = %j', (text, key) => {
    expect(emailKey(text)).toBe(key);
  });

  test.each([
    ['髙橋 一郎', '高橋一郎'],
    ['高橋　一郎', '高橋一郎'],
    ['高橋一郎 様', '高橋一郎'],
    ['高橋一郎さま', '高橋一郎'],
    ['株式会社つなぐ 御中', '株式会社つなぐ'],
    ['㈱つなぐ', '(株)つなぐ'],
    ['山﨑 花子', '山崎花子'],
    ['\u{20BB7}田 太郎', '吉田太郎'],
    ['ＹＡＭＡＤＡ Hanako', 'yamadahanako'],
    ['様', '様'],
    ['', ''],
  ])('nameKey(%j) = %j', (text, key) => {
    expect(nameKey(text)).toBe(key);
  });

  test('髙橋 and 高橋 are the same name; 渡邉 and 渡辺 are not folded', () => {
    expect(nameKey('髙橋 一郎')).toBe(nameKey('高橋一郎'));
    expect(nameKey('渡邉 花子')).not.toBe(nameKey('渡辺 花子'));
  });

  test.each([
    ['タカハシ イチロウ', 'たかはしいちろう'],
    ['ﾀｶﾊｼ ｲﾁﾛｳ', 'たかはしいちろう'],
    ['たかはし　いちろう', 'たかはしいちろう'],
    ['ジョン・スミス', 'じょんすみす'],
    ['ｼﾞｮﾝ･ｽﾐｽ', 'じょんすみす'],
    ['ヴァイオリン', 'ゔぁいおりん'],
    ['ケーキ', 'けーき'],
    ['', ''],
  ])('kanaKey(%j) = %j', (text, key) => {
    expect(kanaKey(text)).toBe(key);
  });
});
