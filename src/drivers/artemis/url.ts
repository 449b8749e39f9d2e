/**
 * AMQP 1.0 connection URLs of the Artemis driver: `amqp://user:password@host:port` (or
 * `amqps://` for TLS). The password is a secret: whatever mqload shows uses
 * {@link redactArtemisUrl}. A URL without a password means "the local Artemis broker's
 * credentials" (the access file `mqload local up --broker artemis` wrote), so shipped profiles
 * carry no secret.
 */
import type { DriverConfig } from '../types.js';
import { readArtemisAccess } from './access.js';

/** The URL a profile gets when `driver.url` is left out: the local broker's AMQP acceptor. */
export const DEFAULT_ARTEMIS_URL = 'amqp://127.0.0.1:5673';

/** Default ports by scheme. */
const DEFAULT_PORT: Readonly<Record<string, number>> = { 'amqp:': 5672, 'amqps:': 5671 };

/** A parsed URL: where to connect and as whom. Holds the secret. */
export interface ArtemisEndpoint {
  tls: boolean;
  host: string;
  port: number;
  /** '' when neither the URL nor the local access file gives one (then the broker refuses a login it requires). */
  user: string;
  password: string;
}

/** Parses `url` without credentials lookup; undefined when it is not an amqp(s) URL with a host. */
function parse(url: string): (ArtemisEndpoint & { hasPassword: boolean }) | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if ((u.protocol !== 'amqp:' && u.protocol !== 'amqps:') || u.hostname === '') return undefined;
  try {
    return {
      tls: u.protocol === 'amqps:',
      host: u.hostname.replace(/^\[(.*)\]$/, '$1'),
      port: u.port === '' ? DEFAULT_PORT[u.protocol]! : Number(u.port),
      user: decodeURIComponent(u.username),
      password: decodeURIComponent(u.password),
      hasPassword: u.password !== '',
    };
  } catch {
    return undefined;
  }
}

/** True when `url` is an amqp:// or amqps:// URL with a host. */
export function isArtemisUrl(url: string): boolean {
  return parse(url) !== undefined;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

/**
 * Where and as whom a config connects. A URL without a password that points at the local
 * broker's AMQP port (loopback) takes the local access file's user and password. Undefined when
 * the URL does not parse.
 */
export function endpointOf(config: Pick<DriverConfig, 'url'>): ArtemisEndpoint | undefined {
  const p = parse(config.url ?? DEFAULT_ARTEMIS_URL);
  if (!p) return undefined;
  const { hasPassword, ...e } = p;
  if (hasPassword) return e;
  const local = readArtemisAccess();
  if (local && LOOPBACK.has(e.host) && e.port === local.amqpPort && (e.user === '' || e.user === local.user)) {
    return { ...e, user: local.user, password: local.password };
  }
  return e;
}

/** The local broker's web port when `config` connects to it, else undefined (for the default Jolokia URL). */
export function localHttpPort(config: Pick<DriverConfig, 'url'>): number | undefined {
  const e = parse(config.url ?? DEFAULT_ARTEMIS_URL);
  const local = readArtemisAccess();
  return e && local && LOOPBACK.has(e.host) && e.port === local.amqpPort ? local.httpPort : undefined;
}

/** The URL as it may be shown: `amqp://user@host:port` (password and query dropped); `<invalid amqp url>` when it does not parse. */
export function redactArtemisUrl(url: string): string {
  const p = parse(url);
  if (!p) return '<invalid amqp url>';
  const host = p.host.includes(':') ? `[${p.host}]` : p.host;
  return `${p.tls ? 'amqps' : 'amqp'}://${p.user === '' ? '' : `${encodeURIComponent(p.user)}@`}${host}:${p.port}`;
}

/** `host:port` of a driver section's URL (no secret), for broker lists; [] when it does not parse. */
export function artemisAddresses(driver: Pick<DriverConfig, 'url'>): string[] {
  const p = parse(driver.url ?? DEFAULT_ARTEMIS_URL);
  return p ? [`${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`] : [];
}

/** `text` with the endpoint's password (as given and URL-encoded) replaced by `***`. */
export function scrubPassword(text: string, endpoint: Pick<ArtemisEndpoint, 'password'> | undefined): string {
  const pw = endpoint?.password ?? '';
  if (pw.length < 2) return text;
  return text.split(pw).join('***').split(encodeURIComponent(pw)).join('***');
}
