/**
 * The LINE webhook (deployed as a web app). Apps Script cannot read request headers, so x-line-signature cannot be
 * checked: the URL carries a long random secret instead, and anything without it is rejected. Replies never echo
 * the request.
 */
const SECRET_PROPERTY = 'tsunagu.webhookSecret';

export interface WebhookReply {
  status: 'ok' | 'rejected';
  events: number;
}

export function handleWebhook(e: GoogleAppsScript.Events.DoPost | undefined): WebhookReply {
  const expected = PropertiesService.getDocumentProperties().getProperty(SECRET_PROPERTY);
  const given = e?.parameter?.secret;
  if (!expected || !given || !constantTimeEqual(given, expected)) return { status: 'rejected', events: 0 };
  let body: unknown;
  try {
    body = JSON.parse(e?.postData?.contents ?? '');
  } catch {
    return { status: 'rejected', events: 0 };
  }
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events)) return { status: 'rejected', events: 0 };
  // LINE's verification request has no events; follow/unfollow recording arrives with the LINE channel work.
  return { status: 'ok', events: events.length };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
