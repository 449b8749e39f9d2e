/**
 * The Artemis collector against the real local Artemis (started once for this file when it is
 * not running): one Jolokia bulk read gives the run queue's depth, delivering and consumer
 * counts, rates from MessagesAdded between two readings, the address's size, paging and
 * address-full-policy, the broker's address memory against global-max-size and connections,
 * its journal (the local broker is created with --nio) and the JVM heap and GC in the neutral
 * `jolokia` sample. The collector selection gives
 * Artemis its own Jolokia collector (not the Kafka one), and wrong credentials make it
 * unavailable with a reason that names no password.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { CountingListener, TestArtemis, artemisName, producerOptions, sendAll, useLocalArtemis } from '../helpers/artemis.js';
import { ARTEMIS_COLLECTORS, ARTEMIS_SAMPLE_NAMES, ArtemisCollector, artemisJolokiaTarget } from '../../src/collectors/artemis/index.js';
import { buildCollectors } from '../../src/collectors/index.js';
import { loadProfile } from '../../src/profile/load.js';
import { SAMPLE_NAMES } from '../../src/record/sample-names.js';
import type { Profile } from '../../src/profile/schema.js';
import type { SampleReading } from '../../src/collectors/types.js';

useLocalArtemis();
const artemis = new TestArtemis();
after(() => artemis.cleanup());

const Q = ARTEMIS_SAMPLE_NAMES.queue;
const A = ARTEMIS_SAMPLE_NAMES.address;
const B = ARTEMIS_SAMPLE_NAMES.broker;
const J = ARTEMIS_SAMPLE_NAMES.journal;

async function profileFor(topic: string): Promise<Profile> {
  const p = await loadProfile('profiles/activemq/artemis-quickstart.yaml');
  return { ...p, driver: artemis.config(), topics: [{ name: topic } as Profile['topics'][number]] };
}

test('artemis collector: queue, address, broker and JVM values from one bulk read; rates between two', { timeout: 60_000 }, async () => {
  const group = artemisName('g');
  const topic = await artemis.topic({}, [group]);
  const profile = await profileFor(topic);
  const collectors = buildCollectors({ profile, groups: [], topics: [topic], driver: null, localBroker: null, workerStats: null });
  assert.deepEqual(collectors.filter((c) => c.source === 'artemis' || c.source === 'jolokia').map((c) => c.name), ['artemis:127.0.0.1:8161'], 'Artemis gets its own Jolokia collector, not the Kafka one');
  const c = collectors.find((x) => x.source === 'artemis')!;
  assert.deepEqual(await c.start(), { available: true });
  const first = await c.sample();
  const l = new CountingListener();
  const p = await artemis.producer(artemis.driver(), producerOptions(topic, 'async', 100), l);
  await sendAll(p, l, 500, 100);
  const second = await c.sample();
  await c.stop();

  const queue = (s: SampleReading[]) => s.find((x) => x.labels?.['queue'] === `${topic}.${group}`);
  assert.equal(queue(first)?.values[Q.depth], 0);
  const q = queue(second)!;
  assert.equal(q.values[Q.depth], 500, 'MessageCount');
  assert.equal(q.values[Q.consumers], 0);
  assert.equal(q.values[Q.delivering], 0);
  assert.ok(q.values[Q.addedPerSec]! > 0, `added rate ${q.values[Q.addedPerSec]}`);
  assert.equal(q.values[Q.ackedPerSec], 0);
  assert.deepEqual(q.labels, { address: topic, queue: `${topic}.${group}`, routing: 'multicast' });
  assert.equal(second.filter((x) => x.labels?.['queue'] !== undefined).length, 1, 'only the run\'s queues');

  const addr = second.find((x) => x.labels?.['address'] === topic && x.labels['queue'] === undefined)!;
  assert.equal(addr.labels?.['policy'], 'PAGE', 'the default address-full-policy');
  assert.equal(addr.values[A.paging], 0);
  assert.equal(addr.values[A.policyBlocks], 0);
  assert.equal(addr.values[A.maxSizeBytes], -1, 'no max-size-bytes of its own');
  assert.ok(addr.values[A.sizeBytes]! > 0, 'the 500 messages take address memory');

  const broker = second.find((x) => x.source === 'artemis' && x.labels === undefined)!;
  assert.ok(broker.values[B.globalMaxBytes]! > 0, 'global-max-size');
  assert.ok(broker.values[B.addressMemoryBytes]! >= addr.values[A.sizeBytes]!, 'address memory covers the address');
  assert.ok(broker.values[B.connections]! >= 1, 'the producer\'s connection');
  assert.equal(broker.values[Q.depth], 500, 'run queues summed');

  const journal = second.filter((x) => x.labels?.['journal_type'] !== undefined);
  assert.equal(journal.length, 1, 'one journal sample');
  assert.deepEqual(journal[0]!.labels, { journal_type: 'NIO', os: 'Linux' }, 'the local broker journals through NIO (artemis create --nio)');
  assert.ok(journal[0]!.values[J.bufferTimeoutMs]! > 0, `journal-buffer-timeout ${journal[0]!.values[J.bufferTimeoutMs]} ms`);
  assert.equal(journal[0]!.values[J.persistenceEnabled], 1);
  assert.ok(journal[0]!.values[J.syncNonTransactional] === 0 || journal[0]!.values[J.syncNonTransactional] === 1);

  const jvm = second.find((x) => x.source === 'jolokia')!;
  assert.equal(jvm.instance, 'http://127.0.0.1:8161/console/jolokia', 'no credentials in the instance');
  assert.ok(jvm.values[SAMPLE_NAMES.jvm.heapMax]! > 100e6, 'heap max of a 512M broker');
  assert.ok(jvm.values[SAMPLE_NAMES.jvm.gcYoungCount]! >= 0);
  assert.ok(jvm.values[SAMPLE_NAMES.jvm.gcTimeRatio]! >= 0, 'GC time ratio from two readings');
});

test('artemis collector: collect.jolokia [] turns it off; wrong credentials: unavailable, no password in the reason', { timeout: 20_000 }, async () => {
  const profile = await profileFor(artemisName('mqt'));
  assert.deepEqual(ARTEMIS_COLLECTORS.jolokia!([], { profile }), []);
  const target = artemisJolokiaTarget('http://mqload:Wrong-Secret-42@127.0.0.1:8161/console/jolokia/', profile, 5000);
  assert.equal(target.base, 'http://127.0.0.1:8161/console/jolokia');
  const s = await new ArtemisCollector(target, []).start();
  assert.equal(s.available, false);
  assert.match(s.reason ?? '', /HTTP 40[13]/, 'Artemis answers a wrong password with 403');
  assert.doesNotMatch(s.reason ?? '', /Wrong-Secret-42/);
});
