/** Builders for {@link Evidence}: measured values rounded for reading, with units and windows. */
import type { Evidence } from './finding-types.js';
import type { AnalysisWindow } from './window.js';

/** Rounds for display: integers from 1000 up, 3 significant digits below. Non-finite stays as is. */
export function round(v: number): number {
  if (!Number.isFinite(v)) return v;
  if (Math.abs(v) >= 1000) return Math.round(v);
  if (v === 0) return 0;
  return Number(v.toPrecision(3));
}

/**
 * One piece of evidence over the window (or over `from`–`to` when given). Without either — an
 * empty window, for rules that judge the summary — the evidence carries no time window.
 */
export function evidence(
  window: AnalysisWindow,
  metric: string,
  value: number,
  unit: string,
  extra: { threshold?: number; note?: string; from?: number; to?: number } = {},
): Evidence {
  const e: Evidence = { metric, value: round(value), unit };
  if (extra.from !== undefined || extra.to !== undefined || window.durationSec > 0) {
    e.window = { from: extra.from ?? window.from, to: extra.to ?? window.to };
  }
  if (extra.threshold !== undefined) e.threshold = extra.threshold;
  if (extra.note !== undefined) e.note = extra.note;
  return e;
}

/** "held in 85 % of 58 readings (longest run 40)" — the sustained-ness of a condition, for notes. */
export function sustainedNote(s: { share: number; total: number; longestRun: number }): string {
  return `held in ${Math.round(s.share * 100)} % of ${s.total} readings (longest run ${s.longestRun})`;
}
