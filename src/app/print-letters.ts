import { rebuildLabelSheet } from '../channels/address-labels';
import type { AddressLabel } from '../core/label-layout';
import { spreadsheetZone, zonedNow } from './zone';
import { lettersOnSheet, rebuildLetterSheet } from '../channels/letter-sheet';
import type { Day } from '../core/day';
import { readFlags } from '../core/flags';
import { refreshLetter } from '../core/letter-text';
import { SHEET } from '../labels';
import { ContactLog } from '../sheets/log';
import { cardOf } from '../core/postcard-layout';
import { keyRule } from '../core/keys';
import { POSTCARD_RULES } from '../core/registry';
import type { ContactRecord } from '../core/types';
import { postcardSheet, postcardsOnSheet, rebuildPostcardSheet } from '../channels/postcard-sheet';
import { postcardStock, setPostcardStock } from './postcard-stock';

/** A rule's letters that are はがき (S10's greeting cards) go on the はがき sheet, not on 手紙. */
function isPostcard(r: ContactRecord): boolean {
  return r.key !== '' && POSTCARD_RULES.has(keyRule(r.key));
}

/**
 * The 手紙 sheet shows every letter still waiting to be printed, this run's and earlier ones, and 宛名ラベル one
 * label per letter (newsletters are already one letter per household). Greeting cards (はがき) are laid out on the
 * はがき sheet instead of 手紙, and keep their 宛名ラベル row (for owners who stick labels on bought 年賀はがき); the
 * はがき sheet is made when there is a card to print, and emptied when there is none.
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
  const cards = waiting.filter(isPostcard);
  if (cards.length > 0 || postcardSheet(ss))
    rebuildPostcardSheet(
      ss,
      cards.map((r) => ({
        ...cardOf(r.key, refreshLetter(r.content.split('\n'), today)),
        task: readFlags(r.flags ?? '').task,
      })),
      postcardStock(),
    );
  rebuildLetterSheet(
    ss,
    waiting
      .filter((r) => !isPostcard(r))
      .map((r) => {
        const { handwritten, task } = readFlags(r.flags ?? '');
        return { key: r.key, lines: refreshLetter(r.content.split('\n'), today), handwritten, task };
      }),
  );
}

/**
 * 手紙を印刷済みにする: every letter now on the 手紙 sheet, and every card now on the はがき sheet, becomes 印刷済 in
 * 連絡履歴 (日時 = now, which S8's "did you see our letter?" counts from), and the sheets are rebuilt with whatever is
 * still waiting. A letter or card is on its sheet while its first row is (its tag, rebuildLetterSheet and
 * rebuildPostcardSheet): the owner may insert rows, sort, or rewrite its text, and one whose rows the owner deleted
 * stays waiting.
 */
export function markLettersPrinted(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): string {
  const hasCards = postcardSheet(ss) !== null;
  if (!ss.getSheetByName(SHEET.letters) && !hasCards) return '「手紙」シートがありません。';
  const timeZone = spreadsheetZone(ss);
  const onSheet = new Set([...lettersOnSheet(ss), ...postcardsOnSheet(ss)]);
  const log = ContactLog.open(ss, timeZone);
  const printed = log
    .records()
    .filter((r) => r.channel === '手紙' && r.state === '印刷待ち' && r.key && onSheet.has(r.key));
  for (const r of printed) log.update(r.index, { state: '印刷済', at: now });
  log.flush();
  rebuildLetters(ss, log, zonedNow(ss, now).today);
  const cards = printed.filter(isPostcard).length;
  const letters = printed.length - cards;
  if (cards > 0)
    return letters > 0
      ? `手紙${letters}通とはがき${cards}枚を印刷済みにしました。`
      : `はがき${cards}枚を印刷済みにしました。`;
  if (letters > 0) return `${letters}通を印刷済みにしました。`;
  return hasCards
    ? '印刷済みにする手紙・はがきはありませんでした（「手紙」「はがき」シートが空です）。'
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

/**
 * はがきの用紙を切り替える: the はがき sheet switches between 官製・年賀はがき (nothing printed but the text; the digits
 * land in the printed frame) and 私製はがき (the 郵便番号枠 in 朱 and 「郵便はがき」 printed too), and is laid out again.
 */
export function switchPostcardStock(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, now: Date): string {
  const stock = postcardStock() === 'blank' ? 'bought' : 'blank';
  setPostcardStock(stock);
  const log = ContactLog.open(ss, spreadsheetZone(ss));
  rebuildLetters(ss, log, zonedNow(ss, now).today);
  return stock === 'blank'
    ? '「はがき」シートを私製はがき（白いはがき用紙）用にしました。郵便番号枠と「郵便はがき」も印刷されます。切手を貼って出してください。'
    : '「はがき」シートを官製はがき・年賀はがき用にしました。郵便番号は印刷済みの枠に入ります。';
}

/** What is waiting on the sheets, for 「手紙を作成」: 「「手紙」シートに2通、「はがき」シートに3枚あります。」, or null. */
export function waitingOnSheetsText(records: readonly ContactRecord[]): string | null {
  const waiting = records.filter((r) => r.channel === '手紙' && r.state === '印刷待ち');
  const cards = waiting.filter(isPostcard).length;
  const letters = waiting.length - cards;
  const parts = [
    letters > 0 ? `「${SHEET.letters}」シートに${letters}通` : '',
    cards > 0 ? `「${SHEET.postcards}」シートに${cards}枚` : '',
  ].filter((part) => part !== '');
  return parts.length > 0 ? `${parts.join('、')}あります。` : null;
}
