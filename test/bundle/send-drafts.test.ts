/**
 * 「選んだ下書きを送信」 (issue 16 item 6): the owner's chosen Gmail drafts sent with GmailDraft.send() from the owner's
 * account, within the day's limit, consent checked at that moment, recorded 送信済 as the owner's own send is.
 */
import type { CellValue } from '../fakes';
import {
  C1_MAIL,
  CUSTOMER_HEADER,
  customerSheet,
  loadTsunagu,
  settingsSheet,
  SHOP_SETTINGS,
  type Tsunagu,
  runKilledAt,
} from './harness';

interface Item {
  key: string;
  state: string;
  draftReady?: boolean;
}
interface Reply {
  ok: boolean;
  message: string;
  view?: { groups: { channel: string; items: Item[] }[] };
}

const KEY = (id: string) => `${id}|S1|お伺い|2026-11-20`;
const CUSTOMERS = [
  { ...C1_MAIL },
  { ...C1_MAIL, 顧客ID: 'C2', 氏名: '鈴木 花', メール: 'hana@example.jp' },
  { ...C1_MAIL, 顧客ID: 'C3', 氏名: '高橋 蓮', メール: 'ren@example.jp' },
];

/** Three お伺い drafts made by the 11-22 run, waiting in the owner's Gmail. */
function drafted(settings: [string, CellValue][] = SHOP_SETTINGS): Tsunagu {
  const t = loadTsunagu({
    sheets: [customerSheet(CUSTOMERS), settingsSheet(settings)],
    today: '2026-11-22',
    hour: 9,
  });
  t.call('runDailyFollowUps');
  expect(t.services.gmail.draftRecords()).toHaveLength(3);
  t.at('2026-11-22', 10);
  return t;
}

const send = (t: Tsunagu, ids: string[], today = '2026-11-22') =>
  t.call<Reply>('sendChosenDrafts', { keys: ids.map(KEY), today });
const row = (t: Tsunagu, id: string) => t.records('連絡履歴').find((r) => r['キー'] === KEY(id));
/** What went to customers (the owner's morning notice goes to the owner). */
const sentToCustomers = (t: Tsunagu) =>
  t.services.gmail.sentRecords().filter((m) => m.to !== 'owner@example.com');
const sentTo = (t: Tsunagu) => sentToCustomers(t).map((m) => m.to);
const draftOf = (t: Tsunagu, id: string) =>
  t.services.gmail
    .draftRecords()
    .find((d) => d.message.to === CUSTOMERS.find((c) => c.顧客ID === id)?.メール);

/** The owner types into a sheet (顧客 by default) between listing and clicking: the row whose first cell is `id`. */
function ownerTypes(t: Tsunagu, id: string, header: string, value: CellValue, name = '顧客'): void {
  const sheet = t.services.spreadsheet.getSheetByName(name);
  if (!sheet) throw new Error(`no ${name}`);
  const values = sheet.getDataRange().getValues();
  const column = values[0].indexOf(header);
  const r = values.findIndex((v) => v[0] === id);
  if (column < 0 || r < 0) throw new Error(`no ${header} for ${id}`);
  sheet.getRange(r + 1, column + 1).setValue(value);
}

