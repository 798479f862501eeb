/**
 * Faults from outside Tsunagu: a protected range, a sheet the owner deleted. Each leaves a state the next run
 * resumes from, and a Japanese message that says what to do.
 */
import type { FetchRequest, FetchResponse } from '../fakes';
import {
  lineStandIn,
  customerSheet,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
  ONE_PER_CHANNEL,
} from '../bundle/harness';
import { tally } from './tally';

const PROTECTED =
  'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.';

function shop(fetch?: (r: FetchRequest) => FetchResponse): Tsunagu {
  return loadTsunagu({
    sheets: [customerSheet(ONE_PER_CHANNEL), settingsSheet(SHOP_SETTINGS)],
    today: '2026-11-22',
    fetch,
    documentProperties: { 'tsunagu.line.token': 'token' },
  });
}

const states = (t: Tsunagu) => t.records('連絡履歴').map((r) => `${String(r['キー'])} ${String(r['状態'])}`);

describe('a protected range', () => {
  test.each(['Range.setValues', 'Spreadsheet.insertSheet', 'Range.setNumberFormats'])(
    'refusing %s stops the run with what to do, and once unprotected the next run does the day once',
    (method) => {
      const clean = shop();
      clean.call('runDailyFollowUps');
      const t = shop();
      let refused = 0;
      t.services.calls.onCall = (service, called) => {
        if (service === 'SpreadsheetApp' && called === method && refused++ === 0) throw new Error(PROTECTED);
      };
      t.call('runDailyFollowUps');
      t.services.calls.onCall = undefined;
      tally.faultsInjected++;
      expect(refused).toBeGreaterThan(0);
      expect(t.services.ui.alerts.at(-1)?.prompt).toContain('保護されています。保護を外すか');
      t.call('runDailyFollowUps');
      tally.runsRepeated++;
      expect(states(t)).toEqual(states(clean));
      expect(t.services.exportState().gmail.drafts).toHaveLength(1);
    },
  );
});

describe('a sheet the owner deleted', () => {
  test('LINE送信 deleted with a LINE waiting: the next run puts the row back, and it is sent once', () => {
    const { handler, pushes } = lineStandIn();
    const t = shop(handler);
    t.call('runDailyFollowUps');
    const outbox = t.services.spreadsheet.getSheetByName('LINE送信');
    if (outbox) t.services.spreadsheet.deleteSheet(outbox);
    tally.faultsInjected++;
    t.at('2026-11-22', 10);
    expect(t.call<{ message: string }>('sendApprovedLine').message).toBe('送信するLINEはありません。');
    t.at('2026-11-23', 8);
    t.call('runDailyFollowUps');
    tally.runsRepeated++;
    expect(t.records('LINE送信')).toEqual([
      expect.objectContaining({ キー: 'L1|S1|お伺い|2026-11-20', 状態: '承認待ち' }),
    ]);
    const header = (t.values('LINE送信') ?? [])[0];
    t.services.spreadsheet
      .getSheetByName('LINE送信')
      ?.getRange(2, header.indexOf('承認') + 1)
      .setValue(true);
    t.at('2026-11-23', 10);
    t.call('sendApprovedLine');
    t.call('sendApprovedLine');
    expect(pushes).toHaveLength(1);
    expect(states(t)).toContain('L1|S1|お伺い|2026-11-20 送信済');
  });

  test('手紙, 宛名ラベル and 電話リスト deleted: rebuilt by the next run, nothing prepared twice', () => {
    const t = shop();
    t.call('runDailyFollowUps');
    for (const name of ['手紙', '宛名ラベル', '電話リスト']) {
      const sheet = t.services.spreadsheet.getSheetByName(name);
      if (sheet) t.services.spreadsheet.deleteSheet(sheet);
      tally.faultsInjected++;
    }
    t.at('2026-11-23', 8);
    t.call('runDailyFollowUps');
    tally.runsRepeated++;
    expect(JSON.stringify(t.values('手紙'))).toContain('鈴木 一郎 様');
    expect(JSON.stringify(t.values('宛名ラベル'))).toContain('鈴木 一郎');
    expect(states(t).filter((s) => s.startsWith('P1|'))).toEqual(['P1|S1|お伺い|2026-11-20 印刷待ち']);
  });

  test('顧客 deleted: a Japanese message naming it, and nothing written', () => {
    const t = shop();
    const customers = t.services.spreadsheet.getSheetByName('顧客');
    if (customers) t.services.spreadsheet.deleteSheet(customers);
    tally.faultsInjected++;
    const before = JSON.stringify(t.services.spreadsheet.toData());
    expect(t.call('runDailyFollowUps')).toBeNull();
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain('「顧客」シートが見つかりません');
    expect(JSON.stringify(t.services.spreadsheet.toData())).toBe(before);
  });
});
