/**
 * The driver conformance suite: every Kafka client library behind `driver.client` runs the same
 * scenarios against the real local Kafka (`mqload local up`), through the whole run path
 * (plan → workers → record → verification):
 * - sync, async and one-way: counts add up (sent = acked + failed), consumers receive what was
 *   acknowledged, one end-to-end latency per received message, no loss, duplicate or reorder;
 * - a consumer crash with `before-process` commits loses exactly what it had committed, counted;
 *   with `after-process` it is redelivered instead (replays of positions already delivered,
 *   verdict `redelivered`, no loss, nothing written twice);
 * - an idempotent acks=all producer through a broker restart: nothing acknowledged is lost, and
 *   reading the log back finds no message written twice.
 * Clients: `$MQLOAD_TEST_CLIENTS` (each must be installed) or every installed client; a client
 * that is not installed is skipped with its install command. Broker restarts make this file slow
 * (about 2 minutes per client) and it must not run beside other broker tests.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestKafka, testBrokers, uniqueName } from '../helpers/broker.js';
import { testClients } from '../helpers/clients.js';
import { readBackLog } from '../helpers/log-readback.js';
import { messagesOf, profileOf, runWithExtensions, waitForLocalBroker } from '../verify/run-helpers.js';

const FAST_GROUPS = { 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000 };
/**
 * Clients that may reorder within a partition when they retry a produce request (kafkajs keeps
 * several requests in flight per connection and retries each on its own, e.g. NOT_LEADER right
 * after a topic is created); for them a reorder is allowed, for the others none is.
 */
const REORDERS_ON_RETRY: ReadonlySet<string> = new Set(['kafkajs']);
const kafka = new TestKafka();
after(() => kafka.cleanup());

