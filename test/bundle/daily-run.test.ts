import type { CellValue, SheetData } from '../fakes';
import {
  C1_MAIL,
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  wall,
  type Tsunagu,
} from './harness';

const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;

/** Four customers whose S1 step is due on 2026-11-22 by each channel, and one not due yet. */
function shop(extra: Record<string, CellValue>[] = []): SheetData[] {
  return [
    customerSheet([
      { ...C1_MAIL, 満足度: '' },
      {
        顧客ID: 'C2',
        氏名: '鈴木 一郎',
        郵便番号: '〒154-0004',
        住所: '東京都世田谷区太子堂1-2-3',
        最終来店日: '2026/11/20',
        来店回数: 1,
        カテゴリ: '整体',
        購入商品: '全身もみほぐし',
      },
      {
        顧客ID: 'C3',
        氏名: '高橋 花子',
        LINEユーザーID: LINE_ID,
        最終来店日: '令和8年11月20日',
        来店回数: 3,
        カテゴリ: '整体',
        購入商品: 'ヘッドスパ',
      },
      { ...C4_CALLER, 満足度: '満足' },
      {
        顧客ID: 'C5',
        氏名: '伊藤 誠',
        メール: 'makoto@example.jp',
        最終来店日: dateCell('2026-11-21'),
        来店回数: 2,
        カテゴリ: '整体',
        購入商品: '骨盤調整60分',
      },
      ...extra,
    ]),
    settingsSheet(SHOP_SETTINGS),
    logSheet([C4_INQUIRY_SENT]),
  ];
}

const run = (t: Tsunagu) =>
  t.call<{ prepared: Record<string, number>; preview: boolean } | null>('runDailyFollowUps');
const byId = (t: Tsunagu) => new Map(t.records('顧客').map((r) => [String(r['顧客ID']), r]));
const log = (t: Tsunagu) => t.records('連絡履歴');