describe('選んだ下書きを送信', () => {
  test('the list marks the cards whose draft exists; the chosen ones go out once, recorded 送信済 when sent', () => {
    const t = drafted();
    const listed = t.call<{ groups: { channel: string; items: Item[] }[] }>('getTodayFollowUps');
    const mail = listed.groups.find((g) => g.channel === 'メール');
    expect(mail?.items.map((i) => [i.key, i.draftReady])).toEqual([
      [KEY('C1'), true],
      [KEY('C2'), true],
      [KEY('C3'), true],
    ]);
    const reply = send(t, ['C1', 'C2']);
    expect(reply).toMatchObject({
      ok: true,
      message: 'メール2件を送信しました（佐藤 美咲 様、鈴木 花 様）。',
    });
    expect(sentTo(t).sort()).toEqual(['hana@example.jp', 'misaki@example.jp']);
    expect(row(t, 'C1')).toMatchObject({ 状態: '送信済' });
    expect(row(t, 'C2')).toMatchObject({ 状態: '送信済' });
    // The reason stays as it was: the sending mark is gone once the send is confirmed.
    expect(String(row(t, 'C1')?.['備考'])).not.toContain('送信を開始');
    expect(row(t, 'C3')).toMatchObject({ 状態: '下書き' });
    expect(reply.view?.groups.find((g) => g.channel === 'メール')?.items.map((i) => i.key)).toEqual([
      KEY('C3'),
    ]);
    // 日時 is when it was sent, as for a draft the owner sends from Gmail.
    expect(row(t, 'C1')?.['日時']).toEqual(new Date(Date.UTC(2026, 10, 22, 1, 0)));

    // Run twice (a second click, a stale list): nothing goes out a second time.
    const again = send(t, ['C1', 'C2']);
    expect(again.ok).toBe(false);
    expect(sentTo(t)).toHaveLength(2);
    // The next run agrees: nothing to record twice.
    t.call('runDailyFollowUps');
    expect(sentTo(t)).toHaveLength(2);
    expect(t.records('連絡履歴').filter((r) => r['状態'] === '送信済')).toHaveLength(2);
  });

  test('a draft the owner edited in Gmail is sent as edited', () => {
    const t = drafted();
    const draft = draftOf(t, 'C1');
    t.services.gmail.ownerEditsDraft(draft?.id ?? '', {
      body: '佐藤様\n先日はありがとうございました。（店主より）',
    });
    expect(send(t, ['C1']).ok).toBe(true);
    expect(sentToCustomers(t)[0].plainBody).toBe('佐藤様\n先日はありがとうございました。（店主より）');
  });

  test('consent withdrawn between listing and the click: not sent, the draft deleted, and said', () => {
    const t = drafted();
    ownerTypes(t, 'C2', '配信停止', 'メール');
    const reply = send(t, ['C1', 'C2']);
    expect(reply.message).toBe(
      'メール1件を送信しました（佐藤 美咲 様）。鈴木 花 様は配信停止（メール）になっていたため、送らずに下書きを削除しました。',
    );
    expect(sentTo(t)).toEqual(['misaki@example.jp']);
    expect(row(t, 'C2')).toMatchObject({ 状態: 'スキップ' });
    expect(draftOf(t, 'C2')).toBeUndefined();
  });

  test('a customer gone from 顧客 since the listing: not sent, kept for the owner, and said', () => {
    const t = drafted();
    ownerTypes(t, 'C2', '顧客ID', 'C2-old');
    const reply = send(t, ['C2']);
    expect(reply.ok).toBe(false);
    expect(reply.message).toContain('顧客ID「C2」のお客様が見つからないため、送りませんでした');
    expect(sentTo(t)).toEqual([]);
    expect(draftOf(t, 'C2')).toBeDefined();
  });

  test('a draft the owner deleted in Gmail: nothing sent, and said', () => {
    const t = drafted();
    t.services.gmail.ownerDeletesDraft(draftOf(t, 'C1')?.id ?? '');
    const reply = send(t, ['C1']);
    expect(reply).toMatchObject({
      ok: false,
      message:
        '佐藤 美咲 様への下書きはGmailで削除されていたため、送っていません（スキップとして記録しました）。',
    });
    expect(sentTo(t)).toEqual([]);
    expect(row(t, 'C1')).toMatchObject({ 状態: 'スキップ', 備考: '下書きが送信されずに削除されました' });
  });

  test('a draft the owner already sent from Gmail is recorded 送信済 and not sent again', () => {
    const t = drafted();
    t.services.gmail.ownerSendsDraft(draftOf(t, 'C1')?.id ?? '');
    const reply = send(t, ['C1']);
    expect(reply.message).toBe('佐藤 美咲 様へのメールはGmailから送信済みでした。送信済として記録しました。');
    expect(sentTo(t)).toEqual(['misaki@example.jp']);
    expect(row(t, 'C1')).toMatchObject({ 状態: '送信済' });
  });

  test('1日のメール上限 reached: the rest stay drafts, and the owner is told which', () => {
    const t = drafted([...SHOP_SETTINGS, ['1日のメール上限', 3]]);
    // Three were drafted under a limit of three; the owner lowers it to two before sending.
    ownerTypes(t, '1日のメール上限', '値', 2, '設定');
    const reply = send(t, ['C1', 'C2', 'C3']);
    expect(reply.message).toBe(
      'メール2件を送信しました（佐藤 美咲 様、鈴木 花 様）。設定「1日のメール上限」（2件）に達したため、1件は送っていません（高橋 蓮 様）。下書きは残っています。明日もう一度選んでください。',
    );
    expect(row(t, 'C3')).toMatchObject({ 状態: '下書き' });
    expect(draftOf(t, 'C3')).toBeDefined();
    // Later the same day the limit is already spent.
    expect(send(t, ['C3']).message).toContain('1件は送っていません（高橋 蓮 様）');
    expect(sentTo(t)).toHaveLength(2);
  });

  test("Gmail's daily recipient quota: the draft it refused and the rest stay drafts, none recorded sent", () => {
    const t = drafted();
    // One more recipient today (the morning notice to the owner was one).
    t.services.gmail.dailyRecipientQuota = t.services.gmail.recipientsUsed + 1;
    const reply = send(t, ['C1', 'C2', 'C3']);
    expect(reply.message).toBe(
      'メール1件を送信しました（佐藤 美咲 様）。Gmailの1日の送信数の上限に達したため、2件は送っていません（鈴木 花 様、高橋 蓮 様）。下書きは残っています。明日以降にもう一度選んでください。',
    );
    expect(sentTo(t)).toEqual(['misaki@example.jp']);
    expect(row(t, 'C2')).toMatchObject({ 状態: '下書き' });
    expect(String(row(t, 'C2')?.['備考'])).not.toContain('送信を開始');
    expect(t.services.gmail.draftRecords()).toHaveLength(2);
  });

  test('another editor cannot send the owner drafts: nothing is sent, and said', () => {
    const t = drafted();
    t.user = 'staff@example.com';
    const reply = send(t, ['C1']);
    expect(reply.ok).toBe(false);
    expect(reply.message).toContain(
      'Gmailの下書きの送信はオーナー（owner@example.com）のGoogleアカウントで行います',
    );
    expect(sentTo(t)).toEqual([]);
  });

  test('a list from another day sends nothing', () => {
    const t = drafted();
    expect(send(t, ['C1'], '2026-11-21')).toMatchObject({ ok: false });
    expect(sentTo(t)).toEqual([]);
  });

  test('a marketing step without メール同意 at the click: not sent, kept, and said', () => {
    const t = loadTsunagu({
      sheets: [
        customerSheet([{ ...C1_MAIL, メール同意: true }], [...CUSTOMER_HEADER, 'メール同意']),
        settingsSheet(SHOP_SETTINGS),
      ],
      today: '2026-11-22',
      hour: 9,
    });
    t.call('runDailyFollowUps');
    t.at('2026-11-22', 10);
    expect(send(t, ['C1']).ok).toBe(true);
    // Day by day, the owner sending what is drafted, until the 提案 (marketing email) is drafted.
    let proposal: Record<string, CellValue> | undefined;
    let day = '';
    for (let d = 23; d <= 40 && !proposal; d++) {
      const date = new Date(Date.UTC(2026, 10, d));
      day = date.toISOString().slice(0, 10);
      t.at(day, 9);
      t.call('runDailyFollowUps');
      proposal = t
        .records('連絡履歴')
        .find((r) => String(r['キー']).includes('|提案|') && r['状態'] === '下書き');
      const others = t
        .records('連絡履歴')
        .filter((r) => r['状態'] === '下書き' && !String(r['キー']).includes('|提案|'));
      if (others.length > 0) t.call('sendChosenDrafts', { keys: others.map((r) => r['キー']), today: day });
    }
    expect(proposal).toMatchObject({ 状態: '下書き', チャネル: 'メール' });
    const sentBefore = sentTo(t).length;
    ownerTypes(t, 'C1', 'メール同意', false);
    const reply = t.call<Reply>('sendChosenDrafts', { keys: [proposal?.['キー']], today: day });
    expect(reply).toMatchObject({
      ok: false,
      message:
        '佐藤 美咲 様: 顧客シートの「メール同意」がないため、送りませんでした（ご案内のメールは同意のある方にだけ送ります）。',
    });
    expect(sentTo(t)).toHaveLength(sentBefore);
  });
});

