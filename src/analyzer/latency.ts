/** Latency figures over the window from the timeline's per-interval stats (milliseconds). */
import type { LatencyStats, TimelineEntry } from '../record/format.js';
import type { AnalysisWindow } from './window.js';
import { median } from './stats.js';

type LatencyKind = keyof TimelineEntry['latencyMs'];

/** Count-weighted mean of the interval means, ms; null when nothing was measured. */
export function meanLatencyMs(window: AnalysisWindow, kind: LatencyKind): number | null {
  let n = 0;
  let total = 0;
  for (const e of window.timeline) {
    const s = e.latencyMs[kind];
    if (!s || s.count <= 0 || !Number.isFinite(s.mean)) continue;
    n += s.count;
    total += s.mean * s.count;
  }
  return n > 0 ? total / n : null;
}

/** Mean publish latency (intended send → ack), ms; null when not measured. */
export function meanPublishLatencyMs(window: AnalysisWindow): number | null {
  return meanLatencyMs(window, 'publish');
}

/** Median over the intervals of one percentile field, ms; null when not measured. */
export function medianOf(window: AnalysisWindow, kind: LatencyKind, field: keyof LatencyStats): number | null {
  const v = window.timeline.map((e) => e.latencyMs[kind]?.[field] ?? NaN);
  const m = median(v);
  return Number.isFinite(m) ? m : null;
}
