/**
 * Reading collector samples for the reports: series per source instance, and min/avg/max
 * statistics of the resources a tuning report shows (load generator, broker host, broker process,
 * broker JVM, broker internals). Value names come from {@link SAMPLE_NAMES}; units are theirs.
 */
import { PROCESS_INSTANCES, type Sample } from '../record/format.js';
import { SAMPLE_NAMES } from '../record/sample-names.js';
import type { TimeWindow } from './input.js';
import { samplesInWindow } from './input.js';

/** Reads one number out of a sample's values; undefined when absent. */
export type ValueReader = (values: Record<string, number>) => number | undefined;

/** One instance's readings of one value, in time order. `t` in seconds since run start. */
export interface SampleSeries {
  source: string;
  /** Instance name, or undefined when the collector has a single instance. */
  instance: string | undefined;
  t: number[];
  v: number[];
}

/**
 * How an instance is shown next to a label: mqload's own `process` samples name what they
 * measure (`all threads` for the whole process, `coordinator thread`, `worker-0 thread`);
 * other sources show the instance as it is.
 */
export function instanceLabel(source: string, instance: string): string {
  if (source !== 'process') return instance;
  return instance === PROCESS_INSTANCES.allThreads ? 'all threads' : `${instance} thread`;
}

/** Returns a reader for a plain value name. */
export function valueNamed(name: string): ValueReader {
  return (values) => {
    const v = values[name];
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  };
}

/** Host memory in use = total − available, bytes. */
export const memoryUsedBytes: ValueReader = (values) => {
  const total = values[SAMPLE_NAMES.host.memTotal];
  const avail = values[SAMPLE_NAMES.host.memAvailable];
  return typeof total === 'number' && typeof avail === 'number' ? total - avail : undefined;
};

/**
 * Series of one value from the given sources, one per (source, instance), sorted by time.
 * `filter` narrows samples further (e.g. lag totals without a partition label).
 */
export function sampleSeries(samples: Sample[], sources: readonly string[], read: ValueReader, filter?: (s: Sample) => boolean): SampleSeries[] {
  const bySeries = new Map<string, SampleSeries>();
  for (const s of samples) {
    if (!sources.includes(s.source)) continue;
    if (filter && !filter(s)) continue;
    const v = read(s.values);
    if (v === undefined) continue;
    const key = `${s.source}\u0000${s.instance ?? ''}`;
    let series = bySeries.get(key);
    if (!series) {
      series = { source: s.source, instance: s.instance, t: [], v: [] };
      bySeries.set(key, series);
    }
    series.t.push(s.t);
    series.v.push(v);
  }
  const out = [...bySeries.values()];
  for (const series of out) sortByTime(series);
  return out;
}

function sortByTime(series: SampleSeries): void {
  const idx = series.t.map((_, i) => i).sort((a, b) => series.t[a]! - series.t[b]!);
  series.t = idx.map((i) => series.t[i]!);
  series.v = idx.map((i) => series.v[i]!);
}

/** Min, mean and max of a set of readings, plus first/last for counters. */
export interface ValueStats {
  min: number;
  avg: number;
  max: number;
  first: number;
  last: number;
  count: number;
}

/** Statistics of readings in time order; null when there are none. */
export function valueStats(values: number[]): ValueStats | null {
  if (values.length === 0) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (const v of values) {
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
  }
  return { min, avg: sum / values.length, max, first: values[0]!, last: values[values.length - 1]!, count: values.length };
}

/** One line of the resources table. */
export interface ResourceSpec {
  group: 'Load generator' | 'Broker host' | 'Broker process' | 'Broker JVM' | 'Broker internals';
  label: string;
  sources: readonly string[];
  read: ValueReader;
  /** Unit understood by `formatWithUnit` (`%`, `bytes`, `bytes/s`, `ms`, `ratio`, `count`, ``). */
  unit: string;
  /** gauge: min/avg/max; increase: growth of a cumulative counter over the window. */
  aggregate: 'gauge' | 'increase';
}

