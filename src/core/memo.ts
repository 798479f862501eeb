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
