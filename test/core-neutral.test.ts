/**
 * The core stays broker-neutral: outside the per-kind folders (`src/drivers/`, `src/<layer>/<kind>/`,
 * `src/analyzer/rules/<kind>/`), no source file imports a kind's folder or compares a kind's
 * name, except the registries that pick a kind's parts by kind and the few places listed below
 * with the reason they remain. A new import or comparison fails here: put it behind the driver
 * registry, a capability or the kind's own folder instead (or, if it must stay, list it with why).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { knownKinds } from '../src/drivers/registry.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const KINDS: readonly string[] = knownKinds();

/** Registries: they map a kind to its parts, so they import every kind's folder. */
const REGISTRIES = [
  'src/analyzer/rules/index.ts',
  'src/collectors/index.ts',
  'src/collectors/naming.ts',
  'src/faults/kinds.ts',
  'src/local/index.ts',
  'src/recommendations/advice.ts',
  'src/recommendations/index.ts',
];

/** What remains, file → the lines' reason. Each entry is matched by the offending text. */
const REMAINING: Record<string, { match: RegExp; why: string }[]> = {
  'src/cli/drivers.ts': [{ match: /drivers\/kafka\/clients/, why: '`mqload drivers list|install` lists and builds the Kafka client libraries' }],
  'src/cli/local.ts': [
    { match: /local\/kafka\/index/, why: '`mqload local up|status|down` runs the embedded Kafka broker by default' },
    { match: /flags\.broker === 'artemis'/, why: '`--broker artemis` hands over to local-artemis.ts (the kinds have their own flags and output)' },
    { match: /flags\.broker === 'rocketmq'/, why: '`--broker rocketmq` hands over to local-rocketmq.ts (the kinds have their own flags and output)' },
    { match: /flags\.broker === 'activemq'/, why: '`--broker activemq` hands over to local-activemq.ts (the kinds have their own flags and output)' },
  ],
  'src/cli/local-artemis.ts': [{ match: /(drivers|local)\/artemis\//, why: '`mqload local --broker artemis` is the local Artemis broker' }],
  'src/cli/local-rocketmq.ts': [{ match: /local\/rocketmq\//, why: '`mqload local --broker rocketmq` is the local RocketMQ' }],
  'src/cli/local-activemq.ts': [{ match: /(drivers|local)\/activemq\//, why: '`mqload local --broker activemq` is the local ActiveMQ Classic broker' }],
  'src/cli/quickstart.ts': [{ match: /local\/kafka\/index/, why: '`mqload quickstart` starts the embedded Kafka broker' }],
  'src/collectors/index.ts': [{ match: /kafka\/(jmx|jolokia)\.js/, why: 'explicit collect.jmxExporter and collect.jolokia endpoints are honoured for every kind' }],
  'src/record/migrate.ts': [{ match: /=== 'kafka'/, why: 'records written before broker.json are Kafka' }],
};

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...sources(full));
    else if (e.name.endsWith('.ts')) out.push(full);
  }
  return out;
}

/** True for files of a kind's own folder (or the drivers, where broker libraries live). */
function perKind(file: string): boolean {
  const parts = file.split('/');
  return parts[1] === 'drivers' || parts.slice(2, -1).some((p) => KINDS.includes(p));
}

const kindImport = new RegExp(`from '[^']*/(${KINDS.join('|')})/[^']*'`);
const kindCompare = new RegExp(`[!=]== ?'(${KINDS.join('|')})'`);

test('core files neither import a kind\'s folder nor compare kind names, but for the registries and the listed remains', () => {
  const found: string[] = [];
  for (const full of sources(join(ROOT, 'src'))) {
    const file = relative(ROOT, full).split('\\').join('/');
    if (perKind(file)) continue;
    readFileSync(full, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const imports = kindImport.test(line);
        if (!imports && !kindCompare.test(line)) return;
        if ((imports && REGISTRIES.includes(file)) || (REMAINING[file] ?? []).some((r) => r.match.test(line))) return;
        found.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  assert.deepEqual(found, [], 'move these behind the driver registry, a capability or the kind\'s folder');
});

test('every listed remain still exists (drop it from the list once it is gone)', () => {
  for (const [file, entries] of Object.entries(REMAINING)) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const e of entries) assert.match(text, e.match, `${file}: ${e.why}`);
  }
});
