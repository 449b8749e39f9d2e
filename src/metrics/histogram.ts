/**
 * Latency histograms: HDR histograms in microseconds, 1 µs to 10 minutes at 3 significant
 * digits, so real latencies are never clipped. Workers record per interval, encode, ship; the
 * coordinator decodes and merges. Percentiles always come from merged histograms, never from
 * averaging percentiles.
 */
import * as hdr from 'hdr-histogram-js';
import type { LatencyStats } from '../record/format.js';

/** Highest trackable value, µs (10 minutes). Larger values are recorded as this value. */
export const HIGHEST_TRACKABLE_US = 600_000_000;

export type LatencyHistogram = hdr.Histogram;

function build(useWebAssembly: boolean): LatencyHistogram {
  return hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: HIGHEST_TRACKABLE_US,
    numberOfSignificantValueDigits: 3,
    bitBucketSize: 32,
    autoResize: false,
    useWebAssembly,
  });
}

/** A new empty histogram (values in µs). */
export function createHistogram(): LatencyHistogram {
  return build(false);
}

/** Why recording histograms are JS ones in this thread (null: WebAssembly, or not tried yet). */
let wasmUnavailable: string | null = null;
let wasmReady = false;

/**
 * A histogram to record into on a load worker's per-message path: hdr-histogram-js's
 * WebAssembly build where the runtime has WebAssembly (28 ns per recorded value against 184 ns
 * for the JS one, measured on this project's 2-core machine), else a JS one. Same range, same
 * encoding: {@link encodeHistogram} of either decodes to the same counts. WebAssembly memory is
 * not garbage-collected, so keep such a histogram for the thread's life and `reset()` it between
 * intervals (as `IntervalStats` does), or `destroy()` it. Decoding, merging and percentiles stay
 * on JS histograms ({@link createHistogram}).
 */
export function createRecordingHistogram(): LatencyHistogram {
  if (wasmUnavailable === null && !wasmReady) {
    try {
      hdr.initWebAssemblySync(); // once per thread: a no-op when already done
      wasmReady = true;
    } catch (err) {
      wasmUnavailable = err instanceof Error ? err.message : String(err);
    }
  }
  return build(wasmUnavailable === null);
}

/** Null when {@link createRecordingHistogram} gives WebAssembly histograms, else why not. */
export function recordingFallbackReason(): string | null {
  return wasmUnavailable;
}

/** Records a latency given in milliseconds (`count` times), clamped to [1 µs, 10 min]. */
export function recordMs(h: LatencyHistogram, ms: number, count = 1): void {
  let us = Math.round(ms * 1000);
  if (!(us >= 1)) us = 1;
  else if (us > HIGHEST_TRACKABLE_US) us = HIGHEST_TRACKABLE_US;
  if (count === 1) h.recordValue(us);
  else h.recordValueWithCount(us, count);
}

/** Compressed base64 form for shipping between threads and into the run record. Empty → undefined. */
export function encodeHistogram(h: LatencyHistogram): string | undefined {
  if (h.totalCount === 0) return undefined;
  return hdr.encodeIntoCompressedBase64(h);
}

/** Decodes a histogram produced by {@link encodeHistogram}. */
export function decodeHistogram(encoded: string): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Adds `from` into `into` (counts summed bucket by bucket). */
export function mergeInto(into: LatencyHistogram, from: LatencyHistogram): void {
  into.add(from);
}

/** Merges encoded histograms into one new histogram (skips undefined). */
export function mergeEncoded(encoded: Array<string | undefined>): LatencyHistogram {
  const h = createHistogram();
  for (const e of encoded) if (e) h.add(decodeHistogram(e));
  return h;
}

/**
 * Calls `visit(lowest, size, count)` for every non-zero slot of a JS HDR histogram in value order:
 * `lowest` is the slot's lowest equivalent value, `size` the width of its range of equivalent values
 * (so `lowest + size - 1` is its highest). The same slots and values as the library's
 * `recordedValuesIterator`, which costs several float `log2`/`pow` calls for every slot up to the
 * maximum, recorded or not (≈ 6 ms for a 5,000-value interval histogram; this walk ≈ 0.1 ms): one
 * bucket's slots share one range size, so each bucket is placed once through the library and its
 * slots by integer steps.
 */
export function forEachRecorded(h: LatencyHistogram, visit: (lowest: number, size: number, count: number) => void): void {
  if (!(h instanceof hdr.JsHistogram)) throw new Error('expected a JS HDR histogram (built without WebAssembly)');
  const total = h.totalCount;
  const half = h.subBucketHalfCount;
  let seen = 0;
  // Bucket 0 holds slots [0, 2 * half); bucket b ≥ 1 holds [(b + 1) * half, (b + 2) * half).
  for (let start = 0; start < h.countsArrayLength && seen < total; start = start === 0 ? 2 * half : start + half) {
    const end = Math.min(h.countsArrayLength, start === 0 ? 2 * half : start + half);
    const base = h.valueFromIndex(start);
    const size = h.sizeOfEquivalentValueRange(base);
    for (let i = start; i < end && seen < total; i++) {
      const count = h.getCountAtIndex(i);
      if (count === 0) continue;
      seen += count;
      visit(base + (i - start) * size, size, count);
    }
  }
}

/**
 * Mean of the recorded values, each counted at the middle of its equivalent range: the library's
 * `mean` to the last bit (same terms, same order), computed with {@link forEachRecorded}.
 */
export function histogramMean(h: LatencyHistogram): number {
  if (h.totalCount === 0) return 0;
  let sum = 0;
  forEachRecorded(h, (lowest, size, count) => {
    sum += (lowest + Math.floor(size / 2)) * count;
  });
  return sum / h.totalCount;
}

/** Percentile summary in milliseconds, or null when the histogram is empty. */
export function latencyStats(h: LatencyHistogram): LatencyStats | null {
  if (h.totalCount === 0) return null;
  const ms = (us: number) => Math.round(us) / 1000;
  return {
    count: h.totalCount,
    mean: Math.round(histogramMean(h)) / 1000,
    min: ms(h.minNonZeroValue),
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.maxValue),
  };
}

/** Value at a percentile (0–100) in milliseconds; NaN when empty. */
export function percentileMs(h: LatencyHistogram, p: number): number {
  if (h.totalCount === 0) return Number.NaN;
  return h.getValueAtPercentile(p) / 1000;
}
