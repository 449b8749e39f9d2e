/**
 * `summary.json`: the run's totals, written at the end (also on interrupt), beside the
 * interval record of `format.ts`. Warm-up is excluded from every figure; delivery verification,
 * the sink's counts and the fault results cover the whole run.
 */
import type { CollectorStatus, LatencyStats } from './format.js';

export interface ThresholdResult {
  metric: string;
  expression: string;
  /** The measured value the expression was evaluated on (null when the metric had no data). */
  actual: number | null;
  ok: boolean;
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
  /**
   * Acknowledged messages of this run that lie before the group's start position, so the group
   * was never meant to read them (a RabbitMQ stream consumer attached at an offset or timestamp
   * after them): neither lost nor undelivered. Present only for groups that start at a position
   * the profile names; see `verify/ledger.ts` for how the line is drawn.
   */
  beforeStart?: number;
  /** Deliveries beyond the first of each message: `redelivered` + `duplicatedInLog` (older records: the total only). */
  duplicated: number;
  /**
   * Of `duplicated`, consumer-side replays: the same broker position delivered again (Kafka: an
   * offset read twice after a crash or rebalance; RabbitMQ: a delivery flagged `redelivered`).
   * An idempotent consumer must absorb these; the log holds the message once.
   */
  redelivered?: number;
  /**
   * Of `duplicated`, copies the producer wrote: one message at two broker positions (a retried
   * send whose first attempt had landed). Idempotent producers must make this 0.
   */
  duplicatedInLog?: number;
  reordered: number;
  /**
   * `duplicates`: the log holds messages twice (producer side); `redelivered`: nothing written
   * twice, but consumers received some messages again (consumer side); `backlog`: nothing lost,
   * duplicated or reordered, but `undelivered` messages remain queued.
   */
  verdict: 'ok' | 'loss' | 'duplicates' | 'redelivered' | 'reordering' | 'backlog' | 'unverified';
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
  action: 'broker-restart' | 'broker-kill' | 'broker-pause' | 'consumer-crash' | 'connection-kill' | 'exec';
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
