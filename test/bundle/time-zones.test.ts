/**
 * Apps Script's V8 runtime is not documented to give Intl.DateTimeFormat the offset time-zone names ('longOffset',
 * 'shortOffset') that Intl-based time-zone libraries read offsets from. Under an Intl without them, Tsunagu plans
 * the same day as with node's, keeps LINE quiet at night, and sends it in the day: its offsets come from
 * Utilities.formatDate. When even those cannot be had, every entry point stops with a Japanese message.
 */
import vm from 'node:vm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  C4_CALLER,
  C4_INQUIRY_SENT,
  SECOND_VISIT,
  customerSheet,
  lineStandIn,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

const LINE_IDS = [`U${'1'.repeat(32)}`, `U${'2'.repeat(32)}`];

/** On 2026-11-22 an email, two LINE (sent by themselves) and a call are due; the daily run is at 2:00. */
function shop(intl: 'node' | 'withoutOffsetNames', line = lineStandIn()) {
  const t = loadTsunagu({
    sheets: [
      customerSheet([
        { 顧客ID: 'M1', 氏名: '佐藤 美咲', メール: 'm1@example.jp', ...SECOND_VISIT },
        { 顧客ID: 'L1', 氏名: '高橋 花子', LINEユーザーID: LINE_IDS[0], ...SECOND_VISIT },
        { 顧客ID: 'L2', 氏名: '伊藤 誠', LINEユーザーID: LINE_IDS[1], ...SECOND_VISIT },
        { ...C4_CALLER },
      ]),
      settingsSheet([...SHOP_SETTINGS, ['LINE自動送信', 'TRUE'], ['毎日の実行時刻', 2]]),
      logSheet([C4_INQUIRY_SENT]),
    ],
    today: '2026-11-22',
    hour: 3,
    fetch: line.handler,
    documentProperties: { 'tsunagu.line.token': 'token' },
    intlDateTimeFormat: intl,
  });
  return { t, line };
}

function sheets(t: Tsunagu) {
  return Object.fromEntries(['顧客', '連絡履歴', 'LINE送信', '電話リスト'].map((s) => [s, t.values(s)]));
}

describe('an Intl without offset time-zone names', () => {
  test('the variant bites: such an Intl throws where Intl-based libraries read offsets, and nothing else', () => {
    const { t } = shop('withoutOffsetNames');
    const run = (code: string) => vm.runInContext(code, t.bundle.context) as unknown;
    expect(() =>
      run(`new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Tokyo', timeZoneName: 'longOffset' })`),
    ).toThrow(/out of range/);
    expect(() => run(`new Intl.DateTimeFormat('en-US', { timeZoneName: 'shortOffset' })`)).toThrow(
      /out of range/,
    );
    expect(
      run(`new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit' }).format(0)`),
    ).toBe('09');
    expect(run(`new Intl.DateTimeFormat('en-US') instanceof Intl.DateTimeFormat`)).toBe(true);
  });

  test('the bundle does not ask Intl for offset names at all', () => {
    const code = readFileSync(join(__dirname, '../../dist/Code.js'), 'utf8');
    expect(code).not.toMatch(/longOffset|shortOffset/);
  });

  test('the daily run plans and prepares the day as under node’s Intl; LINE waits at 3:00 and goes at 10:00', () => {
    const reference = shop('node');
    reference.t.call('runScheduled', {});
    const { t, line } = shop('withoutOffsetNames');
    const summary = t.call<{ today: string; dueToday: number } | null>('runScheduled', {});
    expect(summary).toMatchObject({ today: '2026-11-22', dueToday: 4 });
    expect(sheets(t)).toEqual(sheets(reference.t));
    // Prepared, approved by LINE自動送信, and held: 3:00 is outside 9:00–20:00.
    expect(t.records('LINE送信').map((r) => r['状態'])).toEqual(['承認済', '承認済']);
    expect(line.pushes).toHaveLength(0);
    t.at('2026-11-22', 8, 59);
    t.call('runScheduled', {});
    expect(line.pushes).toHaveLength(0);
    t.at('2026-11-22', 10);
    t.call('runScheduled', {});
    expect(line.to().sort()).toEqual(LINE_IDS);
    expect(t.records('LINE送信').map((r) => r['状態'])).toEqual(['送信済', '送信済']);
  });

  test('LINE prepared at 2:00 waits through the night, whichever way it is sent, and goes at 9:00', () => {
    const { t, line } = shop('withoutOffsetNames');
    t.at('2026-11-22', 2);
    t.call('runScheduled', {});
    for (const [day, hour] of [
      ['2026-11-22', 2],
      ['2026-11-22', 8],
    ] as const) {
      t.at(day, hour, 30);
      t.call('runScheduled', {});
      t.call('sendApprovedLine');
      expect([day, hour, line.pushes.length]).toEqual([day, hour, 0]);
    }
    t.at('2026-11-22', 9);
    t.call('runScheduled', {});
    expect(line.pushes).toHaveLength(2);
  });
});

describe('when the time zone’s offset cannot be known, nothing is planned or sent', () => {
  /** Utilities.formatDate answering something that is not an offset (or throwing). */
  function brokenFormatDate(t: Tsunagu, answer: () => string) {
    const utilities = t.bundle.context.Utilities as { formatDate: (...args: unknown[]) => string };
    utilities.formatDate = answer;
  }

  test.each([
    ['an answer that is not an offset', () => 'GMT'],
    [
      'an error',
      () => {
        throw new Error('Service error: Utilities');
      },
    ],
  ])('Utilities.formatDate gives %s: the hourly trigger stops with a Japanese message', (_, answer) => {
    const { t, line } = shop('withoutOffsetNames');
    t.at('2026-11-22', 10);
    brokenFormatDate(t, answer);
    const before = sheets(t);
    let thrown = '';
    try {
      t.call('runScheduled', {});
    } catch (error) {
      thrown = String(error);
    }
    expect(thrown).toMatch(/日付と時刻がわからなかった|思わぬエラー/);
    expect(line.pushes).toHaveLength(0);
    expect(sheets(t)).toEqual(before);
  });

  test('the menu’s LINE sending stops too, with the message shown to the owner', () => {
    const { t, line } = shop('withoutOffsetNames');
    t.call('runScheduled', {});
    t.at('2026-11-22', 10);
    brokenFormatDate(t, () => '+0900');
    expect(t.call('sendApprovedLine')).toBeNull();
    expect(line.pushes).toHaveLength(0);
    expect(JSON.stringify(t.services.ui.alerts)).toContain('タイムゾーン');
  });
});
