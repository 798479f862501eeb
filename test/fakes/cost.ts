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
   * Sending the writes held in the cache (see CostMeter): about 260 ms per setValues over separate ranges, each
   * looked up first, (105 − 27) s / 300 (same 2023 page, Fig. 4); 110 ms per appendRow (2018 page, Fig. 5).
   */
  writeCallSeconds: 0.25,
  /**
   * A call the script answers itself (getRange, getCell, a TextFinder's options, a getter of developer metadata
   * already found) and any call into a service nothing is published for (Utilities, Session, LockService …): 1 ms.
   * A loop of getRange(i, j).setValue(v) took 1.2 ms a cell, both calls together (2018 page, Fig. 5: 9.1 s for
   * 7,500); getRange(i, 1).getValue() on adjacent cells 3 ms (https://www.bugbugnow.net/2019/03/GoogleAppsScript-speed-up.html,
   * 3,064 ms for 1,000).
   */
  localCallSeconds: 0.001,
  /** A write held in Apps Script's cache until something reads: 1.2 ms (the 2018 loop above). */
  cachedWriteSeconds: 0.0012,
  /**
   * PropertiesService: about 31–35 ms a getProperty and 74–79 ms a setProperty(ies), whatever the size
   * (https://justin.poehnelt.com/posts/apps-script-key-value-stores, 2024-03-16); 30–34 ms and 62–64 ms in
   * https://ziritione.org/post/apps_script_performance.
   */
  propertyReadSeconds: 0.035,
  propertyWriteSeconds: 0.075,
  /**
   * CacheService: a get 20–23 ms and a put 52–66 ms, whatever the size up to 100 KB
   * (https://qiita.com/mitonattou919/items/a0fdd1a9e4559ee4a512, ten runs each); a get 3–4 ms and a put 92–93 ms on
   * average in https://ziritione.org/post/apps_script_performance. The slower get and the mean of the puts; a remove
   * (88–90 ms, the Qiita page) is charged as a put.
   */
  cacheReadSeconds: 0.022,
  cacheWriteSeconds: 0.075,
  /**
   * GmailApp and UrlFetchApp (LINE's API): nothing is published per call. Each draft or message fetched, each mail
   * changed and each HTTP request is charged as a read of the spreadsheet (Gmail's own quota, "Email read/write
   * (excluding send) | 20,000 / day", is on the quotas page below).
   */
  networkCallSeconds: 0.1,
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
  /** Times the writes held in Apps Script's cache were sent (before a read, at a flush, at the end). */
  commits: number;
  /** Projected seconds in Apps Script: the services' share, plus the script's own time when it was given. */
  seconds: number;
  /** `seconds` by what it went on: read calls, commits, cells read …, GmailApp, PropertiesService, script. */
  parts: Record<string, number>;
}

/**
 * Calls that only build or read an object the script already holds: no round trip to the spreadsheet. Getters of
 * developer metadata, data validations and text finders' options answer from what the call that returned them
 * brought back. A sheet's id and the active sheet are measured so: "getSheetId() about 2 ms, getActiveSheet()
 * about 8 ms" against 150 ms for getSheetName()
 * (https://tanaikech.github.io/2022/08/31/report-process-cost-of-google-apps-script-during-large-calculations-by-formulas-on-google-spreadsheet/).
 */
