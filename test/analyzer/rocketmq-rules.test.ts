/**
 * The RocketMQ rule pack on seeded synthetic records (a Kafka-shaped synthetic record re-labelled
 * as RocketMQ, with RocketMQ exporter samples and broker-busy send failures planted per
 * interval) at 0 %, 5 % and 20 % noise: each rule fires on its planted signal, stays quiet on
 * the healthy baseline, says insufficient-data without the collector; the texts carry the
 * computed numbers. Also: the core JVM rules judge the broker JVM, not the name server's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticRecord, type SyntheticOptions } from '../helpers/synthetic-record.js';
import { contextOf } from '../../src/analyzer/analyze.js';
import { ROCKETMQ_PACK } from '../../src/analyzer/rules/index.js';
import { jvmHeap } from '../../src/analyzer/rules/core/jvm-heap.js';
import { isBusyFailure, busyStage } from '../../src/analyzer/rules/rocketmq/flow-control.js';
import type { Rule, RuleResult } from '../../src/analyzer/types.js';
import type { Finding } from '../../src/analyzer/finding-types.js';
import type { Sample } from '../../src/record/format.js';
import type { RunRecord } from '../../src/record/reader.js';
import type { Profile } from '../../src/profile/schema.js';
import { rocketmqCapabilities } from '../../src/drivers/rocketmq/driver.js';
import { ROCKETMQ_SAMPLE_NAMES as N } from '../../src/collectors/rocketmq/prometheus.js';
import { SAMPLE_NAMES } from '../../src/record/sample-names.js';

const NOISE = [0, 0.05, 0.2];
const SEEDS = [1, 7, 42];
const GROUP = 'mqload-g0';
const BUSY_TEXT = '[response-code=42900] [TIMEOUT_CLEAN_QUEUE]broker busy, start flow control for a while, period in queue: Nms, size of queue: N';

/** The planted RocketMQ signals (seconds are seconds of the record's timeline). */
interface Plant {
  collector?: boolean;
  /** The broker's flushDiskType as the collector read it (default ASYNC_FLUSH); null: not read. */
  syncFlush?: boolean | null;
  syncReplication?: boolean;
  /** Lag of the run's group: base and trend (msg/s); `busy`: most of it inflight. */
  lagBase?: number;
  lagSlopePerSec?: number;
  busy?: boolean;
  /** Message queues of the topic (topics[].queues; default: the driver's 4). */
  queues?: number;
  /** Sends refused as broker busy per interval, and other failures per interval. */
  busyPerSec?: number;
  otherFailuresPerSec?: number;
  publishLatencyMs?: number;
  acks?: 'all' | 1;
  /** Achieved ÷ target rate (default 1: 1000 msg/s). */
  achievedShare?: number;
}

function record(plant: Plant, seed: number, noise: number): RunRecord {
  const base = syntheticRecord({ seed, noise, publishLatencyMs: plant.publishLatencyMs, achievedShare: plant.achievedShare, failedPerSec: plant.otherFailuresPerSec, broker: { kind: 'rocketmq', capabilities: rocketmqCapabilities() } } as SyntheticOptions);
  const p = base.profile!;
  const profile: Profile = {
    ...p,
    driver: { type: 'rocketmq', brokers: ['127.0.0.1:8081'] },
    topics: [{ name: p.topics[0]!.name, ...(plant.queues !== undefined ? { queues: plant.queues } : {}) } as unknown as Profile['topics'][number]],
    producers: { ...p.producers, ...(plant.acks !== undefined ? { acks: plant.acks } : {}) },
  };
  const topic = profile.topics[0]!.name;
  const timeline = base.timeline.map((e) => (plant.busyPerSec && e.phase === 'load' ? { ...e, produce: { ...e.produce, failed: e.produce.failed + plant.busyPerSec, sent: e.produce.sent + plant.busyPerSec }, errors: { ...(e.errors ?? {}), [BUSY_TEXT]: plant.busyPerSec } } : e));
  const samples: Sample[] = base.samples.filter((s) => s.source !== 'lag' && s.source !== 'jmx');
  if (plant.collector !== false) {
    let r = seed;
    const jitter = () => 1 + noise * ((r = (r * 16807) % 2147483647) / 2147483647 - 0.5);
    for (const e of timeline) {
      const t = e.t - 0.5;
      const add = (values: Record<string, number>, labels?: Record<string, string>) => samples.push({ t, ts: e.ts - 500, source: 'rocketmq', instance: 'http://127.0.0.1:5557/metrics', ...(labels ? { labels } : {}), values });
      const flags: Record<string, number> = plant.syncFlush === null ? {} : { [N.broker.syncFlush]: plant.syncFlush ? 1 : 0, [N.broker.syncReplication]: plant.syncReplication ? 1 : 0 };
      add({ ...flags, [N.broker.putPerSec]: 1000 * jitter(), [N.broker.sendQueueWatermark]: plant.busyPerSec ? 900 : 0 });
      const lag = Math.max(0, Math.round(((plant.lagBase ?? 0) + (plant.lagSlopePerSec ?? 0) * e.t) * jitter()));
      const inflight = plant.busy ? Math.round(lag * 0.8) : Math.min(lag, 8);
      add({ [N.group.lagMessages]: lag, [N.group.readyMessages]: lag - inflight, [N.group.inflightMessages]: inflight }, { group: GROUP, topic });
      add({ [N.group.lagMessages]: 50000 + 100 * e.t, [N.group.readyMessages]: 50000 + 100 * e.t, [N.group.inflightMessages]: 0 }, { group: 'someone-else', topic: 'billing' });
    }
  }
  return { ...base, profile, timeline, samples };
}

