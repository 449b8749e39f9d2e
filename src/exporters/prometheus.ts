/**
 * Live Prometheus exporter: `GET /metrics` in the text format, served while a run goes (and
 * for `--metrics-linger` seconds after, which the orchestrator handles). It has its own
 * prom-client Registry (never the global one) with `run=<runId>` on every series. The
 * orchestrator calls {@link MetricsServer.update} once per interval with the timeline entry and
 * {@link MetricsServer.updateSamples} with each batch of collector samples; both only update
 * in-memory values (no I/O), so they never slow the run. The metric list is
 * `PROMETHEUS_CATALOG` (`prometheus-catalog.ts`).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type client from 'prom-client';
import { lazyRequire } from '../lazy-require.js';
import type { Sample, TimelineEntry } from '../record/format.js';
import { EnvironmentError, describeError } from '../errors.js';
import { PROMETHEUS_CATALOG, PROMETHEUS_CATALOG_BY_NAME, type PromMetricSpec } from './prometheus-catalog.js';
import { promMetricFor } from './prometheus-names.js';
import { BucketCounts, renderHistogram } from './prometheus-histogram.js';

/** prom-client, loaded when the first exporter is made. */
const promClient = lazyRequire<typeof client>('prom-client');

export interface MetricsServerOptions {
  /** Listen address (default 127.0.0.1). */
  host?: string;
  /** Listen port (default 9464; 0 picks a free one, see {@link MetricsServer.url}). */
  port?: number;
  runId: string;
  /** A collector series not updated for this long disappears from `/metrics` (default 10 000 ms). */
  staleAfterMs?: number;
}

/** Run totals since the start (warm-up included), for the load counters. */
export interface LoadTotals {
  sent: number;
  acked: number;
  failed: number;
  dropped: number;
  /** Payload bytes acknowledged. */
  bytesSent: number;
  received: number;
  bytesReceived: number;
  /** Produce requests acknowledged. */
  requests: number;
}

const LOAD_COUNTERS: Array<[keyof LoadTotals, string]> = [
  ['sent', 'mqload_messages_sent_total'],
  ['acked', 'mqload_messages_acked_total'],
  ['failed', 'mqload_messages_failed_total'],
  ['dropped', 'mqload_sends_dropped_total'],
  ['received', 'mqload_messages_received_total'],
  ['bytesSent', 'mqload_bytes_sent_total'],
  ['bytesReceived', 'mqload_bytes_received_total'],
  ['requests', 'mqload_produce_requests_total'],
];

const HISTOGRAMS: Array<[keyof TimelineEntry['hist'], string]> = [
  ['publish', 'mqload_publish_latency_seconds'],
  ['publishDelay', 'mqload_publish_delay_seconds'],
  ['e2e', 'mqload_e2e_latency_seconds'],
];

type AnyMetric = client.Gauge<string> | client.Counter<string>;

export class MetricsServer {
  private readonly registry = new (promClient().Registry)();
  private readonly metrics = new Map<string, AnyMetric>();
  private readonly histograms = new Map<string, BucketCounts>();
  private readonly lastTotals = new Map<string, number>();
  /** Last cumulative value per counter series, and last update time per gauge series. */
  private readonly cumulative = new Map<string, number>();
  private readonly gaugeSeen = new Map<string, { name: string; labels: Record<string, string>; at: number }>();
  private readonly unmappedNames = new Set<string>();
  private closing: Promise<void> | null = null;
  private readonly staleAfterMs: number;

  private constructor(private readonly server: http.Server, private readonly runId: string, staleAfterMs: number) {
    this.staleAfterMs = staleAfterMs;
    this.registry.setDefaultLabels({ run: runId });
    for (const spec of PROMETHEUS_CATALOG) {
      if (spec.type === 'histogram') this.histograms.set(spec.name, new BucketCounts());
      else this.metrics.set(spec.name, this.create(spec));
    }
  }

  private create(spec: PromMetricSpec): AnyMetric {
    const conf = { name: spec.name, help: `${spec.help} (${spec.unit})`, labelNames: [...spec.labels], registers: [this.registry] };
    return spec.type === 'counter' ? new (promClient().Counter)(conf) : new (promClient().Gauge)(conf);
  }

  /** Starts listening. Rejects with {@link EnvironmentError} when the port is taken. */
  static async start(opts: MetricsServerOptions): Promise<MetricsServer> {
    const host = opts.host ?? '127.0.0.1';
    const port = opts.port ?? 9464;
    let self: MetricsServer | null = null;
    const server = http.createServer((req, res) => {
      if (!self) return void res.writeHead(503).end();
      self.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        reject(
          err.code === 'EADDRINUSE' || err.code === 'EACCES'
            ? new EnvironmentError(`cannot serve /metrics on ${host}:${port}: ${err.code}`, 'choose another port with --metrics-port, or stop what is using it')
            : err,
        );
      };
      const onListening = () => {
        server.off('error', onError);
        resolve();
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen(port, host);
    });
    self = new MetricsServer(server, opts.runId, opts.staleAfterMs ?? 10_000);
    return self;
  }

