import {
  dashboardFigures,
  dashboardRows,
  DASHBOARD_CHART_TITLE,
  type DashboardFigures,
  type DashboardInput,
} from '../../src/core/dashboard-figures';
import { addDays } from '../../src/core/day';
import { POSTCARD_RULES } from '../../src/core/registry';
import type { Channel, ContactRecord, Customer } from '../../src/core/types';
import { CHANNELS, SCENARIO } from '../../src/labels';
import { customer, d, record, settings } from './builders';

const TODAY = d('2026-11-24');

function figures(overrides: Partial<DashboardInput> = {}): DashboardFigures {
  return dashboardFigures({
    today: TODAY,
    customers: [],
    records: [],
    settings: settings(),
    lineLimit: null,
    ...overrides,
  });
}

function followUp(result: DashboardFigures, scenario: string) {
  return result.followUps.find((f) => f.scenario === scenario);
}

describe('お客様の状況', () => {
  const counts = (customers: Customer[]) => figures({ customers }).customers;

  it('is dormant exactly when 休眠客フォロー would write to them: past 休眠日数 (90), not on it', () => {
    expect(counts([customer({ lastVisit: addDays(TODAY, -90) })])).toEqual({
      active: 1,
      dormant: 0,
      optedOut: 0,
      examples: 0,
    });
    expect(counts([customer({ lastVisit: addDays(TODAY, -91) })]).dormant).toBe(1);
    expect(counts([customer({ lastVisit: undefined })]).active).toBe(1);
  });

  it("uses the customer's own rhythm and the shop's 休眠日数 like the planner", () => {
    // 5 visits over 200 days: every 50 days, so dormant after 2 × 50 = 100 days.
    const regular = (daysAgo: number) =>
      customer({
        visits: 5,
        lastVisit: addDays(TODAY, -daysAgo),
        firstVisit: addDays(TODAY, -daysAgo - 200),
      });
    expect(counts([regular(100)]).dormant).toBe(0);
    expect(counts([regular(101)]).dormant).toBe(1);
    const shop30 = figures({
      customers: [customer({ lastVisit: addDays(TODAY, -31) })],
      settings: settings([['休眠日数', 30]]),
    });
    expect(shop30.customers.dormant).toBe(1);
  });

  it('counts 配信停止 すべて as opted out even when dormant; a single stopped channel is not', () => {
    const all = new Set<Channel>(CHANNELS);
    const result = counts([
      customer({ id: 'A', optOut: all, lastVisit: addDays(TODAY, -400) }),
      customer({ id: 'B', optOut: all }),
      customer({ id: 'C', optOut: new Set<Channel>(['メール', 'LINE']) }),
      customer({ id: 'D', optOut: new Set<Channel>(['手紙']), lastVisit: addDays(TODAY, -400) }),
    ]);
    expect(result).toEqual({ active: 1, dormant: 1, optedOut: 2, examples: 0 });
  });
});

describe('今月のフォロー per シナリオ', () => {
  const at = (iso: string, state: ContactRecord['state'], scenario: string = SCENARIO.postPurchase) =>
    record({ customerId: 'C1', at: d(iso), state, scenario });

  it('counts rows dated in the calendar month of today, first and last day included', () => {
    const result = figures({
      records: [
        at('2026-10-31', '送信済'),
        at('2026-11-01', '送信済'),
        at('2026-11-30', '印刷待ち'),
        at('2026-12-01', '送信済'),
      ],
    });
    expect(followUp(result, SCENARIO.postPurchase)).toEqual({
      scenario: SCENARIO.postPurchase,
      prepared: 2,
      completed: 1,
    });
  });

  it('prepared leaves out スキップ; completed is 送信済, 印刷済 and 完了 only', () => {
    const result = figures({
      records: [
        at('2026-11-02', '送信済', SCENARIO.thankYou),
        at('2026-11-03', '印刷済', SCENARIO.thankYou),
        at('2026-11-04', '完了', SCENARIO.thankYou),
        at('2026-11-05', '下書き', SCENARIO.thankYou),
        at('2026-11-06', '承認待ち', SCENARIO.thankYou),
        at('2026-11-07', 'スキップ', SCENARIO.thankYou),
        at('2026-11-08', '送信済', SCENARIO.dormant),
      ],
    });
    expect(followUp(result, SCENARIO.thankYou)).toMatchObject({ prepared: 5, completed: 3 });
    expect(followUp(result, SCENARIO.dormant)).toMatchObject({ prepared: 1, completed: 1 });
  });

  it('always lists the eight rules in contract order, then シナリオ the owner typed', () => {
    const result = figures({
      records: [at('2026-11-10', '完了', '紹介のお礼'), at('2026-11-11', '完了', '')],
    });
    expect(result.followUps.map((f) => f.scenario)).toEqual([
      ...Object.values(SCENARIO),
      '紹介のお礼',
      'その他',
    ]);
    expect(followUp(result, SCENARIO.newsletter)).toMatchObject({ prepared: 0, completed: 0 });
  });

  it('ignores rows without a 日時', () => {
    const result = figures({ records: [record({ customerId: 'C1', state: '送信済' })] });
    expect(followUp(result, SCENARIO.postPurchase)).toMatchObject({ prepared: 0 });
  });
});

