/**
 * The season forecast and the November 年賀状 question (contract section 2, 年賀状; section 3, the S10 row): the
 * households the rule would send a card to, the 喪中 households apart, the postage, and the fit under
 * 1日の手紙上限 with the limit that would fit.
 */
import { addDays } from '../../src/core/day';
import {
  letterLimitOn,
  newYearQuestion,
  otherLettersPerDay,
  readSeasonLimit,
  seasonForecast,
  seasonForecastLines,
  writeSeasonLimit,
  type SeasonForecastInput,
} from '../../src/core/season-forecast';
import type { ContactRecord, Customer } from '../../src/core/types';
import { customer, d, record, settings } from './builders';

let n = 0;
/** A customer at their own address (a household of one), last seen 2026-03-01. */
function home(overrides: Partial<Customer> = {}): Customer {
  n++;
  return customer({
    id: `C${String(n).padStart(4, '0')}`,
    index: n,
    postalCode: '154-0004',
    address: `東京都世田谷区太子堂${n}-1-1`,
    lastVisit: d('2026-03-01'),
    ...overrides,
  });
}

function input(
  today: string,
  customers: Customer[],
  rows: [string, unknown][] = [],
  records: ContactRecord[] = [],
): SeasonForecastInput {
  return { today: d(today), introDay: d('2026-01-01'), settings: settings(rows), customers, records };
}

describe('seasonForecast: the rule decides who gets a card', () => {
  test('households, not customers: a family of two at one address is one card', () => {
    const family = [
      home({ id: 'F1', address: '東京都目黒区1-1' }),
      home({ id: 'F2', address: '東京都目黒区1-1' }),
    ];
    const f = seasonForecast(input('2026-11-20', [...family, home(), home()]), 'newYear');
    expect(f).toMatchObject({ cards: 3, midwinter: 0, postageYen: 255, days: 15 });
  });

  test('a 喪中 household is counted apart: a 寒中見舞い, not a 年賀状 (any member; TRUE too)', () => {
    const family = [
      home({ id: 'F1', address: '東京都目黒区1-1' }),
      home({ id: 'F2', address: '東京都目黒区1-1', mourning: 2026 }),
    ];
    const f = seasonForecast(input('2026-11-20', [...family, home({ mourning: 'now' }), home()]), 'newYear');
    expect(f).toMatchObject({ cards: 1, midwinter: 2, postageYen: 85, midwinterYen: 170 });
    // The 喪中 of an earlier year does not count for this New Year.
    const old = seasonForecast(input('2026-11-20', [home({ mourning: 2025 })]), 'newYear');
    expect(old).toMatchObject({ cards: 1, midwinter: 0 });
  });

  test('挨拶状の対象: a household not seen within it gets no card; 全員 counts everyone', () => {
    const people = [home(), home({ lastVisit: d('2024-01-05') }), home({ lastVisit: undefined })];
    expect(seasonForecast(input('2026-11-20', people), 'newYear')?.cards).toBe(1);
    expect(seasonForecast(input('2026-11-20', people, [['挨拶状の対象', '全員']]), 'newYear')?.cards).toBe(3);
  });

  test('no address, 配信停止 手紙, or an example customer: no card', () => {
    const people = [
      home(),
      home({ postalCode: '', address: '' }),
      home({ optOut: new Set(['手紙']) }),
      home({ id: '例0001', optOut: new Set(['メール', 'LINE', '手紙', '電話']) }),
    ];
    expect(seasonForecast(input('2026-11-20', people), 'newYear')?.cards).toBe(1);
  });
});

