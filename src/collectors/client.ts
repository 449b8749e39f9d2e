/**
 * Client instrumentation (request latency, request queue size, timeouts, retries) per
 * interval: from the coordinator's own driver (`Driver.onClientEvent`) and from each worker
 * through the {@link WorkerStatsHub}.
 */
import type { Collector, SampleReading } from './types.js';
import type { CollectorStatus } from '../record/format.js';
import { SAMPLE_NAMES } from '../record/sample-names.js';
import type { ClientEvent, Driver } from '../drivers/types.js';
import { createHistogram, percentileMs, recordMs, type LatencyHistogram } from '../metrics/histogram.js';
import { workerInstance, type WorkerClientFigures, type WorkerStatsHub } from './worker-stats.js';
import { COORDINATOR_INSTANCE } from './process.js';

const C = SAMPLE_NAMES.client;

/** Client figures → sample values (latency avg omitted when there were no requests). */
export function clientValues(f: WorkerClientFigures): Record<string, number> {
  const v: Record<string, number> = {
    [C.requests]: f.requests,
    [C.timeouts]: f.timeouts,
    [C.retries]: f.retries,
    [C.requestQueueSizeMax]: f.queueSizeMax,
  };
  if (f.requests > 0) {
    v[C.requestLatencyAvg] = f.latencyMsSum / f.requests;
    v[C.requestLatencyP99] = f.latencyP99Ms;
  }
  return v;
}

/**
 * Samples: `source: 'client'`, `instance: 'coordinator' | 'worker-<i>'`, counts for the interval
 * (`requests_count`, `request_timeouts_count`, `retries_count`), `request_queue_size_max`, and —
 * when there were requests — `request_latency_avg_ms` and `request_latency_p99_ms`.
 * The coordinator sample appears only when its driver has instrumentation.
 */
export class ClientCollector implements Collector {
  readonly name = 'client';
  readonly source = 'client';
  private own: WorkerClientFigures = { requests: 0, latencyMsSum: 0, latencyP99Ms: 0, timeouts: 0, retries: 0, queueSizeMax: 0 };
  private readonly latency: LatencyHistogram = createHistogram();
  private instrumented = false;
  private stopped = false;

  constructor(private readonly driver: Driver | null, private readonly workers: WorkerStatsHub | null) {}

  async start(): Promise<CollectorStatus> {
    if (this.driver?.onClientEvent) {
      this.driver.onClientEvent((e) => this.onEvent(e));
      this.instrumented = true;
    }
    if (!this.instrumented && !this.workers) return { available: false, reason: 'the driver has no client instrumentation and no workers report' };
    return { available: true };
  }

  private onEvent(e: ClientEvent): void {
    if (this.stopped) return;
    const f = this.own;
    switch (e.type) {
      case 'request':
        f.requests++;
        f.latencyMsSum += e.latencyMs;
        recordMs(this.latency, e.latencyMs);
        break;
      case 'request-timeout':
        f.timeouts++;
        break;
      case 'retry':
        f.retries++;
        break;
      case 'request-queue-size':
        f.queueSizeMax = Math.max(f.queueSizeMax, e.size);
        break;
    }
  }

  async sample(): Promise<SampleReading[]> {
    const out: SampleReading[] = [];
    if (this.instrumented) {
      const f = this.own;
      f.latencyP99Ms = this.latency.totalCount > 0 ? percentileMs(this.latency, 99) : 0;
      out.push({ source: this.source, instance: COORDINATOR_INSTANCE, values: clientValues(f) });
      this.own = { requests: 0, latencyMsSum: 0, latencyP99Ms: 0, timeouts: 0, retries: 0, queueSizeMax: 0 };
      this.latency.reset();
    }
    for (const [i, f] of this.workers?.drainClient() ?? []) out.push({ source: this.source, instance: workerInstance(i), values: clientValues(f) });
    return out;
  }

  async stop(): Promise<void> {
    // Driver listeners cannot be removed; stop counting instead.
    this.stopped = true;
  }
}
