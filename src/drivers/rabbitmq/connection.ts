/**
 * Opening AMQP connections with the profile's tuning. Each producer, each consumer and the
 * driver's admin work get a connection of their own (as RabbitMQ PerfTest does), so one
 * blocked or failed connection does not stall the others. Errors are described with the
 * URL's password removed ({@link describeAmqpError}).
 */
import * as amqp from 'amqplib';
import { BrokerUnreachableError, UsageError, describeError } from '../../errors.js';
import type { DriverConfig } from '../types.js';
import { tuningOf, urlOf } from './config.js';
import { tlsFailureHint, tlsSocketOptions } from './tls.js';
import { brokersOfUrl, parseAmqpUrl, redactUrl, scrubSecret } from './url.js';

export type AmqpConnection = amqp.ChannelModel;
export type AmqpChannel = amqp.Channel;
export type AmqpConfirmChannel = amqp.ConfirmChannel;
export type AmqpMessage = amqp.ConsumeMessage;

/** `text` without the connection URL's password nor the TLS key's passphrase. */
function scrubAmqpText(text: string, config: DriverConfig): string {
  const passphrase = tuningOf(config).tlsKeyPassphrase;
  const out = scrubSecret(text, urlOf(config));
  return passphrase.length < 2 ? out : out.split(passphrase).join('***');
}

/** An error's text without the connection URL's password (nor the TLS key's passphrase). */
export function describeAmqpError(err: unknown, config: DriverConfig): string {
  return scrubAmqpText(describeError(err), config);
}

/**
 * Opens one connection named `name` (shown in the management UI). Throws
 * {@link BrokerUnreachableError} when the broker does not answer, refuses the login or the TLS
 * handshake fails (then with a hint naming the TLS setting to change), with the redacted URL;
 * {@link import('../../errors.js').EnvironmentError} when a TLS file cannot be used.
 */
export async function openConnection(config: DriverConfig, name: string, timeoutMs?: number): Promise<AmqpConnection> {
  const url = urlOf(config);
  const t = tuningOf(config);
  const a = parseAmqpUrl(url);
  if (!a) throw new UsageError(`driver.url ${redactUrl(url)} is not an amqp:// or amqps:// URL`, 'e.g. amqp://guest:guest@127.0.0.1:5672/%2F');
  let password = 'guest';
  let username = 'guest';
  const u = new URL(url);
  if (u.username !== '' || u.password !== '') {
    username = decodeURIComponent(u.username);
    password = decodeURIComponent(u.password);
  }
  const socket: Record<string, unknown> = {
    timeout: timeoutMs ?? t.connectionTimeoutMs,
    noDelay: true,
    clientProperties: { connection_name: name, product: 'mqload' },
  };
  if (a.scheme === 'amqps') Object.assign(socket, tlsSocketOptions(t));
  try {
    const conn = await amqp.connect(
      { protocol: a.scheme, hostname: a.host, port: a.port, username, password, vhost: a.vhost, frameMax: t.frameMax, heartbeat: t.heartbeat, channelMax: t.channelMax },
      socket,
    );
    // Without a listener a connection error would end the process; owners watch 'close'.
    conn.on('error', () => undefined);
    return conn;
  } catch (err) {
    const tls = a.scheme === 'amqps' ? tlsFailureHint(err) : undefined;
    if (tls) throw new BrokerUnreachableError([redactUrl(url)], scrubAmqpText(tls.detail, config), tls.hint);
    const detail = describeAmqpError(err, config);
    if (/ACCESS[_-]REFUSED/.test(detail)) throw new BrokerUnreachableError([redactUrl(url)], detail, 'check the user and password of driver.url, and that the user may use its vhost (RabbitMQ lets guest log in from localhost only)');
    throw new BrokerUnreachableError([redactUrl(url)], detail);
  }
}

/** The `host:port` addresses of a config's URL (no secret), for messages and broker lists. */
export function addressesOf(config: DriverConfig): string[] {
  return brokersOfUrl(urlOf(config));
}

/** Closes a connection, ignoring one that is already closed. */
export async function closeQuietly(conn: AmqpConnection | null): Promise<void> {
  if (!conn) return;
  await conn.close().catch(() => undefined);
}
