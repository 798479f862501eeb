/**
 * A run killed at any point — Apps Script's time limit, a service error, a closed tab — leaves 連絡履歴 consistent,
 * and the next hourly run finishes the job: every contact prepared once, none twice, none lost.
 */
import type { SheetData } from '../fakes';
import {
  SECOND_VISIT,
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
  lineWithRetryKeys,
  dayOutcome,
  runKilledAt,
} from '../bundle/harness';
import { tally } from './tally';

const address = (n: number) => ({ 郵便番号: '154-0004', 住所: `東京都世田谷区太子堂1-2-${n}` });

/** On 2026-11-22: three emails, two LINE, two letters and a call are due. */
function shop(): SheetData[] {
  return [
    customerSheet([
      { 顧客ID: 'M1', 氏名: '佐藤 美咲', メール: 'm1@example.jp', ...SECOND_VISIT },
      { 顧客ID: 'M2', 氏名: '鈴木 花', メール: 'm2@example.jp', ...SECOND_VISIT },
      { 顧客ID: 'M3', 氏名: '田村 陽', メール: 'm3@example.jp', ...SECOND_VISIT },
      { 顧客ID: 'L1', 氏名: '高橋 花子', LINEユーザーID: `U${'1'.repeat(32)}`, ...SECOND_VISIT },
      { 顧客ID: 'L2', 氏名: '伊藤 誠', LINEユーザーID: `U${'2'.repeat(32)}`, ...SECOND_VISIT },
      { 顧客ID: 'P1', 氏名: '鈴木 一郎', ...address(3), ...SECOND_VISIT },
      { 顧客ID: 'P2', 氏名: '中村 翼', ...address(4), ...SECOND_VISIT },
      { ...C4_CALLER },
    ]),
    settingsSheet(SHOP_SETTINGS),
    logSheet([C4_INQUIRY_SENT]),
  ];
}

const outcome = (t: Tsunagu) => dayOutcome(t);

function duplicates(values: readonly string[]): string[] {
  return values.filter((v, i) => values.indexOf(v) !== i);
}

const day = () => loadTsunagu({ sheets: shop(), today: '2026-11-22' });

/** The day as an uninterrupted run leaves it, and how many service calls that run made. */
function cleanDay() {
  const clean = day();
  clean.call('runScheduled', {});
  return { want: outcome(clean), serviceCalls: clean.services.calls.total() };
}

describe('a run killed after any service call', () => {
  const { want, serviceCalls } = cleanDay();

  test('the uninterrupted day prepares all eight, once', () => {
    expect(want.log).toHaveLength(8);
    expect(want.log.every((l) => !l.endsWith('準備中'))).toBe(true);
    expect(want.drafts).toHaveLength(3);
    expect(want.outbox).toHaveLength(2);
    expect(want.calls).toHaveLength(1);
    expect(want.letters).toHaveLength(2);
  });

  test(`is finished by the next hourly run with nothing twice and nothing lost (each of ${serviceCalls} kill points)`, () => {
    const failures: string[] = [];
    for (let k = 1; k <= serviceCalls; k++) {
      const t = day();
      // Apps Script stops the execution at the kill point: nothing after it runs, whatever the code catches.
      const killedAt = runKilledAt(t, k, () => t.call('runScheduled', {}));
      tally.faultsInjected++;
      // The owner may look in between: the sheets must already make sense.
      const between = outcome(t);
      t.at('2026-11-22', 9);
      t.call('runScheduled', {});
      tally.runsRepeated++;
      const after = outcome(t);
      const twice = [
        ...duplicates(after.log.map((l) => l.split(' ')[0])),
        ...duplicates(after.drafts),
        ...duplicates(after.outbox.map((l) => l.split(' ')[0])),
      ];
      tally.duplicatesFound += twice.length;
      tally.contactsLost += want.log.filter((l) => !after.log.includes(l)).length;
      // In between, every row is finished as in the clean run, or pending for the next run to finish: an intent
      // (準備中) or a service call that failed (失敗).
      const halfDone = between.log.filter((l) => !want.log.includes(l) && !/ (準備中|失敗)$/.test(l));
      if (JSON.stringify(after) !== JSON.stringify(want) || halfDone.length > 0)
        failures.push(`killed at call ${k} (${killedAt}): ${JSON.stringify({ halfDone, after })}`);
    }
    expect(failures).toEqual([]);
  });
});