describe('選んだ下書きを送信, interrupted at any point', () => {
  const reference = drafted();
  const before = reference.services.calls.total();
  send(reference, ['C1', 'C2']);
  const serviceCalls = reference.services.calls.total() - before;

  test(`each chosen email goes out exactly once and is recorded 送信済 (each of ${serviceCalls} kill points)`, () => {
    const failures: string[] = [];
    for (let k = 1; k <= serviceCalls; k++) {
      const t = drafted();
      const killedAt = runKilledAt(t, k, () => send(t, ['C1', 'C2']));
      // The owner clicks again, then the next run looks.
      t.at('2026-11-22', 11);
      send(t, ['C1', 'C2']);
      t.call('runDailyFollowUps');
      const got = sentTo(t).sort();
      const states = ['C1', 'C2'].map((id) => row(t, id)?.['状態']);
      if (got.join() !== 'hana@example.jp,misaki@example.jp' || states.join() !== '送信済,送信済')
        failures.push(`${k} ${killedAt}: sent ${got.join()} / ${states.join()}`);
    }
    expect(failures).toEqual([]);
  });

  test(`left alone after the interruption, the next run settles each row and takes the mark off 備考 (${serviceCalls} kill points)`, () => {
    const failures: string[] = [];
    for (let k = 1; k <= serviceCalls; k++) {
      const t = drafted();
      runKilledAt(t, k, () => send(t, ['C1', 'C2']));
      t.at('2026-11-22', 11);
      t.call('runDailyFollowUps');
      const sent = sentTo(t);
      for (const [id, mail] of [
        ['C1', 'misaki@example.jp'],
        ['C2', 'hana@example.jp'],
      ]) {
        const r = row(t, id);
        const times = sent.filter((to) => to === mail).length;
        const expected = times === 1 ? '送信済' : '下書き';
        if (times > 1 || r?.['状態'] !== expected || String(r?.['備考'] ?? '').includes('サイドバーから送信'))
          failures.push(`${k} ${id}: sent ${times}, ${String(r?.['状態'])}, 備考 ${String(r?.['備考'])}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe('選んだ下書きを送信: what the review found (issue 16 item 6)', () => {
  const mailItems = (t: Tsunagu) =>
    t
      .call<{ groups: { channel: string; items: (Item & { problem: string })[] }[] }>('getTodayFollowUps')
      .groups.find((g) => g.channel === 'メール')?.items ?? [];

  test('a draft the plan holds (最終来店日 emptied) has no tick box and is not sent when chosen anyway', () => {
    const t = drafted();
    ownerTypes(t, 'C2', '最終来店日', '');
    const c2 = mailItems(t).find((i) => i.key === KEY('C2'));
    expect(c2?.problem).toBe('顧客シートの「最終来店日」が空欄か、見出しが見つかりません');
    expect(c2?.draftReady).toBeFalsy();
    // A stale list (or 「下書きをすべて選ぶ」 from before the edit) still sends the key: refused, and said why.
    const reply = send(t, ['C1', 'C2']);
    expect(reply.message).toBe(
      'メール1件を送信しました（佐藤 美咲 様）。鈴木 花 様: 顧客シートの「最終来店日」が空欄か、見出しが見つからないため、送りませんでした。値か見出しを戻してから、もう一度選んでください。',
    );
    expect(sentTo(t)).toEqual(['misaki@example.jp']);
    expect(row(t, 'C2')).toMatchObject({ 状態: '下書き' });
    expect(draftOf(t, 'C2')).toBeDefined();
  });

  test('a draft held for another reason the plan knows (a カテゴリ not in the カテゴリ sheet) is refused with it', () => {
    const t = drafted();
    ownerTypes(t, 'C2', 'カテゴリ', '未登録');
    const reply = send(t, ['C2']);
    expect(reply).toMatchObject({
      ok: false,
      message:
        '鈴木 花 様: 保留中のため送りませんでした（カテゴリ「未登録」がカテゴリシートにありません）。下書きは残っています。直してから、もう一度選んでください。',
    });
    expect(sentTo(t)).toEqual([]);
    expect(row(t, 'C2')).toMatchObject({ 状態: '下書き' });
    // The same reason, said once, on the card and in 要確認.
    expect(mailItems(t).find((i) => i.key === KEY('C2'))?.problem).toBe(
      'カテゴリ「未登録」がカテゴリシートにありません',
    );
    expect(String(t.records('顧客').find((r) => r['顧客ID'] === 'C2')?.['要確認'])).toContain(
      '購入後フォロー（お伺い）の予定を保留しています（カテゴリ「未登録」がカテゴリシートにないため。直すと続けます）',
    );
  });

  test('メール changed in 顧客 since the draft was made: not sent to the old address, the draft kept, and said', () => {
    const t = drafted();
    ownerTypes(t, 'C2', 'メール', 'hana.new@example.jp');
    const reply = send(t, ['C2']);
    expect(reply.ok).toBe(false);
    expect(reply.message).toBe(
      '鈴木 花 様: 顧客シートの「メール」が、この下書きを作ったとき（hana@example.jp）から変わっているため、送りませんでした。下書きは残っています。Gmailで下書きの宛先を今のメール（hana.new@example.jp）に直してから、もう一度選んでください（送らないときはスキップしてください）。',
    );
    expect(sentTo(t)).toEqual([]);
    expect(row(t, 'C2')).toMatchObject({ 状態: '下書き' });
    // The owner points the draft at the new address in Gmail: now it goes, there.
    t.services.gmail.ownerEditsDraft(draftOf(t, 'C2')?.id ?? '', { to: '鈴木 花 <hana.new@example.jp>' });
    expect(send(t, ['C2'])).toMatchObject({ ok: true, message: 'メール1件を送信しました（鈴木 花 様）。' });
    expect(sentTo(t)).toEqual(['鈴木 花 <hana.new@example.jp>']);
    expect(row(t, 'C2')).toMatchObject({ 状態: '送信済' });
  });

  test('メール cleared in 顧客: not sent, the draft kept, and said', () => {
    const t = drafted();
    ownerTypes(t, 'C2', 'メール', '');
    const reply = send(t, ['C2']);
    expect(reply.message).toContain(
      '鈴木 花 様: 顧客シートの「メール」が空欄になったため、送りませんでした。',
    );
    expect(sentTo(t)).toEqual([]);
    expect(draftOf(t, 'C2')).toBeDefined();
  });

  test('a sent email is recorded 送信済 from what GmailDraft.send() returned, though Gmail answers nothing after', () => {
    const t = drafted();
    let sent = false;
    t.services.calls.onCall = (_service, method) => {
      if (method === 'GmailDraft.send') sent = true;
      else if (sent && ['getDrafts', 'getThreadById', 'search'].includes(method))
        throw new Error('Service error: Gmail');
    };
    const reply = send(t, ['C1']);
    t.services.calls.onCall = undefined;
    expect(reply).toMatchObject({ ok: true, message: 'メール1件を送信しました（佐藤 美咲 様）。' });
    expect(row(t, 'C1')).toMatchObject({ 状態: '送信済', 日時: new Date(Date.UTC(2026, 10, 22, 1, 0)) });
    expect(String(row(t, 'C1')?.['備考'])).not.toContain('送信を開始');
  });

  test('a bad address Gmail refuses: said in Japanese with what to fix, no English, no 0件', () => {
    const t = drafted();
    t.services.calls.onCall = (_service, method) => {
      if (method === 'GmailDraft.send') throw new Error('Invalid email: hana@example');
    };
    const reply = send(t, ['C2']);
    t.services.calls.onCall = undefined;
    expect(reply.message).toBe(
      '鈴木 花 様へのメールは、宛先のメールアドレスが正しくないため送れませんでした。下書きは残っています。顧客シートの「メール」とGmailの下書きの宛先を正しいアドレスに直してから、もう一度選んでください。',
    );
    expect(row(t, 'C2')).toMatchObject({ 状態: '下書き' });
    expect(String(row(t, 'C2')?.['備考'])).not.toContain('送信を開始');
  });

  test('1日のメール上限 of 0: says the limit is 0 and where to change it, not 「明日」', () => {
    const t = drafted([...SHOP_SETTINGS, ['1日のメール上限', 3]]);
    ownerTypes(t, '1日のメール上限', '値', 0, '設定');
    const reply = send(t, ['C1']);
    expect(reply.message).toBe(
      '設定「1日のメール上限」が0件のため、1件は送っていません（佐藤 美咲 様）。下書きは残っています。送るときは、「設定」タブ（メニュー「設定」で開きます）で「1日のメール上限」を1件以上にしてから、もう一度選んでください。',
    );
    expect(sentTo(t)).toEqual([]);
  });

  test("Gmail's daily read quota while sending is not called the sending limit", () => {
    const t = drafted();
    // The look at the drafts passes; sending is refused with the read quota's error (the quotas page names the
    // exceeded service in the exception).
    t.services.calls.onCall = (service, method) => {
      if (service === 'GmailApp' && method === 'GmailDraft.send')
        throw new Error('Service invoked too many times for one day: gmail.');
    };
    const reply = send(t, ['C1', 'C2']);
    expect(reply.message).toBe(
      'Gmailの1日の利用回数の上限に達したため、2件は送っていません（佐藤 美咲 様、鈴木 花 様）。下書きは残っています。明日以降にもう一度選んでください。',
    );
    expect(sentTo(t)).toEqual([]);
    expect(row(t, 'C1')).toMatchObject({ 状態: '下書き' });
  });
});
