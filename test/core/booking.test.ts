import { readCustomers } from '../../src/core/customers';
import { isoDay } from '../../src/core/day';
import { planFollowUps } from '../../src/core/plan';
import { d, planInput, TZ } from './builders';

const TODAY = d('2026-11-24');

function read(nextBooking: unknown, lastVisit: unknown = '2026/11/01') {
  const [c] = readCustomers([{ id: 'C1', name: '佐藤 美咲', lastVisit, nextBooking }], {
    timeZone: TZ,
    regularVisits: 3,
    today: TODAY,
  });
  return {
    at: c.nextBooking && `${isoDay(c.nextBooking.day)} ${c.nextBooking.minutes}`,
    problems: [...c.problems, ...(c.notes ?? [])],
  };
}

describe('顧客 次回予約日 (a date and time)', () => {
  test.each<[string, unknown, string | undefined]>([
    ['a date-time cell', new Date('2026-12-05T05:00:00Z'), '2026-12-05 840'],
    ['text with a time', '2026/12/5 14:00', '2026-12-05 840'],
    ['text with a weekday and 時', '2026年12月5日（土）14時30分', '2026-12-05 870'],
    ['a date alone (all of its day)', '2026/12/05', '2026-12-05 0'],
    ['a date without a year: the next such date from today', '12/5 14:00', '2026-12-05 840'],
    ['a date without a year already past this year: next year', '1/8 10:00', '2027-01-08 600'],
    ['a date without a year that is today', '11月24日', '2026-11-24 0'],
    ['blank', '', undefined],
  ])('%s', (_name, cell, expected) => {
    const { at, problems } = read(cell);
    expect(at).toBe(expected);
    expect(problems).toEqual([]);
  });

  test('an unreadable 次回予約日 is reported, naming the column, and read as no booking', () => {
    expect(read('来週あたり')).toEqual({
      at: undefined,
      problems: ['次回予約日「来週あたり」を日時として読めません（例: 2026/12/5 14:00）'],
    });
  });

  test('a past 次回予約日 later than 最終来店日 (a booking with no visit recorded) asks the owner', () => {
    const { at, problems } = read('2026/11/20 10:00', '2026/11/01');
    expect(at).toBe('2026-11-20 600');
    expect(problems).toEqual([
      '次回予約日 2026/11/20が過ぎていますが、最終来店日（2026/11/01）より後です。ご来店があれば最終来店日を、なければ次回予約日を直してください',
    ]);
  });

  test('that note is shown in 要確認 but holds nothing: it is no unreadable value', () => {
    const [c] = readCustomers(
      [{ id: 'C1', name: '佐藤 美咲', lastVisit: '2026/11/01', nextBooking: '2026/11/20 10:00' }],
      { timeZone: TZ, regularVisits: 3, today: TODAY },
    );
    expect(c.problems).toEqual([]);
    const p = planFollowUps(planInput({ today: TODAY, customers: [c] }));
    expect(p.customers[0].attention).toContain('次回予約日 2026/11/20が過ぎていますが');
  });

  test('a past 次回予約日 on or before 最終来店日 is the visit that happened: nothing to say', () => {
    expect(read('2026/11/01 10:00', '2026/11/01').problems).toEqual([]);
  });
});
