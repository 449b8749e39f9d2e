/**
 * The hand-over half of turn batching, for consumers whose client library delivers one message at
 * a time (amqplib, @platformatic/kafka): `TurnCollector` (turn-collector.ts) gathers the
 * deliveries of one event-loop turn, the consumer cuts them into batches its own way and queues
 * them on a {@link BatchPump}, which hands them to the handler one at a time, in order.
 *
 * Broker-neutral: no client imports. Single-threaded (one consumer's event loop); nothing here
 * throws on its own.
 */

/** What a {@link BatchPump} needs from its consumer. */
export interface BatchPumpOptions<T> {
  /** Whether batches may be handled now (false while paused or closing); checked before each one. */
  active(): boolean;
  /** Handles one batch; the next one starts after it settles. Must not reject (report and recover inside). */
  handle(item: T): Promise<void>;
  /** Called after a batch left the queue (the queued message count went down), e.g. to resume fetching. */
  onTaken?(): void;
  /**
   * Joins the next queued batch onto `item` so both go to the handler as one, or null when they
   * may not (another channel). With {@link maxMerged}, batches that piled up while the handler
   * was busy are handed over together, up to that many messages, instead of one small batch a time.
   */
  merge?(item: T, next: T): T | null;
  /** Most messages one merged hand-over may hold (no merging without it). */
  maxMerged?: number;
}

/**
 * A FIFO of batches for one handler, with the number of messages they hold ({@link queued}),
 * drained one batch at a time while {@link BatchPumpOptions.active} holds. {@link kick} starts
 * draining if it is not running; {@link idle} settles when the batch being handled is done.
 */
export class BatchPump<T> {
  private readonly items: Array<{ item: T; size: number }> = [];
  private pumping = false;
  /** Messages in the queued batches (not counting the one being handled). */
  queued = 0;
  /** Settles when the batch being handled (if any) is done. */
  idle: Promise<void> = Promise.resolve();

  constructor(private readonly opts: BatchPumpOptions<T>) {}

  /** Batches waiting. */
  get length(): number {
    return this.items.length;
  }

  /** Queues a batch of `size` messages at the end. */
  push(item: T, size: number): void {
    this.items.push({ item, size });
    this.queued += size;
  }

  /** Puts a batch back at the front (a failed handler's batch, handled again next). */
  unshift(item: T, size: number): void {
    this.items.unshift({ item, size });
    this.queued += size;
  }

  /** Keeps only the batches `keep` accepts (a rebalance, a dead channel). */
  retain(keep: (item: T) => boolean): void {
    const kept = this.items.filter((x) => keep(x.item));
    this.items.length = 0;
    this.items.push(...kept);
    this.queued = kept.reduce((n, x) => n + x.size, 0);
  }

  /** Drops every queued batch. */
  clear(): void {
    this.items.length = 0;
    this.queued = 0;
  }

  /** Starts handing batches over unless that is running already, the queue is empty or the pump is inactive. */
  kick(): void {
    if (this.pumping || this.items.length === 0 || !this.opts.active()) return;
    this.pumping = true;
    this.idle = this.run().finally(() => (this.pumping = false));
  }

  private async run(): Promise<void> {
    while (this.items.length > 0 && this.opts.active()) {
      let { item, size } = this.items.shift()!;
      this.queued -= size;
      const merge = this.opts.merge;
      const max = this.opts.maxMerged ?? 0;
      while (merge && this.items.length > 0 && size + this.items[0]!.size <= max) {
        const joined = merge(item, this.items[0]!.item);
        if (joined === null) break;
        const next = this.items.shift()!;
        this.queued -= next.size;
        item = joined;
        size += next.size;
      }
      this.opts.onTaken?.();
      await this.opts.handle(item);
    }
  }
}
