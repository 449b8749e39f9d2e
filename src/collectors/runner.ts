/**
 * Runs a set of collectors on the run's interval. Each collector is sampled independently
 * (a slow one never delays the others, and is never sampled twice at once). A collector that
 * fails is retried with exponential backoff (interval × 2^(n−1), capped at 30 s); its gap
 * and its recovery are reported as events. A collector unavailable at start stays off for the
 * run and never stops it.
 *
 * The runner does no per-message work; all collector I/O is asynchronous, so the coordinator's
 * event loop stays free for the workers' messages.
 */
import type { Collector, SampleReading } from './types.js';
import type { CollectorStatus, RunEvent } from '../record/format.js';
import { describeError } from '../errors.js';

/** Samples of one collector from one `sample()` call. */
export interface CollectorBatch {
  collector: string;
  source: string;
  /** Epoch ms at which `sample()` was called; stamp the samples with it. */
  takenAtMs: number;
  samples: SampleReading[];
}

/** A collector event, shaped like a {@link RunEvent} before the orchestrator stamps `t` and `ts`. */
export type CollectorEvent = Omit<RunEvent, 't' | 'ts'> & {
  kind: 'collector-unavailable' | 'collector-gap' | 'collector-recovered' | 'note';
  data: { collector: string } & Record<string, string | number | boolean | null>;
};

export interface CollectorRunnerOptions {
  /** Sampling interval, ms. */
  intervalMs: number;
  /** Longest wait between retries of a failing collector, ms (default 30 000). */
  maxBackoffMs?: number;
  /** A `start()` that takes longer marks the collector unavailable (default 5 000 ms). */
  startTimeoutMs?: number;
  /** A `sample()` that takes longer counts as a failure (default max(3 × interval, 5 000) ms). */
  sampleTimeoutMs?: number;
}

interface Slot {
  collector: Collector;
  status: CollectorStatus & { samples: number; gaps: number };
  started: boolean;
  /** Settles when the collector's current `sample()` settles (even after it timed out). */
  busy: Promise<void> | null;
  failures: number;
  nextAttemptAt: number;
  gapSince: number;
}

