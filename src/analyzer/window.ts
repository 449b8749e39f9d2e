/**
 * The analysis window: the part of a run the rules judge. Warm-up, cool-down and drain are
 * dropped, and so are the first and the last interval of load (a partial interval at each edge,
 * and the ramp-in of the first one). Samples and events are cut to the same time span.
 */
import type { RunEvent, Sample, TimelineEntry } from '../record/format.js';

/** The trimmed window. Times are seconds since the run started. */
export interface AnalysisWindow {
  /** Start of the first kept interval (its `t` minus its length). 0 when empty. */
  from: number;
  /** End of the last kept interval. 0 when empty. */
  to: number;
  /** to − from, seconds. */
  durationSec: number;
  /** Kept load intervals, in time order. */
  timeline: TimelineEntry[];
  /** Samples with from ≤ t ≤ to, in time order. */
  samples: Sample[];
  /** Events with from ≤ t ≤ to, in time order. */
  events: RunEvent[];
  /** Load intervals dropped at the edges (0–2) and intervals outside load. */
  dropped: { edges: number; otherPhases: number };
}

/** Cuts the window out of a run's timeline, samples and events. Pure; the inputs are not modified. */
export function trimWindow(timeline: readonly TimelineEntry[], samples: readonly Sample[], events: readonly RunEvent[]): AnalysisWindow {
  const ordered = [...timeline].sort((a, b) => a.t - b.t);
  const load = ordered.filter((e) => e.phase === 'load');
  const otherPhases = ordered.length - load.length;
  const kept = load.length > 2 ? load.slice(1, -1) : [];
  const edges = load.length - kept.length;
  if (kept.length === 0) {
    return { from: 0, to: 0, durationSec: 0, timeline: [], samples: [], events: [], dropped: { edges, otherPhases } };
  }
  const first = kept[0]!;
  const last = kept[kept.length - 1]!;
  const from = first.t - (first.intervalSec > 0 ? first.intervalSec : 0);
  const to = last.t;
  const inside = <T extends { t: number }>(x: T): boolean => x.t >= from && x.t <= to;
  return {
    from,
    to,
    durationSec: to - from,
    timeline: kept,
    samples: samples.filter(inside).sort((a, b) => a.t - b.t),
    events: events.filter(inside).sort((a, b) => a.t - b.t),
    dropped: { edges, otherPhases },
  };
}
