/**
 * Pure mapping from `rabbitmq_prometheus` scrapes (parsed by `prom-text.ts`) to sample values
 * (names in `names.ts`), with the series names the plugin serves in 3.10 (checked against a real
 * 3.10.8). Gauges are read as they are; counters become raw cumulative readings here and rates in
 * the collector. Series absent from a scrape give no value.
 */
import { selectSeries, type LabelMatch, type SeriesIndex } from '../prom-text.js';
import { RABBITMQ_SAMPLE_NAMES, memoryName } from './names.js';
import type { Values } from './management-readings.js';

const N = RABBITMQ_SAMPLE_NAMES.node;
const Q = RABBITMQ_SAMPLE_NAMES.queue;
const T = RABBITMQ_SAMPLE_NAMES.totals;

/** Node gauges of `/metrics`: sample name → series (summed over matching lines). */
const NODE_GAUGES: ReadonlyArray<[string, string, LabelMatch?]> = [
  [N.memUsed, 'rabbitmq_process_resident_memory_bytes'],
  [N.memLimit, 'rabbitmq_resident_memory_limit_bytes'],
  [N.memAlarm, 'rabbitmq_alarms_memory_used_watermark'],
  [N.diskAlarm, 'rabbitmq_alarms_free_disk_space_watermark'],
  [N.fdAlarm, 'rabbitmq_alarms_file_descriptor_limit'],
  [N.diskFree, 'rabbitmq_disk_space_available_bytes'],
  [N.diskFreeLimit, 'rabbitmq_disk_space_available_limit_bytes'],
  [N.fdsUsed, 'rabbitmq_process_open_fds'],
  [N.fdsLimit, 'rabbitmq_process_max_fds'],
  [N.socketsUsed, 'rabbitmq_process_open_tcp_sockets'],
  [N.socketsLimit, 'rabbitmq_process_max_tcp_sockets'],
  [N.processesUsed, 'rabbitmq_erlang_processes_used'],
  [N.processesLimit, 'rabbitmq_erlang_processes_limit'],
  [N.runQueue, 'rabbitmq_erlang_scheduler_run_queue'],
  // 3.10 has no /metrics/memory-breakdown (404); the VM's own breakdown is the closest.
  [memoryName('binary'), 'erlang_vm_memory_system_bytes_total', { usage: 'binary' }],
  [memoryName('code'), 'erlang_vm_memory_system_bytes_total', { usage: 'code' }],
  [memoryName('ets'), 'erlang_vm_memory_system_bytes_total', { usage: 'ets' }],
  [memoryName('atom'), 'erlang_vm_memory_system_bytes_total', { usage: 'atom' }],
  [memoryName('processes'), 'erlang_vm_memory_bytes_total', { kind: 'processes' }],
];

/** Broker-wide gauges of `/metrics` (queue figures aggregated over all queues by the plugin). */
const TOTAL_GAUGES: ReadonlyArray<[string, string]> = [
  [Q.ready, 'rabbitmq_queue_messages_ready'],
  [Q.unacked, 'rabbitmq_queue_messages_unacked'],
  [Q.depth, 'rabbitmq_queue_messages'],
  [Q.consumers, 'rabbitmq_consumers'],
  [T.connections, 'rabbitmq_connections'],
  [T.channels, 'rabbitmq_channels'],
  [T.channelUnacked, 'rabbitmq_channel_messages_unacked'],
  [T.channelUnconfirmed, 'rabbitmq_channel_messages_unconfirmed'],
  ['queues', 'rabbitmq_queues'],
];

/** Broker-wide counters of `/metrics` → the per-second value they become. */
export const TOTAL_COUNTERS: ReadonlyArray<[string, string]> = [
  [Q.publishPerSec, 'rabbitmq_global_messages_received_total'],
  [Q.deliverPerSec, 'rabbitmq_global_messages_delivered_total'],
  [Q.ackPerSec, 'rabbitmq_global_messages_acknowledged_total'],
  [Q.redeliverPerSec, 'rabbitmq_global_messages_redelivered_total'],
  [T.confirmPerSec, 'rabbitmq_global_messages_confirmed_total'],
  [T.unroutableDroppedPerSec, 'rabbitmq_global_messages_unroutable_dropped_total'],
  [T.maxlenDroppedPerSec, 'rabbitmq_global_messages_dead_lettered_maxlen_total'],
];

/** Per-queue gauges of `/metrics/detailed` (families queue_coarse_metrics, queue_consumer_count, queue_metrics). */
const QUEUE_GAUGES: ReadonlyArray<[string, string]> = [
  [Q.ready, 'rabbitmq_detailed_queue_messages_ready'],
  [Q.unacked, 'rabbitmq_detailed_queue_messages_unacked'],
  [Q.depth, 'rabbitmq_detailed_queue_messages'],
  [Q.consumers, 'rabbitmq_detailed_queue_consumers'],
  [Q.consumerCapacity, 'rabbitmq_detailed_queue_consumer_capacity'],
];

