/**
 * Turn batching for consumers whose client library hands over one delivery at a time (amqplib,
 * @platformatic/kafka): every delivery of one socket read arrives in the same turn of the event
 * loop, so {@link TurnCollector} gathers them and gives the whole turn to the consumer at once,
 * in a microtask; the consumer cuts it into batches its own way and queues them on a
 * {@link BatchPump}, which hands them to the handler one at a time, in order.
 *
 * Broker-neutral: no client imports. Single-threaded (one consumer's event loop); nothing here
 * throws on its own.
 */

/** Gathers the items pushed during one event-loop turn and hands them over together. */
export class TurnCollector<T> {
  private arrived: T[] = [];
  private scheduled = false;

  /** @param onTurn gets every item pushed since the last call, in push order (never an empty list). */
  constructor(private readonly onTurn: (items: T[]) => void) {}

  /** Adds one item; the first push of a turn schedules {@link onTurn} for the end of it. */
  push(item: T): void {
    this.arrived.push(item);
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(this.flush);
  }

  private readonly flush = (): void => {
    this.scheduled = false;
    const items = this.arrived;
    this.arrived = [];
    if (items.length > 0) this.onTurn(items);
  };
}

/** What a {@link BatchPump} needs from its consumer. */
export interface BatchPumpOptions<T> {
  /** Whether batches may be handled now (false while paused or closing); checked before each one. */
  active(): boolean;
  /** Handles one batch; the next one starts after it settles. Must not reject (report and recover inside). */
  handle(item: T): Promise<void>;
  /** Called after a batch left the queue (the queued message count went down), e.g. to resume fetching. */
  onTaken?(): void;
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
      const { item, size } = this.items.shift()!;
      this.queued -= size;
      this.opts.onTaken?.();
      await this.opts.handle(item);
    }
  }
}
