/**
 * The access file of the local ActiveMQ Classic broker (`mqload local up --broker activemq`):
 * `<base>/activemq/access.json` (base = `$MQLOAD_CACHE_DIR` or `~/.cache/mqload`), mode 0600,
 * holding the user and the password mqload generated for it, its AMQP port and its Jolokia
 * agent's port. The launcher writes it; the driver and the collectors read it when a profile's
 * `driver.url` has no password and points at that broker, so shipped profiles need no secret.
 * Its content is never printed or written anywhere else.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writePrivateFile } from '../private-file.js';

/** What the access file holds. */
export interface ActivemqAccess {
  user: string;
  /** Secret: never printed or written outside this file (and the broker's own 0600 settings). */
  password: string;
  /** AMQP transport port on 127.0.0.1. */
  amqpPort: number;
  /** Jolokia JVM agent port on 127.0.0.1 (JMX over HTTP, basic auth with the same user). */
  jolokiaPort: number;
}

/** `<base>/activemq`: home of the local ActiveMQ Classic (base = `$MQLOAD_CACHE_DIR` or `~/.cache/mqload`). */
export function activemqHome(): string {
  const fromEnv = process.env['MQLOAD_CACHE_DIR'];
  return join(resolve(fromEnv && fromEnv.length > 0 ? fromEnv : join(homedir(), '.cache', 'mqload')), 'activemq');
}

/** Path of the access file. */
export function activemqAccessFile(): string {
  return join(activemqHome(), 'access.json');
}

/** The local broker's access, or null when there is none (never started, or unreadable). */
export function readActivemqAccess(): ActivemqAccess | null {
  const file = activemqAccessFile();
  if (!existsSync(file)) return null;
  try {
    const a = JSON.parse(readFileSync(file, 'utf8')) as Partial<ActivemqAccess>;
    if (typeof a.user !== 'string' || typeof a.password !== 'string' || typeof a.amqpPort !== 'number' || typeof a.jolokiaPort !== 'number') return null;
    return { user: a.user, password: a.password, amqpPort: a.amqpPort, jolokiaPort: a.jolokiaPort };
  } catch {
    return null;
  }
}


/** Writes the access file atomically with mode 0600. */
export function writeActivemqAccess(access: ActivemqAccess): void {
  writePrivateFile(activemqAccessFile(), JSON.stringify(access, null, 2) + '\n');
}
