import { parseClosedWeekdays } from '../src/core/closed-days';
import { parseHour } from '../src/core/parse';
import { checkSetting } from '../src/core/settings';
import type { SettingItem } from '../src/shared/sidebar-types';
import { button, el } from './dom';

/**
 * One setting in the 設定 tab, shown by the control its reader declares (src/core/settings.ts): a select, a number
 * input, a checkbox, a day picker, an hour, or text. A value the control cannot represent (「水曜（祝日の場合は翌日）」,
 * 「3万円」) is shown as text, exactly as the sheet has it, and is sent only when the owner changes it.
 */
export interface SettingField {
  item: string;
  element: HTMLElement;
  /** The value to save, as the owner would type it. */
  value(): string;
  /** Whether the owner changed it (a control is compared by what it says, not by how it would write it). */
  changed(): boolean;
  /** Checks the value as the server will (the reader's own words); shows the reason beside the field. */
  check(): boolean;
  /** A reason from the server (saveSettings' `refused`), shown beside the field. */
  refuse(reason: string): void;
  focus(): void;
}

/** The weekdays as the picker lists them (Monday first), by their index in 日月火水木金土. */
const PICKER_WEEKDAYS = [1, 2, 3, 4, 5, 6, 0];
const WEEKDAY_NAMES = '日月火水木金土';
const NTHS = [1, 2, 3, 4, 5];

/** What each control is called, and the button that goes back to it from text. */
const CONTROL_WORDS: Record<SettingItem['control']['kind'], readonly [string, string]> = {
  text: ['文字', '文字で書く'],
  multiline: ['文字', '文字で書く'],
  choice: ['選択肢', '選択肢から選ぶ'],
  number: ['数字の欄', '数字で入れ直す'],
  switch: ['チェックボックス', 'チェックボックスで選ぶ'],
  time: ['時刻の選択', '時刻を選ぶ'],
  days: ['曜日の選択', '曜日を選ぶ'],
  dates: ['文字', '文字で書く'],
};

/** A value in one control, or as text (a value the control cannot show). */
interface Mode {
  widget: HTMLElement;
  /** What the control says now, to compare with what it said when loaded. */
  state(): string;
  value(): string;
  focus(): void;
  /** A number input holding what is not a number (the browser keeps it from the page). */
  badInput?(): boolean;
}

export function settingField(item: SettingItem, timeZone: string): SettingField {
  const field = el('div', 'field setting');
  field.dataset.item = item.item;
  field.dataset.kind = item.control.kind;
  const name = el('span', 'field-name', item.item);
  const id = `setting-${encodeURIComponent(item.item).replace(/%/g, '')}`;
  const reason = el('p', 'reason');
  reason.id = `${id}-reason`;
  reason.setAttribute('role', 'alert');
  reason.hidden = true;
  const holder = el('div', 'control');
  const switcher = el('div', 'switch-mode');
  field.append(name, holder, switcher, reason);
  if (item.problem) field.append(el('p', 'problem', `今の値は使えません: ${item.problem}`));
  else if (item.note) field.append(el('p', 'note', item.note));
  field.append(el('span', 'help', item.help));

  const representable = fits(item);
  let mode: Mode;
  let initialState = '';
  // Until the owner switches between the control and text, a change is a change of what the control says;
  // afterwards, of the value it would save.
  let switched = false;

  const use = (next: Mode, asText: boolean) => {
    mode = next;
    holder.replaceChildren(next.widget);
    for (const control of next.widget.querySelectorAll('input, select, textarea'))
      control.setAttribute('aria-describedby', reason.id);
    // One control is named by the setting; the day picker's boxes keep their own names (毎週水曜, 第2火曜).
    const controls = next.widget.querySelectorAll('input, select, textarea');
    const first = next.widget.matches('input, select, textarea')
      ? next.widget
      : controls.length === 1
        ? controls[0]
        : next.widget.querySelector('[data-main]');
    if (first) {
      first.id = id;
      name.setAttribute('id', `${id}-name`);
      first.setAttribute('aria-labelledby', `${id}-name`);
    }
    field.classList.toggle('as-text', asText);
    next.widget.addEventListener('input', () => api.check());
    next.widget.addEventListener('change', () => api.check());
    switcher.replaceChildren();
    if (['text', 'multiline', 'dates'].includes(item.control.kind)) return;
    if (asText && !switched)
      switcher.append(
        el(
          'p',
          'note',
          `今の値は${CONTROL_WORDS[item.control.kind][0]}では表せないため、書かれたとおりに表示しています。変えるときだけ書き直してください。`,
        ),
      );
    // Free text is offered for 定休日 only (隔週 or a note is the owner's to write); other controls offer every
    // value their reader reads.
    if (!asText && item.control.kind !== 'days') return;
    switcher.append(
      asText
        ? button(CONTROL_WORDS[item.control.kind][1], () => {
            switched = true;
            // The picker starts from what the reader understood of 定休日 (水曜 of 「水曜（祝日の場合は翌日）」).
            use(controlMode(item, item.control.kind === 'days' ? item.value : ''), false);
            api.check();
          })
        : button(
            '文字で書く',
            () => {
              // The text starts as the sheet has it while the control is untouched (「水,日」 stays 「水,日」).
              const start = !switched && mode.state() === initialState ? item.value : mode.value();
              switched = true;
              use(textMode(item, start), true);
              api.check();
            },
            'link',
          ),
    );
  };

  const api: SettingField = {
    item: item.item,
    element: field,
    value: () => mode.value(),
    changed: () => (switched ? mode.value() !== item.value : mode.state() !== initialState),
    check() {
      if (mode.badInput?.()) return show('数字で入れてください。', true);
      if (!api.changed()) return show('', false);
      const checked = checkSetting(item.item, mode.value(), timeZone);
      return checked.ok ? show(checked.note ?? '', false) : show(checked.reason, true);
    },
    refuse: (text: string) => void show(text, true),
    focus: () => mode.focus(),
  };
  const show = (text: string, refused: boolean): boolean => {
    reason.textContent = text;
    reason.hidden = text === '';
    reason.className = refused ? 'reason error' : 'reason note';
    for (const control of holder.querySelectorAll('input, select, textarea'))
      control.setAttribute('aria-invalid', String(refused));
    return !refused;
  };

  use(representable ? controlMode(item, item.value) : textMode(item, item.value), !representable);
  initialState = mode!.state();
  return api;
}

