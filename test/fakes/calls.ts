import { FakeClock } from './clock';
import { CostMeter } from './cost';

/** Where a counted call lands, when it is on a range: the sheet's name and the range in A1 notation. */
export interface CallTarget {
  sheet: string;
  a1: string;
  /** Cells the range spans (rows × columns, summed over a range list): what the cost model charges by. */
  cells?: number;
}

/** Apps Script's limit on one execution (consumer and Workspace accounts alike). */
export const EXECUTION_LIMIT_MS = 6 * 60 * 1000;

/** Counts every call the bundle makes into a fake service, e.g. ('SpreadsheetApp', 'Range.getValues'). */
export class CallLog {
  /**
   * Runs before each counted call does its work; throw from it to inject a service failure. Range calls say
   * which sheet and cells they touch (see owner-edits.ts for an owner typing between a read and a write).
   */
  onCall?: (service: string, method: string, target?: CallTarget) => void;
  /** Re-creates a hook's error in the bundle's realm so `e instanceof Error` holds there (set by createEnv). */
  realmError?: (message: string) => Error;

  private readonly counts = new Map<string, Map<string, number>>();
  /** 'Service.method' → cells its calls spanned, for calls on ranges (see CallTarget.cells). */
  private readonly cellCounts = new Map<string, number>();
  /** What the calls since the last reset would cost in Apps Script, priced as they are made (cost.ts). */
  readonly meter = new CostMeter();
  private killedWith: string | undefined;
  /**
   * Checks a call before it runs and throws to refuse it: the execution's AuthMode, a withheld OAuth scope (set by
   * createFakeServices).
   */
  guard?: (service: string, method: string) => void;

  /**
   * Apps Script stops the execution (e.g. "Exceeded maximum execution time"): the returned error is for onCall to
   * throw, and from then on every service call of this execution throws it too, and the execution ends with it
   * whatever the script did with the error (loadBundle). A stopped execution runs no more of the script: no catch
   * block can carry on writing. See https://developers.google.com/apps-script/guides/services/quotas ("If you
   * exceed a quota or limitation, your script throws an exception and execution stops.").
   */
  kill(message = 'Exceeded maximum execution time'): Error {
    this.killedWith = message;
    return new Error(message);
  }

  /** The message the current execution was stopped with, if it was. */
  get killed(): string | undefined {
    return this.killedWith;
  }

  /**
   * A new execution (loadBundle.call starts one): a kill ends only the execution it happened in. Given the fake
   * clock's time, the execution is also stopped once it has run 6 minutes ("Script runtime: 6 min / execution",
   * https://developers.google.com/apps-script/guides/services/quotas): its next service call is killed.
   */
  startExecution(startedAt?: number, now?: () => number): void {
    this.killedWith = undefined;
    this.executionStartedAt = startedAt;
    this.readNow = now;
  }

  /** The execution returned: its clock stops (a kill it suffered still shows in `killed`). */
  endExecution(): void {
    this.executionStartedAt = undefined;
  }

  private executionStartedAt: number | undefined;
  private readNow: (() => number) | undefined;

  record(service: string, method: string, target?: CallTarget): void {
    if (
      this.killedWith === undefined &&
      this.executionStartedAt !== undefined &&
      this.readNow !== undefined &&
      this.readNow() - this.executionStartedAt > EXECUTION_LIMIT_MS
    )
      this.kill();
    if (this.killedWith !== undefined) throw this.fail(this.killedWith);
    let methods = this.counts.get(service);
    if (!methods) {
      methods = new Map();
      this.counts.set(service, methods);
    }
    methods.set(method, (methods.get(method) ?? 0) + 1);
    const key = `${service}.${method}`;
    if (target?.cells !== undefined) this.cellCounts.set(key, (this.cellCounts.get(key) ?? 0) + target.cells);
    this.meter.observe(service, method, target?.cells ?? 0);
    this.guard?.(service, method);
    if (!this.onCall) return;
    try {
      this.onCall(service, method, target);
    } catch (error) {
      if (this.realmError && error instanceof Error) throw this.realmError(error.message);
      throw error;
    }
  }

  private fail(message: string): Error {
    return this.realmError ? this.realmError(message) : serviceError(message);
  }

  /** Calls of one method, e.g. count('SpreadsheetApp', 'Range.setValues'). */
  count(service: string, method: string): number {
    return this.counts.get(service)?.get(method) ?? 0;
  }

  /** All calls, or the calls into one service. */
  total(service?: string): number {
    let sum = 0;
    for (const [name, methods] of this.counts) {
      if (service !== undefined && name !== service) continue;
      for (const n of methods.values()) sum += n;
    }
    return sum;
  }

  /** 'Service.method' → count, e.g. { 'SpreadsheetApp.Range.getValues': 3 }. */
  byMethod(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [service, methods] of this.counts) {
      for (const [method, n] of methods) out[`${service}.${method}`] = n;
    }
    return out;
  }

  /** 'Service.method' → the cells its calls spanned, e.g. { 'SpreadsheetApp.Range.getValues': 40000 }. */
  cellsByMethod(): Record<string, number> {
    return Object.fromEntries(this.cellCounts);
  }

  reset(): void {
    this.counts.clear();
    this.cellCounts.clear();
    this.meter.reset();
  }
}

