/**
 * The run record: the only input of the analyzer and the reports. A run directory holds
 *
 * - `profile.json`   the resolved profile (after CLI overrides), written first;
 * - `broker.json`    the {@link BrokerFile}: broker kind and driver capabilities (since 1.2), written with it;
 * - `timeline.jsonl` one {@link TimelineEntry} per interval, appended and flushed as the run goes;
 * - `samples.jsonl`  one {@link Sample} per collector sample, appended as they arrive;
 * - `events.jsonl`   one {@link RunEvent} per notable event (phase change, fault, collector gap);
 * - `summary.json`   the `RunSummary` (`summary.ts`), written at the end (also on interrupt);
 * - `findings.json`  the analyzer's `FindingsFile` (`src/analyzer/finding-types.ts`);
 * - `report.md`, `report.html`, `report.json`, `junit.xml` from the reports.
 *
 * Every file carries or is covered by {@link RECORD_SCHEMA_VERSION}; readers reject newer major versions.
 */

import type { BrokerKind, DriverCapabilities } from '../drivers/types.js';

/**
 * Major.minor; a reader accepts the same major and any minor. 1.1: whole-process samples on
 * their own instance; 1.2: `broker.json` (records without it are Kafka, see `migrate.ts`).
 */
export const RECORD_SCHEMA_VERSION = '1.2';

/** Which broker a run drove and what its driver declared: the analyzer picks rule packs by these. */
export interface BrokerFacts {
  kind: BrokerKind;
  capabilities: DriverCapabilities;
  /** Broker settings its driver read at the start of the run ({@link import('../drivers/types.js').Driver.brokerSettings}); absent when none. */
  settings?: Record<string, string>;
}

/** `broker.json`: the run's {@link BrokerFacts}, written before the load starts. */
export interface BrokerFile extends BrokerFacts {
  schemaVersion: string;
}

/**
 * Instances of `source: 'process'` samples besides `worker-<i>`. Since 1.1 the whole process
 * (all threads: coordinator, load workers, V8 and libuv helpers) is its own instance, and the
 * `coordinator` instance's `cpu_percent` is the coordinator thread alone; a 1.0 record carried
 * the whole process's CPU and RSS on `coordinator` (the reader moves them, see `migrate.ts`).
 */
export const PROCESS_INSTANCES = {
  /** The whole mqload process: `cpu_percent` (all threads), `rss_bytes`. */
  allThreads: 'all-threads',
  /** The coordinator (main) thread: `cpu_percent`, heap, event-loop figures. */
  coordinator: 'coordinator',
} as const;

export type RunPhaseKind = 'warmup' | 'load' | 'cooldown' | 'drain';

/** Latency percentiles in milliseconds, from a merged HDR histogram. */
export interface LatencyStats {
  count: number;
  mean: number;
  min: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

/** Per-interval counters for the producing side (counts in this interval, not cumulative). */
export interface ProduceCounters {
  /** Sends issued to the client (messages). */
  sent: number;
  /** Messages acknowledged by the broker (for one-way: handed to the socket). */
  acked: number;
  /** Messages whose send failed (after client retries). */
  failed: number;
  /** Messages the schedule wanted sent but the generator could not issue (window full). */
  dropped: number;
  /** Payload bytes acknowledged. */
  bytes: number;
  /** Produce requests (batches) acknowledged. */
  requests: number;
}

export interface ConsumeCounters {
  /** Messages delivered to consumer handlers (all groups). */
  received: number;
  /** Payload bytes received. */
  bytes: number;
  /** Messages from other runs or without mqload headers (ignored for latency). */
  foreign: number;
}

/** HDR histograms of one interval, compressed base64 (hdr-histogram-js encodeIntoCompressedBase64), values in microseconds. */
export interface EncodedHistograms {
  publish?: string;
  publishDelay?: string;
  e2e?: string;
  /** Send time → row committed by the consumer sink (only with `consumers.sink`). */
  stored?: string;
}

/** One line of `timeline.jsonl`: what happened in one interval (default 1 s). */
export interface TimelineEntry {
  /** Seconds since the run started (end of this interval). */
  t: number;
  /** Wall clock at the end of the interval, epoch ms. */
  ts: number;
  phase: RunPhaseKind;
  /** Index into `profile.load.phases`, -1 during warm-up/cool-down/drain. */
  phaseIndex: number;
  /** Target rate at the end of the interval, msg/s (null for max-throughput). */
  targetRate: number | null;
  /** Interval length in seconds (≈1). */
  intervalSec: number;
  produce: ProduceCounters;
  consume: ConsumeCounters;
  /** Messages outstanding (issued, not yet acked or failed) at the end of the interval. */
  inFlight: number;
  latencyMs: {
    publish: LatencyStats | null;
    publishDelay: LatencyStats | null;
    e2e: LatencyStats | null;
    /** Send time → row committed by the consumer sink (only with `consumers.sink`). */
    stored?: LatencyStats | null;
  };
  hist: EncodedHistograms;
  /** Error messages seen this interval and how often (top few). */
  errors?: Record<string, number>;
  /** Per-group received counts this interval (group id → messages). */
  groups?: Record<string, number>;
  /**
   * The part of this interval's counts that belongs to messages intended during warm-up,
   * whenever they were sent, acked or received. The summary is Σ(counts) − Σ(warmup) over all
   * entries, so warm-up is excluded exactly whatever the interval alignment; latencies of
   * warm-up messages completing after warm-up are not recorded.
   */
  warmup?: WarmupCounts;
  /** The warm-up messages' part of `hist` (same encoding); the summary subtracts it. */
  warmupHist?: EncodedHistograms;
}

/** Counts of warm-up messages within one interval (see {@link TimelineEntry.warmup}). */
export interface WarmupCounts {
  sent: number;
  acked: number;
  failed: number;
  dropped: number;
  bytes: number;
  received: number;
  receivedBytes: number;
}

/**
 * One line of `samples.jsonl`: one reading of one collector. Value names carry their unit
 * (`_percent` 0–100, `_ratio` 0–1, `_bytes`, `_bytes_per_sec`, `_seconds`, `_ms`, `_per_sec`, `_count`, `_total`).
 * The canonical names per source are listed in `SAMPLE_NAMES` (`sample-names.ts`).
 */
export interface Sample {
  /** Seconds since the run started. */
  t: number;
  /** Epoch ms. */
  ts: number;
  /** Collector name, e.g. `host`, `process`, `broker-process`, `jmx`, `node`, `jolokia`, `lag`, `client`. */
  source: string;
  /** Which instance (e.g. `127.0.0.1:7071`, a group id, a worker id); absent when there is one. */
  instance?: string;
  /** Extra dimensions (e.g. `{ group, topic, partition }` for lag). */
  labels?: Record<string, string>;
  values: Record<string, number>;
}

/** One line of `events.jsonl`. */
export interface RunEvent {
  t: number;
  ts: number;
  kind: 'phase' | 'fault' | 'fault-end' | 'collector-unavailable' | 'collector-gap' | 'collector-recovered' | 'consumer-crash' | 'rebalance' | 'note' | 'interrupt';
  /** Human-readable detail. */
  message: string;
  data?: Record<string, string | number | boolean | null>;
}

export interface CollectorStatus {
  available: boolean;
  reason?: string;
  samples?: number;
  gaps?: number;
}