const LOCAL = new Set([
  'getActiveSpreadsheet',
  'getActiveSheet',
  'getSheetId',
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
  'createDeveloperMetadataFinder',
  'withKey',
  'withValue',
  'withLocationType',
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
]);
/** Objects whose every method answers from what the script holds (see LOCAL). */
const LOCAL_OBJECTS = new Set([
  'DeveloperMetadata',
  'DeveloperMetadataLocation',
  'DataValidation',
  'DataValidationBuilder',
  'EmbeddedChartBuilder',
  'TextFinder',
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
 * Ranges taken by A1 notation with the sheet's name: the lookup sends the cached writes (the 2023 page: 260 ms per
 * setValues after one, 100 ms per getValues).
 */
const LOOKUPS = new Set(['Spreadsheet.getRange', 'Spreadsheet.getRangeByName', 'Spreadsheet.getRangeList']);

/**
 * Prices each call as it is made, the way Apps Script's caching works: "Every time you do a read, we must first
 * empty (commit) the write cache" (Google's 2010 post "Optimizing Spreadsheet Operations",
 * http://googleappsscript.blogspot.com/2010/06/optimizing-spreadsheet-operations.html) and "Alternating read and
 * write commands is slow" (best-practices page). A write is held in the cache (a local call, plus its cells); the
 * first read after writes, a flush, and the end of the execution commit them (a write round trip). That is what
 * the published loops show: 1.2 ms per setValue when nothing reads in between (2018), 260 ms per setValues when
 * each is preceded by a lookup of its range (2023), about 70 s for 10,000 cells flushed row by row (Google).
 */
export class CostMeter {
  private figures = emptyCost();
  private seconds = 0;
  private pendingWrites = false;
  private parts: Record<string, number> = {};

  private charge(part: string, seconds: number): void {
    this.seconds += seconds;
    this.parts[part] = (this.parts[part] ?? 0) + seconds;
  }

  observe(service: string, method: string, cells: number, model: CostModel = APPS_SCRIPT_COST): void {
    const dot = method.indexOf('.');
    const object = dot < 0 ? service : method.slice(0, dot);
    const name = dot < 0 ? method : method.slice(dot + 1);
    if (service !== 'SpreadsheetApp') {
      this.figures.otherCalls++;
      this.charge(service, otherServiceSeconds(service, object, name, model));
      return;
    }
    this.figures.calls++;
    if (name === 'flush') {
      this.commit(model);
      return;
    }
    if (LOOKUPS.has(method)) {
      // Finding the sheet by name sends the cached writes first, like a read; a read after it is charged apart.
      this.commit(model);
      this.charge('local calls', model.localCallSeconds);
      return;
    }
    if (SEARCHES.has(name)) {
      this.read(model);
      this.figures.cellsSearched += cells;
      this.charge('cells searched', cells / model.cellsSearchedPerSecond);
      return;
    }
    if (LOCAL.has(name) || LOCAL_OBJECTS.has(object)) {
      this.charge('local calls', model.localCallSeconds);
      return;
    }
    if (/^(get|is|find)/.test(name)) {
      this.read(model);
      if (CELL_READS.has(name)) {
        this.figures.cellsRead += cells;
        this.charge('cells read', cells / model.cellsReadPerSecond);
      }
      return;
    }
    // A write: held in the cache until something reads.
    this.pendingWrites = true;
    this.charge('cached writes', model.cachedWriteSeconds);
    if (CELL_WRITES.has(name)) {
      this.figures.cellsWritten += cells;
      this.charge('cells written', cells / model.cellsWrittenPerSecond);
    }
  }

  private read(model: CostModel): void {
    this.commit(model);
    this.charge('read calls', model.readCallSeconds);
  }

  private commit(model: CostModel): void {
    if (!this.pendingWrites) return;
    this.pendingWrites = false;
    this.figures.commits++;
    this.charge('commits', model.writeCallSeconds);
  }

  /** The calls so far as one execution: opened, and its last writes committed when it ends. */
  cost(scriptMs = 0, model: CostModel = APPS_SCRIPT_COST): RunCost {
    const endCommit = this.pendingWrites ? model.writeCallSeconds : 0;
    const parts: Record<string, number> = {
      execution: model.executionSeconds,
      ...this.parts,
      script: scriptMs / 1000,
    };
    if (endCommit > 0) parts.commits = (parts.commits ?? 0) + endCommit;
    return {
      ...this.figures,
      commits: this.figures.commits + (this.pendingWrites ? 1 : 0),
      seconds: model.executionSeconds + this.seconds + endCommit + scriptMs / 1000,
      parts,
    };
  }

  reset(): void {
    this.figures = emptyCost();
    this.seconds = 0;
    this.pendingWrites = false;
    this.parts = {};
  }
}

/** GmailApp calls that fetch or change mail; a getter on a message or draft already fetched is local. */
const GMAIL_ROUND_TRIPS = new Set([
  'getMessage',
  'getMessages',
  'send',
  'deleteDraft',
  'update',
  'reply',
  'forward',
]);

/** A call into another service: PropertiesService, CacheService, GmailApp and UrlFetchApp by their figures, the rest as a local call. */
function otherServiceSeconds(service: string, object: string, name: string, model: CostModel): number {
  if (service === 'PropertiesService')
    return /^(get|set|delete)Propert/.test(name)
      ? name.startsWith('get')
        ? model.propertyReadSeconds
        : model.propertyWriteSeconds
      : model.localCallSeconds;
  // getDocumentCache: "Get cache object" 2–3 ms (the Qiita page above), a local call.
  if (service === 'CacheService')
    return object !== 'Cache'
      ? model.localCallSeconds
      : name.startsWith('get')
        ? model.cacheReadSeconds
        : model.cacheWriteSeconds;
  if (service === 'GmailApp')
    return object === service || GMAIL_ROUND_TRIPS.has(name)
      ? model.networkCallSeconds
      : model.localCallSeconds;
  if (service === 'UrlFetchApp' && /^fetch/.test(name)) return model.networkCallSeconds;
  return model.localCallSeconds;
}

function emptyCost(): RunCost {
  return {
    calls: 0,
    otherCalls: 0,
    cellsRead: 0,
    cellsWritten: 0,
    cellsSearched: 0,
    commits: 0,
    seconds: 0,
    parts: {},
  };
}

/**
 * Prices what `calls` counted since its last reset, as one execution. `scriptMs`, when given, is the script's own
 * running time (measured here, in Node: nothing published says Apps Script's V8 is faster or slower, so it is
 * added one for one).
 */
export function costOf(calls: CallLog, scriptMs = 0): RunCost {
  return calls.meter.cost(scriptMs);
}

/** Two runs' costs together (e.g. the 23 hourly runs of a day). */
export function addCosts(a: RunCost, b: RunCost): RunCost {
  return {
    calls: a.calls + b.calls,
    otherCalls: a.otherCalls + b.otherCalls,
    cellsRead: a.cellsRead + b.cellsRead,
    cellsWritten: a.cellsWritten + b.cellsWritten,
    cellsSearched: a.cellsSearched + b.cellsSearched,
    commits: a.commits + b.commits,
    seconds: a.seconds + b.seconds,
    parts: Object.fromEntries(
      [...new Set([...Object.keys(a.parts), ...Object.keys(b.parts)])].map((k) => [
        k,
        (a.parts[k] ?? 0) + (b.parts[k] ?? 0),
      ]),
    ),
  };
}
