import { isoDay, parseIsoDay, type Day } from '../core/day';
import { documentProperties as props, freshProperty, keepProperty } from './document-properties';

/** Document properties Tsunagu keeps (never secrets in cells; never owner data here). */
const KEY = {
  introDay: 'tsunagu.introDay',
  preparing: 'tsunagu.preparing',
  lastDailyRun: 'tsunagu.lastDailyRun',
  resume: 'tsunagu.resume',
  customerSheet: 'tsunagu.customerSheetId',
  customerSheetByHeaders: 'tsunagu.customerSheetFoundId',
  columnsTagged: 'tsunagu.columnsTagged',
  tagMemo: 'tsunagu.customerColumnTags',
  knownHeaders: 'tsunagu.knownHeaders',
  legacyFlagsRead: 'tsunagu.legacyFlagsRead',
  planStale: 'tsunagu.planStale',
  customerSheetSeen: 'tsunagu.customerSheetSeen',
} as const;

/** 導入日: the first day Tsunagu ran on this workbook. Windows closed before it are ignored without a log row. */
export function introDay(today: Day): Day {
  const stored = parseIsoDay(props().getProperty(KEY.introDay) ?? '');
  if (stored !== null) return stored;
  props().setProperty(KEY.introDay, isoDay(today));
  return today;
}

/** Right after setup Tsunagu only previews; it prepares once the owner turns on 自動実行 or clicks 準備する. */
export function isPreparing(): boolean {
  return props().getProperty(KEY.preparing) === 'on';
}

export function setPreparing(on: boolean): void {
  props().setProperty(KEY.preparing, on ? 'on' : 'off');
}

export function lastDailyRun(): Day | null {
  return parseIsoDay(props().getProperty(KEY.lastDailyRun) ?? '');
}

export function setLastDailyRun(day: Day): void {
  props().setProperty(KEY.lastDailyRun, isoDay(day));
}

/** The checkpoint of a run that stopped near the time limit: the next hourly run finishes its 準備中 rows. */
export function needsResume(): boolean {
  return props().getProperty(KEY.resume) === 'yes';
}

export function setNeedsResume(on: boolean): void {
  if (on) props().setProperty(KEY.resume, 'yes');
  else props().deleteProperty(KEY.resume);
}

/** The customer list the owner picked when more than one sheet could be it: the sheet's id (kept through a rename). */
export function chosenCustomerSheet(): number | null {
  const stored = props().getProperty(KEY.customerSheet);
  const id = stored === null || stored === '' ? NaN : Number(stored);
  return Number.isInteger(id) ? id : null;
}

export function setChosenCustomerSheet(sheetId: number): void {
  props().setProperty(KEY.customerSheet, String(sheetId));
}

/**
 * The customer list found by its headers (顧客ID and 氏名), by its sheet id: kept apart from the owner's choice,
 * which wins over it, so the next run need not read every sheet's header to find it again (findCustomerSheet).
 */
export const foundCustomerSheet = {
  load: (): number | null => {
    const stored = props().getProperty(KEY.customerSheetByHeaders);
    const id = stored === null || stored === '' ? NaN : Number(stored);
    return Number.isInteger(id) ? id : null;
  },
  save: (sheetId: number | null): void => {
    if (sheetId === null) props().deleteProperty(KEY.customerSheetByHeaders);
    else props().setProperty(KEY.customerSheetByHeaders, String(sheetId));
  },
};

/**
 * The name of the customer list the last whole read found by its name or its headers: a sidebar action finds it
 * again with one getSheetByName (scope.ts) instead of listing every sheet's name (findCustomerSheet; getName is a
 * round trip each). Saved only when it changes, from what the whole read already knew (no call of its own).
 */
export const seenCustomerSheet = {
  load: (): string | null => props().getProperty(KEY.customerSheetSeen),
  save: (name: string): void => {
    keepProperty(KEY.customerSheetSeen, name);
  },
};

/**
 * Whether Tsunagu ran on this workbook before it tagged its columns and has not yet adopted them: 導入日 is set
 * (a run or 初期設定 happened) and the one-time adoption has not (see checkSystemColumns).
 */
export function untaggedInstall(): boolean {
  return props().getProperty(KEY.introDay) !== null && props().getProperty(KEY.columnsTagged) === null;
}

/**
 * Whether 連絡履歴's rows written before 「お店の作業」 existed have been read for their flags (daily-run
 * setLegacyFlags): once done, never again, so a row Tsunagu wrote since is never read as an old one.
 */
export const legacyFlags = {
  read: (): boolean => props().getProperty(KEY.legacyFlagsRead) !== null,
  markRead: (): void => {
    props().setProperty(KEY.legacyFlagsRead, 'yes');
  },
};

/** Columns are tagged from now on: an untagged column named like Tsunagu's is the owner's. */
export function setColumnsTagged(): void {
  if (props().getProperty(KEY.columnsTagged) === null) props().setProperty(KEY.columnsTagged, 'yes');
}

/** Where 顧客's tagged columns were when last read, with its header row then (see checkSystemColumns). */
export const tagMemo = {
  load: (): string | null => props().getProperty(KEY.tagMemo),
  save: (text: string): void => {
    keepProperty(KEY.tagMemo, text);
  },
};

/**
 * The headers the rules read (of 顧客 and カテゴリ) that this workbook has had: one missing now was renamed or
 * deleted since, and the pending contacts of the rules that read it are held, not closed, until it is back.
 */
export function knownHeaders(): Set<string> {
  try {
    const value = JSON.parse(props().getProperty(KEY.knownHeaders) ?? '[]') as unknown;
    return new Set(Array.isArray(value) ? value.map(String) : []);
  } catch {
    return new Set();
  }
}

/** Adds what this run saw (a header missing now stays known, so its contacts stay held until it is back). */
export function rememberHeaders(known: ReadonlySet<string>, present: readonly string[]): void {
  const all = [...new Set([...known, ...present])].sort();
  const value = JSON.stringify(all);
  if (value !== JSON.stringify([...known].sort())) props().setProperty(KEY.knownHeaders, value);
}

/** Whether 初期設定 (or a run) has happened on this workbook: its 導入日 is set. Reads, never sets it. */
export function isSetUp(): boolean {
  return props().getProperty(KEY.introDay) !== null;
}

/**
 * A sidebar action left 次回連絡日 for the whole plan to write (a contact now due today, or one placed among all
 * customers): the sidebar's next read of the list writes it (sidebar-api.ts refreshedToday), the owner not waiting.
 * Each action leaves a mark of its own: a list read planned from before it (it reads without the lock) sees the mark
 * changed and writes nothing.
 */
export function markPlanStale(): void {
  // What the mark stands for is in the sheet before the mark is: a list read that sees it reads what it marks.
  SpreadsheetApp.flush();
  props().setProperty(KEY.planStale, Utilities.getUuid());
}

/** The mark the last action left (markPlanStale), from the store itself; null when the plan is written. */
export function planStaleMark(): string | null {
  return freshProperty(KEY.planStale);
}

export function planIsStale(): boolean {
  return props().getProperty(KEY.planStale) !== null;
}

export function clearPlanStale(): void {
  props().deleteProperty(KEY.planStale);
}
