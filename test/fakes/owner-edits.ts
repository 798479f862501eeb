import type { CallLog, CallTarget } from './calls';
import { type FakeSpreadsheet, parseA1 } from './spreadsheet';

/** What the owner types, and where. */
export interface OwnerEdit {
  /** The sheet's name. */
  sheet: string;
  /** One cell, in A1 notation ('I3'). */
  cell: string;
  /**
   * What the owner types. A string is read as typed input, exactly as Sheets reads a string written by
   * setValue ('0354321234' becomes a number unless the cell is plain text or the text starts with ').
   */
  value: unknown;
}

/**
 * When the owner types: right before a script's nth write (setValue or setValues) on a sheet, or right before
 * its nth read of values (getValues, getValue, getDisplayValues) there — between two reads a script makes.
 * Counting starts when the edit is arranged; nth is 1 (the next one) by default.
 */
export type EditMoment = ({ beforeWriteOn: string } | { beforeReadOf: string }) & { nth?: number };

export interface PendingEdit {
  /** Whether the moment came and the owner typed. */
  readonly happened: boolean;
  /** Drops the edit if it has not happened yet. */
  cancel(): void;
}

const WRITES = new Set(['Range.setValues', 'Range.setValue']);
const READS = new Set([
  'Range.getValues',
  'Range.getValue',
  'Range.getDisplayValues',
  'Range.getDisplayValue',
]);

/**
 * An owner who edits the spreadsheet while a script runs: a script reads a sheet, works, and writes; between its
 * read and its write the owner types into a cell. This arranges that typing for the moment just before the
 * script's nth write on a sheet (or its nth read there), through CallLog.onCall (which runs before a counted call does its work), so
 * the write lands on a sheet that already holds the owner's edit. The typing itself is not a script call: it
 * is not counted and triggers no hook. Other onCall hooks keep running; the edit removes itself once done.
 *
 *   const edit = ownerTypesBefore(t.services, { beforeWriteOn: 'LINE送信', nth: 2 },
 *     { sheet: 'LINE送信', cell: 'E3', value: '本文を直しました' });
 *   t.call('tsunaguSendLine');
 *   expect(edit.happened).toBe(true);
 */
export function ownerTypesBefore(
  services: { calls: CallLog; spreadsheet: FakeSpreadsheet },
  moment: EditMoment,
  ...edits: OwnerEdit[]
): PendingEdit {
  const { calls, spreadsheet } = services;
  const previous = calls.onCall;
  const nth = moment.nth ?? 1;
  const [methods, sheet] =
    'beforeWriteOn' in moment ? [WRITES, moment.beforeWriteOn] : [READS, moment.beforeReadOf];
  let seen = 0;
  let happened = false;
  let active = true;
  const hook = (service: string, method: string, target?: CallTarget) => {
    if (active && service === 'SpreadsheetApp' && methods.has(method) && target?.sheet === sheet) {
      seen++;
      if (seen === nth) {
        active = false;
        if (calls.onCall === hook) calls.onCall = previous;
        for (const edit of edits) type(spreadsheet, edit);
        happened = true;
      }
    }
    previous?.(service, method, target);
  };
  calls.onCall = hook;
  return {
    get happened() {
      return happened;
    },
    cancel() {
      active = false;
      if (calls.onCall === hook) calls.onCall = previous;
    },
  };
}

/** The owner types one value into one cell (uncounted, parsed like typed input). */
export function type(spreadsheet: FakeSpreadsheet, edit: OwnerEdit): void {
  const sheet = spreadsheet.sheet(edit.sheet);
  if (!sheet) throw new Error(`ownerTypesBefore: no sheet ${edit.sheet}`);
  const parsed = parseA1(edit.cell, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  if (!parsed || parsed.rect.numRows !== 1 || parsed.rect.numColumns !== 1)
    throw new Error(`ownerTypesBefore: ${edit.cell} is not one cell`);
  sheet.writeValues(parsed.rect, () => edit.value);
}
