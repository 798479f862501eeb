/** The sidebar clicks the bench prices (run-size.ts and years.ts). */
import { SCENARIO } from '../../src/labels';

interface ListedItem {
  key: string;
  channel: string;
  state: string;
  /** The シナリオ and ステップ, e.g. 空き枠案内（ご案内）. */
  title?: string;
  row?: number;
}

/** The sidebar's list as the bench reads it. */
export interface TodayList {
  today?: string;
  groups?: { items: ListedItem[] }[];
}

/** A value from the bundle's realm as plain JSON, as google.script.run would carry it. */
export function carried(value: unknown): TodayList {
  return JSON.parse(JSON.stringify(value ?? {})) as TodayList;
}

/** A prepared follow-up (a 連絡履歴 row) that is not a letter: 手紙 lays out the whole day's letters again, a rarer click. */
const preparedNotLetter = (i: ListedItem) => i.state !== '' && i.channel !== '手紙';

/**
 * A contact chosen among all customers (a slot offered to a few, a newsletter or a greeting once a household): an
 * approval of one is decided by the whole plan (follow-up-actions.ts SHOP_WIDE).
 */
const shopWide = (i: ListedItem) =>
  [SCENARIO.vacancy, SCENARIO.newsletter, SCENARIO.seasonal].some((s) => i.title?.startsWith(s));
const lineWaiting = (i: ListedItem) => i.channel === 'LINE' && i.state === '承認待ち';

/**
 * The clicks a shop makes on a prepared follow-up all day, each asked as the sidebar asks it (sidebar/today.ts): with
 * the 連絡履歴 row the list showed it at, which the server uses only once that row is read and holds the キー.
 */
export const CLICKS: readonly {
  what: string;
  takes: (item: ListedItem) => boolean;
  asks: (item: ListedItem, today: string) => Record<string, unknown>;
}[] = [
  { what: 'スキップ', takes: preparedNotLetter, asks: () => ({ action: 'skip' }) },
  {
    what: '電話した（満足）',
    takes: (i) => i.state !== '' && i.channel === '電話',
    asks: () => ({ action: 'called', outcome: '満足' }),
  },
  // What follows a 不在 (a second call, a letter) is the plan's to say: the customer is planned.
  {
    what: '電話した（不在）',
    takes: (i) => i.state !== '' && i.channel === '電話',
    asks: () => ({ action: 'called', outcome: '不在' }),
  },
  // Two days on: inside every step's window (the shortest closes a week after its due day).
  {
    what: '延期',
    takes: preparedNotLetter,
    asks: (_, today) => ({ action: 'snooze', date: dayAfter(today, 2) }),
  },
  {
    what: 'LINEの承認',
    takes: (i) => lineWaiting(i) && !shopWide(i),
    asks: () => ({ action: 'approveLine', send: false }),
  },
  {
    what: 'LINEの承認（空き枠・ニュースレター・季節のご挨拶）',
    takes: (i) => lineWaiting(i) && shopWide(i),
    asks: () => ({ action: 'approveLine', send: false }),
  },
];

/** The first item of the list a click takes that no earlier click took, and the request the sidebar sends for it. */
export function clickOn(
  view: TodayList,
  click: (typeof CLICKS)[number],
  taken: Set<string>,
): { key: string; request: Record<string, unknown> } | undefined {
  const item = (view.groups ?? []).flatMap((g) => g.items).find((i) => !taken.has(i.key) && click.takes(i));
  if (!item) return undefined;
  taken.add(item.key);
  return {
    key: item.key,
    request: {
      keys: [item.key],
      ...click.asks(item, view.today ?? ''),
      ...(item.row ? { rows: { [item.key]: item.row } } : {}),
    },
  };
}

/**
 * Each click of CLICKS the list offers, one after another as an owner makes them: the list read again before each
 * (as the sidebar does after every reply; not priced here), then the click priced by `price`.
 */
export function eachClick<C>(
  list: () => TodayList,
  price: (request: Record<string, unknown>, what: string) => C,
): { what: string; cost: C }[] {
  const taken = new Set<string>();
  return CLICKS.flatMap((click) => {
    const chosen = clickOn(list(), click, taken);
    return chosen ? [{ what: click.what, cost: price(chosen.request, click.what) }] : [];
  });
}

function dayAfter(iso: string, days: number): string {
  const at = new Date(`${iso}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}
