/**
 * RabbitMQ consumer behind {@link DriverConsumer}: one connection and channel per consumer,
 * consuming its group's queue `<exchange>.<groupId>` (declared by `prepareGroups`). Competing
 * consumers of one group share that queue; the broker spreads deliveries among them.
 *
 * Deliveries that arrive in one turn of the event loop (one socket read) are cut into batches of
 * at most `consumerBatch` and handed to the handler one at a time, in order. Commit modes:
 * - `auto`: `noAck` (at-most-once: what a consumer holds when it dies is lost);
 * - `after-process`: manual ack of the whole batch (`multiple`) once the handler resolved
 *   (at-least-once: a crash requeues the unacked batch, redelivered with `redelivered` set);
 * - `before-process`: the batch is acked, then handled.
 * `basic.qos` prefetch bounds unacked deliveries per consumer. Stream queues need manual acks
 * and a prefetch: `auto` acks on receipt there; the consumer attaches at `x-stream-offset`
 * `next` (startFrom run) or `first` (earliest), and a delivery's offset is its
 * `x-stream-offset` header. Classic and quorum deliveries have partition 0, offset null.
 *
 * `pause()` cancels the subscription (`basic.cancel`) and `resume()` subscribes again (a stream
 * from the offset after the last one seen); with `noAck` the same is done while more than a
 * few prefetches are queued locally, since the broker does not bound a noAck consumer.
 * `close({ commit: false })` is a crash: the connection is closed without acking, so the broker
 * requeues what was unacked.
 *
 * When the broker closes the connection or channel (a `connection-kill`, a broker restart), the
 * consumer reconnects (bounded, see reconnect.ts): a new connection and channel, the queue
 * checked, the subscription renewed (a stream after the last offset seen); nothing declared.
 * Batches of the dead channel not yet handled are dropped (the broker requeues them; with
 * `noAck` they were the consumer's already and are still handled).
 */
import type { ConsumerOptions, DriverConfig, DriverConsumer, ReceivedBatch, ReceivedMessage } from '../types.js';
import { tuningOf, type RabbitTuning } from './config.js';
import { closeQuietly, describeAmqpError, openConnection, type AmqpChannel, type AmqpConnection, type AmqpMessage } from './connection.js';
import { groupQueueName, routesByKey, topicSettingsOf, type RabbitTopicSettings } from './topology.js';
import { reconnect } from './reconnect.js';

interface QueuedBatch {
  /** The channel it came on (acks go there; a replaced channel's batches are acked nowhere). */
  ch: AmqpChannel;
  batch: ReceivedBatch;
  /** The batch's last delivery: acking it with `multiple` acks the whole batch. */
  last: AmqpMessage;
}