const CASES: Record<string, { fires: Array<{ plant: Plant; id: string }> }> = {
  'rocketmq-flow-control': { fires: [{ plant: { busyPerSec: 20 }, id: 'rocketmq-flow-control' }] },
  'rocketmq-consumer-lag': {
    fires: [
      { plant: { lagSlopePerSec: 50 }, id: 'rocketmq-consumers-limit' },
      { plant: { lagSlopePerSec: 50, busy: true }, id: 'rocketmq-consumers-limit' },
    ],
  },
  'rocketmq-flush-mode': {
    fires: [
      { plant: { syncFlush: true, publishLatencyMs: 40 }, id: 'rocketmq-sync-flush-latency' },
      { plant: { acks: 'all' }, id: 'rocketmq-async-flush-window' },
    ],
  },
};

function evaluate(rule: Rule, plant: Plant, seed = 1, noise = 0): RuleResult {
  return rule.evaluate(contextOf(record(plant, seed, noise)));
}
const findings = (r: RuleResult): Finding[] => (r.status === 'issue' ? r.findings : []);
const rule = (id: string): Rule => ROCKETMQ_PACK.rules.find((r) => r.id === id)!;

test('every RocketMQ rule has a test case', () => {
  assert.deepEqual(ROCKETMQ_PACK.rules.map((r) => r.id).sort(), Object.keys(CASES).sort());
});

