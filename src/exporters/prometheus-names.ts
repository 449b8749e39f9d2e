/**
 * The one mapping from collector samples (source + canonical value name, `SAMPLE_NAMES`) to
 * exported Prometheus series: `mqload_<area>_<name>` in base units (`_percent` → `_ratio`
 * ÷ 100, `_ms` → `_seconds` ÷ 1000, `_per_sec` → `_per_second`), per-interval `_count`s as
 * counters (`_total`), cumulative `_total`s as counters, everything else a gauge.
 *
 * A sample's `instance` becomes a source-specific label (`thread`, `iface`, `endpoint`, `pid`):
 * Prometheus reserves `instance` for the scrape target and would rename ours `exported_instance`.
 *
 * RabbitMQ (sources `rabbitmq`, the management API, and `rabbitmq-prometheus`, the plugin): one
 * area, `mqload_rabbitmq_`, with `collector` (`management` | `prometheus`) telling the two apart,
 * since both run by default and write the same names for the same quantity. Per-queue samples
 * (`labels { vhost, queue }`) become `mqload_rabbitmq_queue_<name>`; node (`labels { node }`) and
 * broker-wide samples `mqload_rabbitmq_<name>`; the memory breakdown (`memory_<kind>_bytes`) one
 * series `mqload_rabbitmq_memory_bytes{kind}`. A few names get their unit spelled out
 * ({@link RABBITMQ_RENAMES}: rates are messages per second).
 */
import { SAMPLE_NAMES } from '../record/sample-names.js';
import { RABBITMQ_SAMPLE_NAMES } from '../collectors/rabbitmq/names.js';

/** How an exported series is updated from a sample value. */
export type SeriesKind =
  /** Set to the value. */
  | 'gauge'
  /** The value is a count for one interval: add it. */
  | 'counter-delta'
  /** The value is a cumulative count from the source: add its increase (all of it after a reset). */
  | 'counter-cumulative';

export interface MappedSeries {
  name: string;
  labels: Record<string, string>;
  value: number;
  kind: SeriesKind;
}

/** Name part per sample source. */
const AREA: Record<string, string> = {
  host: 'host',
  process: 'process',
  'broker-process': 'broker_process',
  node: 'node',
  jmx: 'broker',
  jolokia: 'broker',
  lag: 'consumer',
  client: 'client',
  rabbitmq: 'rabbitmq',
  'rabbitmq-prometheus': 'rabbitmq',
};

/** Label that carries a sample's `instance`, per source (none for lag: the group is a label already). */
const INSTANCE_LABEL: Record<string, string | null> = {
  host: 'iface',
  process: 'thread',
  client: 'thread',
  'broker-process': 'pid',
  node: 'endpoint',
  jmx: 'endpoint',
  jolokia: 'endpoint',
  lag: null,
  rabbitmq: 'endpoint',
  'rabbitmq-prometheus': 'endpoint',
};

/** `collector` label of the RabbitMQ sources. */
const RABBITMQ_COLLECTOR: Readonly<Record<string, string>> = { rabbitmq: 'management', 'rabbitmq-prometheus': 'prometheus' };

const RQ = RABBITMQ_SAMPLE_NAMES.queue;
const RN = RABBITMQ_SAMPLE_NAMES.node;
const RT = RABBITMQ_SAMPLE_NAMES.totals;

/** RabbitMQ sample names whose exported name says its unit (before the suffix conversions). */
export const RABBITMQ_RENAMES: Readonly<Record<string, string>> = {
  [RQ.publishPerSec]: 'published_messages_per_sec',
  [RQ.deliverPerSec]: 'delivered_messages_per_sec',
  [RQ.ackPerSec]: 'acked_messages_per_sec',
  [RQ.redeliverPerSec]: 'redelivered_messages_per_sec',
  [RT.confirmPerSec]: 'confirmed_messages_per_sec',
  [RT.unroutableDroppedPerSec]: 'unroutable_dropped_messages_per_sec',
  [RT.maxlenDroppedPerSec]: 'maxlen_dead_lettered_messages_per_sec',
  [RN.memUsed]: 'memory_used_bytes',
  [RN.memLimit]: 'memory_limit_bytes',
  [RN.memUsedRatio]: 'memory_used_ratio',
  [RN.memAlarm]: 'memory_alarm',
  [RN.fdAlarm]: 'file_descriptor_alarm',
  [RN.fdsUsed]: 'file_descriptors_used',
  [RN.fdsLimit]: 'file_descriptors_limit',
};

