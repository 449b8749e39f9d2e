/**
 * Every analyzer rule on seeded synthetic run records at 0 %, 5 % and 20 % noise (three seeds
 * each): it fires when its signal is pushed past the threshold, stays quiet on the healthy
 * baseline, and returns insufficient-data on a too-short record or without the collector it needs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticRecord, type SyntheticOptions } from '../helpers/synthetic-record.js';
import { contextOf, runRules } from '../../src/analyzer/analyze.js';
import { CORE_PACK, KAFKA_PACK, RULES as ALL_RULES } from '../../src/analyzer/rules/index.js';
import type { Rule, RuleResult } from '../../src/analyzer/types.js';
import { estimateScaling } from '../../src/analyzer/scaling.js';
import { LEGACY_KAFKA_CAPABILITIES } from '../../src/record/migrate.js';

/** The rules judged on the default (Kafka) synthetic record: the core and Kafka packs; every other pack has its own cases (`<kind>-rules.test.ts`). */
const RULES = ALL_RULES.filter((r) => CORE_PACK.rules.includes(r) || KAFKA_PACK.rules.includes(r));

const NOISE = [0, 0.05, 0.2];
const SEEDS = [1, 7, 42];

const OK_DELIVERY = [{ group: 'mqload-g0', sent: 100, acked: 100, received: 100, unique: 100, lost: 0, lostUnacked: 0, duplicated: 0, reordered: 0, verdict: 'ok' as const }];

interface Case {
  /** Knobs that must make the rule fire, and the finding id expected. */
  fires: Array<{ opts: SyntheticOptions; id: string }>;
  /** Extra options for the healthy baseline (default none). */
  healthy?: SyntheticOptions;
  /** Options that remove what the rule needs; null when the rule reads only the timeline. */
  missing: SyntheticOptions | null;
  /** The rule judges the profile or summary, not the window: it still runs on short records. */
  noWindow?: boolean;
}

