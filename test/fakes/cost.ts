import type { CallLog } from './calls';

/**
 * What a run would cost in Apps Script, from what the counting fakes saw it do: the calls it made and the cells
 * they moved, priced with published measurements of the Spreadsheet service. Google publishes no per-call figure;
 * the constants below come from Google's best-practices page and from independent benchmarks, each cited. They are
 * central values of measurements that vary by 2× from run to run: the projection is an order of magnitude to keep
 * runs far inside the limits, not a promise to the second.
 */
export const APPS_SCRIPT_COST = {
  /**
   * Opening the spreadsheet and the first call of an execution: 0.2–0.3 s for "open + one getValue / setValue /
   * getMaxRows" on a 10-million-cell sheet (https://tanaikech.github.io/2022/04/25/report-handling-10000000-cells-in-google-spreadsheet-using-google-apps-script/),
   * 0.15–0.3 s for the smallest reads in
   * https://tanaikech.github.io/2018/10/12/benchmark-reading-and-writing-spreadsheet-using-google-apps-script/ (Fig. 1).
   */
  executionSeconds: 0.25,
  /**
   * A read that goes to the spreadsheet (getValues on another range, getLastRow, getSheets …): about 100 ms each for
   * getValues over 10–400 separate ranges, (40 − 11) s / 300 calls
   * (https://tanaikech.github.io/2023/05/01/best-practices-for-discontinuous-cells-on-google-spreadsheet-by-google-apps-script/,
   * Fig. 3); 160 ms per getLastRow() called in a loop (https://www.bugbugnow.net/2019/03/GoogleAppsScript-speed-up.html).
   */
  readCallSeconds: 0.1,
  /**
   * A write call (setValues on another range, insertRows, a format, a note …): about 260 ms per setValues over
   * separate ranges, (105 − 27) s / 300 (same 2023 page, Fig. 4); 110 ms per appendRow (2018 page, Fig. 5).
   */
  writeCallSeconds: 0.25,
  /**
   * A call that only builds an object on the script's side (getRange, getCell, a TextFinder's options, a
   * DataValidation builder) and any call into another service (Utilities, PropertiesService, LockService …), for
   * which nothing is published: charged as a call the cache serves, 1.2 ms per setValue in a loop (2018 page,
   * Fig. 5) to 3 ms per getValue on adjacent cells (bugbugnow 2019, 3,064 ms for 1,000) — 2 ms.
   */
  localCallSeconds: 0.002,
  /**
   * getValues moves about 100,000 cells a second: 1000 × 100 → 400 columns in 1.0 → 3.7 s (2018 page, Fig. 3,
   * 9 µs a cell); 10 million cells in 85 s in 2-million-cell chunks (2022 page); 1 million in 12.4 s (2020:
   * https://tanaikech.github.io/2020/09/30/benchmark-process-costs-for-searching-values-in-spreadsheet-using-google-apps-script/).
   */
  cellsReadPerSecond: 100_000,
  /**
   * setValues moves about 15,000 cells a second: 1000 × 100 → 400 columns in 5.6 → 23.8 s (2018 page, Fig. 3,
   * 61 µs a cell); 500,000 cells of CSV in about 40 s
   * (https://tanaikech.github.io/2019/08/28/benchmark-importing-csv-data-to-spreadsheet-using-google-apps-script/);
   * 10 million cells do not fit in 6 minutes (2022 page). Formats written cell by cell (setNumberFormats,
   * setBackgrounds …) are charged the same: Google's best-practices page writes 10,000 backgrounds in one call in
   * "just 1 second" (https://developers.google.com/apps-script/guides/support/best-practices).
   */
  cellsWrittenPerSecond: 15_000,
  /**
   * A TextFinder scans about 185,000 cells a second: findAll over 100,000 → 1,000,000 cells in 1.1 → 6.0 s (2020
   * page, Fig. 1, 5.4 µs a cell); 10 million cells in 15 s (2022 page).
   */
  cellsSearchedPerSecond: 185_000,
  /** Apps Script's limit on one execution: "Script runtime | 6 min / execution" (https://developers.google.com/apps-script/guides/services/quotas). */
  executionLimitSeconds: 360,
  /** "Triggers total runtime | 90 min / day" for consumer accounts (same quotas page). */
  triggerMinutesPerDay: 90,
  /** Sheets' limit, "the limit of 10 million cells" (best-practices page above). */
  workbookCellLimit: 10_000_000,
} as const;

export type CostModel = { readonly [K in keyof typeof APPS_SCRIPT_COST]: number };

