/**
 * A seeded generator of synthetic run records for analyzer tests: a healthy baseline (1000 msg/s
 * met, idle broker, stable lag) plus knobs that move one signal at a time (CPU levels, idle
 * ratios, heap, lag slope, dropped sends, …). Every value gets relative gaussian noise of sd
 * `noise` from a seeded PRNG, so a seed and options always give the same record.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Profile } from '../../src/profile/schema.js';
import type { RunRecord } from '../../src/record/reader.js';
import { RECORD_SCHEMA_VERSION, type LatencyStats, type RunEvent, type RunPhaseKind, type Sample, type TimelineEntry } from '../../src/record/format.js';
import type { DeliveryResult, RunSummary } from '../../src/record/summary.js';
import { SAMPLE_NAMES } from '../../src/record/sample-names.js';
import { LEGACY_KAFKA_CAPABILITIES } from '../../src/record/migrate.js';
import type { BrokerFacts } from '../../src/record/format.js';
import { RABBIT_FACTS, plantRabbit, rabbitProfile, type RabbitPlant } from './synthetic-rabbitmq.js';
import { ARTEMIS_FACTS, artemisProfile, plantArtemis, type ArtemisPlant } from './synthetic-artemis.js';

/** Collectors the synthetic run "had". */
export type SyntheticCollector = 'host' | 'process' | 'node' | 'brokerProcess' | 'jmx' | 'lag' | 'client';

export interface SyntheticOptions {
  seed?: number;
  /** Broker kind and capabilities the record carries (default Kafka); null for unknown. */
  broker?: BrokerFacts | null;
  /** Relative gaussian noise (sd) on every value, e.g. 0.05 for 5 %. */
  noise?: number;
  loadSec?: number;
  warmupSec?: number;
  cooldownSec?: number;
  /** Target msg/s; null for max-throughput. */
  targetRate?: number | null;
  /** Achieved ÷ target (or of 1000 msg/s for max-throughput). */
  achievedShare?: number;
  producers?: number;
  mode?: 'sync' | 'async' | 'oneway';
  maxInFlight?: number;
  workers?: number;
  partitions?: number;
  /** Consumer groups and consumers per group; null for none. */
  consumers?: { groups: number; perGroup: number; delayMs?: number } | null;
  keys?: 'none' | 'round-robin' | 'random' | 'hot';
  thresholds?: Record<string, string[]>;
  faults?: boolean;
  /** Collectors present; missing keys take the defaults (all but brokerProcess). */
  collectors?: Partial<Record<SyntheticCollector, boolean>>;
  brokers?: number;
  hostCores?: number;

  /** Process samples per instance (e.g. `coordinator`, `worker-0`) instead of one un-named sample. */
  processInstances?: Record<string, { cpuPercent: number; eventLoopP99Ms?: number; eventLoopUtilization?: number }>;
  hostCpuPercent?: number;
  maxCorePercent?: number;
  processCpuPercent?: number;
  eventLoopP99Ms?: number;
  eventLoopUtilization?: number;
  hostMemUsedRatio?: number;
  brokerCpuPercent?: number;
  /** Local broker process CPU, percent of one core. */
  brokerProcessCpuPercent?: number;
  brokerLoadPerCore?: number;
  brokerMemAvailableRatio?: number;
  diskBusy?: number;
  /** Broker NIC utilisation (rx ÷ link speed); default what the message rate gives (a few %). */
  nicUtilisation?: number;
  /** Broker NIC link speed, bytes/s (default 1.25e8, 1 Gbit/s); null: the NIC reports none (loopback). */
  linkSpeedBytesPerSec?: number | null;
  requestHandlerIdle?: number;
  networkProcessorIdle?: number;
  produceTimeP99Ms?: number;
  /** Shares of produce p99 per part (request_queue, local, remote, response_queue, response_send). */
  produceTimeShares?: Partial<Record<'request_queue' | 'local' | 'remote' | 'response_queue' | 'response_send', number>>;
  heapOldRatio?: number;
  gcTimeRatio?: number;
  oldGcPerMin?: number;
  urp?: number;
  underMinIsr?: number;
  isrShrinksPerSec?: number;
  lagBase?: number;
  lagSlopePerSec?: number;
  /** Lag weight of partition 0 relative to the others. */
  partitionSkew?: number;
  /** Partitions whose committed offset freezes at the start of load. */
  stalledPartitions?: number[];
  /** Every partition freezes and the group receives nothing from this second of load on. */
  consumersStopAt?: number;
  publishLatencyMs?: number;
  publishDelayP99Ms?: number;
  publishDelayGrowthMsPerSec?: number;
  e2eP50Ms?: number;
  e2eP99Ms?: number;
  droppedPerSec?: number;
  failedPerSec?: number;
  clientTimeoutsPerSec?: number;
  messagesPerRequest?: number;
  events?: RunEvent[];
  delivery?: DeliveryResult[];
  /** Write summary.json (default true). */
  summary?: boolean;
  /**
   * A RabbitMQ record: RabbitMQ broker.json (unless `broker` is given) and profile, management and
   * Prometheus samples planted by these knobs, no JMX and no per-partition lag (synthetic-rabbitmq.ts).
   */
  rabbitmq?: RabbitPlant;
  /** An Artemis record: Artemis broker.json and profile, Artemis collector and `jolokia` JVM samples planted by these knobs (synthetic-artemis.ts). */
  artemis?: ArtemisPlant;
}

