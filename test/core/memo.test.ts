/**
 * The bounded memos (core/memo.ts) answer what their function answers, whatever the calls and however often the
 * bound lets them go; an answer is computed once while it is kept, and the kept one is what is given again (the
 * rules share one 理由 string among every customer it says).
 */
import fc from 'fast-check';
import { memo, memo2, memo3 } from '../../src/core/memo';

/** A key of a few kinds a rule passes: numbers (days), strings (dates, names), booleans, undefined. */
const key = fc.oneof(
  fc.integer({ min: 0, max: 4 }),
  fc.constantFrom('a', 'b', 'いつもの', ''),
  fc.boolean(),
  fc.constant(undefined),
);

describe('memo, memo2, memo3', () => {
  test('answer as the function does over any calls, with any bound (fast-check)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(key, key, key), { maxLength: 60 }),
        fc.integer({ min: 1, max: 8 }),
        (calls, limit) => {
          // The answer is a fresh object per computation, so a kept answer is told from a new one by identity.
          const computed: unknown[][] = [];
          const one = memo((a: unknown) => (computed.push([a]), { of: [a] }), limit);
          const two = memo2((a: unknown, b: unknown) => (computed.push([a, b]), { of: [a, b] }), limit);
          const three = memo3(
            (a: unknown, b: unknown, c: unknown) => (computed.push([a, b, c]), { of: [a, b, c] }),
            limit,
          );
          for (const [a, b, c] of calls) {
            expect(one(a).of).toEqual([a]);
            expect(two(a, b).of).toEqual([a, b]);
            expect(three(a, b, c).of).toEqual([a, b, c]);
          }
          // Never more computations than calls, and with room for every distinct call, one per distinct call.
          const distinct = (n: number) => new Set(calls.map((call) => JSON.stringify(call.slice(0, n)))).size;
          const counts = [1, 2, 3].map((n) => computed.filter((args) => args.length === n).length);
          counts.forEach((count) => expect(count).toBeLessThanOrEqual(calls.length));
          if (limit >= distinct(3)) expect(counts).toEqual([distinct(1), distinct(2), distinct(3)]);
        },
      ),
      { numRuns: 2000 },
    );
  });

  test('give the kept answer again, undefined too, until the bound is reached', () => {
    let computations = 0;
    const three = memo3((a: number, b: string, c: boolean) => (computations++, c ? { a, b } : undefined), 3);
    const first = three(1, 'x', true);
    expect(three(1, 'x', true)).toBe(first);
    expect(three(1, 'x', false)).toBeUndefined();
    expect(three(1, 'x', false)).toBeUndefined();
    expect(three(2, 'x', true)).toEqual({ a: 2, b: 'x' });
    expect(computations).toBe(3);
    // A fourth answer lets the three kept go: the first is computed again, as a new object.
    three(3, 'y', true);
    const again = three(1, 'x', true);
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
    expect(computations).toBe(5);
  });

  test('keep an answer of undefined as an answer, at every arity', () => {
    let computations = 0;
    const one = memo((a: number) => (computations++, a > 10 ? a : undefined));
    const two = memo2((a: number, b: number) => (computations++, a > b ? a : undefined));
    for (let i = 0; i < 3; i++) expect([one(1), two(1, 2)]).toEqual([undefined, undefined]);
    expect(computations).toBe(2);
  });

  test('tell apart keys that a joined text would not', () => {
    const two = memo2((a: string, b: string) => `${a}${b}`);
    expect(two('ab', 'c')).toBe('abc');
    expect(two('a', 'bc')).toBe('abc');
    const named = memo2((a: unknown, b: unknown) => [a, b]);
    expect(named(1, '1')).toEqual([1, '1']);
    expect(named('1', 1)).toEqual(['1', 1]);
    expect(named(undefined, 'x')).toEqual([undefined, 'x']);
    expect(named('undefined', 'x')).toEqual(['undefined', 'x']);
  });
});