const JVM_SOURCES = ['jmx', 'jolokia'] as const;
const H = SAMPLE_NAMES.host;
const P = SAMPLE_NAMES.process;
const BP = SAMPLE_NAMES.brokerProcess;
const N = SAMPLE_NAMES.node;
const J = SAMPLE_NAMES.jvm;
const K = SAMPLE_NAMES.kafka;

/** The resources shown in the reports, in display order. */
export const RESOURCE_SPECS: readonly ResourceSpec[] = [
  { group: 'Load generator', label: 'Host CPU busy', sources: ['host'], read: valueNamed(H.cpuPercent), unit: '%', aggregate: 'gauge' },
  { group: 'Load generator', label: 'Host busiest core', sources: ['host'], read: valueNamed(H.cpuMaxCorePercent), unit: '%', aggregate: 'gauge' },
  { group: 'Load generator', label: 'Host memory used', sources: ['host'], read: memoryUsedBytes, unit: 'bytes', aggregate: 'gauge' },
  { group: 'Load generator', label: 'Host network out', sources: ['host'], read: valueNamed(H.netTx), unit: 'bytes/s', aggregate: 'gauge' },
  { group: 'Load generator', label: 'mqload process CPU', sources: ['process'], read: valueNamed(P.cpuPercent), unit: '%', aggregate: 'gauge' },
  { group: 'Load generator', label: 'mqload process RSS', sources: ['process'], read: valueNamed(P.rss), unit: 'bytes', aggregate: 'gauge' },
  { group: 'Load generator', label: 'Event loop delay p99', sources: ['process'], read: valueNamed(P.eventLoopDelayP99), unit: 'ms', aggregate: 'gauge' },
  { group: 'Load generator', label: 'Event loop utilisation', sources: ['process'], read: valueNamed(P.eventLoopUtilization), unit: 'ratio', aggregate: 'gauge' },
  { group: 'Broker host', label: 'CPU busy', sources: ['node'], read: valueNamed(N.cpuBusyPercent), unit: '%', aggregate: 'gauge' },
  { group: 'Broker host', label: 'Load average (1 min)', sources: ['node'], read: valueNamed(N.load1), unit: '', aggregate: 'gauge' },
  { group: 'Broker host', label: 'Memory available', sources: ['node'], read: valueNamed(N.memAvailable), unit: 'bytes', aggregate: 'gauge' },
  { group: 'Broker host', label: 'Network in', sources: ['node'], read: valueNamed(N.netRx), unit: 'bytes/s', aggregate: 'gauge' },
  { group: 'Broker host', label: 'Network out', sources: ['node'], read: valueNamed(N.netTx), unit: 'bytes/s', aggregate: 'gauge' },
  { group: 'Broker host', label: 'Disk write', sources: ['node'], read: valueNamed(N.diskWrite), unit: 'bytes/s', aggregate: 'gauge' },
  { group: 'Broker host', label: 'Disk busy', sources: ['node'], read: valueNamed(N.diskBusy), unit: 'ratio', aggregate: 'gauge' },
  { group: 'Broker process', label: 'CPU', sources: ['broker-process'], read: valueNamed(BP.cpuPercent), unit: '%', aggregate: 'gauge' },
  { group: 'Broker process', label: 'RSS', sources: ['broker-process'], read: valueNamed(BP.rss), unit: 'bytes', aggregate: 'gauge' },
  { group: 'Broker process', label: 'Threads', sources: ['broker-process'], read: valueNamed(BP.threads), unit: '', aggregate: 'gauge' },
  { group: 'Broker process', label: 'Disk write', sources: ['broker-process'], read: valueNamed(BP.diskWriteBps), unit: 'bytes/s', aggregate: 'gauge' },
  { group: 'Broker JVM', label: 'Heap used', sources: JVM_SOURCES, read: valueNamed(J.heapUsed), unit: 'bytes', aggregate: 'gauge' },
  { group: 'Broker JVM', label: 'Heap max', sources: JVM_SOURCES, read: valueNamed(J.heapMax), unit: 'bytes', aggregate: 'gauge' },
  { group: 'Broker JVM', label: 'Old gen after GC', sources: JVM_SOURCES, read: valueNamed(J.oldGenAfterGc), unit: 'bytes', aggregate: 'gauge' },
  { group: 'Broker JVM', label: 'GC time share', sources: JVM_SOURCES, read: valueNamed(J.gcTimeRatio), unit: 'ratio', aggregate: 'gauge' },
  { group: 'Broker JVM', label: 'Young GCs', sources: JVM_SOURCES, read: valueNamed(J.gcYoungCount), unit: 'count', aggregate: 'increase' },
  { group: 'Broker JVM', label: 'Old-generation (full) GCs', sources: JVM_SOURCES, read: valueNamed(J.gcOldCount), unit: 'count', aggregate: 'increase' },
  { group: 'Broker internals', label: 'Request handler idle', sources: JVM_SOURCES, read: valueNamed(K.requestHandlerIdle), unit: 'ratio', aggregate: 'gauge' },
  { group: 'Broker internals', label: 'Network processor idle', sources: JVM_SOURCES, read: valueNamed(K.networkProcessorIdle), unit: 'ratio', aggregate: 'gauge' },
  { group: 'Broker internals', label: 'Request queue size', sources: JVM_SOURCES, read: valueNamed(K.requestQueueSize), unit: '', aggregate: 'gauge' },
  { group: 'Broker internals', label: 'Produce total time p99', sources: JVM_SOURCES, read: valueNamed(K.produceTotalTimeP99), unit: 'ms', aggregate: 'gauge' },
  { group: 'Broker internals', label: 'Under-replicated partitions', sources: JVM_SOURCES, read: valueNamed(K.underReplicated), unit: '', aggregate: 'gauge' },
];

