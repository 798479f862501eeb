type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Rows a batch of deletes spans at most: each batch is read again first (16 columns: 32,000 cells, 0.3 s). */
const BATCH_ROWS = 2000;

/**
 * Deletes the rows marked in `gone` (index i is sheet row `top + i`), each run of adjacent rows with one deleteRows,
 * from the bottom up, in batches of runs spanning at most BATCH_ROWS rows. Before each batch its rows are read again
 * (`reread`: an identity per row) and compared with `expected`: the owner may sort, insert or delete rows while a
 * run goes on — the script lock does not stop them — and a row number read earlier would then name another row. A
 * difference stops it, as does the run's time budget (`stopped`): what is left is taken out later.
 */
export function deleteRunsChecked(
  sheet: Sheet,
  top: number,
  gone: readonly boolean[],
  budget: { over(): boolean } | undefined,
  reread: (from: number, count: number) => string[],
  expected: readonly string[],
): { removed: number; stopped: boolean } {
  const runs: { start: number; end: number }[] = [];
  for (let i = gone.length - 1; i >= 0;) {
    if (!gone[i]) {
      i--;
      continue;
    }
    let start = i;
    while (start > 0 && gone[start - 1]) start--;
    runs.push({ start, end: i });
    i = start - 1;
  }
  let removed = 0;
  for (let b = 0; b < runs.length;) {
    // The runs of this batch, bottom-up, within BATCH_ROWS of its lowest row.
    let e = b;
    while (e + 1 < runs.length && runs[b].end - runs[e + 1].start < BATCH_ROWS) e++;
    if (budget?.over()) return { removed, stopped: true };
    const [low, high] = [runs[e].start, runs[b].end];
    const now = reread(top + low, high - low + 1);
    for (let k = 0; k < now.length; k++) if (now[k] !== expected[low + k]) return { removed, stopped: true };
    for (let r = b; r <= e; r++) {
      if (budget?.over()) return { removed, stopped: true };
      sheet.deleteRows(top + runs[r].start, runs[r].end - runs[r].start + 1);
      removed += runs[r].end - runs[r].start + 1;
    }
    b = e + 1;
  }
  return { removed, stopped: false };
}

/** A `reread` for deleteRunsChecked: one column's cells as text (a キー, a 取込キー), rows `from` on. */
export function columnText(sheet: Sheet, column: number): (from: number, count: number) => string[] {
  return (from, count) =>
    sheet
      .getRange(from, column + 1, count, 1)
      .getValues()
      .map(([cell]) => String(cell ?? '').trim());
}
