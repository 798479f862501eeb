import { summaryText } from '../../src/app/summary';
import type { DailyRunSummary } from '../../src/app/daily-run';

/** The day's summary on an archiving day: what moved, and how many visits went into how many rows. */
test('the summary counts the visits folded and the rows they became', () => {
  const summary = {
    preview: false,
    customers: 10,
    planned: 9,
    prepared: { メール: 0, LINE: 0, 手紙: 0, 電話: 0 },
    forecast: [],
    skipped: 0,
    optedOutDrafts: 0,
    interrupted: 0,
    unfinished: [],
    held: 0,
    needsAttention: 0,
    setupProblems: [],
    archived: { moved: 40, left: 60, added: 5, grown: 2, folded: { before: 30, after: 19, folds: 1 } },
  } as unknown as DailyRunSummary;
  const text = summaryText(summary);
  expect(text).toContain('連絡履歴の古い行40件を「連絡履歴アーカイブ」に移しました');
  // 12 visits of one customer-year became 1 row: 11 rows fewer.
  expect(text).toContain('来店履歴の古い来店12件を、お客様ごと・年ごとの1行にまとめました。');
});