/** Whether the control can show the value as it is (blank always: the default). */
function fits(item: SettingItem): boolean {
  const value = item.value;
  if (value === '') return true;
  switch (item.control.kind) {
    case 'text':
    case 'multiline':
    case 'dates':
      return true;
    case 'choice':
      return item.control.options.includes(value);
    case 'number':
      return /^\d+$/.test(value);
    case 'switch':
      return /^(true|false)$/i.test(value);
    case 'time': {
      const hour = parseHour(value);
      return hour !== null && hour.ok;
    }
    case 'days': {
      const read = parseClosedWeekdays(value);
      return (
        read !== null &&
        !read.holidays &&
        read.notes.length + read.irregular.length + read.unknown.length === 0
      );
    }
  }
}

function textMode(item: SettingItem, value: string): Mode {
  const multiline =
    item.control.kind === 'multiline' || item.control.kind === 'dates' || value.includes('\n');
  const input = multiline ? el('textarea') : el('input');
  input.name = item.item;
  input.value = value;
  if (multiline) (input as HTMLTextAreaElement).rows = Math.min(6, Math.max(2, value.split('\n').length));
  if (item.defaultText) input.placeholder = `空欄なら ${item.defaultText.slice(0, 20)}`;
  return { widget: input, state: () => input.value, value: () => input.value, focus: () => input.focus() };
}

function controlMode(item: SettingItem, value: string): Mode {
  const control = item.control;
  switch (control.kind) {
    case 'text':
    case 'multiline':
      return textMode(item, value);
    case 'choice':
      return selectMode(
        item,
        value,
        control.options.map((o) => [o, o]),
      );
    case 'time':
      return selectMode(
        item,
        value === '' ? '' : String((parseHour(value) as { value: number }).value),
        Array.from({ length: 24 }, (_, h) => [String(h), `${h}時`]),
        (hour) => `${hour}時`,
      );
    case 'number': {
      const box = el('span', 'number');
      const input = el('input');
      input.type = 'number';
      input.name = item.item;
      input.min = String(control.min);
      input.max = String(control.max);
      input.step = '1';
      input.inputMode = 'numeric';
      input.value = value;
      if (item.defaultText) input.placeholder = item.defaultText;
      box.append(input, el('span', 'unit', control.unit));
      return {
        widget: box,
        state: () => input.value,
        value: () => input.value,
        focus: () => input.focus(),
        badInput: () => input.validity.badInput,
      };
    }
    case 'switch': {
      const label = el('label', 'switch');
      const box = el('input');
      box.type = 'checkbox';
      box.name = item.item;
      box.checked = /^true$/i.test(value || item.defaultText);
      label.append(box, el('span', '', 'する'));
      return {
        widget: label,
        state: () => String(box.checked),
        value: () => (box.checked ? 'TRUE' : 'FALSE'),
        focus: () => box.focus(),
      };
    }
    case 'days':
      return dayPicker(item, value);
    case 'dates':
      return datesMode(item, value);
  }
}

/**
 * 休業日: the text as the owner keeps it (dates and ranges, one a line), and a date picked from a calendar to add
 * as a line of its own: 「2026/9/1」, or 「毎年9/1」 with 毎年 ticked.
 */
