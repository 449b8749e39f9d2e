/**
 * The RabbitMQ rule pack on seeded synthetic RabbitMQ records (synthetic-rabbitmq.ts) at 0 %, 5 %
 * and 20 % noise: each rule fires on its planted signal, stays quiet on the healthy baseline, and
 * says insufficient-data without the collector it needs. Then the core rules and texts on a
 * RabbitMQ record: healthy says so without Kafka words, and core texts take RabbitMQ's advice.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticRecord, type SyntheticOptions } from '../helpers/synthetic-record.js';
import type { RabbitPlant } from '../helpers/synthetic-rabbitmq.js';
import { analyze, contextOf } from '../../src/analyzer/analyze.js';
import { RABBITMQ_PACK } from '../../src/analyzer/rules/index.js';
import type { Rule, RuleResult } from '../../src/analyzer/types.js';
import type { Finding } from '../../src/analyzer/finding-types.js';

const NOISE = [0, 0.05, 0.2];
const SEEDS = [1, 7, 42];

/** Options of a RabbitMQ record: `plant` merged into the RabbitMQ knobs. */
function rabbit(plant: RabbitPlant = {}, rest: SyntheticOptions = {}): SyntheticOptions {
  return { ...rest, rabbitmq: { ...rest.rabbitmq, ...plant } };
}

interface Case {
  fires: Array<{ opts: SyntheticOptions; id: string }>;
  healthy?: SyntheticOptions;
  /** Options that remove what the rule needs. */
  missing: SyntheticOptions;
}

const NO_COLLECTORS: RabbitPlant = { management: false, prometheus: false };

const CASES: Record<string, Case> = {
  'rabbitmq-alarms': {
    fires: [
      { opts: rabbit({ memAlarmFrom: 10 }), id: 'rabbitmq-memory-alarm' },
      { opts: rabbit({ diskAlarmFrom: 20 }), id: 'rabbitmq-disk-alarm' },
    ],
    missing: rabbit(NO_COLLECTORS),
  },
  'rabbitmq-flow-control': {
    fires: [
      { opts: rabbit({ connectionsFlow: 2 }), id: 'rabbitmq-flow-control' },
      { opts: rabbit({ connectionsFlow: 2, channelsFlow: 2, queueInFlow: true }, { achievedShare: 0.7 }), id: 'rabbitmq-flow-control' },
    ],
    missing: rabbit({ management: false }),
  },
  'rabbitmq-queue-growing': {
    fires: [{ opts: rabbit({ readySlopePerSec: 50, consumerCapacity: 0.3, ackPerSec: 400 }), id: 'rabbitmq-consumers-limit' }],
    missing: rabbit(NO_COLLECTORS),
  },
  'rabbitmq-prefetch': {
    fires: [{ opts: rabbit({ prefetch: 10, unacked: 'at-prefetch', readyBase: 100 }), id: 'rabbitmq-unacked-at-prefetch' }],
    missing: rabbit(NO_COLLECTORS),
  },
  'rabbitmq-hot-queue': {
    fires: [{ opts: rabbit({}, { collectors: { brokerProcess: true }, brokerProcessCpuPercent: 110 }), id: 'rabbitmq-hot-queue' }],
    healthy: { collectors: { brokerProcess: true }, brokerProcessCpuPercent: 40 },
    missing: rabbit({}, { collectors: { brokerProcess: false } }),
  },
  'rabbitmq-confirm-latency': {
    fires: [
      { opts: rabbit({ queueType: 'quorum' }, { publishLatencyMs: 300 }), id: 'rabbitmq-confirm-latency' },
      { opts: rabbit({ durable: true, persistent: true }, { publishLatencyMs: 300 }), id: 'rabbitmq-confirm-latency' },
    ],
    missing: rabbit({}, { mode: 'oneway' }),
  },
  'rabbitmq-redeliveries': {
    fires: [{ opts: rabbit({ redeliverPerSec: 50 }), id: 'rabbitmq-redeliveries' }],
    missing: rabbit(NO_COLLECTORS),
  },
  'rabbitmq-dropped': {
    fires: [
      { opts: rabbit({ maxlenDroppedPerSec: 10, queueArguments: { 'x-max-length': 1000 } }), id: 'rabbitmq-messages-dropped' },
      { opts: rabbit({ unroutableDroppedPerSec: 5 }), id: 'rabbitmq-messages-dropped' },
    ],
    missing: rabbit({ prometheus: false }),
  },
};

function evaluate(rule: Rule, opts: SyntheticOptions): RuleResult {
  return rule.evaluate(contextOf(syntheticRecord(opts)));
}

