/**
 * The latency percentile spectrum: latency (ms) at percentiles 0 … 99.99, from the interval HDR
 * histograms of the analysis window merged into one (never from averaged percentiles). The x
 * position of percentile p is `-log10(1 - p/100)`: 0 → p0, 1 → p90, 2 → p99, 3 → p99.9,
 * 4 → p99.99, which spreads the tail out. Without histograms it falls back to the summary's
 * stats (min, p50, p90, p99, p99.9, and max drawn at the right edge).
 */
import type { LatencyStats, TimelineEntry } from '../record/format.js';
import { mergeEncoded, percentileMs } from '../metrics/histogram.js';

/** Highest x position (p99.99). */
export const SPECTRUM_MAX_X = 4;
const STEP = 0.05;

/** Latency (ms) per percentile position; series values are null where that latency has no data. */
export interface PercentileSpectrum {
  /** Where the numbers come from. */
  source: 'histogram' | 'summary' | 'none';
  /** Positions `-log10(1 - p/100)`. */
  x: number[];
  /** The percentile at each position, 0–100. */
  percentile: number[];
  publishMs: Array<number | null>;
  e2eMs: Array<number | null>;
}

/** Percentile (0–100) at spectrum position x. */
export function percentileAt(x: number): number {
  return 100 * (1 - 10 ** -x);
}

/** Spectrum from the encoded histograms of the given entries; source 'none' when they carry none. */
export function spectrumFromTimeline(entries: TimelineEntry[]): PercentileSpectrum {
  const publish = mergeEncoded(entries.map((e) => e.hist.publish));
  const e2e = mergeEncoded(entries.map((e) => e.hist.e2e));
  if (publish.totalCount === 0 && e2e.totalCount === 0) return { source: 'none', x: [], percentile: [], publishMs: [], e2eMs: [] };
  const x: number[] = [];
  for (let i = 0; i * STEP <= SPECTRUM_MAX_X + 1e-9; i += 1) x.push(Number((i * STEP).toFixed(2)));
  const percentile = x.map(percentileAt);
  const at = (h: typeof publish, p: number): number | null => (h.totalCount === 0 ? null : percentileMs(h, p));
  return {
    source: 'histogram',
    x,
    percentile,
    publishMs: percentile.map((p) => at(publish, p)),
    e2eMs: percentile.map((p) => at(e2e, p)),
  };
}

/** Coarse spectrum from summary stats; source 'none' when both are null. */
export function spectrumFromStats(publish: LatencyStats | null, e2e: LatencyStats | null): PercentileSpectrum {
  if (!publish && !e2e) return { source: 'none', x: [], percentile: [], publishMs: [], e2eMs: [] };
  const points: Array<[number, keyof LatencyStats]> = [
    [0, 'min'],
    [50, 'p50'],
    [90, 'p90'],
    [99, 'p99'],
    [99.9, 'p999'],
    [99.99, 'max'],
  ];
  const x = points.map(([p]) => Number((-Math.log10(1 - p / 100)).toFixed(4)));
  return {
    source: 'summary',
    x,
    percentile: points.map(([p]) => p),
    publishMs: points.map(([, k]) => (publish ? publish[k] : null)),
    e2eMs: points.map(([, k]) => (e2e ? e2e[k] : null)),
  };
}

/** The best spectrum available: merged histograms first, summary stats otherwise. */
export function latencySpectrum(entries: TimelineEntry[], publish: LatencyStats | null, e2e: LatencyStats | null): PercentileSpectrum {
  const fromHist = spectrumFromTimeline(entries);
  return fromHist.source === 'histogram' ? fromHist : spectrumFromStats(publish, e2e);
}
