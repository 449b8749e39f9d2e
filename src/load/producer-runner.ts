/**
 * One logical producer: follows its arrival schedule, keeps at most `maxInFlight` messages
 * outstanding, and sends through the driver in one of three modes:
 * - sync: one message per request, the next only after the ack (window 1);
 * - async: messages accumulate per partition up to `batch.maxRecords` or `batch.lingerMs`, then
 *   one request per batch; completions are recorded by callback;
 * - oneway: like async with acks 0 and no retries (fate unknown to the producer).
 *
 * Timing (coordinated-omission-correct): every message has an intended send time from the
 * schedule. Publish latency = ack time − intended time; publish delay = actual issue − intended.
 * A message due while the window is full is counted as dropped, never silently delayed.
 */
import type { DriverProducer, Driver, OutgoingMessage } from '../drivers/types.js';
import type { ProducerPlan, RateSegment } from '../plan/types.js';
import { describeError } from '../errors.js';
import { ArrivalSchedule } from './schedule.js';
import { stampHeaders, stampPrefix, nowWallMs } from './headers.js';
import { createKeyPicker, type KeyPicker } from './keys.js';
import type { IntervalStats } from './stats.js';

/**
 * Observes acknowledged and failed sequence numbers (delivery verification) per request;
 * `sentWallMs` is when the request was handed to the client, epoch ms (outage windows).
 */
export interface ProduceObserver {
  acked(producerId: string, seqs: readonly number[], sentWallMs: number): void;
  failed(producerId: string, seqs: readonly number[], sentWallMs: number): void;
}

export interface ProducerRunnerOptions {
  plan: ProducerPlan;
  segments: RateSegment[];
  /** End of warm-up, ms since load start; messages intended before it are warm-up messages. */
  warmupMs: number;
  runId: string;
  message: { size: number; keys: 'none' | 'round-robin' | 'random' | 'hot'; keySpace: number; hotShare: number };
  partitions: number;
  stats: IntervalStats;
  observer?: ProduceObserver;
}

interface PendingBatch {
  messages: OutgoingMessage[];
  intended: number[];
  seqs: number[];
  /** Per message: intended during warm-up. */
  warm: boolean[];
  /** Wall ms when the first message entered the batch. */
  openedAt: number;
}

/** Longest sleep between schedule checks, ms (bounds how late a stop or a linger flush is noticed). */
const MAX_SLEEP_MS = 20;
/** Most messages one pump issues when unthrottled (max-throughput) before yielding to the event loop. */
const UNTHROTTLED_SLICE = 2000;

export class ProducerRunner {
  private producer: DriverProducer | null = null;
  private readonly schedule: ArrivalSchedule;
  private readonly keys: KeyPicker;
  private readonly payload: Buffer;
  /** `<runId>/<producerId>/` for the stamp header. */
  private readonly stampPrefix: string;
  private readonly window: number;
  private readonly pending = new Map<number, PendingBatch>();
  private seq = 0;
  private sticky = 0;
  private startWall = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private settled: (() => void) | null = null;
  /** Messages issued and not yet acked or failed (including those waiting in a batch). */
  inFlight = 0;
  /** True once the schedule has nothing more to send. */
  finished = false;

  /** Messages issued so far: sequence numbers 0 … issued − 1 exist. */
  get issued(): number {
    return this.seq;
  }

  constructor(
    private readonly driver: Driver,
    private readonly opts: ProducerRunnerOptions,
  ) {
    this.schedule = new ArrivalSchedule(opts.segments, opts.plan.share);
    const index = Number(opts.plan.producerId.replace(/\D/g, '')) || 0;
    this.keys = createKeyPicker(opts.message.keys, opts.message.keySpace, opts.message.hotShare, index * 7919);
    this.payload = Buffer.alloc(opts.message.size, 0x61 + (index % 26));
    this.stampPrefix = stampPrefix(opts.runId, opts.plan.producerId);
    this.window = opts.plan.mode === 'sync' ? 1 : opts.plan.maxInFlight;
    this.sticky = index % Math.max(1, opts.partitions);
  }

  /** Connects the client producer. */
  async connect(): Promise<void> {
    const p = this.opts.plan;
    this.producer = await this.driver.createProducer({
      producerId: p.producerId,
      acks: p.acks,
      compression: p.compression,
      idempotent: p.idempotent,
      retries: p.retries,
    });
  }

  /** Starts following the schedule; `startWallMs` is load start (t = 0) as epoch ms. */
  run(startWallMs: number): void {
    this.startWall = startWallMs;
    this.pump();
  }