describe('a day too long for one execution', () => {
  test('stops near the time limit with a checkpoint, and the next hour finishes it, nothing twice', () => {
    const t = day();
    // Each Gmail draft takes 100 s: after the third, the 4.5-minute budget is spent.
    t.services.calls.onCall = (service, method) => {
      if (service === 'GmailApp' && method === 'createDraft') t.clock.advance(100_000);
    };
    const first = t.call<{ interrupted: number; prepared: Record<string, number> } | null>(
      'runScheduled',
      {},
    );
    t.services.calls.onCall = undefined;
    tally.faultsInjected++;
    expect(first?.interrupted).toBeGreaterThan(0);
    expect(t.services.properties.document.getProperty('tsunagu.resume')).toBe('yes');
    const waiting = t.records('連絡履歴').filter((r) => r['状態'] === '準備中');
    expect(waiting).toHaveLength(first?.interrupted ?? -1);

    // 10:00 is not 毎日の実行時刻, but the checkpoint says there is work left.
    t.at('2026-11-22', 10);
    const second = t.call<{ interrupted: number } | null>('runScheduled', {});
    tally.runsRepeated++;
    expect(second?.interrupted).toBe(0);
    expect(t.services.properties.document.getProperty('tsunagu.resume')).toBeNull();
    expect(outcome(t)).toEqual(cleanDay().want);
    // And the hour after that, nothing runs again.
    t.at('2026-11-22', 11);
    expect(t.call('runScheduled', {})).toBeNull();
  });
});

describe('LINE sent by itself (LINE自動送信) when the run is killed after any call', () => {
  const lineDay = (line: ReturnType<typeof lineWithRetryKeys>) => {
    const sheets = shop();
    sheets[1] = settingsSheet([...SHOP_SETTINGS, ['LINE自動送信', 'TRUE'], ['毎日の実行時刻', 10]]);
    const t = loadTsunagu({
      sheets,
      today: '2026-11-22',
      hour: 10,
      fetch: line.handler,
      documentProperties: { 'tsunagu.line.token': 'token' },
    });
    return t;
  };
  const clean = lineWithRetryKeys();
  const reference = lineDay(clean);
  reference.call('runScheduled', {});
  const want = outcome(reference);
  const serviceCalls = reference.services.calls.total();

  test('the uninterrupted day sends each LINE once', () => {
    expect(clean.delivered.sort()).toEqual([`U${'1'.repeat(32)}`, `U${'2'.repeat(32)}`]);
    expect(want.outbox.filter((l) => l.endsWith('送信済'))).toHaveLength(2);
  });

  test(`each customer gets their LINE exactly once (each of ${serviceCalls} kill points)`, () => {
    const failures: string[] = [];
    for (let k = 1; k <= serviceCalls; k++) {
      const line = lineWithRetryKeys();
      const t = lineDay(line);
      runKilledAt(t, k, () => t.call('runScheduled', {}));
      tally.faultsInjected++;
      t.at('2026-11-22', 11);
      t.call('runScheduled', {});
      tally.runsRepeated++;
      const after = outcome(t);
      const twice = duplicates(line.delivered);
      tally.duplicatesFound += twice.length;
      tally.contactsLost += clean.delivered.filter((to) => !line.delivered.includes(to)).length;
      if (twice.length > 0 || line.delivered.length !== 2 || JSON.stringify(after) !== JSON.stringify(want))
        failures.push(`killed at call ${k}: ${JSON.stringify({ delivered: line.delivered, after })}`);
    }
    expect(failures).toEqual([]);
  });
});