for (const { name: client, skipReason } of testClients()) {
  const driver = (config: Record<string, number> = {}) => ({ type: 'kafka', brokers: testBrokers(), client, config });

  for (const mode of ['sync', 'async', 'oneway'] as const) {
    test(`${client} ${mode}: counts add up, consumers receive what was acknowledged, delivery verified`, { skip: skipReason, timeout: 90_000 }, async (t) => {
      await waitForLocalBroker();
      const profile = profileOf({
        name: `conf-${client}-${mode}`,
        driver: driver(),
        topics: [{ name: uniqueName(`conf-${mode}`), partitions: 3, replicationFactor: 1, deleteAfterRun: true }],
        message: { size: 200, keys: 'round-robin' },
        producers: { count: 2, mode, ...(mode === 'oneway' ? {} : { acks: 'all' }), maxInFlight: 500, batch: { maxRecords: 50, lingerMs: 2 } },
        consumers: { groups: 1, perGroup: 2, commit: 'after-process' },
        // Sync keeps one message outstanding per producer: a rate its latency allows.
        load: { warmup: '1s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: mode === 'sync' ? 100 : 300, duration: '3s' }] },
        verify: { graceMs: 8000 },
      });
      const { summary } = await runWithExtensions(profile);
      const p = summary.produce;
      const d = summary.delivery?.[0];
      t.diagnostic(`produce ${JSON.stringify(p)}; delivery ${JSON.stringify(d)}; publish ${JSON.stringify(summary.latencyMs.publish)}`);
      assert.equal(summary.status, 'completed');
      assert.ok(p.sent >= (mode === 'sync' ? 120 : 800), `sent ${p.sent} after warm-up`);
      assert.equal(p.sent, p.acked + p.failed, 'sent = acked + failed');
      assert.equal(p.failed, 0);
      assert.ok(d, 'delivery is verified');
      assert.equal(d.duplicated, 0);
      if (!REORDERS_ON_RETRY.has(client)) assert.equal(d.reordered, 0);
      else assert.ok(d.reordered <= p.sent / 100, `reordered ${d.reordered}`);
      if (mode === 'oneway') {
        assert.equal(d.acked, 0, 'one-way sends are never acknowledged');
        assert.equal(d.unknown, d.sent, 'every one-way send is of unknown fate to the producer');
        assert.equal(d.unique, d.sent, 'on a healthy broker every one-way send arrives');
      } else {
        assert.equal(summary.consume.received, p.acked, 'consumers receive what was acked');
        assert.equal(d.lost, 0);
        assert.equal(d.unique, d.acked);
        assert.equal(summary.latencyMs.publish?.count, p.acked, 'one publish latency per ack');
      }
      const e2e = summary.latencyMs.e2e;
      assert.ok(e2e && e2e.count === summary.consume.received, 'one e2e latency per received message');
      assert.ok(e2e.p50 > 0 && e2e.p50 < 5000, `e2e p50 ${e2e.p50}`);
    });
  }

  for (const commit of ['before-process', 'after-process'] as const) {
    test(`${client} consumer crash, ${commit}: ${commit === 'before-process' ? 'what it committed is lost, and counted' : 'redelivered (replays of delivered positions), no loss, nothing written twice'}`, { skip: skipReason, timeout: 90_000 }, async (t) => {
      await waitForLocalBroker();
      const profile = profileOf({
        name: `conf-${client}-crash`,
        driver: driver({ 'max.partition.fetch.bytes': 16384, ...FAST_GROUPS }),
        topics: [{ name: uniqueName('conf-crash'), partitions: 2, replicationFactor: 1, deleteAfterRun: true }],
        message: { size: 200, keys: 'round-robin' },
        producers: { count: 1, mode: 'async', acks: 'all', maxInFlight: 200, batch: { maxRecords: 20, lingerMs: 5 } },
        consumers: { groups: 1, perGroup: 2, commit, processing: { delayMs: 8 } },
        load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 300, duration: '9s' }] },
        verify: { graceMs: 15_000 },
        // A crash that lands while its consumer holds nothing (between two fetches) changes
        // nothing; three crashes (round-robin over both consumers) make "no effect" a failure.
        faults: [
          { at: '2500ms', action: 'consumer-crash', downFor: '1500ms' },
          { at: '4500ms', action: 'consumer-crash', downFor: '1500ms' },
          { at: '6500ms', action: 'consumer-crash', downFor: '1500ms' },
        ],
      });
      const { summary, events } = await runWithExtensions(profile);
      const d = summary.delivery?.[0];
      t.diagnostic(`delivery ${JSON.stringify(d)}; crashes: ${messagesOf(events, 'consumer-crash').join(' | ')}`);
      assert.ok(d);
      assert.equal(messagesOf(events, 'consumer-crash').length, 3, 'every crash is in the events');
      assert.ok(d.acked > 2000, `acked ${d.acked}`);
      assert.equal(d.unique + d.lost + (d.undelivered ?? 0), d.acked, 'every acknowledged message is received, still queued or lost');
      if (commit === 'before-process') {
        assert.ok(d.lost > 0, `lost ${d.lost}: the crashed consumer had committed messages it never processed`);
        assert.equal(d.verdict, 'loss');
      } else {
        assert.equal(d.lost, 0, 'uncommitted messages are redelivered');
        assert.ok(d.duplicated > 0, `duplicated ${d.duplicated}`);
        assert.equal(d.redelivered, d.duplicated, 'every duplicate is a replay of a position already delivered');
        assert.equal(d.duplicatedInLog, 0, 'the producers wrote nothing twice');
        assert.equal(d.verdict, 'redelivered');
      }
    });
  }

  test(`${client} idempotent acks=all through a broker restart: nothing acknowledged lost, nothing written twice`, { skip: skipReason, timeout: 150_000 }, async (t) => {
    await waitForLocalBroker();
    const topic = kafka.trackTopic(uniqueName('conf-restart'));
    try {
      const profile = profileOf({
        name: `conf-${client}-restart`,
        driver: driver(FAST_GROUPS),
        topics: [{ name: topic, partitions: 3, replicationFactor: 1, deleteAfterRun: false }],
        message: { size: 200, keys: 'round-robin' },
        producers: { count: 2, mode: 'async', acks: 'all', idempotent: true, retries: 30, maxInFlight: 2000, batch: { maxRecords: 50, lingerMs: 5 } },
        consumers: { groups: 1, perGroup: 1, commit: 'before-process' },
        // A restart of the local broker takes 10–20 s here: load long enough to send after it too.
        load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '30s' }] },
        verify: { graceMs: 30_000 },
        faults: [{ at: '3s', action: 'broker-restart' }],
      });
      const { summary } = await runWithExtensions(profile);
      const f = summary.faults?.[0];
      assert.ok(f && f.error === undefined, `restart failed: ${f?.error}`);
      assert.ok(f.outageStartSec !== null, 'producers saw the outage');
      await waitForLocalBroker();
      const log = await readBackLog(topic, summary.runId);
      const d = summary.delivery?.[0];
      t.diagnostic(`delivery ${JSON.stringify(d)}; log ${JSON.stringify(log)}; faults ${JSON.stringify(summary.faults)}`);
      assert.ok(d);
      assert.ok(f.outageEndSec !== null, 'sends were acknowledged again after the restart');
      assert.ok(d.acked >= 600, `acked ${d.acked} (3 s before the restart alone are 600)`);
      assert.equal(d.lost, 0, 'no acknowledged message lost');
      assert.equal(log.writtenTwice, 0, 'the idempotent producer wrote no message twice');
      assert.equal(d.duplicatedInLog, 0, 'verification agrees with the read-back: nothing written twice');
      assert.notEqual(d.verdict, 'duplicates');
      assert.ok(log.unique >= d.acked, `the log holds every acknowledged message (${log.unique} of ${d.acked})`);
    } finally {
      await waitForLocalBroker();
    }
  });
}
