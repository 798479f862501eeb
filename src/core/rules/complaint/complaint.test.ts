import { isoDay } from '../../day';
import { planFollowUps } from '../../plan';
import { complaint } from '.';
import type { ContactRecord, Customer, RuleContext } from '../../types';
import { customer, d, planInput, record, ruleContext, settings } from '../../../../test/core/builders';

const RESOLVED = '2026-08-31';
const NO_IMPROVEMENT =
  '改善内容が空です。クレーム後フォロー（感謝）でお伝えする、改善したことを入れてください（空のままなら「接客や段取りを見直した」という一般的な文面になります）';

/** A customer whose complaint was resolved on 2026-08-31; no category, so S1 stays out of the way. */
function complained(c: Partial<Customer> = {}): Customer {
  return customer({
    category: undefined,
    lastVisit: d('2026-08-20'),
    complaintDate: d(RESOLVED),
    improvement: '待ち時間を短くするため、予約の間隔を15分あけました',
    ...c,
  });
}

function run(c: Partial<Customer> = {}, ctx: Partial<RuleContext> = {}, today = '2026-09-01') {
  return complaint.plan(complained(c), ruleContext({ today: d(today), ...ctx }));
}

function summary(c: Partial<Customer> = {}) {
  return run(c).steps.map((s) => ({
    step: s.step,
    key: s.key,
    due: isoDay(s.due),
    last: isoDay(s.last!),
    channels: s.channels,
    because: s.because,
    fields: s.fields,
  }));
}

describe('S3 クレーム後フォロー: three steps on fixed dates from クレーム対応日', () => {
  test('no クレーム対応日 → nothing', () => {
    expect(run({ complaintDate: undefined })).toEqual({ steps: [], problems: [] });
  });

  test('お詫びと確認 a week later, その後の確認 at 6 months with the gift, 感謝 at 12 months with 改善内容', () => {
    expect(summary()).toEqual([
      {
        step: 'お詫びと確認',
        key: 'C0001|S3|お詫びと確認|2026-08-31',
        due: '2026-09-07',
        last: '2026-09-30',
        channels: ['電話', '手紙'],
        because: 'クレーム対応日（2026/08/31）の7日後',
        fields: undefined,
      },
      {
        step: 'その後の確認',
        key: 'C0001|S3|その後の確認|2026-08-31',
        due: '2027-02-28',
        last: '2027-03-30',
        channels: ['LINE', '手紙', 'メール'],
        because: 'クレーム対応日（2026/08/31）の6か月後',
        fields: { 特典: '' }, // until the owner fills 設定 半年後の特典
      },
      {
        step: '感謝',
        key: 'C0001|S3|感謝|2026-08-31',
        due: '2027-08-31',
        last: '2027-09-30',
        channels: ['手紙', 'LINE', 'メール'],
        because: 'クレーム対応日（2026/08/31）の12か月後',
        // 改善内容 comes from the customer's row when the message is composed (compose.ts trims its 。).
      },
    ]);
  });

  test.each([
    ['the 31st, 6 months later, is the end of February', '2026-08-31', '2027-02-28', '2027-08-31'],
    ['into a leap year, it is 2月29日', '2027-08-31', '2028-02-29', '2028-08-31'],
    ['from 2月29日, a year later is 2月28日', '2028-02-29', '2028-08-29', '2029-02-28'],
    ['an ordinary date keeps its day of the month', '2026-01-15', '2026-07-15', '2027-01-15'],
  ])('calendar months: %s', (_name, resolved, sixMonths, twelveMonths) => {
    const dues = run({ complaintDate: d(resolved) }).steps.map((s) => isoDay(s.due));
    expect(dues.slice(1)).toEqual([sixMonths, twelveMonths]);
  });

  test('the 6-month gift is the one in 設定 (半年後の特典)', () => {
    const [, afterCare] = run({}, { settings: settings([['半年後の特典', '今治タオル']]) }).steps;
    expect(afterCare.fields).toEqual({ 特典: '今治タオル' });
  });

  test('the steps do not depend on one another: each is planned whatever happened to the others', () => {
    const skipped = record({
      customerId: 'C0001',
      scenario: 'クレーム後フォロー',
      step: 'お詫びと確認',
      key: 'C0001|S3|お詫びと確認|2026-08-31',
      state: 'スキップ',
      at: d('2026-09-30'),
    });
    const dues = run({}, { history: [skipped] }, '2027-02-28').steps.map((s) => isoDay(s.due));
    expect(dues).toEqual(['2026-09-07', '2027-02-28', '2027-08-31']);
  });
});

describe('S3 クレーム後フォロー: 改善内容 is asked for when the 感謝 draws near (due 2027-08-31)', () => {
  const thanked = (state: ContactRecord['state']) =>
    record({
      customerId: 'C0001',
      scenario: 'クレーム後フォロー',
      step: '感謝',
      key: 'C0001|S3|感謝|2026-08-31',
      channel: '手紙',
      state,
      at: d('2027-08-31'),
    });

  test.each<[string, string, string, ContactRecord[], string[]]>([
    ['31 days before it is due: not yet', '2027-07-31', '', [], []],
    ['30 days before it is due', '2027-08-01', '', [], [NO_IMPROVEMENT]],
    ['on its due date', '2027-08-31', '', [], [NO_IMPROVEMENT]],
    ['on the last day of its window', '2027-09-30', '', [], [NO_IMPROVEMENT]],
    ['after its window closed: no longer', '2027-10-01', '', [], []],
    ['blank but for spaces counts as blank', '2027-08-31', '  ', [], [NO_IMPROVEMENT]],
    ['filled in: nothing to ask', '2027-08-31', '受付の案内を見直しました', [], []],
    ['the 感謝 letter is already printed', '2027-09-05', '', [thanked('印刷済')], []],
    ['the 感謝 letter is waiting to be printed', '2027-09-05', '', [thanked('印刷待ち')], [NO_IMPROVEMENT]],
  ])('%s', (_name, today, improvement, history, problems) => {
    expect(run({ improvement }, { history }, today).problems).toEqual(problems);
  });
});

describe('S3 クレーム後フォロー through the plan', () => {
  const plan = (today: string, c: Partial<Customer> = {}) =>
    planFollowUps(planInput({ today: d(today), customers: [complained(c)] }));

  test('a week after クレーム対応日 the apology is due', () => {
    const p = plan('2026-09-07');
    expect(p.due.map((x) => [x.step.key, isoDay(x.step.due)])).toEqual([
      ['C0001|S3|お詫びと確認|2026-08-31', '2026-09-07'],
    ]);
    expect(p.customers[0].nextContent).toBe('クレーム後フォロー（お詫びと確認）');
    expect(p.customers[0].reason).toContain('クレーム対応日（2026/08/31）の7日後');
  });

  test('before then, the apology is the next follow-up', () => {
    const row = plan('2026-09-01').customers[0];
    expect([isoDay(row.nextDay!), row.nextContent]).toEqual([
      '2026-09-07',
      'クレーム後フォロー（お詫びと確認）',
    ]);
  });

  test('at 6 months the follow-up carries the gift, even though the apology was never done', () => {
    const p = plan('2027-02-28');
    expect(p.due.map((x) => [x.step.step, x.step.fields])).toEqual([['その後の確認', { 特典: '' }]]);
  });

  test('a blank 改善内容 shows in 要確認 when the 感謝 draws near', () => {
    expect(plan('2027-08-15', { improvement: '' }).customers[0].attention).toContain(NO_IMPROVEMENT);
    expect(plan('2027-06-01', { improvement: '' }).customers[0].attention).not.toContain(NO_IMPROVEMENT);
  });
});
