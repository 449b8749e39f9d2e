/**
 * RabbitMQ broker figures from the `rabbitmq_prometheus` plugin: `/metrics` (node memory vs
 * watermark, alarms, file descriptors, sockets, Erlang processes and memory, queue totals, and
 * broker-wide message rates from the global counters) and `/metrics/detailed` for the run's vhost
 * (per-queue depth, consumers, consumer capacity and rates). Real-time, unlike the management
 * API's 5 s statistics, but without connection, channel or queue `state`.
 */
import type { Collector, SampleReading } from '../types.js';
import type { CollectorStatus } from '../../record/format.js';
import { describeError } from '../../errors.js';
import { fetchText, parsePromText, ScrapeError } from '../prom-text.js';
import { CounterRates } from '../rates.js';
import { ENABLE_HINT } from './http-api.js';
import { endpointName, type RabbitMqEndpoints } from './endpoints.js';
import { DETAILED_FAMILIES, TOTAL_COUNTERS, WANTED_SERIES, readAggregated, readDetailed } from './prometheus-readings.js';
import { RABBITMQ_SAMPLE_NAMES } from './names.js';

const Q = RABBITMQ_SAMPLE_NAMES.queue;
const QUEUE_RATES = [Q.publishPerSec, Q.deliverPerSec, Q.ackPerSec, Q.redeliverPerSec] as const;

/**
 * Samples (`source: 'rabbitmq-prometheus'`, `instance: <host:port>`): one per node
 * (`labels { node }`), one broker-wide (no labels) and one per queue of the vhost
 * (`labels { vhost, queue }`). Rates need two scrapes, so the first sample has none.
 * Names: {@link RABBITMQ_SAMPLE_NAMES}.
 */
export class RabbitMqPrometheusCollector implements Collector {
  readonly source = 'rabbitmq-prometheus';
  readonly name: string;
  private readonly instance: string;
  private readonly base: string;
  private readonly rates = new CounterRates();

  constructor(private readonly endpoints: RabbitMqEndpoints & { prometheus: string }, private readonly timeoutMs: number) {
    this.base = /^https?:\/\//.test(endpoints.prometheus) ? endpoints.prometheus.replace(/\/+$/, '') : `http://${endpoints.prometheus}`;
    this.instance = endpointName(endpoints.prometheus);
    this.name = `rabbitmq-prometheus:${this.instance}`;
  }

  /** `/metrics/detailed` URL of the run's vhost and the families mqload reads. */
  get detailedUrl(): string {
    return `${this.base}/metrics/detailed?vhost=${encodeURIComponent(this.endpoints.vhost)}&${DETAILED_FAMILIES.map((f) => `family=${f}`).join('&')}`;
  }

  async start(): Promise<CollectorStatus> {
    const url = `${this.base}/metrics`;
    try {
      const reading = readAggregated(parsePromText(await fetchText(url, this.timeoutMs), WANTED_SERIES));
      if (Object.keys(reading.nodeValues).length === 0) return { available: false, reason: this.endpoints.redact(`${url} answered but serves none of the rabbitmq_prometheus series mqload reads: is it the RabbitMQ Prometheus plugin?`) };
      return { available: true };
    } catch (err) {
      const detail = describeError(err);
      // Not there at all (connection refused, timeout) or no such path: the plugin is off.
      const status = /: HTTP (\d{3})/.exec(detail)?.[1];
      const missing = err instanceof ScrapeError && (status === undefined || status === '404');
      const why = `RabbitMQ Prometheus endpoint unavailable (${detail})`;
      return { available: false, reason: this.endpoints.redact(missing ? `${why}: ${ENABLE_HINT.prometheus}` : why) };
    }
  }

  async sample(): Promise<SampleReading[]> {
    try {
      return await this.read();
    } catch (err) {
      throw new Error(this.endpoints.redact(describeError(err)));
    }
  }

  private async read(): Promise<SampleReading[]> {
    const [aggregated, detailed] = await Promise.all([fetchText(`${this.base}/metrics`, this.timeoutMs), fetchText(this.detailedUrl, this.timeoutMs)]);
    const atMs = Date.now();
    const agg = readAggregated(parsePromText(aggregated, WANTED_SERIES));
    const totals = { ...agg.totals };
    for (const [name] of TOTAL_COUNTERS) {
      const count = agg.counters[name];
      const r = count === undefined ? undefined : this.rates.rate(`*/${name}`, count, atMs);
      if (r !== undefined) totals[name] = r;
    }
    const out: SampleReading[] = [
      { source: this.source, instance: this.instance, labels: { node: agg.node }, values: agg.nodeValues },
      { source: this.source, instance: this.instance, values: totals },
    ];
    for (const q of readDetailed(parsePromText(detailed, WANTED_SERIES))) {
      const values = { ...q.gauges };
      for (const name of QUEUE_RATES) {
        const key = `${q.vhost}\u0000${q.queue}/${name}`;
        const count = q.counters[name];
        if (count === undefined) {
          this.rates.absent(key, atMs); // no channel has used the queue yet: 0 until one does
          continue;
        }
        const r = this.rates.rate(key, count, atMs);
        if (r !== undefined) values[name] = r;
      }
      out.push({ source: this.source, instance: this.instance, labels: { vhost: q.vhost, queue: q.queue }, values });
    }
    return out;
  }

  async stop(): Promise<void> {}
}
