/**
 * The driver conformance suite: every driver, client library and queue type (the targets of
 * test/helpers/conformance-targets.ts) runs the same scenarios against its real broker on
 * loopback, through the whole run path (plan → workers → record → verification):
 * - sync, async and one-way: counts add up (sent = acked + failed), the group receives what was
 *   acknowledged, one end-to-end latency per received message, no loss, duplicate or reorder;
 * - fan-out to three groups: each group receives every acknowledged message;
 * - slow consumers that leave a backlog at the end: what is still queued is undelivered, not
 *   lost, and the verdict says backlog;
 * - consumer crashes, for each commit mode with a defined outcome on the target: `after-process`
 *   redelivers (replays of positions already delivered, verdict `redelivered`, nothing lost or
 *   written twice); `before-process` and `auto` lose what the consumer had taken, counted;
 * - a broker restart where the target can run one here: nothing acknowledged is lost, nothing is
 *   written twice (read back from the log where the broker keeps one).
 * Each run uses a unique topic (or exchange) and deletes it, with its group queues, afterwards.
 * Broker restarts make this file slow (about 2 minutes per Kafka client); it must not run
 * beside other broker tests. Within it, each broker's tests run one at a time, two brokers'
 * suites side by side, and the restarts at the end one at a time.
 */
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TestKafka } from '../helpers/broker.js';
import { conformanceTargets, type CommitMode, type ConformanceTarget } from '../helpers/conformance-targets.js';
import { messagesOf, profileOf, runWithExtensions } from '../verify/run-helpers.js';

const kafka = new TestKafka();
after(() => kafka.cleanup());

const MODES = ['sync', 'async', 'oneway'] as const;

/** A scenario's rate (or a count it expects) at the target's scale. */
const scaled = (target: ConformanceTarget, n: number): number => Math.round(n * (target.rateScale ?? 1));

function modeTest(target: ConformanceTarget, mode: (typeof MODES)[number]): void {
  test(`${target.name} ${mode}: counts add up, consumers receive what was acknowledged, delivery verified`, { skip: target.skip, timeout: 90_000 }, async (t) => {
    await target.ready();
    const profile = profileOf({
      name: `conf-${mode}`,
      driver: target.driver(),
      topics: [target.topic(target.topicName(`conf-${mode}`))],
      message: { size: 200, keys: 'round-robin' },
      producers: { count: 2, mode, ...target.acks(mode), maxInFlight: 500, batch: { maxRecords: 50, lingerMs: 2 } },
      consumers: { groups: 1, perGroup: Math.min(2, target.maxPerGroup), commit: 'after-process' },
      // Sync keeps one message outstanding per producer: a rate its latency allows.
      load: { warmup: '1s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: scaled(target, mode === 'sync' ? 100 : 400), duration: '3s' }] },
      verify: { graceMs: 8000 },
    });
    const { summary } = await runWithExtensions(profile);
    const p = summary.produce;
    const d = summary.delivery?.[0];
    t.diagnostic(`produce ${JSON.stringify(p)}; delivery ${JSON.stringify(d)}; publish ${JSON.stringify(summary.latencyMs.publish)}`);
    assert.equal(summary.status, 'completed');
    // Sync sends one message per round trip: on a busy machine (another broker's suite beside this
    // one) far fewer than the 300 scheduled go out, and that is not what this test is about.
    assert.ok(p.sent >= scaled(target, mode === 'sync' ? 50 : 1000), `sent ${p.sent} after warm-up`);
    assert.equal(p.sent, p.acked + p.failed, 'sent = acked + failed');
    assert.equal(p.failed, 0);
    assert.ok(d, 'delivery is verified');
    assert.equal(d.duplicated, 0);
    if (target.unordered) t.diagnostic(`reordered ${d.reordered} (the broker keeps no checkable order)`);
    else if (!target.reordersOnRetry) assert.equal(d.reordered, 0);
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

function fanOutTest(target: ConformanceTarget): void {
  test(`${target.name} fan-out: each of 3 groups receives every acknowledged message`, { skip: target.skip, timeout: 90_000 }, async (t) => {
    await target.ready();
    const profile = profileOf({
      name: 'conf-fanout',
      driver: target.driver(),
      topics: [target.topic(target.topicName('conf-fanout'), { fanout: true })],
      message: { size: 200 },
      producers: { count: 1, mode: 'async', ...target.acks('async'), maxInFlight: 500 },
      consumers: { groups: 3, perGroup: 1, commit: 'after-process' },
      load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 400, duration: '3s' }] },
      verify: { graceMs: 8000 },
    });
    const { summary } = await runWithExtensions(profile);
    t.diagnostic(`produce ${JSON.stringify(summary.produce)}; delivery ${JSON.stringify(summary.delivery)}`);
    assert.equal(summary.produce.failed, 0);
    assert.equal(summary.delivery?.length, 3, 'one delivery verdict per group');
    for (const d of summary.delivery ?? []) {
      assert.equal(d.lost, 0, `group ${d.group} lost nothing`);
      assert.equal(d.duplicated, 0, `group ${d.group} got nothing twice`);
      assert.equal(d.unique, d.acked, `group ${d.group} got every acknowledged message`);
    }
    assert.equal(summary.consume.received, 3 * summary.produce.acked);
  });
}

function backlogTest(target: ConformanceTarget): void {
  const outcome = target.backlogKnown ? 'undelivered, not lost' : 'unverified (the backlog cannot be counted), not lost';
  test(`${target.name} backlog: what slow consumers leave queued at the end is ${outcome}`, { skip: target.skip || target.backlogSkip || false, timeout: 90_000 }, async (t) => {
    await target.ready();
    const profile = profileOf({
      name: 'conf-backlog',
      driver: target.driver(),
      topics: [target.topic(target.topicName('conf-backlog'))],
      message: { size: 200 },
      producers: { count: 1, mode: 'async', ...target.acks('async'), maxInFlight: 500 },
      // One consumer at 20 ms a message (about 50/s where messages are handled one by one) of 400/s:
      // hundreds of messages still queued when the run ends.
      consumers: { groups: 1, perGroup: 1, commit: 'after-process', processing: { delayMs: 20 } },
      load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: scaled(target, 400), duration: '3s' }] },
      verify: { graceMs: 1000 },
    });
    const { summary } = await runWithExtensions(profile);
    const d = summary.delivery?.[0];
    t.diagnostic(`produce ${JSON.stringify(summary.produce)}; delivery ${JSON.stringify(d)}`);
    assert.ok(d);
    assert.ok(d.acked >= scaled(target, 1000), `acked ${d.acked}`);
    if (!target.backlogKnown) {
      assert.equal(d.verdict, 'unverified', 'a backlog that cannot be counted is not called a loss');
      assert.ok(d.unique < d.acked, 'the slow consumer did leave a backlog');
      return;
    }
    assert.equal(d.lost, 0, 'nothing acknowledged is lost: the rest is still queued');
    assert.ok((d.undelivered ?? 0) >= 100, `undelivered ${d.undelivered} of ${d.acked}`);
    assert.equal(d.unique + (d.undelivered ?? 0), d.acked, 'every acknowledged message is received or still queued');
    assert.equal(d.verdict, target.unordered && d.reordered > 0 ? 'reordering' : 'backlog');
  });
}

