/**
 * Opening AMQP connections with the profile's tuning. Each producer, each consumer and the
 * driver's admin work get a connection of their own (as RabbitMQ PerfTest does), so one
 * blocked or failed connection does not stall the others. Errors are described with the
 * URL's password removed ({@link describeAmqpError}).
 */
import { readFileSync } from 'node:fs';
import * as amqp from 'amqplib';
import { BrokerUnreachableError, EnvironmentError, UsageError, describeError } from '../../errors.js';
import type { DriverConfig } from '../types.js';
import { tuningOf, urlOf } from './config.js';
import { brokersOfUrl, parseAmqpUrl, redactUrl, scrubSecret } from './url.js';

export type AmqpConnection = amqp.ChannelModel;
export type AmqpChannel = amqp.Channel;
export type AmqpConfirmChannel = amqp.ConfirmChannel;
export type AmqpMessage = amqp.ConsumeMessage;

/** An error's text without the connection URL's password. */
export function describeAmqpError(err: unknown, config: DriverConfig): string {
  return scrubSecret(describeError(err), urlOf(config));
}

/**
 * Opens one connection named `name` (shown in the management UI). Throws
 * {@link BrokerUnreachableError} when the broker does not answer or refuses the login, with
 * the redacted URL.
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
  if (a.scheme === 'amqps') {
    socket['rejectUnauthorized'] = t.tlsRejectUnauthorized;
    if (t.tlsCaFile !== '') {
      try {
        socket['ca'] = [readFileSync(t.tlsCaFile)];
      } catch (err) {
        throw new EnvironmentError(`driver.config.tlsCaFile: cannot read ${t.tlsCaFile}: ${describeError(err)}`, 'give the path of a readable PEM file');
      }
    }
  }
  try {
    const conn = await amqp.connect(
      { protocol: a.scheme, hostname: a.host, port: a.port, username, password, vhost: a.vhost, frameMax: t.frameMax, heartbeat: t.heartbeat, channelMax: t.channelMax },
      socket,
    );
    // Without a listener a connection error would end the process; owners watch 'close'.
    conn.on('error', () => undefined);
    return conn;
  } catch (err) {
    throw new BrokerUnreachableError([redactUrl(url)], describeAmqpError(err, config));
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
