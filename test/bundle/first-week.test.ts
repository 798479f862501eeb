/**
 * The wizard's first-week forecast against the real thing: seven chained daily runs of dist/Code.js, the owner
 * doing each day's list that day (every Gmail draft sent from Gmail, the letters printed and marked, every call made
 * and answered 満足) — what the forecast promises (src/core/first-week.ts). Second contacts inside the week (S1's
 * お伺い, then its 電話確認 five days later) are in both.
 */
import type { CellValue } from '../fakes';
import {
  customerSheet,
  dateCell,
  loadTsunagu,
  SECOND_VISIT,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

interface WizardFinish {
  forecast: string[];
}

const WEEK = [
  '2026-11-22',
  '2026-11-23',
  '2026-11-24',
  '2026-11-25',
  '2026-11-26',
  '2026-11-27',
  '2026-11-28',
];

/** A 整体 shop whose visits of 11/20 make an お伺い on 11/22 and, once it is done, a 電話確認 on 11/27. */
function shop(settings: [string, CellValue][] = [], preparing = false): Tsunagu {
  return loadTsunagu({
    sheets: [
      customerSheet([
        // Email, and a phone the owner may call: the お伺い by email, the 電話確認 by phone.
        {
          顧客ID: 'C1',
          氏名: '佐藤 美咲',
          メール: 'misaki@example.jp',
          電話: '090-1111-1111',
          電話許可: true,
          ...SECOND_VISIT,
        },
        // A letter, then a call.
        {
          顧客ID: 'C2',
          氏名: '鈴木 一郎',
          郵便番号: '154-0004',
          住所: '東京都世田谷区太子堂1-2-3',
          電話: '090-2222-2222',
          電話許可: true,
          ...SECOND_VISIT,
        },
        // Email only: the 電話確認 goes by email too.
        { 顧客ID: 'C3', 氏名: '高橋 花子', メール: 'hanako@example.jp', ...SECOND_VISIT },
        // 服 (お伺い 7 days after the visit): on 11/29, the eighth day.
        {
          顧客ID: 'C4',
          氏名: '田中 健',
          メール: 'ken@example.jp',
          最終来店日: dateCell('2026-11-22'),
          来店回数: 2,
          カテゴリ: '服',
        },
      ]),
      settingsSheet([...SHOP_SETTINGS, ...settings]),
    ],
    today: '2026-11-22',
    hour: 9,
    preparing,
  });
}

/**
 * Seven mornings: the daily run, then the owner does the day's list. What each run prepared, by channel — the first
 * day's counting what was prepared since `seen` (a run before the wizard's, when preparing is on).
 */
function weekOfRuns(
  t: Tsunagu,
  seen?: Set<string>,
): { channels: Record<string, number>; customers: number; days: number } {
  const channels: Record<string, number> = {};
  const customers = new Set<string>();
  let days = 0;
  const keys = () => new Set(t.records('連絡履歴').map((r) => String(r['キー'])));
  for (const day of WEEK) {
    t.at(day, 9);
    const before = day === WEEK[0] && seen ? seen : keys();
    t.call('runDailyFollowUps');
    const prepared = t.records('連絡履歴').filter((r) => r['キー'] !== '' && !before.has(String(r['キー'])));
    if (prepared.length > 0) days++;
    for (const r of prepared) {
      channels[String(r['チャネル'])] = (channels[String(r['チャネル'])] ?? 0) + 1;
      customers.add(String(r['顧客ID']));
    }
    // The owner's day: the drafts sent from Gmail, the letters printed, the calls made.
    t.at(day, 18);
    for (const draft of t.services.gmail.draftRecords()) t.services.gmail.ownerSendsDraft(draft.id);
    t.call('markLettersPrinted');
    const calls = t.records('電話リスト').map((r) => String(r['キー']));
    if (calls.length > 0) t.call('applyFollowUpAction', { keys: calls, action: 'called', outcome: '満足' });
  }
  return { channels, customers: customers.size, days };
}

describe('the first-week forecast is what seven daily runs prepare while the owner does each day’s list', () => {
  test('the お伺い and, five days after it was done, the 電話確認: counted in the forecast and prepared by the runs', () => {
    const t = shop();
    const { forecast } = t.call<WizardFinish>('finishSetupWizard', {});
    expect(forecast.slice(0, 2)).toEqual([
      'はじめの1週間（11月22日〜11月28日）：3人のお客様に、連絡 6件を2日に分けて準備します（メール 3通・手紙 1通・電話 2件）。',
      '手紙 1通の郵便代は 約110円です。',
    ]);
    expect(forecast[2]).toContain('毎日の分をその日のうちに済ませた');
    t.services.properties.document.setProperty('tsunagu.preparing', 'on');
    expect(weekOfRuns(t)).toEqual({ channels: { メール: 3, 手紙: 1, 電話: 2 }, customers: 3, days: 2 });
  });

  test('a daily email limit of 1: the second お伺い waits a day, its 電話確認 with it — the same in both', () => {
    const t = shop([['1日のメール上限', 1]]);
    const { forecast } = t.call<WizardFinish>('finishSetupWizard', {});
    expect(forecast[0]).toBe(
      'はじめの1週間（11月22日〜11月28日）：3人のお客様に、連絡 6件を4日に分けて準備します（メール 3通・手紙 1通・電話 2件）。',
    );
    t.services.properties.document.setProperty('tsunagu.preparing', 'on');
    expect(weekOfRuns(t)).toEqual({ channels: { メール: 3, 手紙: 1, 電話: 2 }, customers: 3, days: 4 });
  });

  test('preparing already on (自動実行 ran this morning): today’s drafts, letter and follow-ons are counted the same', () => {
    const t = shop([], true);
    t.call('runDailyFollowUps');
    // This morning's run prepared today's お伺い: open rows (下書き, 印刷待ち) the planner has nothing due for.
    const open = t.records('連絡履歴').map((r) => `${String(r['チャネル'])}:${String(r['状態'])}`);
    expect(open.sort()).toEqual(['メール:下書き', 'メール:下書き', '手紙:印刷待ち']);
    const { forecast } = t.call<WizardFinish>('finishSetupWizard', {});
    expect(forecast.slice(0, 2)).toEqual([
      'はじめの1週間（11月22日〜11月28日）：3人のお客様に、連絡 6件を2日に分けて準備します（メール 3通・手紙 1通・電話 2件）。',
      '手紙 1通の郵便代は 約110円です。',
    ]);
    expect(weekOfRuns(t, new Set())).toEqual({
      channels: { メール: 3, 手紙: 1, 電話: 2 },
      customers: 3,
      days: 2,
    });
  });
});