/** Statistics of one resource on one instance over the analysis window. */
export interface ResourceRow {
  group: ResourceSpec['group'];
  label: string;
  source: string;
  instance: string | undefined;
  unit: string;
  aggregate: ResourceSpec['aggregate'];
  stats: ValueStats;
  /** Counter growth (last − first) for `increase` rows; undefined for gauges. */
  increase?: number;
}

/** Resource rows with data inside the window (rows without samples are left out). */
export function resourceRows(samples: Sample[], window: TimeWindow): ResourceRow[] {
  const inWindow = samplesInWindow(samples, window);
  const rows: ResourceRow[] = [];
  for (const spec of RESOURCE_SPECS) {
    for (const series of sampleSeries(inWindow, spec.sources, spec.read)) {
      const stats = valueStats(series.v);
      if (!stats) continue;
      const row: ResourceRow = { group: spec.group, label: spec.label, source: series.source, instance: series.instance, unit: spec.unit, aggregate: spec.aggregate, stats };
      if (spec.aggregate === 'increase') row.increase = Math.max(0, stats.last - stats.first);
      rows.push(row);
    }
  }
  return rows;
}

/** Mean of one resource across all its instances' readings in the window; null without data. */
export function resourceAverage(samples: Sample[], window: TimeWindow, sources: readonly string[], read: ValueReader): number | null {
  const all = sampleSeries(samplesInWindow(samples, window), sources, read).flatMap((s) => s.v);
  return valueStats(all)?.avg ?? null;
}

/** Highest reading of one resource across instances in the window; null without data. */
export function resourceMax(samples: Sample[], window: TimeWindow, sources: readonly string[], read: ValueReader): number | null {
  const all = sampleSeries(samplesInWindow(samples, window), sources, read).flatMap((s) => s.v);
  return valueStats(all)?.max ?? null;
}