/** mulberry32: a small seeded PRNG returning [0, 1). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded standard normal draws (Box–Muller). */
function gaussian(rand: () => number): () => number {
  return () => {
    const u = 1 - rand();
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

const GIB = 1024 ** 3;
const TOPIC = 'orders';

function latency(count: number, p50: number, p99: number): LatencyStats {
  return { count, mean: p50 * 1.1, min: p50 / 4, p50, p90: (p50 + p99) / 2, p99, p999: p99 * 1.5, max: p99 * 2 };
}

/** Builds a synthetic run record in memory. */
export function syntheticRecord(o: SyntheticOptions = {}): RunRecord {
  const g = gaussian(prng(o.seed ?? 1));
  const noise = o.noise ?? 0;
  const j = (v: number): number => v * (1 + noise * g());
  const ratio = (v: number): number => Math.min(1, Math.max(0, j(v)));
  const pct = (v: number, cap = 100): number => Math.min(cap, Math.max(0, j(v)));
  const pos = (v: number): number => Math.max(0, j(v));
  const count = (v: number): number => Math.max(0, Math.round(j(v)));
  const has = (c: SyntheticCollector): boolean => o.collectors?.[c] ?? c !== 'brokerProcess';

  const warmup = o.warmupSec ?? 5;
  const load = o.loadSec ?? 60;
  const cooldown = o.cooldownSec ?? 3;
  const target = o.targetRate === undefined ? 1000 : o.targetRate;
  const rate = (target ?? 1000) * (o.achievedShare ?? 1);
  const partitions = o.partitions ?? 8;
  const consumers = o.consumers === undefined ? { groups: 1, perGroup: 4 } : o.consumers;
  const groups = consumers ? Array.from({ length: consumers.groups }, (_, i) => `mqload-g${i}`) : [];
  const brokers = o.brokers ?? 1;
  const cores = o.hostCores ?? 4;
  const mpr = o.messagesPerRequest ?? 50;
  const shares = { request_queue: 0.1, local: 0.5, remote: 0.2, response_queue: 0.1, response_send: 0.1, ...o.produceTimeShares };
  const weights = Array.from({ length: partitions }, (_, p) => (p === 0 ? (o.partitionSkew ?? 1) : 1));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const stalled = new Set(o.stalledPartitions ?? []);

  const timeline: TimelineEntry[] = [];
  const samples: Sample[] = [];
  const produced = new Array<number>(partitions).fill(0);
  const frozen = new Map<number, number>();
  let prevLag = o.lagBase ?? 20;
  let oldGc = 0;
  let gcSecs = 0;
  const total = warmup + load + cooldown;
  for (let t = 1; t <= total; t++) {
    const phase: RunPhaseKind = t <= warmup ? 'warmup' : t <= warmup + load ? 'load' : 'cooldown';
    const tl = Math.max(0, t - warmup); // seconds into load
    const acked = count(rate);
    const dropped = count(o.droppedPerSec ?? 0);
    const failed = count(o.failedPerSec ?? 0);
    const stopped = o.consumersStopAt !== undefined && tl >= o.consumersStopAt;
    const trueLag = (o.lagBase ?? 20) + (o.lagSlopePerSec ?? 0) * tl + (stopped ? rate * (tl - o.consumersStopAt!) : 0);
    const groupCounts: Record<string, number> = {};
    for (const gname of groups) groupCounts[gname] = stopped ? 0 : Math.max(0, Math.round(acked - (trueLag - prevLag)));
    prevLag = trueLag;
    const received = Object.values(groupCounts).reduce((a, b) => a + b, 0);
    const delayP99 = (o.publishDelayP99Ms ?? 1) + (o.publishDelayGrowthMsPerSec ?? 0) * tl;
    timeline.push({
      t,
      ts: 1_700_000_000_000 + t * 1000,
      phase,
      phaseIndex: phase === 'load' ? 0 : -1,
      targetRate: target,
      intervalSec: 1,
      produce: { sent: acked + failed, acked, failed, dropped, bytes: acked * 512, requests: Math.max(1, Math.round(acked / pos(mpr))) },
      consume: { received, bytes: received * 512, foreign: 0 },
      inFlight: 10,
      latencyMs: {
        publish: latency(acked, pos(o.publishLatencyMs ?? 5), pos((o.publishLatencyMs ?? 5) * 3)),
        publishDelay: latency(acked, pos(delayP99 / 4), pos(delayP99)),
        e2e: consumers ? latency(received, pos(o.e2eP50Ms ?? 10), pos(o.e2eP99Ms ?? 30)) : null,
      },
      hist: {},
      ...(failed > 0 ? { errors: { 'Request timed out': failed } } : {}),
      ...(groups.length > 0 ? { groups: groupCounts } : {}),
    });
    const st = t - 0.5;
    const ts = 1_700_000_000_000 + st * 1000;
    const add = (source: string, values: Record<string, number>, instance?: string, labels?: Record<string, string>): void => {
      samples.push({ t: st, ts, source, ...(instance ? { instance } : {}), ...(labels ? { labels } : {}), values });
    };
    const H = SAMPLE_NAMES.host;
    if (has('host')) {
      const cpu = pct(o.hostCpuPercent ?? 30);
      add('host', {
        [H.cpuPercent]: cpu,
        [H.cpuMaxCorePercent]: Math.max(cpu, pct(o.maxCorePercent ?? (o.hostCpuPercent ?? 30) + 15)),
        [H.memTotal]: 16 * GIB,
        [H.memAvailable]: 16 * GIB * (1 - ratio(o.hostMemUsedRatio ?? 0.5)),
        [H.netRx]: pos(1e6),
        [H.netTx]: pos(1e6),
        [H.load1]: pos(1),
        [H.cores]: cores,
      });
    }
    const P = SAMPLE_NAMES.process;
    if (has('process')) {
      const instances = o.processInstances ?? { '': { cpuPercent: o.processCpuPercent ?? 40, eventLoopP99Ms: o.eventLoopP99Ms, eventLoopUtilization: o.eventLoopUtilization } };
      for (const [inst, v] of Object.entries(instances)) {
        const loop = v.eventLoopP99Ms ?? 5;
        add(
          'process',
          {
            [P.cpuPercent]: pct(v.cpuPercent, 100 * cores),
            [P.rss]: pos(200e6),
            [P.heapUsed]: pos(80e6),
            [P.heapTotal]: 120e6,
            [P.eventLoopDelayP99]: pos(loop),
            [P.eventLoopDelayMax]: pos(loop * 2),
            [P.eventLoopUtilization]: ratio(v.eventLoopUtilization ?? 0.3),
          },
          inst || undefined,
        );
      }
    }
    if (has('brokerProcess')) {
      const BP = SAMPLE_NAMES.brokerProcess;
      add('broker-process', { [BP.cpuPercent]: pct(o.brokerProcessCpuPercent ?? 50, 100 * cores), [BP.rss]: pos(1.2 * GIB), [BP.threads]: 90, [BP.diskWriteBps]: pos(rate * 512) });
    }
    const N = SAMPLE_NAMES.node;
    const J = SAMPLE_NAMES.jvm;
    const K = SAMPLE_NAMES.kafka;
    gcSecs += pos(o.gcTimeRatio ?? 0.01);
    if (o.oldGcPerMin) oldGc += o.oldGcPerMin / 60;
    for (let b = 0; b < brokers; b++) {
      if (has('node')) {
        add(
          'node',
          {
            [N.cpuBusyPercent]: pct(o.brokerCpuPercent ?? 30),
            [N.cores]: cores,
            [N.load1]: pos((o.brokerLoadPerCore ?? 0.5) * cores),
            [N.memTotal]: 32 * GIB,
            [N.memAvailable]: 32 * GIB * ratio(o.brokerMemAvailableRatio ?? 0.5),
            [N.netRx]: o.nicUtilisation !== undefined ? pos((o.linkSpeedBytesPerSec ?? 1.25e8) * o.nicUtilisation) : pos(rate * 600),
            [N.netTx]: pos(rate * 600),
            [N.diskWrite]: pos(rate * 512),
            [N.diskBusy]: ratio(o.diskBusy ?? 0.2),
            ...(o.linkSpeedBytesPerSec === null ? {} : { [N.netLinkSpeed]: o.linkSpeedBytesPerSec ?? 1.25e8 }),
          },
          `127.0.0.1:${9100 + b}`,
        );
      }
      if (has('jmx')) {
        const totalP99 = pos(o.produceTimeP99Ms ?? 5);
        const parts: Record<string, number> = {};
        for (const [k, s] of Object.entries(shares)) parts[`produce_${k}_time_ms_p99`] = totalP99 * ratio(s);
        add(
          'jmx',
          {
            [J.heapUsed]: 0.6 * GIB,
            [J.heapMax]: GIB,
            [J.oldGenAfterGc]: GIB * ratio(o.heapOldRatio ?? 0.4),
            [J.gcTimeRatio]: pos(o.gcTimeRatio ?? 0.01),
            [J.gcYoungSeconds]: gcSecs,
            [J.gcOldSeconds]: Math.floor(oldGc) * 0.5,
            [J.gcOldCount]: Math.floor(oldGc),
            [K.messagesInPerSec]: pos(rate / brokers),
            [K.bytesInPerSec]: pos((rate * 512) / brokers),
            [K.produceRequestsPerSec]: pos(rate / brokers / mpr),
            [K.requestHandlerIdle]: ratio(o.requestHandlerIdle ?? 0.8),
            [K.networkProcessorIdle]: ratio(o.networkProcessorIdle ?? 0.8),
            [K.produceTotalTimeP99]: totalP99,
            ...parts,
            [K.underReplicated]: o.urp ?? 0,
            [K.underMinIsr]: o.underMinIsr ?? 0,
            [K.isrShrinksPerSec]: o.isrShrinksPerSec ?? 0,
          },
          `127.0.0.1:${7071 + b}`,
        );
      }
    }
    if (has('lag') && consumers) {
      const L = SAMPLE_NAMES.lag;
      for (let p = 0; p < partitions; p++) produced[p]! += acked / partitions;
      for (const gname of groups) {
        let totalLag = 0;
        for (let p = 0; p < partitions; p++) {
          const leoTrue = Math.round(produced[p]!);
          const key = p + 1000 * groups.indexOf(gname);
          const freeze = (stalled.has(p) && phase === 'load') || stopped;
          let committed = Math.max(0, Math.round(leoTrue - (trueLag * weights[p]!) / wsum));
          if (freeze) {
            if (!frozen.has(key)) frozen.set(key, committed);
            committed = frozen.get(key)!;
          }
          const lag = Math.max(0, Math.round(j(leoTrue - committed)));
          totalLag += lag;
          add('lag', { [L.lagMessages]: lag, [L.committedOffset]: committed, [L.logEndOffset]: committed + lag }, gname, { group: gname, topic: TOPIC, partition: String(p) });
        }
        add('lag', { [L.lagMessages]: totalLag }, gname, { group: gname, topic: TOPIC });
      }
    }
    if (has('client')) {
      const C = SAMPLE_NAMES.client;
      add('client', { [C.requestLatencyP99]: pos((o.publishLatencyMs ?? 5) * 3), [C.timeouts]: count(o.clientTimeoutsPerSec ?? 0), [C.retries]: count(o.clientTimeoutsPerSec ?? 0) });
    }
  }
  const profile = syntheticProfile(o, target, partitions, consumers);
  const record: RunRecord = {
    dir: '/synthetic/run-1',
    profile: o.rabbitmq ? rabbitProfile(profile, TOPIC, o.rabbitmq) : o.artemis ? artemisProfile(profile, TOPIC, o.artemis) : profile,
    broker: o.broker !== undefined ? o.broker : o.rabbitmq ? RABBIT_FACTS : o.artemis ? ARTEMIS_FACTS : { kind: 'kafka', capabilities: LEGACY_KAFKA_CAPABILITIES },
    timeline,
    samples,
    events: o.events ?? [],
    summary: o.summary === false ? null : syntheticSummary(o, timeline, target),
    warnings: [],
  };
  const plant = { topic: TOPIC, rate, consumers: consumers?.perGroup ?? 0, groups, warmupSec: warmup, pos };
  if (o.artemis) return plantArtemis(record, o.artemis, plant);
  if (!o.rabbitmq) return record;
  return plantRabbit(record, o.rabbitmq, plant);
}

function syntheticProfile(o: SyntheticOptions, target: number | null, partitions: number, consumers: SyntheticOptions['consumers']): Profile {
  const profile: Profile = {
    name: 'synthetic',
    driver: { type: 'kafka', brokers: ['127.0.0.1:9092'] },
    topics: [{ name: TOPIC, partitions, replicationFactor: 1 }],
    message: { size: 512, keys: o.keys ?? 'random', ...(o.keys === 'hot' ? { hotShare: 0.8 } : {}) },
    producers: { count: o.producers ?? 4, mode: o.mode ?? 'async', maxInFlight: o.maxInFlight ?? 1000, batch: { maxRecords: 100, lingerMs: 5 } },
    load: {
      warmup: `${o.warmupSec ?? 5}s`,
      cooldown: `${o.cooldownSec ?? 3}s`,
      phases: [target === null ? { executor: 'max-throughput', duration: `${o.loadSec ?? 60}s` } : { executor: 'constant-arrival-rate', rate: target, duration: `${o.loadSec ?? 60}s` }],
    },
  };
  if (consumers) profile.consumers = { groups: consumers.groups, perGroup: consumers.perGroup, processing: { delayMs: consumers.delayMs ?? 0 } };
  if (o.thresholds) profile.thresholds = o.thresholds;
  if (o.faults) profile.faults = [{ at: '10s', action: 'broker-restart' }];
  return profile;
}

function syntheticSummary(o: SyntheticOptions, timeline: TimelineEntry[], target: number | null): RunSummary {
  const measured = timeline.filter((e) => e.phase !== 'warmup');
  const sumOf = (f: (e: TimelineEntry) => number): number => measured.reduce((a, e) => a + f(e), 0);
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    status: 'completed',
    runId: 'synthetic-run',
    profile: 'synthetic',
    startedAt: new Date(1_700_000_000_000).toISOString(),
    endedAt: new Date(1_700_000_000_000 + timeline.length * 1000).toISOString(),
    durationSec: measured.length,
    warmupSec: o.warmupSec ?? 5,
    mode: o.mode ?? 'async',
    workers: o.workers ?? 2,
    produce: {
      sent: sumOf((e) => e.produce.sent),
      acked: sumOf((e) => e.produce.acked),
      failed: sumOf((e) => e.produce.failed),
      dropped: sumOf((e) => e.produce.dropped),
      bytes: sumOf((e) => e.produce.bytes),
      ratePerSec: sumOf((e) => e.produce.acked) / Math.max(1, measured.length),
      targetRatePerSec: target,
    },
    consume: { received: sumOf((e) => e.consume.received), bytes: sumOf((e) => e.consume.bytes), ratePerSec: sumOf((e) => e.consume.received) / Math.max(1, measured.length) },
    latencyMs: { publish: null, publishDelay: null, e2e: null },
    thresholds: [],
    errors: {},
    ...(o.delivery ? { delivery: o.delivery } : {}),
  };
}

/** Writes a synthetic record as a run directory (profile.json, broker.json unless `broker: null`, timeline.jsonl, samples.jsonl, events.jsonl, summary.json). */
export async function writeSyntheticRunDir(dir: string, o: SyntheticOptions = {}): Promise<RunRecord> {
  const r = syntheticRecord(o);
  await mkdir(dir, { recursive: true });
  const lines = (xs: unknown[]): string => xs.map((x) => JSON.stringify(x) + '\n').join('');
  await writeFile(join(dir, 'profile.json'), JSON.stringify(r.profile, null, 2) + '\n');
  if (r.broker) await writeFile(join(dir, 'broker.json'), JSON.stringify({ schemaVersion: RECORD_SCHEMA_VERSION, ...r.broker }, null, 2) + '\n');
  await writeFile(join(dir, 'timeline.jsonl'), lines(r.timeline));
  await writeFile(join(dir, 'samples.jsonl'), lines(r.samples));
  await writeFile(join(dir, 'events.jsonl'), lines(r.events));
  if (r.summary) await writeFile(join(dir, 'summary.json'), JSON.stringify(r.summary, null, 2) + '\n');
  return { ...r, dir };
}
