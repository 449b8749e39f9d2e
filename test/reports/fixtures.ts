/**
 * A seeded synthetic run for report tests: a profile, a timeline with real encoded HDR interval
 * histograms, collector samples (generator host/process, broker host/process, JVM heap and GC,
 * consumer lag), events with a fault window, a summary derived from the timeline, and findings.
 * Options move the figures so comparisons and edge cases can be built from the same generator.
 */
import type { Profile } from '../../src/profile/schema.js';
import type { RunEvent, Sample, TimelineEntry } from '../../src/record/format.js';
import type { RunSummary } from '../../src/record/summary.js';
import type { FindingsFile } from '../../src/analyzer/finding-types.js';
import { createHistogram, encodeHistogram, latencyStats, mergeEncoded, recordMs } from '../../src/metrics/histogram.js';
import type { ReportInput } from '../../src/reports/input.js';

export interface FixtureOptions {
  seed?: number;
  /** Target rate, msg/s. */
  rate?: number;
  /** Achieved ÷ target. */
  achievedShare?: number;
  /** Median publish latency, ms (e2e is about twice). */
  latencyMs?: number;
  /** Relative per-interval noise of rate and latency (0.02 = ±2 %). */
  noise?: number;
  warmupSec?: number;
  loadSec?: number;
  /** Inject a fault from t=warmup+20 to t=warmup+25 with a latency spike. */
  fault?: boolean;
  withSummary?: boolean;
  withFindings?: boolean;
  /** Make the latency threshold fail. */
  failThreshold?: boolean;
  /** Failed sends per second during the load. */
  failedPerSec?: number;
  /** Mean generator host CPU, %. */
  generatorCpu?: number;
}

/** Deterministic uniform [0, 1) generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A valid profile for the fixture run. */
export function fixtureProfile(rate: number): Profile {
  return {
    name: 'fixture-run',
    driver: { type: 'kafka', brokers: ['127.0.0.1:9092'], config: { 'client.id': 'mqload-test', 'sasl.password': 'hunter2', 'request.timeout.ms': 30000 } },
    topics: [{ name: 'mqload-fixture', partitions: 6, replicationFactor: 1 }],
    message: { size: 1024, keys: 'round-robin', keySpace: 100 },
    producers: { count: 2, mode: 'async', acks: 'all', maxInFlight: 1000, compression: 'lz4' },
    consumers: { groups: 1, perGroup: 2, commit: 'auto' },
    load: { warmup: '10s', phases: [{ executor: 'constant-arrival-rate', rate, duration: '60s' }] },
    thresholds: { publish_latency: ['p(99)<50'] },
  } as Profile;
}

