/** The sidebar click the bench prices (run-size.ts and years.ts). */

/** The sidebar's list as the bench reads it. */
export interface TodayList {
  groups?: { items: { key: string; channel: string; state: string; row?: number }[] }[];
}

/** A value from the bundle's realm as plain JSON, as google.script.run would carry it. */
export function carried(value: unknown): TodayList {
  return JSON.parse(JSON.stringify(value ?? {})) as TodayList;
}

/**
 * The follow-up a shop clicks all day: one already prepared (a 連絡履歴 row), and not a letter (手紙 lays out the
 * whole day's letters again, a rarer click).
 */
export function clickedItem(view: TodayList) {
  const items = view.groups?.flatMap((g) => g.items) ?? [];
  return items.find((i) => i.state !== '' && i.channel !== '手紙');
}

/**
 * スキップ on that follow-up, asked as the sidebar asks it (sidebar/today.ts): with the 連絡履歴 row the list
 * showed it at, which the server uses only once that row is read and holds the キー.
 */
export function skipRequest(item: NonNullable<ReturnType<typeof clickedItem>>) {
  return {
    keys: [item.key],
    action: 'skip',
    ...(item.row ? { rows: { [item.key]: item.row } } : {}),
  };
}
