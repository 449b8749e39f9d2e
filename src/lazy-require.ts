/**
 * Loads a CommonJS package the first time it is used instead of when its importer is. The CLI
 * imports every command, and every command the whole run path: without this, `mqload validate`
 * or `--help` loaded the database clients, prom-client and systeminformation (about half a
 * second of CPU per invocation) for nothing. Type positions keep a static `import type`.
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

/** A getter that requires `specifier` on its first call and returns the same module after. */
export function lazyRequire<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(specifier) as T);
}
