import vm from 'node:vm';
import type { Execution } from './calls';
import type { FakeClock } from './clock';
import type { FakeServices } from './index';

export type ServicesBuilder = (
  makeDate: (ms: number) => Date,
  makeError: (message: string) => Error,
) => FakeServices;

export interface LoadBundleOptions {
  /** The bundle source: a classic script whose top-level function declarations are the entry points. */
  code: string;
  /** Shown in stack traces. */
  filename?: string;
  /** Ready fakes (re-pointed at the context's realm), or a builder given the context's Date/Error factories. */
  services: FakeServices | ServicesBuilder;
  /** Drives the context's Date; defaults to the services' clock (required with a builder). */
  clock?: FakeClock;
  /**
   * 'withoutOffsetNames': the context's Intl.DateTimeFormat throws RangeError for timeZoneName 'longOffset' and
   * 'shortOffset' (ECMA-402 added them in 2021, and nothing documents that Apps Script's V8 runtime has them), as an
   * Intl that lacks them does (https://tc39.es/ecma402/#sec-createdatetimeformat: an option outside its allowed
   * values is a RangeError). Every other use of Intl.DateTimeFormat works as before.
   */
  intlDateTimeFormat?: 'node' | 'withoutOffsetNames';
}

export interface LoadedBundle {
  context: vm.Context;
  services: FakeServices;
  /** Calls a top-level function; an error thrown inside comes back as a host-realm Error with the same message. */
  call(name: string, ...args: unknown[]): unknown;
  /** The same, as a new execution of the given kind and account (see FakeServices.enter). */
  callAs(execution: Partial<Execution>, name: string, ...args: unknown[]): unknown;
  /** Names of the top-level functions the bundle declared. */
  globals(): string[];
}

interface RealmTools {
  makeDate: (ms: number) => Date;
  makeError: (message: string) => Error;
}

/**
 * Runs inside the context: replaces its Date with one whose "now" is the fake clock. It shares the real
 * prototype, so `instanceof Date`, Date.UTC/parse and dates made by makeDate all keep working.
 */
const FREEZE_DATE = `(function (readNow) {
  'use strict';
  const RealDate = globalThis.Date;
  function Date(...args) {
    if (!new.target) return new RealDate(readNow()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [readNow()] : args, new.target);
  }
  Date.prototype = RealDate.prototype;
  Object.setPrototypeOf(Date, RealDate);
  Object.defineProperty(RealDate.prototype, 'constructor', { value: Date, writable: true, configurable: true });
  Object.defineProperty(Date, 'length', { value: 7 });
  Date.now = function now() { return readNow(); };
  Date.UTC = RealDate.UTC;
  Date.parse = RealDate.parse;
  Object.defineProperty(globalThis, 'Date', { value: Date, writable: true, configurable: true });
  return {
    makeDate: (ms) => new RealDate(ms),
    makeError: (message) => {
      const error = new Error(message);
      error.name = 'Exception';
      return error;
    },
  };
})`;

/** Runs inside the context: an Intl.DateTimeFormat without the offset time-zone names (see intlDateTimeFormat). */
const WITHOUT_OFFSET_NAMES = `(function () {
  'use strict';
  const Real = Intl.DateTimeFormat;
  function DateTimeFormat(locales, options) {
    const name = options == null ? undefined : options.timeZoneName;
    if (name === 'longOffset' || name === 'shortOffset')
      throw new RangeError('Value ' + name + ' out of range for Intl.DateTimeFormat options property timeZoneName');
    return new Real(locales, options);
  }
  DateTimeFormat.prototype = Real.prototype;
  DateTimeFormat.supportedLocalesOf = Real.supportedLocalesOf;
  Object.defineProperty(Intl, 'DateTimeFormat', { value: DateTimeFormat, writable: true, configurable: true });
})()`;

export function loadBundle(options: LoadBundleOptions): LoadedBundle {
  const { code, filename = 'Code.js' } = options;
  const context = vm.createContext({});
  let clock = options.clock;
  const readNow = (): number => {
    if (!clock) throw new Error('loadBundle: no clock');
    return clock.now;
  };
  const install = vm.runInContext(FREEZE_DATE, context, { filename: 'fake-date.js' }) as (
    readNow: () => number,
  ) => RealmTools;
  const { makeDate, makeError } = install(readNow);
  if (options.intlDateTimeFormat === 'withoutOffsetNames')
    vm.runInContext(WITHOUT_OFFSET_NAMES, context, { filename: 'fake-intl.js' });

  let services: FakeServices;
  if (typeof options.services === 'function') {
    if (!clock) throw new Error('loadBundle: pass `clock` when `services` is a builder');
    services = options.services(makeDate, makeError);
  } else {
    services = options.services;
    services.useRealm(makeDate, makeError);
  }
  clock ??= services.clock;

  for (const [name, value] of Object.entries(services.globals)) {
    Object.defineProperty(context, name, { value, writable: true, configurable: true, enumerable: false });
  }
  const before = new Set(Object.getOwnPropertyNames(context));
  vm.runInContext(code, context, { filename });
  const declared = Object.getOwnPropertyNames(context).filter(
    (name) => !before.has(name) && typeof context[name] === 'function',
  );

  return {
    context,
    services,
    call(name, ...args) {
      const fn: unknown = context[name];
      if (typeof fn !== 'function') throw new Error(`The bundle declares no top-level function ${name}`);
      // Each call is one execution; one Apps Script stopped ends with its error, caught by the script or not.
      services.calls.startExecution(services.clock.now, () => services.clock.now);
      let value: unknown;
      try {
        value = fn(...args);
      } catch (error) {
        const killed = services.calls.killed;
        throw killed !== undefined ? killedError(killed) : toHostError(error);
      } finally {
        // What a test does with the fakes between calls is no part of any execution's 6 minutes.
        services.calls.endExecution();
      }
      const killed = services.calls.killed;
      if (killed !== undefined) throw killedError(killed);
      return value;
    },
    callAs(execution, name, ...args) {
      const restore = services.enter(execution);
      try {
        return this.call(name, ...args);
      } finally {
        restore();
      }
    },
    globals: () => [...declared],
  };
}

function killedError(message: string): Error {
  const error = new Error(message);
  error.name = 'Exception';
  return error;
}

/** Errors from the context fail the host's `instanceof Error`; rebuild one keeping message, name and stack. */
function toHostError(error: unknown): Error {
  if (error instanceof Error) return error;
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const host = new Error('message' in fields ? String(fields.message) : String(error));
  if (typeof fields.name === 'string') host.name = fields.name;
  if (typeof fields.stack === 'string') host.stack = fields.stack;
  Object.defineProperty(host, 'cause', { value: error, configurable: true });
  return host;
}
