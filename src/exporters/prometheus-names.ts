/**
 * The one mapping from collector samples (source + canonical value name, `SAMPLE_NAMES`) to
 * exported Prometheus series: `mqload_<area>_<name>` in base units (`_percent` → `_ratio`
 * ÷ 100, `_ms` → `_seconds` ÷ 1000, `_per_sec` → `_per_second`), per-interval `_count`s as
 * counters (`_total`), cumulative `_total`s as counters, everything else a gauge.
 *
 * A sample's `instance` becomes a source-specific label (`thread`, `iface`, `endpoint`, `pid`):
 * Prometheus reserves `instance` for the scrape target and would rename ours `exported_instance`.
 *
 * A broker's own sources (RabbitMQ's management API and plugin…) are named by the kind's
 * collectors ({@link KIND_SERIES_NAMING}, `src/collectors/<kind>/series-naming.ts`).
 */
import { SAMPLE_NAMES } from '../record/sample-names.js';
import { KIND_SERIES_NAMING } from '../collectors/naming.js';
import type { SourceNaming } from '../collectors/series-naming.js';

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

/** Naming of the neutral sources; a broker kind's own sources come from {@link KIND_SERIES_NAMING}. */
const CORE_NAMING: Readonly<Record<string, SourceNaming>> = {
  host: { area: 'host', instanceLabel: 'iface' },
  process: { area: 'process', instanceLabel: 'thread' },
  'broker-process': { area: 'broker_process', instanceLabel: 'pid' },
  node: { area: 'node', instanceLabel: 'endpoint' },
  jmx: { area: 'broker', instanceLabel: 'endpoint' },
  jolokia: { area: 'broker', instanceLabel: 'endpoint' },
  // The group is a label already.
  lag: { area: 'consumer', instanceLabel: null },
  client: { area: 'client', instanceLabel: 'thread' },
};

/** Every source this exporter names. */
const NAMING: Readonly<Record<string, SourceNaming>> = { ...KIND_SERIES_NAMING, ...CORE_NAMING };

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
  const naming = Object.prototype.hasOwnProperty.call(NAMING, source) ? NAMING[source] : undefined;
  if (naming === undefined) return null;
  const area = naming.area;
  const labels: Record<string, string> = { ...(sample.labels ?? {}), ...(naming.labels ?? {}) };
  if (naming.instanceLabel && sample.instance !== undefined) labels[naming.instanceLabel] = sample.instance;
  let base = naming.base ? naming.base(valueName, labels) : valueName;
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
