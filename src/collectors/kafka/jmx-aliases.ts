/**
 * THE alias table: for each canonical broker value, the Prometheus sample names (and label
 * matchers) that carry it under the JMX exporter configurations in use. Names differ by config
 * and by exporter version (ANALYZER-KB §1):
 *
 * - [LOCAL] mqload's own `local/kafka/jmx-exporter.yaml` (JMX exporter 1.x javaagent);
 * - [JMX]   prometheus/jmx_exporter `example_configs/kafka-2_0_0.yml`;
 * - [STZ]   Strimzi `kafka-metrics.yaml` (drops RequestMetrics: no request rates or times);
 * - [CFJ]   Confluent jmx-monitoring-stacks `kafka_broker.yml` (meter counts without suffix);
 * - JVM:    exporter 0.x `jvm_memory_bytes_used{area="heap"}` vs 1.x `jvm_memory_used_bytes`.
 *
 * The first candidate with at least one matching finite sample wins; its samples are combined
 * (`sum` by default). JMX exporter 1.x appends `_total` to COUNTER names that lack it, so
 * counter candidates are listed with and without it ({@link counterNames}).
 */
import type { LabelMatch } from '../prom-text.js';
import { SAMPLE_NAMES } from '../../record/sample-names.js';
import { REQUEST_TIME_PARTS, REQUEST_TIME_REQUESTS, requestTimeName, type BrokerCounter } from './broker-values.js';

const J = SAMPLE_NAMES.jvm;
const K = SAMPLE_NAMES.kafka;

/** One Prometheus sample name (with label matchers) that may carry a canonical value. */
export interface SeriesCandidate {
  name: string;
  match?: LabelMatch;
  /** How several matching samples combine; default `sum`. */
  combine?: 'sum' | 'max';
}

/** `name` and `name_total` (JMX exporter 1.x suffixes counters), `name` alone when it already ends in `_total`. */
function counterNames(name: string, match?: LabelMatch): SeriesCandidate[] {
  const names = name.endsWith('_total') ? [name] : [name, `${name}_total`];
  return names.map((n) => (match ? { name: n, match } : { name: n }));
}

/** Broker-wide first (no `topic` label), else the per-topic samples summed. */
function brokerTopicMeter(meter: 'bytesin' | 'bytesout' | 'messagesin'): SeriesCandidate[] {
  const names = [
    `kafka_server_brokertopicmetrics_${meter}_total`, // LOCAL, JMX, STZ
    `kafka_server_brokertopicmetrics_${meter}persec`, // CFJ (Count)
  ];
  return [
    ...names.flatMap((n) => counterNames(n, { topic: null })),
    ...names.flatMap((n) => counterNames(n)),
  ];
}

const heap = { area: 'heap' };
const YOUNG_GC = /Young|Scavenge|ParNew|^Copy$|Minor/i;
const OLD_GC = /Old|MarkSweep|Major|Full/i;
const OLD_POOL = /Old Gen|Tenured Gen/i;
/** The 0.99 quantile, however the exporter config spells it (`0.99`, `0.990`). */
const P99 = /^0\.990*$/;

/** Gauges: canonical sample name → candidates. Values are used as read (bytes, counts, ratios 0–1, ms). */
export const GAUGE_ALIASES: Record<string, SeriesCandidate[]> = {
  [J.heapUsed]: [
    { name: 'jvm_memory_used_bytes', match: heap },
    { name: 'jvm_memory_bytes_used', match: heap },
  ],
  [J.heapCommitted]: [
    { name: 'jvm_memory_committed_bytes', match: heap },
    { name: 'jvm_memory_bytes_committed', match: heap },
  ],
  [J.heapMax]: [
    { name: 'jvm_memory_max_bytes', match: heap },
    { name: 'jvm_memory_bytes_max', match: heap },
  ],
  [J.oldGenAfterGc]: [{ name: 'jvm_memory_pool_collection_used_bytes', match: { pool: OLD_POOL } }],
  [J.threads]: [{ name: 'jvm_threads_current' }, { name: 'jvm_threads_live_threads' }],
  [K.networkProcessorIdle]: [
    { name: 'kafka_network_socketserver_networkprocessoravgidlepercent' }, // LOCAL, JMX, CFJ
    { name: 'kafka_network_socketserver_networkprocessoravgidle_percent' }, // STZ
  ],
  [K.requestQueueSize]: [{ name: 'kafka_network_requestchannel_requestqueuesize' }],
  [K.underReplicated]: [{ name: 'kafka_server_replicamanager_underreplicatedpartitions' }],
  [K.underMinIsr]: [{ name: 'kafka_server_replicamanager_underminisrpartitioncount' }],
};

