/**
 * mqload's own process: the coordinator thread (event-loop delay and utilisation, heap) and the
 * whole process (CPU, RSS), plus each load worker thread from the {@link WorkerStatsHub}.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import type { Collector, SampleReading } from './types.js';
import type { CollectorStatus } from '../record/types.js';
import { SAMPLE_NAMES } from '../record/types.js';
import { workerInstance, type WorkerStatsHub } from './worker-stats.js';

const P = SAMPLE_NAMES.process;

/** Instance name of the coordinator's own sample. */
export const COORDINATOR_INSTANCE = 'coordinator';

/**
 * Samples: `source: 'process'`.
 * - `instance: 'coordinator'`: `cpu_percent` and `rss_bytes` of the whole mqload process (all
 *   threads; 100 = one core), `heap_*` of the coordinator's isolate, event-loop delay p99/max
 *   (ms, `monitorEventLoopDelay` at 10 ms resolution) and utilisation of the coordinator thread;
 * - `instance: 'worker-<i>'`: the worker thread's event-loop figures and, when it sends CPU
 *   times, its `cpu_percent`.
 */
export class ProcessCollector implements Collector {
  readonly name = 'process';
  readonly source = 'process';
  private delay: IntervalHistogram | null = null;
  private lastElu: EventLoopUtilization | null = null;
  private lastCpu: NodeJS.CpuUsage | null = null;
  private lastAt = 0;

  constructor(private readonly workers: WorkerStatsHub | null) {}

  async start(): Promise<CollectorStatus> {
    this.delay = monitorEventLoopDelay({ resolution: 10 });
    this.delay.enable();
    this.lastElu = performance.eventLoopUtilization();
    this.lastCpu = process.cpuUsage();
    this.lastAt = performance.now();
    return { available: true };
  }

  async sample(): Promise<SampleReading[]> {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const elu = performance.eventLoopUtilization();
    const mem = process.memoryUsage();
    const values: Record<string, number> = { [P.rss]: mem.rss, [P.heapUsed]: mem.heapUsed, [P.heapTotal]: mem.heapTotal };
    const elapsedMs = now - this.lastAt;
    if (this.lastCpu && elapsedMs > 0) {
      const cpuMs = (cpu.user - this.lastCpu.user + cpu.system - this.lastCpu.system) / 1000;
      values[P.cpuPercent] = (cpuMs / elapsedMs) * 100;
    }
    if (this.lastElu) values[P.eventLoopUtilization] = performance.eventLoopUtilization(elu, this.lastElu).utilization;
    if (this.delay && this.delay.count > 0) {
      values[P.eventLoopDelayP99] = this.delay.percentile(99) / 1e6;
      values[P.eventLoopDelayMax] = this.delay.max / 1e6;
      this.delay.reset();
    }
    this.lastCpu = cpu;
    this.lastElu = elu;
    this.lastAt = now;
    const out: SampleReading[] = [{ source: this.source, instance: COORDINATOR_INSTANCE, values }];
    for (const [i, w] of this.workers?.drainProcess() ?? []) {
      const wv: Record<string, number> = {
        [P.eventLoopDelayP99]: w.eventLoopDelayP99Ms,
        [P.eventLoopDelayMax]: w.eventLoopDelayMaxMs,
        [P.eventLoopUtilization]: w.elu,
      };
      if (w.cpuPercent !== undefined) wv[P.cpuPercent] = w.cpuPercent;
      out.push({ source: this.source, instance: workerInstance(i), values: wv });
    }
    return out;
  }

  async stop(): Promise<void> {
    this.delay?.disable();
    this.delay = null;
  }
}