describe('seasonForecast: the fit under 1日の手紙上限', () => {
  const many = (k: number) => Array.from({ length: k }, () => home());

  test('fits: 300 cards in 15 days at 20 a day', () => {
    const f = seasonForecast(input('2026-11-20', many(300)), 'newYear');
    expect(f).toMatchObject({ cards: 300, limit: 20, otherPerDay: 0, room: 300, fits: true });
    expect(f?.neededLimit).toBeUndefined();
  });

  test('does not fit: 301 cards at 20 a day needs ceil(301 / 15) = 21', () => {
    const f = seasonForecast(input('2026-11-20', many(301)), 'newYear');
    expect(f).toMatchObject({ fits: false, room: 300, neededLimit: 21 });
  });

  test("the other rules' letters: the average of the 30 days before today, rounded up, take their share", () => {
    // 31 letters in the last 30 days → 2 a day; an S10 card and a letter 31 days ago are not counted.
    const letters = Array.from({ length: 31 }, (_, i) =>
      record({
        customerId: 'X',
        channel: '手紙',
        at: addDays(d('2026-11-19'), -(i % 30)),
        key: `X|S4|休眠|${i}`,
      }),
    );
    letters.push(record({ customerId: 'X', channel: '手紙', at: d('2026-10-20'), key: 'X|S4|休眠|old' }));
    letters.push(
      record({ customerId: 'X', channel: '手紙', at: d('2026-11-19'), key: '世帯:x|S10|年賀状|2025-12-10' }),
    );
    expect(otherLettersPerDay(letters, d('2026-11-20'))).toBe(2);
    const f = seasonForecast(input('2026-11-20', many(280), [], letters), 'newYear');
    // (20 − 2) × 15 = 270 < 280: 2 + ceil(280 / 15) = 21.
    expect(f).toMatchObject({ otherPerDay: 2, room: 270, fits: false, neededLimit: 21 });
  });

  test("once the season is on, the planner's queue answers: its unfit cards, and the limit that adds room for them", () => {
    const on: [string, unknown][] = [['年賀状', 'TRUE']];
    // The 30-day average says 280 cards do not fit; the queue (which holds every letter ahead of them) says they do.
    const letters = Array.from({ length: 60 }, (_, i) =>
      record({
        customerId: 'X',
        channel: '手紙',
        at: addDays(d('2026-11-19'), -(i % 30)),
        key: `X|S4|休眠|${i}`,
      }),
    );
    const fitting = seasonForecast(
      { ...input('2026-11-20', many(280), on, letters), unfitCards: [] },
      'newYear',
    );
    expect(fitting).toMatchObject({ fits: true, room: 280 });
    // 31 cards the queue cannot reach: 20 + ceil(31 / 15) = 23 a day from 12-10 ...
    const unfit = Array.from({ length: 31 }, () => ({ step: '年賀状' }));
    const before = seasonForecast(
      { ...input('2026-11-20', many(280), on), unfitCards: [...unfit, { step: '寒中見舞い' }] },
      'newYear',
    );
    expect(before).toMatchObject({ fits: false, room: 249, neededLimit: 23 });
    // ... and 20 + ceil(31 / 5) = 27 on the window's last five days (12-20 → 12-24).
    const late = seasonForecast({ ...input('2026-12-20', many(280), on), unfitCards: unfit }, 'newYear');
    expect(late).toMatchObject({ fits: false, neededLimit: 27 });
    // While the season is off (the question), the queue holds no cards: the average stands.
    const off = seasonForecast({ ...input('2026-11-20', many(280), [], letters), unfitCards: [] }, 'newYear');
    expect(off).toMatchObject({ otherPerDay: 2, fits: false });
  });

  test('an accepted temporary limit covering the window is the limit of the forecast', () => {
    const base = input('2026-11-20', many(301));
    const f = seasonForecast(
      { ...base, seasonLimit: { from: d('2026-12-10'), to: d('2026-12-24'), limit: 21 } },
      'newYear',
    );
    expect(f).toMatchObject({ limit: 21, fits: true });
  });

  test('暑中見舞い on 6-20: 7-07 → 7-31, 25 days', () => {
    const f = seasonForecast(input('2026-06-20', many(2), [['暑中見舞い', 'TRUE']]), 'summer');
    expect(f).toMatchObject({ name: '暑中見舞い', cards: 2, days: 25, postageYen: 170 });
    expect(seasonForecastLines(input('2026-06-20', many(2), [['暑中見舞い', 'TRUE']]), 'day')[0]).toBe(
      '【暑中見舞いの見込み】2軒のご家庭に暑中見舞いのはがき2枚（郵便代 約170円）を、7月7日〜31日の25日間に用意します（8月に入ってからは残暑見舞いになります）。',
    );
  });
});

