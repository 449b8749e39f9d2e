/**
 * The one test of "the condition held for a sustained stretch", shared by every rule: a single
 * bad reading never makes a finding. A condition is sustained when it holds in at least
 * `sustainedShare` of the readings AND in at least `sustainedMinConsecutive` consecutive ones
 * (both in {@link THRESHOLDS}). Non-finite readings are gaps: not counted, and they break a run.
 */
import { THRESHOLDS } from './thresholds.js';

/** How a condition fared over a series of readings. */
export interface SustainedResult {
  /** True when the condition is sustained (share and consecutive run both met). */
  holds: boolean;
  /** Finite readings judged. */
  total: number;
  /** Readings where the condition held. */
  matched: number;
  /** matched ÷ total (0 when total is 0). */
  share: number;
  /** Longest run of consecutive readings where it held. */
  longestRun: number;
}

/** Options overriding the table's share and run length (tests and special rules only). */
export interface SustainedOptions {
  minShare?: number;
  minConsecutive?: number;
}

/** Judges `predicate` over `values` (in time order). */
export function sustained(values: readonly number[], predicate: (v: number) => boolean, opts: SustainedOptions = {}): SustainedResult {
  const minShare = opts.minShare ?? THRESHOLDS.sustainedShare.value;
  const minConsecutive = opts.minConsecutive ?? THRESHOLDS.sustainedMinConsecutive.value;
  let total = 0;
  let matched = 0;
  let run = 0;
  let longestRun = 0;
  for (const v of values) {
    if (!Number.isFinite(v)) {
      run = 0;
      continue;
    }
    total++;
    if (predicate(v)) {
      matched++;
      run++;
      if (run > longestRun) longestRun = run;
    } else {
      run = 0;
    }
  }
  const share = total === 0 ? 0 : matched / total;
  return { holds: total > 0 && share >= minShare && longestRun >= minConsecutive, total, matched, share, longestRun };
}

/** True when a series has enough finite readings for {@link sustained} to ever hold. */
export function enoughReadings(values: readonly number[]): boolean {
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) n++;
  return n >= THRESHOLDS.sustainedMinConsecutive.value;
}
