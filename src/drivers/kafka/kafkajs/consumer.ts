/**
 * kafkajs consumer behind {@link DriverConsumer}: one kafkajs consumer per mqload consumer, batch
 * delivery, and the three commit modes:
 * - `auto`: the client commits periodically (`auto.commit.interval.ms`, default 5000 as in Kafka);
 * - `after-process`: commit a batch's offsets after the handler resolved (at-least-once);
 * - `before-process`: commit a batch's offsets before the handler runs (at-most-once).
 * `close({ commit: false })` simulates a crash: nothing more is committed, the in-flight batch is abandoned.
 */
import type { Consumer, EachBatchPayload, IHeaders } from 'kafkajs';
import type { ConsumerOptions, DriverConsumer, ReceivedMessage } from '../../types.js';

/** Normalises kafkajs header values (Buffer | string | array) to one Buffer. */
function headerBuffers(headers: IHeaders | undefined): Record<string, Buffer | undefined> {
  const out: Record<string, Buffer | undefined> = {};
  if (!headers) return out;
  for (const [k, v] of Object.entries(headers)) {
    const first = Array.isArray(v) ? v[0] : v;
    out[k] = first === undefined ? undefined : Buffer.isBuffer(first) ? first : Buffer.from(first);
  }
  return out;
}

export class KafkajsConsumer implements DriverConsumer {
  private crashed = false;
  private joined: Promise<void>;
  private resolveJoined!: () => void;

  constructor(
    private readonly consumer: Consumer,
    private readonly opts: ConsumerOptions,
    private readonly autoCommitIntervalMs: number,
    private readonly partitionsConsumedConcurrently: number,
    /** Most messages handed to the handler at once (Kafka's `max.poll.records`). */
    private readonly maxPollRecords: number,
  ) {
    this.joined = new Promise((resolve) => (this.resolveJoined = resolve));
    consumer.on(consumer.events.GROUP_JOIN, (e) => {
      const assignment = e.payload.memberAssignment[opts.topic] ?? [];
      opts.onAssignment?.(assignment);
      this.resolveJoined();
    });
  }

  async start(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.opts.topic, fromBeginning: true });
    const auto = this.opts.commit === 'auto';
    await this.consumer.run({
      autoCommit: auto,
      autoCommitInterval: auto ? this.autoCommitIntervalMs : null,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.handleBatch(payload),
    });
    await this.joined;
  }

  /**
   * Hands a fetched batch to the handler in chunks of at most `max.poll.records` messages (500,
   * as in the Java client), committing (or resolving, for `auto`) and heartbeating between
   * chunks: kafkajs can fetch thousands of messages per partition, and with slow processing a
   * whole batch would hold offsets still for minutes. A crashed or stale member stops at the
   * next chunk without resolving the rest, so nothing it did not process is marked consumed.
   */
  private async handleBatch({ batch, resolveOffset, heartbeat, isRunning, isStale, commitOffsetsIfNecessary }: EachBatchPayload): Promise<void> {
    const all = batch.messages;
    for (let start = 0; start < all.length; start += this.maxPollRecords) {
      if (this.crashed || !isRunning() || isStale()) return;
      const chunk = all.slice(start, start + this.maxPollRecords);
      const last = chunk[chunk.length - 1]!.offset;
      const next = (BigInt(last) + 1n).toString();
      // Manual modes resolve as well as commit: kafkajs fetches from the last resolved offset, so
      // an unresolved batch would be fetched again whatever was committed.
      const commit = () => {
        resolveOffset(last);
        return this.consumer.commitOffsets([{ topic: batch.topic, partition: batch.partition, offset: next }]);
      };
      if (this.opts.commit === 'before-process') await commit();
      const messages: ReceivedMessage[] = chunk.map((m) => ({
        partition: batch.partition,
        offset: m.offset,
        redelivered: false,
        key: m.key,
        size: m.value ? m.value.length : 0,
        headers: headerBuffers(m.headers),
      }));
      await this.opts.onBatch({ topic: batch.topic, partition: batch.partition, messages });
      if (this.crashed || !isRunning() || isStale()) return;
      if (this.opts.commit === 'after-process') await commit();
      else if (this.opts.commit === 'auto') {
        resolveOffset(last);
        await commitOffsetsIfNecessary();
      }
      await heartbeat();
    }
  }

  pause(): void {
    this.consumer.pause([{ topic: this.opts.topic }]);
  }

  resume(): void {
    this.consumer.resume([{ topic: this.opts.topic }]);
  }

  async close(opts: { commit?: boolean } = {}): Promise<void> {
    if (opts.commit === false) this.crashed = true;
    await this.consumer.disconnect();
  }
}
