import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The parts of appsscript.json the fakes enforce (https://developers.google.com/apps-script/manifest). */
export interface Manifest {
  timeZone?: string;
  oauthScopes?: string[];
  urlFetchWhitelist?: string[];
}

function findManifest(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'appsscript.json'))) return join(dir, 'appsscript.json');
    if (dirname(dir) === dir) throw new Error(`no appsscript.json above ${from}`);
  }
}

let cached: Manifest | undefined;

/** The product's manifest, the one clasp pushes. */
export function projectManifest(): Manifest {
  cached ??= JSON.parse(readFileSync(findManifest(__dirname), 'utf8')) as Manifest;
  return cached;
}

/**
 * Whether a URL is inside a urlFetchWhitelist. https://developers.google.com/apps-script/manifest/allowlist-url:
 * "When you define an allowlist, script projects can't access URLs that have not been added to the allowlist";
 * each entry is a URL prefix, and "*" may stand for subdomains (https://*.example.com/).
 */
export function urlAllowed(url: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => {
    if (!prefix.includes('*')) return url.startsWith(prefix);
    const pattern = prefix
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('[a-z0-9-]+(?:\\.[a-z0-9-]+)*');
    return new RegExp(`^${pattern}`, 'i').test(url);
  });
}
