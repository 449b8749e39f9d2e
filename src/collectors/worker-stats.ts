/**
 * Worker-side resource and client statistics, measured inside each load worker thread and
 * handed to the coordinator every interval. The orchestrator calls {@link WorkerStatsSink.report}
 * with each worker's figures; the `process` and `client` collectors drain them into samples
 * with `instance: worker-<i>`.
 */
import type { WorkerClientStats } from '../load/protocol.js';

/** Client instrumentation of one worker over one interval, as the load workers measure it. */
export type WorkerClientFigures = WorkerClientStats;

/** What one worker reports for one interval. Every figure covers that interval only. */
export interface WorkerStats {
  workerIndex: number;
  /** Event-loop delay p99 and max of the worker thread, ms. */
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  /** Event-loop utilisation of the worker thread, 0–1. */
  elu: number;
  /** CPU time of the worker thread in the interval, ms (omit when the runtime cannot measure per thread). */
  cpuUserMs?: number;
  cpuSystemMs?: number;
  /** Length of the interval the figures cover, ms; default: time since this worker's previous report. */
  intervalMs?: number;
  client: WorkerClientFigures;
}

/** Where the orchestrator hands worker statistics; call once per worker per interval. Never throws. */
export interface WorkerStatsSink {
  report(stats: WorkerStats): void;
}

/** Resource figures of one worker accumulated since the last drain. */
export interface WorkerProcessFigures {
  eventLoopDelayP99Ms: number;
  eventLoopDelayMaxMs: number;
  elu: number;
  /** CPU % of one core; undefined when the worker sent no CPU times. */
  cpuPercent?: number;
}

interface PendingProcess {
  delayP99: number;
  delayMax: number;
  eluWeighted: number;
  ms: number;
  cpuMs: number;
  /** Interval length covered by `cpuMs`, ms (0: no CPU figures). */
  cpuWindowMs: number;
}

const emptyClient = (): WorkerClientFigures => ({ requests: 0, latencyMsSum: 0, latencyP99Ms: 0, timeouts: 0, retries: 0, queueSizeMax: 0 });

/**
 * Collects worker reports between samples. When several reports of one worker arrive before a
 * drain they are merged: counts and CPU time summed, ELU averaged over time, delay p99/max and
 * latency p99 and queue size as the largest reported (an upper bound; percentiles are not summable).
 * The process and client channels drain independently.
 */
export class WorkerStatsHub implements WorkerStatsSink {
  private readonly process = new Map<number, PendingProcess>();
  private readonly client = new Map<number, WorkerClientFigures>();
  private readonly lastReportAt = new Map<number, number>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  report(s: WorkerStats): void {
    const at = this.now();
    const prevAt = this.lastReportAt.get(s.workerIndex);
    this.lastReportAt.set(s.workerIndex, at);
    const ms = s.intervalMs ?? (prevAt !== undefined ? at - prevAt : 0);
    const p = this.process.get(s.workerIndex) ?? { delayP99: 0, delayMax: 0, eluWeighted: 0, ms: 0, cpuMs: 0, cpuWindowMs: 0 };
    p.delayP99 = Math.max(p.delayP99, s.eventLoopDelayP99Ms);
    p.delayMax = Math.max(p.delayMax, s.eventLoopDelayMaxMs);
    // Without a known interval length, weigh the report as 1 ms so the ELU is still its value.
    const w = ms > 0 ? ms : 1;
    p.eluWeighted += s.elu * w;
    p.ms += w;
    if ((s.cpuUserMs !== undefined || s.cpuSystemMs !== undefined) && ms > 0) {
      p.cpuMs += (s.cpuUserMs ?? 0) + (s.cpuSystemMs ?? 0);
      p.cpuWindowMs += ms;
    }
    this.process.set(s.workerIndex, p);
    const c = this.client.get(s.workerIndex) ?? emptyClient();
    c.requests += s.client.requests;
    c.latencyMsSum += s.client.latencyMsSum;
    c.latencyP99Ms = Math.max(c.latencyP99Ms, s.client.latencyP99Ms);
    c.timeouts += s.client.timeouts;
    c.retries += s.client.retries;
    c.queueSizeMax = Math.max(c.queueSizeMax, s.client.queueSizeMax);
    this.client.set(s.workerIndex, c);
  }

  /** Resource figures per worker index since the last call (workers that did not report are absent). */
  drainProcess(): Map<number, WorkerProcessFigures> {
    const out = new Map<number, WorkerProcessFigures>();
    for (const [i, p] of this.process) {
      const f: WorkerProcessFigures = { eventLoopDelayP99Ms: p.delayP99, eventLoopDelayMaxMs: p.delayMax, elu: p.eluWeighted / p.ms };
      if (p.cpuWindowMs > 0) f.cpuPercent = (p.cpuMs / p.cpuWindowMs) * 100;
      out.set(i, f);
    }
    this.process.clear();
    return out;
  }

  /** Client figures per worker index since the last call. */
  drainClient(): Map<number, WorkerClientFigures> {
    const out = new Map(this.client);
    this.client.clear();
    return out;
  }
}

/** `worker-<i>`: the sample instance of worker i. */
export const workerInstance = (i: number) => `worker-${i}`;
