/**
 * Per-worker interval statistics: counters and HDR histograms for the current interval.
 * `snapshot()` returns the interval's figures (histograms encoded) and starts a new interval.
 * Only the worker's own thread touches an instance.
 */
import { createRecordingHistogram, encodeHistogram, recordMs, type LatencyHistogram } from '../metrics/histogram.js';
import type { ProduceCounters, ConsumeCounters, EncodedHistograms, WarmupCounts } from '../record/format.js';

export interface IntervalSnapshot {
  produce: ProduceCounters;
  consume: ConsumeCounters;
  hist: EncodedHistograms;
  /** The warm-up messages' part of `hist`. */
  warmupHist: EncodedHistograms;
  /** Messages outstanding now (a gauge, not an interval count). */
  inFlight: number;
  errors: Record<string, number>;
  groups: Record<string, number>;
  warmup: WarmupCounts;
}

const MAX_ERROR_KINDS = 20;

export class IntervalStats {
  /** Wall-clock end of warm-up, epoch ms (set when load starts). */
  warmupEndWall = 0;
  produce: ProduceCounters = zeroProduce();
  consume: ConsumeCounters = { received: 0, bytes: 0, foreign: 0 };
  /** Counts of messages intended during warm-up (also part of `produce`/`consume`). */
  warmup: WarmupCounts = zeroWarmup();
  // Recording histograms (WebAssembly where available): kept for the instance's life and reset
  // by snapshot(); an instance lives as long as its worker thread.
  readonly publish: LatencyHistogram = createRecordingHistogram();
  readonly publishDelay: LatencyHistogram = createRecordingHistogram();
  readonly e2e: LatencyHistogram = createRecordingHistogram();
  /** The warm-up messages' part of each histogram (the summary subtracts it). */
  private readonly warm = { publish: createRecordingHistogram(), publishDelay: createRecordingHistogram(), e2e: createRecordingHistogram() };
  private errors = new Map<string, number>();
  private groups = new Map<string, number>();

  /** Records a publish latency (intended send → ack), ms; `warm` for warm-up messages. */
  recordPublish(ms: number, warm = false): void {
    recordMs(this.publish, ms);
    if (warm) recordMs(this.warm.publish, ms);
  }

  /** Records a publish delay (intended → actual send), ms. */
  recordDelay(ms: number, warm = false): void {
    recordMs(this.publishDelay, ms);
    if (warm) recordMs(this.warm.publishDelay, ms);
  }

  /** Records an end-to-end latency (send → consumer), ms. */
  recordE2e(ms: number, warm = false): void {
    recordMs(this.e2e, ms);
    if (warm) recordMs(this.warm.e2e, ms);
  }

  /** Counts one error message (messages beyond the 20 most frequent kinds are folded into "other"). */
  recordError(message: string, count = 1): void {
    const key = this.errors.has(message) || this.errors.size < MAX_ERROR_KINDS ? message : 'other';
    this.errors.set(key, (this.errors.get(key) ?? 0) + count);
  }

  recordGroup(group: string, count: number): void {
    this.groups.set(group, (this.groups.get(group) ?? 0) + count);
  }

  snapshot(inFlight: number): IntervalSnapshot {
    const w = this.warm;
    const snap: IntervalSnapshot = {
      produce: this.produce,
      consume: this.consume,
      hist: { publish: encodeHistogram(this.publish), publishDelay: encodeHistogram(this.publishDelay), e2e: encodeHistogram(this.e2e) },
      warmupHist: { publish: encodeHistogram(w.publish), publishDelay: encodeHistogram(w.publishDelay), e2e: encodeHistogram(w.e2e) },
      inFlight,
      errors: Object.fromEntries(this.errors),
      groups: Object.fromEntries(this.groups),
      warmup: this.warmup,
    };
    this.warmup = zeroWarmup();
    this.produce = zeroProduce();
    this.consume = { received: 0, bytes: 0, foreign: 0 };
    for (const h of [this.publish, this.publishDelay, this.e2e, w.publish, w.publishDelay, w.e2e]) h.reset();
    this.errors = new Map();
    this.groups = new Map();
    return snap;
  }
}

export function zeroWarmup(): WarmupCounts {
  return { sent: 0, acked: 0, failed: 0, dropped: 0, bytes: 0, received: 0, receivedBytes: 0 };
}

export function zeroProduce(): ProduceCounters {
  return { sent: 0, acked: 0, failed: 0, dropped: 0, bytes: 0, requests: 0 };
}
