/**
 * One logical producer: follows its arrival schedule, keeps at most `maxInFlight` messages
 * outstanding, and hands messages one at a time to the driver's producer in one of three modes:
 * - sync: one message outstanding, the next only after its ack (window 1, no linger);
 * - async: up to `maxInFlight` outstanding; the client batches its own way (`batch` is a hint;
 *   `linger.ms` & co. in `driver.config` win) and reports completions by callback;
 * - oneway: like async with acks 0 and no retries (fate unknown to the producer).
 *
 * Timing (coordinated-omission-correct): every message has an intended send time from the
 * schedule. Publish latency = ack time − intended time; publish delay = actual issue − intended.
 * A message due while the window is full is counted as dropped, never silently delayed.
 */
import type { DriverProducer, Driver, SendListener } from '../drivers/types.js';
import type { ProducerPlan, RateSegment } from '../plan/types.js';
import { describeError } from '../errors.js';
import { ArrivalSchedule } from './schedule.js';
import { stampHeaders, stampPrefix, nowWallMs } from './headers.js';
import { TicketSlots } from './tickets.js';
import type { Paced, SendPacer } from './pacer.js';
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
  stats: IntervalStats;
  observer?: ProduceObserver;
  /** The worker thread's pacer, which wakes this producer when its next message is due. */
  pacer: SendPacer;
}

/** Most messages one pump issues when unthrottled (max-throughput) before yielding to the event loop. */
const UNTHROTTLED_SLICE = 2000;

export class ProducerRunner implements SendListener, Paced {
  private producer: DriverProducer | null = null;
  private readonly schedule: ArrivalSchedule;
  private readonly keys: KeyPicker;
  private readonly payload: Buffer;
  /** `<runId>/<producerId>/` for the stamp header. */
  private readonly stampPrefix: string;
  private readonly window: number;
  /** Per outstanding message: intended time, sequence number, warm-up flag (by ticket). */
  private readonly slots: TicketSlots;
  /** Sequence numbers of one completion, reused for the observer. */
  private readonly seqScratch: number[] = [];
  private seq = 0;
  /** Load start (t = 0), epoch ms; NaN until `run`. */
  private startWall = Number.NaN;
  private stopped = false;
  /** Unthrottled and the window was full at the last pump: a completion pokes the pacer. */
  private waitingForWindow = false;
  private settled: (() => void) | null = null;
  /** True once the schedule has nothing more to send. */
  finished = false;

  /** Messages issued so far: sequence numbers 0 … issued − 1 exist. */
  get issued(): number {
    return this.seq;
  }

  /** Messages handed to the client and not yet acked or failed. */
  get inFlight(): number {
    return this.slots.used;
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
    this.slots = new TicketSlots(this.window);
    opts.pacer.add(this);
  }

  /** Connects the client producer. */
  async connect(): Promise<void> {
    const p = this.opts.plan;
    this.producer = await this.driver.createProducer(
      {
        producerId: p.producerId,
        topic: p.topic,
        mode: p.mode,
        window: this.window,
        acks: p.acks,
        compression: p.compression,
        idempotent: p.idempotent,
        retries: p.retries,
        batching: p.batch,
      },
      this,
    );
  }

  /** Starts following the schedule; `startWallMs` is load start (t = 0) as epoch ms. */
  run(startWallMs: number): void {
    this.startWall = startWallMs;
    this.opts.pacer.poke();
  }