// Request-time percentiles: `kafka_network_requestmetrics_<part>timems{request, quantile="0.99"}`
// (LOCAL, JMX, CFJ; STZ does not export RequestMetrics).
for (const [req, request] of Object.entries(REQUEST_TIME_REQUESTS) as Array<[keyof typeof REQUEST_TIME_REQUESTS, string]>) {
  for (const [part, mbean] of Object.entries(REQUEST_TIME_PARTS) as Array<[keyof typeof REQUEST_TIME_PARTS, string]>) {
    GAUGE_ALIASES[requestTimeName(req, part)] = [
      { name: `kafka_network_requestmetrics_${mbean.toLowerCase()}`, match: { request, quantile: P99 }, combine: 'max' },
    ];
  }
}

/** Cumulative counters: counter → candidates. */
export const COUNTER_ALIASES: Record<BrokerCounter, SeriesCandidate[]> = {
  bytes_in: brokerTopicMeter('bytesin'),
  bytes_out: brokerTopicMeter('bytesout'),
  messages_in: brokerTopicMeter('messagesin'),
  request_handler_idle_ns: [
    ...counterNames('kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent_total'), // LOCAL (CFJ: a OneMinuteRate gauge, see IDLE_METER_MAX_RATIO)
    ...counterNames('kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent_count'), // JMX, STZ
    ...counterNames('kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent'), // CFJ (Count)
  ],
  produce_requests: [
    ...counterNames('kafka_network_requestmetrics_requests_total', { request: 'Produce' }), // LOCAL, JMX
    ...counterNames('kafka_network_requestmetrics_requestspersec', { request: 'Produce' }), // CFJ
  ],
  fetch_requests: [
    ...counterNames('kafka_network_requestmetrics_requests_total', { request: 'FetchConsumer' }),
    ...counterNames('kafka_network_requestmetrics_requestspersec', { request: 'FetchConsumer' }),
    ...counterNames('kafka_network_requestmetrics_requests_total', { request: 'Fetch' }),
    ...counterNames('kafka_network_requestmetrics_requestspersec', { request: 'Fetch' }),
  ],
  isr_shrinks: [
    ...counterNames('kafka_server_replicamanager_isrshrinks_total'),
    ...counterNames('kafka_server_replicamanager_isrshrinkspersec'),
  ],
  isr_expands: [
    ...counterNames('kafka_server_replicamanager_isrexpands_total'),
    ...counterNames('kafka_server_replicamanager_isrexpandspersec'),
  ],
  gc_young_count: [{ name: 'jvm_gc_collection_seconds_count', match: { gc: YOUNG_GC } }],
  gc_young_seconds: [{ name: 'jvm_gc_collection_seconds_sum', match: { gc: YOUNG_GC } }],
  gc_old_count: [{ name: 'jvm_gc_collection_seconds_count', match: { gc: OLD_GC } }],
  gc_old_seconds: [{ name: 'jvm_gc_collection_seconds_sum', match: { gc: OLD_GC } }],
};

/**
 * A request-handler idle sample at or below this value is a OneMinuteRate gauge (a ratio, 0–1;
 * CFJ exports it under the `_total` name the LOCAL config uses for the count), not the
 * cumulative count of idle nanoseconds, which exceeds 1e9 after one second of broker uptime.
 */
export const IDLE_METER_MAX_RATIO = 1.0;

/** Every sample name the tables refer to (what a scrape needs to parse). */
export const ALIAS_SAMPLE_NAMES: ReadonlySet<string> = new Set(
  [...Object.values(GAUGE_ALIASES), ...Object.values(COUNTER_ALIASES)].flatMap((cs) => cs.map((c) => c.name)),
);