export class RabbitConsumer implements DriverConsumer {
  private conn: AmqpConnection | null = null;
  private ch: AmqpChannel | null = null;
  private consumerTag: string | null = null;
  private readonly tuning: RabbitTuning;
  private readonly settings: RabbitTopicSettings;
  private readonly queueName: string;
  /** The broker acks nothing: `noAck` subscription. */
  private readonly noAck: boolean;
  /** Ack on receipt (before-process, or auto on a stream). */
  private readonly ackFirst: boolean;
  /** The exchange routes by key: a delivery's key is its routing key. */
  private readonly keyed: boolean;
  private arrived: AmqpMessage[] = [];
  private cutScheduled = false;
  private readonly queue: QueuedBatch[] = [];
  private queuedMessages = 0;
  private readonly highWater: number;
  private draining = false;
  private userPaused = false;
  private flowPaused = false;
  private closing = false;
  private crashed = false;
  private reconnecting = false;
  /** Connections replaced after a loss (instrumentation, tests). */
  reconnects = 0;
  /** Last stream offset seen (resume continues after it). */
  private lastOffset: number | null = null;
  private subscribing: Promise<void> = Promise.resolve();
  private idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly config: DriverConfig,
    private readonly opts: ConsumerOptions,
    private readonly name: string,
    private readonly onProblem: (reason: string) => void,
  ) {
    this.tuning = tuningOf(config);
    this.settings = topicSettingsOf(config, opts.topic);
    this.queueName = groupQueueName(opts.topic, opts.groupId);
    const stream = this.settings.queueType === 'stream';
    this.noAck = opts.commit === 'auto' && !stream;
    this.ackFirst = opts.commit === 'before-process' || (opts.commit === 'auto' && stream);
    this.keyed = routesByKey(this.settings);
    this.highWater = Math.max(4 * this.tuning.prefetch, 2000);
  }

  async start(): Promise<void> {
    try {
      await this.connect();
      this.opts.onAssignment?.([0]);
    } catch (err) {
      this.closing = true;
      await closeQuietly(this.conn);
      throw err;
    }
  }

  /** Opens a connection and channel, checks the queue and subscribes (unless paused). */
  private async connect(): Promise<void> {
    const conn = await openConnection(this.config, this.name);
    this.conn = conn;
    const ch = await conn.createChannel();
    ch.on('error', (err: unknown) => this.ch === ch && this.problem(`channel error: ${describeAmqpError(err, this.config)}`));
    ch.on('close', () => this.ch === ch && this.lost('channel closed by the broker'));
    conn.on('close', () => this.ch === ch && this.lost('connection closed by the broker'));
    if (!this.noAck) await ch.prefetch(this.tuning.prefetch);
    await ch.checkQueue(this.queueName);
    if (this.closing) throw new Error('consumer closed');
    this.ch = ch;
    this.consumerTag = null;
    // A subscription chain broken by the dead channel starts over on the new one.
    this.subscribing = Promise.resolve();
    if (!this.userPaused) await this.subscribe();
  }

  /** The broker closed the channel or connection: drop what it held, reconnect (bounded). */
  private lost(reason: string): void {
    if (this.closing || this.reconnecting) return;
    this.reconnecting = true;
    this.problem(`${reason}; reconnecting`);
    const dead = this.ch;
    this.ch = null;
    this.consumerTag = null;
    this.flowPaused = false;
    if (!this.noAck) {
      for (let i = this.queue.length - 1; i >= 0; i--) {
        if (this.queue[i]!.ch !== dead) continue;
        this.queuedMessages -= this.queue[i]!.batch.messages.length;
        this.queue.splice(i, 1);
      }
    }
    void closeQuietly(this.conn);
    void reconnect(
      () => this.connect().catch(async (err: unknown) => {
        await closeQuietly(this.conn);
        throw err;
      }),
      () => this.closing,
      (n, why) => this.problem(`reconnect attempt ${n} failed: ${describeAmqpError(why, this.config)}`),
    ).then((ok) => {
      this.reconnecting = false;
      if (ok === null) {
        if (!this.closing) this.problem(`gave up reconnecting to ${this.queueName}`);
        return;
      }
      this.reconnects++;
      this.kick();
    });
  }

  private problem(reason: string): void {
    if (!this.crashed) this.onProblem(`consumer ${this.opts.consumerId}: ${reason}`);
  }

  private subscribe(): Promise<void> {
    this.subscribing = this.subscribing.then(async () => {
      const ch = this.ch;
      if (!ch || this.consumerTag !== null || this.closing) return;
      const args: Record<string, unknown> = {};
      if (this.settings.queueType === 'stream') {
        args['x-stream-offset'] = this.lastOffset !== null ? this.lastOffset + 1 : this.settings.startFrom === 'earliest' ? 'first' : 'next';
      }
      const ok = await ch.consume(this.queueName, this.onMessage, { noAck: this.noAck, arguments: args });
      this.consumerTag = ok.consumerTag;
    });
    return this.subscribing;
  }

  private unsubscribe(): void {
    this.subscribing = this.subscribing.then(async () => {
      const tag = this.consumerTag;
      if (!tag || !this.ch) return;
      this.consumerTag = null;
      await this.ch.cancel(tag).catch(() => undefined);
    });
  }

  private readonly onMessage = (m: AmqpMessage | null): void => {
    if (m === null) {
      // The broker cancelled the subscription (the queue was deleted).
      this.consumerTag = null;
      if (!this.closing) this.problem(`subscription to ${this.queueName} cancelled by the broker`);
      return;
    }
    this.arrived.push(m);
    if (!this.cutScheduled) {
      this.cutScheduled = true;
      queueMicrotask(this.cut);
    }
  };

  /** Cuts this turn's deliveries into batches of at most `consumerBatch`. */
  private readonly cut = (): void => {
    this.cutScheduled = false;
    const all = this.arrived;
    this.arrived = [];
    // Deliveries of a channel that died before this turn ended: the broker requeues them (noAck: they are ours).
    if (this.closing || (this.ch === null && !this.noAck)) return;
    const max = this.tuning.consumerBatch;
    const topic = this.opts.topic;
    const stream = this.settings.queueType === 'stream';
    for (let start = 0; start < all.length; start += max) {
      const end = Math.min(all.length, start + max);
      const messages: ReceivedMessage[] = new Array(end - start);
      for (let i = start; i < end; i++) {
        const m = all[i]!;
        const headers = (m.properties.headers ?? {}) as Record<string, Buffer | undefined>;
        let offset: string | null = null;
        if (stream) {
          const o = (headers as Record<string, unknown>)['x-stream-offset'];
          if (typeof o === 'number') {
            offset = String(o);
            this.lastOffset = o;
          }
        }
        messages[i - start] = {
          partition: 0,
          offset,
          redelivered: m.fields.redelivered,
          key: this.keyed ? Buffer.from(m.fields.routingKey, 'latin1') : null,
          size: m.content.length,
          headers,
        };
      }
      this.queue.push({ ch: this.ch as AmqpChannel, batch: { topic, partition: 0, messages }, last: all[end - 1]! });
      this.queuedMessages += end - start;
    }
    this.updateFlow();
    this.kick();
  };

  /** noAck: stop the subscription while the local queue is long. */
  private updateFlow(): void {
    if (!this.noAck || this.userPaused || this.closing) return;
    if (!this.flowPaused && this.queuedMessages > this.highWater) {
      this.flowPaused = true;
      this.unsubscribe();
    } else if (this.flowPaused && this.queuedMessages < this.highWater / 2) {
      this.flowPaused = false;
      void this.subscribe().catch((err: unknown) => this.problem(`resubscribe failed: ${describeAmqpError(err, this.config)}`));
    }
  }

  private kick(): void {
    if (this.draining || this.userPaused || this.closing || this.queue.length === 0) return;
    this.draining = true;
    this.idle = this.drain().finally(() => (this.draining = false));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.userPaused && !this.closing) {
      const item = this.queue.shift()!;
      this.queuedMessages -= item.batch.messages.length;
      this.updateFlow();
      const ch = item.ch;
      if (this.ackFirst) this.ack(ch, item.last);
      try {
        await this.opts.onBatch(item.batch);
      } catch (err) {
        this.problem(`batch handler failed, requeued: ${describeAmqpError(err, this.config)}`);
        if (!this.noAck && !this.ackFirst && !this.closing) {
          try {
            ch.nack(item.last, true, true);
          } catch {
            // The channel is gone: the broker requeues the batch anyway.
          }
        }
        continue;
      }
      // A close during the handler may have cut the batch short: leave it unacked (requeued).
      if (this.closing) return;
      if (!this.noAck && !this.ackFirst) this.ack(ch, item.last);
    }
  }

  /** Acks every delivery up to `last`; on a closed channel (the broker or a crash closed it) the broker requeues them instead. */
  private ack(ch: AmqpChannel, last: AmqpMessage): void {
    try {
      ch.ack(last, true);
    } catch (err) {
      this.problem(`ack failed: ${describeAmqpError(err, this.config)}`);
    }
  }

  pause(): void {
    if (this.userPaused) return;
    this.userPaused = true;
    this.unsubscribe();
  }

  resume(): void {
    if (!this.userPaused) return;
    this.userPaused = false;
    this.flowPaused = false;
    void this.subscribe().catch((err: unknown) => this.problem(`resubscribe failed: ${describeAmqpError(err, this.config)}`));
    this.kick();
  }

  async close(opts: { commit?: boolean } = {}): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.queue.length = 0;
    this.queuedMessages = 0;
    if (opts.commit === false) {
      // A crash: drop the connection now; the broker requeues everything unacked.
      // The batch being handled is not waited for: nothing of it is acked any more.
      this.crashed = true;
      await closeQuietly(this.conn);
      return;
    }
    await this.idle;
    await this.subscribing.catch(() => undefined);
    if (this.ch && this.consumerTag) await this.ch.cancel(this.consumerTag).catch(() => undefined);
    await this.ch?.close().catch(() => undefined);
    await closeQuietly(this.conn);
  }
}
