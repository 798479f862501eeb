import {
  CUSTOMER_HEADER,
  customerSheet,
  dateCell,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from './harness';

/**
 * S3's gifts are tasks (issue 14, item 4; message-style.md: no promise nothing arranges): the flag on the step, not
 * the text, gives the owner the 【別送】/【同封】 banner, the line on the sidebar card and in the morning notice.
 */
const HEADER = [...CUSTOMER_HEADER, 'クレーム対応日', '改善内容'];

/** Resolved 2026-05-18: その後の確認 is due 2026-11-18 (LINE > 手紙 > メール); 感謝 on 2027-05-18. */
function complaintCustomer(extra: Record<string, unknown> = {}) {
  return {
    顧客ID: 'C9',
    氏名: '青木 花子',
    郵便番号: '154-0004',
    住所: '東京都世田谷区太子堂1-2-3',
    最終来店日: dateCell('2026-05-10'),
    来店回数: 6,
    クレーム対応日: dateCell('2026-05-18'),
    ...extra,
  };
}

function run(settings: [string, string][], customer: Record<string, unknown>, today = '2026-11-22'): Tsunagu {
  const t = loadTsunagu({
    sheets: [
      customerSheet([customer as never], HEADER),
      settingsSheet([...SHOP_SETTINGS, ['半年後の特典', '季節の焼き菓子'], ...settings]),
    ],
    today,
    hour: 9,
  });
  t.call('runDailyFollowUps');
  return t;
}

function logRow(t: Tsunagu, step: string) {
  return t.records('連絡履歴').find((r) => r['ステップ'] === step);
}

function notice(t: Tsunagu): string {
  const mail = t.services.exportState().gmail.sent.find((m) => m.subject.startsWith('【つなぐ】'));
  return mail?.plainBody ?? '';
}

describe('S3 その後の確認: the 半年後の特典 is a task', () => {
  test('別送 (the default) by letter: the letter promises a separate parcel, and the owner is told to send it', () => {
    const t = run([], complaintCustomer());
    const row = logRow(t, 'その後の確認');
    expect(row?.['チャネル']).toBe('手紙');
    expect(String(row?.['内容'])).toContain('季節の焼き菓子を別便にてお送りいたします');
    // The task is data in 連絡履歴's own column, not prose in 理由 or 備考 (issue 15 item 2).
    expect(row?.['お店の作業']).toBe('【別送】季節の焼き菓子をお送りください');
    expect(String(row?.['備考'])).not.toContain('【別送】');
    // On the owner's cover page, never on the letter itself.
    const letters = (t.values('手紙') ?? []).flat().map(String);
    expect(letters[0]).toContain('お店用');
    expect(letters).toContain('1通目　青木 花子 様　【別送】季節の焼き菓子をお送りください');
    expect(notice(t)).toContain('【お送りするもの・お渡しするもの】');
    expect(notice(t)).toContain(
      '青木 花子 様　【別送】季節の焼き菓子をお送りください（クレーム後フォロー（その後の確認））',
    );
    const view = t.call<{ groups: { items: { task: string; reason: string; title: string }[] }[] }>(
      'getTodayFollowUps',
    );
    const [card] = view.groups.flatMap((g) => g.items);
    expect(card.task).toBe('【別送】季節の焼き菓子をお送りください');
    expect(card.reason).not.toContain('【別送】');
    // The card's title names the step; its reason does not name it again (message-style.md).
    expect(card.reason).toMatch(/^クレーム対応日（2026\/05\/18）の6か月後/);
  });

  test('次回ご来店時: nothing is sent, the letter offers it at the next visit, and the owner is told to hand it over', () => {
    const t = run([['半年後の特典の渡し方', '次回ご来店時']], complaintCustomer());
    const row = logRow(t, 'その後の確認');
    expect(String(row?.['内容'])).toContain('次にお越しの際に');
    expect(String(row?.['内容'])).not.toMatch(/お送り|別便|同封/);
    expect(row?.['お店の作業']).toBe('【来店時】次のご来店の際に季節の焼き菓子をお渡しください');
  });

  test('別送 without an address (LINE only): the message offers it at the next visit instead of promising a delivery', () => {
    const t = run([], complaintCustomer({ 郵便番号: '', 住所: '', LINEユーザーID: `U${'c'.repeat(32)}` }));
    const outbox = t.records('LINE送信');
    expect(outbox).toHaveLength(1);
    const text = String(Object.values(outbox[0]).find((v) => String(v).startsWith('青木様、')));
    expect(text).toContain('次にお越しの際に');
    expect(text).not.toMatch(/お送り|別便/);
  });

  test("no 半年後の特典: the step waits, said once as the shop's problem, and nothing is promised", () => {
    const t = loadTsunagu({
      sheets: [customerSheet([complaintCustomer() as never], HEADER), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    expect(logRow(t, 'その後の確認')).toBeUndefined();
    const told = t.services.spreadsheet.toasts.at(-1)?.message ?? '';
    expect(told).toContain('設定「半年後の特典」が空のため');
    const [customer] = t.records('顧客');
    expect(String(customer['要確認'])).not.toContain('半年後の特典');
    expect(String(customer['理由'])).toContain('店の設定待ち');
  });
});

describe('S3 感謝: the voucher is enclosed in the letter', () => {
  test('with 感謝の金券 the letter says it is enclosed and carries the 【同封】 banner', () => {
    const t = run(
      [['感謝の金券', '1,000円分のお食事券']],
      complaintCustomer({
        クレーム対応日: dateCell('2025-11-20'),
        改善内容: '予約の前日にご連絡するようにしました。',
      }),
    );
    const row = logRow(t, '感謝');
    expect(row?.['チャネル']).toBe('手紙');
    expect(String(row?.['内容'])).toContain('当店では予約の前日にご連絡するようにしました。\n');
    expect(String(row?.['内容'])).toContain('1,000円分のお食事券を同封いたしました');
    expect((t.values('手紙') ?? []).flat().map(String)).toContain(
      '1通目　青木 花子 様　【同封】1,000円分のお食事券を封筒に入れてください',
    );
  });

  test('without 感謝の金券 the letter says nothing of a voucher, and no banner asks for one, the next days too', () => {
    const t = run([], complaintCustomer({ クレーム対応日: dateCell('2025-11-20') }));
    const row = logRow(t, '感謝');
    expect(String(row?.['内容'])).not.toMatch(/金券|同封|有効期限/);
    expect((t.values('手紙') ?? []).flat().join('')).not.toContain('【同封】');
    // A row Tsunagu wrote itself is never read as one from before 「お店の作業」 (that reading happens once).
    for (const day of ['2026-11-23', '2026-11-24']) {
      t.at(day, 9);
      t.call('runDailyFollowUps');
      expect(logRow(t, '感謝')?.['お店の作業']).toBe('');
      expect((t.values('手紙') ?? []).flat().join('')).not.toContain('【同封】');
    }
  });
});

describe('初期設定 adds 提案文 and キーワード to an older カテゴリ sheet', () => {
  test("defaults for the default categories, blank for the owner's own, no owner cell changed, the column tagged", () => {
    const old = [
      ['カテゴリ', '初回フォロー日数', '電話確認日数', '提案日数', '電話', '提案の例'],
      ['整体', 3, 5, 21, '可', '次回の施術'],
      ['ヨガ', 1, '', 30, '不可', '体験レッスン'],
    ];
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ 顧客ID: 'C1', 氏名: '佐藤 美咲' }]),
        settingsSheet(SHOP_SETTINGS),
        { name: 'カテゴリ', values: old },
      ],
      today: '2026-11-22',
    });
    t.call('setupWorkbook');
    const values = t.values('カテゴリ') ?? [];
    expect(values.map((row) => row.slice(0, 6))).toEqual(old);
    expect(values[0][6]).toBe('提案文');
    expect(String(values[1][6])).toContain('次回の施術');
    expect(values[2][6] ?? '').toBe('');
    // キーワード (how an imported メニュー finds its category): the defaults', blank for the owner's own.
    expect(values[0][7]).toBe('キーワード');
    expect(values[1][7]).toBe('整体、骨盤、矯正、姿勢');
    expect(values[2][7] ?? '').toBe('');
    const tags = t.services.spreadsheet
      .getSheetByName('カテゴリ')
      ?.createDeveloperMetadataFinder()
      .withKey('tsunagu.column')
      .find()
      .map((m) => m.getValue());
    expect(tags).toEqual(['提案文', 'キーワード']);
    // Run again: nothing added twice, and the owner's own 提案文 stays as written.
    t.services.spreadsheet
      .getSheetByName('カテゴリ')
      ?.getRange(3, 7)
      .setValue('体験のあとは、週1回のクラスがおすすめです。');
    t.call('setupWorkbook');
    const again = t.values('カテゴリ') ?? [];
    expect(again[0]).toHaveLength(8);
    expect(again[2][6]).toBe('体験のあとは、週1回のクラスがおすすめです。');
  });
});

