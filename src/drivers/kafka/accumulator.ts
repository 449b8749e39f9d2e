/**
 * Per-partition record accumulator for Kafka clients that have no `linger.ms` of their own
 * (kafkajs, platformatic): messages wait per partition until `maxRecords` messages or
 * `maxBytes` of values are collected or the oldest has waited `lingerMs`, then the batch is
 * handed to `sendBatch` as one produce request. Keyed messages go to `partitionOf(key)`;
 * unkeyed ones stick to one partition until its batch is sent (Kafka's sticky partitioner).
 * One timer serves every partition. Single-threaded: only the owning thread calls it.
 */
import type { OutgoingMessage } from '../types.js';

/** One batch for one partition: messages and the tickets given with them, in order. */
export interface PartitionBatch {
  partition: number;
  messages: OutgoingMessage[];
  tickets: number[];
}

export interface AccumulatorOptions {
  partitions: number;
  maxRecords: number;
  /** Bound on the sum of value sizes of one batch, bytes. */
  maxBytes: number;
  /** Longest a message waits for its batch to fill, ms (0: every `add` sends at once). */
  lingerMs: number;
  /** Partition for a key, as the client's default partitioner chooses. */
  partitionOf(key: Buffer): number;
  /** Sends one batch; called synchronously from `add`, `flush` or the linger timer. */
  sendBatch(batch: PartitionBatch): void;
  /** First unkeyed partition (spreads producers over partitions). */
  stickyStart?: number;
}

interface OpenBatch extends PartitionBatch {
  bytes: number;
  /** performance.now() when the first message entered. */
  openedAt: number;
}

export class PartitionAccumulator {
  private readonly open = new Map<number, OpenBatch>();
  private sticky: number;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: AccumulatorOptions) {
    this.sticky = (opts.stickyStart ?? 0) % Math.max(1, opts.partitions);
  }

  /** Messages waiting in open batches. */
  get waiting(): number {
    let n = 0;
    for (const b of this.open.values()) n += b.messages.length;
    return n;
  }

  add(ticket: number, message: OutgoingMessage): void {
    const partition = message.key ? this.opts.partitionOf(message.key) : this.sticky;
    let batch = this.open.get(partition);
    if (!batch) {
      batch = { partition, messages: [], tickets: [], bytes: 0, openedAt: performance.now() };
      this.open.set(partition, batch);
    }
    batch.messages.push(message);
    batch.tickets.push(ticket);
    batch.bytes += message.value.length;
    if (batch.messages.length >= this.opts.maxRecords || batch.bytes >= this.opts.maxBytes || this.opts.lingerMs <= 0) this.send(batch);
    else if (!this.timer) this.arm(this.opts.lingerMs);
  }

  /** Sends every open batch now. */
  flush(): void {
    for (const b of [...this.open.values()]) this.send(b);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Stops the linger timer (open batches stay unsent; call `flush` first to send them). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private send(batch: OpenBatch): void {
    this.open.delete(batch.partition);
    if (batch.partition === this.sticky && !batch.messages[0]?.key) this.sticky = (this.sticky + 1) % Math.max(1, this.opts.partitions);
    this.opts.sendBatch({ partition: batch.partition, messages: batch.messages, tickets: batch.tickets });
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.expire, Math.max(1, Math.ceil(ms)));
  }

  /** Sends batches that have lingered long enough and re-arms for the oldest remaining one. */
  private readonly expire = (): void => {
    this.timer = null;
    const now = performance.now();
    const linger = this.opts.lingerMs;
    let next = Infinity;
    for (const b of [...this.open.values()]) {
      const age = now - b.openedAt;
      if (age >= linger - 0.5) this.send(b);
      else next = Math.min(next, linger - age);
    }
    if (next !== Infinity) this.arm(next);
  };
}
