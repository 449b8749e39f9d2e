/**
 * Broker JVM and Kafka metrics from a Prometheus JMX exporter endpoint
 * (`collect.jmxExporter: ["host:7071"]`, on by default for the local broker). Names are
 * normalised through the alias table in `jmx-aliases.ts`; rates come from counter deltas
 * between scrapes (`broker-values.ts`).
 */
import type { Collector, SampleReading } from '../types.js';
import type { CollectorStatus } from '../../record/format.js';
import { SAMPLE_NAMES } from '../../record/sample-names.js';
import { describeError } from '../../errors.js';
import { fetchText, metricsUrl, parsePromText, selectSeries, type SeriesIndex } from '../prom-text.js';
import { ALIAS_SAMPLE_NAMES, COUNTER_ALIASES, GAUGE_ALIASES, IDLE_METER_MAX_RATIO, type SeriesCandidate } from './jmx-aliases.js';
import { BrokerValueDeriver, type BrokerCounter, type BrokerRawReading } from './broker-values.js';

/** Value of the first candidate that has matching finite samples, combined as it says; undefined when none has. */
export function resolveCandidates(index: SeriesIndex, candidates: SeriesCandidate[]): number | undefined {
  for (const c of candidates) {
    const values = selectSeries(index, c.name, c.match)
      .map((s) => s.value)
      .filter((v) => Number.isFinite(v));
    if (values.length === 0) continue;
    return c.combine === 'max' ? Math.max(...values) : values.reduce((a, b) => a + b, 0);
  }
  return undefined;
}

/** Maps one JMX-exporter scrape to a {@link BrokerRawReading} through the alias table. Pure. */
export function readJmxExporter(index: SeriesIndex): BrokerRawReading {
  const gauges: Record<string, number> = {};
  for (const [name, candidates] of Object.entries(GAUGE_ALIASES)) {
    const v = resolveCandidates(index, candidates);
    if (v !== undefined) gauges[name] = v;
  }
  const counters: Partial<Record<BrokerCounter, number>> = {};
  for (const [name, candidates] of Object.entries(COUNTER_ALIASES) as Array<[BrokerCounter, SeriesCandidate[]]>) {
    const v = resolveCandidates(index, candidates);
    if (v !== undefined) counters[name] = v;
  }
  const idle = counters.request_handler_idle_ns;
  if (idle !== undefined && idle <= IDLE_METER_MAX_RATIO) {
    delete counters.request_handler_idle_ns;
    gauges[SAMPLE_NAMES.kafka.requestHandlerIdle] = idle;
  }
  return { gauges, counters };
}

/**
 * One JMX exporter endpoint. Samples: `source: 'jmx'`, `instance: <host:port>`, values from
 * `SAMPLE_NAMES.jvm` and `SAMPLE_NAMES.kafka` (those the exporter config provides).
 */
export class JmxExporterCollector implements Collector {
  readonly source = 'jmx';
  readonly name: string;
  private readonly url: string;
  private readonly deriver: BrokerValueDeriver;

  /** @param handlerPools request-handler pools of the broker (2 for a combined KRaft node such as `mqload local`'s). */
  constructor(private readonly endpoint: string, private readonly timeoutMs: number, handlerPools = 1) {
    this.deriver = new BrokerValueDeriver(handlerPools);
    this.name = `jmx:${endpoint}`;
    this.url = metricsUrl(endpoint);
  }

  async start(): Promise<CollectorStatus> {
    try {
      const reading = readJmxExporter(parsePromText(await fetchText(this.url, this.timeoutMs), ALIAS_SAMPLE_NAMES));
      const known = Object.keys(reading.gauges).length + Object.keys(reading.counters).length;
      if (known === 0) return { available: false, reason: `${this.url} answered but serves none of the JVM or Kafka metrics mqload knows` };
      this.deriver.derive(reading, Date.now());
      return { available: true };
    } catch (err) {
      return { available: false, reason: describeError(err) };
    }
  }

  async sample(): Promise<SampleReading[]> {
    const text = await fetchText(this.url, this.timeoutMs);
    const atMs = Date.now();
    const values = this.deriver.derive(readJmxExporter(parsePromText(text, ALIAS_SAMPLE_NAMES)), atMs);
    return [{ source: this.source, instance: this.endpoint, values }];
  }

  async stop(): Promise<void> {}
}
