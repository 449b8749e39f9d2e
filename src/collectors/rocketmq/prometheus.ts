/**
 * RocketMQ broker figures from the broker's own Prometheus exporter (`metricsExporterType=PROM`,
 * `http://<host>:<metricsPromExporterPort>/metrics`; the local broker's is bridged to
 * 127.0.0.1:5557). Series read (names as RocketMQ 5.5.0 serves them):
 * - per consumer group and topic: `rocketmq_consumer_lag_messages`, `_ready_messages`,
 *   `_inflight_messages` (messages), `rocketmq_consumer_lag_latency_milliseconds` and
 *   `_queueing_latency_milliseconds` (ms) — published while a consumer of the group is online;
 * - broker-wide: put and get rates from `rocketmq_messages_in_total` / `_out_total` summed over
 *   topics (messages/s), `rocketmq_storage_flush_behind_bytes`, `_dispatch_behind_bytes` (bytes),
 *   and the send and pull processors' queue watermark `rocketmq_processor_watermark` (requests);
 * - broker-wide, when a broker config reader is given (the admin protocol's GET_BROKER_CONFIG,
 *   read once at start): `sync_flush` (1: `flushDiskType=SYNC_FLUSH`, each receipt waits for the
 *   commit log's fsync; 0: ASYNC_FLUSH) and `sync_replication` (1: `brokerRole=SYNC_MASTER`, each
 *   receipt waits for a slave's copy). No exporter series carries them.
 */
import type { Collector, SampleReading } from '../types.js';
import type { CollectorStatus } from '../../record/format.js';
import { describeError } from '../../errors.js';
import { fetchText, parsePromText, selectSeries, type SeriesIndex } from '../prom-text.js';
import { CounterRates } from '../rates.js';

/** Sample value names of the `rocketmq` source. */
export const ROCKETMQ_SAMPLE_NAMES = {
  group: {
    lagMessages: 'consumer_lag_messages',
    readyMessages: 'consumer_ready_messages',
    inflightMessages: 'consumer_inflight_messages',
    lagLatencyMs: 'consumer_lag_latency_ms',
    queueingLatencyMs: 'consumer_queueing_latency_ms',
  },
  broker: {
    putPerSec: 'put_messages_per_sec',
    getPerSec: 'get_messages_per_sec',
    flushBehindBytes: 'flush_behind_bytes',
    dispatchBehindBytes: 'dispatch_behind_bytes',
    sendQueueWatermark: 'send_queue_watermark',
    pullQueueWatermark: 'pull_queue_watermark',
    /** 1 when the broker runs flushDiskType=SYNC_FLUSH, 0 for ASYNC_FLUSH (from its config). */
    syncFlush: 'sync_flush',
    /** 1 when the broker runs brokerRole=SYNC_MASTER (receipts wait for a slave), else 0. */
    syncReplication: 'sync_replication',
  },
} as const;

const G = ROCKETMQ_SAMPLE_NAMES.group;
const B = ROCKETMQ_SAMPLE_NAMES.broker;

/** Exporter series → group value name. */
const GROUP_SERIES: ReadonlyArray<readonly [string, string]> = [
  ['rocketmq_consumer_lag_messages', G.lagMessages],
  ['rocketmq_consumer_ready_messages', G.readyMessages],
  ['rocketmq_consumer_inflight_messages', G.inflightMessages],
  ['rocketmq_consumer_lag_latency_milliseconds', G.lagLatencyMs],
  ['rocketmq_consumer_queueing_latency_milliseconds', G.queueingLatencyMs],
];

const WANTED = new Set([
  ...GROUP_SERIES.map(([s]) => s),
  'rocketmq_messages_in_total',
  'rocketmq_messages_out_total',
  'rocketmq_storage_flush_behind_bytes',
  'rocketmq_storage_dispatch_behind_bytes',
  'rocketmq_processor_watermark',
]);

/** One scrape read: per (group, topic) gauges, broker gauges and the put/get counters summed over user topics. */
export interface RocketmqReading {
  groups: Array<{ group: string; topic: string; values: Record<string, number> }>;
  broker: Record<string, number>;
  putTotal: number | undefined;
  getTotal: number | undefined;
}

const sum = (index: SeriesIndex, name: string): number | undefined => {
  const s = selectSeries(index, name, { is_system: 'false' });
  return s.length === 0 ? undefined : s.reduce((a, x) => a + x.value, 0);
};

