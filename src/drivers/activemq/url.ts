/**
 * AMQP 1.0 connection URLs of the ActiveMQ Classic driver: `amqp://user:password@host:port` (or
 * `amqps://`). The URL grammar is Artemis's (`../artemis/url.ts`: same parser, same redaction);
 * what differs is the default URL and whose local credentials a password-less URL takes: the
 * local ActiveMQ's access file (`mqload local up --broker activemq`), so shipped profiles carry
 * no secret.
 */
import type { DriverConfig } from '../types.js';
import { artemisAddresses, isArtemisUrl, redactArtemisUrl } from '../artemis/url.js';
import { readActivemqAccess } from './access.js';

/** The URL a profile gets when `driver.url` is left out: the local broker's AMQP transport. */
export const DEFAULT_ACTIVEMQ_URL = 'amqp://127.0.0.1:5674';

/** Where to connect and as whom. Holds the secret. */
export interface ActivemqEndpoint {
  tls: boolean;
  host: string;
  port: number;
  /** '' when neither the URL nor the local access file gives one (the broker then refuses the login). */
  user: string;
  password: string;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/** True when `url` is an amqp:// or amqps:// URL with a host. */
export const isActivemqUrl = isArtemisUrl;
/** The URL as it may be shown: `amqp://user@host:port` (password and query dropped). */
export const redactActivemqUrl = redactArtemisUrl;

/** `host:port` of a driver section's URL (no secret), for broker lists; [] when it does not parse. */
export function activemqAddresses(driver: Pick<DriverConfig, 'url'>): string[] {
  return artemisAddresses({ url: driver.url ?? DEFAULT_ACTIVEMQ_URL });
}

/** True when a parsed endpoint is the local broker's AMQP port on loopback. */
function isLocal(host: string, port: number): boolean {
  const local = readActivemqAccess();
  return local !== null && LOOPBACK.has(host) && port === local.amqpPort;
}

/**
 * Where and as whom a config connects. A URL without a password that points at the local
 * broker's AMQP port takes the local access file's user and password. Undefined when the URL
 * does not parse.
 */
export function activemqEndpointOf(config: Pick<DriverConfig, 'url'>): ActivemqEndpoint | undefined {
  const url = config.url ?? DEFAULT_ACTIVEMQ_URL;
  if (!isArtemisUrl(url)) return undefined;
  const u = new URL(url);
  const tls = u.protocol === 'amqps:';
  const e: ActivemqEndpoint = {
    tls,
    host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: u.port === '' ? (tls ? 5671 : 5672) : Number(u.port),
    user: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
  if (u.password !== '') return e;
  const local = readActivemqAccess();
  if (local && isLocal(e.host, e.port) && (e.user === '' || e.user === local.user)) return { ...e, user: local.user, password: local.password };
  return e;
}

/** The local broker's Jolokia port when `config` connects to it, else undefined (for the default management URL). */
export function localJolokiaPort(config: Pick<DriverConfig, 'url'>): number | undefined {
  const e = activemqEndpointOf({ url: config.url ?? DEFAULT_ACTIVEMQ_URL });
  return e && isLocal(e.host, e.port) ? readActivemqAccess()?.jolokiaPort : undefined;
}