describe('runDailyFollowUps through the bundle', () => {
  test('fills 次回連絡日 … 要確認 for every customer and prepares each due step by its channel', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    const summary = run(t);
    expect(summary?.prepared).toEqual({ メール: 1, LINE: 1, 手紙: 1, 電話: 1 });

    const rows = byId(t);
    expect(rows.get('C1')).toMatchObject({
      次回連絡日: new Date(wall('2026-11-22', 0)),
      次回連絡内容: '購入後フォロー（お伺い）',
      次回チャネル: 'メール',
    });
    expect(rows.get('C2')).toMatchObject({ 次回チャネル: '手紙' });
    expect(rows.get('C3')).toMatchObject({ 次回チャネル: 'LINE' });
    expect(rows.get('C4')).toMatchObject({
      次回連絡内容: '購入後フォロー（電話確認）',
      次回チャネル: '電話',
    });
    expect(rows.get('C5')).toMatchObject({
      次回連絡日: new Date(wall('2026-11-23', 0)),
      次回連絡内容: '購入後フォロー（お伺い）',
    });
    expect(String(rows.get('C1')?.['理由'])).toContain('最終来店日（2026/11/20）の2日後');

    const states = log(t)
      .slice(1)
      .map((r) => [r['顧客ID'], r['状態'], r['キー']]);
    expect(states).toEqual([
      ['C1', '下書き', 'C1|S1|お伺い|2026-11-20'],
      ['C2', '印刷待ち', 'C2|S1|お伺い|2026-11-20'],
      ['C3', '承認待ち', 'C3|S1|お伺い|2026-11-20'],
      ['C4', '予定', 'C4|S1|電話確認|2026-11-10'],
    ]);

    const drafts = t.services.exportState().gmail.drafts;
    expect(drafts).toHaveLength(1);
    expect(drafts[0].message).toMatchObject({
      to: 'misaki@example.jp',
      subject: 'ご利用後のご様子伺い（ここち堂）',
    });
    expect(drafts[0].message.plainBody).toContain('骨盤調整60分について、その後いかがでしょうか。');
    expect(drafts[0].message.plainBody).toContain('佐藤 美咲 様');
    expect(drafts[0].message.plainBody).toContain('配信を停止することができます');
    expect(drafts[0].message.htmlBody).toContain('<br>');
    expect(log(t)[1]['下書きID']).toBe(drafts[0].id);

    const letters = (t.values('手紙') ?? []).map((r) => String(r[0]));
    expect(letters).toEqual(
      expect.arrayContaining(['〒154-0004', '鈴木 一郎 様', '敬具', '令和8年11月22日']),
    );
    expect(letters.some((l) => l.startsWith('拝啓'))).toBe(true);

    expect(t.records('LINE送信')).toEqual([
      expect.objectContaining({
        キー: 'C3|S1|お伺い|2026-11-20',
        LINEユーザーID: LINE_ID,
        承認: false,
        状態: '承認待ち',
      }),
    ]);
  });

  test('a second run on the same day prepares nothing again', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    run(t);
    const rowsBefore = log(t).length;
    t.at('2026-11-22', 15);
    expect(run(t)?.prepared).toEqual({ メール: 0, LINE: 0, 手紙: 0, 電話: 0 });
    expect(log(t)).toHaveLength(rowsBefore);
    expect(t.services.exportState().gmail.drafts).toHaveLength(1);
    expect(t.records('LINE送信')).toHaveLength(1);
  });

  test('a draft the owner sent is 送信済 the next day and the 電話確認 follows it; a deleted one is スキップ', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    run(t);
    const sentId = log(t)[1]['下書きID'] as string;
    t.services.gmail.ownerSendsDraft(sentId);
    t.at('2026-11-23');
    run(t);
    expect(log(t)[1]).toMatchObject({ 状態: '送信済', キー: 'C1|S1|お伺い|2026-11-20' });
    expect(byId(t).get('C1')).toMatchObject({
      次回連絡内容: '購入後フォロー（電話確認）',
      次回連絡日: new Date(wall('2026-11-27', 0)), // 5 days after it was sent on 11-22
    });

    const c5Draft = log(t).find((r) => r['顧客ID'] === 'C5')?.['下書きID'] as string;
    t.services.gmail.ownerDeletesDraft(c5Draft);
    t.at('2026-11-24');
    run(t);
    expect(log(t).find((r) => r['顧客ID'] === 'C5')).toMatchObject({
      状態: 'スキップ',
      備考: expect.stringContaining('削除'),
    });
  });

  test('in preview it fills 次回連絡日 but prepares nothing', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', preparing: false });
    expect(run(t)?.preview).toBe(true);
    expect(byId(t).get('C1')?.['次回連絡日']).toEqual(new Date(wall('2026-11-22', 0)));
    expect(log(t)).toHaveLength(1); // only the row that was there
    expect(t.services.exportState().gmail.drafts).toHaveLength(0);
    expect(t.values('LINE送信')).toBeUndefined();
  });

  test('owner cells are never changed — 満足度 included — and columns are found wherever the owner moved them', () => {
    const sheets = shop();
    const customers = sheets[0];
    // The owner moved columns around and added one of their own.
    const order = [3, 0, 15, 1, 12, 2, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14];
    customers.values = customers.values.map((row, i) => [
      ...order.map((c) => row[c]),
      i === 0 ? '担当' : '山本',
    ]);
    const before = customers.values.map((r) => [...r]);
    const t = loadTsunagu({ sheets, today: '2026-11-22' });
    run(t);
    const after = t.values('顧客') ?? [];
    for (let r = 0; r < before.length; r++) {
      expect(after[r].slice(0, before[r].length)).toEqual(before[r]);
    }
    expect(after[0].slice(before[0].length)).toEqual([
      '次回連絡日',
      '次回連絡内容',
      '次回チャネル',
      '理由',
      '要確認',
    ]);
    expect(byId(t).get('C4')?.['満足度']).toBe('満足');
  });

  test('a missing required header stops with a Japanese message naming it, before anything is written', () => {
    const sheets = shop();
    sheets[0].values[0] = sheets[0].values[0].map((h) => (h === '氏名' ? 'なまえ？' : h));
    const t = loadTsunagu({ sheets, today: '2026-11-22' });
    const before = JSON.stringify(t.services.spreadsheet.toData());
    expect(run(t)).toBeNull();
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain('見出し「氏名」がありません');
    expect(JSON.stringify(t.services.spreadsheet.toData())).toBe(before);
  });

  test('a run while another holds the script lock says so and writes nothing', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    t.services.locks.holdByOther('script');
    const before = JSON.stringify(t.services.spreadsheet.toData());
    expect(run(t)).toBeNull();
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain('別の処理');
    expect(JSON.stringify(t.services.spreadsheet.toData())).toBe(before);
  });

  test("customer text that looks like a formula stays text in Tsunagu's sheets", () => {
    const t = loadTsunagu({
      sheets: shop([
        {
          顧客ID: 'C9',
          氏名: '=HYPERLINK("http://x","y")',
          メール: 'x@example.jp',
          最終来店日: dateCell('2026-11-20'),
          来店回数: 2,
          カテゴリ: '整体',
          購入商品: '+81',
        },
      ]),
      today: '2026-11-22',
    });
    run(t);
    const row = log(t).find((r) => r['顧客ID'] === 'C9');
    expect(row?.['氏名']).toBe('=HYPERLINK("http://x","y")');
    expect(t.services.spreadsheet.toData().sheets.flatMap((s) => Object.keys(s.formulas ?? {}))).toEqual([]);
  });

  test("when Gmail's daily quota runs out mid-batch it stops asking, leaves the rest 失敗, says so, and the next day finishes", () => {
    const more = ['C6', 'C7'].map((id, i) => ({
      顧客ID: id,
      氏名: `客 ${i}`,
      メール: `${id.toLowerCase()}@example.jp`,
      最終来店日: dateCell('2026-11-20'),
      来店回数: 2,
      カテゴリ: '整体',
      購入商品: '骨盤調整60分',
    }));
    const t = loadTsunagu({ sheets: shop(more), today: '2026-11-22', gmailDailyQuota: 1 });
    const summary = t.call<{ prepared: Record<string, number>; mailFailed: number; gmailLimit: boolean }>(
      'runDailyFollowUps',
    );
    expect(summary).toMatchObject({ mailFailed: 2, gmailLimit: true });
    expect(summary.prepared['メール']).toBe(1);
    // One draft, one refusal, and then Gmail is left alone.
    expect(t.services.calls.count('GmailApp', 'createDraft')).toBe(2);
    const emails = log(t).filter((r) => ['C1', 'C6', 'C7'].includes(String(r['顧客ID'])));
    expect(emails.map((r) => r['状態']).sort()).toEqual(['下書き', '失敗', '失敗']);
    for (const r of emails.filter((e) => e['状態'] === '失敗'))
      expect(r['備考']).toContain('Gmailの1日の上限に達したため');
    expect(t.services.spreadsheet.toasts.at(-1)?.message).toContain('メール2件の下書きは次の実行で作ります');

    const again = loadTsunagu({
      sheets: t.services.spreadsheet.toData().sheets,
      today: '2026-11-23',
      state: t.services.exportState(),
    });
    run(again);
    // The same 連絡履歴 rows are reused: one row per customer, each now a draft, each draft made once.
    const after = log(again).filter((r) => ['C1', 'C6', 'C7'].includes(String(r['顧客ID'])));
    expect(after.map((r) => r['状態'])).toEqual(['下書き', '下書き', '下書き']);
    const to = again.services.exportState().gmail.drafts.map((d) => d.message.to);
    expect(
      to.filter((a) => ['misaki@example.jp', 'c6@example.jp', 'c7@example.jp'].includes(a)).sort(),
    ).toEqual(['c6@example.jp', 'c7@example.jp', 'misaki@example.jp']);
  });

  test('Spreadsheet calls do not grow with the number of customers, planning or preparing', () => {
    // Each extra customer has a letter due today (the 手紙 sheet is laid out in one block).
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        顧客ID: `X${i}`,
        氏名: `客 ${i}`,
        郵便番号: '154-0004',
        住所: `東京都世田谷区${i}`,
        最終来店日: dateCell('2026-11-15'),
        来店回数: 2,
        カテゴリ: '整体',
        購入商品: '骨盤調整60分',
      }));
    const calls = (n: number, preparing: boolean) => {
      const [customers, , log] = shop(many(n));
      const settings = settingsSheet([...SHOP_SETTINGS, ['1日の手紙上限', 5000]]);
      const t = loadTsunagu({ sheets: [customers, settings, log], today: '2026-11-22', preparing });
      const summary = run(t);
      // The 手紙 sheet tags each letter's first row, its only identity (getRange and addDeveloperMetadata: two
      // calls a letter, counted apart).
      const letters = summary?.prepared['手紙'] ?? 0;
      const tags = t.services.calls.byMethod()['SpreadsheetApp.Range.addDeveloperMetadata'] ?? 0;
      return { calls: t.services.calls.total('SpreadsheetApp') - 2 * letters, letters, tags };
    };
    for (const preparing of [false, true]) {
      const small = calls(20, preparing);
      const large = calls(1000, preparing);
      if (preparing) expect([small.letters, large.letters]).toEqual([21, 1001]);
      expect(large.tags - small.tags).toBe(large.letters - small.letters);
      // Growing a sheet's grid (insertRowsAfter) is the only other extra: a few calls, never one per customer.
      expect(large.calls - small.calls).toBeLessThanOrEqual(preparing ? 4 : 0);
      // Preparing also writes 連絡履歴, the outbox, 手紙, 宛名ラベル, 電話リスト and 集計 (each laid out with a fixed
      // number of format calls), and this first run creates those sheets.
      // This first run also tags the five columns it adds (getRange and addDeveloperMetadata each: 10) and counts
      // the tags (one finder); listing the sheets to find the customer list saves the later getSheetByName calls.
      // The fixture's 連絡履歴 predates its 宛先 and お店の作業 columns: this first run adds and tags them (2 more
      // each, once).
      // The morning notice links the LINE送信 and 手紙 tabs (getSheetByName each, getSheetId when the tab is there).
      // Laying out 手紙 looks for the はがき sheet: 「はがき」 and 「はがき（つなぐ）」, where the cards go when the owner
      // has — or had — a sheet of that name (getSheetByName each; it is made only when there are cards).
      // 手紙 and 宛名ラベル are fitted to what they hold (fitGrid: their last column asked, and a new sheet's 26
      // columns cut to theirs once): 4 more. SpreadsheetApp.flush() before the lock is let go (Lock.releaseLock's
      // reference page asks for it): 1 more.
      expect(large.calls).toBeLessThanOrEqual(preparing ? 143 + 13 + 3 + 2 + 4 + 1 : 32 + 13 + 1);
    }
  });

  test('nothing is prepared from a message with a problem: empty 店名 holds email and says what to fix', () => {
    const sheets = shop();
    sheets[1] = settingsSheet([]);
    const t = loadTsunagu({ sheets, today: '2026-11-22' });
    const summary = run(t) as unknown as { held: number };
    expect(summary.held).toBeGreaterThan(0);
    expect(t.services.exportState().gmail.drafts).toHaveLength(0);
    // The shop's problems are said once, in the summary (message-style.md), not on every customer's row.
    const told = t.services.spreadsheet.toasts.at(-1)?.message ?? '';
    expect(told).toContain('メールの法定表示に必要な設定');
    expect(told).toMatch(/設定「店名」.+署名.+（\d+件を保留中）/);
    for (const [, row] of byId(t)) {
      expect(String(row['要確認'])).not.toMatch(/法定表示|署名|店名/);
      if (row['次回連絡日'] && String(row['理由']).includes('遅れ'))
        expect(String(row['理由'])).toContain('店の設定待ち');
    }
    expect(String(byId(t).get('C1')?.['理由'])).toContain('店の設定待ち');
  });

  test('a draft left unsent past its window is deleted and its row closed 期限切れ', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    run(t);
    const draftId = log(t).find((r) => r['キー'] === 'C1|S1|お伺い|2026-11-20')?.['下書きID'];
    const drafted = () => t.services.exportState().gmail.drafts.some((x) => x.id === draftId);
    expect(drafted()).toBe(true);
    t.at('2026-12-14');
    run(t);
    expect(log(t).find((r) => r['キー'] === 'C1|S1|お伺い|2026-11-20')).toMatchObject({
      状態: 'スキップ',
      備考: expect.stringContaining('期限切れ'),
    });
    expect(drafted()).toBe(false);
    // The LINE draft of that day can no longer be approved either.
    expect(t.records('LINE送信').find((r) => r['キー'] === 'C3|S1|お伺い|2026-11-20')).toMatchObject({
      承認: false,
      状態: 'スキップ',
      備考: expect.stringContaining('取り下げ'),
    });
  });
});

