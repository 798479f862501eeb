/**
 * Set by tools/build.ts: true in the published editor add-on build. A published add-on is one script for every
 * document it is used in, so what the bound script keeps per script (its lock, its triggers) is kept per document
 * there instead.
 */
declare const TSUNAGU_ADDON: boolean;

// esbuild's define replaces the name in the bundle (typeof too); tests that import src/app directly, outside the
// bundle, have no such name and get the bound script's behaviour.
export const PUBLISHED_AS_ADDON: boolean = typeof TSUNAGU_ADDON !== 'undefined' && TSUNAGU_ADDON;

/** Set by tools/build.ts: package.json's version and the short commit this copy was built from, `0.1.0 (abc1234)`. */
declare const TSUNAGU_VERSION: string;
/** Set by tools/build.ts (--template-id): the template's spreadsheet id, '' when the build names none. */
declare const TSUNAGU_TEMPLATE_ID: string;

/** This copy's version label; 'dev' outside the bundle (tests that import src/app directly). */
export const BUILD_VERSION: string = typeof TSUNAGU_VERSION !== 'undefined' ? TSUNAGU_VERSION : 'dev';
/** The template's spreadsheet id this build compares itself with; '' for none. */
export const TEMPLATE_ID: string = typeof TSUNAGU_TEMPLATE_ID !== 'undefined' ? TSUNAGU_TEMPLATE_ID : '';
