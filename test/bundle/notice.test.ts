import {
  C1_MAIL,
  C4_CALLER,
  C4_INQUIRY_SENT,
  customerSheet,
  loadTsunagu,
  logSheet,
  settingsSheet,
  SHOP_SETTINGS,
} from './harness';

function shop(extra: [string, string][] = []) {
  return loadTsunagu({
    sheets: [
      customerSheet([C4_CALLER, { ...C1_MAIL }]),
      settingsSheet([...SHOP_SETTINGS, ...extra]),
      logSheet([C4_INQUIRY_SENT]),
    ],
    today: '2026-11-22',
  });
}

const notices = (t: ReturnType<typeof shop>) =>
  t.services.exportState().gmail.sent.filter((m) => m.subject.startsWith('【つなぐ】'));

describe("the owner's morning notice", () => {
  test('by email to the owner, once a day, listing the calls with name, number and reason', () => {
    const t = shop();
    t.call('runDailyFollowUps');
    const [notice] = notices(t);
    expect(notice).toMatchObject({
      to: 'owner@example.com',
      subject: '【つなぐ】今日のフォロー 11月22日（2件）',
    });
    expect(notice.plainBody).toContain('田中 健 様\n090-1111-2222\n');
    expect(notice.plainBody).toContain('購入後フォロー（電話確認）');
    expect(notice.plainBody).toContain('・メール 1件（Gmailの下書きを確認して送信）');
    t.at('2026-11-22', 15);
    t.call('runDailyFollowUps');
    expect(notices(t)).toHaveLength(1);
  });

  test('not in preview, and not when オーナー通知 is なし', () => {
    const preview = loadTsunagu({ sheets: [customerSheet([])], today: '2026-11-22', preparing: false });
    preview.call('runDailyFollowUps');
    expect(preview.services.exportState().gmail.sent).toHaveLength(0);
    const off = shop([['オーナー通知', 'なし']]);
    off.call('runDailyFollowUps');
    expect(notices(off)).toHaveLength(0);
  });
});
