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

test('a pass that left rows says so, one that moved them all does not, and one stopped before deleting says what it did', () => {
  const moved = '連絡履歴の古い行40件を「連絡履歴アーカイブ」に移しました（お客様ごと・年ごとに1行）。';
  expect(
    text({ moved: 40, left: 60, added: 5, grown: 2, written: 50, more: true, leftInLog: true }),
  ).toContain(`${moved}残りは次の実行で移します。`);
  expect(text({ moved: 40, left: 60, added: 5, grown: 2, written: 40 })).not.toContain('残り');
  // Only the fold has more to do: 連絡履歴 is done.
  const foldStopped = text({
    moved: 40,
    left: 60,
    added: 5,
    grown: 2,
    written: 40,
    more: true,
    folded: { before: 30, after: 30, folds: 1, rows: 5, stopped: true },
  });
  expect(foldStopped).toContain(`${moved}来店履歴`);
  expect(foldStopped).toContain(
    '来店履歴の古い来店5件を、お客様ごと・年ごとの1行にまとめました。元の行の残りは次の実行で消します。',
  );
  // Written to the archive, nothing deleted yet.
  expect(
    text({ moved: 0, left: 100, added: 2, grown: 0, written: 3, more: true, leftInLog: true }),
  ).toContain('連絡履歴の古い行3件を「連絡履歴アーカイブ」に写しました。連絡履歴からは次の実行で消します。');
});
