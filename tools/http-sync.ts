/**
 * Real HTTP for the local runner's UrlFetchApp, which Apps Script makes synchronous: each request runs in a short
 * child Node process (its global fetch) while the runner waits. Used only for non-Google URLs such as the LINE
 * Messaging API or a stand-in for it on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import type { FetchRequest, FetchResponse } from '../test/fakes';

const TIMEOUT_MS = 30_000;

const CHILD = `
let input = '';
process.stdin.on('data', (c) => (input += c));
process.stdin.on('end', async () => {
  const r = JSON.parse(input);
  try {
    const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.payload, signal: AbortSignal.timeout(${TIMEOUT_MS - 2000}) });
    const headers = Object.fromEntries(res.headers.entries());
    process.stdout.write(JSON.stringify({ status: res.status, headers, body: await res.text() }));
  } catch (e) {
    process.stdout.write(JSON.stringify({ error: String(e && e.message || e) }));
  }
});`;

export function fetchSync(request: FetchRequest): FetchResponse {
  const headers = {
    ...request.headers,
    ...(request.contentType ? { 'Content-Type': request.contentType } : {}),
  };
  const output = execFileSync(process.execPath, ['-e', CHILD], {
    input: JSON.stringify({ ...request, headers }),
    timeout: TIMEOUT_MS,
    encoding: 'utf8',
  });
  const reply = JSON.parse(output) as FetchResponse & { error?: string };
  // UrlFetchApp throws on a network failure; the client under test turns that into a retry.
  if (reply.error) throw new Error(`Address unavailable: ${request.url} (${reply.error})`);
  return reply;
}

/** The runner never reaches Google's own services: those stay fakes. */
export function isExternal(url: string): boolean {
  return !/^https:\/\/([a-z0-9-]+\.)*(google|googleapis)\.com\//i.test(url);
}
