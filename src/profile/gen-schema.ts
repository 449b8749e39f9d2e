/**
 * Writes the published JSON Schema of profiles (`profiles/profile.schema.json`) from the TypeBox
 * common profile parts and every registered kind's schema part (`publishedProfileSchema`). Run after building: `node dist/src/profile/gen-schema.js` (writes the file),
 * `--check` (exit 1 when the committed file is stale) or `--stdout`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHIPPED_PROFILES_DIR } from './load.js';
import { DRIVERS } from '../drivers/registry.js';
import type { DriverModule } from '../drivers/registry.js';
import { publishedProfileSchema } from './schema.js';

/** Path of the committed schema file. */
export const SCHEMA_PATH = join(SHIPPED_PROFILES_DIR, 'profile.schema.json');

/** The JSON Schema (draft-07) for profiles, as plain JSON (TypeBox's symbol keys dropped). */
export function profileJsonSchema(): Record<string, unknown> {
  const modules = Object.values(DRIVERS).filter((m): m is DriverModule => m !== undefined);
  const plain = JSON.parse(JSON.stringify(publishedProfileSchema(modules))) as Record<string, unknown>;
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...plain };
}

/** The schema file's exact text (2-space JSON, trailing newline). */
export function renderProfileSchema(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}

function main(args: string[]): number {
  const text = renderProfileSchema();
  if (args.includes('--stdout')) {
    process.stdout.write(text);
    return 0;
  }
  if (args.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(SCHEMA_PATH, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (current === text) return 0;
    process.stderr.write(`${SCHEMA_PATH} is out of date; run: node dist/src/profile/gen-schema.js\n`);
    return 1;
  }
  writeFileSync(SCHEMA_PATH, text);
  process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
  return 0;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
