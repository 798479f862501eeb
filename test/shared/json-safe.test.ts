import type { IsJsonSafe } from '../../src/shared/sidebar-types';

/**
 * What crosses google.script.run is checked by the compiler (sidebar/api.ts asks it of every request and reply).
 * These lines are the check's own test: `npm run typecheck` fails if a @ts-expect-error line stops being an error.
 */
const plain: IsJsonSafe<{ a: string; b?: number[]; c: { d: boolean | null }[] }> = true;
// @ts-expect-error a Date does not cross google.script.run
const date: IsJsonSafe<{ a: Date }> = true;
// @ts-expect-error nor does a function
const fn: IsJsonSafe<{ a: () => void }> = true;
// @ts-expect-error an unknown may be either
const unknownValue: IsJsonSafe<{ a: unknown }> = true;

test('the JSON-safety check is a compile-time one (see the @ts-expect-error lines)', () => {
  expect([plain, date, fn, unknownValue]).toEqual([true, true, true, true]);
});
