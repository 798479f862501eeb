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

/** Reads 空き枠 rows in SLOT_HEADERS order: 日時, 所要(分), 特別価格, 案内, 状態. */
export function readSlots(rows: ReadonlyArray<readonly unknown[]>, timeZone: string): SlotsResult {
  const slots: Slot[] = [];
  const problems: string[] = [];
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
    const open = readSlotOpen(state);
    if (open.unknown !== undefined)
      problems.push(
        `空き枠 ${monthDayJa(moment.day)} ${hh}:${mm} の状態「${open.unknown}」を読めないため、埋まっている枠として扱います（空き か 埋まり を入れてください）`,
      );
    slots.push({
      index,
      ...moment,
      label: `${monthDayJa(moment.day)}（${weekdayJa(moment.day)}）${hh}:${mm}`,
      anchor: `${isoDay(moment.day)} ${String(hh).padStart(2, '0')}:${mm}`,
      durationMinutes: /^\d+$/.test(minutesText) ? Number(minutesText) : undefined,
      specialPrice: normalizeText(price),
      offer: offerFlag !== null && offerFlag.ok && offerFlag.value,
      open: open.value,
    });
  });
  slots.sort((a, b) => a.day - b.day || a.minutes - b.minutes);
  return { slots, problems };
}

/** The slot starts after the given moment. */
export function isAfter(slot: Slot, now: Moment): boolean {
  return slot.day > now.day || (slot.day === now.day && slot.minutes > now.minutes);
}

/** A date-time cell (Date instant) or text like 2026/11/26 10:00 or 2026年11月26日 14時30分. */
function readMoment(value: unknown, timeZone: string): Moment | null {
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
