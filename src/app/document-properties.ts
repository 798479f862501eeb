/**
 * The document's properties, read once per execution. Each getProperty is a round trip of about 35 ms whatever
 * the store holds, and getProperties costs the same (https://justin.poehnelt.com/posts/apps-script-key-value-stores,
 * 2024-03-16): a sidebar click that asked for fourteen properties one by one spent half a second on them. So the
 * first read takes them all, later reads answer from that copy, and every write goes to the store at once and to
 * the copy.
 *
 * The copy is forgotten when an entry point starts (Apps Script gives each execution a fresh global scope, which the
 * tests' vm context does not) and as soon as the script lock is taken: whatever another execution wrote while this
 * one waited is read again. Not every writer holds the lock (the 設定 tab saves the LINE token, 準備する and
 * 自動実行 record the owner, a whole read remembers what it found), so a copy can be older than the store: a value
 * whose age matters is read with freshProperty — the log guard's memory, which an archiving run lowers before it
 * deletes rows while the sidebar reads the list without the lock, and the LINE token, which the owner may replace
 * during a run.
 */
type Properties = GoogleAppsScript.Properties.Properties;

let copy: Record<string, string> | null = null;

/**
 * One property as the store holds it now (a round trip), for a value another execution may have changed since the
 * copy was taken; the copy learns it too.
 */
export function freshProperty(key: string): string | null {
  const store = PropertiesService.getDocumentProperties() as Properties | null;
  if (!store) return null;
  const value = store.getProperty(key);
  if (copy) {
    if (value === null) delete copy[key];
    else copy[key] = value;
  }
  return value;
}

/**
 * Writes a property only when it differs from what this execution read (a write is a 75 ms round trip, a read of
 * the copy none): what a run remembers after each run is mostly what it remembered before.
 */
export function keepProperty(key: string, value: string): void {
  const props = documentProperties();
  if (props.getProperty(key) !== value) props.setProperty(key, value);
}

/** Forgets the copy: the next read asks the store again. */
export function forgetDocumentProperties(): void {
  copy = null;
}

/**
 * The document's properties, as PropertiesService.getDocumentProperties() returns them (null where it does, e.g.
 * outside a bound or add-on context), with reads answered from one copy per execution.
 */
export function documentProperties(): Properties {
  const store = PropertiesService.getDocumentProperties() as Properties | null;
  if (!store) return store as unknown as Properties;
  const all = (): Record<string, string> => (copy ??= { ...store.getProperties() });
  const wrapper: Properties = {
    getProperty: (key) => {
      const value = all()[key];
      return value === undefined ? null : value;
    },
    getProperties: () => ({ ...all() }),
    getKeys: () => Object.keys(all()),
    setProperty: (key, value) => {
      store.setProperty(key, value);
      if (copy) copy[key] = String(value);
      return wrapper;
    },
    setProperties: (properties: Record<string, string>, deleteAllOthers?: boolean) => {
      if (deleteAllOthers === undefined) store.setProperties(properties);
      else store.setProperties(properties, deleteAllOthers);
      if (copy) {
        if (deleteAllOthers) copy = {};
        for (const [key, value] of Object.entries(properties)) copy[key] = String(value);
      }
      return wrapper;
    },
    deleteProperty: (key) => {
      store.deleteProperty(key);
      if (copy) delete copy[key];
      return wrapper;
    },
    deleteAllProperties: () => {
      store.deleteAllProperties();
      copy = {};
      return wrapper;
    },
  };
  return wrapper;
}