describe(`ご来店 within 60 days of a completed contact`, () => {
  const CONTACT = d('2026-06-01');
  const visitor = (id: string, lastVisit: number | undefined) =>
    customer({ id, lastVisit: lastVisit === undefined ? undefined : addDays(CONTACT, lastVisit) });
  const contact = (customerId: string, overrides: Partial<ContactRecord> = {}) =>
    record({ customerId, at: CONTACT, state: '送信済', channel: 'メール', ...overrides });

  it('counts a last visit after the contact day up to day X + 60, both edges checked', () => {
    const customers = [
      visitor('same-day', 0),
      visitor('next-day', 1),
      visitor('day-60', 60),
      visitor('day-61', 61),
      visitor('before', -5),
      visitor('never', undefined),
    ];
    const result = figures({ customers, records: customers.map((c) => contact(c.id)) });
    expect(result.comeBack.rows).toEqual([
      { scenario: SCENARIO.postPurchase, channel: 'メール', contacts: 6, cameBack: 2 },
    ]);
  });

  it('splits by シナリオ and チャネル, in rule and channel order', () => {
    const customers = [visitor('A', 10), visitor('B', 90)];
    const result = figures({
      customers,
      records: [
        contact('A', { scenario: SCENARIO.dormant, channel: '手紙', state: '印刷済' }),
        contact('B', { scenario: SCENARIO.dormant, channel: 'メール' }),
        contact('A', { channel: '電話', state: '完了', result: '満足' }),
      ],
    });
    expect(result.comeBack.rows).toEqual([
      { scenario: SCENARIO.postPurchase, channel: '電話', contacts: 1, cameBack: 1 },
      { scenario: SCENARIO.dormant, channel: 'メール', contacts: 1, cameBack: 0 },
      { scenario: SCENARIO.dormant, channel: '手紙', contacts: 1, cameBack: 1 },
    ]);
  });

  it('leaves out pending and skipped rows, calls nobody answered, returned mail and unknown customers', () => {
    const result = figures({
      customers: [visitor('A', 10)],
      records: [
        contact('A', { state: '下書き' }),
        contact('A', { state: 'スキップ' }),
        contact('A', { channel: '電話', state: '完了', result: '不在' }),
        contact('A', { channel: '手紙', state: '印刷済', result: '宛先不明' }),
        contact('deleted'),
      ],
    });
    expect(result.comeBack.rows).toEqual([]);
  });

  it('takes the completed contacts of the last 12 months: from the day after today − 12 months to today', () => {
    const at = (iso: string) => contact('A', { at: d(iso) });
    const result = figures({
      customers: [customer({ id: 'A', lastVisit: d('2026-11-20') })],
      records: [at('2025-11-24'), at('2025-11-25'), at('2026-11-24'), at('2026-11-25')],
    });
    expect(result.comeBack.since).toBe(d('2025-11-25'));
    expect(result.comeBack.rows).toEqual([
      { scenario: SCENARIO.postPurchase, channel: 'メール', contacts: 2, cameBack: 0 },
    ]);
  });
});

describe('LINE this month', () => {
  const line = (iso: string, state: ContactRecord['state'], channel: Channel = 'LINE') =>
    record({ customerId: 'C1', at: d(iso), state, channel });
  const records = [
    line('2026-11-01', '送信済'),
    line('2026-11-24', '送信済'),
    line('2026-11-20', '承認待ち'),
    line('2026-10-31', '送信済'),
    line('2026-11-05', '送信済', 'メール'),
  ];

  it('counts LINE rows 送信済 this month against the free plan when the limit is unknown', () => {
    expect(figures({ records }).line).toEqual({ sent: 2, limit: 200, limitKnown: false });
  });

  it("uses the plan's limit when given", () => {
    expect(figures({ records, lineLimit: 5000 }).line).toEqual({ sent: 2, limit: 5000, limitKnown: true });
  });
});

