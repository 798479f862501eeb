/**
 * Set by tools/build.ts: true in the published editor add-on build. A published add-on is one script for every
 * document it is used in, so what the bound script keeps per script (its lock, its triggers) is kept per document
 * there instead.
 */
declare const TSUNAGU_ADDON: boolean;

// esbuild's define replaces the name in the bundle (typeof too); tests that import src/app directly, outside the
// bundle, have no such name and get the bound script's behaviour.
export const PUBLISHED_AS_ADDON: boolean = typeof TSUNAGU_ADDON !== 'undefined' && TSUNAGU_ADDON;
