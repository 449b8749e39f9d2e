/**
 * Messages between the coordinator and its worker threads. Workers own the load loop; the
 * coordinator only starts, samples (`collect` every interval) and stops them.
 */
import type { DriverConfig } from '../drivers/types.js';
import type { RateSegment, WorkerPlan } from '../plan/types.js';
import type { IntervalSnapshot } from './stats.js';
import type { SinkSpec } from '../profile/schema.js';
import type { VerificationDelta } from '../verify/types.js';
import type { SinkCounters } from '../sinks/types.js';
import type { OutageWindow } from '../faults/outage.js';

export interface WorkerInit {
  runId: string;
  /** Part of every client id this worker makes: `w<i>`, or `s<K>-w<i>` in execution segment K (client ids stay unique across the segments of a run). */
  clientTag: string;
  worker: WorkerPlan;
  driver: DriverConfig;
  segments: RateSegment[];
  /** End of warm-up, ms since load start (the plan's `warmupMs`). */
  warmupMs: number;
  message: { size: number; keys: 'none' | 'round-robin' | 'random' | 'hot'; keySpace: number; hotShare: number };
  /** Verify delivery (collect acked/received sequence numbers). */
  verify: boolean;
  /** The run's record directory: where a client library's own log goes (see DriverOptions.logDir). */
  logDir: string;
}

/** Resource usage of one worker thread over the last interval. */
export interface WorkerResources {
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** Event-loop utilisation 0–1 (share of time the thread was busy). */
  elu: number;
  /** CPU time of this thread over the interval, ms (Linux; absent elsewhere). */
  cpuUserMs?: number;
  cpuSystemMs?: number;
}

/** Client instrumentation aggregated over the last interval. */
export interface WorkerClientStats {
  requests: number;
  latencyMsSum: number;
  latencyP99Ms: number;
  timeouts: number;
  retries: number;
  queueSizeMax: number;
}

export type ToWorker =
  /** Consumer groups are positioned: consumers may join now. */
  | { type: 'start-consumers' }
  | { type: 'start'; startWallMs: number }
  | { type: 'collect'; seq: number }
  | { type: 'stop-producers'; timeoutMs: number }
  | { type: 'pause-consumers' }
  | { type: 'resume-consumers' }
  /** Crash consumer `consumerId` (null: this worker's first) without committing; rejoin after downForMs. */
  | { type: 'crash-consumer'; consumerId: string | null; downForMs: number }
  /**
   * Close every consumer (a normal close: the batch in hand is finished and acknowledged, what
   * the consumer holds beyond it goes back to the queue) and start none again; answered by
   * `consumers-stopped`. The queue audit sends it before counting a queue that has no offsets.
   */
  | { type: 'stop-consumers' }
  /** Ship the verification state now (answered by a `verification` message with this round). */
  | { type: 'flush-verification'; round: number }
  /** Open one sink writer per consumer (answered by `sink-opened`). */
  | { type: 'open-sink'; sink: SinkSpec }
  /** Stop writing, close the writers (answered by `sink-stats`). */
  | { type: 'close-sink' }
  /** Report the producers' outage windows (answered by `outages`). */
  | { type: 'report-outages' }
  | { type: 'shutdown' };

export type FromWorker =
  | { type: 'ready'; workerIndex: number }
  | { type: 'snapshot'; workerIndex: number; seq: number; snapshot: IntervalSnapshot; resources: WorkerResources; client: WorkerClientStats; producersFinished: boolean }
  | { type: 'producers-stopped'; workerIndex: number; inFlight: number }
  | { type: 'event'; workerIndex: number; kind: 'consumer-crash' | 'rebalance' | 'note'; message: string }
  /** Verification bookkeeping since the last shipment; round 0 = periodic (after each collect), else the flush round answered. */
  | { type: 'verification'; workerIndex: number; round: number; state: VerificationDelta }
  /** Sink writers opened (error: why not). */
  | { type: 'sink-opened'; workerIndex: number; error?: string }
  /** Final sink counts of this worker, after its writers closed. */
  | { type: 'sink-stats'; workerIndex: number; stats: SinkCounters }
  /** Outage windows seen by this worker's producers (epoch ms). */
  | { type: 'outages'; workerIndex: number; windows: OutageWindow[] }
  /** A crashed consumer joined its group again (epoch ms). */
  | { type: 'consumer-rejoined'; workerIndex: number; consumerId: string; atWall: number }
  | { type: 'fatal'; workerIndex: number; message: string; exitCode: number; hint?: string }
  | { type: 'consumers-stopped'; workerIndex: number }
  | { type: 'closed'; workerIndex: number };
