/**
 * Set by tools/build.ts: true in the published editor add-on build. A published add-on is one script for every
 * document it is used in, so what the bound script keeps per script (its lock, its triggers) is kept per document
 * there instead.
 */
declare const TSUNAGU_ADDON: boolean;

export const PUBLISHED_AS_ADDON: boolean = TSUNAGU_ADDON;
