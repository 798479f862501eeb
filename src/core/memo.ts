/**
 * A pure function's answers, kept up to a bound: a planning run asks the same few hundred dates, texts and templates
 * the same questions hundreds of thousands of times (100,000 customers). When the bound is reached the answers kept
 * so far are let go, so a long-lived process (the tests, a runner) never holds more. Pure: no Apps Script globals.
 */
export function memo<K, V>(compute: (key: K) => V, limit = 50_000): (key: K) => V {
  const cache = new Map<K, V>();
  return (key) => {
    const hit = cache.get(key);
    if (hit !== undefined || cache.has(key)) return hit as V;
    if (cache.size >= limit) cache.clear();
    const value = compute(key);
    cache.set(key, value);
    return value;
  };
}

/**
 * memo for a function of two values, kept by the first, then the second: no key is built for a call (building one
 * would cost what is saved). Strings the caller already shares (a memoized date, a category's name) are found by
 * reference, numbers by value.
 */
export function memo2<A, B, V>(compute: (a: A, b: B) => V, limit = 50_000): (a: A, b: B) => V {
  let cache = new Map<A, Map<B, V>>();
  let size = 0;
  return (a, b) => {
    let byB = cache.get(a);
    if (byB !== undefined) {
      const hit = byB.get(b);
      if (hit !== undefined || byB.has(b)) return hit as V;
    }
    if (size >= limit) {
      cache = new Map();
      size = 0;
      byB = undefined;
    }
    if (byB === undefined) cache.set(a, (byB = new Map()));
    const value = compute(a, b);
    byB.set(b, value);
    size++;
    return value;
  };
}

/** memo2 for a function of three values: kept by the first, the second, then the third. */
export function memo3<A, B, C, V>(compute: (a: A, b: B, c: C) => V, limit = 50_000): (a: A, b: B, c: C) => V {
  let cache = new Map<A, Map<B, Map<C, V>>>();
  let size = 0;
  return (a, b, c) => {
    let byB = cache.get(a);
    let byC = byB?.get(b);
    if (byC !== undefined) {
      const hit = byC.get(c);
      if (hit !== undefined || byC.has(c)) return hit as V;
    }
    if (size >= limit) {
      cache = new Map();
      size = 0;
      byB = byC = undefined;
    }
    if (byB === undefined) cache.set(a, (byB = new Map()));
    if (byC === undefined) byB.set(b, (byC = new Map()));
    const value = compute(a, b, c);
    byC.set(c, value);
    size++;
    return value;
  };
}