const CRASH_OUTCOME: Record<CommitMode, string> = {
  'after-process': 'redelivered (replays of delivered positions), no loss, nothing written twice',
  'before-process': 'what it had acknowledged before handling is lost, and counted',
  auto: 'what it had taken is lost, and counted',
};

function crashTest(target: ConformanceTarget, commit: CommitMode): void {
  test(`${target.name} consumer crash, ${commit}: ${CRASH_OUTCOME[commit]}`, { skip: target.skip, timeout: 90_000 }, async (t) => {
    await target.ready();
    const profile = profileOf({
      name: 'conf-crash',
      driver: target.driver(target.crashConfig),
      topics: [target.topic(target.topicName('conf-crash'))],
      message: { size: 200, keys: 'round-robin' },
      producers: { count: 1, mode: 'async', ...target.acks('async'), maxInFlight: 200, batch: { maxRecords: 20, lingerMs: 5 } },
      // 2 consumers × 8 ms per message handle 250/s of 300/s: always busy, so a crash lands mid-batch.
      consumers: { groups: 1, perGroup: 2, commit, processing: { delayMs: 8 } },
      load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: scaled(target, 300), duration: '9s' }] },
      verify: { graceMs: 15_000 },
      thresholds: { lost_messages: ['count==0'] },
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
    t.diagnostic(`timeline: ${events.filter((e) => e.kind === 'phase' || e.kind === 'note').map((e) => `${e.t.toFixed(1)} s ${e.message}`).join(' | ')}`);
    assert.ok(d);
    assert.equal(messagesOf(events, 'consumer-crash').length, 3, 'every crash is in the events');
    assert.ok(d.acked > scaled(target, 2000), `acked ${d.acked}`);
    assert.equal(d.unique + d.lost + (d.undelivered ?? 0), d.acked, 'every acknowledged message is received, still queued or lost');
    assert.equal(d.duplicatedInLog ?? 0, 0, 'the producers wrote nothing twice');
    const lostThreshold = summary.thresholds.find((th) => th.metric === 'lost_messages');
    assert.equal(lostThreshold?.actual, d.lost, 'the lost_messages threshold counts the loss');
    assert.equal(lostThreshold?.ok, d.lost === 0, 'lost_messages count==0 passes exactly when nothing is lost');
    if (commit === 'after-process') {
      assert.equal(d.lost, 0, 'unacknowledged messages are redelivered');
      assert.ok(d.duplicated > 0, `duplicated ${d.duplicated}`);
      assert.equal(d.redelivered, d.duplicated, 'every duplicate is a replay of a position already delivered');
      assert.equal(d.verdict, 'redelivered');
    } else {
      assert.ok(d.lost > 0, `lost ${d.lost}: the crashed consumer had taken messages it never processed`);
      assert.equal(d.verdict, 'loss');
      if (commit === 'before-process' && !target.beforeProcessRedelivers) assert.equal(d.duplicated, 0, 'nothing comes twice');
      assert.equal(d.redelivered ?? 0, d.duplicated, 'whatever comes twice is a flagged replay');
    }
  });
}

