/**
 * The run plan: a profile resolved into what each worker thread does. Built by `buildPlan`
 * (`plan.ts`) from a validated {@link Profile}; consumed by the orchestrator and the workers.
 * Times are milliseconds relative to the start of load (t = 0 is the first warm-up message);
 * rates are messages per second.
 */
import type { Profile } from '../profile/schema.js';
import type { AcksLevel, CommitMode, DriverConfig } from '../drivers/types.js';
import type { ExecutionShare } from './execution-segment.js';

/** A piecewise-linear rate schedule segment for the whole run (all producers together). */
export interface RateSegment {
  /** Start, ms since load start. */
  startMs: number;
  /** End (exclusive), ms since load start. */
  endMs: number;
  /** Rate at startMs, msg/s; null = unthrottled (max-throughput). */
  fromRate: number | null;
  /** Rate at endMs, msg/s (linear ramp in between); null = unthrottled. */
  toRate: number | null;
  kind: 'warmup' | 'load' | 'cooldown';
  /** Index into profile.load.phases (-1 for warm-up and cool-down). */
  phaseIndex: number;
}

export interface ProducerPlan {
  /** Unique in the run, e.g. `p3`; sent in every message header. */
  producerId: string;
  topic: string;
  /** Share of the total rate this producer carries (all shares sum to 1). */
  share: number;
  mode: 'sync' | 'async' | 'oneway';
  acks: AcksLevel;
  /** Window of outstanding messages (sync: 1). */
  maxInFlight: number;
  batch: { maxRecords: number; lingerMs: number };
  compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  idempotent: boolean;
  retries: number;
}

export interface ConsumerPlan {
  consumerId: string;
  groupId: string;
  topic: string;
  commit: CommitMode;
  /** Simulated work per message, ms. */
  processingDelayMs: number;
}

export interface WorkerPlan {
  workerIndex: number;
  producers: ProducerPlan[];
  consumers: ConsumerPlan[];
}

export interface RunPlan {
  runId: string;
  profile: Profile;
  driver: DriverConfig;
  message: { size: number; keys: 'none' | 'round-robin' | 'random' | 'hot'; keySpace: number; hotShare: number };
  /** Whole-run schedule, warm-up first. */
  segments: RateSegment[];
  warmupMs: number;
  /** Measured load time (phases), ms. */
  loadMs: number;
  cooldownMs: number;
  /** warmup + load + cooldown, ms. */
  totalMs: number;
  workers: WorkerPlan[];
  /** Consumer group ids used by the run. */
  groups: string[];
  /** Reporting interval, ms (collect.intervalMs, default 1000). */
  intervalMs: number;
  /**
   * Present when the plan is one execution segment (`--segment K/N`): its share of the profile.
   * `workers` then hold only the segment's producers and consumers; `groups` are all of the
   * profile's groups (shared with the other segments); rates are the segment's share.
   */
  execution?: ExecutionShare;
}
