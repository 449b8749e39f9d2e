/**
 * @platformatic/kafka consumer behind {@link DriverConsumer}. The library delivers one message at
 * a time from a stream; every message of one fetch response arrives in the same turn of the event
 * loop, so they are cut into batches at the end of that turn (`TurnCollector`, turn-collector.ts):
 * one batch per run of one partition, at most `max.poll.records` messages. Batches are handed to
 * the handler one at a time, in order (`BatchPump`).
 * The library's own autocommit (which commits what was fetched, not what was processed) is off;
 * the three commit modes are done here:
 * - `auto`: offsets of handled batches are committed every `auto.commit.interval.ms` and on close;
 * - `after-process`: a batch's offsets are committed after the handler resolved (at-least-once);
 * - `before-process`: before the handler runs (at-most-once).
 * `close({ commit: false })` simulates a crash: nothing more is committed, queued batches are dropped.
 * Fetching stops (the stream is paused) while the queue holds more than a few batches, and on `pause()`.
 */
import { Consumer, type Message, type MessagesStream } from '@platformatic/kafka';
import type { ClientEvent, ConsumerOptions, DriverConsumer, ReceivedBatch, ReceivedMessage } from '../../types.js';
import { describeError } from '../../../errors.js';
import { BatchPump } from '../../batch-pump.js';
import { TurnCollector } from '../../turn-collector.js';
import { Latin1Intern } from '../../latin1-intern.js';
import type { BaseClientOptions, ConsumerTuning } from './config.js';

type LibMessage = Message<Buffer, Buffer, string, Buffer>;
type LibStream = MessagesStream<Buffer, Buffer, string, Buffer>;

/** A batch for the handler and the offset to commit once it is done. */
interface QueuedBatch {
  batch: ReceivedBatch;
  next: bigint;
}

/** Header names, decoded once per name (the library calls this for every header of every message). */
const headerNames = new Latin1Intern();
const headerKeyAsString = (b?: Buffer): string => (b ? headerNames.get(b) : '');

export class PlatformaticConsumer implements DriverConsumer {
  /** The library consumer (for instrumentation). */
  readonly consumer: Consumer<Buffer, Buffer, string, Buffer>;
  private stream: LibStream | null = null;
  /** Messages delivered in the current turn, cut into batches at its end. */
  private readonly turn = new TurnCollector<LibMessage>((all) => this.cut(all));
  private readonly queue = new BatchPump<QueuedBatch>({
    active: () => !this.userPaused && !this.closing,
    handle: (item) => this.handle(item),
    onTaken: () => this.updateFlow(),
  });
  private readonly highWater: number;
  private userPaused = false;
  private closing = false;
  private crashed = false;
  /** Partitions this member owns; messages of others (fetched before a rebalance) are dropped. */
  private assigned = new Set<number>();
  /**
   * Per partition, the offset after the last message queued. After a join the library fetches a
   * kept partition again from its committed offset (where it has one): what it delivers below
   * this offset is already queued or handled and is dropped.
   */
  private readonly nextOffset = new Map<number, bigint>();
  /** `auto`: next offset to commit per partition, of batches handled since the last commit. */
  private readonly handled = new Map<number, bigint>();
  private autoTimer: NodeJS.Timeout | null = null;
  private restartTimer: NodeJS.Timeout | null = null;

  constructor(
    base: BaseClientOptions,
    private readonly opts: ConsumerOptions,
    private readonly tuning: ConsumerTuning,
    private readonly emit: (event: ClientEvent) => void,
  ) {
    this.highWater = Math.max(4 * tuning.maxPollRecords, 2000);
    this.consumer = new Consumer({
      ...base,
      groupId: opts.groupId,
      autocommit: false,
      sessionTimeout: tuning.sessionTimeout,
      heartbeatInterval: tuning.heartbeatInterval,
      rebalanceTimeout: tuning.rebalanceTimeout,
      minBytes: tuning.minBytes,
      maxBytes: tuning.maxBytes,
      maxWaitTime: tuning.maxWaitTime,
      maxBytesPerPartition: tuning.maxBytesPerPartition,
      isolationLevel: tuning.isolationLevel,
      deserializers: { headerKey: headerKeyAsString },
    });
    this.consumer.on('consumer:group:join', (payload) => {
      const mine = payload.assignments?.find((a) => a.topic === opts.topic)?.partitions ?? [];
      this.reassign(mine);
      opts.onAssignment?.([...mine]);
    });
    // The library emits client errors on the consumer; without a listener they would end the process.
    this.consumer.on('error', (err: unknown) => this.emit({ type: 'retry', reason: `consumer error: ${detail(err)}` }));
  }