function findings(r: RuleResult): Finding[] {
  return r.status === 'issue' ? r.findings : [];
}

test('every RabbitMQ rule has a test case', () => {
  assert.deepEqual(RABBITMQ_PACK.rules.map((r) => r.id).sort(), Object.keys(CASES).sort());
});

for (const rule of RABBITMQ_PACK.rules) {
  const c = CASES[rule.id]!;
  for (const noise of NOISE) {
    for (const seed of SEEDS) {
      test(`${rule.id}: quiet on the healthy RabbitMQ baseline (noise ${noise}, seed ${seed})`, () => {
        const r = evaluate(rule, rabbit({}, { seed, noise, ...c.healthy }));
        assert.equal(r.status, 'ok', `expected ok, got ${JSON.stringify(r).slice(0, 400)}`);
      });
      c.fires.forEach((f, i) => {
        test(`${rule.id}: fires ${f.id} (case ${i}, noise ${noise}, seed ${seed})`, () => {
          const r = evaluate(rule, { seed, noise, ...f.opts });
          assert.ok(findings(r).some((x) => x.id === f.id), `expected ${f.id}, got ${JSON.stringify(r).slice(0, 400)}`);
          for (const x of findings(r)) {
            assert.ok(x.evidence.length > 0 && x.evidence.every((e) => Number.isFinite(e.value)), 'finite evidence');
            assert.ok(!/NaN|undefined|Infinity|\[object/.test(x.title + x.recommendation), `clean text: ${x.title} / ${x.recommendation}`);
          }
        });
      });
    }
  }
  test(`${rule.id}: insufficient-data without what it needs`, () => {
    const r = evaluate(rule, { ...c.fires[0]!.opts, ...c.missing });
    assert.equal(r.status, 'insufficient-data', JSON.stringify(r).slice(0, 300));
  });
}

const rule = (id: string): Rule => RABBITMQ_PACK.rules.find((r) => r.id === id)!;
const first = (r: RuleResult): Finding => findings(r)[0]!;

test('memory alarm: critical, with the watermark that gives the peak headroom', () => {
  // Peak 1.05 × 4 GiB ÷ 0.8 → 5.25 GiB: of the 32 GiB node 0.17, raised to the recommended 0.4;
  // of an 8 GiB node (0.66) as computed; without node_exporter, of the 16 GiB local host (0.33 → 0.4).
  const f = first(evaluate(rule('rabbitmq-alarms'), rabbit({ memAlarmFrom: 10 })));
  assert.equal(f.severity, 'critical');
  assert.match(f.recommendation, /vm_memory_high_watermark\.relative to 0\.40 \(a 5\.25 GiB limit of 32 GiB RAM/);
  const remote = first(evaluate(rule('rabbitmq-alarms'), rabbit({ memAlarmFrom: 10 }, { collectors: { node: false } })));
  assert.match(remote.recommendation, /relative to 0\.40 \(a 5\.25 GiB limit of 16 GiB RAM/);
  assert.match(f.recommendation, /publisher/);
});

test('queue growing: consumers needed = ⌈target ÷ per-consumer ack rate⌉', () => {
  // 400 msg/s acked by 4 consumers → 100 msg/s each; 1000 msg/s target → 10 consumers.
  const f = first(evaluate(rule('rabbitmq-queue-growing'), rabbit({ readySlopePerSec: 50, consumerCapacity: 0.3, ackPerSec: 400 })));
  assert.match(f.recommendation, /run at least 10 consumers on `orders\.mqload-g0` \(consumers\.perGroup, now 4\)/);
  assert.match(f.recommendation, /⌈1,?000 ÷ 100⌉/);
});

test('queue growing is quiet while consumer capacity is full, and on other clients\' queues', () => {
  assert.equal(evaluate(rule('rabbitmq-queue-growing'), rabbit({ readySlopePerSec: 50, consumerCapacity: 1 })).status, 'ok');
  assert.equal(evaluate(rule('rabbitmq-queue-growing'), rabbit({ otherQueues: [{ name: 'billing', ratePerSec: 9000 }] })).status, 'ok');
});

test('prefetch: processing-bound consumers get a consumer count, others a larger prefetch', () => {
  const slow = first(evaluate(rule('rabbitmq-prefetch'), rabbit({ prefetch: 2, unacked: 'at-prefetch', readyBase: 100, ackPerSec: 760 }, { consumers: { groups: 1, perGroup: 4, delayMs: 5 } })));
  assert.match(slow.recommendation, /processing ceiling.*run at least 6 consumers/);
  const rtt = first(evaluate(rule('rabbitmq-prefetch'), rabbit({ prefetch: 2, unacked: 'at-prefetch', readyBase: 100, ackPerSec: 400 }, { publishLatencyMs: 20 })));
  assert.match(rtt.recommendation, /Raise driver\.config\.prefetch from 2 to \d+/);
});

test('confirm latency: Little\'s law gives the confirms in flight; transient classic queues are not judged', () => {
  const f = first(evaluate(rule('rabbitmq-confirm-latency'), rabbit({ queueType: 'quorum' }, { publishLatencyMs: 300, producers: 4 })));
  // p99 900 ms × 1000 msg/s = 900 in flight, 225 per producer.
  assert.match(f.recommendation, /at least 900 confirms in flight/);
  assert.match(f.recommendation, /≥ 225 for each of 4 producers/);
  assert.match(f.recommendation, /losing the queued messages/);
  assert.equal(evaluate(rule('rabbitmq-confirm-latency'), rabbit({ persistent: false }, { publishLatencyMs: 300 })).status, 'ok');
});

test('hot queue: quiet when the run spreads over several queues; queues needed from the hot queue\'s rate', () => {
  const cpu = { collectors: { brokerProcess: true }, brokerProcessCpuPercent: 110, targetRate: 3000 };
  const f = first(evaluate(rule('rabbitmq-hot-queue'), rabbit({ ackPerSec: 1000 }, cpu)));
  assert.match(f.recommendation, /at least 3 queues/);
  assert.equal(evaluate(rule('rabbitmq-hot-queue'), rabbit({ extraRunQueues: [{ group: 'g1', ratePerSec: 3000 }, { group: 'g2', ratePerSec: 3000 }] }, cpu)).status, 'ok');
});

test('redeliveries: critical from 100 msg/s, and the verification count is quoted', () => {
  const delivery = [{ group: 'mqload-g0', sent: 100, acked: 100, received: 140, unique: 100, lost: 0, lostUnacked: 0, duplicated: 40, redelivered: 40, reordered: 0, verdict: 'ok' as const }];
  const f = first(evaluate(rule('rabbitmq-redeliveries'), rabbit({ redeliverPerSec: 150 }, { delivery })));
  assert.equal(f.severity, 'critical');
  assert.match(f.recommendation, /Delivery verification counted 40 messages/);
});

/** Every text of a findings file, for word checks. */
const allText = (f: ReturnType<typeof analyze>): string => [f.headline, ...f.findings.flatMap((x) => [x.title, x.recommendation])].join('\n');
const KAFKA_WORDS = /partition|JMX|acks=all|min\.insync|linger|kafkajs|log\.dirs|num\.io\.threads/i;

test('a healthy RabbitMQ run: verdict healthy, RabbitMQ headroom, no Kafka words', () => {
  const file = analyze(syntheticRecord(rabbit({}, { collectors: { jmx: false } })));
  assert.equal(file.verdict, 'healthy', allText(file));
  assert.match(file.headline, /RabbitMQ memory 30 % of its limit/);
  assert.doesNotMatch(allText(file), KAFKA_WORDS);
  assert.equal(file.scaling?.partitionsNeeded, undefined);
  assert.ok(!file.insufficient.some((i) => /tiny|partition|request-handler/.test(i.rule)), 'no Kafka rule ran');
});

test('core rules on a RabbitMQ record take RabbitMQ advice', () => {
  const loss = [{ group: 'mqload-g0', sent: 100, acked: 100, received: 90, unique: 90, lost: 10, lostUnacked: 0, duplicated: 0, reordered: 0, verdict: 'loss' as const }];
  const file = analyze(syntheticRecord(rabbit({}, { delivery: loss, achievedShare: 0.7, collectors: { node: false }, lagSlopePerSec: 100 })));
  const text = allText(file);
  assert.match(file.findings.find((x) => x.id === 'delivery-loss')!.recommendation, /publisher confirms.*durable queues.*quorum queues/);
  assert.match(file.findings.find((x) => x.id === 'rate-not-met')!.recommendation, /RabbitMQ management and Prometheus collectors/);
  assert.match(file.findings.find((x) => x.id === 'consumer-lag-growing')!.recommendation, /run at least \d+ consumers/i);
  assert.doesNotMatch(text, KAFKA_WORDS);
});

test('a Kafka record keeps the Kafka advice', () => {
  const loss = [{ group: 'mqload-g0', sent: 100, acked: 100, received: 90, unique: 90, lost: 10, lostUnacked: 0, duplicated: 0, reordered: 0, verdict: 'loss' as const }];
  const file = analyze(syntheticRecord({ delivery: loss }));
  assert.match(file.findings.find((x) => x.id === 'delivery-loss')!.recommendation, /acks=all/);
});
