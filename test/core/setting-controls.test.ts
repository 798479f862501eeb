import { checkSetting, readSettings, SETTING_SPECS } from '../../src/core/settings';
import { TZ } from './builders';

/** What the reader makes of one value, as the run would read it (its value, or the problem it reports). */
function read(item: string, value: unknown) {
  return readSettings([[item, value]], TZ).problems;
}

describe('each setting declares the control that fits its reader', () => {
  test('every item of 設定 has a control of a known kind', () => {
    const kinds = ['text', 'multiline', 'choice', 'number', 'switch', 'days', 'time', 'dates'];
    for (const spec of SETTING_SPECS)
      expect([spec.item, kinds.includes(spec.control?.kind)]).toEqual([spec.item, true]);
    const kindOf = (item: string) => SETTING_SPECS.find((s) => s.item === item)?.control.kind;
    expect(
      ['オーナー通知', '休眠日数', '祝日休業', '定休日', '毎日の実行時刻', '署名', '店名', '休業日'].map(
        kindOf,
      ),
    ).toEqual(['choice', 'number', 'switch', 'days', 'time', 'multiline', 'text', 'dates']);
  });

  test.each(SETTING_SPECS.filter((s) => s.control.kind === 'choice').map((s) => [s.item, s] as const))(
    '%s: every option of its select is read as itself, and nothing else is offered',
    (item, spec) => {
      if (spec.control.kind !== 'choice') throw new Error('not a choice');
      expect(spec.control.options.length).toBeGreaterThan(1);
      for (const option of spec.control.options) {
        expect(checkSetting(item, option, TZ)).toEqual({ ok: true });
        expect(read(item, option)).toEqual([]);
      }
      expect(checkSetting(item, 'どれでもない', TZ)).toMatchObject({ ok: false });
    },
  );

  test.each(SETTING_SPECS.filter((s) => s.control.kind === 'number').map((s) => [s.item, s] as const))(
    '%s: its number input’s range is exactly the range its reader accepts',
    (item, spec) => {
      if (spec.control.kind !== 'number') throw new Error('not a number');
      const { min, max } = spec.control;
      for (const ok of [min, max])
        expect([ok, checkSetting(item, String(ok), TZ)]).toEqual([ok, { ok: true }]);
      for (const bad of [max + 1, ...(min > 0 ? [min - 1] : [])]) {
        expect([bad, checkSetting(item, String(bad), TZ).ok]).toEqual([bad, false]);
        expect(read(item, String(bad))).not.toEqual([]);
      }
    },
  );

  test('a switch takes TRUE and FALSE; the hour takes 0 to 23', () => {
    expect(checkSetting('祝日休業', 'TRUE', TZ)).toEqual({ ok: true });
    expect(checkSetting('LINE自動送信', 'FALSE', TZ)).toEqual({ ok: true });
    expect(checkSetting('毎日の実行時刻', '23', TZ)).toEqual({ ok: true });
    expect(checkSetting('毎日の実行時刻', '24', TZ)).toMatchObject({ ok: false });
  });
});

describe('a value the owner types is refused with the reader’s reason', () => {
  test.each([
    [
      'オーナー通知',
      'ライン',
      '「ライン」はオーナー通知として読めません。「メール」・「LINE」・「なし」のどれかを選んでください。',
    ],
    ['休眠日数', '三か月', '「三か月」は休眠日数として読めません。1から3650までの数字で入れてください。'],
    [
      '店舗メール',
      'info@',
      '「info@」は店舗メールとして読めません。メールアドレスを「info@example.jp」の形で入れてください。',
    ],
    [
      '1日の手紙上限',
      '20通まで?',
      '「20通まで?」は1日の手紙上限として読めません。0から10000までの数字で入れてください（0にすると、その方法は使いません）。',
    ],
  ])('%s 「%s」', (item, value, reason) => {
    expect(checkSetting(item, value, TZ)).toEqual({ ok: false, reason });
  });

  test('定休日 says in its own words what it cannot apply; a note in brackets alone may be saved, told', () => {
    expect(checkSetting('定休日', '隔週火曜', TZ)).toEqual({
      ok: false,
      reason:
        '設定「定休日」は定休日なしとして扱います。「隔週火曜」は日が決まらないため使いません（お休みの日を「休業日」に日付で入れてください）。',
    });
    expect(checkSetting('定休日', '水曜（祝日の場合は翌日）', TZ)).toEqual({
      ok: true,
      note: '設定「定休日」は毎週水曜として扱います。（祝日の場合は翌日）は反映していません（その日を休みにするときは「休業日」に日付で入れてください）。',
    });
    expect(checkSetting('定休日', '毎週水曜、第2・第4火曜', TZ)).toEqual({ ok: true });
  });

  test('休業日 names the entry it cannot read; blank is always allowed (the default is used)', () => {
    expect(checkSetting('休業日', '2026/9/1、9/2', TZ)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('「9/2」は読めないため使いません'),
    });
    for (const spec of SETTING_SPECS) expect(checkSetting(spec.item, '', TZ)).toEqual({ ok: true });
  });
});
