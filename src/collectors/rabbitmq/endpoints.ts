/**
 * Where the RabbitMQ collectors read from, and with which credentials, resolved from the profile:
 * the AMQP URL (`driver.url`, e.g. `amqp://guest:guest@127.0.0.1:5672/%2F`; without it the first
 * of `driver.brokers` with RabbitMQ's default guest/guest) gives the user, password, host and
 * vhost; the management API defaults to `http://<host>:15672` with the same user and password
 * (`collect.rabbitmqManagement` overrides it, with its own credentials if the URL carries any),
 * the Prometheus endpoint to `<host>:15692` (`collect.rabbitmqPrometheus`). `false` turns either off.
 *
 * The password lives only in {@link RabbitMqEndpoints.auth}; every string meant for samples,
 * events or errors goes through {@link RabbitMqEndpoints.redact}.
 */

/** Default ports of the two plugins. */
export const MANAGEMENT_PORT = 15672;
export const PROMETHEUS_PORT = 15692;

/** What the collectors need; `management`/`prometheus` are null when turned off. */
export interface RabbitMqEndpoints {
  /** Management API base URL without credentials or trailing slash, e.g. `http://127.0.0.1:15672`. */
  management: string | null;
  /** Prometheus endpoint `host:port` (or an `http(s)://` base URL without path). */
  prometheus: string | null;
  /** Virtual host of the run (decoded, e.g. `/`). */
  vhost: string;
  /** HTTP basic auth for the management API. */
  auth: { user: string; password: string };
  /** Replaces the password (raw and URL-encoded) in `text` with `***`. */
  redact(text: string): string;
}

/** The RabbitMQ-related part of a profile (structural, so a driver config with more keys fits). */
export interface RabbitMqProfilePart {
  driver: { brokers?: readonly string[]; url?: unknown };
  collect?: { rabbitmqManagement?: string | false; rabbitmqPrometheus?: string | false };
}

/** Error with a message that never contains the password. */
export class RabbitMqConfigError extends Error {
  override readonly name = 'RabbitMqConfigError';
}

function hostOf(url: URL): string {
  // IPv6 hosts keep their brackets in URL.hostname.
  return url.hostname === '' ? '127.0.0.1' : url.hostname;
}

/** Resolves the endpoints; throws {@link RabbitMqConfigError} (without secrets) on a malformed URL. */
export function resolveRabbitMqEndpoints(profile: RabbitMqProfilePart): RabbitMqEndpoints {
  const raw = typeof profile.driver.url === 'string' ? profile.driver.url : `amqp://guest:guest@${profile.driver.brokers?.[0] ?? '127.0.0.1:5672'}/`;
  let amqp: URL;
  try {
    amqp = new URL(raw);
  } catch {
    throw new RabbitMqConfigError('driver.url is not a valid amqp:// URL (value not shown: it may hold a password)');
  }
  if (amqp.protocol !== 'amqp:' && amqp.protocol !== 'amqps:') throw new RabbitMqConfigError(`driver.url must start with amqp:// or amqps://, not ${amqp.protocol}//`);
  let user = amqp.username === '' ? 'guest' : decodeURIComponent(amqp.username);
  let password = amqp.username === '' ? 'guest' : decodeURIComponent(amqp.password);
  const path = amqp.pathname.replace(/^\//, '');
  const vhost = path === '' ? '/' : decodeURIComponent(path);
  const host = hostOf(amqp);

  const c = profile.collect ?? {};
  let management: string | null = null;
  if (c.rabbitmqManagement !== false) {
    let url: URL;
    try {
      url = new URL(c.rabbitmqManagement ?? `${amqp.protocol === 'amqps:' ? 'https' : 'http'}://${host}:${MANAGEMENT_PORT}`);
    } catch {
      throw new RabbitMqConfigError('collect.rabbitmqManagement is not a valid http(s):// URL');
    }
    if (url.username !== '') {
      user = decodeURIComponent(url.username);
      password = decodeURIComponent(url.password);
    }
    url.username = '';
    url.password = '';
    management = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  }
  const prometheus = c.rabbitmqPrometheus === false ? null : (c.rabbitmqPrometheus ?? `${host}:${PROMETHEUS_PORT}`);
  const secrets = password === '' ? [] : [...new Set([password, encodeURIComponent(password)])];
  const redact = (text: string) => secrets.reduce((t, s) => t.split(s).join('***'), text);
  return { management, prometheus, vhost, auth: { user, password }, redact };
}

/** `host:port` of a base URL, for sample `instance`s and collector names. */
export function endpointName(base: string): string {
  try {
    return new URL(/^https?:\/\//.test(base) ? base : `http://${base}`).host;
  } catch {
    return base;
  }
}
