/**
 * RabbitMQ connection URLs: `amqp://user:pass@host:port/vhost` (or `amqps://` for TLS). The
 * password is a secret: everything mqload writes (errors, logs, summaries) uses
 * {@link redactUrl}, never the URL itself.
 */

/** The URL a profile gets when `driver.url` is left out: the local broker's default user and vhost. */
export const DEFAULT_RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672/%2F';

/** Default ports by scheme. */
const DEFAULT_PORT: Readonly<Record<string, number>> = { 'amqp:': 5672, 'amqps:': 5671 };

/** A parsed connection URL, without its password. */
export interface AmqpAddress {
  /** `amqp` or `amqps` (TLS). */
  scheme: 'amqp' | 'amqps';
  host: string;
  port: number;
  /** User name ('' when the URL gives none: the client then uses guest). */
  user: string;
  /** Virtual host, decoded (`/` for `%2F` or an empty path). */
  vhost: string;
}

/** Parses `url`; undefined when it is not an amqp(s) URL with a host. */
export function parseAmqpUrl(url: string): AmqpAddress | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'amqp:' && u.protocol !== 'amqps:') return undefined;
  if (u.hostname === '') return undefined;
  const path = u.pathname.replace(/^\//, '');
  let vhost: string;
  try {
    vhost = path === '' ? '/' : decodeURIComponent(path);
  } catch {
    return undefined;
  }
  return {
    scheme: u.protocol === 'amqps:' ? 'amqps' : 'amqp',
    host: u.hostname,
    port: u.port === '' ? DEFAULT_PORT[u.protocol]! : Number(u.port),
    user: decodeURIComponent(u.username),
    vhost,
  };
}

/**
 * The URL as it may be shown: `amqp://guest@127.0.0.1:5672/%2F` (user kept, password dropped,
 * query dropped). A URL that does not parse is shown as `<invalid amqp url>`, never verbatim.
 */
export function redactUrl(url: string): string {
  const a = parseAmqpUrl(url);
  if (!a) return '<invalid amqp url>';
  const user = a.user === '' ? '' : `${encodeURIComponent(a.user)}@`;
  return `${a.scheme}://${user}${a.host}:${a.port}/${encodeURIComponent(a.vhost)}`;
}

/** `host:port` of the URL, for places that list broker addresses; [] when it does not parse. */
export function brokersOfUrl(url: string): string[] {
  const a = parseAmqpUrl(url);
  return a ? [`${a.host}:${a.port}`] : [];
}

/** Removes every occurrence of the URL's password from a text (an error message a library built). */
export function scrubSecret(text: string, url: string): string {
  let password = '';
  try {
    password = decodeURIComponent(new URL(url).password);
  } catch {
    return text;
  }
  if (password.length < 2) return text;
  return text.split(password).join('***').split(encodeURIComponent(password)).join('***');
}