describe('runScheduled: the hourly trigger', () => {
  test('does nothing before 毎日の実行時刻, runs once at it, and not again that day', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22', hour: 6 });
    expect(t.call('runScheduled', {})).toBeNull();
    expect(byId(t).get('C1')?.['次回連絡日']).toBeUndefined();
    t.at('2026-11-22', 8, 5);
    expect(t.call('runScheduled', {})).toMatchObject({ today: '2026-11-22' });
    expect(t.services.exportState().gmail.drafts).toHaveLength(1);
    t.at('2026-11-22', 9, 5);
    expect(t.call('runScheduled', {})).toBeNull();
    t.at('2026-11-23', 8, 5);
    expect(t.call('runScheduled', {})).toMatchObject({ today: '2026-11-23' });
  });
});

describe('setupWorkbook', () => {
  test('creates the missing sheets with headers, dropdowns and default rows, then the run works', () => {
    const t = loadTsunagu({ sheets: [customerSheet([])], today: '2026-11-22', preparing: false });
    t.call('setupWorkbook');
    const names = t.services.spreadsheet.toData().sheets.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining(['顧客', '設定', 'カテゴリ', 'テンプレート', '空き枠', '連絡履歴']),
    );
    expect(t.records('カテゴリ').map((r) => r['カテゴリ'])).toContain('美容室');
    expect(t.records('設定').find((r) => r['項目'] === '休眠日数')?.['値']).toBe(90);
    expect(t.records('テンプレート').length).toBeGreaterThan(10);
    const settings = t.services.spreadsheet.toData().sheets.find((s) => s.name === '設定');
    expect(Object.values(settings?.validations ?? {})).toContainEqual(['メール', 'LINE', 'なし']);
    expect(t.values('顧客')?.[0]).toEqual(expect.arrayContaining(['顧客ID', '氏名', '次回連絡日', '要確認']));
    expect(t.services.ui.alerts.at(-1)?.prompt).toContain('プレビュー中');
    expect(run(t)).toMatchObject({ preview: true });
  });
});