  /**
   * A new assignment: batches of partitions this member lost are dropped (their new owner starts
   * from the committed offset); those of kept partitions stay queued.
   */
  private reassign(partitions: number[]): void {
    this.assigned = new Set(partitions);
    for (const p of [...this.nextOffset.keys()]) if (!this.assigned.has(p)) this.nextOffset.delete(p);
    this.queue.retain((q) => this.assigned.has(q.batch.partition));
    this.updateFlow();
  }

  /** Joins the group (the library joins before it returns the stream) and starts fetching. */
  async start(): Promise<void> {
    await this.openStream();
    if (this.opts.commit === 'auto') {
      this.autoTimer = setInterval(() => void this.commitHandled(), this.tuning.autoCommitIntervalMs);
      this.autoTimer.unref();
    }
  }

  private async openStream(): Promise<void> {
    const t = this.tuning;
    const stream = await this.consumer.consume({
      topics: [this.opts.topic],
      mode: 'committed',
      fallbackMode: 'earliest',
      autocommit: false,
      minBytes: t.minBytes,
      maxBytes: t.maxBytes,
      maxWaitTime: t.maxWaitTime,
      maxBytesPerPartition: t.maxBytesPerPartition,
      isolationLevel: t.isolationLevel,
    });
    if (this.closing) {
      await stream.close();
      return;
    }
    this.stream = stream;
    stream.on('data', this.onMessage);
    stream.on('error', (err: unknown) => {
      if (this.closing) return;
      this.emit({ type: 'retry', reason: `fetch stream failed, reopening: ${detail(err)}` });
      this.stream = null;
      this.reopen(1);
    });
    this.updateFlow();
  }

  /** Opens a new stream after a failed one (the broker restarting, say), backing off up to 5 s, until closed. */
  private reopen(attempt: number): void {
    this.restartTimer = setTimeout(
      () => {
        this.restartTimer = null;
        if (this.closing) return;
        this.openStream().catch((err: unknown) => {
          this.emit({ type: 'retry', reason: `reopening the fetch stream failed: ${detail(err)}` });
          if (!this.closing) this.reopen(attempt + 1);
        });
      },
      Math.min(5000, 500 * attempt),
    );
  }

  private readonly onMessage = (m: LibMessage): void => this.turn.push(m);

  /** Cuts the messages of one turn into per-partition batches of at most `max.poll.records`. */
  private cut(all: LibMessage[]): void {
    if (this.closing) return;
    const max = this.tuning.maxPollRecords;
    const topic = this.opts.topic;
    let current: ReceivedMessage[] | null = null;
    let partition = -1;
    let last = 0n;
    const close = () => {
      if (current && current.length > 0) this.queue.push({ batch: { topic, partition, messages: current }, next: last + 1n }, current.length);
      current = null;
    };
    let expected: bigint | undefined;
    for (const m of all) {
      if (m.partition !== partition) {
        close();
        if (partition >= 0 && last >= 0n) this.nextOffset.set(partition, last + 1n);
        partition = m.partition;
        expected = this.nextOffset.get(partition);
        last = -1n;
      }
      if (!this.assigned.has(partition) || (expected !== undefined && m.offset < expected)) continue;
      if (current !== null && (current as ReceivedMessage[]).length >= max) close();
      const value = m.value;
      const received: ReceivedMessage = {
        partition: m.partition,
        offset: m.offset.toString(),
        redelivered: false,
        key: m.key ?? null,
        size: value ? value.length : 0,
        headers: headerRecord(m.headers),
      };
      (current ??= []).push(received);
      last = m.offset;
    }
    close();
    if (partition >= 0 && last >= 0n) this.nextOffset.set(partition, last + 1n);
    this.updateFlow();
    this.queue.kick();
  }

