/**
 * Rule packs: every rule is in exactly one pack, and every rule file's rule and every pack folder
 * is in the run; a record gets the core pack always, a broker's own pack by its kind, in a fixed
 * order, and a capability-gated rule only where its broker has the capability (consumer-idle:
 * groups that split partitions). Old records (no broker.json) are Kafka.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { analyze } from '../../src/analyzer/analyze.js';
import { ACTIVEMQ_PACK, ARTEMIS_PACK, CORE_PACK, KAFKA_PACK, RABBITMQ_PACK, ROCKETMQ_PACK, RULE_PACKS, RULES, rulesFor } from '../../src/analyzer/rules/index.js';
import { rocketmqCapabilities } from '../../src/drivers/rocketmq/driver.js';
import { artemisCapabilities } from '../../src/drivers/artemis/driver.js';
import { RABBIT_FACTS } from '../helpers/synthetic-rabbitmq.js';
import { readRunRecord } from '../../src/record/reader.js';
import { LEGACY_KAFKA_CAPABILITIES } from '../../src/record/migrate.js';
import type { BrokerFacts } from '../../src/record/format.js';
import type { Rule } from '../../src/analyzer/types.js';
import { syntheticRecord, writeSyntheticRunDir } from '../helpers/synthetic-record.js';

const KAFKA: BrokerFacts = { kind: 'kafka', capabilities: LEGACY_KAFKA_CAPABILITIES };
const QUEUES: BrokerFacts = {
  kind: 'rabbitmq',
  capabilities: { ...LEGACY_KAFKA_CAPABILITIES, partitions: false, groups: 'queue-per-group', offsets: false, backlog: 'depth', redeliveryFlag: true },
};
const ids = (rules: readonly { id: string }[]) => rules.map((r) => r.id);

test('every rule is in exactly one pack, and RULES lists them all', () => {
  const packed = RULE_PACKS.flatMap((p) => p.rules);
  assert.equal(new Set(packed).size, packed.length, 'no rule in two packs');
  assert.deepEqual(new Set(packed), new Set(RULES));
});

/** Compiled rule modules under dist/src/analyzer/rules whose TypeScript source still exists (stale outputs of deleted files are skipped). */
function compiledRuleModules(): string[] {
  const dir = fileURLToPath(new URL('../../src/analyzer/rules/', import.meta.url));
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.js') && existsSync(join(root, relative(join(root, 'dist'), full)).replace(/\.js$/, '.ts'))) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}

const isRule = (v: unknown): v is Rule =>
  typeof v === 'object' && v !== null && typeof (v as Rule).id === 'string' && typeof (v as Rule).evaluate === 'function' && typeof (v as Rule).needsWindow === 'boolean';

test('no rule can be left out of the run: every rule a file under rules/ exports is in a registered pack, and every pack folder is registered', async () => {
  const files = compiledRuleModules();
  assert.ok(files.length > RULES.length, `found ${files.length} rule modules`);
  const missing: string[] = [];
  const packFolders = new Set<string>();
  for (const file of files) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) {
      if (isRule(value) && !RULES.includes(value)) missing.push(`${relative(process.cwd(), file)}: ${name} (${value.id})`);
    }
    const folder = relative(fileURLToPath(new URL('../../src/analyzer/rules/', import.meta.url)), file).split(/[\\/]/);
    if (folder.length === 2 && folder[1] === 'index.js') {
      packFolders.add(folder[0]!);
      const packs = Object.values(mod).filter((v) => RULE_PACKS.includes(v as (typeof RULE_PACKS)[number]));
      assert.equal(packs.length, 1, `${folder[0]}/index.ts exports one pack listed in RULE_PACKS`);
    }
  }
  assert.deepEqual(missing, [], 'rules exported but in no pack of RULE_PACKS (they would never run)');
  for (const d of readdirSync(fileURLToPath(new URL('../../src/analyzer/rules/', import.meta.url)), { withFileTypes: true })) {
    if (d.isDirectory() && existsSync(fileURLToPath(new URL(`../../../src/analyzer/rules/${d.name}`, import.meta.url)))) assert.ok(packFolders.has(d.name), `rules/${d.name}/ has an index.ts with its pack`);
  }
  assert.deepEqual(new Set(RULE_PACKS.map((p) => p.name)), packFolders, 'one pack per folder');
  // Every pack's rules are in the run order, and the run order holds nothing else.
  assert.deepEqual(new Set(RULE_PACKS.flatMap((p) => p.rules)), new Set(RULES));
});

/** The run order of each kind of record, as it was when RULES was a hand-kept list (findings that tie in rank keep it). */
const ORDER = {
  kafka: 'generator-host-cpu generator-process-cpu generator-event-loop generator-memory generator-schedule generator-dropped-sends no-throughput rate-not-met broker-cpu broker-memory broker-network broker-disk request-handler-idle network-processor-idle request-time-breakdown jvm-heap jvm-gc-time jvm-old-gc under-min-isr replication consumer-lag consumer-time-lag consumer-idle partition-skew consumer-processing tiny-batches sync-round-trip producer-errors delivery',
  rabbitmq: 'generator-host-cpu generator-process-cpu generator-event-loop generator-memory generator-schedule generator-dropped-sends no-throughput rate-not-met broker-cpu broker-memory broker-network broker-disk rabbitmq-alarms rabbitmq-flow-control jvm-heap jvm-gc-time jvm-old-gc consumer-lag consumer-time-lag rabbitmq-queue-growing rabbitmq-prefetch rabbitmq-hot-queue consumer-processing rabbitmq-confirm-latency sync-round-trip producer-errors delivery rabbitmq-redeliveries rabbitmq-dropped',
  unknown: 'generator-host-cpu generator-process-cpu generator-event-loop generator-memory generator-schedule generator-dropped-sends no-throughput rate-not-met broker-cpu broker-memory broker-network broker-disk jvm-heap jvm-gc-time jvm-old-gc consumer-lag consumer-time-lag consumer-processing sync-round-trip producer-errors delivery',
};