const CASES: Record<string, Case> = {
  'generator-host-cpu': { fires: [{ opts: { hostCpuPercent: 130, processCpuPercent: 360 }, id: 'generator-host-cpu' }], missing: { collectors: { host: false } } },
  'generator-process-cpu': {
    fires: [{ opts: { maxCorePercent: 130, hostCpuPercent: 40, processCpuPercent: 130 }, id: 'generator-process-cpu' }],
    missing: { collectors: { process: false } },
  },
  'generator-event-loop': { fires: [{ opts: { eventLoopP99Ms: 200 }, id: 'generator-event-loop' }, { opts: { eventLoopUtilization: 1.5 }, id: 'generator-event-loop' }], missing: { collectors: { process: false } } },
  'generator-memory': { fires: [{ opts: { hostMemUsedRatio: 1.2 }, id: 'generator-memory' }], missing: { collectors: { host: false } } },
  'generator-schedule': {
    fires: [
      { opts: { publishDelayP99Ms: 60 }, id: 'generator-behind-schedule' },
      { opts: { publishDelayGrowthMsPerSec: 4 }, id: 'generator-behind-schedule' },
    ],
    missing: { targetRate: null },
  },
  'generator-dropped-sends': { fires: [{ opts: { droppedPerSec: 50 }, id: 'generator-dropped-sends' }], missing: null },
  'no-throughput': {
    fires: [
      { opts: { achievedShare: 0 }, id: 'generator-no-load' },
      { opts: { achievedShare: 0, failedPerSec: 100 }, id: 'no-acks' },
    ],
    missing: null,
  },
  'rate-not-met': {
    fires: [
      { opts: { achievedShare: 0.7, brokerCpuPercent: 130, requestHandlerIdle: 0.1 }, id: 'rate-not-met' },
      { opts: { achievedShare: 0.7, brokerCpuPercent: 10, requestHandlerIdle: 0.95 }, id: 'generator-rate-not-met' },
      { opts: { achievedShare: 0.7, eventLoopP99Ms: 200 }, id: 'generator-rate-not-met' },
    ],
    missing: { targetRate: null },
  },
  'broker-cpu': {
    fires: [
      { opts: { brokerCpuPercent: 130 }, id: 'broker-cpu-high' },
      { opts: { brokerLoadPerCore: 4 }, id: 'broker-cpu-high' },
      { opts: { collectors: { node: false, brokerProcess: true }, brokerProcessCpuPercent: 520 }, id: 'broker-cpu-high' },
    ],
    missing: { collectors: { node: false } },
  },
  'broker-memory': { fires: [{ opts: { brokerMemAvailableRatio: 0.03 }, id: 'broker-memory-low' }], missing: { collectors: { node: false } } },
  'broker-network': { fires: [{ opts: { nicUtilisation: 0.9 }, id: 'broker-network-saturated' }], missing: { collectors: { node: false } } },
  'broker-disk': { fires: [{ opts: { diskBusy: 1.3 }, id: 'broker-disk-busy' }], missing: { collectors: { node: false } } },
  'request-handler-idle': { fires: [{ opts: { requestHandlerIdle: 0.1 }, id: 'request-handler-saturated' }], missing: { collectors: { jmx: false } } },
  'network-processor-idle': { fires: [{ opts: { networkProcessorIdle: 0.1 }, id: 'network-processor-saturated' }], missing: { collectors: { jmx: false } } },
  'request-time-breakdown': {
    fires: [
      { opts: { produceTimeP99Ms: 50, messagesPerRequest: 2, produceTimeShares: { request_queue: 0.8, local: 0.1, remote: 0.05, response_queue: 0.02, response_send: 0.03 } }, id: 'produce-time-request-queue' },
      { opts: { produceTimeP99Ms: 50, produceTimeShares: { request_queue: 0.05, local: 0.85, remote: 0.05, response_queue: 0.02, response_send: 0.03 } }, id: 'produce-time-local' },
      { opts: { produceTimeP99Ms: 50, produceTimeShares: { request_queue: 0.05, local: 0.1, remote: 0.8, response_queue: 0.02, response_send: 0.03 } }, id: 'produce-time-remote' },
      { opts: { produceTimeP99Ms: 50, messagesPerRequest: 2, produceTimeShares: { request_queue: 0.05, local: 0.1, remote: 0.05, response_queue: 0.4, response_send: 0.4 } }, id: 'produce-time-response' },
    ],
    missing: { collectors: { jmx: false } },
  },
  'jvm-heap': { fires: [{ opts: { heapOldRatio: 1.2 }, id: 'jvm-heap-pressure' }], missing: { collectors: { jmx: false } } },
  'jvm-gc-time': { fires: [{ opts: { gcTimeRatio: 0.3 }, id: 'jvm-gc-time' }], missing: { collectors: { jmx: false } } },
  'jvm-old-gc': { fires: [{ opts: { oldGcPerMin: 6 }, id: 'jvm-old-gc' }], missing: { collectors: { jmx: false } } },
  replication: {
    fires: [
      { opts: { urp: 3 }, id: 'under-replicated-partitions' },
      { opts: { isrShrinksPerSec: 0.2 }, id: 'isr-shrinks' },
    ],
    missing: { collectors: { jmx: false } },
  },
  'under-min-isr': { fires: [{ opts: { underMinIsr: 1 }, id: 'under-min-isr' }], missing: { collectors: { jmx: false } } },
  'consumer-lag': {
    fires: [
      { opts: { lagSlopePerSec: 100 }, id: 'consumer-lag-growing' },
      { opts: { lagSlopePerSec: 100, collectors: { lag: false } }, id: 'consumer-lag-growing' },
      { opts: { stalledPartitions: [2, 3] }, id: 'consumer-stalled' },
      { opts: { consumersStopAt: 20 }, id: 'consumer-stalled' },
    ],
    missing: { consumers: null },
  },
  'consumer-time-lag': {
    fires: [
      { opts: { e2eP99Ms: 3000 }, id: 'consumer-time-lag' },
      { opts: { e2eP99Ms: 100, thresholds: { e2e_latency: ['p(99)<50'] } }, id: 'consumer-time-lag' },
    ],
    missing: { consumers: null },
  },
  'consumer-idle': {
    fires: [
      { opts: { consumers: { groups: 1, perGroup: 12 } }, id: 'consumer-idle' },
      { opts: { events: [{ t: 30, ts: 0, kind: 'rebalance', message: 'group rebalanced' }] }, id: 'consumer-rebalances' },
    ],
    missing: { consumers: null },
    noWindow: true,
  },
  'partition-skew': { fires: [{ opts: { partitionSkew: 20, lagBase: 2000 }, id: 'partition-skew' }], missing: { collectors: { lag: false } } },
  'consumer-processing': {
    fires: [
      { opts: { consumers: { groups: 1, perGroup: 4, delayMs: 4 } }, id: 'consumer-processing-bound' },
      { opts: { consumers: { groups: 1, perGroup: 4, delayMs: 2 }, e2eP50Ms: 400, e2eP99Ms: 900 }, id: 'consumer-processing-bound' },
    ],
    healthy: { consumers: { groups: 1, perGroup: 4, delayMs: 1 } },
    missing: { consumers: null },
  },
  'tiny-batches': {
    fires: [
      { opts: { messagesPerRequest: 2, brokerCpuPercent: 130 }, id: 'tiny-batches' },
      { opts: { messagesPerRequest: 2, networkProcessorIdle: 0.1 }, id: 'tiny-batches' },
    ],
    missing: { messagesPerRequest: 2, collectors: { host: false, process: false, node: false, jmx: false } },
  },
  'sync-round-trip': { fires: [{ opts: { mode: 'sync', producers: 4, publishLatencyMs: 5, achievedShare: 0.8 }, id: 'sync-round-trip-limit' }], missing: { mode: 'sync', targetRate: null } },
  'producer-errors': {
    fires: [
      { opts: { failedPerSec: 30 }, id: 'producer-errors' },
      { opts: { clientTimeoutsPerSec: 2 }, id: 'client-timeouts' },
    ],
    missing: null,
  },
  delivery: {
    fires: [
      { opts: { delivery: [{ ...OK_DELIVERY[0]!, received: 95, unique: 95, lost: 5, verdict: 'loss' }] }, id: 'delivery-loss' },
      { opts: { delivery: [{ ...OK_DELIVERY[0]!, received: 103, duplicated: 3, verdict: 'duplicates' }] }, id: 'delivery-duplicates' },
      { opts: { delivery: [{ ...OK_DELIVERY[0]!, received: 103, duplicated: 3, redelivered: 1, duplicatedInLog: 2, verdict: 'duplicates' }] }, id: 'delivery-duplicates' },
      { opts: { delivery: [{ ...OK_DELIVERY[0]!, received: 103, duplicated: 3, redelivered: 3, duplicatedInLog: 0, verdict: 'redelivered' }] }, id: 'delivery-redelivered' },
      { opts: { delivery: [{ ...OK_DELIVERY[0]!, reordered: 2, verdict: 'reordering' }] }, id: 'delivery-reordering' },
      { opts: { delivery: [{ ...OK_DELIVERY[0]!, received: 60, unique: 60, undelivered: 40, verdict: 'backlog' }] }, id: 'delivery-backlog' },
    ],
    healthy: { delivery: OK_DELIVERY },
    missing: { summary: false },
    noWindow: true,
  },
};

