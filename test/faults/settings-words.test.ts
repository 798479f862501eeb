/**
 * 設定 as owners fill it (issue 13, item 9): an address that is not one never reaches the legal footer; a daily
 * limit of 0 turns that channel off, and the summary says so; "a value that is only partly readable keeps what was
 * read and says exactly what was ignored"; "a limit that cannot be read holds that channel (nothing prepared on it)
 * with a 要確認 instead of falling back to its default"; "an item written twice, or with spaces inside its name, is
 * reported" (contract section 2, 設定).
 */
import type { CellValue } from '../fakes';
import {
  C1_MAIL,
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
} from '../bundle/harness';
import { tally } from './tally';

const withSetting = (item: string, value: CellValue): [string, CellValue][] => [
  ...SHOP_SETTINGS.filter(([k]) => k !== item),
  [item, value],
];

describe('店舗メール', () => {
  test.each([
    ['info@'],
    ['info@kokochido'],
    ['@kokochido.example.jp'],
    ['info kokochido.example.jp'],
    ['なし'],
  ])(
    '「%s」 is reported, never put in the footer, and emails wait for an address (the opt-out contact the law asks for)',
    (value) => {
      const t = loadTsunagu({
        sheets: [customerSheet([{ ...C1_MAIL }]), settingsSheet(withSetting('店舗メール', value))],
        today: '2026-11-22',
        hour: 9,
      });
      t.call('runDailyFollowUps');
      tally.badInputsTried++;
      const told = t.services.spreadsheet.toasts.at(-1)?.message ?? '';
      expect(told).toContain(`設定「店舗メール」の値「${value}」を読めない`);
      expect(told).toContain('配信停止の連絡先');
      expect(t.services.gmail.draftRecords()).toEqual([]);
      expect(told).toContain('メールを準備していません（1件を保留中）');
      // A shop-wide problem is said once (message-style.md), not on every customer row: the row says it waits.
      expect(String(t.records('顧客')[0]['要確認'])).not.toContain('法定表示');
      expect(String(t.records('顧客')[0]['理由'])).toContain('店の設定待ち');
    },
  );

  test('「ｉｎｆｏ＠kokochido.example.jp」 (full width) is read as the address', () => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...C1_MAIL }]),
        settingsSheet(withSetting('店舗メール', 'ｉｎｆｏ＠kokochido.example.jp')),
      ],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    expect(t.services.gmail.draftRecords()[0].message.plainBody).toContain('info@kokochido.example.jp');
  });
});

describe('a daily limit of 0', () => {
  test.each([
    ['1日のメール上限', 'メール'],
    ['1日の手紙上限', '手紙'],
  ])('%s 0: %s is not used, and the summary says so', (item, channel) => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...C1_MAIL, 郵便番号: '154-0004', 住所: '東京都世田谷区太子堂1-2-3' }]),
        settingsSheet(withSetting(item, 0)),
      ],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    tally.badInputsTried++;
    expect(t.services.spreadsheet.toasts.at(-1)?.message).toContain(`${channel}は使いません`);
    expect(t.records('顧客')[0]['次回チャネル']).not.toBe(channel);
  });
});

/** One run on 2026-11-22 (C1's お伺い is due) with these 設定 rows; the summary the owner is shown. */
function runWith(settings: [string, CellValue][], customer: Record<string, CellValue> = { ...C1_MAIL }) {
  const t = loadTsunagu({
    sheets: [customerSheet([customer]), settingsSheet(settings)],
    today: '2026-11-22',
    hour: 9,
  });
  t.call('runDailyFollowUps');
  tally.badInputsTried++;
  return { t, told: t.services.spreadsheet.toasts.at(-1)?.message ?? '' };
}

