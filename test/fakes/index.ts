import { CallLog, type Execution, type FakeEnv, createEnv, hostRealm, rememberDateRealm } from './calls';
import type { FakeClock } from './clock';
import { FakeCacheService } from './cache';
import { projectManifest } from './manifest';
import { permissionMessage, scopeOf } from './method-scopes';
import type { SpreadsheetData } from './model';
import {
  type FetchHandler,
  FakeConsole,
  FakeContentService,
  FakeGmailApp,
  FakeHtmlService,
  FakeLockService,
  FakePropertiesService,
  FakeScriptApp,
  FakeSession,
  FakeUrlFetchApp,
  FakeUtilities,
  type GmailState,
  type TriggerRecord,
} from './services';
import { FakeCharts, FakeSpreadsheet, FakeSpreadsheetApp, FakeUi } from './spreadsheet';

// One import for tests, tools and the benchmark: every fake and helper.
export * from './calls';
export * from './clock';
export * from './manifest';
export * from './method-scopes';
export type * from './model';
export * from './services';
export * from './spreadsheet';
export * from './cache';

export type PropertyStores = {
  document: Record<string, string>;
  script: Record<string, string>;
  user: Record<string, string>;
};

/**
 * What carries over from one run to the next besides the workbook itself: properties, Gmail drafts and sent
 * mail, installed triggers. Plain JSON (dates are ISO strings).
 */
export interface FakeState {
  version: 1;
  properties: PropertyStores;
  gmail: GmailState;
  triggers: TriggerRecord[];
}

export interface FakeSnapshot extends FakeState {
  /** The workbook; cell Dates are host-realm Dates (the only non-JSON part). */
  spreadsheet: SpreadsheetData;
}

export interface CreateFakeServicesOptions {
  spreadsheet: SpreadsheetData;
  clock: FakeClock;
  /** Project HTML files, name → html (name with or without '.html'). */
  htmlFiles?: Record<string, string>;
  /** Answers UrlFetchApp requests; without one, every fetch fails. */
  fetch?: FetchHandler;
  /**
   * The urlFetchWhitelist UrlFetchApp enforces; the product's appsscript.json by default, null for none (as a
   * manifest without the field).
   */
  urlFetchWhitelist?: readonly string[] | null;
  /** URL prefixes added to the whitelist for a stand-in (e.g. a LINE stand-in on http://127.0.0.1:PORT). */
  allowFetch?: readonly string[];
  /** The owner: effective user, Gmail sender. Default 'owner@example.com'. */
  userEmail?: string;
  /** Session.getActiveUser(); defaults to userEmail. Use '' for a trigger run Apps Script won't attribute. */
  activeUserEmail?: string;
  /** How the first execution starts (default: a menu or sidebar call in AuthMode.FULL by userEmail). */
  execution?: Partial<Execution>;
  /** Session.getScriptTimeZone(); the manifest's 'Asia/Tokyo' by default. */
  scriptTimeZone?: string;
  /** Initial properties; a store present in `state` replaces the one given here. */
  properties?: Partial<PropertyStores>;
  /** createDraft/sendEmail calls allowed before 'Service invoked too many times for one day: gmail.' */
  gmailDailyQuota?: number;
  /** Makes Dates of the bundle's realm; loadBundle sets this itself. */
  makeDate?: (ms: number) => Date;
  makeError?: (message: string) => Error;
  /** State exported by a previous run (or a whole snapshot). */
  state?: Partial<FakeState>;
  /** Share a call log across runs; a new one by default. */
  calls?: CallLog;
  scriptId?: string;
  /** Enforce add-on trigger limits in ScriptApp. */
  addOn?: boolean;
  /** ScriptApp.getService().getUrl(): the web app URL once deployed (null before). */
  webAppUrl?: string | null;
  /**
   * Scopes of the manifest the user did not grant (granular consent): a call that needs one throws as Apps Script
   * does, and ScriptApp.getAuthorizationInfo / requireScopes answer accordingly. All granted by default.
   */
  withheldScopes?: readonly string[];
  /** Utilities.getUuid source; crypto.randomUUID by default. */
  uuid?: () => string;
}

