/**
 * Merges the timelines of several execution segments into one, interval by interval of wall
 * clock: an entry of segment K that ends at `t0_K + t` (epoch ms) falls into the merged interval
 * `round((t0_K + t − t0) / interval)` of the merged start `t0`. Counters are summed, the interval
 * HDR histograms of an interval are merged (percentiles always come from merged histograms,
 * never averaged), and the phase is the one most entries of the interval report.
 */
import { mergeSnapshots, type Hists } from '../run/aggregate.js';
import type { RunPhaseKind, TimelineEntry } from '../record/format.js';

/** One segment's timeline and where its t = 0 lay on the wall clock. */
export interface SegmentTimeline {
  /** The segment's schedule start, epoch ms. */
  t0: number;
  entries: readonly TimelineEntry[];
}

/** A merged interval with its decoded histograms (for the cumulative figures). */
export interface MergedInterval {
  entry: TimelineEntry;
  hists: Hists;
  warmHists: Hists;
}

const PHASE_ORDER: RunPhaseKind[] = ['warmup', 'load', 'cooldown', 'drain'];

/** The phase most entries report; ties go to the earlier phase. */
function majorityPhase(entries: readonly TimelineEntry[]): TimelineEntry {
  const votes = new Map<RunPhaseKind, number>();
  for (const e of entries) votes.set(e.phase, (votes.get(e.phase) ?? 0) + 1);
  const phase = PHASE_ORDER.reduce((best, p) => ((votes.get(p) ?? 0) > (votes.get(best) ?? 0) ? p : best), entries[0]!.phase);
  return entries.find((e) => e.phase === phase)!;
}

/** Sum of the target rates; null (unthrottled) when any entry is. */
function sumRates(entries: readonly TimelineEntry[]): number | null {
  let sum = 0;
  for (const e of entries) {
    if (e.targetRate === null) return null;
    sum += e.targetRate;
  }
  return sum;
}

/**
 * The merged timeline of `segments` relative to `t0` (epoch ms), with `intervalMs` intervals.
 * Entries of one segment that fall into the same merged interval (a short last interval) are
 * merged too. The result is in time order.
 */
export function mergeTimelines(segments: readonly SegmentTimeline[], t0: number, intervalMs: number): MergedInterval[] {
  const buckets = new Map<number, TimelineEntry[]>();
  for (const seg of segments) {
    for (const e of seg.entries) {
      const bucket = Math.max(1, Math.round((seg.t0 + e.t * 1000 - t0) / intervalMs));
      let list = buckets.get(bucket);
      if (!list) buckets.set(bucket, (list = []));
      list.push(e);
    }
  }
  return [...buckets.keys()]
    .sort((a, b) => a - b)
    .map((bucket) => {
      const entries = buckets.get(bucket)!;
      const lead = majorityPhase(entries);
      const tSec = (bucket * intervalMs) / 1000;
      const merged = mergeSnapshots(
        entries.map((e) => ({
          produce: e.produce,
          consume: e.consume,
          hist: e.hist,
          warmupHist: e.warmupHist ?? {},
          inFlight: e.inFlight,
          errors: e.errors ?? {},
          groups: e.groups ?? {},
          warmup: e.warmup ?? { sent: 0, acked: 0, failed: 0, dropped: 0, bytes: 0, received: 0, receivedBytes: 0 },
        })),
        { t: tSec, ts: t0 + tSec * 1000, phase: lead.phase, phaseIndex: lead.phaseIndex, targetRate: sumRates(entries), intervalSec: Math.max(...entries.map((e) => e.intervalSec)) },
      );
      return merged;
    });
}
