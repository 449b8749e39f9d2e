/**
 * Per-partition record accumulator for Kafka clients that have no `linger.ms` of their own
 * (kafkajs, platformatic): messages wait per partition until `maxRecords` messages or
 * `maxBytes` of values are collected (that batch goes out alone) or until the oldest waiting
 * message has waited `lingerMs`; then every open batch goes out together, so the client can put
 * them in one produce request per broker, as the Java client's sender drains all ready
 * partitions of a node at once. On loopback every request is a costly socket write, so at
 * moderate rates this cuts requests by the partition count. Keyed messages go to
 * `partitionOf(key)`; unkeyed ones stick to one partition until its batch is sent (Kafka's
 * sticky partitioner). One timer serves every partition. With `coalesce`, full batches wait for
 * the end of the current turn (one microtask) and go out together too, in groups of distinct
 * partitions: at full speed one pump issues thousands of messages in a turn, and each full batch
 * alone cost a produce request (a socket write, a response to parse, a callback) per ~100 small
 * messages. Single-threaded: only the owning thread calls it.
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
  /**
   * Sends batches of distinct partitions together (one request per broker where the client
   * can); called synchronously from `add`, `flush` or the linger timer.
   */
  sendBatches(batches: PartitionBatch[]): void;
  /** First unkeyed partition (spreads producers over partitions). */
  stickyStart?: number;
  /**
   * Full batches are sent at the end of the turn that filled them, together with the other
   * batches filled in it (distinct partitions per call, at most {@link COALESCE_MAX_BYTES} of
   * values), instead of alone at once. Ignored with `lingerMs` 0 (every message at once).
   */
  coalesce?: boolean;
}

/** Most value bytes of one coalesced call (Kafka's `max.request.size` is 1 MiB). */
export const COALESCE_MAX_BYTES = 1 << 20;

interface OpenBatch extends PartitionBatch {
  bytes: number;
  /** performance.now() when the first message entered. */
  openedAt: number;
}

export class PartitionAccumulator {
  private readonly open = new Map<number, OpenBatch>();
  /** Full batches waiting for the end of the turn (`coalesce`), in the order they filled. */
  private ready: OpenBatch[] = [];
  private readyScheduled = false;
  private sticky: number;
  private timer: NodeJS.Timeout | null = null;
  /** performance.now() when the oldest message still waiting arrived. */
  private oldest = Infinity;

  constructor(private readonly opts: AccumulatorOptions) {
    this.sticky = (opts.stickyStart ?? 0) % Math.max(1, opts.partitions);
  }

  /** Messages waiting in open batches. */
  get waiting(): number {
    let n = 0;
    for (const b of this.open.values()) n += b.messages.length;
    for (const b of this.ready) n += b.messages.length;
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
    if (batch.messages.length >= this.opts.maxRecords || batch.bytes >= this.opts.maxBytes || this.opts.lingerMs <= 0) {
      this.take(batch);
      if (this.opts.coalesce && this.opts.lingerMs > 0) {
        this.ready.push(batch);
        if (!this.readyScheduled) {
          this.readyScheduled = true;
          queueMicrotask(this.sendReady);
        }
      } else this.opts.sendBatches([batch]);
      if (this.open.size === 0) this.disarm();
    } else if (!this.timer) {
      this.oldest = batch.openedAt;
      this.arm(this.opts.lingerMs);
    }
  }

  /** Sends every open batch now, together (after the full ones still waiting for the end of the turn). */
  flush(): void {
    this.disarm();
    this.sendReady();
    if (this.open.size === 0) return;
    const all = [...this.open.values()];
    for (const b of all) this.take(b);
    this.opts.sendBatches(all);
  }

  /** Stops the linger timer (open batches stay unsent; call `flush` first to send them). */
  close(): void {
    this.disarm();
  }

  /** Removes a batch from the open ones (moving the sticky partition on when it was the sticky one's). */
  private take(batch: OpenBatch): void {
    this.open.delete(batch.partition);
    if (batch.partition === this.sticky && !batch.messages[0]?.key) this.sticky = (this.sticky + 1) % Math.max(1, this.opts.partitions);
  }

  private arm(ms: number): void {
    this.timer = setTimeout(this.expire, Math.max(1, Math.ceil(ms)));
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.oldest = Infinity;
  }

  /** Sends the full batches of this turn, in order, in calls of distinct partitions and bounded bytes. */
  private readonly sendReady = (): void => {
    this.readyScheduled = false;
    if (this.ready.length === 0) return;
    const all = this.ready;
    this.ready = [];
    let group: OpenBatch[] = [];
    let bytes = 0;
    for (const b of all) {
      if (group.length > 0 && (bytes + b.bytes > COALESCE_MAX_BYTES || group.some((g) => g.partition === b.partition))) {
        this.opts.sendBatches(group);
        group = [];
        bytes = 0;
      }
      group.push(b);
      bytes += b.bytes;
    }
    this.opts.sendBatches(group);
  };

  /** The oldest waiting message has lingered long enough: everything open goes out together. */
  private readonly expire = (): void => {
    this.timer = null;
    const wait = this.opts.lingerMs - (performance.now() - this.oldest);
    if (wait > 0.5 && this.open.size > 0) {
      this.arm(wait);
      return;
    }
    this.flush();
  };
}
