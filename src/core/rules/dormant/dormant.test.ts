import { addDays, isoDay } from '../../day';
import { planFollowUps } from '../../plan';
import { dormant } from '.';
import type { ContactRecord, Customer, RuleContext, RuleId, StepCandidate } from '../../types';
import { customer, d, planInput, record, ruleContext, settings } from '../../../../test/core/builders';

const VISIT = '2025-08-01';
const D = d(VISIT);
const USEFUL_INFO = settings().usefulInfo;

/** A customer last seen on 2025-08-01 (second visit); no category, so S1 stays out of the way. */
function lapsed(c: Partial<Customer> = {}): Customer {
  return customer({ category: undefined, visits: 2, firstVisit: d('2025-05-01'), lastVisit: D, ...c });
}

/** `visits` visits, the first `span` days before the last one: an average interval of span / (visits − 1). */
const rhythm = (visits: number, span: number): Partial<Customer> => ({
  visits,
  firstVisit: addDays(D, -span),
});

function stepsOf(
  c: Partial<Customer>,
  today: string,
  ctx: Partial<RuleContext> = {},
): readonly StepCandidate[] {
  return dormant.plan(lapsed(c), ruleContext({ today: d(today), ...ctx })).steps;
}

/** The one occurrence planned (its anchor, due date and 理由), or null. */
function occurrence(c: Partial<Customer>, today: string, ctx: Partial<RuleContext> = {}) {
  const steps = stepsOf(c, today, ctx);
  expect(steps.length).toBeLessThanOrEqual(1);
  return steps[0] ? { anchor: steps[0].anchor, due: isoDay(steps[0].due), because: steps[0].because } : null;
}

/** The occurrence when it is due by `today` (the customer is dormant), else null (it is only upcoming). */
function dueBy(c: Partial<Customer>, today: string, ctx: Partial<RuleContext> = {}) {
  const found = occurrence(c, today, ctx);
  return found && found.due <= today ? found : null;
}

/** An S4 contact in 連絡履歴, by Tsunagu (keyed by its occurrence) or typed by the owner (no key). */
function s4(state: ContactRecord['state'], at: string, anchor?: string): ContactRecord {
  return record({
    customerId: 'C0001',
    scenario: '休眠客フォロー',
    step: 'お役立ち情報',
    channel: '手紙',
    state,
    at: d(at),
    key: anchor ? `C0001|S4|お役立ち情報|${anchor}` : '',
  });
}

