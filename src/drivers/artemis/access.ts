/**
 * The access file of the local Artemis broker (`mqload local up --broker artemis`):
 * `<base>/artemis/access.json` (base = `$MQLOAD_CACHE_DIR` or `~/.cache/mqload`), mode 0600,
 * holding the user and the password mqload generated for it and its AMQP and HTTP ports. The
 * launcher writes it; the driver and the collectors read it when a profile's `driver.url` has no
 * password and points at that broker, so shipped profiles need no secret. Its content is never
 * printed or written anywhere else.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** What the access file holds. */
export interface ArtemisAccess {
  user: string;
  /** Secret: never printed or written outside this file. */
  password: string;
  /** AMQP acceptor port on 127.0.0.1. */
  amqpPort: number;
  /** Web server (Jolokia) port on 127.0.0.1. */
  httpPort: number;
}

/** `<base>/artemis`: home of the local Artemis (base = `$MQLOAD_CACHE_DIR` or `~/.cache/mqload`). */
export function artemisHome(): string {
  const fromEnv = process.env['MQLOAD_CACHE_DIR'];
  return join(resolve(fromEnv && fromEnv.length > 0 ? fromEnv : join(homedir(), '.cache', 'mqload')), 'artemis');
}

/** Path of the access file. */
export function accessFile(): string {
  return join(artemisHome(), 'access.json');
}

/** The local broker's access, or null when there is none (never started, or unreadable). */
export function readArtemisAccess(): ArtemisAccess | null {
  const file = accessFile();
  if (!existsSync(file)) return null;
  try {
    const a = JSON.parse(readFileSync(file, 'utf8')) as Partial<ArtemisAccess>;
    if (typeof a.user !== 'string' || typeof a.password !== 'string' || typeof a.amqpPort !== 'number' || typeof a.httpPort !== 'number') return null;
    return { user: a.user, password: a.password, amqpPort: a.amqpPort, httpPort: a.httpPort };
  } catch {
    return null;
  }
}

/** Writes the access file atomically with mode 0600 (owner read/write only). */
export function writeArtemisAccess(access: ArtemisAccess): void {
  const file = accessFile();
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(access, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
