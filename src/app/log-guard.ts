import { menuPath } from './menu-path';
import { OwnerError } from '../core/errors';
import { MENU, SHEET } from '../labels';
import { documentProperties as props, freshProperty, keepProperty } from './document-properties';

/**
 * A deleted 連絡履歴 (contract section 3, Step life cycle): the log is the memory behind every sequence, so without
 * it Tsunagu would prepare again what was already sent. Each run remembers (document properties, one small value)
 * how many rows and pending contacts the log held; when the sheet is gone, or emptied of all
 * its rows, while that memory says it had rows, nothing is prepared and the owner is told how to bring back just
 * that sheet — or may choose to start again without it.
 */
const MEMORY = 'tsunagu.logMemory';

export interface LogMemory {
  rows: number;
  pending: number;
  /** Rows Tsunagu wrote (with a キー): it never deletes one, so fewer means rows were deleted. */
  keyed?: number;
}

/**
 * The memory as the store holds it now, never an execution's older copy: an archiving run lowers it (under the lock)
 * before deleting the rows, and a read of the list without the lock that read 連絡履歴 after those rows went must
 * not compare them with the memory from before (document-properties.ts).
 */
function remembered(): LogMemory | null {
  try {
    const value = JSON.parse(freshProperty(MEMORY) ?? 'null') as LogMemory | null;
    return value && typeof value.rows === 'number' ? value : null;
  } catch {
    return null;
  }
}

/**
 * After a run: how many rows and pending contacts 連絡履歴 holds (one document property, written only when they
 * changed; no Spreadsheet call — the run has just read the sheet).
 */
export function rememberLog(counts: { rows: number; pending: number; keyed: number }): void {
  const memory: LogMemory = { rows: counts.rows, pending: counts.pending, keyed: counts.keyed };
  const value = JSON.stringify(memory);
  keepProperty(MEMORY, value);
}

/** What is wrong with 連絡履歴 when it was lost, or null when it is there (or never held a row). */
/**
 * Whether 連絡履歴 now has fewer rows than the last run left (`rows`, from the sheet's last row): some may have been
 * deleted. A sidebar action that reads only a few rows then reads the whole sheet, whose guard decides.
 */
export function fewerRowsThanRemembered(rows: number): boolean {
  const memory = remembered();
  return memory !== null && rows < memory.rows;
}

export function lostLog(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): LostLog | null {
  const memory = remembered();
  if (!memory || memory.rows === 0) return null;
  const sheet = ss.getSheetByName(SHEET.log);
  // Row 1 is the header: a sheet with no row below it holds nothing.
  return sheet && sheet.getLastRow() > 1 ? null : lostAs(ss, memory, sheet !== null);
}

/**
 * The same, for a caller that has just looked for 連絡履歴 (and read its rows when it is there), so the check costs
 * no call of its own.
 */
export function lostLogGiven(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  found: { sheet: boolean; rows: number; keyed?: number },
): LostLog | null {
  if (found.sheet && found.rows > 0) {
    // Rows of Tsunagu's deleted (the owner's own typed rows are theirs to delete): what they held is lost too.
    if (found.keyed === undefined) return null;
    const memory = remembered();
    const removed = memory?.keyed === undefined ? 0 : memory.keyed - found.keyed;
    return memory && removed > 0 ? { ...lostAs(ss, memory, false), removed } : null;
  }
  const memory = remembered();
  return memory && memory.rows > 0 ? lostAs(ss, memory, found.sheet) : null;
}

/** Thrown by loadWorkbook when 連絡履歴 was lost: nothing may be planned or prepared from an empty memory. */
export class LostLogError extends OwnerError {
  constructor(readonly lost: LostLog) {
    super(lostLogText(lost));
    this.name = 'LostLogError';
  }
}

function lostAs(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, memory: LogMemory, emptied: boolean): LostLog {
  // A copy brought over from an earlier version and not renamed yet (only looked for once the log is lost).
  const copy = ss
    .getSheets()
    .map((s) => s.getName())
    .find((name) => COPY_NAME.test(name.trim()));
  return { memory, emptied, ...(copy ? { copy } : {}) };
}

/** 「連絡履歴 のコピー」 as Sheets names a tab copied from another spreadsheet (also 「Copy of 連絡履歴」, numbered). */
const COPY_NAME = new RegExp(`^(?:${SHEET.log}\\s*のコピー|Copy of ${SHEET.log})(?:\\s*\\d+)?$`);

export interface LostLog {
  memory: LogMemory;
  /** The sheet is there, but this many of the rows Tsunagu wrote are gone (deleted by hand). */
  removed?: number;
  /** The sheet is there but every row is gone (else the sheet itself was deleted). */
  emptied: boolean;
  /** A copied tab waiting to be renamed 連絡履歴, when there is one. */
  copy?: string;
}

