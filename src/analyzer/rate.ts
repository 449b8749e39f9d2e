/**
 * Achieved versus target produce rate over the window, shared by the rate-not-met, sync-mode
 * and scaling logic. Rates are msg/s; a ratio is achieved ÷ target per interval.
 */
import type { AnalysisWindow } from './window.js';
import { ackedRate, intervalTarget } from './series.js';
import { sum } from './stats.js';
import { sustained, type SustainedResult } from './sustained.js';
import { THRESHOLDS as T } from './thresholds.js';

/** How the achieved rate compared with the target. */
export interface RateAchievement {
  /** Acknowledged messages ÷ window seconds. */
  achieved: number;
  /** Mean target over the intervals that had one; null for max-throughput. */
  target: number | null;
  /** achieved ÷ target (null without a target). */
  ratio: number | null;
  /** Per-interval achieved ÷ target below {@link THRESHOLDS.rateAchievedMin}, judged as sustained. */
  shortfall: SustainedResult | null;
}

/** Mean acknowledged rate over the window, msg/s (NaN for an empty window). */
export function achievedRate(window: AnalysisWindow): number {
  const secs = sum(window.timeline.map((e) => e.intervalSec));
  return secs > 0 ? sum(window.timeline.map((e) => e.produce.acked)) / secs : NaN;
}

/** Compares achieved with target over the window. */
export function rateAchievement(window: AnalysisWindow): RateAchievement {
  const achieved = achievedRate(window);
  const ratios: number[] = [];
  const targets: number[] = [];
  window.timeline.forEach((e, i) => {
    const target = intervalTarget(window.timeline, i);
    if (target === null || target <= 0) {
      ratios.push(NaN);
      return;
    }
    targets.push(target);
    ratios.push(ackedRate(e) / target);
  });
  if (targets.length === 0) return { achieved, target: null, ratio: null, shortfall: null };
  const target = sum(targets) / targets.length;
  return { achieved, target, ratio: achieved / target, shortfall: sustained(ratios, (r) => r < T.rateAchievedMin.value) };
}
