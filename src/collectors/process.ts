/**
 * mqload's own process: the coordinator thread (CPU, event-loop delay and utilisation, heap), the
 * whole process (CPU of all threads, RSS), and each load worker thread from the {@link WorkerStatsHub}.
 */
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';
import type { Collector, SampleReading } from './types.js';
import type { CollectorStatus } from '../record/format.js';
import { PROCESS_INSTANCES } from '../record/format.js';
import { SAMPLE_NAMES } from '../record/sample-names.js';
import { threadCpuMs } from './proc.js';
import { workerInstance, type WorkerStatsHub } from './worker-stats.js';

const P = SAMPLE_NAMES.process;

/** Instance name of the coordinator thread's own sample. */
export const COORDINATOR_INSTANCE = PROCESS_INSTANCES.coordinator;
/** Instance name of the whole process's sample (every thread). */
export const ALL_THREADS_INSTANCE = PROCESS_INSTANCES.allThreads;

/**
 * Samples: `source: 'process'`, CPU in percent of one core.
 * - `instance: 'all-threads'`: `cpu_percent` and `rss_bytes` of the whole mqload process (every
 *   thread: coordinator, load workers, V8 and libuv helpers);
 * - `instance: 'coordinator'`: `cpu_percent` of the coordinator thread alone (from
 *   `/proc/thread-self/stat`, Linux, 10 ms resolution; absent elsewhere), `heap_*` of its isolate,
 *   event-loop delay p99/max (ms, `monitorEventLoopDelay` at 10 ms resolution) and utilisation;
 * - `instance: 'worker-<i>'`: the worker thread's event-loop figures and, when it sends CPU
 *   times, its `cpu_percent`.
 */
export class ProcessCollector implements Collector {
  readonly name = 'process';
  readonly source = 'process';
  private delay: IntervalHistogram | null = null;
  private lastElu: EventLoopUtilization | null = null;
  private lastCpu: NodeJS.CpuUsage | null = null;
  private lastThreadCpu: { userMs: number; systemMs: number } | null = null;
  private lastAt = 0;

  constructor(private readonly workers: WorkerStatsHub | null) {}

  async start(): Promise<CollectorStatus> {
    this.delay = monitorEventLoopDelay({ resolution: 10 });
    this.delay.enable();
    this.lastElu = performance.eventLoopUtilization();
    this.lastCpu = process.cpuUsage();
    this.lastThreadCpu = threadCpuMs();
    this.lastAt = performance.now();
    return { available: true };
  }

  async sample(): Promise<SampleReading[]> {
    const now = performance.now();
    const cpu = process.cpuUsage();
    const threadCpu = threadCpuMs();
    const elu = performance.eventLoopUtilization();
    const mem = process.memoryUsage();
    const whole: Record<string, number> = { [P.rss]: mem.rss };
    const values: Record<string, number> = { [P.heapUsed]: mem.heapUsed, [P.heapTotal]: mem.heapTotal };
    const elapsedMs = now - this.lastAt;
    if (this.lastCpu && elapsedMs > 0) {
      const cpuMs = (cpu.user - this.lastCpu.user + cpu.system - this.lastCpu.system) / 1000;
      whole[P.cpuPercent] = (cpuMs / elapsedMs) * 100;
    }
    if (this.lastThreadCpu && threadCpu && elapsedMs > 0) {
      const cpuMs = threadCpu.userMs - this.lastThreadCpu.userMs + threadCpu.systemMs - this.lastThreadCpu.systemMs;
      values[P.cpuPercent] = (cpuMs / elapsedMs) * 100;
    }
    if (this.lastElu) values[P.eventLoopUtilization] = performance.eventLoopUtilization(elu, this.lastElu).utilization;
    if (this.delay && this.delay.count > 0) {
      values[P.eventLoopDelayP99] = this.delay.percentile(99) / 1e6;
      values[P.eventLoopDelayMax] = this.delay.max / 1e6;
      this.delay.reset();
    }
    this.lastCpu = cpu;
    this.lastThreadCpu = threadCpu;
    this.lastElu = elu;
    this.lastAt = now;
    const out: SampleReading[] = [
      { source: this.source, instance: ALL_THREADS_INSTANCE, values: whole },
      { source: this.source, instance: COORDINATOR_INSTANCE, values },
    ];
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