export interface FakeServices {
  /** The globals to install in the bundle's context, by Apps Script name. */
  globals: Record<string, unknown>;
  calls: CallLog;
  clock: FakeClock;
  env: FakeEnv;
  spreadsheetApp: FakeSpreadsheetApp;
  spreadsheet: FakeSpreadsheet;
  charts: FakeCharts;
  ui: FakeUi;
  /** The default account's mailbox (userEmail); see mailbox() for others. */
  gmail: FakeGmailApp;
  /** One Gmail mailbox per Google account: GmailApp is the mailbox of the execution's effective user. */
  mailbox(email: string): FakeGmailApp;
  /**
   * Starts a new execution (a menu click, a trigger, a web app request …) as Apps Script would; the returned
   * function puts the previous one back.
   */
  enter(execution: Partial<Execution>): () => void;
  urlFetch: FakeUrlFetchApp;
  properties: FakePropertiesService;
  /** CacheService: lost between test processes, as Google may drop it at any time (never part of FakeState). */
  cache: FakeCacheService;
  locks: FakeLockService;
  scriptApp: FakeScriptApp;
  html: FakeHtmlService;
  session: FakeSession;
  utilities: FakeUtilities;
  content: FakeContentService;
  console: FakeConsole;
  /** Point every fake at the realm Dates and Errors must belong to (the host does this on load). */
  useRealm(makeDate: (ms: number) => Date, makeError?: (message: string) => Error): void;
  snapshot(): FakeSnapshot;
  exportState(): FakeState;
}

export function createFakeServices(options: CreateFakeServicesOptions): FakeServices {
  const env = createEnv({
    calls: options.calls ?? new CallLog(),
    clock: options.clock,
    makeDate: options.makeDate,
    makeError: options.makeError,
  });
  const userEmail = options.userEmail ?? 'owner@example.com';
  env.execution = {
    kind: 'editor',
    authMode: 'FULL',
    user: userEmail,
    activeUser: options.activeUserEmail ?? userEmail,
    ...options.execution,
  };
  env.calls.guard = authModeGuard(env);
  const mailboxes = new Map<string, FakeGmailApp>();
  const mailbox = (email: string): FakeGmailApp => {
    let found = mailboxes.get(email);
    if (!found) {
      found = new FakeGmailApp(env, email, options.gmailDailyQuota);
      mailboxes.set(email, found);
    }
    return found;
  };
  const spreadsheetApp = new FakeSpreadsheetApp(options.spreadsheet, { env });
  const spreadsheet = spreadsheetApp.spreadsheet;
  const services: FakeServices = {
    globals: {},
    calls: env.calls,
    clock: env.clock,
    env,
    spreadsheetApp,
    spreadsheet,
    charts: new FakeCharts(),
    ui: spreadsheetApp.ui,
    gmail: mailbox(userEmail),
    mailbox,
    enter(execution) {
      const before = env.execution;
      const user = execution.user ?? before.user;
      env.execution = {
        kind: 'editor',
        authMode: 'FULL',
        user,
        activeUser: execution.activeUser ?? user,
        ...execution,
      };
      return () => {
        env.execution = before;
      };
    },
    urlFetch: new FakeUrlFetchApp(env, options.fetch, fetchAllowlist(options)),
    properties: new FakePropertiesService(env, options.properties),
    cache: new FakeCacheService(env),
    locks: new FakeLockService(env),
    scriptApp: new FakeScriptApp(env, spreadsheet.id, {
      scriptId: options.scriptId,
      addOn: options.addOn,
      webAppUrl: options.webAppUrl,
      oauthScopes: projectManifest().oauthScopes ?? [],
      withheldScopes: options.withheldScopes,
    }),
    html: new FakeHtmlService(env, options.htmlFiles),
    session: new FakeSession(env, { scriptTimeZone: options.scriptTimeZone ?? 'Asia/Tokyo' }),
    utilities: new FakeUtilities(env, options.uuid),
    content: new FakeContentService(env),
    console: new FakeConsole(env),
    useRealm(makeDate, makeError = hostRealm.error) {
      env.realm = { date: makeDate, error: makeError };
      rememberDateRealm(makeDate);
    },
    snapshot: () => ({ spreadsheet: spreadsheet.toData(), ...exportState(services) }),
    exportState: () => exportState(services),
  };
  services.globals = {
    SpreadsheetApp: services.spreadsheetApp,
    Charts: services.charts,
    GmailApp: currentMailbox(env, mailbox),
    UrlFetchApp: services.urlFetch,
    PropertiesService: services.properties,
    CacheService: services.cache,
    LockService: services.locks,
    ScriptApp: services.scriptApp,
    HtmlService: services.html,
    Session: services.session,
    Utilities: services.utilities,
    ContentService: services.content,
    console: services.console,
  };
  if (options.withheldScopes?.length) {
    const scriptApp = services.scriptApp;
    const byMode = env.calls.guard;
    env.calls.guard = (service, method) => {
      byMode?.(service, method);
      const scope = scopeOf(service, method);
      if (scope !== null && !scriptApp.granted(scope))
        throw env.realm.error(permissionMessage(service, method, scope));
    };
  }
  if (options.state) restoreState(services, options.state);
  return services;
}

