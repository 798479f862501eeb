import { readCustomers } from '../../src/core/customers';
import { TZ, d, settings } from './builders';

function read(mourning: unknown, today = '2026-11-24') {
  const [c] = readCustomers([{ id: 'C1', name: '佐藤 美咲', mourning }], {
    timeZone: TZ,
    regularVisits: 3,
    today: d(today),
  });
  return { mourning: c.mourning, problems: c.problems, notes: c.notes ?? [] };
}

describe('喪中 (contract section 2): the year of the bereavement, or TRUE', () => {
  test.each([
    [2026, 2026],
    ['2026', 2026],
    ['２０２６年', 2026],
    ['令和8年', 2026],
    ['令和８年', 2026],
    ['R8', 2026],
    ['令和元年', 2019],
    ['平成30年', 2018],
    ['2026/3', 2026],
    ['2026/3/5', 2026],
    ['令和8年3月5日', 2026],
  ])('%s → %i', (cell, year) => {
    expect(read(cell)).toEqual({ mourning: year, problems: [], notes: [] });
  });

  test('a date cell is read as its year', () => {
    expect(read(new Date('2026-03-04T15:00:00Z')).mourning).toBe(2026);
  });

  test.each([true, 'TRUE', '○', 'はい'])('%s → in mourning now', (cell) => {
    expect(read(cell)).toEqual({ mourning: 'now', problems: [], notes: [] });
  });

  test.each(['', undefined, false, 'FALSE', '-'])('%s → not in mourning, no problem', (cell) => {
    expect(read(cell)).toEqual({ mourning: undefined, problems: [], notes: [] });
  });

  test.each(['祖母', '2027', '令和9年', '1850'])(
    'unreadable or a year to come (%s) → 要確認 naming 喪中, and no 年賀状 meanwhile',
    (cell) => {
      const { mourning, problems } = read(cell);
      expect(mourning).toBe('unread');
      expect(problems).toHaveLength(1);
      expect(problems[0]).toContain(`喪中「${cell}」を読めません`);
      expect(problems[0]).toContain('令和8年');
    },
  );

  test('TRUE from 2-01 asks the owner to write the year or clear it (a note: it holds nothing)', () => {
    expect(read(true, '2026-01-31').notes).toEqual([]);
    const feb = read(true, '2026-02-01');
    expect(feb.mourning).toBe('now');
    expect(feb.problems).toEqual([]);
    expect(feb.notes).toEqual([
      '喪中がTRUEのままです。喪中の年（例: 2026、令和8年）を書くか、喪が明けていれば空欄にしてください',
    ]);
    // November and December are when 喪中はがき arrive: TRUE is what the owner writes then.
    expect(read(true, '2026-11-24').notes).toEqual([]);
    expect(read(2026, '2026-02-01').notes).toEqual([]);
  });
});

describe('設定 (contract section 2): 年賀状, 暑中見舞い, 挨拶状の対象', () => {
  test('defaults: off, off, 2年以内', () => {
    const s = settings();
    expect(s.newYearCards).toBe(false);
    expect(s.summerCards).toBe(false);
    expect(s.greetingMonths).toBe(24);
  });

  test('read as the owner writes them', () => {
    const s = settings([
      ['年賀状', 'TRUE'],
      ['暑中見舞い', true],
      ['挨拶状の対象', '全員'],
    ]);
    expect(s.newYearCards).toBe(true);
    expect(s.summerCards).toBe(true);
    expect(s.greetingMonths).toBeNull();
    expect(settings([['挨拶状の対象', '18か月以内']]).greetingMonths).toBe(18);
  });
});
