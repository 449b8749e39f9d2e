/**
 * Rule packs: every rule is in exactly one pack; a record gets the core pack always, a broker's
 * own pack by its kind, and a capability-gated rule only where its broker has the capability
 * (consumer-idle: groups that split partitions). Old records (no broker.json) are Kafka.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../src/analyzer/analyze.js';
import { CORE_PACK, KAFKA_PACK, RABBITMQ_PACK, RULE_PACKS, RULES, rulesFor } from '../../src/analyzer/rules/index.js';
import { RABBIT_FACTS } from '../helpers/synthetic-rabbitmq.js';
import { readRunRecord } from '../../src/record/reader.js';
import { LEGACY_KAFKA_CAPABILITIES } from '../../src/record/migrate.js';
import type { BrokerFacts } from '../../src/record/format.js';
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

test('packs by kind: Kafka gets core and kafka; RabbitMQ gets core and rabbitmq; an unknown broker gets core only', () => {
  assert.deepEqual(ids(rulesFor(KAFKA)), ids(RULES.filter((r) => !RABBITMQ_PACK.rules.includes(r))), 'Kafka runs core and Kafka rules, in order');
  for (const broker of [QUEUES, RABBIT_FACTS]) {
    const queue = ids(rulesFor(broker));
    for (const r of CORE_PACK.rules) assert.ok(queue.includes(r.id), r.id);
    for (const r of KAFKA_PACK.rules) assert.ok(!queue.includes(r.id), r.id);
    for (const r of RABBITMQ_PACK.rules) assert.ok(queue.includes(r.id), r.id);
  }
  assert.ok(!ids(rulesFor(KAFKA)).some((id) => id.startsWith('rabbitmq-')));
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