for (const r of ROCKETMQ_PACK.rules) {
  const c = CASES[r.id]!;
  for (const noise of NOISE) {
    for (const seed of SEEDS) {
      test(`${r.id}: quiet on the healthy baseline, fires on its signal (noise ${noise}, seed ${seed})`, () => {
        const healthy = evaluate(r, {}, seed, noise);
        assert.equal(healthy.status, 'ok', JSON.stringify(healthy).slice(0, 400));
        for (const f of c.fires) {
          const got = evaluate(r, f.plant, seed, noise);
          assert.ok(findings(got).some((x) => x.id === f.id), `expected ${f.id}, got ${JSON.stringify(got).slice(0, 400)}`);
          for (const x of findings(got)) {
            assert.ok(x.evidence.length > 0 && x.evidence.every((e) => Number.isFinite(e.value)), 'finite evidence');
            assert.ok(!/NaN|undefined|Infinity|\[object/.test(x.title + x.recommendation), `clean text: ${x.title} / ${x.recommendation}`);
          }
        }
      });
    }
  }
}

test('insufficient-data without the RocketMQ collector (lag, flush mode) and without the flush mode read', () => {
  assert.equal(evaluate(rule('rocketmq-consumer-lag'), { lagSlopePerSec: 50, collector: false }).status, 'insufficient-data');
  assert.equal(evaluate(rule('rocketmq-flush-mode'), { syncFlush: true, publishLatencyMs: 40, collector: false }).status, 'insufficient-data');
  assert.equal(evaluate(rule('rocketmq-flush-mode'), { syncFlush: null, publishLatencyMs: 40 }).status, 'insufficient-data');
});

test('flow control: busy refusals only (other failures stay with producer-errors), stage and retries in the text', () => {
  assert.equal(evaluate(rule('rocketmq-flow-control'), { otherFailuresPerSec: 20 }).status, 'ok', 'timeouts are not flow control');
  const f = findings(evaluate(rule('rocketmq-flow-control'), { busyPerSec: 20, otherFailuresPerSec: 5 }))[0]!;
  assert.match(f.title, /refused 1,\d{3} sends as busy/);
  assert.match(f.recommendation, /waitTimeMillsInSendQueue \(200 ms; \[TIMEOUT_CLEAN_QUEUE\]\)/);
  assert.match(f.recommendation, /maxAttempts = 3 attempts/);
  assert.match(f.recommendation, /send queue peaked at 900 requests/);
  assert.equal(f.severity, 'critical', '20 of ~1000 msg/s is 2 % of sends');
  for (const text of ['[request-id=x, response-code=42900] too many requests', 'CODE: 2 DESC: [PCBUSY_CLEAN_QUEUE]broker busy', 'SYSTEM_BUSY', '[TIMEOUT]clean expired']) assert.ok(isBusyFailure(text), text);
  for (const text of ['Request timed out', 'topic not found, code 17', 'wait 4290 ms']) assert.ok(!isBusyFailure(text), text);
  assert.equal(busyStage('[PC_SYNCHRONIZED]broker busy'), 'page-cache-lock');
  assert.equal(busyStage('[TIMEOUT]clean expired'), 'send-queue-wait');
});

test('consumer lag: the run\'s group only; ready vs inflight; more queues when the consumers needed exceed them', () => {
  const fs = findings(evaluate(rule('rocketmq-consumer-lag'), { lagSlopePerSec: 50 }));
  assert.deepEqual(fs.map((f) => f.title.match(/`([^`]+)`/)?.[1]), [GROUP], 'another group on another topic is not judged');
  assert.match(fs[0]!.recommendation, /Most of the lag is ready/);
  const busy = findings(evaluate(rule('rocketmq-consumer-lag'), { lagSlopePerSec: 50, busy: true }))[0]!;
  assert.match(busy.recommendation, /Most of the lag is inflight/);
  assert.match(fs[0]!.title, /falls behind on `orders`/);
  // 4 consumers at 1,000 msg/s in all: 250 msg/s each, so 4 suffice for the 1,000 msg/s target.
  assert.match(fs[0]!.recommendation, /The 4 consumers suffice for 1,000 msg\/s/);
  // At half the target each consumer does 125 msg/s: 8 are needed, on a topic of 2 queues.
  const capped = findings(evaluate(rule('rocketmq-consumer-lag'), { lagSlopePerSec: 50, queues: 2, achievedShare: 0.5 }))[0]!;
  assert.match(capped.recommendation, /needs 8 consumers \(now 4\)/);
  assert.match(capped.recommendation, /more than the 2 queues of `orders`/);
  assert.match(capped.recommendation, /mqadmin updateTopic -t orders -r 8 -w 8/);
  const room = findings(evaluate(rule('rocketmq-consumer-lag'), { lagSlopePerSec: 50, queues: 16, achievedShare: 0.5 }))[0]!;
  assert.match(room.recommendation, /run at least 8 consumers \(now 4\).*the 16 queues of `orders` allow that many/);
});

test('flush mode: SYNC_FLUSH with slow receipts suggests ASYNC_FLUSH with replication; ASYNC_FLUSH quiet unless durability comes first', () => {
  const sync = findings(evaluate(rule('rocketmq-flush-mode'), { syncFlush: true, publishLatencyMs: 40 }))[0]!;
  assert.match(sync.title, /Publish p99 120 ms on a SYNC_FLUSH broker/);
  assert.match(sync.recommendation, /brokerRole=SYNC_MASTER/);
  assert.match(sync.recommendation, /≈ 500 messages at the achieved 1,000 msg\/s/);
  assert.equal(evaluate(rule('rocketmq-flush-mode'), { syncFlush: true }).status, 'ok', 'fast receipts on SYNC_FLUSH are fine');
  assert.equal(evaluate(rule('rocketmq-flush-mode'), { acks: 1 }).status, 'ok');
  const loss = findings(evaluate(rule('rocketmq-flush-mode'), { acks: 'all' }))[0]!;
  assert.equal(loss.severity, 'info');
  assert.match(loss.title, /last 500 ms of acknowledged messages \(≈ 500 at the achieved rate\)/);
  const replicated = findings(evaluate(rule('rocketmq-flush-mode'), { acks: 'all', syncReplication: true }))[0]!;
  assert.match(replicated.recommendation, /synchronous slave/);
});

test('JVM rules judge the broker JVM and leave the name server JVM out', () => {
  const base = record({}, 1, 0);
  const GIB = 1024 ** 3;
  const jvm = (role: string, port: number, oldGen: number): Sample[] =>
    base.timeline.map((e) => ({ t: e.t - 0.5, ts: e.ts - 500, source: 'jolokia', instance: `http://127.0.0.1:${port}/jolokia`, labels: { jvm: role }, values: { [SAMPLE_NAMES.jvm.oldGenAfterGc]: oldGen, [SAMPLE_NAMES.jvm.heapMax]: GIB } }));
  const full = (namesrvOld: number, brokerOld: number): RunRecord => ({ ...base, samples: [...base.samples, ...jvm('namesrv', 8780, namesrvOld), ...jvm('broker', 8779, brokerOld)] });
  assert.equal(jvmHeap.evaluate(contextOf(full(0.95 * GIB, 0.2 * GIB))).status, 'ok', 'a full name server heap is not the broker\'s');
  const r = jvmHeap.evaluate(contextOf(full(0.2 * GIB, 0.95 * GIB)));
  assert.equal(findings(r).length, 1);
  assert.match(findings(r)[0]!.title, /127\.0\.0\.1:8779/);
  assert.match(findings(r)[0]!.recommendation, /MaxDirectMemorySize/, 'RocketMQ\'s heap sizing hint');
});
