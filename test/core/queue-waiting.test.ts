/**
 * The daily limits' waiting contacts (queue.ts Waiting: sorted runs of each arrival day, merged through a heap of
 * runs, and a heap of contacts put back) against the plainest model of what runQueues asks of them: a list of
 * keys, the smallest taken first. Whatever the runs, the order is the keys'.
 */
import fc from 'fast-check';
import { Waiting } from '../../src/core/queue';

type Op = { kind: 'arrive'; days: number } | { kind: 'take' } | { kind: 'putBack' } | { kind: 'clear' };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('arrive' as const), days: fc.integer({ min: 0, max: 4 }) }),
  },
  { weight: 5, arbitrary: fc.constant({ kind: 'take' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'putBack' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clear' as const }) },
);

/** A channel's contacts: first days in order (as the queue's order is), each with a key of its own. */
const channel = fc
  .uniqueArray(fc.integer({ min: 0, max: 2 ** 40 }), { minLength: 0, maxLength: 80 })
  .chain((keys) =>
    fc.record({
      keys: fc.constant(keys),
      firstDays: fc
        .array(fc.integer({ min: 0, max: 12 }), { minLength: keys.length, maxLength: keys.length })
        .map((days) => days.sort((a, b) => a - b)),
      ops: fc.array(op, { maxLength: 200 }),
    }),
  );

describe('Waiting: the contacts that arrived, smallest key first', () => {
  test('takes what a plain list would, through arrivals, contacts put back and a clear (fast-check)', () => {
    fc.assert(
      fc.property(channel, ({ keys, firstDays, ops }) => {
        // The queue's arrays: item i has key keys[i] and first day firstDays[i]; order lists them by first day.
        const key = Float64Array.from(keys);
        const placed = Float64Array.from(firstDays);
        const order = keys.map((_, i) => i);
        const waiting = new Waiting(order.length);
        const model: number[] = [];
        const taken: number[] = [];
        const arrived = new Set<number>();
        let day = 0;
        for (const o of ops) {
          if (o.kind === 'arrive') {
            day += o.days;
            waiting.arrive(order, placed, key, day);
            for (let i = 0; i < order.length; i++)
              if (placed[i] <= day && !arrived.has(i)) {
                arrived.add(i);
                model.push(key[i]);
              }
          } else if (o.kind === 'take') {
            if (model.length === 0) continue;
            const smallest = Math.min(...model);
            model.splice(model.indexOf(smallest), 1);
            expect(waiting.take()).toBe(smallest);
            taken.push(smallest);
          } else if (o.kind === 'putBack') {
            const k = taken.pop();
            if (k === undefined) continue;
            waiting.putBack(k);
            model.push(k);
          } else {
            expect(waiting.clear()).toBe(model.length);
            model.length = 0;
          }
          expect(waiting.size).toBe(model.length);
          expect(waiting.first()).toBe(model.length === 0 ? Infinity : Math.min(...model));
          expect(waiting.next).toBe(arrived.size);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
