/**
 * The ActiveMQ Classic rule pack on seeded synthetic records (a Kafka-shaped synthetic record
 * re-labelled as ActiveMQ, with ActiveMQ collector samples planted per interval) at 0 %, 5 % and
 * 20 % noise: each rule fires on its planted signal, stays quiet on the healthy baseline, says
 * insufficient-data without the collector; the texts carry the computed numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticRecord, type SyntheticOptions } from '../helpers/synthetic-record.js';
import { contextOf } from '../../src/analyzer/analyze.js';
import { ACTIVEMQ_PACK } from '../../src/analyzer/rules/index.js';
import type { Rule, RuleResult } from '../../src/analyzer/types.js';
import type { Finding } from '../../src/analyzer/finding-types.js';
import type { Sample } from '../../src/record/format.js';
import type { RunRecord } from '../../src/record/reader.js';
import { activemqCapabilities } from '../../src/drivers/activemq/driver.js';
import { ACTIVEMQ_SAMPLE_NAMES as N } from '../../src/collectors/activemq/names.js';

const NOISE = [0, 0.05, 0.2];
const SEEDS = [1, 7, 42];
const QUEUE = 'Consumer.mqload-g0.VirtualTopic.orders';

/** The planted ActiveMQ signals (seconds into the record's timeline). */
interface Plant {
  collector?: boolean;
  memoryPercent?: number;
  storePercent?: number;
  depthBase?: number;
  depthSlopePerSec?: number;
  /** Messages each consumer holds; default 2. */
  inFlightPerConsumer?: number;
  consumers?: number;
  dequeuePerSec?: number;
  prefetch?: number;
}

function record(plant: Plant, seed: number, noise: number): RunRecord {
  const base = syntheticRecord({ seed, noise, broker: { kind: 'activemq', capabilities: activemqCapabilities() } } as SyntheticOptions);
  const profile = plant.prefetch !== undefined ? { ...base.profile!, driver: { ...base.profile!.driver, config: { prefetch: plant.prefetch } } } : base.profile;
  const samples: Sample[] = base.samples.filter((s) => s.source !== 'lag' && s.source !== 'jmx');
  if (plant.collector !== false) {
    let r = seed;
    const jitter = () => 1 + noise * (((r = (r * 16807) % 2147483647) / 2147483647) - 0.5);
    const consumers = plant.consumers ?? 4;
    for (const e of base.timeline) {
      const t = e.t - 0.5;
      const add = (values: Record<string, number>, labels?: Record<string, string>) => samples.push({ t, ts: e.ts - 500, source: 'activemq', instance: 'http://127.0.0.1:8162/jolokia', ...(labels ? { labels } : {}), values });
      add({ [N.broker.memoryPercent]: Math.min(100, Math.round((plant.memoryPercent ?? 10) * jitter())), [N.broker.storePercent]: Math.min(100, Math.round((plant.storePercent ?? 1) * jitter())), [N.broker.tempPercent]: 0, [N.broker.memoryLimit]: 67108864, [N.broker.storeLimit]: 2 ** 30 });
      const depth = Math.max(0, Math.round((plant.depthBase ?? 0) + (plant.depthSlopePerSec ?? 0) * e.t));
      const inFlight = Math.min(depth, consumers * (plant.inFlightPerConsumer ?? 2));
      add({ [N.queue.depth]: Math.max(depth, inFlight), [N.queue.inFlight]: inFlight, [N.queue.consumers]: consumers, [N.queue.dequeueRate]: (plant.dequeuePerSec ?? 1000) * jitter() }, { queue: QUEUE });
      add({ [N.queue.depth]: 50000 + 100 * e.t, [N.queue.consumers]: 0 }, { queue: 'billing' });
    }
  }
  return { ...base, profile, samples };
}