test('the run order of Kafka, RabbitMQ and unknown-broker records is unchanged', () => {
  assert.deepEqual(ids(rulesFor(KAFKA)), ORDER.kafka.split(' '));
  assert.deepEqual(ids(rulesFor(QUEUES)), ORDER.rabbitmq.split(' '));
  assert.deepEqual(ids(rulesFor(RABBIT_FACTS)), ORDER.rabbitmq.split(' '));
  assert.deepEqual(ids(rulesFor(null)), ORDER.unknown.split(' '));
});

test('packs by kind: Kafka gets core and kafka; RabbitMQ core and rabbitmq; Artemis core and artemis; ActiveMQ core and activemq; RocketMQ core and rocketmq; an unknown broker gets core only', () => {
  assert.deepEqual(ids(rulesFor(KAFKA)), ids(RULES.filter((r) => CORE_PACK.rules.includes(r) || KAFKA_PACK.rules.includes(r))), 'Kafka runs core and Kafka rules, in order');
  const artemis = ids(rulesFor({ kind: 'artemis', capabilities: artemisCapabilities() }));
  assert.deepEqual(
    artemis,
    ids(RULES.filter((r) => CORE_PACK.rules.includes(r) || ARTEMIS_PACK.rules.includes(r))),
    'Artemis runs core and Artemis rules, in order',
  );
  assert.deepEqual(artemis.filter((id) => id.startsWith('artemis-')), ['artemis-global-memory', 'artemis-paging', 'artemis-journal', 'artemis-queue-growing', 'artemis-credit']);
  const activemq = ids(rulesFor({ kind: 'activemq', capabilities: QUEUES.capabilities }));
  for (const r of ACTIVEMQ_PACK.rules) assert.ok(activemq.includes(r.id), r.id);
  for (const r of [...RABBITMQ_PACK.rules, ...ARTEMIS_PACK.rules]) assert.ok(!activemq.includes(r.id), r.id);
  const rocketmq = ids(rulesFor({ kind: 'rocketmq', capabilities: rocketmqCapabilities() }));
  assert.deepEqual(rocketmq, ids(RULES.filter((r) => CORE_PACK.rules.includes(r) || ROCKETMQ_PACK.rules.includes(r))), 'RocketMQ runs core and RocketMQ rules, in order');
  assert.deepEqual(rocketmq.filter((id) => id.startsWith('rocketmq-')), ['rocketmq-flow-control', 'rocketmq-consumer-lag', 'rocketmq-flush-mode']);
  for (const r of ROCKETMQ_PACK.rules) assert.ok(!activemq.includes(r.id) && !ids(rulesFor(KAFKA)).includes(r.id), r.id);
  for (const broker of [QUEUES, RABBIT_FACTS]) {
    const queue = ids(rulesFor(broker));
    for (const r of CORE_PACK.rules) assert.ok(queue.includes(r.id), r.id);
    for (const r of KAFKA_PACK.rules) assert.ok(!queue.includes(r.id), r.id);
    for (const r of RABBITMQ_PACK.rules) assert.ok(queue.includes(r.id), r.id);
  }
  assert.ok(!ids(rulesFor(KAFKA)).some((id) => id.startsWith('rabbitmq-') || id.startsWith('artemis-')));
  assert.deepEqual(ids(rulesFor(null)), ids(RULES.filter((r) => CORE_PACK.rules.includes(r))));
});

test('consumer-idle fires for Kafka and is silent for queue-per-group groups on the same planted record', () => {
  const opts = { seed: 7, noise: 0.02, partitions: 4, consumers: { groups: 1, perGroup: 12 } };
  const kafka = analyze(syntheticRecord({ ...opts, broker: KAFKA }));
  assert.ok(kafka.findings.some((f) => f.id === 'consumer-idle'), 'fires for Kafka');
  // Same kind, queue-per-group groups: the capability gate alone silences it.
  const gated = { kind: 'kafka' as const, capabilities: { ...LEGACY_KAFKA_CAPABILITIES, groups: 'queue-per-group' as const } };
  assert.ok(!ids(rulesFor(gated)).includes('consumer-idle'));
  const silent = analyze(syntheticRecord({ ...opts, broker: gated }));
  assert.ok(!silent.findings.some((f) => f.id === 'consumer-idle'));
  assert.ok(!silent.ok.includes('consumer-idle') && !silent.insufficient.some((i) => i.rule === 'consumer-idle'), 'not run at all');
  assert.ok(!analyze(syntheticRecord({ ...opts, broker: QUEUES })).findings.some((f) => f.id === 'consumer-idle'));
});

test('a record without broker.json reads as Kafka (migration); with one, as written', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mqload-packs-'));
  try {
    await writeSyntheticRunDir(join(dir, 'old'), { seed: 1, broker: null });
    assert.deepEqual((await readRunRecord(join(dir, 'old'))).broker, KAFKA);
    await writeSyntheticRunDir(join(dir, 'new'), { seed: 1, broker: QUEUES });
    assert.deepEqual((await readRunRecord(join(dir, 'new'))).broker, QUEUES);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
