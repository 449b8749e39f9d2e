/**
 * Files that hold a secret (a generated password): written atomically with mode 0600, so only
 * the owner reads them and a reader never sees half a file. Used by the local brokers' access
 * files and agent configs.
 */
import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Writes `text` to `file` atomically with mode 0600 (owner read/write only), creating its directory. */
export function writePrivateFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, file);
}
