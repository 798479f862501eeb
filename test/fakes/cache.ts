import { Counted, type FakeEnv } from './calls';

type GasCache = GoogleAppsScript.Cache.Cache;
type GasCacheService = GoogleAppsScript.Cache.CacheService;

const CACHE = 'CacheService';

/**
 * The limits of a cache, from Google's reference and from Justin Poehnelt's measurements of them
 * (https://justin.poehnelt.com/posts/exploring-apps-script-cacheservice-limits): a key of at most 250 characters and a
 * value of at most 100 KB ("Strict. Throws error if exceeded."), at most 1,000 items, then the oldest ~10% go at
 * once ("FIFO … Removes ~100 items (10%) at once when full"); an expiration of 1 to 21,600 seconds, 600 by default
 * (https://developers.google.com/apps-script/reference/cache/cache#put(String,String,Integer)).
 */
export const CACHE_KEY_MAX_CHARS = 250;
export const CACHE_VALUE_MAX_BYTES = 100 * 1024;
export const CACHE_MAX_ITEMS = 1000;
export const CACHE_DEFAULT_SECONDS = 600;
export const CACHE_MAX_SECONDS = 21_600;

interface Item {
  value: string;
  expires: number;
  /** Insertion order: eviction goes by when an item was put, not by when it was read. */
  order: number;
}

/**
 * One cache (a document's, the script's or a user's). "The data you write to the cache is not guaranteed to persist
 * until its expiration time. You must be prepared to get back null from all reads"
 * (https://developers.google.com/apps-script/reference/cache/cache-service): `evictAll` drops everything, as Google
 * may at any moment.
 */
export class FakeCache
  extends Counted
  implements Pick<GasCache, 'get' | 'getAll' | 'put' | 'putAll' | 'remove' | 'removeAll'>
{
  private readonly items = new Map<string, Item>();
  private order = 0;

  constructor(env: FakeEnv) {
    super(env, CACHE, 'Cache.');
  }

  private checkKey(key: string): string {
    const text = String(key);
    if (text.length > CACHE_KEY_MAX_CHARS) throw this.env.realm.error('Argument too large: key');
    return text;
  }

  private live(key: string): Item | undefined {
    const item = this.items.get(key);
    if (item && item.expires <= this.env.clock.now) {
      this.items.delete(key);
      return undefined;
    }
    return item;
  }

  /** "Gets the cached value for the given key, or null if none is found." */
  get(key: string): string | null {
    this.count('get');
    return this.live(this.checkKey(key))?.value ?? null;
  }

  /** "Returns a JavaScript Object containing all key/value pairs found in the cache for an array of keys." */
  getAll(keys: string[]): Record<string, string> {
    this.count('getAll');
    const out: Record<string, string> = {};
    for (const key of keys) {
      const item = this.live(this.checkKey(key));
      if (item) out[key] = item.value;
    }
    return out;
  }

  put(key: string, value: string, expirationInSeconds?: number): void {
    this.count('put');
    this.store({ [key]: value }, expirationInSeconds);
  }

  putAll(values: Record<string, string>, expirationInSeconds?: number): void {
    this.count('putAll');
    this.store(values, expirationInSeconds);
  }

  remove(key: string): void {
    this.count('remove');
    this.items.delete(this.checkKey(key));
  }

  removeAll(keys: string[]): void {
    this.count('removeAll');
    for (const key of keys) this.items.delete(this.checkKey(key));
  }

  /** Uncounted: Google dropping the whole cache before its items expire. */
  evictAll(): void {
    this.items.clear();
  }

  /** Uncounted: the keys held now (expired ones left out). */
  keys(): string[] {
    return [...this.items.keys()].filter((k) => this.live(k) !== undefined);
  }

  /** Checked whole before any is stored: a key or value over its limit, or an expiration out of range, throws. */
  private store(values: Record<string, string>, expirationInSeconds = CACHE_DEFAULT_SECONDS): void {
    const seconds = Number(expirationInSeconds);
    // Stricter than the page, which says only that 21,600 is the most: out of range is refused, not cut.
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > CACHE_MAX_SECONDS)
      throw this.env.realm.error(`Invalid argument: expirationInSeconds (${String(expirationInSeconds)})`);
    const entries = Object.entries(values).map(([k, v]) => [this.checkKey(k), String(v)] as const);
    for (const [, v] of entries)
      if (Buffer.byteLength(v, 'utf8') > CACHE_VALUE_MAX_BYTES)
        throw this.env.realm.error('Argument too large: value');
    for (const [k, v] of entries) {
      this.items.delete(k);
      this.items.set(k, { value: v, expires: this.env.clock.now + seconds * 1000, order: this.order++ });
    }
    if (this.items.size > CACHE_MAX_ITEMS) {
      const oldest = [...this.items.entries()].sort((a, b) => a[1].order - b[1].order);
      const drop = Math.max(Math.ceil(CACHE_MAX_ITEMS / 10), this.items.size - CACHE_MAX_ITEMS);
      for (const [k] of oldest.slice(0, drop)) this.items.delete(k);
    }
  }
}

/** CacheService: the document's cache (null where there is no document, as getDocumentProperties), the script's. */
export class FakeCacheService
  extends Counted
  implements Pick<GasCacheService, 'getDocumentCache' | 'getScriptCache'>
{
  readonly document: FakeCache;
  readonly script: FakeCache;

  constructor(env: FakeEnv) {
    super(env, CACHE, '');
    this.document = new FakeCache(env);
    this.script = new FakeCache(env);
  }

  /**
   * "If this method is called outside of the context of a containing document (such as from a standalone script or
   * web app), this method returns null" (https://developers.google.com/apps-script/reference/cache/cache-service#getDocumentCache()).
   */
  getDocumentCache(): GasCache | null {
    this.count('getDocumentCache');
    if (this.env.execution.kind === 'webApp') return null;
    return this.document as unknown as GasCache;
  }

  getScriptCache(): GasCache {
    this.count('getScriptCache');
    return this.script as unknown as GasCache;
  }
}
