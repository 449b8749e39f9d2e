/**
 * The run record: the only input of the analyzer and the reports. A run directory holds
 *
 * - `profile.json`   the resolved profile (after CLI overrides), written first;
 * - `timeline.jsonl` one {@link TimelineEntry} per interval, appended and flushed as the run goes;
 * - `samples.jsonl`  one {@link Sample} per collector sample, appended as they arrive;
 * - `events.jsonl`   one {@link RunEvent} per notable event (phase change, fault, collector gap);
 * - `summary.json`   the {@link RunSummary}, written at the end (also on interrupt);
 * - `findings.json`  the analyzer's {@link FindingsFile};
 * - `report.md`, `report.html`, `report.json`, `junit.xml` from the reports.
 *
 * Every file carries or is covered by {@link RECORD_SCHEMA_VERSION}; readers reject newer major versions.
 */

/** Major.minor; a reader accepts the same major and any minor. */
export const RECORD_SCHEMA_VERSION = '1.1';

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
 * The canonical names per source are listed in {@link SAMPLE_NAMES}.
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

export interface ThresholdResult {
  metric: string;
  expression: string;
  /** The measured value the expression was evaluated on (null when the metric had no data). */
  actual: number | null;
  ok: boolean;
}

export interface CollectorStatus {
  available: boolean;
  reason?: string;
  samples?: number;
  gaps?: number;
}

/** Per-group delivery verification (issue 5). */
export interface DeliveryResult {
  group: string;
  sent: number;
  acked: number;
  received: number;
  unique: number;
  lost: number;
  lostUnacked: number;
  /** One-way sends whose fate is unknown to the producer. */
  unknown?: number;
  /**
   * Acknowledged, never delivered, but still in the queue beyond the group's committed offset
   * when the run ended (a backlog, not counted in `lost`). Present when the queue was audited:
   * verification reads the backlog back whenever acknowledged messages are missing at the end.
   */
  undelivered?: number;
  duplicated: number;
  reordered: number;
  /** `backlog`: nothing lost, duplicated or reordered, but `undelivered` messages remain queued. */
  verdict: 'ok' | 'loss' | 'duplicates' | 'reordering' | 'backlog' | 'unverified';
}

/** The consumer database sink's counts (`consumers.sink`), over the whole run. */
export interface SinkSummary {
  type: 'postgres' | 'mysql';
  table: string;
  mode: 'insert' | 'upsert';
  /** Messages handed to the sink. */
  writes: number;
  /** Rows created. */
  inserted: number;
  /** Redeliveries whose row existed: unique-key violations (insert) or updates (upsert). */
  duplicates: number;
  /** Writes that failed for another reason (message not stored). */
  errors: number;
  /** Rows of this run in the table at the end (null when they could not be counted). */
  rows: number | null;
  /** False when some worker did not report its counts. */
  complete: boolean;
}

/**
 * One injected fault (`faults:` in the profile) and what producers saw. Seconds since load start
 * (as timeline `t`). The outage window runs from the first send that failed or was blocked
 * (acknowledged ≥ 1 s after it was sent) to the first acknowledgement after it; null when
 * producers saw no outage.
 */
export interface FaultResult {
  /** `f<index>` into `profile.faults`. */
  id: string;
  action: 'broker-restart' | 'broker-kill' | 'broker-pause' | 'consumer-crash' | 'exec';
  /** When the fault was injected. */
  at: number;
  /** When it was repaired (broker answering again, resumed, consumer rejoined, command exited); null if never. */
  endSec: number | null;
  outageStartSec: number | null;
  outageEndSec: number | null;
  /** outageEnd − outageStart. */
  outageSec: number | null;
  /** First acknowledgement after the repair: outageEnd − endSec (0 when producers recovered first). */
  recoverySec: number | null;
  /** Sends that failed (after client retries) during the outage window. */
  errorsDuring: number;
  /** Why the fault could not be injected or completed, when it could not. */
  error?: string;
}