/** A run as Apps Script would pay for it. */
export interface RunCost {
  /** Spreadsheet calls (every method of every SpreadsheetApp object). */
  calls: number;
  /** Calls into every other service. */
  otherCalls: number;
  cellsRead: number;
  cellsWritten: number;
  /** Cells a TextFinder looked through. */
  cellsSearched: number;
  /** Projected seconds in Apps Script: the services' share, plus the script's own time when it was given. */
  seconds: number;
}

/** Calls that only build an object on the script's side: no round trip to the spreadsheet. */
const LOCAL = new Set([
  'getActiveSpreadsheet',
  'getRange',
  'getRangeList',
  'getRanges',
  'getCell',
  'offset',
  'getA1Notation',
  'getRow',
  'getColumn',
  'getNumRows',
  'getNumColumns',
  'getSheet',
  'getParent',
  'createTextFinder',
  'matchCase',
  'matchEntireCell',
  'matchFormulaText',
  'ignoreDiacritics',
  'useRegularExpression',
  'startFrom',
  'newDataValidation',
  'requireValueInList',
  'requireCheckbox',
  'setAllowInvalid',
  'setHelpText',
  'build',
  'copy',
  'getCriteriaType',
  'getCriteriaValues',
  'getAllowInvalid',
  'getHelpText',
]);

/** Reads that return a value per cell of the range: charged by the cell. */
const CELL_READS = new Set([
  'getValues',
  'getDisplayValues',
  'getFormulas',
  'getNumberFormats',
  'getDataValidations',
  'getFontWeights',
  'getBackgrounds',
  'getNotes',
  'getFontColors',
]);

/** Writes that take a value per cell of the range: charged by the cell. */
const CELL_WRITES = new Set([
  'setValues',
  'setFormulas',
  'setNumberFormats',
  'setDataValidations',
  'setFontWeights',
  'setBackgrounds',
  'setFontColors',
  'setFontSizes',
  'setHorizontalAlignments',
  'setVerticalAlignments',
  'setNotes',
]);

/** TextFinder calls that search: charged by the cells they look through. */
const SEARCHES = new Set(['findAll', 'findNext', 'findPrevious', 'replaceAllWith', 'replaceWith']);

/**
 * Prices what `calls` counted since its last reset, as one execution. Every write call is charged as a round trip,
 * as the 2023 measurement of separate ranges found: Apps Script may hold small writes in its cache and commit them
 * together (1.2 ms per setValue in a loop in 2018), so a loop of small writes is over-estimated — the projection
 * errs on the expensive side, and Tsunagu writes in blocks anyway. `scriptMs`, when given, is the script's own running time
 * (measured here, in Node: Apps Script's V8 is not published to be faster or slower, so it is added one for one).
 */
export function costOf(calls: CallLog, scriptMs = 0, model: CostModel = APPS_SCRIPT_COST): RunCost {
  const cells = calls.cellsByMethod();
  const cost: RunCost = {
    calls: 0,
    otherCalls: 0,
    cellsRead: 0,
    cellsWritten: 0,
    cellsSearched: 0,
    seconds: 0,
  };
  let seconds = 0;
  for (const [name, n] of Object.entries(calls.byMethod())) {
    const [service, ...rest] = name.split('.');
    const method = rest[rest.length - 1] ?? '';
    if (service !== 'SpreadsheetApp') {
      cost.otherCalls += n;
      seconds += n * model.localCallSeconds;
      continue;
    }
    cost.calls += n;
    const spanned = cells[name] ?? 0;
    if (LOCAL.has(method)) {
      seconds += n * model.localCallSeconds;
    } else if (SEARCHES.has(method)) {
      cost.cellsSearched += spanned;
      seconds += n * model.readCallSeconds + spanned / model.cellsSearchedPerSecond;
    } else if (/^(get|is|find)/.test(method)) {
      if (CELL_READS.has(method)) cost.cellsRead += spanned;
      seconds +=
        n * model.readCallSeconds + (CELL_READS.has(method) ? spanned / model.cellsReadPerSecond : 0);
    } else {
      if (CELL_WRITES.has(method)) cost.cellsWritten += spanned;
      seconds +=
        n * model.writeCallSeconds + (CELL_WRITES.has(method) ? spanned / model.cellsWrittenPerSecond : 0);
    }
  }
  cost.seconds = model.executionSeconds + seconds + scriptMs / 1000;
  return cost;
}

/** Two runs' costs together (e.g. the 23 hourly runs of a day). */
export function addCosts(a: RunCost, b: RunCost): RunCost {
  return {
    calls: a.calls + b.calls,
    otherCalls: a.otherCalls + b.otherCalls,
    cellsRead: a.cellsRead + b.cellsRead,
    cellsWritten: a.cellsWritten + b.cellsWritten,
    cellsSearched: a.cellsSearched + b.cellsSearched,
    seconds: a.seconds + b.seconds,
  };
}