describe('S4 休眠客フォロー: who is dormant (strictly more days than their threshold)', () => {
  test.each<[string, Partial<Customer>, string, string | null, string]>([
    ['休眠日数 90: 90 days after the visit, not yet', {}, '2025-10-30', null, ''],
    [
      '休眠日数 90: 91 days after the visit, dormant',
      {},
      '2025-10-31',
      '2025-10-31',
      '休眠日数の90日を過ぎたため',
    ],
    [
      'own rhythm: 5 visits 60 days apart → 120 days; at 120, not yet',
      rhythm(5, 240),
      '2025-11-29',
      null,
      '',
    ],
    [
      'own rhythm: at 121 days, dormant',
      rhythm(5, 240),
      '2025-11-30',
      '2025-11-30',
      'いつもの来店間隔（約60日）の2倍を過ぎたため',
    ],
    [
      'own rhythm rounds: 3 intervals over 100 days → 67 days; at 67, not yet',
      rhythm(4, 100),
      '2025-10-07',
      null,
      '',
    ],
    [
      'own rhythm rounds: at 68 days, dormant',
      rhythm(4, 100),
      '2025-10-08',
      '2025-10-08',
      'いつもの来店間隔（約33日）の2倍を過ぎたため',
    ],
    ['a very regular customer is clamped to 30 days: at 30, not yet', rhythm(10, 45), '2025-08-31', null, ''],
    [
      'a very regular customer is clamped to 30 days: at 31, dormant',
      rhythm(10, 45),
      '2025-09-01',
      '2025-09-01',
      'いつもの来店間隔（約5日）の2倍（最短30日）を過ぎたため',
    ],
    [
      'a rare customer is clamped to 730 days: at 91 days, not dormant',
      rhythm(3, 1000),
      '2025-10-31',
      null,
      '',
    ],
    ['a rare customer is clamped to 730 days: at 730, not yet', rhythm(3, 1000), '2027-08-01', null, ''],
    [
      'a rare customer is clamped to 730 days: at 731, dormant',
      rhythm(3, 1000),
      '2027-08-02',
      '2027-08-02',
      'いつもの来店間隔（約500日）の2倍（最長730日）を過ぎたため',
    ],
    [
      '来店回数 3 without 初回来店日 → 休眠日数',
      { visits: 3, firstVisit: undefined },
      '2025-10-31',
      '2025-10-31',
      '休眠日数の90日を過ぎたため',
    ],
    [
      '初回来店日 = 最終来店日 → 休眠日数',
      { visits: 3, firstVisit: D },
      '2025-10-31',
      '2025-10-31',
      '休眠日数の90日を過ぎたため',
    ],
    [
      '来店回数 2 has no rhythm yet → 休眠日数',
      rhythm(2, 20),
      '2025-10-31',
      '2025-10-31',
      '休眠日数の90日を過ぎたため',
    ],
    ['no 最終来店日 → never dormant', { lastVisit: undefined }, '2027-01-01', null, ''],
  ])('%s', (_name, c, today, due, label) => {
    const found = dueBy(c, today);
    expect(found?.due ?? null).toBe(due);
    if (due !== null) expect(found?.because).toContain(label);
  });

  test('休眠日数 comes from 設定', () => {
    const s = settings([['休眠日数', '60']]);
    expect(dueBy({}, '2025-09-30', { settings: s })).toBeNull();
    expect(occurrence({}, '2025-10-01', { settings: s })?.due).toBe('2025-10-01');
  });

  test('理由 says how long it has been and which threshold applied', () => {
    expect(occurrence(rhythm(5, 240), '2026-04-03')?.because).toBe(
      '最終来店日（2025/08/01）から245日、いつもの来店間隔（約60日）の2倍を過ぎたため',
    );
    expect(occurrence({}, '2025-11-10')?.because).toBe(
      '最終来店日（2025/08/01）から101日、休眠日数の90日を過ぎたため',
    );
  });

  test('お役立ち情報 by 手紙 > メール > LINE, recurring, with no window and the useful info from 設定', () => {
    const [step] = stepsOf({}, '2025-10-31');
    expect(step).toMatchObject({
      rule: 'S4',
      scenario: '休眠客フォロー',
      step: 'お役立ち情報',
      key: 'C0001|S4|お役立ち情報|2025-10-31',
      recurring: true,
      channels: ['手紙', 'メール', 'LINE'],
      fields: { お役立ち情報: USEFUL_INFO },
    });
    expect(step.last).toBeUndefined();
  });
});

describe('S4 休眠客フォロー: no backlog', () => {
  test.each(['2025-10-31', '2026-01-15', '2026-09-01'])(
    'an occurrence never prepared is due once, on its own date, whatever today is (%s)',
    (today) => {
      expect(occurrence({}, today)).toMatchObject({ anchor: '2025-10-31', due: '2025-10-31' });
    },
  );
});

