import { ownerMessage } from '../../src/app/owner-message';
import { BusyError } from '../../src/app/lock';
import { OwnerError } from '../../src/core/errors';
import { TimeZoneError } from '../../src/core/day';

/** What the owner reads when something fails (issue 15 item 8: Tsunagu's own errors told apart by class). */
describe('ownerMessage', () => {
  test("Tsunagu's own errors pass through as written", () => {
    expect(ownerMessage(new OwnerError('設定を直してください。'))).toBe('設定を直してください。');
    expect(ownerMessage(new TimeZoneError('Asia/Tokyo'))).toContain('タイムゾーン（Asia/Tokyo）');
    expect(ownerMessage(new BusyError())).toContain('別の処理（自動実行など）が実行中です');
  });

  test("Apps Script's known errors are put into the owner's words", () => {
    expect(ownerMessage(new Error('Service invoked too many times for one day: gmail.'))).toBe(
      'Gmailの1日の利用上限に達しました。残りは明日の実行で続けます。',
    );
  });

  test('any other error, even one Apps Script wrote in Japanese, says what happened and what to do', () => {
    const localised = ownerMessage(new Error('例外: 範囲の座標が無効です。'));
    expect(localised).toBe(
      '思わぬエラーが起きました（例外: 範囲の座標が無効です。）。もう一度お試しください。続くときは開発者に連絡してください。',
    );
    expect(ownerMessage('boom')).toContain('思わぬエラーが起きました（boom）');
  });
});
