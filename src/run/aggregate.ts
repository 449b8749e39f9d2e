/**
 * Merges per-worker interval snapshots into one timeline entry, and keeps the cumulative
 * figures (counters and merged histograms) of everything after warm-up for the summary and
 * the thresholds. Percentiles always come from merged histograms.
 */
import { createHistogram, decodeHistogram, encodeHistogram, latencyStats, type LatencyHistogram } from '../metrics/histogram.js';
import type { ConsumeCounters, ProduceCounters, TimelineEntry, WarmupCounts } from '../record/format.js';
import type { IntervalSnapshot } from '../load/stats.js';
import { zeroProduce, zeroWarmup } from '../load/stats.js';

/** The fields of a timeline entry the orchestrator knows before the snapshots are merged. */
export type EntryMeta = Pick<TimelineEntry, 't' | 'ts' | 'phase' | 'phaseIndex' | 'targetRate' | 'intervalSec'>;

type HistName = 'publish' | 'publishDelay' | 'e2e' | 'stored';
const HISTS: HistName[] = ['publish', 'publishDelay', 'e2e', 'stored'];

function addCounters<T extends object>(into: T, from: T): void {
  for (const k of Object.keys(from) as Array<keyof T>) (into[k] as number) += from[k] as number;
}

function addRecord(into: Record<string, number>, from: Record<string, number>): void {
  for (const [k, v] of Object.entries(from)) into[k] = (into[k] ?? 0) + v;
}

/** Decodes and merges one histogram kind of every snapshot. */
function mergeKind(encoded: Array<string | undefined>): LatencyHistogram {
  const h = createHistogram();
  for (const e of encoded) if (e) h.add(decodeHistogram(e));
  return h;
}

export type Hists = Record<HistName, LatencyHistogram>;

/** Builds the timeline entry for one interval from the snapshots that arrived. */
export function mergeSnapshots(snapshots: IntervalSnapshot[], meta: EntryMeta): { entry: TimelineEntry; hists: Hists; warmHists: Hists } {
  const produce: ProduceCounters = zeroProduce();
  const consume: ConsumeCounters = { received: 0, bytes: 0, foreign: 0 };
  const errors: Record<string, number> = {};
  const groups: Record<string, number> = {};
  const warmup: WarmupCounts = zeroWarmup();
  let inFlight = 0;
  for (const s of snapshots) {
    addCounters(produce, s.produce);
    addCounters(consume, s.consume);
    addRecord(errors, s.errors);
    addRecord(groups, s.groups);
    addCounters(warmup, s.warmup);
    inFlight += s.inFlight;
  }
  const hists = {} as Hists;
  const warmHists = {} as Hists;
  for (const h of HISTS) {
    hists[h] = mergeKind(snapshots.map((s) => s.hist[h]));
    warmHists[h] = mergeKind(snapshots.map((s) => s.warmupHist[h]));
  }
  const entry: TimelineEntry = {
    ...meta,
    produce,
    consume,
    inFlight,
    latencyMs: { publish: latencyStats(hists.publish), publishDelay: latencyStats(hists.publishDelay), e2e: latencyStats(hists.e2e) },
    hist: { publish: encodeHistogram(hists.publish), publishDelay: encodeHistogram(hists.publishDelay), e2e: encodeHistogram(hists.e2e) },
  };
  if (Object.keys(errors).length > 0) entry.errors = errors;
  if (Object.keys(groups).length > 0) entry.groups = groups;
  if (Object.values(warmup).some((v) => v > 0)) entry.warmup = warmup;
  if (HISTS.some((h) => warmHists[h].totalCount > 0)) {
    entry.warmupHist = { publish: encodeHistogram(warmHists.publish), publishDelay: encodeHistogram(warmHists.publishDelay), e2e: encodeHistogram(warmHists.e2e) };
  }
  // Sink runs only: send time → row committed.
  if (hists.stored.totalCount > 0) {
    entry.latencyMs.stored = latencyStats(hists.stored);
    entry.hist.stored = encodeHistogram(hists.stored);
    if (warmHists.stored.totalCount > 0) (entry.warmupHist ??= {}).stored = encodeHistogram(warmHists.stored);
  }
  return { entry, hists, warmHists };
}

/** Cumulative figures after warm-up. */
export class Cumulative {
  readonly produce: ProduceCounters = zeroProduce();
  readonly consume: ConsumeCounters = { received: 0, bytes: 0, foreign: 0 };
  readonly hists: Record<HistName, LatencyHistogram> = { publish: createHistogram(), publishDelay: createHistogram(), e2e: createHistogram(), stored: createHistogram() };
  readonly errors: Record<string, number> = {};
  readonly groups: Record<string, number> = {};
  /** Seconds of load (phase `load`) seen. */
  loadSec = 0;
  /** Seconds after warm-up (load, cool-down, drain). */
  measuredSec = 0;
  /** Messages issued but neither acked nor failed at the last interval (stopped before they settled). */
  inFlightAtEnd = 0;
  /** Messages received during the load phase (warm-up messages excluded), for the consume rate. */
  loadReceived = 0;
  /** Counters over the whole run including warm-up (for the live progress line). */
  readonly all = { produce: zeroProduce(), consume: { received: 0, bytes: 0, foreign: 0 } as ConsumeCounters };

  add(entry: TimelineEntry, hists: Hists, warmHists: Hists): void {
    addCounters(this.all.produce, entry.produce);
    addCounters(this.all.consume, entry.consume);
    // Counters: every entry minus its warm-up messages (exact whatever the interval alignment).
    addCounters(this.produce, entry.produce);
    addCounters(this.consume, entry.consume);
    const w = entry.warmup;
    if (w) {
      this.produce.sent -= w.sent;
      this.produce.acked -= w.acked;
      this.produce.failed -= w.failed;
      this.produce.dropped -= w.dropped;
      this.produce.bytes -= w.bytes;
      this.consume.received -= w.received;
      this.consume.bytes -= w.receivedBytes;
    }
    // Histograms likewise: every entry minus its warm-up messages' part.
    for (const h of HISTS) {
      this.hists[h].add(hists[h]);
      if (warmHists[h].totalCount > 0) this.hists[h].subtract(warmHists[h]);
    }
    if (entry.phase === 'warmup') return;
    if (entry.errors) addRecord(this.errors, entry.errors);
    if (entry.groups) addRecord(this.groups, entry.groups);
    this.measuredSec += entry.intervalSec;
    if (entry.phase === 'load') {
      this.loadSec += entry.intervalSec;
      this.loadReceived += entry.consume.received - (w?.received ?? 0);
    }
  }
}
