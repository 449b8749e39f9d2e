/**
 * Consumer lag for the reports: per (group, topic) totals over time, their maxima, and how long
 * the backlog took to drain after the load ended. Reads `lag` samples (see SAMPLE_NAMES.lag):
 * group totals carry labels { group, topic }; per-partition readings add `partition`. When a
 * group has no total readings, totals are summed from its partitions at each sample time.
 */
import type { Sample, TimelineEntry } from '../record/format.js';
import { SAMPLE_NAMES } from '../record/sample-names.js';

const L = SAMPLE_NAMES.lag;

/** Total lag of one group on one topic over time. `t` seconds since run start; null where unknown. */
export interface LagGroupSeries {
  group: string;
  topic: string;
  t: number[];
  /** Messages behind the log end. */
  lagMessages: Array<number | null>;
  /** Age of the oldest unconsumed message, seconds. */
  timeLagSec: Array<number | null>;
}

function finite(v: number | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Lag totals per (group, topic), sorted by group then topic, each in time order. */
export function lagSeries(samples: Sample[]): LagGroupSeries[] {
  const totals = new Map<string, Sample[]>();
  const partitions = new Map<string, Sample[]>();
  for (const s of samples) {
    if (s.source !== 'lag') continue;
    const group = s.labels?.group ?? s.instance ?? '(unknown group)';
    const topic = s.labels?.topic ?? '';
    const key = `${group}\u0000${topic}`;
    const target = s.labels?.partition === undefined ? totals : partitions;
    const list = target.get(key) ?? [];
    list.push(s);
    target.set(key, list);
  }
  const keys = new Set([...totals.keys(), ...partitions.keys()]);
  const out: LagGroupSeries[] = [];
  for (const key of keys) {
    const [group, topic] = key.split('\u0000') as [string, string];
    const own = totals.get(key);
    const series = own && own.length > 0 ? fromTotals(own) : fromPartitions(partitions.get(key) ?? []);
    out.push({ group, topic, ...series });
  }
  return out.sort((a, b) => a.group.localeCompare(b.group) || a.topic.localeCompare(b.topic));
}

type Columns = Pick<LagGroupSeries, 't' | 'lagMessages' | 'timeLagSec'>;

function fromTotals(list: Sample[]): Columns {
  const sorted = [...list].sort((a, b) => a.t - b.t);
  return {
    t: sorted.map((s) => s.t),
    lagMessages: sorted.map((s) => finite(s.values[L.lagMessages])),
    timeLagSec: sorted.map((s) => finite(s.values[L.timeLagSeconds])),
  };
}

function fromPartitions(list: Sample[]): Columns {
  const byTime = new Map<number, { t: number; lag: number | null; time: number | null }>();
  for (const s of list) {
    const key = Math.round(s.t * 1000);
    const acc = byTime.get(key) ?? { t: s.t, lag: null, time: null };
    const lag = finite(s.values[L.lagMessages]);
    const time = finite(s.values[L.timeLagSeconds]);
    if (lag !== null) acc.lag = (acc.lag ?? 0) + lag;
    if (time !== null) acc.time = Math.max(acc.time ?? 0, time);
    byTime.set(key, acc);
  }
  const rows = [...byTime.values()].sort((a, b) => a.t - b.t);
  return { t: rows.map((r) => r.t), lagMessages: rows.map((r) => r.lag), timeLagSec: rows.map((r) => r.time) };
}

/** What the reports say about one group's lag. */
export interface LagSummary {
  group: string;
  topic: string;
  /** Highest total lag seen, messages (null without readings). */
  maxLagMessages: number | null;
  /** Highest time lag seen, seconds (null when not measured). */
  maxTimeLagSec: number | null;
  /** Lag at the end of the load (last reading at or before it), messages. */
  lagAtLoadEnd: number | null;
  /**
   * Seconds from the end of the load until the lag first read 0; 0 when there was no backlog at
   * the end of the load; null when it never drained within the record.
   */
  drainSec: number | null;
  /** Last lag reading in the record, messages. */
  finalLag: number | null;
}

/** End of the load, seconds since run start: end of the last `load` interval, or of the timeline. */
export function loadEndTime(timeline: TimelineEntry[]): number | null {
  const load = timeline.filter((e) => e.phase === 'load');
  const entries = load.length > 0 ? load : timeline;
  if (entries.length === 0) return null;
  return Math.max(...entries.map((e) => e.t));
}

/** Summarises each group's lag; `loadEnd` as from {@link loadEndTime}. */
export function summariseLag(series: LagGroupSeries[], loadEnd: number | null): LagSummary[] {
  return series.map((s) => {
    const lags = s.lagMessages.filter((v): v is number => v !== null);
    const times = s.timeLagSec.filter((v): v is number => v !== null);
    let lagAtLoadEnd: number | null = null;
    let endIndex = -1;
    if (loadEnd !== null) {
      for (let i = 0; i < s.t.length; i += 1) {
        const v = s.lagMessages[i];
        if (s.t[i]! <= loadEnd + 1e-6 && v !== null && v !== undefined) {
          lagAtLoadEnd = v;
          endIndex = i;
        }
      }
    }
    let drainSec: number | null = null;
    if (lagAtLoadEnd !== null && loadEnd !== null) {
      if (lagAtLoadEnd <= 0) drainSec = 0;
      else {
        for (let i = endIndex + 1; i < s.t.length; i += 1) {
          if (s.lagMessages[i] === 0) {
            drainSec = s.t[i]! - loadEnd;
            break;
          }
        }
      }
    }
    return {
      group: s.group,
      topic: s.topic,
      maxLagMessages: lags.length > 0 ? Math.max(...lags) : null,
      maxTimeLagSec: times.length > 0 ? Math.max(...times) : null,
      lagAtLoadEnd,
      drainSec,
      finalLag: lags.length > 0 ? lags[lags.length - 1]! : null,
    };
  });
}
