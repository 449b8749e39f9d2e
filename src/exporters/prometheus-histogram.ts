/**
 * Prometheus histograms filled from the run's interval HDR histograms: each interval's encoded
 * histogram (µs) is decoded and its counts added to fixed Prometheus buckets (seconds), so the
 * exported `_bucket` counters are cumulative over the run without one call per message.
 * prom-client's Histogram can only observe one value at a time, so these are rendered to the
 * text format here.
 */
import * as hdr from 'hdr-histogram-js';
import { decodeHistogram, forEachRecorded, histogramMean } from '../metrics/histogram.js';

/** Bucket upper bounds in seconds: 100 µs to 60 s, roughly 1-2.5-5 per decade. */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
];

/** Counts per bucket (not cumulative; the last slot is above the highest bound), plus sum and count. */
export class BucketCounts {
  readonly counts: number[];
  sumSeconds = 0;
  count = 0;

  constructor(readonly bounds: readonly number[] = LATENCY_BUCKETS_SECONDS) {
    this.counts = new Array<number>(bounds.length + 1).fill(0);
  }

  /** Index of the first bound ≥ `seconds` (bounds.length when above all). */
  bucketOf(seconds: number): number {
    let lo = 0;
    let hi = this.bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seconds <= this.bounds[mid]!) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /**
   * Adds every value of an HDR histogram recorded in microseconds. Each HDR bucket is placed
   * by its lowest equivalent value (within 0.1 % of the recorded values at 3 significant
   * digits), so a value recorded exactly on a bound lands in that bound's bucket.
   */
  addHdr(h: hdr.Histogram): void {
    if (h.totalCount === 0) return;
    forEachRecorded(h, (lowest, _size, n) => {
      this.counts[this.bucketOf(lowest / 1e6)]! += n;
    });
    this.sumSeconds += (histogramMean(h) * h.totalCount) / 1e6;
    this.count += h.totalCount;
  }

  /** Decodes an interval histogram (`TimelineEntry.hist.*`, compressed base64, µs) and adds it. */
  addEncoded(encoded: string | undefined): void {
    if (!encoded) return;
    const h = decodeHistogram(encoded);
    try {
      this.addHdr(h);
    } finally {
      h.destroy();
    }
  }
}

/** Escapes a label value for the text format. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatLabels(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
}

/** Formats a bound the way Prometheus clients do (`0.0001`, `1`, `+Inf`). */
function formatBound(b: number): string {
  return Number.isFinite(b) ? String(b) : '+Inf';
}

/** Renders one histogram family (HELP, TYPE, cumulative `_bucket`s, `_sum`, `_count`) in the text format. */
export function renderHistogram(name: string, help: string, labels: Record<string, string>, b: BucketCounts): string {
  const base = formatLabels(labels);
  const withLe = (le: string) => `{${base ? `${base},` : ''}le="${le}"}`;
  const plain = base ? `{${base}}` : '';
  const lines = [`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} histogram`];
  let acc = 0;
  b.bounds.forEach((bound, i) => {
    acc += b.counts[i]!;
    lines.push(`${name}_bucket${withLe(formatBound(bound))} ${acc}`);
  });
  lines.push(`${name}_bucket${withLe('+Inf')} ${b.count}`);
  lines.push(`${name}_sum${plain} ${b.sumSeconds}`);
  lines.push(`${name}_count${plain} ${b.count}`);
  return lines.join('\n') + '\n';
}
