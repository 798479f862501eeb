/**
 * A typed array of `size` that starts with `a`'s contents: how the planner's flat arrays (the daily limits' queue,
 * the EntryBook) grow as a list would, doubling, without losing what they hold.
 */
export function grown(a: Float64Array<ArrayBuffer>, size: number): Float64Array<ArrayBuffer>;
export function grown(a: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer>;
export function grown(a: Uint8Array<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer>;
export function grown(
  a: Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer>,
  size: number,
): Float64Array<ArrayBuffer> | Int32Array<ArrayBuffer> | Uint8Array<ArrayBuffer> {
  const b = new (a.constructor as new (length: number) => typeof a)(size);
  b.set(a);
  return b;
}
