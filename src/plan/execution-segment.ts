/**
 * Execution segments: one share of a profile, so that N processes (on N machines) together run
 * exactly the profile once. Segment K of N (1-based) gets a contiguous block of the producers
 * (`p<i>` keep their run-wide index, and each carries 1/count of the rate as in a whole run) and,
 * in every group, a contiguous block of that group's consumers. Blocks are split by
 * {@link shareRange}: deterministic, sizes differing by at most one, a segment may get none.
 * k6's execution segments are the model; the shares of all segments sum to the whole profile.
 */
import { UsageError } from '../errors.js';

/** Segment `index` (1-based) of `count`. */
export interface ExecutionSegment {
  index: number;
  count: number;
}

/** What a segmented plan records about its share (see {@link RunPlan.execution}). */
export interface ExecutionShare extends ExecutionSegment {
  /** Sum of this segment's producers' rate shares (0…1): the part of the profile's rate it sends. */
  rateShare: number;
  /** Producers of the whole profile, and this segment's block of them: `[from, to)`. */
  producers: { total: number; from: number; to: number };
  /** Consumers per group in the whole profile, and this segment's block: `[from, to)` in every group. */
  consumers: { perGroup: number; from: number; to: number };
}

/** The largest segment count accepted (a sanity bound; a Kubernetes Job of this many pods is already large). */
export const MAX_SEGMENTS = 1000;

/** Parses `K/N` (1 ≤ K ≤ N ≤ {@link MAX_SEGMENTS}); throws a UsageError naming the flag. */
export function parseSegment(value: string, flag = '--segment'): ExecutionSegment {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || index < 1 || count < 1 || index > count || count > MAX_SEGMENTS) {
    throw new UsageError(`${flag} must be K/N with 1 ≤ K ≤ N ≤ ${MAX_SEGMENTS}, got "${value}"`, `e.g. ${flag} 2/4 runs the second of four equal shares`);
  }
  return { index, count };
}

/** This segment's block `[from, to)` of `total` items: item i belongs to the segment k with ⌊(k−1)·total/N⌋ ≤ i < ⌊k·total/N⌋. */
export function shareRange(total: number, seg: ExecutionSegment): { from: number; to: number } {
  return { from: Math.floor(((seg.index - 1) * total) / seg.count), to: Math.floor((seg.index * total) / seg.count) };
}

/** Whether a plan is one share of several (the run's groups and topics are shared with other processes). */
export function isPartial(seg: ExecutionSegment | undefined): boolean {
  return seg !== undefined && seg.count > 1;
}
