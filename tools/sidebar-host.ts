/**
 * Serves dist/Sidebar.html outside Google: a google.script.run shim in the page posts each call to
 * /__run/<function>, and the host answers it by calling the bundle's global function, as Apps Script would.
 * Used by `npm run preview` (a real HTTP server) and the browser tests (Playwright routes, no socket at all).
 */
import { createServer, type Server } from 'node:http';
import { ILLEGAL_PATH_SOURCE, carry } from '../test/fakes/script-run';

/** Calls one of the bundle's global functions with JSON arguments. */
export type CallBundle = (name: string, args: unknown[]) => unknown;

export interface HostResponse {
  status: number;
  contentType: string;
  body: string;
}

/**
 * google.script.run over fetch: handlers run asynchronously, and arguments and results cross as copies. Like Apps
 * Script (https://developers.google.com/apps-script/guides/html/communication), a call whose arguments hold what
 * google.script.run cannot carry (a Date, a function, a DOM element other than a lone form, ...) fails before it
 * is sent: one checker, test/fakes/script-run.ts, shared with the bundle tests.
 */
const SHIM = `<script>
(function () {
  var illegalPath = ${ILLEGAL_PATH_SOURCE};
  function formValues(form) {
    var out = {};
    new FormData(form).forEach(function (value, key) { out[key] = value; });
    return out;
  }
  function runner(success, failure) {
    return new Proxy({}, {
      get: function (_, name) {
        if (name === 'withSuccessHandler') return function (fn) { return runner(fn, failure); };
        if (name === 'withFailureHandler') return function (fn) { return runner(success, fn); };
        return function () {
          var args = Array.prototype.slice.call(arguments);
          // A form is legal as the only parameter: the server gets its fields.
          if (args.length === 1 && typeof HTMLFormElement !== 'undefined' && args[0] instanceof HTMLFormElement)
            args = [formValues(args[0])];
          var bad = illegalPath(args);
          if (bad !== null) throw new TypeError('Failed due to illegal value in property: ' + bad);
          fetch('/__run/' + encodeURIComponent(String(name)), {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(args),
          })
            .then(function (r) { return r.json(); })
            .then(function (reply) {
              if (reply.ok) { if (success) success(reply.value); }
              else if (failure) failure(new Error(reply.message));
            })
            .catch(function (e) { if (failure) failure(e); });
        };
      },
    });
  }
  window.google = { script: { run: runner(null, null), host: { close: function () {} } } };
})();
</script>`;

/** The sidebar page with the shim placed before the sidebar's own script. */
export function sidebarPage(html: string): string {
  const at = html.indexOf('<script');
  if (at < 0) throw new Error('Sidebar.html has no script');
  return html.slice(0, at) + SHIM + html.slice(at);
}

/** Answers one request of the sidebar page: the page itself, or a google.script.run call. */
export function handle(
  page: string,
  callBundle: CallBundle,
  method: string,
  path: string,
  body: string,
): HostResponse {
  if (method === 'GET' && (path === '/' || path === '/sidebar'))
    return { status: 200, contentType: 'text/html; charset=utf-8', body: page };
  const run = /^\/__run\/([A-Za-z0-9_]+)$/.exec(path);
  if (method !== 'POST' || !run) return { status: 404, contentType: 'text/plain', body: 'not found' };
  let reply: { ok: true; value: unknown } | { ok: false; message: string };
  try {
    const args = JSON.parse(body || '[]') as unknown;
    if (!Array.isArray(args)) throw new Error('arguments must be an array');
    const value = carry(callBundle(decodeURIComponent(run[1]), args));
    reply = { ok: true, value: value === undefined ? null : value };
  } catch (error) {
    reply = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  return { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(reply) };
}

/** A loopback HTTP server for the page (npm run preview). */
export function serveSidebar(page: string, callBundle: CallBundle, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const answer = handle(
        page,
        callBundle,
        request.method ?? 'GET',
        path,
        Buffer.concat(chunks).toString('utf8'),
      );
      response.writeHead(answer.status, { 'Content-Type': answer.contentType });
      response.end(answer.body);
    });
  });
  return new Promise((resolveServer) => server.listen(port, '127.0.0.1', () => resolveServer(server)));
}
