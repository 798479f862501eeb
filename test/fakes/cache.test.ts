/**
 * The fake CacheService against Google's reference (cache-service, cache) and the limits measured in
 * https://justin.poehnelt.com/posts/exploring-apps-script-cacheservice-limits: what the product relies on is that a
 * read may come back null at any time, and that a key or value over its limit throws.
 */
import { createFakeServices, FakeClock } from './index';
import { CACHE_MAX_ITEMS } from './cache';
import { costOf } from './cost';

function setup() {
  const clock = new FakeClock('2026-12-07T01:00:00Z');
  const services = createFakeServices({
    clock,
    spreadsheet: { id: 'c', name: 'c', timeZone: 'Asia/Tokyo', sheets: [{ name: 'data', values: [['a']] }] },
  });
  const cache = services.cache.getDocumentCache() as GoogleAppsScript.Cache.Cache;
  return { services, clock, cache };
}

describe('the fake CacheService', () => {
  test('a value is there until it expires: 600 s by default, or the expiration given', () => {
    const { clock, cache } = setup();
    cache.put('a', '1');
    cache.putAll({ b: '2', c: '3' }, 60);
    expect(cache.getAll(['a', 'b', 'c', 'none'])).toEqual({ a: '1', b: '2', c: '3' });
    clock.advance(61_000);
    expect(cache.get('b')).toBeNull();
    expect(cache.get('a')).toBe('1');
    clock.advance(540_000);
    expect(cache.get('a')).toBeNull();
  });

  test('a key over 250 characters, a value over 100 KB or an expiration past 6 hours throws, storing nothing', () => {
    const { cache } = setup();
    expect(() => cache.put('k'.repeat(251), 'v')).toThrow('Argument too large: key');
    expect(() => cache.putAll({ ok: 'v', big: 'あ'.repeat(40_000) })).toThrow('Argument too large: value');
    expect(cache.get('ok')).toBeNull();
    expect(() => cache.put('k', 'v', 21_601)).toThrow(/expirationInSeconds/);
    cache.put('k', 'v', 21_600);
    expect(cache.get('k')).toBe('v');
  });

  test('past 1,000 items the oldest tenth goes at once, whatever was read since', () => {
    const { cache, services } = setup();
    for (let i = 0; i < CACHE_MAX_ITEMS; i++) cache.put(`k${i}`, String(i));
    expect(cache.get('k0')).toBe('0');
    cache.put('one more', 'x');
    expect(cache.get('k0')).toBeNull();
    expect(cache.get(`k${CACHE_MAX_ITEMS / 10 - 1}`)).toBeNull();
    expect(cache.get(`k${CACHE_MAX_ITEMS / 10}`)).toBe(String(CACHE_MAX_ITEMS / 10));
    expect(services.cache.document.keys().length).toBeLessThanOrEqual(CACHE_MAX_ITEMS);
  });

  test('a web app request has no document cache (null), as it has no document properties', () => {
    const { services } = setup();
    const back = services.enter({ kind: 'webApp' });
    expect(services.cache.getDocumentCache()).toBeNull();
    back();
    expect(services.cache.getDocumentCache()).not.toBeNull();
  });

  test('priced as measured: a get about 22 ms, a put about 75 ms, getting the cache itself next to nothing', () => {
    const { services, cache } = setup();
    services.calls.reset();
    cache.get('a');
    const read = costOf(services.calls).parts.CacheService;
    services.calls.reset();
    cache.put('a', 'b');
    const write = costOf(services.calls).parts.CacheService;
    expect(read).toBeCloseTo(0.022);
    expect(write).toBeCloseTo(0.075);
  });
});
