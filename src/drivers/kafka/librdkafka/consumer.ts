/**
 * librdkafka consumer behind {@link DriverConsumer}: a loop of `consume(max.poll.records)` calls
 * (returning as soon as at least one message is ready), each result split into batches per
 * partition in offset order and handed to the handler one after the other.
 *
 * librdkafka never commits on its own here (`enable.auto.commit` false); mqload commits the
 * offsets it processed:
 * - `auto`: every `auto.commit.interval.ms` (default 5000, as in Kafka), asynchronously, and on close;
 * - `after-process`: after each batch's handler resolved (asynchronous commit, at-least-once);
 * - `before-process`: before the handler runs (synchronous commit, at-most-once).
 * Partitions being revoked get their processed offsets committed first (synchronously). `close({
 * commit: false })` simulates a crash: the loop stops where it is, nothing more is committed.
 * Pausing pauses every assigned partition in librdkafka and keeps polling (so the member stays in
 * its group); messages that were already on their way are held until `resume`.
 */
import { BrokerUnreachableError } from '../../../errors.js';
import type { ConsumerOptions, DriverConsumer, ReceivedBatch, ReceivedMessage } from '../../types.js';
import type { RdConsumer, RdError, RdMessage, RdTopicPartition } from './binding.js';

const ERR_ASSIGN_PARTITIONS = -175;
const ERR_REVOKE_PARTITIONS = -174;
/** How long one `consume` call waits for a first message, ms (also bounds how long `close` waits for the loop). */
const CONSUME_TIMEOUT_MS = 200;
/**
 * One `consume` call fetches up to this many times `max.poll.records` (each call is a round trip
 * through libuv's thread pool); the result is handed over in batches of `max.poll.records`.
 */
const FETCH_CHUNKS = 4;
/** How long a synchronous commit is retried while the coordinator is unavailable, ms. */
const COMMIT_RETRY_MS = 10_000;

export interface RdkafkaConsumerSettings {
  maxPollRecords: number;
  autoCommitIntervalMs: number;
}

/** Converts the binding's header list (single-key objects) to mqload's record. */
function headerRecord(headers: RdMessage['headers']): Record<string, Buffer | undefined> {
  const out: Record<string, Buffer | undefined> = {};
  if (!headers) return out;
  for (const h of headers) {
    for (const name in h) {
      const v = h[name]!;
      out[name] ??= Buffer.isBuffer(v) ? v : Buffer.from(v);
    }
  }
  return out;
}

export class RdkafkaConsumer implements DriverConsumer {
  private running = false;
  private crashed = false;
  private paused = false;
  private loop: Promise<void> | null = null;
  /** Owned partitions. */
  private readonly assigned = new Set<number>();
  /** Per partition: the next offset to commit (last processed + 1), and what was committed last. */
  private readonly processed = new Map<number, number>();
  private readonly committed = new Map<number, number>();
  private lastAutoCommit = Date.now();
  /** Messages fetched while pausing, delivered after `resume`. */
  private held: RdMessage[] = [];
  private joined!: () => void;
  private readonly joinedOnce: Promise<void>;
  private loopError: ((err: unknown) => void) | null = null;

  private readonly consumer: RdConsumer;
  /** The `consume` call in progress, if any (a crash waits only for it, not for the handler). */
  private consuming: Promise<unknown> | null = null;

  /** `create` builds the binding's consumer with the rebalance callback it is given. */
  constructor(
    create: (rebalance: (err: RdError | undefined, assignment: RdTopicPartition[]) => void) => RdConsumer,
    private readonly opts: ConsumerOptions,
    private readonly settings: RdkafkaConsumerSettings,
    private readonly brokers: string[],
  ) {
    this.joinedOnce = new Promise((resolve) => (this.joined = resolve));
    this.consumer = create(this.onRebalance);
  }