/** `summary.json`. Warm-up is excluded from every figure here. */
export interface RunSummary {
  schemaVersion: string;
  status: 'completed' | 'interrupted' | 'failed';
  /** Why the run failed or was interrupted, when it was. */
  reason?: string;
  runId: string;
  profile: string;
  startedAt: string;
  endedAt: string;
  /** Measured seconds (warm-up excluded). */
  durationSec: number;
  warmupSec: number;
  mode: 'sync' | 'async' | 'oneway';
  workers: number;
  produce: {
    sent: number;
    acked: number;
    failed: number;
    dropped: number;
    bytes: number;
    ratePerSec: number;
    targetRatePerSec: number | null;
    /** Sends neither acked nor failed when the run ended (sent = acked + failed + unresolved). */
    unresolved?: number;
  };
  consume: { received: number; bytes: number; ratePerSec: number };
  latencyMs: { publish: LatencyStats | null; publishDelay: LatencyStats | null; e2e: LatencyStats | null; stored?: LatencyStats | null };
  thresholds: ThresholdResult[];
  errors: Record<string, number>;
  collectors?: Record<string, CollectorStatus>;
  /** Delivery verification per group; covers every message of the run, warm-up included. */
  delivery?: DeliveryResult[];
  sink?: SinkSummary;
  faults?: FaultResult[];
}

export type FindingCategory =
  | 'load-generator'
  | 'rate-not-met'
  | 'broker-cpu'
  | 'broker-memory'
  | 'broker-network'
  | 'broker-disk'
  | 'broker-threads'
  | 'broker-jvm'
  | 'replication'
  | 'consumer-lag'
  | 'consumer-idle'
  | 'partitions'
  | 'client-batching'
  | 'delivery'
  | 'configuration';

export interface Evidence {
  /** What was measured, e.g. `request-handler idle`. */
  metric: string;
  value: number;
  unit: string;
  /** Threshold it was compared with, when there is one. */
  threshold?: number;
  /** Time window in seconds since run start. */
  window?: { from: number; to: number };
  note?: string;
}

export interface Finding {
  id: string;
  category: FindingCategory;
  severity: 'critical' | 'warning' | 'info';
  title: string;
  evidence: Evidence[];
  recommendation: string;
  confidence: 'high' | 'medium' | 'low';
}

/**
 * Canonical sample value names per collector source. Collectors write these; the analyzer, the
 * Prometheus exporter and the reports read them. Add names here, never inline elsewhere.
 */