describe('letters printed this month and their postage', () => {
  const letter = (iso: string, state: ContactRecord['state'], note = '') =>
    record({ customerId: 'C1', at: d(iso), state, channel: '手紙', note });

  it('¥110 for every 封書, the handwritten お礼状 too (its 備考 is not read); only 印刷済 rows of this month', () => {
    const result = figures({
      records: [
        letter('2026-11-02', '印刷済', '購入金額 ¥50,000（¥30,000以上）のため手書き推奨'),
        letter('2026-11-03', '印刷済'),
        letter('2026-11-04', '印刷済'),
        letter('2026-11-05', '印刷待ち', '手書き推奨'),
        letter('2026-10-30', '印刷済'),
        record({ customerId: 'C1', at: d('2026-11-06'), state: '送信済', channel: 'メール' }),
      ],
    });
    expect(result.post).toEqual({ postcards: 0, letters: 3, postageYen: 3 * 110 });
  });

  it('¥85 for a はがき: a printed letter of a rule that declares postcard (found by its key)', () => {
    // No rule sends はがき yet (S10 will): the registry's derived set is given one for this test.
    const postcards = POSTCARD_RULES as Set<string>;
    postcards.add('S4');
    try {
      const card = record({
        customerId: 'C1',
        key: 'C1|S4|お役立ち情報|2026-11-01',
        at: d('2026-11-02'),
        state: '印刷済',
        channel: '手紙',
      });
      const result = figures({ records: [card, letter('2026-11-03', '印刷済')] });
      expect(result.post).toEqual({ postcards: 1, letters: 1, postageYen: 85 + 110 });
    } finally {
      postcards.delete('S4');
    }
  });
});

describe('dashboardRows', () => {
  const layout = dashboardRows(
    figures({
      customers: [customer({ id: 'A', lastVisit: d('2026-11-10') })],
      records: [
        record({ customerId: 'A', at: d('2026-11-02'), state: '送信済', channel: 'メール' }),
        record({
          customerId: 'A',
          at: d('2026-11-03'),
          state: '印刷済',
          channel: '手紙',
          note: '手書き推奨',
        }),
      ],
    }),
  );
  const find = (label: string) => layout.rows.findIndex((row) => row[0] === label);

  it('is one rectangular block with a format and a weight for every cell', () => {
    for (const grid of [layout.rows, layout.numberFormats, layout.fontWeights]) {
      expect(grid).toHaveLength(layout.rows.length);
      for (const row of grid) expect(row).toHaveLength(layout.width);
    }
  });

  it('gives the chart the シナリオ table: its header row and one row per シナリオ, no total', () => {
    const { table, title, anchor } = layout.chart;
    const top = table.row - 1;
    expect(layout.rows[top].slice(0, 3)).toEqual(['シナリオ', '準備', '完了']);
    expect(layout.rows.slice(top + 1, top + table.numRows).map((r) => r[0])).toEqual(Object.values(SCENARIO));
    expect(layout.rows[top + table.numRows][0]).toBe('合計');
    expect(layout.rows[top + 1].slice(0, 3)).toEqual([SCENARIO.postPurchase, 2, 2]);
    expect([table.column, table.numColumns]).toEqual([1, 3]);
    expect(title).toBe(DASHBOARD_CHART_TITLE);
    expect(anchor.column).toBeGreaterThan(layout.width);
  });

  it('shows yen and percentages with their formats, headers in bold', () => {
    const postcard = find('はがき');
    expect(layout.rows[postcard].slice(0, 4)).toEqual(['はがき', 0, 85, 0]);
    expect(layout.numberFormats[postcard].slice(1, 4)).toEqual(['#,##0', '¥#,##0', '¥#,##0']);
    const usage = find('使用率');
    expect(layout.rows[usage][1]).toBe(0);
    expect(layout.numberFormats[usage][1]).toBe('0%');
    expect(layout.fontWeights[find('■ お客様の状況')][0]).toBe('bold');
    expect(layout.fontWeights[find('有効')][0]).toBe('normal');
    expect(layout.rows[0][0]).toBe('集計（2026年11月24日 時点）');
  });

  it('names the free plan when the LINE limit is unknown', () => {
    expect(find('月の上限（無料プランなら200通）')).toBeGreaterThan(0);
  });

  it('gives each ご来店 row its rate', () => {
    const rows = layout.rows.filter((r) => r[1] === 'メール' || r[1] === '手紙');
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      [SCENARIO.postPurchase, 'メール', 1, 1, 1],
      [SCENARIO.postPurchase, '手紙', 1, 1, 1],
    ]);
  });
});