  /** The rebalance callback given to librdkafka in the consumer's configuration. */
  readonly onRebalance = (err: RdError | undefined, assignment: RdTopicPartition[]): void => {
    const c = this.consumer;
    const cooperative = c.rebalanceProtocol() === 'COOPERATIVE';
    try {
      if (err?.code === ERR_ASSIGN_PARTITIONS) {
        if (cooperative) c.incrementalAssign(assignment);
        else c.assign(assignment);
        if (!cooperative) this.assigned.clear();
        for (const tp of assignment) this.assigned.add(tp.partition);
        if (this.paused && assignment.length > 0) c.pause(assignment);
        this.opts.onAssignment?.([...this.assigned].sort((a, b) => a - b));
        this.joined();
      } else if (err?.code === ERR_REVOKE_PARTITIONS) {
        const revoked = assignment.map((tp) => tp.partition);
        if (!this.crashed) void this.commitSync(revoked, true);
        for (const p of revoked) {
          this.assigned.delete(p);
          this.processed.delete(p);
          this.committed.delete(p);
        }
        this.held = this.held.filter((m) => this.assigned.has(m.partition));
        if (cooperative) c.incrementalUnassign(assignment);
        else c.unassign();
        if (this.running) this.opts.onAssignment?.([...this.assigned].sort((a, b) => a - b));
      }
    } catch {
      // assign/unassign throw once the consumer is disconnecting; the group forgets it anyway.
    }
  };

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => this.consumer.connect({}, (err) => (err ? reject(new BrokerUnreachableError(this.brokers, `librdkafka consumer: ${err.message}`)) : resolve())));
    this.consumer.setDefaultConsumeTimeout(CONSUME_TIMEOUT_MS);
    this.consumer.setDefaultIsTimeoutOnlyForFirstMessage(true);
    this.consumer.subscribe([this.opts.topic]);
    this.running = true;
    let joined = false;
    const failed = new Promise<never>((_, reject) => (this.loopError = reject));
    this.loop = this.run().catch((err: unknown) => {
      // Before joining, the failure is start()'s; after, a handler's error is a bug: let it surface.
      if (!joined) this.loopError?.(err);
      else queueMicrotask(() => {
        throw err;
      });
    });
    await Promise.race([this.joinedOnce, failed]);
    joined = true;
  }

  private consumeOnce(): Promise<RdMessage[]> {
    const call = new Promise<RdMessage[]>((resolve, reject) =>
      this.consumer.consume(this.settings.maxPollRecords * FETCH_CHUNKS, (err, messages) => (err ? reject(new Error(err.message)) : resolve(messages ?? []))),
    );
    this.consuming = call.catch(() => undefined);
    return call;
  }

  private async run(): Promise<void> {
    while (this.running) {
      let messages: RdMessage[];
      try {
        messages = await this.consumeOnce();
      } catch {
        // Transient (broker down, coordinator moving): librdkafka reconnects by itself; poll again shortly.
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      if (!this.running) return;
      if (this.paused) {
        this.held.push(...messages);
        continue;
      }
      const ready = this.held.length > 0 ? [...this.held.splice(0), ...messages] : messages;
      for (const batch of this.byPartition(ready)) {
        if (!this.running || !this.assigned.has(batch.partition)) continue;
        const next = Number(batch.messages[batch.messages.length - 1]!.offset) + 1;
        if (this.opts.commit === 'before-process') {
          this.processed.set(batch.partition, next);
          // At most once: processed only once committed (or given up on, after COMMIT_RETRY_MS).
          await this.commitSync([batch.partition]);
          if (!this.running || !this.assigned.has(batch.partition)) continue;
        }
        await this.opts.onBatch(batch);
        if (!this.running || this.crashed || !this.assigned.has(batch.partition)) return;
        this.processed.set(batch.partition, next);
        if (this.opts.commit === 'after-process') this.commitAsync([batch.partition]);
      }
      if (this.opts.commit === 'auto' && Date.now() - this.lastAutoCommit >= this.settings.autoCommitIntervalMs) {
        this.lastAutoCommit = Date.now();
        this.commitAsync([...this.assigned]);
      }
    }
  }

  /** Splits one consume result into per-partition batches of at most `max.poll.records`, each in offset order. */
  private byPartition(messages: RdMessage[]): ReceivedBatch[] {
    const open = new Map<number, ReceivedBatch>();
    const batches: ReceivedBatch[] = [];
    for (const m of messages) {
      let b = open.get(m.partition);
      if (!b || b.messages.length >= this.settings.maxPollRecords) {
        b = { topic: this.opts.topic, partition: m.partition, messages: [] };
        open.set(m.partition, b);
        batches.push(b);
      }
      const received: ReceivedMessage = {
        partition: m.partition,
        offset: String(m.offset),
        redelivered: false,
        key: m.key == null ? null : Buffer.isBuffer(m.key) ? m.key : Buffer.from(m.key),
        size: m.value ? m.value.length : 0,
        headers: headerRecord(m.headers),
      };
      b.messages.push(received);
    }
    return batches;
  }

  /** The processed offsets of `partitions` that moved since their last commit. */
  private uncommitted(partitions: number[]): RdTopicPartition[] {
    const offsets: RdTopicPartition[] = [];
    for (const p of partitions) {
      const next = this.processed.get(p);
      if (next !== undefined && this.committed.get(p) !== next) offsets.push({ topic: this.opts.topic, partition: p, offset: next });
    }
    return offsets;
  }

  private markCommitted(offsets: RdTopicPartition[]): void {
    for (const o of offsets) this.committed.set(o.partition, o.offset!);
  }

  /** Asynchronous commit (auto, after-process): a failure leaves the offsets for the next commit. */
  private commitAsync(partitions: number[]): void {
    const offsets = this.uncommitted(partitions);
    if (offsets.length === 0) return;
    try {
      this.consumer.commit(offsets);
      this.markCommitted(offsets);
    } catch {
      // not committed: the next commit carries these offsets
    }
  }

  /**
   * Synchronous commit, retried while the group coordinator is moving or loading (after a broker
   * restart) for up to {@link COMMIT_RETRY_MS}; `once` (inside a rebalance callback) tries once.
   * Returns whether the offsets are committed.
   */
  private async commitSync(partitions: number[], once = false): Promise<boolean> {
    const offsets = this.uncommitted(partitions);
    if (offsets.length === 0) return true;
    const deadline = Date.now() + (once ? 0 : COMMIT_RETRY_MS);
    for (;;) {
      try {
        this.consumer.commitSync(offsets);
        this.markCommitted(offsets);
        return true;
      } catch (err) {
        if (this.crashed || Date.now() >= deadline || (err as RdError).isRetriable === false) return false;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  pause(): void {
    this.paused = true;
    const owned = this.ownedPartitions();
    if (owned.length > 0) this.consumer.pause(owned);
  }

  resume(): void {
    this.paused = false;
    const owned = this.ownedPartitions();
    if (owned.length > 0) this.consumer.resume(owned);
  }

  private ownedPartitions(): RdTopicPartition[] {
    return [...this.assigned].map((partition) => ({ topic: this.opts.topic, partition }));
  }

  async close(opts: { commit?: boolean } = {}): Promise<void> {
    if (opts.commit === false) this.crashed = true;
    const wasRunning = this.running;
    this.running = false;
    // A crash abandons the batch in hand; a graceful close lets its handler finish first.
    await (this.crashed ? this.consuming : this.loop);
    if (wasRunning && !this.crashed) {
      // A commit refused while leaving loses nothing: the next owner re-reads from the last commit.
      await this.commitSync([...this.assigned]);
    }
    if (this.consumer.isConnected()) await new Promise<void>((resolve) => this.consumer.disconnect(() => resolve()));
  }
}