/** `memory_<kind>_bytes` of the memory breakdown (not the node's used and limit bytes). */
const RABBITMQ_MEMORY = /^memory_(.+)_bytes$/;

/** The exported base name of a RabbitMQ value, adding its labels (`kind` of a memory category). */
function rabbitmqBase(valueName: string, labels: Record<string, string>): string {
  const renamed = RABBITMQ_RENAMES[valueName];
  if (renamed !== undefined) return labels['queue'] !== undefined ? `queue_${renamed}` : renamed;
  const memory = RABBITMQ_MEMORY.exec(valueName);
  if (memory && labels['node'] !== undefined) {
    labels['kind'] = memory[1]!;
    return 'memory_bytes';
  }
  return labels['queue'] !== undefined ? `queue_${valueName}` : valueName;
}

const JVM_NAMES: ReadonlySet<string> = new Set(Object.values(SAMPLE_NAMES.jvm));
const CORE = /^cpu_core_(\d+)_busy_percent$/;
const REQUEST_TIME = /^(produce|fetch_consumer)_(total|request_queue|local|remote|response_queue|response_send)_time_ms_p99$/;

/**
 * Maps one value of a sample to its exported series, or null for a source this exporter does
 * not know. The caller keeps only the labels the catalog lists for the name.
 */
export function promMetricFor(
  source: string,
  valueName: string,
  value: number,
  sample: { instance?: string; labels?: Record<string, string> } = {},
): MappedSeries | null {
  const area = AREA[source];
  if (area === undefined) return null;
  const labels: Record<string, string> = { ...(sample.labels ?? {}) };
  const instanceLabel = INSTANCE_LABEL[source];
  if (instanceLabel && sample.instance !== undefined) labels[instanceLabel] = sample.instance;
  const collector = RABBITMQ_COLLECTOR[source];
  if (collector !== undefined) labels['collector'] = collector;
  let base = area === 'rabbitmq' ? rabbitmqBase(valueName, labels) : valueName;
  let core: RegExpExecArray | null;
  let req: RegExpExecArray | null;
  if ((core = CORE.exec(base))) {
    base = 'cpu_core_busy_percent';
    labels['core'] = core[1]!;
  } else if ((req = REQUEST_TIME.exec(base))) {
    base = 'request_time_p99_ms';
    labels['request'] = req[1]!;
    labels['part'] = req[2]!;
  } else if (area === 'broker' && JVM_NAMES.has(base)) {
    base = `jvm_${base}`;
  } else if (area === 'consumer') {
    const perPartition = labels['partition'] !== undefined;
    if (base === SAMPLE_NAMES.lag.lagMessages && !perPartition) base = 'group_lag_messages';
    else if (base === SAMPLE_NAMES.lag.timeLagSeconds) base = perPartition ? 'partition_lag_seconds' : 'lag_seconds';
  }
  let kind: SeriesKind = 'gauge';
  let scaled = value;
  if (base.endsWith('_percent')) {
    base = `${base.slice(0, -'_percent'.length)}_ratio`;
    scaled = value / 100;
  } else if (base.endsWith('_ms')) {
    base = `${base.slice(0, -'_ms'.length)}_seconds`;
    scaled = value / 1000;
  } else if (base.endsWith('_per_sec')) {
    base = `${base.slice(0, -'_per_sec'.length)}_per_second`;
  } else if (base.endsWith('_count')) {
    base = `${base.slice(0, -'_count'.length)}_total`;
    kind = 'counter-delta';
  } else if (base.endsWith('_total')) {
    kind = 'counter-cumulative';
  }
  return { name: `mqload_${area}_${base}`, labels, value: scaled, kind };
}
