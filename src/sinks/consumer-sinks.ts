/**
 * The sink side of one worker thread: one writer (connection pool of `poolSize`) per consumer,
 * the write of each delivered message (awaited by the consumer, so the database's pace becomes
 * consumer lag), the counts of inserted / duplicate / failed writes, and the `stored` latency
 * histogram (send time → the database committed the row; interval histogram, µs). Writes that
 * fail for another reason than a duplicate key are counted and recorded as errors; the consumer
 * carries on. Only the worker's own thread touches an instance.
 */
import type { SinkSpec } from '../profile/schema.js';
import type { MessageStamp } from '../load/headers.js';
import { nowWallMs } from '../load/headers.js';
import { describeError } from '../errors.js';
import { createHistogram, encodeHistogram, recordMs } from '../metrics/histogram.js';
import { createSinkWriter, type CheckedWriter } from './factory.js';
import { zeroSinkCounters, type SinkCounters } from './types.js';

/** How long `close()` waits for writes in progress, ms. */
const CLOSE_WAIT_MS = 5000;

export class ConsumerSinks {
  private readonly writers = new Map<string, CheckedWriter>();
  private readonly counters: SinkCounters = zeroSinkCounters();
  private readonly stored = createHistogram();
  /** The warm-up messages' part of `stored` (the summary subtracts it, as for the other latencies). */
  private readonly storedWarm = createHistogram();
  private closed = false;
  private inProgress = 0;
  private idle: (() => void) | null = null;

  /**
   * @param recordError counts an error message in the worker's interval stats
   */
  constructor(
    private readonly spec: SinkSpec,
    private readonly runId: string,
    private readonly recordError: (message: string) => void,
  ) {}

  /** Opens a writer per consumer and checks each can connect. Rejects with the first connection error. */
  async open(consumerIds: readonly string[]): Promise<void> {
    for (const id of consumerIds) {
      this.writers.set(id, createSinkWriter(this.spec, (err) => this.recordError(`sink connection: ${describeError(err)}`)));
    }
    await Promise.all([...this.writers.values()].map((w) => w.check()));
  }

  /** Writes one delivered message through the consumer's writer; resolves once committed (or counted as failed). */
  async write(consumerId: string, partition: number, key: Buffer | null, stamp: MessageStamp): Promise<void> {
    const writer = this.writers.get(consumerId);
    if (this.closed || !writer) return;
    this.counters.writes++;
    this.inProgress++;
    try {
      const outcome = await writer.write({
        runId: this.runId,
        msgId: `${stamp.producerId}-${stamp.seq}`,
        key: key ? key.toString('utf8') : null,
        producerId: stamp.producerId,
        seq: stamp.seq,
        partition,
        sentUs: stamp.sentMs * 1000,
      });
      if (outcome === 'inserted') this.counters.inserted++;
      else this.counters.duplicates++;
      if (outcome !== 'duplicate') {
        const ms = Math.max(0, nowWallMs() - stamp.sentMs);
        recordMs(this.stored, ms);
        if (stamp.warmup) recordMs(this.storedWarm, ms);
      }
    } catch (err) {
      this.counters.errors++;
      this.recordError(`sink: ${describeError(err)}`);
    } finally {
      if (--this.inProgress === 0) this.idle?.();
    }
  }

  /** The stored-latency histograms of the interval (all messages, and the warm-up part), encoded; fresh ones started. */
  takeStoredHistograms(): { all?: string; warm?: string } {
    const all = encodeHistogram(this.stored);
    const warm = encodeHistogram(this.storedWarm);
    this.stored.reset();
    this.storedWarm.reset();
    return { all, warm };
  }

  /** Cumulative counts so far. */
  stats(): SinkCounters {
    return { ...this.counters };
  }

  /** Stops writing (later deliveries are not stored), waits for writes in progress, closes the pools. */
  async close(): Promise<SinkCounters> {
    this.closed = true;
    if (this.inProgress > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, CLOSE_WAIT_MS);
        this.idle = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    const results = await Promise.allSettled([...this.writers.values()].map((w) => w.close()));
    for (const r of results) if (r.status === 'rejected') this.recordError(`sink close: ${describeError(r.reason)}`);
    this.writers.clear();
    return this.stats();
  }
}
