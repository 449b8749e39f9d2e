/**
 * The Prometheus exporter as a live run output: serves `/metrics` from load start, updates it
 * every interval and with every batch of samples, and keeps it up `lingerMs` after the run so a
 * scraper gets the final values. A port that can't be bound is a warning, never a failed run.
 */
import type { RunOutput } from '../run/outputs.js';
import type { RunPlan } from '../plan/types.js';
import type { RunEvent, Sample, TimelineEntry } from '../record/format.js';
import type { RunSummary } from '../record/summary.js';
import type { Cumulative } from '../run/aggregate.js';
import { startMetricsServer, type MetricsServer } from './prometheus.js';
import { describeError } from '../errors.js';

export class PrometheusOutput implements RunOutput {
  private server: MetricsServer | null = null;

  constructor(private readonly opts: { host: string; port: number; lingerMs: number }) {}

  async begin(plan: RunPlan): Promise<void> {
    try {
      this.server = await startMetricsServer({ host: this.opts.host, port: this.opts.port, runId: plan.runId });
      process.stderr.write(`        metrics: ${this.server.url}\n`);
    } catch (err) {
      process.stderr.write(`mqload: warning: /metrics not served on ${this.opts.host}:${this.opts.port}: ${describeError(err)} (use --metrics-port)\n`);
    }
  }

  interval(entry: TimelineEntry, c: Cumulative): void {
    const p = c.all.produce;
    this.server?.update(entry, {
      sent: p.sent,
      acked: p.acked,
      failed: p.failed,
      dropped: p.dropped,
      bytesSent: p.bytes,
      received: c.all.consume.received,
      bytesReceived: c.all.consume.bytes,
      requests: p.requests,
    });
  }

  samples(samples: Sample[]): void {
    this.server?.updateSamples(samples);
  }

  /** Fault windows: `fault` (injected) sets `mqload_fault_active` to 1, `fault-end` back to 0. */
  event(ev: RunEvent): void {
    if (ev.kind !== 'fault' && ev.kind !== 'fault-end') return;
    const id = ev.data?.['id'];
    const action = ev.data?.['action'];
    if (typeof id !== 'string' || typeof action !== 'string') return;
    this.server?.setFault(id, action, ev.kind === 'fault');
  }

  async end(_summary: RunSummary): Promise<void> {
    if (!this.server) return;
    if (this.opts.lingerMs > 0) {
      process.stderr.write(`  metrics   ${this.server.url} stays up ${Math.round(this.opts.lingerMs / 1000)} s (--metrics-linger)\n`);
      await new Promise((r) => setTimeout(r, this.opts.lingerMs));
    }
    await this.close();
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    await s?.close();
  }
}
