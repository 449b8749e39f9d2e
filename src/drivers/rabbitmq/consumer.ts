/**
 * RabbitMQ consumer behind {@link DriverConsumer}: one connection and channel per consumer,
 * consuming its group's queue `<exchange>.<groupId>` (declared by `prepareGroups`). Competing
 * consumers of one group share that queue; the broker spreads deliveries among them.
 *
 * Its parts: the subscription and where a stream attaches (subscription.ts, stream-offset.ts),
 * the ack policy of each commit mode (ack-policy.ts), deliveries as received messages
 * (deliveries.ts), and the turn batching shared with other drivers (../turn-collector.ts, ../batch-pump.ts):
 * deliveries that arrive in one turn of the event loop (one socket read) are cut into batches of
 * at most `consumerBatch` and handed to the handler one at a time, in order. `basic.qos`
 * prefetch bounds unacked deliveries per consumer.
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
import { BatchPump } from '../batch-pump.js';
import { TurnCollector } from '../turn-collector.js';
import { ackPolicyOf, ackUpTo, requeueUpTo, type AckPolicy } from './ack-policy.js';
import { tuningOf, type RabbitTuning } from './config.js';
import { closeQuietly, describeAmqpError, openConnection, type AmqpChannel, type AmqpConnection, type AmqpMessage } from './connection.js';
import { decodeDelivery, type DeliveryShape } from './deliveries.js';
import { reconnect } from './reconnect.js';
import { Subscription } from './subscription.js';
import { groupQueueName, routesByKey, topicSettingsOf } from './topology.js';

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
  private readonly tuning: RabbitTuning;
  private readonly queueName: string;
  private readonly acks: AckPolicy;
  private readonly shape: DeliveryShape;
  private readonly subscription: Subscription;
  private readonly turn = new TurnCollector<AmqpMessage>((all) => this.cut(all));
  private readonly queue: BatchPump<QueuedBatch>;
  private readonly highWater: number;
  private userPaused = false;
  private flowPaused = false;
  private closing = false;
  private crashed = false;
  private reconnecting = false;
  /** Connections replaced after a loss (instrumentation, tests). */
  reconnects = 0;

  constructor(
    private readonly config: DriverConfig,
    private readonly opts: ConsumerOptions,
    private readonly name: string,
    private readonly onProblem: (reason: string) => void,
  ) {
    this.tuning = tuningOf(config);
    this.queue = new BatchPump<QueuedBatch>({
      active: () => !this.userPaused && !this.closing,
      handle: (item) => this.handle(item),
      onTaken: () => this.updateFlow(),
      // Deliveries that piled up while the handler was busy go over together, up to consumerBatch.
      merge: (a, b) => (a.ch === b.ch ? { ch: a.ch, batch: { ...a.batch, messages: [...a.batch.messages, ...b.batch.messages] }, last: b.last } : null),
      maxMerged: this.tuning.consumerBatch,
    });
    const settings = topicSettingsOf(config, opts.topic);
    const stream = settings.queueType === 'stream';
    this.queueName = groupQueueName(opts.topic, opts.groupId);
    this.acks = ackPolicyOf(opts.commit, settings.queueType);
    this.shape = { stream, keyed: routesByKey(settings) };
    this.subscription = new Subscription({ queue: this.queueName, noAck: this.acks.noAck, stream: stream ? settings.streamStart : null, onMessage: this.onMessage });
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
    if (!this.acks.noAck) await ch.prefetch(this.tuning.prefetch);
    await ch.checkQueue(this.queueName);
    if (this.closing) throw new Error('consumer closed');
    this.ch = ch;
    this.subscription.attach(ch);
    if (!this.userPaused) await this.subscription.subscribe();
  }

  /** The broker closed the channel or connection: drop what it held, reconnect (bounded). */
  private lost(reason: string): void {
    if (this.closing || this.reconnecting) return;
    this.reconnecting = true;
    this.problem(`${reason}; reconnecting`);
    const dead = this.ch;
    this.ch = null;
    this.subscription.attach(null);
    this.flowPaused = false;
    if (!this.acks.noAck) this.queue.retain((q) => q.ch !== dead);
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
      this.queue.kick();
    });
  }

  private problem(reason: string): void {
    if (!this.crashed) this.onProblem(`consumer ${this.opts.consumerId}: ${reason}`);
  }

  private resubscribe(): void {
    void this.subscription.subscribe().catch((err: unknown) => this.problem(`resubscribe failed: ${describeAmqpError(err, this.config)}`));
  }

  private readonly onMessage = (m: AmqpMessage | null): void => {
    if (m === null) {
      this.subscription.cancelledByBroker();
      if (!this.closing) this.problem(`subscription to ${this.queueName} cancelled by the broker`);
      return;
    }
    this.turn.push(m);
  };

  /** Cuts one turn's deliveries into batches of at most `consumerBatch`. */
  private cut(all: AmqpMessage[]): void {
    // Deliveries of a channel that died before this turn ended: the broker requeues them (noAck: they are ours).
    if (this.closing || (this.ch === null && !this.acks.noAck)) return;
    const max = this.tuning.consumerBatch;
    const topic = this.opts.topic;
    for (let start = 0; start < all.length; start += max) {
      const end = Math.min(all.length, start + max);
      const messages: ReceivedMessage[] = new Array(end - start);
      for (let i = start; i < end; i++) {
        const received = decodeDelivery(all[i]!, this.shape);
        if (received.offset !== null) this.subscription.seen(Number(received.offset));
        messages[i - start] = received;
      }
      this.queue.push({ ch: this.ch as AmqpChannel, batch: { topic, partition: 0, messages }, last: all[end - 1]! }, end - start);
    }
    this.updateFlow();
    this.queue.kick();
  }

  /** noAck: stop the subscription while the local queue is long. */
  private updateFlow(): void {
    if (!this.acks.noAck || this.userPaused || this.closing) return;
    if (!this.flowPaused && this.queue.queued > this.highWater) {
      this.flowPaused = true;
      void this.subscription.unsubscribe();
    } else if (this.flowPaused && this.queue.queued < this.highWater / 2) {
      this.flowPaused = false;
      this.resubscribe();
    }
  }

  /** Hands one batch to the handler, acking before or after it as the policy says. */
  private async handle(item: QueuedBatch): Promise<void> {
    const { ch, last } = item;
    const ackFailed = (err: unknown) => this.problem(`ack failed: ${describeAmqpError(err, this.config)}`);
    if (this.acks.ackBefore) ackUpTo(ch, last, ackFailed);
    try {
      await this.opts.onBatch(item.batch);
    } catch (err) {
      this.problem(`batch handler failed, requeued: ${describeAmqpError(err, this.config)}`);
      if (this.acks.ackAfter && !this.closing) requeueUpTo(ch, last);
      return;
    }
    // A close during the handler may have cut the batch short: leave it unacked (requeued).
    if (this.closing) return;
    if (this.acks.ackAfter) ackUpTo(ch, last, ackFailed);
  }

  pause(): void {
    if (this.userPaused) return;
    this.userPaused = true;
    void this.subscription.unsubscribe();
  }

  resume(): void {
    if (!this.userPaused) return;
    this.userPaused = false;
    this.flowPaused = false;
    this.resubscribe();
    this.queue.kick();
  }

  async close(opts: { commit?: boolean } = {}): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.queue.clear();
    if (opts.commit === false) {
      // A crash: drop the connection now; the broker requeues everything unacked.
      // The batch being handled is not waited for: nothing of it is acked any more.
      this.crashed = true;
      await closeQuietly(this.conn);
      return;
    }
    await this.queue.idle;
    await this.subscription.close();
    await this.ch?.close().catch(() => undefined);
    await closeQuietly(this.conn);
  }
}