  /** `http://host:port/metrics` as bound (useful with port 0). */
  get url(): string {
    const a = this.server.address() as AddressInfo;
    const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
    return `http://${host}:${a.port}/metrics`;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(path === '/metrics' ? 405 : 404, { 'content-type': 'text/plain' }).end(path === '/metrics' ? 'GET only\n' : 'see /metrics\n');
      return;
    }
    this.render().then(
      (body) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(body),
      (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`${describeError(err)}\n`),
    );
  }

  /** The full exposition text (what `/metrics` serves). */
  async render(): Promise<string> {
    this.dropStale(Date.now());
    const labels = { run: this.runId };
    const hist = [...this.histograms].map(([name, b]) => renderHistogram(name, `${PROMETHEUS_CATALOG_BY_NAME.get(name)!.help} (seconds)`, labels, b));
    return (await this.registry.metrics()) + '\n' + hist.join('\n');
  }

  /**
   * Adds one interval of load figures: counters advance to `totals` (run totals since start),
   * histograms take the interval's HDR histograms, gauges take the entry's values.
   */
  update(entry: TimelineEntry, totals: LoadTotals): void {
    for (const [key, name] of LOAD_COUNTERS) this.advance(name, key, totals[key]);
    for (const [group, n] of Object.entries(entry.groups ?? {})) (this.metrics.get('mqload_group_messages_received_total') as client.Counter<string>).inc({ group }, Math.max(0, n));
    for (const [key, name] of HISTOGRAMS) this.histograms.get(name)!.addEncoded(entry.hist[key]);
    (this.metrics.get('mqload_messages_in_flight') as client.Gauge<string>).set(entry.inFlight);
    const target = this.metrics.get('mqload_target_rate_messages_per_second') as client.Gauge<string>;
    target.reset();
    if (entry.targetRate !== null) target.set({ phase: entry.phase }, entry.targetRate);
    const phase = this.metrics.get('mqload_phase_index') as client.Gauge<string>;
    phase.reset();
    phase.set({ phase: entry.phase }, entry.phaseIndex);
  }

  /**
   * Marks fault `id` (an `action` such as `broker-kill`) as in progress (`active`) or over.
   * The series stays at 0 after the fault ends, so a dashboard can tell "no fault now" from
   * "no fault data".
   */
  setFault(id: string, action: string, active: boolean): void {
    (this.metrics.get('mqload_fault_active') as client.Gauge<string>).set({ fault: id, action }, active ? 1 : 0);
  }

  /** Moves a load counter to `total` (never backwards). */
  private advance(name: string, key: string, total: number): void {
    const prev = this.lastTotals.get(key) ?? 0;
    if (total > prev) (this.metrics.get(name) as client.Counter<string>).inc(total - prev);
    this.lastTotals.set(key, Math.max(prev, total));
  }

  /** Takes the latest collector samples. Values of unknown names are skipped (see {@link unmapped}). */
  updateSamples(samples: ReadonlyArray<Pick<Sample, 'source' | 'instance' | 'labels' | 'values'>>): void {
    const now = Date.now();
    for (const s of samples) {
      for (const [valueName, value] of Object.entries(s.values)) {
        if (!Number.isFinite(value)) continue;
        const mapped = promMetricFor(s.source, valueName, value, s);
        const spec = mapped && PROMETHEUS_CATALOG_BY_NAME.get(mapped.name);
        const metric = spec && this.metrics.get(spec.name);
        if (!mapped || !spec || !metric) {
          this.unmappedNames.add(`${s.source}:${valueName}`);
          continue;
        }
        const labels: Record<string, string> = {};
        for (const l of spec.labels) labels[l] = mapped.labels[l] ?? '';
        const key = `${spec.name}${JSON.stringify(labels)}`;
        if (mapped.kind === 'gauge') {
          (metric as client.Gauge<string>).set(labels, mapped.value);
          this.gaugeSeen.set(key, { name: spec.name, labels, at: now });
        } else if (mapped.kind === 'counter-delta') {
          (metric as client.Counter<string>).inc(labels, Math.max(0, mapped.value));
        } else {
          const prev = this.cumulative.get(key);
          const increase = prev === undefined || mapped.value < prev ? mapped.value : mapped.value - prev;
          (metric as client.Counter<string>).inc(labels, Math.max(0, increase));
          this.cumulative.set(key, mapped.value);
        }
      }
    }
  }

  /** Removes gauge series that no sample refreshed within `staleAfterMs` (a collector gap shows as a gap). */
  private dropStale(now: number): void {
    for (const [key, g] of this.gaugeSeen) {
      if (now - g.at <= this.staleAfterMs) continue;
      (this.metrics.get(g.name) as client.Gauge<string>).remove(g.labels);
      this.gaugeSeen.delete(key);
    }
  }

  /** `source:value` names seen in samples that have no exported metric (for diagnostics and tests). */
  unmapped(): string[] {
    return [...this.unmappedNames].sort();
  }

  /** Stops serving. Idempotent; open scrape connections are closed. */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = new Promise<void>((resolve, reject) => {
        this.server.close((err) => (err ? reject(err) : resolve()));
        this.server.closeAllConnections();
      });
    }
    return this.closing;
  }
}

/** Starts the live `/metrics` server (see {@link MetricsServer}). */
export function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  return MetricsServer.start(opts);
}