describe('a value only partly readable keeps what was read and says exactly what was ignored', () => {
  test.each([
    ['休業日', '2026/12/29〜2027/1/3、お盆', ['お盆'], ['2026/12/29〜2027/1/3']],
    ['休業日', '2026/12/31、臨時休業', ['臨時休業'], ['2026/12/31']],
    ['休業日', '2027/1/1\n2/30', ['2/30'], ['2027/1/1']],
  ])('%s 「%s」: ignored %j, kept %j — never 「空欄として扱います」', (item, value, ignored, kept) => {
    const { told } = runWith(withSetting(item, value));
    const quoted = (parts: string[]) => parts.map((p) => `「${p}」`).join('');
    expect(told).toContain(
      `設定「${item}」の値「${value.replace(/\n/g, ' ')}」のうち、${quoted(ignored)}は読めないため使いません`,
    );
    expect(told).toContain(`読めた${quoted(kept)}だけを${item}として使います`);
    expect(told).not.toContain(
      `設定「${item}」の値「${value.replace(/\n/g, ' ')}」を読めないため、空欄として扱います`,
    );
  });

  // 定休日 says what it is taken as and names each term not applied (followup-rules.md section 3).
  test.each([
    [
      '水、第2火曜、隔週木',
      '設定「定休日」は毎週水曜・第2火曜として扱います。「隔週木」は日が決まらないため使いません（お休みの日を「休業日」に日付で入れてください）',
    ],
    [
      '水、不定休',
      '設定「定休日」は毎週水曜として扱います。「不定休」は日が決まらないため使いません（お休みの日を「休業日」に日付で入れてください）',
    ],
    [
      'Wed, 月末',
      '設定「定休日」は毎週水曜として扱います。「月末」は読めないため使いません（書き方の例: 水曜、第2・第4火曜）',
    ],
    [
      '日・祝日以外の平日',
      '設定「定休日」は毎週日曜として扱います。「祝日以外の平日」は読めないため使いません（書き方の例: 水曜、第2・第4火曜）',
    ],
    [
      '不定休',
      '設定「定休日」は定休日なしとして扱います。「不定休」は日が決まらないため使いません（お休みの日を「休業日」に日付で入れてください）',
    ],
  ])('定休日 「%s」: %s', (value, message) => {
    const { told } = runWith(withSetting('定休日', value));
    expect(told).toContain(message);
    expect(told).not.toContain('空欄として扱います');
  });

  test('休業日 「お盆と年末」 with nothing readable is still 「空欄として扱います」', () => {
    const { told } = runWith(withSetting('休業日', 'お盆と年末'));
    expect(told).toContain('設定「休業日」の値「お盆と年末」を読めないため、空欄として扱います');
  });
});

/** C1 with an email address and a postal address: if email were refused, a letter could carry the お伺い. */
const C1_BOTH = { ...C1_MAIL, 郵便番号: '154-0004', 住所: '東京都世田谷区太子堂1-2-3' };