function fetchAllowlist(options: CreateFakeServicesOptions): readonly string[] | null {
  const listed =
    options.urlFetchWhitelist === undefined ? projectManifest().urlFetchWhitelist : options.urlFetchWhitelist;
  if (!listed) return null;
  return [...listed, ...(options.allowFetch ?? [])];
}

/** The carry-over state of a run, JSON-safe: write it with JSON.stringify. */
export function exportState(services: FakeServices): FakeState {
  return {
    version: 1,
    properties: {
      document: services.properties.document.toRecord(),
      script: services.properties.script.toRecord(),
      user: services.properties.user.toRecord(),
    },
    gmail: services.gmail.exportState(),
    triggers: services.scriptApp.exportState(),
  };
}

/** Loads a previous run's state into fresh fakes; parts missing from `state` are left as they are. */
export function restoreState(services: FakeServices, state: Partial<FakeState>): void {
  if (state.version !== undefined && state.version !== 1)
    throw new Error(`Unknown fake state version ${state.version}`);
  for (const store of ['document', 'script', 'user'] as const) {
    const values = state.properties?.[store];
    if (values) services.properties[store].replaceAll(values);
  }
  if (state.gmail) services.gmail.restoreState(state.gmail);
  if (state.triggers) services.scriptApp.restoreState(state.triggers);
}

/** Reads a state file written with JSON.stringify(exportState(...)) (or a JSON snapshot). */
export function parseState(json: string): FakeState {
  const parsed: unknown = JSON.parse(json);
  if (typeof parsed !== 'object' || parsed === null) throw new Error('Fake state: not an object');
  const state = parsed as Partial<FakeState>;
  if (state.version !== 1) throw new Error(`Fake state: unknown version ${String(state.version)}`);
  return {
    version: 1,
    properties: { document: {}, script: {}, user: {}, ...state.properties },
    gmail: { drafts: [], sent: [], nextId: 1, ...state.gmail },
    triggers: state.triggers ?? [],
  };
}

/** GmailApp as the bundle sees it: every call goes to the mailbox of the account the execution runs as. */
function currentMailbox(env: FakeEnv, mailbox: (email: string) => FakeGmailApp): FakeGmailApp {
  return new Proxy(mailbox(env.execution.user), {
    get(_target, key) {
      const box = mailbox(env.execution.user);
      const value: unknown = Reflect.get(box, key, box);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(box) : value;
    },
  });
}

/** Services reachable without the user's authorisation: the Ui (menus) in every mode, the bound document in LIMITED. */
const LIMITED_SERVICES = new Set([
  'SpreadsheetApp',
  'PropertiesService',
  'LockService',
  'Utilities',
  'HtmlService',
  'ContentService',
]);

/**
 * AuthMode.NONE "does not allow access to any services that require authorization"; LIMITED allows "a limited
 * subset of services" — the bound document, menus, properties — and not Gmail, UrlFetchApp or triggers
 * (https://developers.google.com/apps-script/reference/script/auth-mode,
 * https://developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle). Refused calls throw as Apps
 * Script does.
 */
function authModeGuard(env: FakeEnv): (service: string, method: string) => void {
  return (service, method) => {
    const mode = env.execution.authMode;
    if (mode === 'FULL') return;
    const menus =
      service === 'SpreadsheetApp' &&
      (method === 'getUi' || method.startsWith('Ui.') || method.startsWith('Menu.'));
    if (menus || (mode === 'LIMITED' && LIMITED_SERVICES.has(service))) return;
    if (service === 'ScriptApp' && method.startsWith('AuthMode')) return;
    throw env.realm.error(`You do not have permission to call ${service}.${method}`);
  };
}