describe('when the forecast and the question are said', () => {
  const people = () => [home(), home({ mourning: 2026 })];

  test('nothing when the season is off and it is not November', () => {
    expect(seasonForecastLines(input('2026-11-20', people()), 'day')).toEqual([]);
    expect(seasonForecastLines(input('2026-06-20', people()), 'day')).toEqual([]);
    expect(newYearQuestion(input('2026-10-31', people()), undefined)).toBeUndefined();
    expect(newYearQuestion(input('2026-12-10', people()), undefined)).toBeUndefined();
  });

  test('the forecast on 11-20 only (the sidebar from 11-01 until the window opens), when 年賀状 is TRUE', () => {
    const on: [string, unknown][] = [['年賀状', 'TRUE']];
    expect(seasonForecastLines(input('2026-11-19', people(), on), 'day')).toEqual([]);
    expect(seasonForecastLines(input('2026-11-21', people(), on), 'day')).toEqual([]);
    expect(seasonForecastLines(input('2026-10-31', people(), on), 'until-window')).toEqual([]);
    expect(seasonForecastLines(input('2026-11-01', people(), on), 'until-window')).not.toEqual([]);
    expect(seasonForecastLines(input('2026-12-09', people(), on), 'until-window')).not.toEqual([]);
    expect(seasonForecastLines(input('2026-12-10', people(), on), 'until-window')).toEqual([]);
    const lines = seasonForecastLines(input('2026-11-20', people(), on), 'day');
    expect(lines).toEqual([
      '【年賀状の見込み】1軒のご家庭に年賀状のはがき1枚（郵便代 約85円）を、12月10日〜24日の15日間に用意します（12月15日〜25日に投函）。',
      '喪中のご家庭1軒には、年賀状の代わりに寒中見舞いのはがき1枚（郵便代 約85円）を1月8日から用意します。',
      '喪中はがきが届いたご家庭は、顧客シートの喪中の列に、ご不幸のあった年（例: 2026）を入れてください。',
      '1日の手紙上限（20通）で、期間内に全部用意できます。',
    ]);
  });

  test('no household a card would go to: no forecast (not 「0軒…0枚」)', () => {
    const on: [string, unknown][] = [['年賀状', 'TRUE']];
    const nowhere = [home({ postalCode: undefined, address: undefined })];
    expect(seasonForecastLines(input('2026-11-20', nowhere, on), 'day')).toEqual([]);
  });

  test('while the question is open, the fit line says 「送る」 comes before the higher-limit button', () => {
    const q = newYearQuestion(
      input(
        '2026-11-20',
        Array.from({ length: 301 }, () => home()),
      ),
      undefined,
    );
    const fit = q?.lines.find((l) => l.includes('全部用意できます'));
    expect(fit).toContain('「送る」を押すと、この期間だけ上限を上げるボタンが出ます');
    expect(fit).not.toContain('「この期間だけ手紙の上限を');
  });

  test('the question: 11-01 to 12-09 while 年賀状 is FALSE, until the owner declines this year', () => {
    const q = newYearQuestion(input('2026-11-01', people()), undefined);
    expect(q).toMatchObject({ year: 2026, households: 1, midwinter: 1, postageYen: 85 });
    expect(q?.lines[0]).toContain('今年の年賀状をお送りしますか');
    expect(q?.lines[0]).toContain('1軒のご家庭にはがき1枚（郵便代 約85円）');
    expect(q?.lines).toContain(
      '喪中はがきが届いたご家庭は、顧客シートの喪中の列に、ご不幸のあった年（例: 2026）を入れてください。',
    );
    expect(newYearQuestion(input('2026-12-09', people()), undefined)).toBeDefined();
    expect(newYearQuestion(input('2026-11-15', people()), 2026)).toBeUndefined();
    // Last year's answer does not answer this year.
    expect(newYearQuestion(input('2026-11-15', people()), 2025)).toBeDefined();
    expect(newYearQuestion(input('2026-11-15', people(), [['年賀状', 'TRUE']]), undefined)).toBeUndefined();
    // No household a card would go to: nothing to ask.
    expect(
      newYearQuestion(input('2026-11-15', [home({ postalCode: '', address: '' })]), undefined),
    ).toBeUndefined();
  });
});

describe('the temporary letter limit', () => {
  const l = { from: d('2026-12-10'), to: d('2026-12-24'), limit: 30 };
  test('applies only on the window days', () => {
    expect(letterLimitOn(d('2026-12-09'), 20, l)).toBe(20);
    expect(letterLimitOn(d('2026-12-10'), 20, l)).toBe(30);
    expect(letterLimitOn(d('2026-12-24'), 20, l)).toBe(30);
    expect(letterLimitOn(d('2026-12-25'), 20, l)).toBe(20);
  });
  test('stored and read back; forgotten once its window is over or unreadable', () => {
    const text = writeSeasonLimit(l);
    expect(readSeasonLimit(text, d('2026-12-01'))).toEqual(l);
    expect(readSeasonLimit(text, d('2026-12-25'))).toBeUndefined();
    expect(readSeasonLimit('{"from":1}', d('2026-12-01'))).toBeUndefined();
    expect(readSeasonLimit('not json', d('2026-12-01'))).toBeUndefined();
  });
});