describe('S4 休眠客フォロー: it keeps going, 30 days after the previous one was done', () => {
  test.each<[string, ContactRecord[], string, { anchor: string; because: string }]>([
    [
      'a printed letter → 30 days after it was printed',
      [s4('印刷済', '2025-11-02', '2025-10-31')],
      '2025-11-20',
      { anchor: '2025-12-02', because: '前回のお役立ち情報（2025/11/02）から30日' },
    ],
    [
      'a contact the owner logged by hand counts',
      [s4('送信済', '2025-11-05')],
      '2025-11-20',
      { anchor: '2025-12-05', because: '前回のお役立ち情報（2025/11/05）から30日' },
    ],
    [
      'the latest one counts',
      [s4('印刷済', '2025-11-02', '2025-10-31'), s4('送信済', '2025-12-03', '2025-12-02')],
      '2025-12-10',
      { anchor: '2026-01-02', because: '前回のお役立ち情報（2025/12/03）から30日' },
    ],
    [
      'an occurrence the owner skipped → 30 days after the skip, not the same one again',
      [s4('スキップ', '2025-11-10', '2025-10-31')],
      '2025-11-20',
      { anchor: '2025-12-10', because: '前回のお役立ち情報（2025/11/10）から30日' },
    ],
    [
      'no backlog for repeats either: months later, the missed repeat is due once',
      [s4('印刷済', '2025-11-02', '2025-10-31')],
      '2026-05-01',
      { anchor: '2025-12-02', because: '前回のお役立ち情報（2025/11/02）から30日' },
    ],
    [
      'contacts before the last visit belong to an earlier absence and do not count',
      [s4('印刷済', '2025-07-01', '2025-06-28')],
      '2025-11-20',
      { anchor: '2025-10-31', because: '最終来店日（2025/08/01）から111日、休眠日数の90日を過ぎたため' },
    ],
    [
      'a contact soon after the visit does not bring the first one forward',
      [s4('送信済', '2025-08-05')],
      '2025-11-20',
      { anchor: '2025-10-31', because: '最終来店日（2025/08/01）から111日、休眠日数の90日を過ぎたため' },
    ],
  ])('%s', (_name, history, today, expected) => {
    const [step] = stepsOf({}, today, { history });
    expect({ anchor: step.anchor, because: step.because }).toEqual(expected);
    expect(step.key).toBe(`C0001|S4|お役立ち情報|${expected.anchor}`);
    expect(isoDay(step.due)).toBe(expected.anchor);
  });

  test.each<ContactRecord['state']>(['準備中', '下書き', '承認待ち', '印刷待ち', '延期', '失敗'])(
    'a pending occurrence (%s) is the one planned: never a second',
    (state) => {
      const history = [s4(state, '2025-10-31', '2025-10-31')];
      expect(stepsOf({}, '2026-02-01', { history }).map((s) => s.key)).toEqual([
        'C0001|S4|お役立ち情報|2025-10-31',
      ]);
    },
  );

  test('a pending contact the owner typed is the one planned, on its 日時', () => {
    const history = [s4('予定', '2025-11-03')];
    expect(stepsOf({}, '2026-02-01', { history }).map((s) => s.anchor)).toEqual(['2025-11-03']);
  });
});

describe('S4 休眠客フォロー: waits while another scenario is speaking to the customer', () => {
  const open = (rule: RuleId) => ({ rule }) as StepCandidate;

  test.each<[string, RuleId, number]>([
    ['an open S1 購入後フォロー step', 'S1', 0],
    ['an open S2 キャンセルフォロー step', 'S2', 0],
    ['an open S3 クレーム後フォロー step', 'S3', 0],
    ['an open S6 サンキューレター step', 'S6', 0],
    ['an open S8 お手紙確認メール does not hold it back', 'S8', 1],
  ])('%s', (_name, rule, count) => {
    expect(stepsOf({}, '2025-11-20', { openSteps: [open(rule)] })).toHaveLength(count);
  });
});

describe('S4 休眠客フォロー through the plan', () => {
  const plan = (today: string, c: Partial<Customer> = {}, records: ContactRecord[] = []) =>
    planFollowUps(planInput({ today: d(today), customers: [lapsed(c)], records }));

  test('the day the customer becomes dormant, お役立ち情報 is due', () => {
    const p = plan('2025-10-31');
    expect(p.due.map((x) => [x.step.key, x.step.fields])).toEqual([
      ['C0001|S4|お役立ち情報|2025-10-31', { お役立ち情報: USEFUL_INFO }],
    ]);
    expect(p.customers[0].nextContent).toBe('休眠客フォロー（お役立ち情報）');
  });

  test('an occurrence months old is shown today, once, with the same key', () => {
    for (const today of ['2026-01-15', '2026-03-01']) {
      const p = plan(today);
      expect(p.due.map((x) => x.step.key)).toEqual(['C0001|S4|お役立ち情報|2025-10-31']);
      expect(isoDay(p.customers[0].nextDay!)).toBe(today);
    }
  });

  test('after an email, the next one is planned 30 days later', () => {
    // An email, because a printed letter would bring the S8 確認メール first.
    const emailed = { ...s4('送信済', '2025-11-02', '2025-10-31'), channel: 'メール' as const };
    const row = plan('2025-11-20', {}, [emailed]).customers[0];
    expect([isoDay(row.nextDay!), row.nextContent]).toEqual(['2025-12-02', '休眠客フォロー（お役立ち情報）']);
    expect(row.reason).toContain('前回のお役立ち情報（2025/11/02）から30日');
  });

  test('it waits while a 購入後フォロー step is open, then comes once without backlog', () => {
    // 整体, ten visits 5 days apart: dormant after 30 days, while the 提案 (D + 14 → D + 44) is still open.
    const regular = { category: '整体', ...rhythm(10, 45) };
    const during = plan('2025-09-01', regular);
    expect(during.due.map((x) => x.step.rule)).toEqual(['S1']);
    expect(during.customers[0].nextContent).not.toContain('休眠客フォロー');
    const after = plan('2025-09-15', regular);
    expect(after.due.map((x) => x.step.key)).toEqual(['C0001|S4|お役立ち情報|2025-09-01']);
  });
});

