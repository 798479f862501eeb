/**
 * Which OAuth scope each fake service method needs, for granular consent: a user may grant only some of the
 * manifest's scopes (https://developers.google.com/apps-script/concepts/scopes, "Granular OAuth consent"), and a
 * call that needs a withheld one fails. Only the services and scopes Tsunagu's manifest lists are mapped; a method
 * mapped to null needs no authorization (PropertiesService, LockService, CacheService, Utilities, HtmlService, …).
 */
export const SCOPE = {
  spreadsheets: 'https://www.googleapis.com/auth/spreadsheets.currentonly',
  ui: 'https://www.googleapis.com/auth/script.container.ui',
  scriptApp: 'https://www.googleapis.com/auth/script.scriptapp',
  fetch: 'https://www.googleapis.com/auth/script.external_request',
  email: 'https://www.googleapis.com/auth/userinfo.email',
  gmail: 'https://mail.google.com/',
} as const;

/** ScriptApp methods that read or change authorization themselves, or the deployment: no scope. */
const SCRIPT_APP_FREE = new Set([
  'getAuthorizationInfo',
  'requireScopes',
  'AuthorizationInfo.getAuthorizationStatus',
  'AuthorizationInfo.getAuthorizationUrl',
  'AuthorizationInfo.getAuthorizedScopes',
  'getScriptId',
  'getService',
  'Service.getUrl',
  'Service.isEnabled',
]);

/** The scope a counted call (CallLog's service and method) needs, or null. */
export function scopeOf(service: string, method: string): string | null {
  switch (service) {
    case 'SpreadsheetApp':
      // Ui.alert/prompt/showSidebar/showModalDialog: "Display and run third-party web content in prompts and
      // sidebars" (script.container.ui). Menus are built by onOpen, which runs without authorization.
      if (method.startsWith('Ui.')) return SCOPE.ui;
      if (method.startsWith('Menu.') || method === 'getUi') return null;
      return SCOPE.spreadsheets;
    case 'GmailApp':
      return SCOPE.gmail;
    case 'UrlFetchApp':
      // A response already fetched is read without asking again.
      return method.startsWith('HTTPResponse.') ? null : SCOPE.fetch;
    case 'ScriptApp':
      return SCRIPT_APP_FREE.has(method) ? null : SCOPE.scriptApp;
    case 'Session':
      return method === 'getEffectiveUser' || method === 'getActiveUser' || method === 'User.getEmail'
        ? SCOPE.email
        : null;
    default:
      return null;
  }
}

/** Apps Script's wording for a call whose scope the user did not grant. */
export function permissionMessage(service: string, method: string, scope: string): string {
  const called = method.includes('.') ? method : `${service}.${method}`;
  return `You do not have permission to call ${called}. Required permissions: ${scope}`;
}
