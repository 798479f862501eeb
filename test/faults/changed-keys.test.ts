/**
 * Nothing goes out twice when a key changes (issue 13, items 6 and 8). The contract (section 3, Step life cycle):
 * "A step already sent or pending, inside its window, to the same email address, LINE user, household or phone
 * number is never prepared again because its key changed (a corrected 最終来店日, a renumbered 顧客ID): it is held
 * with a 要確認 for the owner to decide." Household letters are keyed by the household; a LINE retry key is unique
 * to its recipient. Every case runs a control: the same shop without the earlier contact does prepare the step.
 */
import { createHash } from 'node:crypto';
import type { CellValue, FetchRequest, FetchResponse, SheetData } from '../fakes';
import {
  C1_MAIL,
  C4_CALLER,
  copyForKen,
  CUSTOMER_HEADER,
  customerSheet,
  dateCell,
  HANAKO,
  hanakoAndKen,
  KEN,
  lineCustomer,
  lineStandIn,
  lineWithRetryKeys,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
} from '../bundle/harness';
import { tally } from './tally';

const HELD = 'は準備していません';

/** The owner edits 顧客: `header` of the row whose 顧客ID is `id` becomes `value`, as typed. */
function ownerTypes(t: Tsunagu, id: string, header: string, value: CellValue): void {
  const sheet = t.services.spreadsheet.sheet('顧客');
  const values = sheet?.getDataRange().getValues() ?? [];
  const row = values.findIndex((r) => r[0] === id);
  const col = values[0].indexOf(header);
  sheet?.getRange(row + 1, col + 1).setValue(value);
}

/** The owner edits the 連絡履歴 row with this キー. */
function ownerTypesInLog(t: Tsunagu, key: string, header: string, value: CellValue): void {
  const sheet = t.services.spreadsheet.sheet('連絡履歴');
  const values = sheet?.getDataRange().getValues() ?? [];
  const row = values.findIndex((r) => r.includes(key));
  sheet?.getRange(row + 1, values[0].indexOf(header) + 1).setValue(value);
}

/** The owner deletes a customer's row and types the customer in again: the same row, other cells. */
function ownerRetypes(t: Tsunagu, id: string, row: Record<string, CellValue>): void {
  const sheet = t.services.spreadsheet.sheet('顧客');
  const values = sheet?.getDataRange().getValues() ?? [];
  const at = values.findIndex((r) => r[0] === id);
  const header = values[0].map(String);
  sheet?.getRange(at + 1, 1, 1, header.length).setValues([header.map((h) => row[h] ?? '')]);
}

/** 連絡履歴 as this version writes it: with 宛先 after the columns earlier versions had. */
function logWithAddress(rows: Record<string, CellValue>[]): SheetData {
  const { values } = logSheet(rows);
  const header = [...values[0].map(String), '宛先'];
  return { name: '連絡履歴', values: [header, ...rows.map((r) => header.map((h) => r[h] ?? ''))] };
}

const attention = (t: Tsunagu, id: string) =>
  String(t.records('顧客').find((r) => r['顧客ID'] === id)?.['要確認'] ?? '');
const rowsOf = (t: Tsunagu, scenario: string, step: string) =>
  t.records('連絡履歴').filter((r) => r['シナリオ'] === scenario && r['ステップ'] === step);
/** Contacts of this step that went out or are on their way (not skipped). */
const live = (t: Tsunagu, scenario: string, step: string) =>
  rowsOf(t, scenario, step).filter((r) => r['状態'] !== 'スキップ');

function run(t: Tsunagu, day: string, hour = 9): void {
  t.at(day, hour);
  t.call('runDailyFollowUps');
  tally.runsRepeated++;
}

/** No address got the step twice: each address appears once among the live rows of the step. */
function noDuplicates(t: Tsunagu, scenario: string, step: string, expected: number): void {
  const rows = live(t, scenario, step);
  tally.duplicatesFound += Math.max(0, rows.length - expected);
  expect(rows).toHaveLength(expected);
}