describe('step flags from before 「お店の作業」: read once from 備考, then only the column', () => {
  const letterRow = (extra: Record<string, unknown>) => ({
    日時: dateCell('2026-11-20'),
    顧客ID: 'C9',
    氏名: '青木 花子',
    チャネル: '手紙',
    状態: '印刷待ち',
    内容: '〒154-0004\n東京都世田谷区太子堂1-2-3\n青木 花子 様\n\n拝啓\n　本文です。\n敬具',
    ...extra,
  });

  test('a waiting 手書き推奨 letter and a 感謝 letter keep their banner and task after the upgrade, and 備考 is not read again', () => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([complaintCustomer({ クレーム対応日: '' }) as never], HEADER),
        settingsSheet(SHOP_SETTINGS),
        logSheet([
          letterRow({
            シナリオ: 'サンキューレター',
            ステップ: 'お礼',
            キー: 'C9|S6|お礼|2026-11-19#手紙',
            備考: 'サンキューレター「お礼」: 初回来店日 2026/11/19の翌日。購入金額 ¥50,000（¥30,000以上）のため手書き推奨',
          }),
          letterRow({
            シナリオ: 'クレーム後フォロー',
            ステップ: '感謝',
            キー: 'C9|S3|感謝|2025-11-18',
            備考: '',
          }),
        ]),
      ],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    const flags = () =>
      t
        .records('連絡履歴')
        .slice(0, 2)
        .map((r) => r['お店の作業']);
    expect(flags()).toEqual(['手書き推奨', '【同封】金券（有効期限なし）を封筒に入れてください']);
    const sheet = (t.values('手紙') ?? []).flat().map(String);
    expect(sheet).toContain('【手書き推奨】この文面を参考に、手書きでお書きください');
    expect(sheet).toContain('2通目　青木 花子 様　【同封】金券（有効期限なし）を封筒に入れてください');
    // The owner clears 備考: the flags stay, read from their own column.
    const log = t.services.spreadsheet.getSheetByName('連絡履歴')!;
    const header = log.getRange(1, 1, 1, log.getLastColumn()).getValues()[0];
    log.getRange(2, header.indexOf('備考') + 1).setValue('');
    t.at('2026-11-23', 9);
    t.call('runDailyFollowUps');
    expect(flags()).toEqual(['手書き推奨', '【同封】金券（有効期限なし）を封筒に入れてください']);
    expect((t.values('手紙') ?? []).flat().map(String)).toContain(
      '【手書き推奨】この文面を参考に、手書きでお書きください',
    );
  });
});