  /** Stops issuing, flushes open batches and waits for outstanding sends up to `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const partition of [...this.pending.keys()]) this.flush(partition);
    if (this.inFlight > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, timeoutMs);
        this.settled = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  }

  async close(): Promise<void> {
    await this.producer?.close();
  }

  /** Issues everything due now, flushes expired batches, and schedules the next wake-up. */
  private pump = (): void => {
    this.timer = null;
    if (this.stopped || !this.producer) return;
    const now = nowWallMs();
    const t = now - this.startWall;
    let wakeIn = MAX_SLEEP_MS;
    for (;;) {
      const next = this.schedule.peek(t);
      if (next.kind === 'done') {
        this.finished = true;
        break;
      }
      if (next.kind === 'unthrottled') {
        // Fill the window in slices so completions are handled between them.
        let budget = UNTHROTTLED_SLICE;
        while (this.inFlight < this.window && budget-- > 0) this.issue(t);
        wakeIn = this.inFlight < this.window ? 0 : 1;
        break;
      }
      if (next.tMs > t) {
        wakeIn = Math.min(wakeIn, next.tMs - t);
        break;
      }
      this.schedule.take();
      if (this.inFlight >= this.window) {
        this.opts.stats.produce.dropped++;
        if (next.tMs < this.opts.warmupMs) this.opts.stats.warmup.dropped++;
      } else this.issue(next.tMs);
    }
    const linger = this.opts.plan.batch.lingerMs;
    for (const [partition, b] of this.pending) {
      const age = now - b.openedAt;
      if (age >= linger) this.flush(partition);
      else wakeIn = Math.min(wakeIn, linger - age);
    }
    if (!this.finished || this.pending.size > 0) this.timer = setTimeout(this.pump, Math.max(0, Math.floor(wakeIn)));
  };

  /** Issues one message intended at `intendedMs` (ms since load start). */
  private issue(intendedMs: number): void {
    const seq = this.seq++;
    const key = this.keys(seq);
    const partitions = this.opts.partitions;
    const partition = key ? this.producer!.partitionFor(key, partitions) : this.sticky;
    const sentMs = nowWallMs();
    const intendedWall = this.startWall + intendedMs;
    const warm = intendedMs < this.opts.warmupMs;
    const stats = this.opts.stats;
    // Warm-up messages are counted and timed apart as well (the summary subtracts them).
    if (warm) stats.warmup.sent++;
    stats.recordDelay(Math.max(0, sentMs - intendedWall), warm);
    const message: OutgoingMessage = { key, value: this.payload, headers: stampHeaders(this.stampPrefix, seq, sentMs, warm) };
    this.inFlight++;
    stats.produce.sent++;
    let batch = this.pending.get(partition);
    if (!batch) {
      batch = { messages: [], intended: [], seqs: [], warm: [], openedAt: sentMs };
      this.pending.set(partition, batch);
    }
    batch.messages.push(message);
    batch.intended.push(intendedWall);
    batch.seqs.push(seq);
    batch.warm.push(warm);
    const maxRecords = this.opts.plan.mode === 'sync' ? 1 : this.opts.plan.batch.maxRecords;
    if (batch.messages.length >= maxRecords) this.flush(partition);
  }

  /** Sends the open batch of a partition as one request. */
  private flush(partition: number): void {
    const batch = this.pending.get(partition);
    if (!batch) return;
    this.pending.delete(partition);
    if (!this.opts.message.keys || this.opts.message.keys === 'none') this.sticky = (this.sticky + 1) % Math.max(1, this.opts.partitions);
    const topic = this.opts.plan.topic;
    const stats = this.opts.stats;
    const n = batch.messages.length;
    const sentWall = nowWallMs();
    this.producer!.send({ topic, partition, messages: batch.messages }).then(
      () => {
        const ackWall = nowWallMs();
        const size = this.payload.length;
        stats.produce.acked += n;
        stats.produce.requests++;
        stats.produce.bytes += n * size;
        for (let i = 0; i < n; i++) {
          const warm = batch.warm[i]!;
          if (warm) {
            stats.warmup.acked++;
            stats.warmup.bytes += size;
          }
          stats.recordPublish(ackWall - batch.intended[i]!, warm);
        }
        this.opts.observer?.acked(this.opts.plan.producerId, batch.seqs, sentWall);
        this.complete(n);
      },
      (err: unknown) => {
        stats.produce.failed += n;
        stats.warmup.failed += batch.warm.filter(Boolean).length;
        stats.recordError(describeError(err), n);
        this.opts.observer?.failed(this.opts.plan.producerId, batch.seqs, sentWall);
        this.complete(n);
      },
    );
  }

  private complete(n: number): void {
    this.inFlight -= n;
    if (this.stopped) {
      if (this.inFlight === 0) this.settled?.();
      return;
    }
    // A freed window slot can be used at once (sync mode, max-throughput).
    if (this.timer === null) return;
    if (this.opts.plan.mode === 'sync' || this.inFlight < this.window / 2) {
      clearTimeout(this.timer);
      this.timer = setTimeout(this.pump, 0);
    }
  }
}