export const SAMPLE_NAMES = {
  host: {
    cpuPercent: 'cpu_busy_percent',
    /** Highest per-core busy %, with `cpu_core_<i>_busy_percent` per core. */
    cpuMaxCorePercent: 'cpu_max_core_busy_percent',
    memTotal: 'mem_total_bytes',
    memAvailable: 'mem_available_bytes',
    netRx: 'net_rx_bytes_per_sec',
    netTx: 'net_tx_bytes_per_sec',
    /** Link speed of the busiest non-loopback interface, bytes/s (absent when unknown, e.g. loopback only). */
    netLinkSpeed: 'net_link_speed_bytes_per_sec',
    load1: 'load1',
    cores: 'cores',
  },
  process: {
    cpuPercent: 'cpu_percent',
    rss: 'rss_bytes',
    heapUsed: 'heap_used_bytes',
    heapTotal: 'heap_total_bytes',
    eventLoopDelayP99: 'event_loop_delay_p99_ms',
    eventLoopDelayMax: 'event_loop_delay_max_ms',
    eventLoopUtilization: 'event_loop_utilization_ratio',
  },
  brokerProcess: {
    cpuPercent: 'cpu_percent',
    rss: 'rss_bytes',
    threads: 'threads',
    diskReadBps: 'disk_read_bytes_per_sec',
    diskWriteBps: 'disk_write_bytes_per_sec',
    dataDirBytes: 'data_dir_bytes',
  },
  node: {
    cpuBusyPercent: 'cpu_busy_percent',
    cores: 'cores',
    load1: 'load1',
    memAvailable: 'mem_available_bytes',
    memTotal: 'mem_total_bytes',
    netRx: 'net_rx_bytes_per_sec',
    netTx: 'net_tx_bytes_per_sec',
    /** Sum of `node_network_speed_bytes` over non-loopback interfaces, bytes/s (absent when unknown). */
    netLinkSpeed: 'net_link_speed_bytes_per_sec',
    diskRead: 'disk_read_bytes_per_sec',
    diskWrite: 'disk_write_bytes_per_sec',
    diskBusy: 'disk_io_busy_ratio',
  },
  jvm: {
    heapUsed: 'heap_used_bytes',
    heapCommitted: 'heap_committed_bytes',
    heapMax: 'heap_max_bytes',
    oldGenAfterGc: 'old_gen_after_gc_bytes',
    gcYoungCount: 'gc_young_count_total',
    gcYoungSeconds: 'gc_young_seconds_total',
    gcOldCount: 'gc_old_count_total',
    gcOldSeconds: 'gc_old_seconds_total',
    /** GC seconds per second over the last interval (all collectors). */
    gcTimeRatio: 'gc_time_ratio',
    threads: 'threads',
  },
  kafka: {
    bytesInPerSec: 'bytes_in_per_sec',
    bytesOutPerSec: 'bytes_out_per_sec',
    messagesInPerSec: 'messages_in_per_sec',
    requestHandlerIdle: 'request_handler_idle_ratio',
    networkProcessorIdle: 'network_processor_idle_ratio',
    requestQueueSize: 'request_queue_size',
    produceRequestsPerSec: 'produce_requests_per_sec',
    fetchRequestsPerSec: 'fetch_requests_per_sec',
    /** `<req>_<part>_time_ms_p99` for req in produce|fetch_consumer, part in total|request_queue|local|remote|response_queue|response_send. */
    produceTotalTimeP99: 'produce_total_time_ms_p99',
    underReplicated: 'under_replicated_partitions',
    underMinIsr: 'under_min_isr_partitions',
    isrShrinksPerSec: 'isr_shrinks_per_sec',
    isrExpandsPerSec: 'isr_expands_per_sec',
  },
  lag: {
    /** Per partition (labels group, topic, partition) and per group total (labels group, topic). */
    lagMessages: 'lag_messages',
    logEndOffset: 'log_end_offset',
    committedOffset: 'committed_offset',
    timeLagSeconds: 'time_lag_seconds',
  },
  client: {
    requestLatencyP99: 'request_latency_p99_ms',
    requestLatencyAvg: 'request_latency_avg_ms',
    requests: 'requests_count',
    requestQueueSizeMax: 'request_queue_size_max',
    timeouts: 'request_timeouts_count',
    retries: 'retries_count',
  },
} as const;

export interface FindingsFile {
  schemaVersion: string;
  runId: string;
  /** Id of the primary bottleneck finding, or null when none was found. */
  primary: string | null;
  verdict: 'healthy' | 'bottleneck' | 'generator-limited' | 'insufficient-data';
  /** One sentence for the top of the report. */
  headline: string;
  /** Trimmed analysis window, seconds since run start. */
  window: { from: number; to: number };
  findings: Finding[];
  /** Rules that could not decide, with why. */
  insufficient: Array<{ rule: string; reason: string }>;
  /** Rules that ran and found nothing. */
  ok: string[];
  scaling?: ScalingEstimate;
}

export interface ScalingEstimate {
  targetRatePerSec: number;
  inputs: Record<string, number | string>;
  partitionsNeeded?: number;
  consumersNeeded?: number;
  brokersNeeded?: number;
  notes: string[];
}
