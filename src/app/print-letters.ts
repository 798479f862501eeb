import { rebuildLabelSheet } from '../channels/address-labels';
import type { AddressLabel } from '../core/label-layout';
import { spreadsheetZone, zonedNow } from './zone';
import { lettersOnSheet, rebuildLetterSheet } from '../channels/letter-sheet';
import type { Day } from '../core/day';
import { readFlags } from '../core/flags';
import { refreshLetter } from '../core/letter-text';
import { SHEET } from '../labels';
import { ContactLog } from '../sheets/log';

/**
 * The 手紙 sheet shows every letter still waiting to be printed, this run's and earlier ones, and 宛名ラベル one
 * label per letter (newsletters are already one letter per household).
 */
export function rebuildLetters(
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet,
  log: ContactLog,
  today: Day,
): void {
  const waiting = log.records().filter((r) => r.channel === '手紙' && r.state === '印刷待ち');
  rebuildLabelSheet(
    ss,
    waiting.map((r) => addressOf(r.content.split('\n'))),
  );
  rebuildLetterSheet(
    ss,
    waiting.map((r) => {
      const { handwritten, task } = readFlags(r.flags ?? '');
      return { key: r.key, lines: refreshLetter(r.content.split('\n'), today), handwritten, task };
    }),
  );
}

/**
 * 手紙を印刷済みにする: every letter now on the 手紙 sheet becomes 印刷済 in 連絡履歴 (日時 = now, which S8's
 * "did you see our letter?" counts from), and the sheet is rebuilt with whatever is still waiting. A letter is on
 * the sheet while its first row is (its tag, rebuildLetterSheet): the owner may insert rows, sort, or rewrite its
 * text, and a letter whose rows the owner deleted stays waiting.
 */
export function markLettersPrinted(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): string {
  const sheet = ss.getSheetByName(SHEET.letters);
  if (!sheet) return '「手紙」シートがありません。';
  const timeZone = spreadsheetZone(ss);
  const onSheet = lettersOnSheet(ss);
  const log = ContactLog.open(ss, timeZone);
  const printed = log
    .records()
    .filter((r) => r.channel === '手紙' && r.state === '印刷待ち' && r.key && onSheet.has(r.key));
  for (const r of printed) log.update(r.index, { state: '印刷済', at: now });
  log.flush();
  rebuildLetters(ss, log, zonedNow(ss, now).today);
  return printed.length > 0
    ? `${printed.length}通を印刷済みにしました。`
    : '印刷済みにする手紙はありませんでした（「手紙」シートが空です）。';
}

/** A letter's address block is its first lines, up to the first blank one: 〒…, the address, then 氏名 様. */
function addressOf(lines: readonly string[]): AddressLabel {
  const end = lines.indexOf('');
  const block = lines.slice(0, end < 0 ? lines.length : end);
  const postal = block[0]?.startsWith('〒') ? (block.shift() ?? '') : '';
  const addressee = block.pop() ?? '';
  const match = /^(.*\S)\s+(様|御中)$/.exec(addressee);
  return {
    postalCode: postal.replace(/^〒/, ''),
    address: block.join('\n'),
    name: match ? match[1] : addressee,
    honorific: match ? match[2] : '様',
  };
}