function datesMode(item: SettingItem, value: string): Mode {
  const text = textMode(item, value);
  const area = text.widget as HTMLTextAreaElement | HTMLInputElement;
  area.dataset.main = 'true';
  const wrapper = el('div', 'dates');
  const row = el('div', 'add-date');
  const date = el('input');
  date.type = 'date';
  date.setAttribute('aria-label', `${item.item}に加える日`);
  const yearly = el('label', 'yearly');
  const every = el('input');
  every.type = 'checkbox';
  yearly.append(every, el('span', '', '毎年'));
  const add = button('加える', () => {
    const picked = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.value);
    if (!picked) return;
    const [, y, m, d] = picked.map(Number);
    const line = every.checked ? `毎年${m}/${d}` : `${y}/${m}/${d}`;
    const before = area.value.replace(/\s+$/, '');
    area.value = before ? `${before}\n${line}` : line;
    if (area instanceof HTMLTextAreaElement)
      area.rows = Math.min(6, Math.max(2, area.value.split('\n').length));
    date.value = '';
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
  row.append(date, yearly, add);
  wrapper.append(area, row);
  return { ...text, widget: wrapper };
}

function selectMode(
  item: SettingItem,
  value: string,
  options: string[][],
  label: (value: string) => string = (v) => v,
): Mode {
  const select = el('select');
  select.name = item.item;
  const blank = el('option', '', `（空欄: ${item.defaultText ? label(item.defaultText) : 'なし'}）`);
  blank.value = '';
  select.append(blank);
  for (const [optionValue, text] of options) {
    const option = el('option', '', text);
    option.value = optionValue;
    select.append(option);
  }
  select.value = value;
  return {
    widget: select,
    state: () => select.value,
    value: () => select.value,
    focus: () => select.focus(),
  };
}

/**
 * 定休日 as a grid: each weekday closed 毎週, or on chosen 第n of the month. It writes 「毎週水曜・日曜、第2・第4火曜」,
 * which the reader reads back to the same grid.
 */
function dayPicker(item: SettingItem, value: string): Mode {
  const read = value === '' ? null : parseClosedWeekdays(value);
  const every = new Set(read?.weekdays ?? []);
  const nth = new Set((read?.nth ?? []).map((n) => `${n.weekday}:${n.nth}`));
  const table = el('table', 'day-picker');
  table.setAttribute('role', 'group');
  table.setAttribute('aria-label', `${item.item}を選ぶ`);
  const head = el('tr');
  head.append(el('th'), el('th', '', '毎週'), ...NTHS.map((n) => el('th', '', `第${n}`)));
  table.append(head);
  const boxes = new Map<string, HTMLInputElement>();
  const box = (key: string, checked: boolean, label: string) => {
    const input = el('input');
    input.type = 'checkbox';
    input.checked = checked;
    input.dataset.key = key;
    input.setAttribute('aria-label', label);
    boxes.set(key, input);
    const cell = el('td');
    cell.append(input);
    return cell;
  };
  const sync = () => {
    for (const weekday of PICKER_WEEKDAYS) {
      const weekly = boxes.get(`${weekday}`)?.checked ?? false;
      for (const n of NTHS) {
        const input = boxes.get(`${weekday}:${n}`);
        if (input) input.disabled = weekly;
      }
    }
  };
  for (const weekday of PICKER_WEEKDAYS) {
    const name = `${WEEKDAY_NAMES[weekday]}曜`;
    const row = el('tr');
    row.append(
      el('th', '', WEEKDAY_NAMES[weekday]),
      box(`${weekday}`, every.has(weekday), `毎週${name}`),
      ...NTHS.map((n) => box(`${weekday}:${n}`, nth.has(`${weekday}:${n}`), `第${n}${name}`)),
    );
    table.append(row);
  }
  table.addEventListener('change', sync);
  sync();
  const chosen = () => {
    const weekly = PICKER_WEEKDAYS.filter((w) => boxes.get(`${w}`)?.checked);
    const monthly = PICKER_WEEKDAYS.filter((w) => !weekly.includes(w))
      .map((w) => [w, NTHS.filter((n) => boxes.get(`${w}:${n}`)?.checked)] as const)
      .filter(([, ns]) => ns.length > 0);
    return { weekly, monthly };
  };
  const text = () => {
    const { weekly, monthly } = chosen();
    const parts: string[] = [];
    if (weekly.length > 0) parts.push(`毎週${weekly.map((w) => `${WEEKDAY_NAMES[w]}曜`).join('・')}`);
    for (const [w, ns] of monthly) parts.push(`${ns.map((n) => `第${n}`).join('・')}${WEEKDAY_NAMES[w]}曜`);
    return parts.join('、');
  };
  const shown = el('p', 'day-text');
  const wrapper = el('div', 'days');
  const describe = () => (shown.textContent = text() ? `保存する値: ${text()}` : '定休日なし');
  table.addEventListener('change', describe);
  describe();
  wrapper.append(table, shown);
  return {
    widget: wrapper,
    state: () => JSON.stringify(chosen()),
    value: text,
    focus: () => boxes.get('1')?.focus(),
  };
}