describe('a limit that cannot be read holds that channel (nothing prepared on it) instead of its default', () => {
  test.each([['二十'], ['20通まで?'], ['たくさん'], ['約50'], ['５０？'], ['50〜60']])(
    '1日のメール上限 「%s」: no draft, no letter instead, 要確認 and the summary say so; written as a number, it is prepared',
    (value) => {
      const { t, told } = runWith(withSetting('1日のメール上限', value), C1_BOTH);
      expect(t.services.gmail.draftRecords()).toEqual([]);
      expect(t.records('連絡履歴')).toEqual([]);
      const row = t.records('顧客')[0];
      expect(row['次回チャネル']).toBe('メール');
      expect(String(row['要確認'])).toContain('設定「1日のメール上限」を読めないため準備していません');
      expect(told).toContain(
        `設定「1日のメール上限」の値「${value.normalize('NFKC')}」を読めないため、メールの準備を止めています`,
      );
      expect(told).toContain('今日のメール1件を準備せずに保留しています');
      expect(told).not.toContain('既定値「50」として扱います');
      tally.pendingKept++;
      const settings = t.services.spreadsheet.sheet('設定');
      const at = (settings?.getDataRange().getValues() ?? []).findIndex((r) => r[0] === '1日のメール上限');
      settings?.getRange(at + 1, 2).setValue(50);
      t.at('2026-11-23', 9);
      t.call('runDailyFollowUps');
      expect(t.services.gmail.draftRecords()).toHaveLength(1);
      expect(String(t.records('顧客')[0]['要確認'])).toBe('');
    },
  );

  test.each([['二十'], ['20通まで？'], ['いっぱい']])(
    '1日の手紙上限 「%s」: no letter, and the call or email is not taken instead',
    (value) => {
      const { t, told } = runWith(withSetting('1日の手紙上限', value), {
        ...C1_BOTH,
        メール: '',
      });
      expect(t.records('連絡履歴')).toEqual([]);
      expect(t.records('顧客')[0]['次回チャネル']).toBe('手紙');
      expect(told).toContain('今日の手紙1件を準備せずに保留しています');
    },
  );

  test('limit 0 is not held: the channel is off and the rules take the next channel', () => {
    const { t, told } = runWith(withSetting('1日のメール上限', 0), C1_BOTH);
    expect(told).toContain('メールは使いません');
    expect(told).not.toContain('保留');
    expect(t.records('顧客')[0]['次回チャネル']).toBe('手紙');
    expect(t.records('連絡履歴').map((r) => r['状態'])).toEqual(['印刷待ち']);
  });
});

describe('an item written twice, or with spaces inside its name, is reported', () => {
  test.each([
    ['店名', 'ここち堂 本店'],
    ['店名', ''],
    ['店舗メール', 'mise@example.jp'],
    ['店舗住所', '大阪府'],
  ])('%s on two rows: the first row wins, and the summary says so (second 「%s」)', (item, second) => {
    const { t, told } = runWith([...SHOP_SETTINGS, [item, second]]);
    const first = SHOP_SETTINGS.find(([k]) => k === item)?.[1];
    expect(told).toContain(
      `設定「${item}」が2行以上あります。上の行の値「${first}」を使い、下の行の値「${second}」は使いません`,
    );
    const body = t.services.gmail.draftRecords()[0].message.plainBody;
    expect(body).toContain(String(first));
    if (second) expect(body).not.toContain(second);
  });

  test.each([['店 名'], ['店　名'], [' 店 名 '], ['店名 (屋号)']])(
    '「%s」 is read as 店名 and, with a space inside, reported',
    (label) => {
      const { t, told } = runWith([...SHOP_SETTINGS.filter(([k]) => k !== '店名'), [label, 'ここち堂']]);
      expect(t.services.gmail.draftRecords()[0].message.plainBody).toContain('ここち堂');
      if (label.includes('(')) expect(told).not.toContain('空白');
      else expect(told).toContain('は名前の中に空白があるため、「店名」として読みました');
    },
  );

  test.each([
    ['1日のメール上限数', 0, '1日のメール上限'],
    ['店舗メアド', 'shop@example.jp', '店舗メール'],
    ['休眠日', 30, '休眠日数'],
    ['LINE自動送信する', 'TRUE', 'LINE自動送信'],
    ['１日の電話の上限', 5, '1日の電話上限'],
  ])(
    'a misspelled item 「%s」 is reported with the name it probably meant, and not used',
    (label, value, meant) => {
      const { t, told } = runWith([...SHOP_SETTINGS, [label, value]]);
      expect(told).toContain(
        `設定の項目「${label.normalize('NFKC')}」は、つなぐの項目にありません。「${meant}」のことでしたら`,
      );
      // 1日のメール上限数 0 is not read as 1日のメール上限 0: the email is still prepared.
      expect(t.services.gmail.draftRecords()).toHaveLength(1);
    },
  );

  test('「休眠日数 」 (a trailing space) is 休眠日数, said nothing of', () => {
    const { told } = runWith([...SHOP_SETTINGS, ['休眠日数 ', 120]]);
    expect(told).not.toContain('休眠日数');
  });

  test.each([['好きな花'], ['メモ'], ['担当者']])(
    'an item far from every known one 「%s」 is reported as unknown',
    (label) => {
      const { told } = runWith([...SHOP_SETTINGS, [label, 'なんでも']]);
      expect(told).toContain(`設定の項目「${label}」は、つなぐの項目にないため使いません`);
    },
  );

  // Every item the contract names is read now (the last four came with issue 18): none is called unknown.
  test.each([
    ['年賀状', 'TRUE'],
    ['暑中見舞い', 'FALSE'],
    ['挨拶状の対象', '3年以内'],
    ['予約変更の連絡先', '03-1234-5678'],
  ])('an item of the contract 「%s」 is read, not called unknown', (label, value) => {
    const { told } = runWith([...SHOP_SETTINGS, [label, value]]);
    expect(told).not.toContain(label);
  });
});

