/**
 * Locations every local broker shares: the repository root (which holds `local/<kind>/`, the
 * brokers' pinned configs) and the base cache directory under which each launcher keeps its
 * broker's files (`<base>/kafka-<version>/`, …).
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where local brokers keep their files. */
export interface CacheLocation {
  /** Base cache directory (default `$MQLOAD_CACHE_DIR` or `~/.cache/mqload`). */
  cacheDir?: string;
}

let cachedRoot: string | null = null;

/**
 * Repository root, found from this module's own location (not the working directory): the
 * nearest ancestor directory holding `local/kafka/pom.xml`.
 */
export function repoRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'local', 'kafka', 'pom.xml'))) return (cachedRoot = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find local/kafka/pom.xml above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Base cache directory: `opts.cacheDir`, else `$MQLOAD_CACHE_DIR`, else `~/.cache/mqload`. */
export function cacheBase(opts: CacheLocation = {}): string {
  const fromEnv = process.env['MQLOAD_CACHE_DIR'];
  return resolve(opts.cacheDir ?? (fromEnv && fromEnv.length > 0 ? fromEnv : join(homedir(), '.cache', 'mqload')));
}

/** A `<name>` property of a pom (e.g. `rocketmq.version`). Throws when the pom has none. */
export function pomProperty(pomFile: string, name: string): string {
  const m = new RegExp(`<${name.replace(/\./g, '\\.')}>\\s*([^<\\s]+)\\s*<`).exec(readFileSync(pomFile, 'utf8'));
  if (!m?.[1]) throw new Error(`${pomFile} has no <${name}> property`);
  return m[1];
}