/**
 * Makes the objects that leave the fakes belong to the bundle's realm: a Date or Error created in the host
 * realm fails `instanceof Date` / `instanceof Error` inside a vm context.
 */
export interface Realm {
  date(ms: number): Date;
  error(message: string): Error;
}

/** Apps Script service errors are Errors named 'Exception' ("Exception: message" when printed). */
export function serviceError(message: string, ErrorType: ErrorConstructor = Error): Error {
  const error = new ErrorType(message);
  error.name = 'Exception';
  return error;
}

export const hostRealm: Realm = {
  date: (ms) => new Date(ms),
  error: (message) => serviceError(message),
};

/**
 * How Apps Script started the current execution, and as whom. Each kind gets the services its reference pages
 * give it:
 * - 'editor': a menu item, the script editor, or google.script.run from the sidebar, run by the user at the keyboard.
 * - 'simpleTrigger': onOpen / onInstall, in AuthMode.LIMITED for a bound script, or NONE for an add-on not yet used
 *   in this document (https://developers.google.com/apps-script/reference/script/auth-mode).
 * - 'installableTrigger': a trigger runs as the account that created it
 *   (https://developers.google.com/apps-script/guides/triggers/installable#restrictions), with no Ui.
 * - 'webApp': doGet/doPost; no containing document, so getDocumentLock() is null
 *   (https://developers.google.com/apps-script/reference/lock/lock-service#getDocumentLock()).
 */
export type ExecutionKind = 'editor' | 'simpleTrigger' | 'installableTrigger' | 'webApp';
export type AuthModeName = 'NONE' | 'LIMITED' | 'FULL';

export interface Execution {
  kind: ExecutionKind;
  authMode: AuthModeName;
  /** Session.getEffectiveUser(): the account whose Gmail, triggers and user properties the script uses. */
  user: string;
  /** Session.getActiveUser(): '' where Apps Script does not reveal who is at the keyboard. */
  activeUser: string;
}

/** What every fake shares: the call log, the clock, the realm its values are made in, and the execution. */
export interface FakeEnv {
  readonly calls: CallLog;
  readonly clock: FakeClock;
  realm: Realm;
  execution: Execution;
}

export const DEFAULT_USER = 'owner@example.com';

/** Date prototypes of the realms fakes hand Dates to; checking them first keeps isDate cheap on hot paths. */
const knownDatePrototypes = new WeakSet<object>([Date.prototype]);

export function rememberDateRealm(makeDate: (ms: number) => Date): void {
  const proto: unknown = Object.getPrototypeOf(makeDate(0));
  if (typeof proto === 'object' && proto !== null) knownDatePrototypes.add(proto);
}

/** Cross-realm safe: a Date made in the vm context is not `instanceof` the host's Date. */
export function isDate(value: unknown): value is Date {
  if (typeof value !== 'object' || value === null) return false;
  return (
    knownDatePrototypes.has(Object.getPrototypeOf(value)) ||
    Object.prototype.toString.call(value) === '[object Date]'
  );
}

/** Epoch ms of a Date from any realm (each Date carries its own realm's getTime). */
export function timeOf(date: Date): number {
  return date.getTime();
}

/** Fakes' enums are their member names, like Apps Script enums print; cast to the declared enum type. */
export function enumValue<E>(name: string): E {
  return name as unknown as E;
}

export function enumObject<const K extends string>(...names: K[]): { readonly [P in K]: P } {
  const out = {} as { [P in K]: P };
  for (const name of names) out[name] = name;
  return Object.freeze(out);
}

export interface FakeEnvOptions {
  calls?: CallLog;
  clock?: FakeClock;
  makeDate?: (ms: number) => Date;
  makeError?: (message: string) => Error;
}

export function createEnv(options: FakeEnvOptions = {}): FakeEnv {
  const env: FakeEnv = {
    calls: options.calls ?? new CallLog(),
    clock: options.clock ?? new FakeClock(),
    realm: { date: options.makeDate ?? hostRealm.date, error: options.makeError ?? hostRealm.error },
    execution: { kind: 'editor', authMode: 'FULL', user: DEFAULT_USER, activeUser: DEFAULT_USER },
  };
  env.calls.realmError = (message) => env.realm.error(message);
  rememberDateRealm(env.realm.date);
  return env;
}

/**
 * The fakes' call counting in one place: every fake object records each of its method calls, as
 * `<prefix><method>` under its service's name, the way the bench and the call-count tests read them.
 */
export abstract class Counted {
  constructor(
    protected readonly env: FakeEnv,
    private readonly service: string,
    private readonly prefix: string,
  ) {}

  protected count(method: string): void {
    this.env.calls.record(this.service, this.prefix + method);
  }
}