describe('カテゴリ with a header renamed (a missing column reads as blank cells: "the step does not exist")', () => {
  const CATEGORY_HEADER = ['カテゴリ', '初回フォロー日数', '電話確認日数', '提案日数', '電話', '提案の例'];
  const ROWS = [
    ['整体', '2', '5', '14', '可', '次回の施術'],
    ['マッサージ', '2', '5', '30', '可', '骨盤矯正'],
    ['美容室', '3', '—', '35', '不可', '次回のカット'],
  ];
  /** C4 (整体, allows calls) on the day their 電話確認 is due, with カテゴリ's header as given. */
  function callDayWith(header: string[]) {
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...C4_CALLER }]),
        settingsSheet(SHOP_SETTINGS),
        logSheet([C4_INQUIRY_SENT]),
        { name: 'カテゴリ', values: [header, ...ROWS] },
      ],
      today: '2026-11-22',
      hour: 9,
    });
    const summary = t.call<{ setupProblems: string[] }>('runDailyFollowUps');
    const said = (text: string) => summary.setupProblems.filter((p) => p.includes(text)).length;
    const calls = t.records('電話リスト').map((r) => String(r['キー']));
    return { t, said, calls, problems: summary.setupProblems };
  }
  const renamed = (from: string, to: string) => CATEGORY_HEADER.map((h) => (h === from ? to : h));

  test('control: every header in place, C4’s 電話確認 is on 電話リスト and nothing is said about headers', () => {
    const { calls, problems } = callDayWith(CATEGORY_HEADER);
    expect(calls).toEqual(['C4|S1|電話確認|2026-11-10']);
    expect(problems.join('\n')).not.toContain('見出し');
  });

  test('「電話」 renamed 「電話OK」: no call is planned for any category, said once (not once per category)', () => {
    const { calls, said, t } = callDayWith(renamed('電話', '電話OK'));
    tally.badInputsTried++;
    expect(calls).toEqual([]);
    expect(said('「カテゴリ」シートに「電話」の見出しがない')).toBe(1);
    expect(said('電話「空欄」')).toBe(0);
    expect(t.records('カテゴリ').map((r) => r['電話OK'])).toEqual(['可', '可', '不可']);
  });

  test.each([
    ['電話確認日数', '電話確認までの日数'],
    ['初回フォロー日数', '初回フォロー'],
    ['提案日数', '提案までの日数'],
  ])('「%s」 renamed 「%s」: the summary says so once', (header, to) => {
    const { said } = callDayWith(renamed(header, to));
    tally.badInputsTried++;
    expect(said(`「カテゴリ」シートに「${header}」の見出しがない`)).toBe(1);
  });

  test('「電話確認日数」 renamed: C4’s 電話確認 is not planned (the step is not taken for any category)', () => {
    const { calls } = callDayWith(renamed('電話確認日数', '電話確認までの日数'));
    expect(calls).toEqual([]);
  });

  test('「カテゴリ」 renamed 「分類」: no category is read, said once', () => {
    const { said } = callDayWith(renamed('カテゴリ', '分類'));
    tally.badInputsTried++;
    expect(said('「カテゴリ」シートに「カテゴリ」の見出しがない')).toBe(1);
  });
});