const CASES: Record<string, { fires: Array<{ plant: Plant; id: string }> }> = {
  'activemq-usage-limits': {
    fires: [
      { plant: { memoryPercent: 100 }, id: 'activemq-usage-high' },
      { plant: { storePercent: 80 }, id: 'activemq-usage-high' },
    ],
  },
  'activemq-queue-growing': { fires: [{ plant: { depthSlopePerSec: 50, dequeuePerSec: 400 }, id: 'activemq-consumers-limit' }] },
  'activemq-prefetch': { fires: [{ plant: { prefetch: 10, depthBase: 500, inFlightPerConsumer: 10, dequeuePerSec: 400 }, id: 'activemq-consumers-at-prefetch' }] },
};

function evaluate(rule: Rule, plant: Plant, seed = 1, noise = 0): RuleResult {
  return rule.evaluate(contextOf(record(plant, seed, noise)));
}
const findings = (r: RuleResult): Finding[] => (r.status === 'issue' ? r.findings : []);

test('every ActiveMQ rule has a test case', () => {
  assert.deepEqual(ACTIVEMQ_PACK.rules.map((r) => r.id).sort(), Object.keys(CASES).sort());
});

for (const rule of ACTIVEMQ_PACK.rules) {
  const c = CASES[rule.id]!;
  for (const noise of NOISE) {
    for (const seed of SEEDS) {
      test(`${rule.id}: quiet on the healthy baseline, fires on its signal (noise ${noise}, seed ${seed})`, () => {
        const healthy = evaluate(rule, {}, seed, noise);
        assert.equal(healthy.status, 'ok', JSON.stringify(healthy).slice(0, 400));
        for (const f of c.fires) {
          const r = evaluate(rule, f.plant, seed, noise);
          assert.ok(findings(r).some((x) => x.id === f.id), `expected ${f.id}, got ${JSON.stringify(r).slice(0, 400)}`);
          for (const x of findings(r)) {
            assert.ok(x.evidence.length > 0 && x.evidence.every((e) => Number.isFinite(e.value)), 'finite evidence');
            assert.ok(!/NaN|undefined|Infinity|\[object/.test(x.title + x.recommendation), `clean text: ${x.title} / ${x.recommendation}`);
          }
        }
      });
    }
  }
  test(`${rule.id}: insufficient-data without the ActiveMQ collector`, () => {
    assert.equal(evaluate(rule, { ...c.fires[0]!.plant, collector: false }).status, 'insufficient-data');
  });
}

const rule = (id: string): Rule => ACTIVEMQ_PACK.rules.find((r) => r.id === id)!;

test('usage limits: memory at 100 % is critical (flow control), store at 80 % a warning', () => {
  const full = findings(evaluate(rule('activemq-usage-limits'), { memoryPercent: 100 }))[0]!;
  assert.equal(full.severity, 'critical');
  assert.match(full.title, /memory usage reached its limit \(peak 100 % of 64(\.0)? MiB\): producer flow control/);
  const store = findings(evaluate(rule('activemq-usage-limits'), { storePercent: 80 }))[0]!;
  assert.equal(store.severity, 'warning');
  assert.match(store.recommendation, /persistent sends block/);
});

test('queue growing: the run\'s queue only, consumers needed = ⌈target ÷ per-consumer dequeue rate⌉', () => {
  const fs = findings(evaluate(rule('activemq-queue-growing'), { depthSlopePerSec: 50, dequeuePerSec: 400 }));
  assert.deepEqual(fs.map((f) => f.title.match(/`([^`]+)`/)?.[1]), [QUEUE], 'another client\'s growing queue is not judged');
  assert.match(fs[0]!.recommendation, /run at least 10 consumers on `Consumer\.mqload-g0\.VirtualTopic\.orders` \(consumers\.perGroup, now 4\)/);
});

test('prefetch: in flight at consumers × prefetch while messages wait', () => {
  const f = findings(evaluate(rule('activemq-prefetch'), { prefetch: 10, depthBase: 500, inFlightPerConsumer: 10, dequeuePerSec: 400 }))[0]!;
  assert.match(f.title, /40 in flight of 4 × 10/);
});