describe('S4 休眠客フォロー: the day the customer will become dormant is an upcoming step', () => {
  const plan = (today: string, c: Partial<Customer> = {}, extra: [string, unknown][] = []) =>
    planFollowUps(planInput({ today: d(today), customers: [lapsed(c)], settings: settings(extra) }));

  test('a regular with nothing else planned shows the coming date in 次回連絡日, with 理由 in the owner’s words', () => {
    // Five visits 60 days apart: dormant after 120 days, on 2025-11-30.
    const p = plan('2025-11-20', rhythm(5, 240));
    expect(p.due).toEqual([]);
    const row = p.customers[0];
    expect([isoDay(row.nextDay!), row.nextContent, row.nextChannel]).toEqual([
      '2025-11-30',
      '休眠客フォロー（お役立ち情報）',
      '手紙',
    ]);
    expect(row.reason).toContain(
      '11月30日に、前回のご来店（2025/08/01）からいつもの来店間隔（約60日）の2倍を過ぎて',
    );
    expect(row.reason).not.toBe('予定しているフォローはありません');
  });

  test('once the day comes it is due, under the key the upcoming step had', () => {
    const before = plan('2025-11-20', rhythm(5, 240));
    const on = plan('2025-11-30', rhythm(5, 240));
    expect(on.due.map((x) => x.step.key)).toEqual(['C0001|S4|お役立ち情報|2025-11-30']);
    expect(isoDay(before.customers[0].nextDay!)).toBe(isoDay(on.customers[0].nextDay!));
  });

  test('it stays behind an open 購入後フォロー step (S4 waits for S1, S2, S3, S6)', () => {
    const p = plan('2025-08-03', { category: '整体' });
    expect(p.customers[0].nextContent).not.toContain('休眠客フォロー');
  });
});

describe('S4 休眠客フォロー: only customers last seen within 休眠フォローの対象', () => {
  const plan = (today: string, extra: [string, unknown][] = []) =>
    planFollowUps(planInput({ today: d(today), customers: [lapsed()], settings: settings(extra) }));

  test.each<[string, string, [string, unknown][], boolean]>([
    ['3年以内 (default): seen 2 years 11 months ago → followed', '2028-07-01', [], true],
    ['3年以内 (default): seen exactly 3 years ago → followed', '2028-08-01', [], true],
    ['3年以内 (default): seen 3 years and a day ago → not followed', '2028-08-02', [], false],
    ['1年以内: seen 13 months ago → not followed', '2026-09-01', [['休眠フォローの対象', '1年以内']], false],
    ['全員: seen 10 years ago → followed', '2035-08-02', [['休眠フォローの対象', '全員']], true],
  ])('%s', (_name, today, extra, followed) => {
    const p = plan(today, extra);
    expect(p.due.map((x) => x.step.rule)).toEqual(followed ? ['S4'] : []);
    if (!followed) expect(p.customers[0].reason).toMatch(/より前のため、休眠客フォローはしていません$/);
  });
});

describe('S4: a customer beyond 休眠フォローの対象', () => {
  test('理由 says the setting leaves them out, not just that nothing is planned', () => {
    const old = customer({ lastVisit: d('2022-06-01'), visits: 2, category: undefined });
    const p = planFollowUps(planInput({ today: d('2026-11-24'), customers: [old] }));
    expect(p.customers[0].nextDay).toBeUndefined();
    expect(p.customers[0].reason).toBe(
      '最終来店日（2022/06/01）が設定「休眠フォローの対象」（3年以内）より前のため、休眠客フォローはしていません',
    );
    const everyone = planFollowUps(
      planInput({
        today: d('2026-11-24'),
        customers: [old],
        settings: settings([['休眠フォローの対象', '全員']]),
      }),
    );
    expect(everyone.customers[0].nextDay).toBeDefined();
  });
});
