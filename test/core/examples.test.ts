import { dashboardFigures, dashboardRows } from '../../src/core/dashboard-figures';
import { readCustomers } from '../../src/core/customers';
import { countExamples, EXAMPLE_REASON, examplesLine, isExampleCustomer } from '../../src/core/examples';
import { planFollowUps } from '../../src/core/plan';
import type { Channel } from '../../src/core/types';
import { CHANNELS } from '../../src/labels';
import { customer, d, planInput, settings, TZ } from './builders';

const TODAY = d('2026-11-24');
const ALL = new Set<Channel>(CHANNELS);

describe('example customers (「例」 and 配信停止 すべて)', () => {
  it('are examples only with both: the 「例」 prefix alone or すべて alone is an ordinary customer', () => {
    expect(isExampleCustomer(customer({ id: '例1', optOut: ALL }))).toBe(true);
    expect(isExampleCustomer(customer({ id: '例1', optOut: new Set<Channel>(['メール', 'LINE']) }))).toBe(
      false,
    );
    expect(isExampleCustomer(customer({ id: '例1' }))).toBe(false);
    expect(isExampleCustomer(customer({ id: 'C001', optOut: ALL }))).toBe(false);
    // 「例」 inside the id is not the prefix.
    expect(isExampleCustomer(customer({ id: 'A例1', optOut: ALL }))).toBe(false);
  });

  it('reads 配信停止 as the owner typed it: すべて, 全部 and all four channels are every channel', () => {
    const rows = [
      { id: '例1', name: '見本 花子', optOut: 'すべて' },
      { id: '例2', name: '見本 太郎', optOut: '全部' },
      { id: '例3', name: '見本 商店', optOut: 'メール, LINE, 郵送, 電話' },
      { id: '例4', name: '見本 次郎', optOut: 'メール' },
      // A word Tsunagu cannot read blocks every channel for safety, but is not the owner's すべて.
      { id: '例5', name: '見本 三郎', optOut: 'すべて, ファクス' },
    ];
    const read = readCustomers(rows, { timeZone: TZ, regularVisits: 3, today: TODAY });
    expect(read.map(isExampleCustomer)).toEqual([true, true, true, false, false]);
    expect(countExamples(read)).toBe(3);
  });

  it('are never planned and never in 要確認; an ordinary 「例」 customer is planned', () => {
    const example = customer({
      index: 0,
      id: '例1',
      optOut: ALL,
      // A problem in an example row (here a bad date) is not reported: the row is a sample.
      problems: ['最終来店日「きのう」を日付として読めません'],
      lastVisit: d('2026-11-22'),
    });
    const ordinary = customer({ index: 1, id: '例2', lastVisit: d('2026-11-22') });
    const plan = planFollowUps(planInput({ today: TODAY, customers: [example, ordinary] }));
    const [exampleRow, ordinaryRow] = plan.customers;
    expect(exampleRow).toMatchObject({ customerId: '例1', nextDay: undefined, attention: '' });
    expect(exampleRow.reason).toBe(EXAMPLE_REASON);
    expect(plan.due.filter((due) => due.customer.id === '例1')).toEqual([]);
    expect(ordinaryRow.nextDay).toBeDefined();
    expect(ordinaryRow.reason).not.toBe(EXAMPLE_REASON);
  });

  it('are counted apart in 集計, outside 配信停止 and the total', () => {
    const figures = dashboardFigures({
      today: TODAY,
      customers: [
        customer({ id: '例1', optOut: ALL }),
        customer({ id: '例2', optOut: ALL }),
        customer({ id: 'C1', optOut: ALL }),
        customer({ id: 'C2' }),
      ],
      records: [],
      settings: settings(),
      lineLimit: null,
    });
    expect(figures.customers).toEqual({ active: 1, dormant: 0, optedOut: 1, examples: 2 });
    const rows = dashboardRows(figures).rows;
    expect(rows.find((r) => r[0] === '合計')?.[1]).toBe(2);
    expect(rows.find((r) => r[0] === '例のお客様')?.[1]).toBe(2);
  });

  it('have one line for the summary and the sidebar, and none when there are none', () => {
    expect(examplesLine(3)).toBe(
      '例のお客様 3人（顧客IDが「例」で始まる見本の行です。連絡はしません。不要になったら顧客シートの行を削除してください）',
    );
    expect(examplesLine(0)).toBe('');
  });
});
