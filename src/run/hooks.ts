/**
 * Extension points of a run, for the parts that sit beside the load loop: collectors,
 * delivery verification and fault injection. Each is optional; the orchestrator calls them in
 * a fixed order and never lets them block the interval loop for long.
 */
import type { Driver } from '../drivers/types.js';
import type { RunPlan } from '../plan/types.js';
import type { RunEvent, Sample, TimelineEntry } from '../record/format.js';
import type { RunSummary } from '../record/summary.js';
import type { DeliveryStateFile } from '../record/segment.js';
import type { FromWorker } from '../load/protocol.js';
import type { MetricSource } from '../thresholds/evaluate.js';
import type { WorkerPool } from './worker-pool.js';

export interface RunContext {
  plan: RunPlan;
  /** The coordinator's own driver (admin calls: lag, offsets). */
  driver: Driver;
  pool: WorkerPool;
  emitEvent(kind: RunEvent['kind'], message: string, data?: RunEvent['data']): void;
  emitSamples(samples: Sample[]): void;
  /** Load start (t = 0) as epoch ms; valid after `beforeLoad`. */
  t0(): number;
  /** Writes an execution segment's delivery ledger into the run record (`delivery-state.json`). */
  writeDeliveryState(file: DeliveryStateFile): void;
}

type Snapshot = Extract<FromWorker, { type: 'snapshot' }>;

export interface RunHooks {
  /** After workers are ready, before load starts (start collectors, schedule faults). */
  beforeLoad?(ctx: RunContext): void | Promise<void>;
  /** After each interval entry was written, with the raw worker snapshots. */
  onInterval?(entry: TimelineEntry, snapshots: Snapshot[]): void;
  /** Every message from a worker. */
  onWorkerMessage?(m: FromWorker): void;
  /** After load and drain, before workers shut down (stop collectors). */
  afterLoad?(): void | Promise<void>;
  /** Extra threshold metrics (delivery counts). */
  metricSource?(): MetricSource | undefined;
  /** Adds sections (collectors, delivery) to the summary before it is written. */
  decorateSummary?(summary: RunSummary): void;
  /** Present when delivery verification is on. */
  verification?: unknown;
}

/** Combines several hook sets into one, calling each in order. */
export function combineHooks(all: RunHooks[]): RunHooks {
  return {
    async beforeLoad(ctx) {
      for (const h of all) await h.beforeLoad?.(ctx);
    },
    onInterval(entry, snaps) {
      for (const h of all) h.onInterval?.(entry, snaps);
    },
    onWorkerMessage(m) {
      for (const h of all) h.onWorkerMessage?.(m);
    },
    async afterLoad() {
      for (const h of all) await h.afterLoad?.();
    },
    metricSource() {
      const sources = all.map((h) => h.metricSource?.()).filter((s): s is MetricSource => s !== undefined);
      if (sources.length === 0) return undefined;
      return {
        trend: (m) => sources.map((s) => s.trend(m)).find((v) => v !== null) ?? null,
        counter: (m) => sources.map((s) => s.counter(m)).find((v) => v !== null) ?? null,
      };
    },
    decorateSummary(summary) {
      for (const h of all) h.decorateSummary?.(summary);
    },
    verification: all.find((h) => h.verification !== undefined)?.verification,
  };
}
