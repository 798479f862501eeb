import { summaryText } from '../../src/app/summary';
import type { DailyRunSummary } from '../../src/app/daily-run';

/** The day's summary on an archiving day, with `archived` as the run returned it. */
function text(archived: object): string {
  return summaryText({
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
    archived,
  } as unknown as DailyRunSummary);
}

/** What moved, and how many visits went into how many rows. */
test('the summary counts the visits folded and the rows they became', () => {
  const said = text({ moved: 40, left: 60, added: 5, grown: 2, folded: { before: 30, after: 19, folds: 1 } });
  expect(said).toContain('連絡履歴の古い行40件を「連絡履歴アーカイブ」に移しました');
  // 12 visits of one customer-year became 1 row: 11 rows fewer.
  expect(said).toContain('来店履歴の古い来店12件を、お客様ごと・年ごとの1行にまとめました。');
});

test('a pass that left rows for the next day says so, and one that moved them all does not', () => {
  expect(text({ moved: 40, left: 60, added: 5, grown: 2, more: true })).toContain(
    '連絡履歴の古い行40件を「連絡履歴アーカイブ」に移しました（お客様ごと・年ごとに1行）。残りは明日以降に移します。',
  );
  expect(text({ moved: 40, left: 60, added: 5, grown: 2 })).not.toContain('残り');
});