/** Builds the synthetic run. */
export function buildFixture(options: FixtureOptions = {}): ReportInput {
  const o = { seed: 1, rate: 1000, achievedShare: 0.99, latencyMs: 4, noise: 0.03, warmupSec: 10, loadSec: 60, fault: true, withSummary: true, withFindings: true, failThreshold: false, failedPerSec: 0, generatorCpu: 35, ...options };
  const rand = rng(o.seed);
  const jitter = () => 1 + o.noise * (rand() * 2 - 1);
  const total = o.warmupSec + o.loadSec;
  const faultFrom = o.warmupSec + 20;
  const faultTo = o.warmupSec + 25;
  const t0 = Date.UTC(2025, 0, 1, 12, 0, 0);
  const timeline: TimelineEntry[] = [];
  const samples: Sample[] = [];
  for (let t = 1; t <= total; t += 1) {
    const phase = t <= o.warmupSec ? 'warmup' : 'load';
    const inFault = o.fault && t > faultFrom && t <= faultTo;
    const acked = Math.round(o.rate * o.achievedShare * jitter() * (inFault ? 0.4 : 1));
    const failed = phase === 'load' ? o.failedPerSec : 0;
    const publish = createHistogram();
    const e2e = createHistogram();
    const delay = createHistogram();
    const scale = (inFault ? 8 : 1) * jitter();
    for (let i = 0; i < 200; i += 1) {
      const base = o.latencyMs * scale * Math.exp(0.5 * (rand() * 2 - 1) + (rand() < 0.02 ? 1.5 : 0));
      recordMs(publish, base, Math.max(1, Math.round(acked / 200)));
      recordMs(e2e, base * 2 + 0.5, Math.max(1, Math.round(acked / 200)));
      recordMs(delay, 0.05 * jitter(), Math.max(1, Math.round(acked / 200)));
    }
    timeline.push({
      t,
      ts: t0 + t * 1000,
      phase,
      phaseIndex: phase === 'load' ? 0 : -1,
      targetRate: o.rate,
      intervalSec: 1,
      produce: { sent: acked + failed, acked, failed, dropped: inFault ? 50 : 0, bytes: acked * 1024, requests: Math.ceil(acked / 50) },
      consume: { received: acked, bytes: acked * 1024, foreign: 0 },
      inFlight: 20,
      latencyMs: { publish: latencyStats(publish), publishDelay: latencyStats(delay), e2e: latencyStats(e2e) },
      hist: { publish: encodeHistogram(publish), publishDelay: encodeHistogram(delay), e2e: encodeHistogram(e2e) },
      ...(failed > 0 ? { errors: { 'Request timed out': failed } } : {}),
    });
    const ts = t0 + t * 1000;
    samples.push({ t, ts, source: 'host', values: { cpu_busy_percent: o.generatorCpu * jitter(), cpu_max_core_busy_percent: Math.min(100, o.generatorCpu * 1.6 * jitter()), mem_total_bytes: 8 * 2 ** 30, mem_available_bytes: 5 * 2 ** 30 } });
    samples.push({ t, ts, source: 'process', values: { cpu_percent: 60 * jitter(), rss_bytes: 180 * 2 ** 20, event_loop_delay_p99_ms: 12 * jitter(), event_loop_utilization_ratio: 0.4 * jitter() } });
    samples.push({ t, ts, source: 'broker-process', values: { cpu_percent: (inFault ? 5 : 85) * jitter(), rss_bytes: 900 * 2 ** 20, threads: 90 } });
    samples.push({ t, ts, source: 'node', instance: '127.0.0.1:9100', values: { cpu_busy_percent: 55 * jitter(), load1: 1.2, mem_available_bytes: 3 * 2 ** 30, disk_io_busy_ratio: 0.2 * jitter() } });
    samples.push({ t, ts, source: 'jmx', instance: '127.0.0.1:7071', values: { heap_used_bytes: (300 + 200 * ((t % 10) / 10)) * 2 ** 20, heap_max_bytes: 1024 * 2 ** 20, gc_young_count_total: t * 2, gc_old_count_total: 0, gc_time_ratio: 0.01 } });
    const lag = inFault ? 4000 : t > faultTo && t <= faultTo + 5 ? 4000 - (t - faultTo) * 800 : 10;
    samples.push({ t, ts, source: 'lag', labels: { group: 'mqload-g0', topic: 'mqload-fixture' }, values: { lag_messages: lag, time_lag_seconds: lag / o.rate } });
  }
  // After the load: the backlog drains over 3 seconds.
  for (let k = 1; k <= 4; k += 1) {
    const t = total + k;
    samples.push({ t, ts: t0 + t * 1000, source: 'lag', labels: { group: 'mqload-g0', topic: 'mqload-fixture' }, values: { lag_messages: Math.max(0, 10 - k * 4), time_lag_seconds: 0 } });
  }

  const events: RunEvent[] = [{ t: 0, ts: t0, kind: 'phase', message: 'warm-up started' }, { t: o.warmupSec, ts: t0 + o.warmupSec * 1000, kind: 'phase', message: 'phase 1 started' }];
  if (o.fault) {
    events.push({ t: faultFrom, ts: t0 + faultFrom * 1000, kind: 'fault', message: 'broker-pause for 5s', data: { action: 'broker-pause' } });
    events.push({ t: faultTo, ts: t0 + faultTo * 1000, kind: 'fault-end', message: 'broker resumed', data: { action: 'broker-pause' } });
  }

  const load = timeline.filter((e) => e.phase === 'load');
  const sum = (f: (e: TimelineEntry) => number) => load.reduce((s, e) => s + f(e), 0);
  const publishStats = latencyStats(mergeEncoded(load.map((e) => e.hist.publish)));
  const summary: RunSummary = {
    schemaVersion: '1.0',
    status: 'completed',
    runId: `run-${o.seed}`,
    profile: 'fixture-run',
    startedAt: new Date(t0).toISOString(),
    endedAt: new Date(t0 + total * 1000).toISOString(),
    durationSec: o.loadSec,
    warmupSec: o.warmupSec,
    mode: 'async',
    workers: 2,
    produce: { sent: sum((e) => e.produce.sent), acked: sum((e) => e.produce.acked), failed: sum((e) => e.produce.failed), dropped: sum((e) => e.produce.dropped), bytes: sum((e) => e.produce.bytes), ratePerSec: sum((e) => e.produce.acked) / o.loadSec, targetRatePerSec: o.rate },
    consume: { received: sum((e) => e.consume.received), bytes: sum((e) => e.consume.bytes), ratePerSec: sum((e) => e.consume.received) / o.loadSec },
    latencyMs: { publish: publishStats, publishDelay: latencyStats(mergeEncoded(load.map((e) => e.hist.publishDelay))), e2e: latencyStats(mergeEncoded(load.map((e) => e.hist.e2e))) },
    thresholds: [
      { metric: 'publish_latency', expression: o.failThreshold ? 'p(99)<1' : 'p(99)<500', actual: publishStats?.p99 ?? null, ok: !o.failThreshold },
      { metric: 'error_rate', expression: 'rate<0.01', actual: 0, ok: true },
    ],
    errors: o.failedPerSec > 0 ? { 'Request timed out': o.failedPerSec * o.loadSec } : {},
    collectors: { host: { available: true, samples: total }, 'jolokia:http://127.0.0.1:8778': { available: false, reason: 'connection refused' } },
    delivery: [{ group: 'mqload-g0', sent: 1000, acked: 1000, received: 1000, unique: 1000, lost: 0, lostUnacked: 0, duplicated: 0, reordered: 0, verdict: 'ok' }],
  };

  const findings: FindingsFile = {
    schemaVersion: '1.0',
    runId: summary.runId,
    primary: 'broker-cpu-saturated',
    verdict: 'bottleneck',
    headline: 'The broker process is CPU-bound at 85 % of one core while the generator has headroom.',
    window: { from: o.warmupSec, to: total },
    findings: [
      { id: 'generator-event-loop', category: 'load-generator', severity: 'info', title: 'Event loop delay is moderate', evidence: [{ metric: 'event loop delay p99', value: 12, unit: 'ms', threshold: 70 }], recommendation: 'Nothing to do at this load.', confidence: 'medium' },
      { id: 'consumer-lag-growing', category: 'consumer-lag', severity: 'warning', title: 'Consumer lag grew during the fault <pause>', evidence: [{ metric: 'lag', value: 4000, unit: 'messages', window: { from: faultFrom, to: faultTo } }], recommendation: 'Add consumers up to the partition count & check "fetch.min.bytes".', confidence: 'high' },
      { id: 'broker-cpu-saturated', category: 'broker-cpu', severity: 'critical', title: 'Broker CPU saturated', evidence: [{ metric: 'broker process CPU', value: 85.2, unit: '%', threshold: 80, window: { from: o.warmupSec, to: total }, note: 'sustained 90 % of the window' }], recommendation: 'Add brokers or reduce per-message overhead (batching, compression).', confidence: 'high' },
    ],
    insufficient: [{ rule: 'request-handler-idle', reason: 'no JMX request-handler samples (jmx exporter not configured)' }],
    ok: ['generator-cpu', 'jvm-gc'],
    scaling: { targetRatePerSec: 5000, inputs: { 'measured rate per broker (msg/s)': 990, 'broker CPU (%)': 85 }, brokersNeeded: 6, partitionsNeeded: 12, notes: ['Assumes CPU scales linearly with message rate.'] },
  };

  return { profile: fixtureProfile(o.rate), timeline, samples, events, summary: o.withSummary ? summary : null, findings: o.withFindings ? findings : null };
}
