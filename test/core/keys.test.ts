import fc from 'fast-check';
import {
  baseKey,
  contactKey,
  copyKey,
  householdOf,
  householdOwner,
  isCopyKey,
  isHouseholdKey,
  isKeyOf,
  isKeyOfStep,
  keyAnchor,
  keyOwner,
  keyRule,
  LETTER_SUFFIX,
  parseKey,
} from '../../src/core/keys';

/** The one contact-key module (issue 15 item 3): every key is built and read here. */
describe('contact keys', () => {
  test("a customer's contact, its attempts and its letter", () => {
    const key = contactKey('C0001', 'S1', '電話確認', '2026-11-20');
    expect(key).toBe('C0001|S1|電話確認|2026-11-20');
    expect(contactKey('C0001', 'S1', '電話確認', '2026-11-20', 2)).toBe('C0001|S1|電話確認|2026-11-20#2');
    expect(contactKey('C0001', 'S6', 'お礼', '2026-11-20', 1, LETTER_SUFFIX)).toBe(
      'C0001|S6|お礼|2026-11-20#手紙',
    );
    expect(parseKey(`${key}#2`)).toEqual({
      owner: 'C0001',
      rule: 'S1',
      step: '電話確認',
      anchor: '2026-11-20',
      suffix: '#2',
    });
    expect(baseKey(`${key}#2`)).toBe(key);
    expect(isKeyOfStep(`${key}#手紙`, key)).toBe(true);
    expect(isKeyOfStep(`${key}0`, key)).toBe(false);
  });

  test('a 顧客ID with | or # in it still reads: keys are read from the right', () => {
    const key = contactKey('A|B#1', 'S4', 'お役立ち情報', '2026-01-10');
    expect(parseKey(key)).toMatchObject({ owner: 'A|B#1', rule: 'S4', anchor: '2026-01-10', suffix: '' });
    expect(keyOwner(key)).toBe('A|B#1');
    expect(baseKey(key)).toBe(key);
    expect(isKeyOf(key, 'A|B#1', 'S4', '2026-01-10')).toBe(true);
  });

  test('a vacancy offer anchors on its slot, a household letter on its issue', () => {
    expect(keyAnchor('C1|S5|ご案内|2026-11-26 10:00')).toBe('2026-11-26 10:00');
    const letter = contactKey(
      householdOwner('1540004東京都世田谷区太子堂2-1-1'),
      'S7',
      'ニュースレター',
      '2026-11',
    );
    expect(isHouseholdKey(letter)).toBe(true);
    expect(householdOf(letter)).toBe('1540004東京都世田谷区太子堂2-1-1');
    expect(keyRule(letter)).toBe('S7');
  });

  test('a copied LINE belongs to the customer it was copied for, and to no rule', () => {
    const copied = copyKey('C2', 'C1|S6|お礼|2026-11-20');
    expect(copied).toBe('C2|コピー|C1/S6/お礼/2026-11-20');
    expect(isCopyKey(copied)).toBe(true);
    expect(keyRule(copied)).toBe('コピー');
    expect(keyOwner(copied)).toBe('C2');
    expect(parseKey(copied)).toBeUndefined();
    expect(isCopyKey('C1|S6|お礼|2026-11-20')).toBe(false);
  });

  test('what is not a key reads as nothing', () => {
    for (const text of ['', 'C1', 'C1|S1', 'C1|S1|お伺い']) {
      expect(parseKey(text)).toBeUndefined();
      expect(keyOwner(text)).toBe('');
      expect(keyAnchor(text)).toBe('');
    }
    expect(keyRule('')).toBe('');
  });

  test('property: what contactKey builds, parseKey reads back', () => {
    const part = fc.string({ minLength: 1, maxLength: 8 }).filter((s) => !/[|#]/.test(s));
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.constantFrom('S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8' as const),
        part,
        part,
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom('', LETTER_SUFFIX),
        (owner, rule, step, anchor, attempt, suffix) => {
          const key = contactKey(owner, rule, step, anchor, attempt, suffix);
          expect(parseKey(key)).toEqual({
            owner,
            rule,
            step,
            anchor,
            suffix: `${attempt > 1 ? `#${attempt}` : ''}${suffix}`,
          });
          expect(keyRule(key)).toBe(rule);
          expect(isKeyOfStep(key, contactKey(owner, rule, step, anchor))).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('property: isKeyOf, compared in place, agrees with parseKey', () => {
    const piece = fc.constantFrom(
      'C1',
      'C1|x',
      'S1',
      'S4',
      'お伺い',
      '2026-11-20',
      '2026-11-20#2',
      '#手紙',
      '',
      '|',
    );
    const text = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join('|'));
    fc.assert(
      fc.property(
        text,
        fc.constantFrom('C1', 'C1|x'),
        fc.constantFrom('S1' as const, 'S4' as const),
        fc.option(fc.constantFrom('2026-11-20', '2026-11'), { nil: undefined }),
        (key, owner, rule, anchor) => {
          const parts = parseKey(key);
          const expected =
            parts !== undefined &&
            parts.owner === owner &&
            parts.rule === rule &&
            (anchor === undefined || parts.anchor === anchor);
          expect(isKeyOf(key, owner, rule, anchor)).toBe(expected);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