describe('a corrected 最終来店日 (11/20 → 11/19, the same visit) does not prepare the same お伺い again', () => {
  /** C1's お伺い draft made on 11-22; sent by the owner from Gmail when `sent`. */
  function inquiryMade(sent: boolean): Tsunagu {
    const t = loadTsunagu({
      sheets: [customerSheet([{ ...C1_MAIL }]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    const [draft] = t.services.gmail.draftRecords();
    if (sent) t.services.gmail.ownerSendsDraft(draft.id);
    run(t, '2026-11-23');
    return t;
  }

  test('sent: held with a 要確認 naming the earlier contact; 再送可 on that row lets it go', () => {
    const t = inquiryMade(true);
    expect(rowsOf(t, '購入後フォロー', 'お伺い').map((r) => r['状態'])).toEqual(['送信済']);
    ownerTypes(t, 'C1', '最終来店日', dateCell('2026-11-19'));
    tally.faultsInjected++;
    run(t, '2026-11-24');
    expect(t.services.gmail.draftRecords()).toHaveLength(0);
    noDuplicates(t, '購入後フォロー', 'お伺い', 1);
    expect(attention(t, 'C1')).toContain(
      `購入後フォロー（お伺い）${HELD}。2026/11/22に同じ連絡をメールで済ませています`,
    );
    expect(attention(t, 'C1')).toContain('「最終来店日」が2026/11/20から2026/11/19に直された');
    expect(attention(t, 'C1')).toContain('「再送可」');
    run(t, '2026-11-25');
    noDuplicates(t, '購入後フォロー', 'お伺い', 1);
    // The owner decides to ask again.
    ownerTypesInLog(t, 'C1|S1|お伺い|2026-11-20', '備考', '再送可');
    run(t, '2026-11-26');
    expect(live(t, '購入後フォロー', 'お伺い').map((r) => r['キー'])).toEqual([
      'C1|S1|お伺い|2026-11-20',
      'C1|S1|お伺い|2026-11-19',
    ]);
    expect(attention(t, 'C1')).not.toContain(HELD);
  });

  test('pending: the draft is kept, not made twice; deleting it in Gmail prepares the new one', () => {
    const t = inquiryMade(false);
    ownerTypes(t, 'C1', '最終来店日', dateCell('2026-11-19'));
    tally.faultsInjected++;
    run(t, '2026-11-24');
    expect(t.services.gmail.draftRecords()).toHaveLength(1);
    expect(rowsOf(t, '購入後フォロー', 'お伺い').map((r) => r['状態'])).toEqual(['下書き']);
    tally.pendingKept++;
    expect(attention(t, 'C1')).toContain('下書きのまま残っています');
    expect(attention(t, 'C1')).toContain('Gmailでその下書きを削除してください');
    t.services.gmail.ownerDeletesDraft(t.services.gmail.draftRecords()[0].id);
    run(t, '2026-11-25');
    run(t, '2026-11-26');
    expect(live(t, '購入後フォロー', 'お伺い').map((r) => r['キー'])).toEqual(['C1|S1|お伺い|2026-11-19']);
    expect(t.services.gmail.draftRecords()).toHaveLength(1);
  });

  test('pending by LINE: held; スキップ on the old 連絡履歴 row is how to let the new one go', () => {
    const t = loadTsunagu({
      sheets: [customerSheet([lineCustomer('L1', '高橋 花子', HANAKO)]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 9,
      documentProperties: { 'tsunagu.line.token': 'token' },
    });
    t.call('runDailyFollowUps');
    ownerTypes(t, 'L1', '最終来店日', dateCell('2026-11-19'));
    tally.faultsInjected++;
    run(t, '2026-11-23');
    expect(t.records('LINE送信').map((r) => r['状態'])).toEqual(['承認待ち']);
    tally.pendingKept++;
    expect(attention(t, 'L1')).toContain('承認待ちのまま残っています');
    expect(attention(t, 'L1')).toContain('の「状態」を「スキップ」にしてください');
    noDuplicates(t, '購入後フォロー', 'お伺い', 1);
  });

  test('a newer visit is a new event, not a changed key: its お伺い is prepared', () => {
    const t = inquiryMade(true);
    ownerTypes(t, 'C1', '最終来店日', dateCell('2026-11-24'));
    run(t, '2026-11-26');
    expect(live(t, '購入後フォロー', 'お伺い').map((r) => r['キー'])).toEqual([
      'C1|S1|お伺い|2026-11-20',
      'C1|S1|お伺い|2026-11-24',
    ]);
    expect(attention(t, 'C1')).not.toContain(HELD);
  });
});

describe('a 顧客ID that changed: renumbered, or the row deleted and typed in again', () => {
  function mailSent(): Tsunagu {
    const t = loadTsunagu({
      sheets: [customerSheet([{ ...C1_MAIL, 顧客ID: 'C0012' }]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    t.services.gmail.ownerSendsDraft(t.services.gmail.draftRecords()[0].id);
    run(t, '2026-11-23');
    return t;
  }

  test.each([
    ['renumbered C0012 → C012', { 顧客ID: 'C012' }],
    [
      'deleted and added again as C100, name typed another way, same メール',
      { 顧客ID: 'C100', 氏名: '佐藤 みさき' },
    ],
    ['renumbered, メール typed in capitals', { 顧客ID: 'C012', 氏名: 'サトウ', メール: 'MISAKI@example.jp' }],
  ])('%s: the お伺い sent by email is not prepared again', (_, change) => {
    const t = mailSent();
    ownerRetypes(t, 'C0012', { ...C1_MAIL, ...change });
    tally.faultsInjected++;
    run(t, '2026-11-24');
    expect(t.services.gmail.draftRecords()).toHaveLength(0);
    noDuplicates(t, '購入後フォロー', 'お伺い', 1);
    expect(attention(t, change.顧客ID)).toContain(
      `購入後フォロー（お伺い）${HELD}。2026/11/22に同じ連絡をメールで済ませています（連絡履歴の2行目）。以前の顧客ID「C0012」で、同じ宛先に連絡しています`,
    );
    expect(attention(t, change.顧客ID)).toContain('以前の顧客ID「C0012」で');
  });

  test('another customer with a different メール and name is no one’s duplicate: prepared', () => {
    const t = mailSent();
    ownerRetypes(t, 'C0012', { ...C1_MAIL, 顧客ID: 'C200', 氏名: '山本 愛', メール: 'ai@example.jp' });
    run(t, '2026-11-24');
    expect(t.services.gmail.draftRecords()).toHaveLength(1);
    expect(attention(t, 'C200')).not.toContain(HELD);
  });

  test('same LINEユーザーID, added again under another id and name: the LINE sent is not prepared again', () => {
    const api = lineStandIn();
    const t = loadTsunagu({
      sheets: [customerSheet([lineCustomer('L1', '高橋 花子', HANAKO)]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 9,
      fetch: api.handler,
      documentProperties: { 'tsunagu.line.token': 'token' },
    });
    t.call('runDailyFollowUps');
    const outbox = t.services.spreadsheet.sheet('LINE送信');
    const header = (t.values('LINE送信') ?? [])[0].map(String);
    outbox?.getRange(2, header.indexOf('承認') + 1).setValue(true);
    t.at('2026-11-22', 10);
    t.call('sendApprovedLine');
    expect(api.to()).toEqual([HANAKO]);
    expect(t.records('連絡履歴')[0]).toMatchObject({ 状態: '送信済', 宛先: HANAKO });
    ownerRetypes(t, 'L1', lineCustomer('L9', 'たかはし はなこ', HANAKO));
    tally.faultsInjected++;
    run(t, '2026-11-24');
    expect(t.records('LINE送信')).toHaveLength(1);
    noDuplicates(t, '購入後フォロー', 'お伺い', 1);
    expect(attention(t, 'L9')).toContain(`購入後フォロー（お伺い）${HELD}`);
    expect(attention(t, 'L9')).toContain('LINEで済ませています（連絡履歴の2行目）。以前の顧客ID「L1」');
  });
});

/** 空き枠 with three open slots after 11-23, for S2's ご連絡. */
const SLOTS: SheetData = {
  name: '空き枠',
  values: [
    ['日時', '所要(分)', '特別価格', '案内', '状態'],
    ['2026/11/26 10:00', 60, '', '', '空き'],
    ['2026/11/27 14:00', 60, '', '', '空き'],
    ['2026/11/28 11:00', 60, '', '', '空き'],
  ],
};

describe('S2 キャンセル日 and S3 クレーム対応日 corrected by a day', () => {
  const CANCEL_HEADER = [...CUSTOMER_HEADER, 'キャンセル日'];
  const cancelShop = (log: Record<string, CellValue>[]) =>
    loadTsunagu({
      sheets: [
        customerSheet(
          [
            {
              顧客ID: 'C1',
              氏名: '佐藤 美咲',
              メール: 'misaki@example.jp',
              最終来店日: dateCell('2026-10-01'),
              来店回数: 2,
              キャンセル日: dateCell('2026-11-19'),
            },
          ],
          CANCEL_HEADER,
        ),
        settingsSheet(SHOP_SETTINGS),
        SLOTS,
        logSheet(log),
      ],
      today: '2026-11-23',
      hour: 9,
    });
  /** The ご連絡 sent on 11-21 for the cancellation first typed as 11-20 (now corrected to 11-19). */
  const cancelNoticeSent = {
    日時: dateCell('2026-11-21'),
    顧客ID: 'C1',
    氏名: '佐藤 美咲',
    シナリオ: 'キャンセルフォロー',
    ステップ: 'ご連絡',
    チャネル: 'メール',
    状態: '送信済',
    内容: '宛先: misaki@example.jp\n件名: ご予約のキャンセルについて',
    キー: 'C1|S2|ご連絡|2026-11-20',
  };

  test('キャンセル日 11/20 → 11/19: the ご連絡 sent is not prepared again (control: without it, it is)', () => {
    const control = cancelShop([]);
    control.call('runDailyFollowUps');
    expect(control.services.gmail.draftRecords()).toHaveLength(1);

    const t = cancelShop([cancelNoticeSent]);
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    expect(t.services.gmail.draftRecords()).toHaveLength(0);
    noDuplicates(t, 'キャンセルフォロー', 'ご連絡', 1);
    expect(attention(t, 'C1')).toContain(`キャンセルフォロー（ご連絡）${HELD}。2026/11/21に同じ連絡を`);
  });

  test('a row the owner typed by hand (no キー) holds it all the same', () => {
    const t = cancelShop([{ ...cancelNoticeSent, キー: '', 内容: '' }]);
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    // Typed on 11-21, after the corrected 11-19: it is the step's own row and counts as done.
    expect(t.services.gmail.draftRecords()).toHaveLength(0);
    noDuplicates(t, 'キャンセルフォロー', 'ご連絡', 1);
  });

  const COMPLAINT_HEADER = [...CUSTOMER_HEADER, 'クレーム対応日'];
  const apologyShop = (customer: Record<string, CellValue>, log: Record<string, CellValue>[]) =>
    loadTsunagu({
      sheets: [
        customerSheet([customer], COMPLAINT_HEADER),
        settingsSheet(SHOP_SETTINGS),
        logWithAddress(log),
      ],
      today: '2026-11-20',
      hour: 9,
    });
  /** The apology call made on 11-17 for the complaint first typed as resolved on 11-10. */
  const apologyCalled = {
    日時: dateCell('2026-11-17'),
    顧客ID: 'C4',
    氏名: '田中 健',
    シナリオ: 'クレーム後フォロー',
    ステップ: 'お詫びと確認',
    チャネル: '電話',
    状態: '完了',
    キー: 'C4|S3|お詫びと確認|2026-11-10',
    宛先: '090-1111-2222',
  };
  const complained = { ...C4_CALLER, クレーム対応日: dateCell('2026-11-11') };
  const calls = (t: Tsunagu) => t.records('電話リスト').map((r) => String(r['キー']));

  test('クレーム対応日 11/10 → 11/11: the apology call made is not listed again (control: it is)', () => {
    const control = apologyShop(complained, []);
    control.call('runDailyFollowUps');
    expect(calls(control)).toContain('C4|S3|お詫びと確認|2026-11-11');

    const t = apologyShop(complained, [apologyCalled]);
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    expect(calls(t)).not.toContain('C4|S3|お詫びと確認|2026-11-11');
    noDuplicates(t, 'クレーム後フォロー', 'お詫びと確認', 1);
    expect(attention(t, 'C4')).toContain(`クレーム後フォロー（お詫びと確認）${HELD}`);
  });

  test('the same phone number under a new 顧客ID and name: the call made is not listed again', () => {
    const t = apologyShop({ ...complained, 顧客ID: 'C40', 氏名: 'タナカ ケン', メール: '' }, [apologyCalled]);
    t.call('runDailyFollowUps');
    tally.faultsInjected++;
    expect(calls(t)).toEqual([]);
    expect(attention(t, 'C40')).toContain('電話で済ませています（連絡履歴の2行目）。以前の顧客ID「C4」');
  });
});

describe('household letters are keyed by the household: who lives there changing sends no second letter', () => {
  const NEWSLETTER: [string, CellValue][] = [
    ...SHOP_SETTINGS,
    ['ニュースレター配信日', 15],
    ['ニュースレター本文', '今月は新しいハーブティーが入りました。'],
  ];
  const member = (id: string, name: string, address: string, postal = '〒154-0004') => ({
    顧客ID: id,
    氏名: name,
    郵便番号: postal,
    住所: address,
  });
  const shop = (members: Record<string, CellValue>[], log: Record<string, CellValue>[] = []) => {
    const t = loadTsunagu({
      sheets: [customerSheet(members), settingsSheet(NEWSLETTER), logSheet(log)],
      today: '2026-11-15',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    return t;
  };
  const letters = (t: Tsunagu) =>
    live(t, 'ニュースレター', 'ニュースレター')
      .filter((r) => r['チャネル'] === '手紙')
      .map((r) => String(r['キー']));
  const printed = (key: string, id: string) => ({
    日時: dateCell('2026-11-15'),
    顧客ID: id,
    氏名: '鈴木 一郎',
    シナリオ: 'ニュースレター',
    ステップ: 'ニュースレター',
    チャネル: '手紙',
    状態: '印刷済',
    キー: key,
  });
  const HOME = '世帯:1540004東京都世田谷区太子堂1-2-3';

  test('one letter per household, keyed by it, however each member wrote the address', () => {
    const t = shop([
      member('C2', '鈴木 一郎', '東京都世田谷区太子堂１−２−３'),
      member('C3', '鈴木 花', '東京都世田谷区 太子堂1丁目2番3号'),
      member('C4', '鈴木 次郎', '東京都世田谷区太子堂1-2-3', '154-0004'),
    ]);
    expect(letters(t)).toEqual([`${HOME}|S7|ニュースレター|2026-11`]);
  });

  test.each([
    [
      'a member added (a lower 顧客ID becomes the addressee); the letter was keyed the old way',
      [
        member('C1', '鈴木 花', '東京都世田谷区太子堂1丁目2番3号'),
        member('C2', '鈴木 一郎', '東京都世田谷区太子堂1-2-3'),
      ],
      printed('C2|S7|ニュースレター|2026-11#手紙', 'C2'),
    ],
    [
      'the address corrected since (1-2-5 → 1-2-3): the letter went under the old household key',
      [member('C2', '鈴木 一郎', '東京都世田谷区太子堂1-2-3')],
      printed('世帯:1540004東京都世田谷区太子堂1-2-5|S7|ニュースレター|2026-11', 'C2'),
    ],
    [
      'the member it went to moved away: the household still has it',
      [
        member('C1', '鈴木 花', '東京都目黒区中目黒4-5-6', '153-0061'),
        member('C2', '鈴木 一郎', '東京都世田谷区太子堂1-2-3'),
      ],
      printed(`${HOME}|S7|ニュースレター|2026-11`, 'C1'),
    ],
  ])('%s: not sent again (control: it is)', (_, members, earlier) => {
    const control = shop(members);
    expect(letters(control).length).toBeGreaterThan(0);
    const t = shop(members, [earlier]);
    tally.faultsInjected++;
    expect(letters(t)).toEqual([earlier.キー]);
    tally.duplicatesFound += letters(t).length - 1;
  });

  test('a letter on its way (印刷待ち) to a member who is no longer the addressee is kept, not closed', () => {
    const t = shop([member('C2', '鈴木 一郎', '東京都世田谷区太子堂1-2-3')]);
    expect(rowsOf(t, 'ニュースレター', 'ニュースレター').map((r) => r['状態'])).toEqual(['印刷待ち']);
    const sheet = t.services.spreadsheet.sheet('顧客');
    const header = (t.values('顧客') ?? [])[0].map(String);
    sheet
      ?.getRange(3, 1, 1, header.length)
      .setValues([
        header.map((h) => member('C1', '鈴木 花', '東京都世田谷区太子堂1丁目2番3号')[h as '顧客ID'] ?? ''),
      ]);
    tally.faultsInjected++;
    run(t, '2026-11-16');
    expect(rowsOf(t, 'ニュースレター', 'ニュースレター').map((r) => `${r['顧客ID']} ${r['状態']}`)).toEqual([
      'C2 印刷待ち',
    ]);
    tally.pendingKept++;
  });
});

describe('a LINE retry key is unique to its recipient', () => {
  /** Hanako's お伺い, approved and sent on 11-22 through a LINE that answers 409 for a retry key it has seen. */
  function sentToHanako(fetch: (r: FetchRequest) => FetchResponse) {
    const t = hanakoAndKen(fetch);
    t.call('runDailyFollowUps');
    const header = (t.values('LINE送信') ?? [])[0].map(String);
    t.services.spreadsheet
      .sheet('LINE送信')
      ?.getRange(2, header.indexOf('承認') + 1)
      .setValue(true);
    t.at('2026-11-22', 10);
    t.call('sendApprovedLine');
    return { t, header };
  }

  test('a LINE送信 row the owner copied for another person is sent to them, never marked sent on a 409', () => {
    const line = lineWithRetryKeys();
    const { t, header } = sentToHanako(line.handler);
    expect(line.delivered).toEqual([HANAKO]);
    // The owner copies the row under it for 田中 健 and approves it.
    const first = copyForKen(t);
    tally.faultsInjected++;
    t.at('2026-11-22', 11);
    t.call('sendApprovedLine');
    // LINE accepted it for Ken (his own retry key): only then is the row 送信済.
    expect(line.delivered).toEqual([HANAKO, KEN]);
    expect(
      t.records('LINE送信').map((r) => `${r['LINEユーザーID'] === KEN ? 'KEN' : 'HANAKO'} ${r['状態']}`),
    ).toEqual(['HANAKO 送信済', 'KEN 送信済']);
    const keys = t.records('LINE送信').map((r) => r['送信キー（変更しないでください）']);
    expect(new Set(keys).size).toBe(2);
    // The copy is Ken's contact: one 連絡履歴 row of his own (it counts for his LINE caps), written once.
    const kens = () => t.records('連絡履歴').filter((r) => r['顧客ID'] === 'C4');
    expect(kens()).toEqual([
      expect.objectContaining({
        チャネル: 'LINE',
        状態: '送信済',
        キー: `C4|コピー|${String(first[header.indexOf('キー')]).replace(/\|/g, '/')}`,
        宛先: KEN,
      }),
    ]);
    t.at('2026-11-22', 12);
    t.call('sendApprovedLine');
    t.call('runDailyFollowUps');
    expect(kens()).toHaveLength(1);
    expect(line.delivered).toEqual([HANAKO, KEN]);
  });

  test('a copied row whose first push fails goes out once when retried, and is never put back as a second row', () => {
    let failKen = true;
    const delivered: string[] = [];
    const api = lineStandIn({
      push: (request) => {
        const to = String(request.payload ?? '').includes(KEN) ? 'KEN' : 'HANAKO';
        if (to === 'KEN' && failKen) return { status: 500, body: '{"message":"Internal error"}' };
        delivered.push(to);
        return { status: 200, body: '{"sentMessages":[{"id":"1","quoteToken":"q"}]}' };
      },
    });
    const t = hanakoAndKen(api.handler);
    t.call('runDailyFollowUps');
    copyForKen(t);
    t.at('2026-11-22', 10);
    t.call('sendApprovedLine');
    tally.faultsInjected++;
    failKen = false;
    t.at('2026-11-22', 11);
    t.call('sendApprovedLine');
    t.at('2026-11-23', 9);
    t.call('runDailyFollowUps');
    t.at('2026-11-23', 10);
    t.call('sendApprovedLine');
    tally.runsRepeated += 4;
    expect(delivered.filter((d) => d === 'KEN')).toEqual(['KEN']);
    expect(
      t
        .records('連絡履歴')
        .filter((r) => r['顧客ID'] === 'C4')
        .map((r) => r['状態']),
    ).toEqual(['送信済']);
    expect(t.records('LINE送信').filter((r) => r['顧客ID'] === 'C4')).toHaveLength(1);
  });

  test('a copied row is held to its recipient’s LINE cap (LINE上限月回数), which no plan checked for it', () => {
    const line = lineWithRetryKeys();
    const t = hanakoAndKen(line.handler);
    t.call('runDailyFollowUps');
    // Ken already had four LINE this month (sent from the phone, typed by the owner): the cap is 4.
    const log = t.services.spreadsheet.getSheetByName('連絡履歴');
    const logHeader = (t.values('連絡履歴') ?? [])[0].map(String);
    const typed = ['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-20'].map((day) =>
      logHeader.map(
        (h) => ({ 日時: dateCell(day), 顧客ID: 'C4', チャネル: 'LINE', 状態: '送信済' })[h] ?? '',
      ),
    );
    log?.getRange((log?.getLastRow() ?? 0) + 1, 1, typed.length, logHeader.length).setValues(typed);
    copyForKen(t);
    t.at('2026-11-22', 10);
    t.call('sendApprovedLine');
    tally.faultsInjected++;
    expect(line.delivered).toEqual([]);
    expect(t.records('LINE送信').find((r) => r['顧客ID'] === 'C4')).toMatchObject({
      状態: '承認待ち',
      承認: false,
      備考: expect.stringContaining('LINE上限月回数'),
    });
  });

  test('a push an earlier version left 送信中 (no 送信キー) is retried with its old key: LINE does not send it twice', () => {
    // An earlier version's key: the contact key alone (SHA-1 of the namespace and the key, in the v5 layout).
    const legacy = (key: string) => {
      const b = [
        ...createHash('sha1').update(`6f1d0c2e-2b7a-4d55-9a63-0c5e1f3b8a47:${key}`, 'utf8').digest(),
      ].slice(0, 16);
      b[6] = (b[6] & 0x0f) | 0x50;
      b[8] = (b[8] & 0x3f) | 0x80;
      const hex = b.map((v) => v.toString(16).padStart(2, '0')).join('');
      return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join(
        '-',
      );
    };
    // LINE answers 409 to a retry key it accepted before and does not send again
    // (https://developers.line.biz/en/docs/messaging-api/retrying-api-request/).
    const accepted = new Set([legacy('C3|S1|お伺い|2026-11-20')]);
    const delivered: string[] = [];
    const api = lineStandIn({
      push: (request) => {
        const key = request.headers['X-Line-Retry-Key'];
        if (accepted.has(key))
          return { status: 409, body: '{"message":"The retry key is already accepted"}' };
        accepted.add(key);
        delivered.push(HANAKO);
        return { status: 200, body: '{"sentMessages":[{"id":"1"}]}' };
      },
    });
    const t = loadTsunagu({
      sheets: [customerSheet([lineCustomer('C3', '高橋 花子', HANAKO)]), settingsSheet(SHOP_SETTINGS)],
      today: '2026-11-22',
      hour: 9,
      fetch: api.handler,
      documentProperties: { 'tsunagu.line.token': 'token' },
    });
    t.call('runDailyFollowUps');
    const header = (t.values('LINE送信') ?? [])[0].map(String);
    const sheet = t.services.spreadsheet.sheet('LINE送信');
    // What an earlier version left when it was stopped mid-push at 9:30 (LINE had accepted it).
    sheet?.getRange(2, header.indexOf('状態') + 1).setValue('送信中');
    sheet?.getRange(2, header.indexOf('承認') + 1).setValue(true);
    sheet?.getRange(2, header.indexOf('送信日時') + 1).setValue(new Date(Date.UTC(2026, 10, 22, 0, 30)));
    tally.faultsInjected++;
    t.at('2026-11-22', 10);
    t.call('sendApprovedLine');
    expect(delivered).toEqual([]);
    expect(t.records('LINE送信')[0]).toMatchObject({ 状態: '送信済' });
  });
});

afterAll(() => {
  expect(tally.duplicatesFound).toBe(0);
});
