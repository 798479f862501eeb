/**
 * Scenarios a review found, kept as tests: a stale sidebar, a draft sent from Gmail, a day that hits its limits
 * mid-resume, two customers sharing one address, a bulk approval with a row that cannot be approved.
 */
import type { SheetData } from '../fakes';
import {
  SECOND_VISIT,
  lineStandIn,
  customerSheet,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';
import { tally } from './tally';

const states = (t: Tsunagu, sheet = '連絡履歴') =>
  t.records(sheet).map((r) => `${String(r['キー'])} ${String(r['状態'])}`);

function shop(customers: Record<string, unknown>[], settings: [string, unknown][] = [], extra = {}): Tsunagu {
  const sheets: SheetData[] = [
    customerSheet(customers as never),
    settingsSheet([...SHOP_SETTINGS, ...settings] as never),
    logSheet([]),
  ];
  return loadTsunagu({ sheets, today: '2026-11-22', ...extra });
}

test('a LINE whose window closed is neither listed nor sent late from the sidebar', () => {
  const line = lineStandIn();
  const t = shop(
    [{ 顧客ID: 'L1', 氏名: '高橋 花子', LINEユーザーID: `U${'1'.repeat(32)}`, ...SECOND_VISIT }],
    [['毎日の実行時刻', 10]],
    {
      hour: 10,
      fetch: line.handler,
      documentProperties: { 'tsunagu.line.token': 'token' },
    },
  );
  t.call('runScheduled', {});
  // The お伺い's window ends 2026-12-13; the owner opens the sidebar at 9:30 on 12-14, before the day's run.
  t.at('2026-12-14', 9, 30);
  const view = t.call<{ groups: { items: { key: string }[] }[] }>('getTodayFollowUps');
  const keys = view.groups.flatMap((g) => g.items.map((i) => i.key));
  expect(keys).not.toContain('L1|S1|お伺い|2026-11-20');
  t.call('applyFollowUpAction', { keys: ['L1|S1|お伺い|2026-11-20'], action: 'approveLine', send: true });
  expect(line.to()).toEqual([]);
  tally.faultsInjected++;
});

test('a draft the owner sent from Gmail is recorded 送信済 when they skip or snooze it, never made again', () => {
  const t = shop([{ 顧客ID: 'C1', 氏名: '佐藤 美咲', メール: 'misaki@example.jp', ...SECOND_VISIT }]);
  t.call('runScheduled', {});
  const draftId = String(t.records('連絡履歴')[0]['下書きID']);
  t.at('2026-11-22', 9);
  t.services.gmail.sendDraft(draftId);
  const reply = t.call<{ ok: boolean; message: string }>('applyFollowUpAction', {
    keys: ['C1|S1|お伺い|2026-11-20'],
    action: 'snooze',
    date: '2026-11-24',
  });
  expect(reply.message).toContain('Gmailから送信済みでした');
  expect(states(t)).toEqual(['C1|S1|お伺い|2026-11-20 送信済']);
  t.at('2026-11-24', 8);
  t.call('runScheduled', {});
  expect(t.services.exportState().gmail.drafts).toHaveLength(0);
  tally.duplicatesFound += t.services.exportState().gmail.drafts.length;
});

test('a day stopped by the time budget at exactly its daily limit is finished by the next hour', () => {
  const t = shop(
    ['M1', 'M2', 'M3'].map((id) => ({
      顧客ID: id,
      氏名: id,
      メール: `${id.toLowerCase()}@example.jp`,
      ...SECOND_VISIT,
    })),
    [['1日のメール上限', 3]],
  );
  t.services.calls.onCall = (service, method) => {
    if (service === 'GmailApp' && method === 'createDraft') t.clock.advance(140_000);
  };
  expect(t.call<{ interrupted: number }>('runScheduled', {}).interrupted).toBe(1);
  t.services.calls.onCall = undefined;
  t.at('2026-11-22', 10);
  t.call('runScheduled', {});
  expect(states(t).map((s) => s.split(' ')[1])).toEqual(['下書き', '下書き', '下書き']);
  tally.runsRepeated++;
});

test('two customers sharing one address each get their own draft after a Gmail quota day', () => {
  const t = shop(
    [
      { 顧客ID: 'A', 氏名: '佐藤 美咲', メール: 'family@example.jp', ...SECOND_VISIT },
      { 顧客ID: 'B', 氏名: '佐藤 一郎', メール: 'family@example.jp', ...SECOND_VISIT },
    ],
    [],
    { gmailDailyQuota: 1 },
  );
  t.call('runScheduled', {});
  t.services.gmail.dailyQuota = undefined;
  t.at('2026-11-23', 8);
  t.call('runScheduled', {});
  const drafts = t.services.exportState().gmail.drafts;
  expect(drafts).toHaveLength(2);
  expect(new Set(t.records('連絡履歴').map((r) => r['下書きID'])).size).toBe(2);
  tally.contactsLost += 2 - drafts.length;
});

test('a bulk approve-and-send approves and sends what it can, and says which rows need checking', () => {
  const line = lineStandIn();
  const t = shop(
    [
      { 顧客ID: 'L1', 氏名: '高橋 花子', LINEユーザーID: `U${'1'.repeat(32)}`, ...SECOND_VISIT },
      { 顧客ID: 'L2', 氏名: '伊藤 誠', LINEユーザーID: `U${'2'.repeat(32)}`, ...SECOND_VISIT },
    ],
    [],
    { fetch: line.handler, documentProperties: { 'tsunagu.line.token': 'token' } },
  );
  t.call('runScheduled', {});
  const outbox = t.services.spreadsheet.getSheetByName('LINE送信');
  const header = (t.values('LINE送信') ?? [])[0];
  outbox?.getRange(3, header.indexOf('状態') + 1).setValue('要確認');
  t.at('2026-11-22', 10, 5);
  const reply = t.call<{ ok: boolean; message: string }>('applyFollowUpAction', {
    keys: ['L1|S1|お伺い|2026-11-20', 'L2|S1|お伺い|2026-11-20'],
    action: 'approveLine',
    send: true,
  });
  expect(reply.ok).toBe(true);
  expect(reply.message).toContain('送信中・要確認の1件');
  expect(line.to()).toEqual([`U${'1'.repeat(32)}`]);
  expect(states(t)).toEqual(['L1|S1|お伺い|2026-11-20 送信済', 'L2|S1|お伺い|2026-11-20 承認待ち']);
  t.at('2026-11-22', 11);
  t.call('runScheduled', {});
  expect(line.pushes).toHaveLength(1);
});

test('a LINE the owner withdrew on LINE送信 (スキップ) is not put back by the next run', () => {
  const t = shop([
    { 顧客ID: 'L1', 氏名: '高橋 花子', LINEユーザーID: `U${'1'.repeat(32)}`, ...SECOND_VISIT },
  ]);
  t.call('runScheduled', {});
  const header = (t.values('LINE送信') ?? [])[0];
  t.services.spreadsheet
    .getSheetByName('LINE送信')
    ?.getRange(2, header.indexOf('状態') + 1)
    .setValue('スキップ');
  t.at('2026-11-23', 8);
  t.call('runScheduled', {});
  expect(states(t, 'LINE送信')).toEqual(['L1|S1|お伺い|2026-11-20 スキップ']);
});

describe('a list that changed since the owner saw it', () => {
  const lineCustomer = (id: string, n: number) => ({
    顧客ID: id,
    氏名: `客 ${id}`,
    LINEユーザーID: `U${String(n).padStart(32, '0')}`,
    ...SECOND_VISIT,
  });
  interface View {
    today: string;
    groups: { channel: string; total: number; sendable: number; items: { key: string }[] }[];
  }

  test('a group bulk send is refused when the group is not what the button said, and sends no one', () => {
    const line = lineStandIn();
    const t = shop([lineCustomer('C3', 3), lineCustomer('C5', 5)], [], {
      hour: 10,
      preparing: false,
      fetch: line.handler,
      documentProperties: { 'tsunagu.line.token': 'token' },
    });
    const view = t.call<View>('getTodayFollowUps');
    const group = view.groups.find((g) => g.channel === 'LINE');
    expect(group?.sendable).toBe(2);
    // A customer is added before the click: the group now has three.
    const sheet = t.services.spreadsheet.getSheetByName('顧客');
    const header = (t.values('顧客') ?? [])[0].map(String);
    const added = lineCustomer('C6', 6) as Record<string, unknown>;
    sheet?.getRange(4, 1, 1, header.length).setValues([header.map((h) => (added[h] ?? '') as string)]);
    const bulk = { group: 'LINE', action: 'approveLine', send: true, today: view.today, count: 2 };
    expect(t.call('applyFollowUpAction', bulk)).toMatchObject({
      ok: false,
      message: expect.stringContaining('一覧が変わりました'),
    });
    expect(line.to()).toEqual([]);
    // Seen again, it goes to the three.
    t.call('applyFollowUpAction', { ...bulk, count: 3 });
    expect(line.pushes).toHaveLength(3);
  });

  test('さらに表示 asks by what is shown, so an item done elsewhere in between skips nothing', () => {
    const t = shop(
      Array.from({ length: 102 }, (_, i) => lineCustomer(`C${String(i + 1).padStart(3, '0')}`, i + 1)),
    );
    t.call('runDailyFollowUps');
    const group = t.call<View>('getTodayFollowUps').groups.find((g) => g.channel === 'LINE');
    expect([group?.total, group?.items.length]).toEqual([102, 100]);
    const shown = group?.items.map((i) => i.key) ?? [];
    t.call('applyFollowUpAction', { keys: [shown[0]], action: 'skip' });
    const page = t.call<{ items: { key: string }[]; remaining: number }>('getFollowUpPage', 'LINE', shown);
    expect(page.items.map((i) => i.key.split('|')[0])).toEqual(['C101', 'C102']);
    expect(page.remaining).toBe(0);
  });
});