/**
 * Per-queue counters of `/metrics/detailed` → the per-second value they become. They are kept per
 * channel (families channel_queue_metrics, channel_queue_exchange_metrics), so they are summed
 * per queue; a channel that closes lowers the sum, which gives no rate for that interval.
 */
const QUEUE_COUNTERS: ReadonlyArray<[string, readonly string[]]> = [
  [Q.publishPerSec, ['rabbitmq_detailed_queue_messages_published_total']],
  [Q.deliverPerSec, ['rabbitmq_detailed_channel_messages_delivered_ack_total', 'rabbitmq_detailed_channel_messages_delivered_total', 'rabbitmq_detailed_channel_get_ack_total', 'rabbitmq_detailed_channel_get_total']],
  [Q.ackPerSec, ['rabbitmq_detailed_channel_messages_acked_total']],
  [Q.redeliverPerSec, ['rabbitmq_detailed_channel_messages_redelivered_total']],
];

/** The `/metrics/detailed` families the collector asks for. */
export const DETAILED_FAMILIES = ['queue_coarse_metrics', 'queue_consumer_count', 'queue_metrics', 'channel_queue_metrics', 'channel_queue_exchange_metrics'] as const;

/** Sample names the collector parses out of the two pages (the parser skips every other line). */
export const WANTED_SERIES: ReadonlySet<string> = new Set([
  'rabbitmq_identity_info',
  ...[...NODE_GAUGES, ...TOTAL_GAUGES, ...TOTAL_COUNTERS, ...QUEUE_GAUGES].map(([, series]) => series),
  ...QUEUE_COUNTERS.flatMap(([, series]) => series),
]);

function sum(index: SeriesIndex, name: string, match?: LabelMatch): number | undefined {
  const values = selectSeries(index, name, match)
    .map((s) => s.value)
    .filter((v) => Number.isFinite(v));
  return values.length === 0 ? undefined : values.reduce((a, b) => a + b, 0);
}

/** One reading of `/metrics`: the node name, node and broker-wide gauges, and cumulative counters. */
export interface AggregatedReading {
  node: string;
  nodeValues: Values;
  totals: Values;
  /** Sample name of the rate → cumulative count. */
  counters: Values;
}

/** Maps a `/metrics` scrape. `node` falls back to `unknown` when `rabbitmq_identity_info` is missing. */
export function readAggregated(index: SeriesIndex): AggregatedReading {
  const node = selectSeries(index, 'rabbitmq_identity_info')[0]?.labels['rabbitmq_node'] ?? 'unknown';
  const nodeValues: Values = {};
  for (const [name, series, match] of NODE_GAUGES) {
    const v = sum(index, series, match);
    if (v !== undefined) nodeValues[name] = v;
  }
  const used = nodeValues[N.memUsed];
  const limit = nodeValues[N.memLimit];
  if (used !== undefined && limit !== undefined && limit > 0) nodeValues[N.memUsedRatio] = used / limit;
  const totals: Values = {};
  for (const [name, series] of TOTAL_GAUGES) {
    const v = sum(index, series);
    if (v !== undefined) totals[name] = v;
  }
  const counters: Values = {};
  for (const [name, series] of TOTAL_COUNTERS) {
    const v = sum(index, series);
    if (v !== undefined) counters[name] = v;
  }
  return { node, nodeValues, totals, counters };
}

/** One queue of a `/metrics/detailed` scrape: gauges, and per-channel counters summed (cumulative). */
export interface QueueReading {
  vhost: string;
  queue: string;
  gauges: Values;
  counters: Values;
}

/** Maps a `/metrics/detailed` scrape to one reading per queue, sorted by vhost and name. */
export function readDetailed(index: SeriesIndex): QueueReading[] {
  const queues = new Map<string, QueueReading>();
  const of = (vhost: string | undefined, queue: string | undefined): QueueReading | null => {
    if (vhost === undefined || queue === undefined) return null;
    const key = `${vhost}\u0000${queue}`;
    let q = queues.get(key);
    if (!q) queues.set(key, (q = { vhost, queue, gauges: {}, counters: {} }));
    return q;
  };
  for (const [name, series] of QUEUE_GAUGES) {
    for (const s of selectSeries(index, series)) {
      const q = of(s.labels['vhost'], s.labels['queue']);
      if (q && Number.isFinite(s.value)) q.gauges[name] = (q.gauges[name] ?? 0) + s.value;
    }
  }
  for (const [name, seriesList] of QUEUE_COUNTERS) {
    for (const series of seriesList) {
      for (const s of selectSeries(index, series)) {
        // Published counts carry the queue's vhost as `queue_vhost` (the exchange's is `exchange_vhost`).
        const q = of(s.labels['vhost'] ?? s.labels['queue_vhost'], s.labels['queue']);
        if (q && Number.isFinite(s.value)) q.counters[name] = (q.counters[name] ?? 0) + s.value;
      }
    }
  }
  return [...queues.values()].sort((a, b) => a.vhost.localeCompare(b.vhost) || a.queue.localeCompare(b.queue));
}
