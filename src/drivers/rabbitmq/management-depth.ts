/**
 * A queue's whole depth (ready + unacknowledged) from the management HTTP API, which the AMQP
 * protocol does not give: `queue.declare-ok` counts ready messages only, so a queue whose
 * consumers hold a full prefetch each would read short by consumers × prefetch. The API is
 * `GET /api/queues/{vhost}/{queue}` on `driver.config.managementUrl` (default
 * `http://<amqp host>:15672`), with the credentials of `driver.url`; its counts refresh every
 * few seconds (the broker's stats interval), so they may trail the queue by that much.
 */
import { parseAmqpUrl } from './url.js';

/** Ready and unacknowledged messages of one queue, as the management API last counted them. */
export interface ManagementDepth {
  ready: number;
  unacked: number;
}

/** How long one API request may take, ms. */
const REQUEST_TIMEOUT_MS = 3000;

/** The API base for a connection URL and the optional `managementUrl` setting; undefined when neither parses. */
export function managementBase(amqpUrl: string, managementUrl: string): string | undefined {
  if (managementUrl !== '') return managementUrl.replace(/\/+$/, '');
  const a = parseAmqpUrl(amqpUrl);
  return a ? `http://${a.host.includes(':') ? `[${a.host}]` : a.host}:15672` : undefined;
}

/**
 * The depth of `queue` in the URL's vhost, or null when the API cannot tell (plugin off,
 * refused, unknown queue, bad answer). Never throws; never puts the password in a message.
 */
export async function managementDepth(amqpUrl: string, managementUrl: string, queue: string): Promise<ManagementDepth | null> {
  const base = managementBase(amqpUrl, managementUrl);
  const a = parseAmqpUrl(amqpUrl);
  if (!base || !a) return null;
  let password = 'guest';
  try {
    const u = new URL(amqpUrl);
    if (u.password !== '') password = decodeURIComponent(u.password);
  } catch {
    return null;
  }
  const user = a.user === '' ? 'guest' : a.user;
  try {
    const res = await fetch(`${base}/api/queues/${encodeURIComponent(a.vhost)}/${encodeURIComponent(queue)}?columns=messages_ready,messages_unacknowledged`, {
      headers: { authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!res.ok) return null;
    const body = (await res.json()) as { messages_ready?: unknown; messages_unacknowledged?: unknown };
    const ready = body.messages_ready;
    const unacked = body.messages_unacknowledged;
    return typeof ready === 'number' && typeof unacked === 'number' ? { ready, unacked } : null;
  } catch {
    return null;
  }
}
