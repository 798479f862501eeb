import { readCustomers } from '../../src/core/customers';
import { TZ, d } from './builders';

const TODAY = d('2026-11-24');

function read(birthday: unknown) {
  const [c] = readCustomers([{ id: 'C1', name: '佐藤 美咲', birthday }], {
    timeZone: TZ,
    regularVisits: 3,
    today: TODAY,
  });
  return { birthday: c.birthday, problems: c.problems };
}

describe('誕生日 (contract section 2): read in every way owners write it, the month and day only', () => {
  test.each([
    ['5月3日', 5, 3],
    ['5/3', 5, 3],
    ['05-03', 5, 3],
    ['５月３日', 5, 3],
    ['5/3（土）', 5, 3],
    ['1980/5/3', 5, 3],
    ['1980-05-03', 5, 3],
    ['1980年5月3日', 5, 3],
    ['昭和55年5月3日', 5, 3],
    ['S55.5.3', 5, 3],
    ['平成元年1月8日', 1, 8],
    ['2月29日', 2, 29],
    ['2000/2/29', 2, 29],
    ['0000-09-01', 9, 1],
    ['0000-09-01T00:00:00-00:00', 9, 1],
    ['--09-01', 9, 1],
  ])('%s → %i月%i日', (cell, month, date) => {
    expect(read(cell)).toEqual({ birthday: { month, date }, problems: [] });
  });

  test('a date cell whose year Sheets added (a typed 「5/3」) gives its month and day; the year is not checked', () => {
    // Sheets turns a typed 5/3 into 2026-05-03 in the spreadsheet's time zone (Asia/Tokyo): midnight there.
    expect(read(new Date('2026-05-02T15:00:00Z')).birthday).toEqual({ month: 5, date: 3 });
    expect(read(new Date('2027-12-24T15:00:00Z')).birthday).toEqual({ month: 12, date: 25 });
  });

  test('blank is no birthday and no problem', () => {
    expect(read('')).toEqual({ birthday: undefined, problems: [] });
    expect(read(undefined)).toEqual({ birthday: undefined, problems: [] });
  });

  test.each(['2月30日', '13/1', 'そのうち', '1980/2/30'])('unreadable %s → 要確認 naming 誕生日', (cell) => {
    const { birthday, problems } = read(cell);
    expect(birthday).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(`誕生日「${cell}」を月日として読めません`);
    expect(problems[0]).toContain('5月3日');
  });
});
