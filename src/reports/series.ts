/**
 * Time series the reports plot and export: per-interval rates and latency percentiles from the
 * timeline, resource series from samples, aligned on a shared x axis per chart.
 */
import type { TimelineEntry } from '../record/format.js';

/** Per-interval series from the timeline. `t` seconds since run start (end of interval). */
export interface TimelineSeries {
  t: number[];
  phase: string[];
  /** msg/s; null for max-throughput intervals. */
  targetRate: Array<number | null>;
  /** Acknowledged msg/s. */
  achievedRate: number[];
  /** Received msg/s (all groups). */
  consumeRate: number[];
  failedRate: number[];
  droppedRate: number[];
  inFlight: number[];
  /** Latency percentiles per interval, ms; null for intervals without that latency. */
  publishP50Ms: Array<number | null>;
  publishP99Ms: Array<number | null>;
  publishP999Ms: Array<number | null>;
  e2eP50Ms: Array<number | null>;
  e2eP99Ms: Array<number | null>;
  e2eP999Ms: Array<number | null>;
  publishDelayP99Ms: Array<number | null>;
}

/** Extracts the per-interval series of a timeline (entries in time order). */
export function timelineSeries(timeline: TimelineEntry[]): TimelineSeries {
  const entries = [...timeline].sort((a, b) => a.t - b.t);
  const perSec = (n: number, e: TimelineEntry) => (e.intervalSec > 0 ? n / e.intervalSec : 0);
  return {
    t: entries.map((e) => e.t),
    phase: entries.map((e) => e.phase),
    targetRate: entries.map((e) => e.targetRate),
    achievedRate: entries.map((e) => perSec(e.produce.acked, e)),
    consumeRate: entries.map((e) => perSec(e.consume.received, e)),
    failedRate: entries.map((e) => perSec(e.produce.failed, e)),
    droppedRate: entries.map((e) => perSec(e.produce.dropped, e)),
    inFlight: entries.map((e) => e.inFlight),
    publishP50Ms: entries.map((e) => e.latencyMs.publish?.p50 ?? null),
    publishP99Ms: entries.map((e) => e.latencyMs.publish?.p99 ?? null),
    publishP999Ms: entries.map((e) => e.latencyMs.publish?.p999 ?? null),
    e2eP50Ms: entries.map((e) => e.latencyMs.e2e?.p50 ?? null),
    e2eP99Ms: entries.map((e) => e.latencyMs.e2e?.p99 ?? null),
    e2eP999Ms: entries.map((e) => e.latencyMs.e2e?.p999 ?? null),
    publishDelayP99Ms: entries.map((e) => e.latencyMs.publishDelay?.p99 ?? null),
  };
}

/** One input series: readings at its own times. */
export interface TimedValues {
  t: number[];
  v: Array<number | null>;
}

/**
 * Aligns series on the union of their times (rounded to 1 ms) and fills gaps with null, the
 * layout uPlot expects: one x array and one equally long value array per series.
 */
export function alignSeries(list: TimedValues[]): { x: number[]; columns: Array<Array<number | null>> } {
  const key = (t: number) => Math.round(t * 1000);
  const times = new Map<number, number>();
  for (const s of list) for (const t of s.t) times.set(key(t), key(t) / 1000);
  const x = [...times.values()].sort((a, b) => a - b);
  const index = new Map(x.map((t, i) => [key(t), i]));
  const columns = list.map((s) => {
    const col: Array<number | null> = new Array<number | null>(x.length).fill(null);
    s.t.forEach((t, i) => {
      const v = s.v[i];
      col[index.get(key(t))!] = v === undefined ? null : v;
    });
    return col;
  });
  return { x, columns };
}

/** True when at least one value is a finite number. */
export function hasData(values: Array<number | null>): boolean {
  return values.some((v) => typeof v === 'number' && Number.isFinite(v));
}