/** The one line the summary, the sidebar and 診断 lead with. */
export function lostLogHeadline(lost: LostLog): string {
  if (lost.removed)
    return `「連絡履歴」から、つなぐが書いた行が${lost.removed}行消えています（前回の実行時は${lost.memory.keyed ?? lost.memory.rows}行、今は${(lost.memory.keyed ?? 0) - lost.removed}行）。送った連絡をもう一度準備しないよう、今は準備を止めています（メールの下書き・LINE・手紙・電話リストは作りません）。`;
  const what = lost.emptied
    ? '「連絡履歴」シートの行がすべて消えています'
    : '「連絡履歴」シートが見つかりません';
  const had = `前回の実行時は${lost.memory.rows}行あり${lost.memory.pending > 0 ? `、うち${lost.memory.pending}件はまだ送っていない連絡でした` : 'ました'}`;
  return `${what}。${had}。送った連絡をもう一度準備しないよう、今は準備を止めています（メールの下書き・LINE・手紙・電話リストは作りません）。`;
}

/** How to bring back just 連絡履歴, in the words of Google Sheets' menus — never 「この版を復元」. */
export function lostLogText(lost: LostLog): string {
  if (lost.copy)
    return [
      lostLogHeadline(lost),
      `コピーされたタブ「${lost.copy}」が見つかりました。名前を「連絡履歴」に変えると、次の実行から再開します${lost.emptied ? '（空の「連絡履歴」シートは、先に削除してください）' : ''}。`,
      '「この版を復元」は使わないでください。ほかのシート（顧客・設定など）もすべてその時に戻ってしまいます。',
    ].join('\n');
  if (lost.removed)
    return [
      lostLogHeadline(lost),
      '消えた行を元に戻してください。',
      '1. 消したばかりなら、メニュー「編集」→「元に戻す」で戻せます。',
      '2. そうでなければ、メニュー「ファイル」→「変更履歴」→「変更履歴を表示」で、行があった頃の版を開き、「連絡履歴」シートから消えた行をコピーして、このスプレッドシートの「連絡履歴」のいちばん下に貼り付けます（値のみ貼り付け）。',
      '「この版を復元」は使わないでください。ほかのシート（顧客・設定など）もすべてその時に戻ってしまいます。',
      `わざと消した場合は、${menuPath(MENU.startWithoutLog)}で、今の連絡履歴のまま続けられます（消した行の連絡をもう一度準備することがあります）。`,
    ].join('\n');
  return [
    lostLogHeadline(lost),
    '連絡履歴だけを元に戻してください。',
    `1. 消したばかりなら、メニュー「編集」→「元に戻す」で戻せます。`,
    '2. そうでなければ、メニュー「ファイル」→「変更履歴」→「変更履歴を表示」で、連絡履歴があった頃の版を選び、その版の「︙」→「コピーを作成」でコピーを作ります。',
    `3. 作ったコピーを開き、下の「連絡履歴」タブを右クリック →「コピー先」→「既存のスプレッドシート」で、このスプレッドシートを選びます。`,
    `4. このスプレッドシートに戻り、コピーされたタブ「連絡履歴 のコピー」の名前を「連絡履歴」に変えます${lost.emptied ? '（空の「連絡履歴」シートは、先に削除してください）' : ''}。`,
    '「この版を復元」は使わないでください。ほかのシート（顧客・設定など）もすべてその時に戻ってしまいます。',
    `わざと消した場合は、${menuPath(MENU.startWithoutLog)}で始め直せます（すでに送った連絡をもう一度準備することがあります）。`,
  ].join('\n');
}

export const START_AGAIN_WARNING =
  '連絡履歴なしで始め直すと、これまでに送ったお礼やお伺いなどを、つなぐは覚えていません。すでに送った連絡をもう一度準備することがあります（準備したものは送る前に確かめてください）。\n\n連絡履歴を元に戻せる場合は「いいえ」を選び、戻してから「今すぐ計画を更新」を押してください。\n\n連絡履歴なしで始め直しますか？';

export const CONTINUE_WITHOUT_ROWS_WARNING =
  '今の連絡履歴のまま続けると、消した行に書かれていた連絡を、つなぐは覚えていません。その連絡をもう一度準備することがあります（準備したものは送る前に確かめてください）。\n\n消した行を元に戻せる場合は「いいえ」を選び、戻してから「今すぐ計画を更新」を押してください。\n\n今の連絡履歴のまま続けますか？';

/** The owner chose to start again without 連絡履歴: the memory is cleared, so the next run prepares again. */
export function startWithoutContactLog(): void {
  props().deleteProperty(MEMORY);
}
