/**
 * Series out of the window: timeline figures per interval, and collector values per instance.
 * Sample sources and value names come from {@link SAMPLE_NAMES}; nothing is averaged across
 * instances here (a rule that wants one broker at a time gets one series per broker).
 */
import type { Sample, TimelineEntry } from '../record/format.js';
import type { AnalysisWindow } from './window.js';
import type { Point } from './stats.js';
import { BROKER_JVM, JVM_ROLE_LABEL } from '../record/sample-names.js';

/** Collector sources that carry JVM and Kafka broker values (SAMPLE_NAMES.jvm, SAMPLE_NAMES.kafka). */
export const JMX_SOURCES = ['jmx', 'jolokia'] as const;

/** True for a JVM sample of the broker's own JVM (no {@link JVM_ROLE_LABEL}, or `broker`): what the JVM rules judge. */
export function isBrokerJvm(s: Sample): boolean {
  return (s.labels?.[JVM_ROLE_LABEL] ?? BROKER_JVM) === BROKER_JVM;
}

/** The name of the instance a sample belongs to (`source` or `source instance`). */
export function instanceName(s: Sample): string {
  return s.instance ? `${s.source} ${s.instance}` : s.source;
}

/** Samples of the given source(s) that carry `name`, optionally filtered further. */
export function samplesWith(window: AnalysisWindow, sources: string | readonly string[], name: string, filter?: (s: Sample) => boolean): Sample[] {
  const set = typeof sources === 'string' ? [sources] : sources;
  return window.samples.filter((s) => set.includes(s.source) && typeof s.values[name] === 'number' && (!filter || filter(s)));
}

/** One time series of `name` per instance of the given source(s), each in time order. */
export function seriesByInstance(
  window: AnalysisWindow,
  sources: string | readonly string[],
  name: string,
  filter?: (s: Sample) => boolean,
): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  for (const s of samplesWith(window, sources, name, filter)) {
    const key = instanceName(s);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push({ t: s.t, v: s.values[name]! });
  }
  return out;
}

/** Like {@link seriesByInstance} for a value derived from several names (NaN when one is missing). */
export function derivedByInstance(
  window: AnalysisWindow,
  sources: string | readonly string[],
  names: readonly string[],
  derive: (values: Record<string, number>) => number,
  filter?: (s: Sample) => boolean,
): Map<string, Point[]> {
  const set = typeof sources === 'string' ? [sources] : sources;
  const out = new Map<string, Point[]>();
  for (const s of window.samples) {
    if (!set.includes(s.source) || !names.every((n) => typeof s.values[n] === 'number') || (filter && !filter(s))) continue;
    const key = instanceName(s);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push({ t: s.t, v: derive(s.values) });
  }
  return out;
}

/** True when the window holds any sample of the source(s). */
export function hasSource(window: AnalysisWindow, sources: string | readonly string[]): boolean {
  const set = typeof sources === 'string' ? [sources] : sources;
  return window.samples.some((s) => set.includes(s.source));
}

/** The values of a point series. */
export function values(points: readonly Point[]): number[] {
  return points.map((p) => p.v);
}

/** A figure per timeline interval, as points at the interval's end time. */
export function timelineSeries(window: AnalysisWindow, pick: (e: TimelineEntry, i: number) => number): Point[] {
  return window.timeline.map((e, i) => ({ t: e.t, v: pick(e, i) }));
}

/** Achieved produce rate of an interval (acknowledged messages per second). */
export function ackedRate(e: TimelineEntry): number {
  return e.intervalSec > 0 ? e.produce.acked / e.intervalSec : NaN;
}

/** Consume rate of an interval (messages delivered to handlers per second, all groups). */
export function receivedRate(e: TimelineEntry): number {
  return e.intervalSec > 0 ? e.consume.received / e.intervalSec : NaN;
}

/**
 * Mean target rate over interval i (the target is recorded at the interval's end, so a ramp is
 * averaged with the previous end); null for max-throughput.
 */
export function intervalTarget(timeline: readonly TimelineEntry[], i: number): number | null {
  const cur = timeline[i]!.targetRate;
  if (cur === null) return null;
  const prev = i > 0 ? timeline[i - 1]!.targetRate : null;
  return prev === null ? cur : (prev + cur) / 2;
}