  /** Stops issuing, flushes what the client holds back and waits for outstanding sends up to `timeoutMs`. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopped = true;
    this.producer?.flush();
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

  /** {@link Paced}: issues everything due at `nowWall` and returns when the next message is due (epoch ms). */
  pump(nowWall: number): number {
    if (this.stopped || this.finished || !this.producer || Number.isNaN(this.startWall)) return Infinity;
    const t = nowWall - this.startWall;
    for (;;) {
      const next = this.schedule.peek(t);
      if (next.kind === 'done') {
        this.finished = true;
        this.producer.flush();
        return Infinity;
      }
      if (next.kind === 'unthrottled') {
        // Fill the window in slices so completions are handled between them.
        let budget = UNTHROTTLED_SLICE;
        while (this.inFlight < this.window && budget-- > 0) this.issue(t);
        this.waitingForWindow = this.inFlight >= this.window;
        // Room left: come back at once; window full: a completion pokes, or check at the segment's end.
        return this.waitingForWindow ? Math.min(this.startWall + next.untilMs, nowWall + 20) : nowWall;
      }
      if (next.tMs > t) return this.startWall + next.tMs;
      this.schedule.take();
      if (this.inFlight >= this.window) {
        this.opts.stats.produce.dropped++;
        if (next.tMs < this.opts.warmupMs) this.opts.stats.warmup.dropped++;
      } else this.issue(next.tMs);
    }
  }

  /** Issues one message intended at `intendedMs` (ms since load start). */
  private issue(intendedMs: number): void {
    const seq = this.seq++;
    const key = this.keys(seq);
    const sentMs = nowWallMs();
    const intendedWall = this.startWall + intendedMs;
    const warm = intendedMs < this.opts.warmupMs;
    const stats = this.opts.stats;
    // Warm-up messages are counted and timed apart as well (the summary subtracts them).
    if (warm) stats.warmup.sent++;
    stats.recordDelay(Math.max(0, sentMs - intendedWall), warm);
    stats.produce.sent++;
    const ticket = this.slots.take(seq, intendedWall, sentMs, warm);
    this.producer!.send(ticket, { key, value: this.payload, headers: stampHeaders(this.stampPrefix, seq, sentMs, warm) });
  }

  /** {@link SendListener}: the broker acknowledged these tickets. */
  acked(tickets: readonly number[]): void {
    const ackWall = nowWallMs();
    const stats = this.opts.stats;
    const slots = this.slots;
    const size = this.payload.length;
    const seqs = this.seqScratch;
    seqs.length = 0;
    let firstSent = Infinity;
    for (let i = 0; i < tickets.length; i++) {
      const t = tickets[i]!;
      const warm = slots.warm[t] === 1;
      if (warm) {
        stats.warmup.acked++;
        stats.warmup.bytes += size;
      }
      stats.recordPublish(ackWall - slots.intended[t]!, warm);
      seqs.push(slots.seq[t]!);
      if (slots.sent[t]! < firstSent) firstSent = slots.sent[t]!;
      slots.release(t);
    }
    const n = tickets.length;
    stats.produce.acked += n;
    stats.produce.requests++;
    stats.produce.bytes += n * size;
    this.opts.observer?.acked(this.opts.plan.producerId, seqs, firstSent);
    this.complete();
  }

  /** {@link SendListener}: these tickets failed after the client's retries. */
  failed(tickets: readonly number[], error: unknown): void {
    const stats = this.opts.stats;
    const slots = this.slots;
    const seqs = this.seqScratch;
    seqs.length = 0;
    let firstSent = Infinity;
    let warmCount = 0;
    for (let i = 0; i < tickets.length; i++) {
      const t = tickets[i]!;
      if (slots.warm[t] === 1) warmCount++;
      seqs.push(slots.seq[t]!);
      if (slots.sent[t]! < firstSent) firstSent = slots.sent[t]!;
      slots.release(t);
    }
    const n = tickets.length;
    stats.produce.failed += n;
    stats.warmup.failed += warmCount;
    stats.recordError(describeError(error), n);
    this.opts.observer?.failed(this.opts.plan.producerId, seqs, firstSent);
    this.complete();
  }

  private complete(): void {
    if (this.stopped) {
      if (this.inFlight === 0) this.settled?.();
      return;
    }
    // Unthrottled with a full window: the freed slots can be used at once.
    if (this.waitingForWindow && this.inFlight < this.window / 2) {
      this.waitingForWindow = false;
      this.opts.pacer.poke();
    }
  }
}
