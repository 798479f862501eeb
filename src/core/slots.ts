import { readSlotOpen } from './vocabulary';
import { dayOfInstant, minutesOfInstant, monthDayJa, weekdayJa, isoDay, type Day } from './day';
import { isDateValue, normalizeText, parseBool, parseDay } from './parse';

/** One 空き枠 row: an open time the shop can offer (S2 cancellations, S5 vacancy offers). */
export interface Slot {
  /** Index among the sheet's data rows. */
  index: number;
  day: Day;
  /** Minutes after midnight in the spreadsheet's time zone. */
  minutes: number;
  /** 11月26日（木）10:00 — how messages show it. */
  label: string;
  /** 2026-11-26 10:00 — the anchor of a vacancy offer's key. */
  anchor: string;
  durationMinutes?: number;
  specialPrice: string;
  /** 案内 TRUE: the owner asks for a vacancy offer (S5). */
  offer: boolean;
  /** 状態 空き (not 埋まり). */
  open: boolean;
  /**
   * 状態 says 埋まり: the slot was taken (a blank cell is open; a 状態 that cannot be read, or a 状態 column gone, is
   * neither open nor taken — never offered, and no evidence that an offer made is unwanted).
   */
  taken: boolean;
}

export interface SlotsResult {
  slots: Slot[];
  problems: string[];
}

/** A moment as calendar day plus minutes after midnight, in the spreadsheet's time zone. */
export interface Moment {
  day: Day;
  minutes: number;
}

/**
 * Reads 空き枠 rows in SLOT_HEADERS order: 日時, 所要(分), 特別価格, 案内, 状態. `missing` names the headers the
 * sheet's header row lacks (a column the owner renamed reads as blank cells): without 日時 no slot is read, without
 * 状態 every slot is taken (a blank 状態 cell is open, a missing column is not), without 案内 no vacancy offer is
 * made; each is said once.
 */
export function readSlots(
  rows: ReadonlyArray<readonly unknown[]>,
  timeZone: string,
  missing: readonly string[] = [],
): SlotsResult {
  const slots: Slot[] = [];
  const problems: string[] = [];
  const lacks = (header: string) => missing.includes(header);
  const remedy = (header: string, what: string) =>
    `見出しの行に「${header}」の列を作るか、名前を変えた見出しを「${header}」に戻して、${what}`;
  if (lacks('日時'))
    problems.push(
      `「空き枠」シートに「日時」の見出しがないため、空き枠を読めません。キャンセルや空き枠のご案内に枠を出しません（${remedy('日時', '2026/11/26 10:00 のように入れてください')}）`,
    );
  if (lacks('状態'))
    problems.push(
      `「空き枠」シートに「状態」の見出しがないため、どの枠も埋まっている枠として扱い、お客様にご案内しません（${remedy('状態', '空き か 埋まり を入れてください')}）`,
    );
  if (lacks('案内'))
    problems.push(
      `「空き枠」シートに「案内」の見出しがないため、空き枠のご案内は送りません（${remedy('案内', '案内する枠にチェックを入れてください')}）`,
    );
  rows.forEach(([when, duration, price, offer, state], index) => {
    if (!normalizeText(when) && !isDateValue(when)) return;
    const moment = readMoment(when, timeZone);
    if (!moment) {
      problems.push(
        `空き枠 ${index + 2}行目の日時「${normalizeText(when)}」を読めません（例: 2026/11/26 10:00）`,
      );
      return;
    }
    const minutesText = normalizeText(duration).replace(/分$/, '');
    const hh = Math.floor(moment.minutes / 60);
    const mm = String(moment.minutes % 60).padStart(2, '0');
    const offerFlag = parseBool(offer);
    const open = lacks('状態') ? { value: false } : readSlotOpen(state);
    if (open.unknown !== undefined)
      problems.push(
        `空き枠 ${monthDayJa(moment.day)} ${hh}:${mm} の状態「${open.unknown}」を読めないため、埋まっている枠として扱います（空き か 埋まり を入れてください）`,
      );
    const length = /^\d+$/.test(minutesText) ? Number(minutesText) : undefined;
    slots.push({
      index,
      ...moment,
      // The customer reads how long the slot is: 「11月26日（木）10:00〜11:00」 when 所要(分) is known.
      label: `${monthDayJa(moment.day)}（${weekdayJa(moment.day)}）${hh}:${mm}${endOf(moment.minutes, length)}`,
      anchor: `${isoDay(moment.day)} ${String(hh).padStart(2, '0')}:${mm}`,
      durationMinutes: length,
      specialPrice: normalizeText(price),
      offer: !lacks('案内') && offerFlag !== null && offerFlag.ok && offerFlag.value,
      open: open.value,
      taken: !lacks('状態') && open.unknown === undefined && !open.value,
    });
  });
  slots.sort((a, b) => a.day - b.day || a.minutes - b.minutes);
  return { slots, problems };
}

/** The moment (a slot's start, a visit, a booking) is after the other. */
export function isAfter(slot: Moment, now: Moment): boolean {
  return slot.day > now.day || (slot.day === now.day && slot.minutes > now.minutes);
}

/** A date-time cell (Date instant) or text like 2026/11/26 10:00 or 2026年11月26日 14時30分. */
export function readMoment(value: unknown, timeZone: string): Moment | null {
  if (isDateValue(value)) {
    const day = dayOfInstant(value, timeZone);
    return { day, minutes: minutesOfInstant(value, timeZone) };
  }
  const text = normalizeText(value);
  const time = /(\d{1,2})\s*(?::|時)\s*(\d{2})?\s*分?\s*$/.exec(text);
  const datePart = time ? text.slice(0, time.index).trim() : text;
  const day = parseDay(datePart, timeZone);
  if (!day || !day.ok) return null;
  const hours = time ? Number(time[1]) : 0;
  const minutes = time && time[2] ? Number(time[2]) : 0;
  if (hours > 23 || minutes > 59) return null;
  return { day: day.value, minutes: hours * 60 + minutes };
}

/** 「〜11:00」 after a slot's start when its length is known and it ends the same day; '' otherwise. */
function endOf(start: number, duration: number | undefined): string {
  if (duration === undefined || duration <= 0 || start + duration > 24 * 60) return '';
  const end = start + duration;
  return `〜${Math.floor(end / 60)}:${String(end % 60).padStart(2, '0')}`;
}