/** Reads one scrape's series (system groups and topics left out). */
export function readRocketmq(index: SeriesIndex): RocketmqReading {
  const byGroup = new Map<string, { group: string; topic: string; values: Record<string, number> }>();
  for (const [series, name] of GROUP_SERIES) {
    for (const s of selectSeries(index, series, { is_system: 'false' })) {
      const group = s.labels['consumer_group'] ?? '';
      const topic = s.labels['topic'] ?? '';
      const key = `${group}\u0000${topic}\u0000${s.labels['is_retry'] ?? ''}`;
      let g = byGroup.get(key);
      if (!g) byGroup.set(key, (g = { group, topic, values: {} }));
      g.values[name] = (g.values[name] ?? 0) + s.value;
    }
  }
  const broker: Record<string, number> = {};
  const one = (series: string) => selectSeries(index, series)[0]?.value;
  const flush = one('rocketmq_storage_flush_behind_bytes');
  const dispatch = one('rocketmq_storage_dispatch_behind_bytes');
  if (flush !== undefined) broker[B.flushBehindBytes] = flush;
  if (dispatch !== undefined) broker[B.dispatchBehindBytes] = dispatch;
  for (const [processor, name] of [['send', B.sendQueueWatermark], ['pull', B.pullQueueWatermark]] as const) {
    const w = selectSeries(index, 'rocketmq_processor_watermark', { processor });
    if (w.length > 0) broker[name] = Math.max(...w.map((x) => x.value));
  }
  return { groups: [...byGroup.values()], broker, putTotal: sum(index, 'rocketmq_messages_in_total'), getTotal: sum(index, 'rocketmq_messages_out_total') };
}

/** Reads the broker's running configuration (`key=value` strings). */
export type RocketmqConfigReader = () => Promise<Record<string, string>>;

/** The durability settings of a broker config as sample values (none for a key the config lacks). */
export function durabilityValues(config: Readonly<Record<string, string>>): Record<string, number> {
  const out: Record<string, number> = {};
  const flush = config['flushDiskType'];
  if (flush === 'SYNC_FLUSH' || flush === 'ASYNC_FLUSH') out[B.syncFlush] = flush === 'SYNC_FLUSH' ? 1 : 0;
  const role = config['brokerRole'];
  if (role !== undefined && role !== '') out[B.syncReplication] = role === 'SYNC_MASTER' ? 1 : 0;
  return out;
}

/**
 * Samples (`source: 'rocketmq'`, `instance: <url>`): one broker-wide (no labels; rates need two
 * scrapes) and one per consumer group and topic (`labels { group, topic }`). A config reader
 * that fails at start only leaves the durability values out.
 */
export class RocketmqPrometheusCollector implements Collector {
  readonly source = 'rocketmq';
  readonly name: string;
  private readonly rates = new CounterRates();
  private durability: Record<string, number> = {};

  constructor(private readonly url: string, private readonly timeoutMs: number, private readonly readConfig: RocketmqConfigReader | null = null) {
    this.name = `rocketmq:${url}`;
  }

  async start(): Promise<CollectorStatus> {
    if (this.readConfig) this.durability = await this.readConfig().then(durabilityValues, () => ({}));
    try {
      const r = readRocketmq(parsePromText(await fetchText(this.url, this.timeoutMs), WANTED));
      if (r.putTotal === undefined && Object.keys(r.broker).length === 0) return { available: false, reason: `${this.url} answered but serves none of the RocketMQ broker series mqload reads` };
      return { available: true };
    } catch (err) {
      return { available: false, reason: `RocketMQ broker exporter unavailable (${describeError(err)}): set metricsExporterType=PROM and metricsPromExporterPort in broker.conf (the local broker has it)` };
    }
  }

  async sample(): Promise<SampleReading[]> {
    const r = readRocketmq(parsePromText(await fetchText(this.url, this.timeoutMs), WANTED));
    const atMs = Date.now();
    const broker = { ...this.durability, ...r.broker };
    const put = r.putTotal === undefined ? undefined : this.rates.rate('put', r.putTotal, atMs);
    const get = r.getTotal === undefined ? undefined : this.rates.rate('get', r.getTotal, atMs);
    if (put !== undefined) broker[B.putPerSec] = put;
    if (get !== undefined) broker[B.getPerSec] = get;
    return [
      { source: this.source, instance: this.url, values: broker },
      ...r.groups.map((g) => ({ source: this.source, instance: this.url, labels: { group: g.group, topic: g.topic }, values: g.values })),
    ];
  }

  async stop(): Promise<void> {}
}