describe('the owner finishes calls and letters without the sidebar', () => {
  test("an outcome written in 電話リスト completes the call in 連絡履歴 (the owner's 満足度 still wins)", () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    run(t);
    const list = t.records('電話リスト');
    expect(list).toEqual([
      expect.objectContaining({
        顧客ID: 'C4',
        電話: '090-1111-2222',
        内容: '購入後フォロー（電話確認）',
        キー: 'C4|S1|電話確認|2026-11-10',
      }),
    ]);
    expect(String(list[0]['話すこと'])).toContain('伺うこと');
    const header = (t.values('電話リスト') ?? [])[0];
    t.services.spreadsheet
      .getSheetByName('電話リスト')
      ?.getRange(2, header.indexOf('結果') + 1)
      .setValue('不満');
    t.at('2026-11-24');
    run(t);
    expect(log(t).find((r) => r['キー'] === 'C4|S1|電話確認|2026-11-10')).toMatchObject({
      状態: '完了',
      結果: '不満',
    });
    // 満足度 (the owner's column) said 満足 and still overrides the call: so 提案, not 改善フォロー.
    expect(byId(t).get('C4')?.['満足度']).toBe('満足');
    expect(t.records('電話リスト')).toEqual([]);
  });

  test('手紙を印刷済みにする marks the letters on the sheet 印刷済 and empties it', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    run(t);
    t.at('2026-11-22', 18);
    expect(t.call('markLettersPrinted')).toBe('1通を印刷済みにしました。');
    expect(log(t).find((r) => r['キー'] === 'C2|S1|お伺い|2026-11-20')).toMatchObject({ 状態: '印刷済' });
    expect((t.values('手紙') ?? [])[0][0]).toBe('印刷待ちの手紙はありません');
  });
});

describe('宛名ラベル', () => {
  test('one label per letter waiting to be printed, taken from its address block', () => {
    const t = loadTsunagu({ sheets: shop(), today: '2026-11-22' });
    run(t);
    const cells = (t.values('宛名ラベル') ?? []).flat().map(String);
    expect(cells).toEqual(
      expect.arrayContaining(['〒154-0004', '東京都世田谷区太子堂1-2-3', '鈴木 一郎 様']),
    );
  });
});
