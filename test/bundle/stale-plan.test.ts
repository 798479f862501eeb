/**
 * A sidebar action whose customer then waits on the whole shop (a contact due today placed by the daily limits, a
 * newsletter, a slot or a card chosen among all customers) answers without reading the whole workbook, and leaves
 * 次回連絡日 to the list read the sidebar makes right after: that read writes the whole plan, under the script lock.
 */
import { exampleDay } from '../../tools/runner';
import { carried } from '../../tools/bench/sidebar-click';

const STALE = 'tsunagu.planStale';

test('the action answers from the customer’s rows; the list read after it writes the whole plan once', async () => {
  const bundle = await exampleDay();
  const { services } = bundle;
  const items = (carried(bundle.call('getTodayFollowUps')).groups ?? [])
    .flatMap((g) => g.items)
    .filter((i) => i.state !== '' && i.channel !== '手紙');
  const customers = () => services.spreadsheet.toData().sheets.find((s) => s.name === '顧客')?.values ?? [];
  let stale = false;
  for (const item of items) {
    const before = customers();
    services.calls.reset();
    const reply = carried(bundle.call('applyFollowUpAction', { keys: [item.key], action: 'skip' })) as {
      ok?: boolean;
      done?: string[];
    };
    expect(reply).toMatchObject({ ok: true, done: [item.key] });
    // Never the whole 顧客 or 連絡履歴: a few rows found by キー and 顧客ID.
    const read = services.calls.meter.cost().cellsRead;
    expect(read).toBeLessThan(5000);
    if (services.properties.document.getProperty(STALE) === null) continue;
    stale = true;
    // 顧客 is as the action left it, for the list read to finish.
    expect(customers().length).toBe(before.length);
    services.calls.reset();
    bundle.call('getTodayFollowUps');
    expect(services.properties.document.getProperty(STALE)).toBeNull();
    expect(services.calls.count('LockService', 'Lock.tryLock')).toBe(1);
    // Once written, the next read of the list writes nothing: it takes the lock (without waiting for it) only to
    // remember what the list said, for the next click (list-said.ts).
    services.calls.reset();
    bundle.call('getTodayFollowUps');
    expect(services.calls.count('SpreadsheetApp', 'Range.setValues')).toBe(0);
    expect(services.calls.count('LockService', 'Lock.tryLock')).toBe(1);
    expect(services.calls.count('CacheService', 'Cache.putAll')).toBe(1);
    break;
  }
  expect(stale).toBe(true);
}, 60_000);