  /** Fetch only while someone wants messages and the queue has room. */
  private updateFlow(): void {
    const stream = this.stream;
    if (!stream) return;
    const flowing = !this.userPaused && !this.closing && this.queue.queued < this.highWater;
    if (flowing && stream.isPaused()) stream.resume();
    else if (!flowing && !stream.isPaused()) stream.pause();
  }

  /** Hands one batch to the handler, committing before or after it as the commit mode says. */
  private async handle(item: QueuedBatch): Promise<void> {
    const { partition } = item.batch;
    if (this.opts.commit === 'before-process') await this.commit([{ partition, next: item.next }]);
    try {
      await this.opts.onBatch(item.batch);
    } catch (err) {
      // Handled as kafkajs does: the batch stays uncommitted and comes again.
      this.emit({ type: 'retry', reason: `batch handler failed: ${detail(err)}` });
      if (!this.closing) this.queue.unshift(item, item.batch.messages.length);
      await new Promise((r) => setTimeout(r, 1000));
      return;
    }
    // A close during the handler may have cut the batch short: do not mark it done.
    if (this.closing) return;
    if (this.opts.commit === 'after-process') await this.commit([{ partition, next: item.next }]);
    else if (this.opts.commit === 'auto') this.handled.set(partition, item.next);
  }

  /** Commits `next` offsets; a failure (e.g. a rebalance in progress) leaves them for redelivery. */
  private async commit(offsets: Array<{ partition: number; next: bigint }>): Promise<void> {
    if (this.crashed || offsets.length === 0) return;
    const topic = this.opts.topic;
    try {
      await this.consumer.commit({ offsets: offsets.map((o) => ({ topic, partition: o.partition, offset: o.next, leaderEpoch: -1 })) });
    } catch (err) {
      this.emit({ type: 'retry', reason: `offset commit failed: ${detail(err)}` });
    }
  }

  private async commitHandled(): Promise<void> {
    if (this.handled.size === 0) return;
    const offsets = [...this.handled].map(([partition, next]) => ({ partition, next }));
    this.handled.clear();
    await this.commit(offsets);
  }

  pause(): void {
    this.userPaused = true;
    this.updateFlow();
  }

  resume(): void {
    this.userPaused = false;
    this.updateFlow();
    this.queue.kick();
  }

  async close(opts: { commit?: boolean } = {}): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (opts.commit === false) this.crashed = true;
    if (this.autoTimer) clearInterval(this.autoTimer);
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.queue.clear();
    await this.queue.idle;
    if (!this.crashed && this.opts.commit === 'auto') await this.commitHandled();
    const stream = this.stream;
    this.stream = null;
    if (stream) {
      stream.off('data', this.onMessage);
      await stream.close().catch((err: unknown) => this.emit({ type: 'retry', reason: `closing fetch stream: ${detail(err)}` }));
    }
    // Leaving the group needs the broker; a crash on a dead broker must still end here.
    await new Promise<void>((resolve) =>
      this.consumer.close(true, (err) => {
        if (err) this.emit({ type: 'retry', reason: `closing the consumer: ${detail(err)}` });
        resolve();
      }),
    );
  }
}

/** The library's header Map as mqload's record (of a repeated name, the library keeps the last). */
function headerRecord(headers: Map<string, Buffer>): Record<string, Buffer | undefined> {
  const out: Record<string, Buffer | undefined> = {};
  for (const [k, v] of headers) out[k] = v;
  return out;
}

/** An error's text with the library's nested causes ("fetch failed 6 times." says little by itself). */
export function detail(err: unknown): string {
  const nested = (err as { errors?: unknown[] } | null)?.errors;
  const text = describeError(err);
  if (!Array.isArray(nested) || nested.length === 0) return text;
  const causes = [...new Set(nested.map((e) => detail(e)))];
  return `${text} (${causes.slice(0, 3).join('; ')})`;
}
