import {
  CUSTOMER_HEADER,
  customerSheet,
  dateCell,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

/**
 * S9 お誕生日 through dist/Code.js (issue 18 item 1): 誕生日 read from the owner's 顧客 sheet as they write it,
 * 誕生日特典 from 設定, the greeting prepared on the day (an email) or a week ahead (a letter), 要確認 for a
 * birthday that cannot be read.
 */
const HEADER = [...CUSTOMER_HEADER, 'メール同意', '誕生日', '次回連絡日', '次回連絡内容', '理由', '要確認'];

function run(
  customers: Record<string, unknown>[],
  today: string,
  settings: [string, string][] = [],
): Tsunagu {
  const t = loadTsunagu({
    sheets: [customerSheet(customers as never[], HEADER), settingsSheet([...SHOP_SETTINGS, ...settings])],
    today,
    hour: 9,
  });
  t.call('runDailyFollowUps');
  return t;
}

const MAIL = {
  メール: 'misaki@example.jp',
  メール同意: true,
  最終来店日: dateCell('2026-04-01'),
  来店回数: 4,
};
const POST = {
  郵便番号: '154-0004',
  住所: '東京都世田谷区太子堂1-2-3',
  最終来店日: dateCell('2026-04-01'),
  来店回数: 4,
};

function customerRow(t: Tsunagu, id: string) {
  return t.records('顧客').find((r) => r['顧客ID'] === id) ?? {};
}

describe('S9 お誕生日 through the bundle', () => {
  test('「5月3日」 typed as text: an email draft on the day, with the 特典 until the end of May', () => {
    const t = run([{ 顧客ID: 'C1', 氏名: '佐藤 美咲', ...MAIL, 誕生日: '5月3日' }], '2026-05-03', [
      ['誕生日特典', 'ヘッドスパ10分延長'],
    ]);
    const row = t.records('連絡履歴').find((r) => r['シナリオ'] === 'お誕生日');
    expect(row).toMatchObject({
      顧客ID: 'C1',
      ステップ: 'お祝い',
      チャネル: 'メール',
      キー: 'C1|S9|お祝い|2026-05-03',
    });
    const [{ message: draft }] = t.services.exportState().gmail.drafts;
    expect(draft.subject).toBe('お誕生日おめでとうございます（ここち堂）');
    expect(draft.plainBody).toContain('お誕生日おめでとうございます。ここち堂です。');
    expect(draft.plainBody).toContain(
      'ヘッドスパ10分延長をご用意いたしました。5月31日（日）までにご来店の際',
    );
  });

  test('a date cell whose year Sheets added, no LINE or email: a letter prepared 7 days ahead', () => {
    const t = run(
      [{ 顧客ID: 'C2', 氏名: '青木 花子', ...POST, 誕生日: dateCell('2026-05-10') }],
      '2026-05-03',
    );
    const row = t.records('連絡履歴').find((r) => r['シナリオ'] === 'お誕生日');
    expect(row).toMatchObject({ チャネル: '手紙', キー: 'C2|S9|お祝い|2026-05-10' });
    expect(String(row?.['内容'])).toContain('お誕生日おめでとうございます');
    expect(String(row?.['内容'])).not.toContain('遅ればせながら');
    expect(String(row?.['内容'])).not.toContain('特典');
  });

  test('before the day: 次回連絡日 and 理由 name the birthday; 和暦 reads as its month and day', () => {
    const t = run([{ 顧客ID: 'C3', 氏名: '田中 健', ...MAIL, 誕生日: '昭和55年6月1日' }], '2026-05-03');
    const row = customerRow(t, 'C3');
    expect(row['次回連絡日']).toEqual(dateCell('2026-06-01'));
    expect(row['次回連絡内容']).toBe('お誕生日（お祝い）');
    expect(String(row['理由'])).toContain('お誕生日（6月1日）');
  });

  test('an unreadable 誕生日: 要確認 names it, and the rest of the row still works', () => {
    const t = run([{ 顧客ID: 'C4', 氏名: '山田 一郎', ...MAIL, 誕生日: '5月ごろ' }], '2026-05-03');
    const row = customerRow(t, 'C4');
    expect(String(row['要確認'])).toContain('誕生日「5月ごろ」を月日として読めません');
    expect(t.records('連絡履歴').some((r) => r['シナリオ'] === 'お誕生日')).toBe(false);
  });
});