/** Rejects after `ms` with `message`, unless `p` settles first. */
function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export class CollectorRunner {
  private readonly slots: Slot[];
  private readonly sampleListeners: Array<(b: CollectorBatch) => void> = [];
  private readonly eventListeners: Array<(e: CollectorEvent) => void> = [];
  private readonly maxBackoffMs: number;
  private readonly startTimeoutMs: number;
  private readonly sampleTimeoutMs: number;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private stopping: Promise<void> | null = null;
  private startedAt = 0;
  private tickCount = 0;

  constructor(collectors: Collector[], private readonly opts: CollectorRunnerOptions) {
    const names = new Set<string>();
    for (const c of collectors) {
      if (names.has(c.name)) throw new Error(`two collectors named ${c.name}`);
      names.add(c.name);
    }
    this.slots = collectors.map((collector) => ({
      collector,
      status: { available: false, reason: 'not started', samples: 0, gaps: 0 },
      started: false,
      busy: null,
      failures: 0,
      nextAttemptAt: 0,
      gapSince: 0,
    }));
    this.maxBackoffMs = opts.maxBackoffMs ?? 30_000;
    this.startTimeoutMs = opts.startTimeoutMs ?? 5_000;
    this.sampleTimeoutMs = opts.sampleTimeoutMs ?? Math.max(3 * opts.intervalMs, 5_000);
  }

  /** Registers a listener for every batch of samples. Listeners must not throw; an error they throw is reported as a `note` event. */
  onSamples(cb: (batch: CollectorBatch) => void): void {
    this.sampleListeners.push(cb);
  }

  /** Registers a listener for collector events (unavailable at start, gap, recovered). An error it throws becomes a process warning. */
  onEvent(cb: (e: CollectorEvent) => void): void {
    this.eventListeners.push(cb);
  }

  /** Availability and counts per collector name (samples = readings delivered, gaps = failure episodes). */
  statuses(): Record<string, CollectorStatus> {
    const out: Record<string, CollectorStatus> = {};
    for (const s of this.slots) out[s.collector.name] = { ...s.status };
    return out;
  }

  private emit(e: CollectorEvent): void {
    for (const l of this.eventListeners) {
      try {
        l(e);
      } catch (err) {
        // Reporting through the event channel could fail the same way; warn on the process instead.
        process.emitWarning(`collector event listener failed on ${e.kind}: ${describeError(err)}`);
      }
    }
  }

  private deliver(batch: CollectorBatch): void {
    for (const l of this.sampleListeners) {
      try {
        l(batch);
      } catch (err) {
        this.emit({ kind: 'note', message: `sample listener failed: ${describeError(err)}`, data: { collector: batch.collector } });
      }
    }
  }

  /** Starts every collector (in parallel), then samples every interval. Resolves with the start statuses. */
  async start(): Promise<Record<string, CollectorStatus>> {
    if (this.running || this.stopping) throw new Error('collector runner already started');
    this.running = true;
    await Promise.all(
      this.slots.map(async (slot) => {
        const name = slot.collector.name;
        let st: CollectorStatus;
        try {
          st = await withTimeout(slot.collector.start(), this.startTimeoutMs, `no answer within ${this.startTimeoutMs} ms at start`);
          slot.started = true;
        } catch (err) {
          st = { available: false, reason: describeError(err) };
        }
        slot.status.available = st.available;
        if (st.available) delete slot.status.reason;
        else slot.status.reason = st.reason ?? 'unavailable';
        if (!st.available) this.emit({ kind: 'collector-unavailable', message: `${name} unavailable: ${slot.status.reason}`, data: { collector: name, reason: slot.status.reason ?? null } });
      }),
    );
    if (!this.running) return this.statuses();
    this.startedAt = Date.now();
    this.tickCount = 0;
    this.schedule();
    return this.statuses();
  }

  /** Next tick on the interval grid from the start, so ticks do not drift. */
  private schedule(): void {
    if (!this.running) return;
    this.tickCount++;
    const due = this.startedAt + this.tickCount * this.opts.intervalMs;
    this.timer = setTimeout(() => this.tick(), Math.max(0, due - Date.now()));
  }

  private tick(): void {
    const now = Date.now();
    for (const slot of this.slots) {
      if (!slot.status.available || slot.busy || now < slot.nextAttemptAt) continue;
      void this.sampleOne(slot);
    }
    this.schedule();
  }

  private async sampleOne(slot: Slot): Promise<void> {
    const { collector } = slot;
    const takenAtMs = Date.now();
    let samples: SampleReading[];
    try {
      const pending = Promise.resolve().then(() => collector.sample());
      // The slot stays busy until the collector is done, even when the wait below times out.
      slot.busy = pending.then(
        () => undefined,
        () => undefined,
      );
      void slot.busy.then(() => (slot.busy = null));
      samples = await withTimeout(pending, this.sampleTimeoutMs, `sample took longer than ${this.sampleTimeoutMs} ms`);
    } catch (err) {
      this.failed(slot, describeError(err), takenAtMs);
      return;
    }
    if (!this.running) return;
    if (slot.failures > 0) {
      const gapSeconds = Math.round((takenAtMs - slot.gapSince) / 100) / 10;
      this.emit({
        kind: 'collector-recovered',
        message: `${collector.name} recovered after ${gapSeconds} s (${slot.failures} failed attempts)`,
        data: { collector: collector.name, gapSeconds, failures: slot.failures },
      });
      slot.failures = 0;
      slot.nextAttemptAt = 0;
      delete slot.status.reason;
    }
    slot.status.samples += samples.length;
    if (samples.length > 0) this.deliver({ collector: collector.name, source: collector.source, takenAtMs, samples });
  }

  private failed(slot: Slot, reason: string, atMs: number): void {
    if (!this.running) return;
    const name = slot.collector.name;
    slot.failures++;
    slot.status.reason = reason;
    const backoffMs = Math.min(this.opts.intervalMs * 2 ** (slot.failures - 1), this.maxBackoffMs);
    slot.nextAttemptAt = atMs + backoffMs;
    if (slot.failures === 1) {
      slot.gapSince = atMs;
      slot.status.gaps++;
      this.emit({ kind: 'collector-gap', message: `${name} failed: ${reason}; retrying with backoff`, data: { collector: name, reason } });
    }
  }

  /** Stops sampling, waits for samples in flight (bounded), stops the collectors. Idempotent. */
  stop(): Promise<void> {
    if (!this.stopping) this.stopping = this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const inFlight = this.slots.flatMap((s) => (s.busy ? [s.busy] : []));
    await withTimeout(Promise.allSettled(inFlight), this.sampleTimeoutMs, 'in-flight samples did not finish').catch((err: unknown) => {
      this.emit({ kind: 'note', message: describeError(err), data: { collector: '*' } });
    });
    const results = await Promise.allSettled(this.slots.filter((s) => s.started).map((s) => s.collector.stop()));
    results.forEach((r, i) => {
      if (r.status === 'rejected') {
        const name = this.slots.filter((s) => s.started)[i]!.collector.name;
        this.emit({ kind: 'note', message: `${name} did not stop cleanly: ${describeError(r.reason)}`, data: { collector: name } });
      }
    });
  }
}
