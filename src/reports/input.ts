/**
 * The one input of every report: a run record already read into memory. Report functions are
 * pure functions of a {@link ReportInput}, so they can be tested without files.
 */
import type { Profile } from '../profile/schema.js';
import type { BrokerFacts, LatencyStats, RunEvent, Sample, TimelineEntry } from '../record/format.js';
import type { RunSummary } from '../record/summary.js';
import type { FindingsFile } from '../analyzer/finding-types.js';
import { latencyStats, mergeEncoded } from '../metrics/histogram.js';

/**
 * Everything a report reads. `profile` is null when profile.json is missing, `summary` when the
 * run was killed before writing it, `findings` when the run was not analysed.
 */
export interface ReportInput {
  profile: Profile | null;
  timeline: TimelineEntry[];
  samples: Sample[];
  events: RunEvent[];
  summary: RunSummary | null;
  findings: FindingsFile | null;
  /** Broker kind and driver capabilities (`broker.json`); null or absent when unknown (reports then assume partitions and offsets). */
  broker?: BrokerFacts | null;
  /** Problems met while reading or analysing the record (partial lines, missing files, analysis failure), one sentence each. */
  notes?: string[];
}

/** The profile name: from the profile, else the summary, else `unknown profile`. */
export function profileName(input: Pick<ReportInput, 'profile' | 'summary'>): string {
  return input.profile?.name ?? input.summary?.profile ?? 'unknown profile';
}

/** A time window in seconds since run start. */
export interface TimeWindow {
  from: number;
  to: number;
}

const EPS = 1e-6;

/**
 * The analysis window: the analyzer's trimmed window when there are findings, otherwise the span
 * of the `load` intervals (warm-up, cool-down and drain excluded), otherwise the whole timeline.
 */
export function analysisWindow(input: Pick<ReportInput, 'findings' | 'timeline'>): TimeWindow {
  if (input.findings) return input.findings.window;
  const load = input.timeline.filter((e) => e.phase === 'load');
  const entries = load.length > 0 ? load : input.timeline;
  if (entries.length === 0) return { from: 0, to: 0 };
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const e of entries) {
    from = Math.min(from, e.t - e.intervalSec);
    to = Math.max(to, e.t);
  }
  return { from: Math.max(0, from), to };
}

/** Timeline entries whose interval ends inside the window (from, to]. */
export function entriesInWindow(timeline: TimelineEntry[], w: TimeWindow): TimelineEntry[] {
  return timeline.filter((e) => e.t > w.from + EPS && e.t <= w.to + EPS);
}

/** Samples taken inside the window [from, to]. */
export function samplesInWindow(samples: Sample[], w: TimeWindow): Sample[] {
  return samples.filter((s) => s.t >= w.from - EPS && s.t <= w.to + EPS);
}

/** Produce/consume totals and latency statistics of a run, from the summary or, lacking one, from the timeline. */
export interface RunTotals {
  /** Where the figures come from. */
  source: 'summary' | 'timeline';
  durationSec: number;
  sent: number;
  acked: number;
  failed: number;
  dropped: number;
  /** Acknowledged payload bytes. */
  bytes: number;
  /** Achieved (acknowledged) rate, msg/s. */
  ratePerSec: number;
  /** Mean target rate, msg/s; null for max-throughput. */
  targetRatePerSec: number | null;
  received: number;
  consumeRatePerSec: number;
  latencyMs: { publish: LatencyStats | null; publishDelay: LatencyStats | null; e2e: LatencyStats | null };
  errors: Record<string, number>;
}

/** Totals of the run, preferring `summary.json` (warm-up already excluded there). */
export function runTotals(input: ReportInput): RunTotals {
  const s = input.summary;
  if (s) {
    return {
      source: 'summary',
      durationSec: s.durationSec,
      sent: s.produce.sent,
      acked: s.produce.acked,
      failed: s.produce.failed,
      dropped: s.produce.dropped,
      bytes: s.produce.bytes,
      ratePerSec: s.produce.ratePerSec,
      targetRatePerSec: s.produce.targetRatePerSec,
      received: s.consume.received,
      consumeRatePerSec: s.consume.ratePerSec,
      latencyMs: { publish: s.latencyMs.publish, publishDelay: s.latencyMs.publishDelay, e2e: s.latencyMs.e2e },
      errors: s.errors,
    };
  }
  return totalsFromTimeline(entriesInWindow(input.timeline, analysisWindow(input)));
}

/** Sums interval counters and merges interval histograms of the given entries. */
export function totalsFromTimeline(entries: TimelineEntry[]): RunTotals {
  let durationSec = 0;
  let sent = 0;
  let acked = 0;
  let failed = 0;
  let dropped = 0;
  let bytes = 0;
  let received = 0;
  let targetSum = 0;
  let targetSec = 0;
  const errors: Record<string, number> = {};
  for (const e of entries) {
    durationSec += e.intervalSec;
    sent += e.produce.sent;
    acked += e.produce.acked;
    failed += e.produce.failed;
    dropped += e.produce.dropped;
    bytes += e.produce.bytes;
    received += e.consume.received;
    if (e.targetRate !== null) {
      targetSum += e.targetRate * e.intervalSec;
      targetSec += e.intervalSec;
    }
    for (const [msg, n] of Object.entries(e.errors ?? {})) errors[msg] = (errors[msg] ?? 0) + n;
  }
  const merged = (key: 'publish' | 'publishDelay' | 'e2e') => latencyStats(mergeEncoded(entries.map((e) => e.hist[key])));
  return {
    source: 'timeline',
    durationSec,
    sent,
    acked,
    failed,
    dropped,
    bytes,
    ratePerSec: durationSec > 0 ? acked / durationSec : 0,
    targetRatePerSec: targetSec > 0 ? targetSum / targetSec : null,
    received,
    consumeRatePerSec: durationSec > 0 ? received / durationSec : 0,
    latencyMs: { publish: merged('publish'), publishDelay: merged('publishDelay'), e2e: merged('e2e') },
    errors,
  };
}