function restartTest(target: ConformanceTarget): void {
  const restart = target.restart!;
  test(`${target.name} broker restart: nothing acknowledged lost, nothing written twice`, { skip: target.skip, timeout: 150_000 }, async (t) => {
    await target.ready();
    const topic = target.topicName('conf-restart');
    // A Kafka topic is kept for the read-back and deleted by `kafka.cleanup()`.
    if (restart.readBack) kafka.trackTopic(topic);
    try {
      const profile = profileOf({
        name: 'conf-restart',
        driver: target.driver(target.crashConfig),
        topics: [target.topic(topic, { deleteAfterRun: !restart.readBack })],
        message: { size: 200, keys: 'round-robin' },
        producers: { count: 2, mode: 'async', ...target.acks('async'), ...restart.producers, maxInFlight: 2000, batch: { maxRecords: 50, lingerMs: 5 } },
        consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
        // A restart of the local Kafka takes 10–20 s here: load long enough to send after it too.
        load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '30s' }] },
        verify: { graceMs: 30_000 },
        thresholds: { lost_messages: ['count==0'] },
        faults: [{ at: '3s', action: 'broker-restart', ...restart.fault }],
      });
      const { summary } = await runWithExtensions(profile);
      const f = summary.faults?.[0];
      const p = summary.produce;
      const d = summary.delivery?.[0];
      await target.ready();
      const log = restart.readBack ? await restart.readBack(topic, summary.runId) : null;
      t.diagnostic(`fault ${JSON.stringify(f)}; produce ${JSON.stringify(p)}; delivery ${JSON.stringify(d)}; log ${JSON.stringify(log)}`);
      assert.ok(f && f.error === undefined, `restart failed: ${f?.error}`);
      assert.ok(f.outageStartSec !== null, 'producers saw the outage');
      assert.ok(f.outageEndSec !== null, 'sends were acknowledged again after the restart');
      assert.equal(p.sent, p.acked + p.failed, 'sent = acked + failed');
      if (restart.sendsFailDuringOutage) assert.ok(p.failed > 0, 'sends during the restart failed, counted');
      assert.ok(d);
      assert.ok(d.acked >= 600, `acked ${d.acked} (3 s before the restart alone are 600)`);
      assert.equal(d.lost, 0, 'no acknowledged message lost');
      assert.equal(summary.thresholds.find((th) => th.metric === 'lost_messages')?.ok, true, 'lost_messages count==0 passes');
      assert.equal(d.duplicatedInLog ?? 0, 0, 'nothing written twice');
      assert.notEqual(d.verdict, 'duplicates');
      if (log) {
        assert.equal(log.writtenTwice, 0, 'the read-back finds no message written twice');
        assert.ok(log.unique >= d.acked, `the log holds every acknowledged message (${log.unique} of ${d.acked})`);
      }
    } finally {
      await target.ready();
    }
  });
}

/** The targets by broker (the first word of their name): one broker's targets share its broker and its restarts. */
function byBroker(targets: readonly ConformanceTarget[]): Map<string, ConformanceTarget[]> {
  const out = new Map<string, ConformanceTarget[]>();
  for (const t of targets) {
    const broker = t.name.split(' ')[0]!;
    out.set(broker, [...(out.get(broker) ?? []), t]);
  }
  return out;
}

// Brokers are independent of each other: their suites run two at a time, while the tests of one
// broker run one at a time. Broker restarts come last, one at a time across every broker: a
// restart's JVM start-up must not compete with another suite (nor hit another test of its broker).
const targets = conformanceTargets();
for (const target of targets) target.setup?.();
describe('conformance', { concurrency: 2 }, () => {
  for (const [broker, list] of byBroker(targets)) {
    describe(broker, { concurrency: 1 }, () => {
      for (const target of list) {
        for (const mode of MODES) modeTest(target, mode);
        fanOutTest(target);
        backlogTest(target);
        for (const commit of target.crashCommits) crashTest(target, commit);
      }
    });
  }
});
describe('conformance: broker restarts', { concurrency: 1 }, () => {
  for (const [broker, list] of byBroker(targets.filter((t) => t.restart))) {
    describe(broker, { concurrency: 1 }, () => {
      for (const target of list) restartTest(target);
    });
  }
});
