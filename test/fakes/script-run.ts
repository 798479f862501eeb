/**
 * What google.script.run can carry between a sidebar and the server, one rule for the browser shim
 * (tools/sidebar-host.ts) and the bundle tests. https://developers.google.com/apps-script/guides/html/communication
 * ("Parameters and return values"): "Legal parameters and return values are JavaScript primitives like a Number,
 * Boolean, String, or null, as well as JavaScript objects and arrays that are composed of primitives, objects and
 * arrays. A form element within the page is also legal as a parameter, but it must be the function's only
 * parameter. Requests fail if you attempt to pass a Date, Function, DOM element besides a form, or other
 * prohibited type, including prohibited types inside objects or arrays. Objects that create circular references
 * will also fail, and undefined fields within arrays become null."
 *
 * Stricter than the page where it is silent: NaN and ±Infinity (not JSON) and objects that are not plain (Map,
 * Set, class instances) fail too. A failure reads as Apps Script's own: "Failed due to illegal value in property:
 * <path>".
 */

/**
 * The checker as plain ES5 source, so the shim can put the very same function into the sidebar page. Returns the
 * path of the first illegal value ('' for the value itself), or null when all of it may cross.
 */
export const ILLEGAL_PATH_SOURCE = `function illegalPath(value) {
  var seen = [];
  function visit(v, path) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return null;
    if (typeof v === 'number') return isFinite(v) ? null : path;
    if (typeof v !== 'object') return path;
    if (seen.indexOf(v) >= 0) return path;
    var proto = Object.getPrototypeOf(v);
    var isArray = Array.isArray(v);
    if (!isArray && proto !== null && Object.getPrototypeOf(proto) !== null) return path;
    if (!isArray && proto !== null && Object.prototype.toString.call(v) !== '[object Object]') return path;
    seen.push(v);
    var keys = Object.keys(v);
    for (var i = 0; i < keys.length; i++) {
      var item = v[keys[i]];
      // undefined inside an array becomes null; an undefined field of an object is left out.
      if (item === undefined) continue;
      var found = visit(item, path === '' ? keys[i] : path + '.' + keys[i]);
      if (found !== null) return found;
    }
    seen.pop();
    return null;
  }
  return value === undefined ? null : visit(value, '');
}`;

// One source for node and the sidebar page.
const illegalPath = new Function(`return (${ILLEGAL_PATH_SOURCE});`)() as (value: unknown) => string | null;

export { illegalPath };

/** Apps Script's wording for a value google.script.run cannot carry. */
export function illegalValueMessage(path: string): string {
  return `Failed due to illegal value in property: ${path === '' ? '0' : path}`;
}

/**
 * What the other side receives: a copy (an undefined in an array becomes null, an undefined field is left out),
 * or an error for a value that cannot cross.
 */
export function carry(value: unknown): unknown {
  const path = illegalPath(value);
  if (path !== null) throw new Error(illegalValueMessage(path));
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** The server functions Sidebar.html calls through google.script.run (sidebar/*.ts call('…')). */
export const SIDEBAR_SERVER_FUNCTIONS = [
  'applyFollowUpAction',
  'createWebhookUrl',
  'getDiagnosis',
  'getFollowUpDetail',
  'getFollowUpPage',
  'getSettingsView',
  'getTodayFollowUps',
  'saveLineSettings',
  'saveSettings',
  'sendTestNotice',
  'setAutoRun',
  'startPreparing',
  'sendChosenDrafts',
  'getSetupWizard',
  'chooseCustomerSheet',
  'deleteExampleCustomers',
  'finishSetupWizard',
  'getLineLinks',
  'linkLineFriend',
  'dismissLineLink',
  'startImport',
  'checkImportPart',
  'addImportCustomers',
  'writeImportPart',
  'finishImport',
  'getImportSheets',
  'readImportSheet',
  'showImportSidebar',
  'forgetImportLayout',
  'answerNewYearCards',
  'acceptSeasonLimit',
  'removeSeasonLimit',
] as const;
