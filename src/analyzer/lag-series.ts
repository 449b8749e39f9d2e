/**
 * Consumer lag out of `lag` samples (labels group, topic, partition; group totals carry group and
 * topic only), grouped per (group, topic), plus a fallback backlog estimate from the timeline's
 * per-group receive counts when no lag collector ran.
 */
import { SAMPLE_NAMES } from '../record/sample-names.js';
import type { AnalysisWindow } from './window.js';
import type { Point } from './stats.js';
import type { OffsetObservation } from './burrow.js';

const L = SAMPLE_NAMES.lag;

/** Lag of one consumer group on one topic. */
export interface GroupLag {
  group: string;
  topic: string;
  /** Total lag (messages) in time order: group-total samples, else the sum of partitions per reading. */
  total: Point[];
  /** Per-partition observations (committed offset may be NaN when not sampled), by partition id. */
  partitions: Map<string, OffsetObservation[]>;
  /** Per-partition time lag, seconds, when the collector reports it (max over partitions per reading). */
  timeLagSec: Point[];
}

/** Lag per (group, topic) in the window; empty when there are no lag samples. */
export function groupLags(window: AnalysisWindow): GroupLag[] {
  const byKey = new Map<string, { group: string; topic: string; totals: Point[]; parts: Map<string, OffsetObservation[]>; partSums: Map<number, number>; timeLag: Map<number, number> }>();
  for (const s of window.samples) {
    if (s.source !== 'lag' || !s.labels?.group || !s.labels.topic) continue;
    const key = `${s.labels.group}\u0000${s.labels.topic}`;
    let g = byKey.get(key);
    if (!g) byKey.set(key, (g = { group: s.labels.group, topic: s.labels.topic, totals: [], parts: new Map(), partSums: new Map(), timeLag: new Map() }));
    const lag = s.values[L.lagMessages];
    const tl = s.values[L.timeLagSeconds];
    if (typeof tl === 'number') g.timeLag.set(s.t, Math.max(g.timeLag.get(s.t) ?? -Infinity, tl));
    if (typeof lag !== 'number') continue;
    const partition = s.labels.partition;
    if (partition === undefined) {
      g.totals.push({ t: s.t, v: lag });
      continue;
    }
    let list = g.parts.get(partition);
    if (!list) g.parts.set(partition, (list = []));
    list.push({ t: s.t, lag, offset: s.values[L.committedOffset] ?? NaN });
    g.partSums.set(s.t, (g.partSums.get(s.t) ?? 0) + lag);
  }
  return [...byKey.values()].map((g) => ({
    group: g.group,
    topic: g.topic,
    total: g.totals.length > 0 ? g.totals : [...g.partSums.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v })),
    partitions: g.parts,
    timeLagSec: [...g.timeLag.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v })),
  }));
}

/**
 * Backlog growth of each group estimated from the timeline: cumulative acknowledged minus
 * cumulative received by the group (relative to the window start, so only its trend is meaningful).
 */
export function backlogFromCounts(window: AnalysisWindow): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  const groups = new Set<string>();
  for (const e of window.timeline) for (const g of Object.keys(e.groups ?? {})) groups.add(g);
  for (const g of groups) {
    let produced = 0;
    let received = 0;
    const pts: Point[] = [];
    for (const e of window.timeline) {
      produced += e.produce.acked;
      received += e.groups?.[g] ?? 0;
      pts.push({ t: e.t, v: produced - received });
    }
    out.set(g, pts);
  }
  return out;
}

/** Messages per second a group received over the window (from the timeline's per-group counts); null when not recorded. */
export function groupReceiveRate(window: AnalysisWindow, group: string): number | null {
  let secs = 0;
  let got = 0;
  let seen = false;
  for (const e of window.timeline) {
    secs += e.intervalSec;
    const n = e.groups?.[group];
    if (typeof n === 'number') {
      seen = true;
      got += n;
    }
  }
  return seen && secs > 0 ? got / secs : null;
}

/** True when the group received messages in the last third of the window; null when not recorded. */
export function groupActiveLately(window: AnalysisWindow, group: string): boolean | null {
  const tail = window.timeline.slice(Math.floor((window.timeline.length * 2) / 3));
  if (!tail.some((e) => e.groups !== undefined)) return null;
  return tail.some((e) => (e.groups?.[group] ?? 0) > 0);
}