function evaluate(rule: Rule, opts: SyntheticOptions): RuleResult {
  return rule.evaluate(contextOf(syntheticRecord(opts)));
}

function ids(r: RuleResult): string[] {
  return r.status === 'issue' ? r.findings.map((f) => f.id) : [];
}

test('every rule has a test case', () => {
  assert.deepEqual(RULES.map((r) => r.id).sort(), Object.keys(CASES).sort());
});

for (const rule of RULES) {
  const c = CASES[rule.id]!;
  for (const noise of NOISE) {
    for (const seed of SEEDS) {
      test(`${rule.id}: quiet on the healthy baseline (noise ${noise}, seed ${seed})`, () => {
        const r = evaluate(rule, { seed, noise, ...c.healthy });
        assert.equal(r.status, 'ok', `expected ok, got ${r.status}: ${JSON.stringify(r).slice(0, 400)}`);
      });
      c.fires.forEach((f, i) => {
        test(`${rule.id}: fires ${f.id} (case ${i}, noise ${noise}, seed ${seed})`, () => {
          const r = evaluate(rule, { seed, noise, ...f.opts });
          assert.equal(r.status, 'issue', `expected issue, got ${JSON.stringify(r).slice(0, 400)}`);
          assert.ok(ids(r).includes(f.id), `expected ${f.id} among ${ids(r).join(', ')}`);
          for (const finding of r.status === 'issue' ? r.findings : []) {
            assert.ok(finding.evidence.length > 0, 'evidence present');
            assert.ok(finding.recommendation.length > 20, 'recommendation present');
            assert.ok(!/NaN|undefined|\[object/.test(finding.title + finding.recommendation), `clean text: ${finding.title} / ${finding.recommendation}`);
          }
        });
      });
    }
  }
  test(`${rule.id}: insufficient-data on a record too short`, () => {
    const out = runRules(contextOf(syntheticRecord({ loadSec: 8, ...c.fires[0]?.opts })), [rule]);
    if (c.noWindow) {
      assert.equal(out.insufficient.length, 0, 'judges the profile/summary whatever the window');
    } else {
      assert.equal(out.insufficient.length, 1);
      assert.match(out.insufficient[0]!.reason, /window shorter than 10 s/);
    }
  });
  if (c.missing) {
    test(`${rule.id}: insufficient-data without what it needs`, () => {
      const r = evaluate(rule, { ...c.missing, ...(c.fires[0]?.opts ?? {}), ...c.missing });
      assert.equal(r.status, 'insufficient-data', JSON.stringify(r).slice(0, 300));
      assert.ok(r.status === 'insufficient-data' && r.reason.length > 10);
    });
  }
}

test('consumer-lag: a partition whose offset does not move while every consumer works at its ceiling is slow, not stalled', () => {
  const rule = RULES.find((x) => x.id === 'consumer-lag')!;
  const slow = evaluate(rule, { stalledPartitions: [1], lagSlopePerSec: 100, consumers: { groups: 1, perGroup: 4, delayMs: 4 } });
  assert.ok(ids(slow).includes('consumer-lag-growing') && !ids(slow).includes('consumer-stalled'), `got ${ids(slow).join(', ')}`);
  const idle = evaluate(rule, { stalledPartitions: [1], lagSlopePerSec: 100, consumers: { groups: 1, perGroup: 4, delayMs: 1 } });
  assert.ok(ids(idle).includes('consumer-stalled'), `consumers far below their ceiling: the frozen partition is stuck (got ${ids(idle).join(', ')})`);
});

test('consumer-lag-growing carries the actions mqload can try: consumers per group and, past the partitions, the partitions', () => {
  const rule = RULES.find((x) => x.id === 'consumer-lag')!;
  const r = evaluate(rule, { lagSlopePerSec: 600, partitions: 4, consumers: { groups: 1, perGroup: 2 } });
  const f = r.status === 'issue' ? r.findings.find((x) => x.id === 'consumer-lag-growing') : undefined;
  assert.ok(f, JSON.stringify(r).slice(0, 300));
  const consumers = f.actions?.find((a) => a.target === 'profile');
  assert.ok(consumers && consumers.target === 'profile' && consumers.path === 'consumers.perGroup' && consumers.from === 2, JSON.stringify(f.actions));
  assert.ok(Number(consumers.to) > 2, `to ${consumers.to}`);
  assert.match(f.recommendation, new RegExp(`\\b${consumers.to}\\b`), 'the action and the text name the same count');
  const parts = f.actions?.find((a) => a.target === 'topic');
  if (Number(consumers.to) > 4) assert.ok(parts && parts.target === 'topic' && parts.from === 4 && parts.to === consumers.to, JSON.stringify(f.actions));
  const heap = evaluate(RULES.find((x) => x.id === 'jvm-heap')!, { heapOldRatio: 1.2 });
  assert.ok(heap.status === 'issue');
  assert.deepEqual(heap.findings[0]!.actions?.map((a) => [a.target, a.target === 'local-broker' ? `${a.from}→${a.to}` : '']), [['local-broker', '1g→2g']], 'live set 1.2 GiB at 60 %: a 2 GiB heap');
  assert.match(heap.findings[0]!.recommendation, /to 2 GiB/);
  const disk = evaluate(RULES.find((x) => x.id === 'broker-disk')!, { diskBusy: 1.3 });
  assert.ok(disk.status === 'issue' && disk.findings.every((x) => x.actions === undefined), 'a busy disk is advice only');
});

test('tiny-batches: tiny requests at a low rate cost nothing, even with the broker busy from another load', () => {
  const rule = RULES.find((x) => x.id === 'tiny-batches')!;
  assert.equal(evaluate(rule, { targetRate: 100, messagesPerRequest: 2, brokerCpuPercent: 130 }).status, 'ok');
  const r = evaluate(rule, { messagesPerRequest: 2, brokerCpuPercent: 130 });
  assert.equal(r.status, 'issue');
  assert.equal(r.status === 'issue' && r.findings[0]!.confidence, 'low', 'only the broker is hot at 500 requests/s: not sure it is this run');
});

test('request-time-breakdown: waiting for a broker thread is judged only at a real request rate; a slow disk at any rate', () => {
  const rule = RULES.find((x) => x.id === 'request-time-breakdown')!;
  const response = { produceTimeP99Ms: 50, produceTimeShares: { request_queue: 0.05, local: 0.1, remote: 0.05, response_queue: 0.4, response_send: 0.4 } };
  const queue = { produceTimeP99Ms: 50, produceTimeShares: { request_queue: 0.8, local: 0.1, remote: 0.05, response_queue: 0.02, response_send: 0.03 } };
  const local = { produceTimeP99Ms: 50, produceTimeShares: { request_queue: 0.05, local: 0.85, remote: 0.05, response_queue: 0.02, response_send: 0.03 } };
  // 100 msg/s at 50 messages a request: 2 requests/s, far below produceRequestsPerSecMin.
  assert.equal(evaluate(rule, { targetRate: 100, ...response }).status, 'ok', 'response time share at 2 requests/s is scheduling noise');
  assert.equal(evaluate(rule, { targetRate: 100, ...queue }).status, 'ok', 'request queue share at 2 requests/s is scheduling noise');
  const r = evaluate(rule, { targetRate: 100, ...local });
  assert.deepEqual(r.status === 'issue' ? r.findings.map((f) => f.id) : r.status, ['produce-time-local'], 'a slow append is the disk at any rate');
  const busy = evaluate(rule, { targetRate: 1000, messagesPerRequest: 2, ...response });
  assert.deepEqual(busy.status === 'issue' ? busy.findings.map((f) => f.id) : busy.status, ['produce-time-response'], '500 requests/s: judged');
});

test('broker thread pools: resized from the pool the record names so it stays 30 % idle, only while the CPU has headroom', () => {
  const broker = { kind: 'kafka' as const, capabilities: LEGACY_KAFKA_CAPABILITIES, settings: { 'num.io.threads': '8', 'num.network.threads': '3' } };
  const rh = RULES.find((x) => x.id === 'request-handler-idle')!;
  const r = evaluate(rh, { requestHandlerIdle: 0.1, broker });
  const f = r.status === 'issue' ? r.findings[0]! : null;
  // 8 threads 90 % busy = 7.2 busy threads; 7.2 / 0.7 → 11.
  assert.deepEqual(f?.actions?.map((a) => (a.target === 'local-broker' ? [a.property, a.from, a.to] : null)), [['num.io.threads', '8', '11']]);
  assert.match(f?.recommendation ?? '', /Raise num\.io\.threads from 8 to 11/);
  const unknown = evaluate(rh, { requestHandlerIdle: 0.1 });
  assert.equal(unknown.status === 'issue' && unknown.findings[0]!.actions, undefined, 'no recorded pool size: advice only');
  const busy = evaluate(rh, { requestHandlerIdle: 0.1, brokerCpuPercent: 95, broker });
  assert.equal(busy.status === 'issue' && busy.findings[0]!.actions, undefined, 'a busy CPU: more threads only contend for it');
  const np = evaluate(RULES.find((x) => x.id === 'network-processor-idle')!, { networkProcessorIdle: 0.1, broker });
  assert.deepEqual(np.status === 'issue' && np.findings[0]!.actions?.map((a) => (a.target === 'local-broker' ? [a.property, a.from, a.to] : null)), [['num.network.threads', '3', '4']]);
});

test('broker-network: a NIC without a link speed (loopback) is not judged, and the reason says so', () => {
  const r = evaluate(RULES.find((x) => x.id === 'broker-network')!, { nicUtilisation: 0.9, linkSpeedBytesPerSec: null });
  assert.equal(r.status, 'insufficient-data');
  assert.match(r.status === 'insufficient-data' ? r.reason : '', /no link speed \(loopback/);
});

test('scaling: broker NIC utilisation at the target rate adds brokers by the network threshold', () => {
  const rec = syntheticRecord({ nicUtilisation: 0.6, achievedShare: 0.5 });
  const est = estimateScaling(contextOf(rec), []);
  assert.ok(est);
  assert.ok(Number(est.inputs['brokerNicUtilisationAtTarget']) > 1, JSON.stringify(est.inputs));
  assert.ok((est.brokersNeeded ?? 0) >= 2, `brokers needed ${est.brokersNeeded}`);
  assert.ok(!est.notes.some((n) => /network headroom not computed/.test(n)));
});

test('generator-host-cpu lowers confidence when the broker shares the host', () => {
  const r = evaluate(RULES.find((x) => x.id === 'generator-host-cpu')!, { hostCpuPercent: 130, processCpuPercent: 200, brokerProcessCpuPercent: 150, collectors: { brokerProcess: true } });
  assert.equal(r.status, 'issue');
  assert.equal(r.status === 'issue' && r.findings[0]!.severity, 'critical', 'mqload and the broker load the host');
  assert.equal(r.status === 'issue' && r.findings[0]!.confidence, 'medium');
});

test('generator-host-cpu: a host loaded by other processes while mqload kept its schedule is info, not saturation; a late schedule stays critical', () => {
  const rule = RULES.find((x) => x.id === 'generator-host-cpu')!;
  // 4 cores, host 100 %: mqload 40 % of a core (10 % of the host), nothing dropped, publish delay 1 ms.
  const r = evaluate(rule, { hostCpuPercent: 130 });
  assert.equal(r.status, 'issue');
  const f = r.status === 'issue' ? r.findings[0]! : null;
  assert.equal(f?.severity, 'info');
  assert.match(f?.title ?? '', /mostly other processes \(90 %\); mqload kept its schedule/);
  assert.match(f?.evidence[0]?.note ?? '', /mqload 10 %, the local broker 0 %, other processes 90 % of the host/);
  const late = evaluate(rule, { hostCpuPercent: 130, publishDelayP99Ms: 80 });
  assert.equal(late.status === 'issue' && late.findings[0]!.severity, 'critical', 'mqload fell behind its schedule: the busy host limited it');
  const maxThroughput = evaluate(rule, { hostCpuPercent: 130, targetRate: null });
  assert.equal(maxThroughput.status === 'issue' && maxThroughput.findings[0]!.severity, 'critical', 'no schedule to judge: the host is taken as the limit');
});

test('generator-process-cpu judges worker threads, not the whole-process sample', () => {
  const rule = RULES.find((x) => x.id === 'generator-process-cpu')!;
  const hotCore = { maxCorePercent: 130, hostCpuPercent: 40 };
  // Three threads at 60 % each: the process uses 180 % of a core, but no thread is saturated.
  const spread = evaluate(rule, { ...hotCore, processInstances: { 'all-threads': { cpuPercent: 180 }, coordinator: { cpuPercent: 60 }, 'worker-0': { cpuPercent: 60 }, 'worker-1': { cpuPercent: 60 } } });
  assert.equal(spread.status, 'ok');
  const pegged = evaluate(rule, { ...hotCore, processInstances: { 'all-threads': { cpuPercent: 160 }, coordinator: { cpuPercent: 21 }, 'worker-0': { cpuPercent: 99 }, 'worker-1': { cpuPercent: 40 } } });
  assert.equal(pegged.status, 'issue');
  assert.match(pegged.status === 'issue' ? pegged.findings[0]!.evidence[2]!.metric : '', /worker-0/);
  // The coordinator is a thread like the workers: pegged, it is the busy one.
  const coordinator = evaluate(rule, { ...hotCore, processInstances: { 'all-threads': { cpuPercent: 150 }, coordinator: { cpuPercent: 97 }, 'worker-0': { cpuPercent: 30 }, 'worker-1': { cpuPercent: 23 } } });
  assert.equal(coordinator.status, 'issue');
  assert.match(coordinator.status === 'issue' ? coordinator.findings[0]!.evidence[2]!.metric : '', /coordinator/);
  // Without per-thread CPU (not Linux), the whole process is judged.
  assert.equal(evaluate(rule, { ...hotCore, processInstances: { 'all-threads': { cpuPercent: 99 } } }).status, 'issue');
});

test('tiny-batches stays quiet when nothing is hot', () => {
  assert.equal(evaluate(RULES.find((x) => x.id === 'tiny-batches')!, { messagesPerRequest: 2 }).status, 'ok');
});

test('consumer-lag recommends partitions and consumers from the measured per-consumer rate', () => {
  // 1000 msg/s produced, 4 consumers receive 900 msg/s → 225 msg/s each → 5 consumers needed.
  const r = evaluate(RULES.find((x) => x.id === 'consumer-lag')!, { lagSlopePerSec: 100, partitions: 4 });
  assert.equal(r.status, 'issue');
  const f = r.status === 'issue' ? r.findings[0]! : null;
  assert.match(f!.recommendation, /Raise partitions of `orders` from 4 to at least 5 and run 5 consumers/);
});

test('consumer-time-lag uses the profile objective', () => {
  const r = evaluate(RULES.find((x) => x.id === 'consumer-time-lag')!, { e2eP99Ms: 100, thresholds: { e2e_latency: ['p(99)<50'] } });
  assert.equal(r.status === 'issue' && r.findings[0]!.evidence[0]!.threshold, 50);
  const quiet = evaluate(RULES.find((x) => x.id === 'consumer-time-lag')!, { e2eP99Ms: 100 });
  assert.equal(quiet.status, 'ok', 'below the 1000 ms default objective');
});

test('replication findings soften during injected faults', () => {
  const r = evaluate(RULES.find((x) => x.id === 'replication')!, { isrShrinksPerSec: 0.2, events: [{ t: 20, ts: 0, kind: 'fault', message: 'broker-restart' }] });
  assert.equal(r.status === 'issue' && r.findings[0]!.severity, 'info');
});
